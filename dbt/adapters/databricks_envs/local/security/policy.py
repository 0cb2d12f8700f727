"""Unity Catalog's decision: may this principal do this to that securable?

Rules, as on Unity Catalog:
- a metastore admin may do anything;
- the owner of an object, and the owner of its schema or catalog, may do anything to it;
- anything inside a catalog needs USE CATALOG, anything inside a schema also USE SCHEMA;
- creating a schema needs CREATE SCHEMA on the catalog (even ``IF NOT EXISTS`` on one that
  exists), a table or view CREATE TABLE on the schema; reading needs SELECT, changing rows
  MODIFY; replacing, dropping or altering (its owner, properties, comments) needs ownership;
- privileges granted on a catalog or schema hold on everything inside it, and a grant to a
  group holds for its members.
A statement on something that does not exist is let through, so that it fails with the
engine's "not found" error, as on Databricks.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..api import Principal, WarehouseError
from ..engine.security import Access
from ..engine.storage.mirror import Mirror
from ..engine.storage.model import Owned
from ..engine.storage.names import RelName
from .directory import ACCOUNT_USERS, Directory
from .grants import GrantStore, Securable
from .privileges import (
    CREATE_SCHEMA,
    CREATE_TABLE,
    MODIFY,
    SELECT,
    TITLE,
    USE_CATALOG,
    USE_SCHEMA,
    SecurableType,
    covers,
    parent_names,
)

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


class Policy:
    """Decisions over the engine's catalog (owners) and the grant store (privileges)."""

    def __init__(self, mirror: Mirror, directory: Directory, grants: GrantStore) -> None:
        self.mirror = mirror
        self.directory = directory
        self.grants = grants

    # Facts.

    def find(self, kind: SecurableType, name: str) -> Found | None:
        parts = name.split(".")
        info: Owned | None
        if kind == "catalog":
            state = self.mirror.catalog(name)
            info = state.info if state else None
        elif kind == "schema":
            schema = self.mirror.schema(parts[0], parts[1])
            info = schema.info if schema else None
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
        for parent in parent_names(*securable):
            found = self.find(*parent)
            if found is not None and (
                found.owner == principal.name or found.owner in principal.groups
            ):
                return True
        return False

    def is_admin(self, principal: Principal) -> bool:
        return self.directory.is_admin(principal)

    # Decisions.

    def check(self, principal: Principal, accesses: Sequence[Access]) -> None:
        """Raises INSUFFICIENT_PERMISSIONS for the first access refused."""
        if self.is_admin(principal):
            return
        for access in accesses:
            self._check(principal, access)

    def _check(self, principal: Principal, access: Access) -> None:
        action = access.action
        kind, name = access.securable
        parts = name.split(".")
        catalog = parts[0]
        if kind == "catalog":
            if action == "create":
                raise insufficient(f"User does not have CREATE CATALOG on Metastore '{METASTORE}'.")
            self._catalog(principal, catalog, action)
            return
        if len(parts) > 1 and parts[1] == INFORMATION_SCHEMA:
            # Everybody may read system.information_schema; its rows are filtered instead.
            if catalog != SYSTEM_CATALOG:
                self._catalog(principal, catalog, "use")
            return
        if catalog == SYSTEM_CATALOG:
            # The other system tables (system.query.history) are the metastore admin's alone,
            # as they are by default on Databricks; nobody can be granted them here.
            raise missing(SELECT, "table", name)
        if self.find("catalog", catalog) is None:
            return
        self._use_catalog(principal, catalog)
        schema = f"{catalog}.{parts[1]}"
        if kind == "schema":
            self._schema(principal, schema, action)
            return
        if self.find("schema", schema) is None:
            return
        if not self.owns(principal, ("schema", schema)):
            self._require(principal, USE_SCHEMA, "schema", schema)
        self._relation(principal, name, action)

    def _catalog(self, principal: Principal, catalog: str, action: str) -> None:
        if self.find("catalog", catalog) is None:
            return
        if action in ("drop", "alter", "replace"):
            if not self.owns(principal, ("catalog", catalog)):
                raise not_owner("catalog", catalog)
            return
        self._use_catalog(principal, catalog)

    def _use_catalog(self, principal: Principal, catalog: str) -> None:
        if not self.owns(principal, ("catalog", catalog)):
            self._require(principal, USE_CATALOG, "catalog", catalog)

    def _schema(self, principal: Principal, schema: str, action: str) -> None:
        catalog = schema.split(".")[0]
        if action == "create":
            if not self.owns(principal, ("catalog", catalog)):
                self._require(principal, CREATE_SCHEMA, "catalog", catalog)
            return
        if self.find("schema", schema) is None or self.owns(principal, ("schema", schema)):
            return
        if action in ("drop", "alter", "replace"):
            raise not_owner("schema", schema)
        self._require(principal, USE_SCHEMA, "schema", schema)

    def _relation(self, principal: Principal, name: str, action: str) -> None:
        schema = name.rsplit(".", 1)[0]
        if action == "create":
            if not self.owns(principal, ("schema", schema)):
                self._require(principal, CREATE_TABLE, "schema", schema)
            return
        if self.find("table", name) is None or self.owns(principal, ("table", name)):
            return
        held = self.held(principal, "table", name)
        if action == "read":
            if not covers(held, SELECT):
                raise missing(SELECT, "table", name)
        elif action == "write":
            if not covers(held, MODIFY):
                raise missing(MODIFY, "table", name)
        elif action == "describe":
            if not held:
                raise missing(SELECT, "table", name)
        else:
            raise not_owner("table", name)

    def _require(
        self, principal: Principal, privilege: str, kind: SecurableType, name: str
    ) -> None:
        if not covers(self.held(principal, kind, name), privilege):
            raise missing(privilege, kind, name)
