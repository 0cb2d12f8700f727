"""The facts Unity Catalog decides on: who owns a securable and which privileges a principal
holds on it (granted on it, or on the catalog or schema holding it); and the wording of a
refusal."""

from __future__ import annotations

from dataclasses import dataclass

from ..api import Principal, WarehouseError
from ..engine.storage.mirror import Mirror
from ..engine.storage.model import Owned
from ..engine.storage.names import RelName
from .directory import ACCOUNT_USERS, Directory
from .grants import GrantStore, Securable
from .privileges import TITLE, SecurableType, covers, parent_names

INFORMATION_SCHEMA = "information_schema"
SYSTEM_CATALOG = "system"
# The metastore's name in errors about metastore-level privileges.
METASTORE = "local"


def insufficient(text: str) -> WarehouseError:
    """A refusal, worded as a SQL warehouse words it."""
    return WarehouseError(
        "INSUFFICIENT_PERMISSIONS",
        "42501",
        f"[INSUFFICIENT_PERMISSIONS] Insufficient privileges:\n{text} SQLSTATE: 42501",
    )


def missing(privilege: str, kind: SecurableType, name: str) -> WarehouseError:
    return insufficient(f"User does not have {privilege} on {TITLE[kind]} '{name}'.")


def not_owner(kind: SecurableType, name: str) -> WarehouseError:
    return insufficient(f"User is not an owner of {TITLE[kind]} '{name}'.")


@dataclass(frozen=True)
class Found:
    """A securable that exists: its owner and the key its grants are stored under."""

    owner: str
    object_key: str


class Facts:
    """What the engine's catalog (owners) and the grant store (privileges) say."""

    def __init__(self, mirror: Mirror, directory: Directory, grants: GrantStore) -> None:
        self.mirror = mirror
        self.directory = directory
        self.grants = grants

    def find(self, kind: SecurableType, name: str) -> Found | None:
        parts = name.split(".")
        info: Owned | None
        if kind == "catalog":
            state = self.mirror.catalog(name)
            info = state.info if state else None
        elif kind == "schema":
            schema = self.mirror.schema(parts[0], parts[1])
            info = schema.info if schema else None
        elif kind == "function":
            function = self.mirror.function(RelName(*parts))
            if function is not None:
                return Found(function.owner, function.object_id or function.created.isoformat())
            info = None
        else:
            relation = self.mirror.relation(RelName(*parts))
            if relation is not None:
                return Found(relation.owner, relation.object_id or relation.created.isoformat())
            info = None
        return Found(info.owner, info.created.isoformat()) if info else None

    @staticmethod
    def who(principal: Principal) -> frozenset[str]:
        """The grantees whose grants hold for ``principal``."""
        return principal.groups | {principal.name, ACCOUNT_USERS}

    def held(self, principal: Principal, kind: SecurableType, name: str) -> set[str]:
        """Privileges ``principal`` holds on the securable, granted on it or its parents."""
        who = self.who(principal)
        privileges: set[str] = set()
        for securable in parent_names(kind, name):
            found = self.find(*securable)
            if found is None:
                continue
            for grantee, held in self.grants.on(securable, found.object_key).items():
                if grantee in who:
                    privileges |= held.privileges
        return privileges

    def owns(self, principal: Principal, securable: Securable) -> bool:
        """Owner of the securable or of a parent (the catalog or schema holding it)."""
        return any(self.is_owner(principal, *parent) for parent in parent_names(*securable))

    def is_owner(self, principal: Principal, kind: SecurableType, name: str) -> bool:
        """Owner of the securable itself (directly or through a group)."""
        found = self.find(kind, name)
        return found is not None and (
            found.owner == principal.name or found.owner in principal.groups
        )

    def is_admin(self, principal: Principal) -> bool:
        return self.directory.is_admin(principal)

    def is_view(self, name: str) -> bool:
        relation = self.mirror.relation(RelName(*name.split(".")))
        return relation is not None and relation.is_view

    def require(self, principal: Principal, privilege: str, kind: SecurableType, name: str) -> None:
        if not covers(self.held(principal, kind, name), privilege):
            raise missing(privilege, kind, name)
