"""Unity Catalog security as the engine's access control: authorization of every statement,
GRANT / REVOKE / SHOW GRANTS, the privilege tables of information_schema, and what each
principal may see.

Cheap on the hot path: a metastore admin is let through at once, and every other principal's
allowed statements are remembered until grants, groups or the catalog's structure change.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any

import pyarrow as pa

from ..api import Principal, Result, WarehouseError
from ..engine import errors
from ..engine.plan import STRING, empty, rows_result
from ..engine.security import Access
from ..engine.storage.mirror import Mirror
from . import visibility
from .directory import Directory
from .grants import GrantStore
from .policy import Policy, insufficient
from .privileges import ALL_PRIVILEGES, APPLICABLE, TITLE, SecurableType, parent_names
from .statements import FIRST_WORDS, GrantStatement, ShowGrants, parse


class UnityCatalog:
    def __init__(self, mirror: Mirror, directory: Directory, grants: GrantStore) -> None:
        self.policy = Policy(mirror, directory, grants)
        self._mirror = mirror
        self._directory = directory
        self._grants = grants
        self._lock = threading.Lock()
        # What was computed at one (version, mirror structure); dropped when either moves.
        self._cached_at: tuple[int, int] = (-1, -1)
        self._allowed: set[tuple[Principal, tuple[Access, ...]]] = set()
        self._visible: dict[Principal, visibility.Visible] = {}

    @property
    def version(self) -> int:
        # Both counters only grow, so their sum changes whenever either does.
        return self._grants.version + self._directory.version

    # Authorization.

    def authorize(self, principal: Principal, accesses: Sequence[Access]) -> None:
        if not accesses or self._directory.is_admin(principal):
            return
        key = (principal, tuple(accesses))
        # Kept before deciding: a decision made while grants change lands in the set that the
        # change discards, never in the new one.
        allowed, _ = self._fresh()
        if key in allowed:
            return
        self.policy.check(principal, accesses)
        allowed.add(key)

    def _fresh(
        self,
    ) -> tuple[set[tuple[Principal, tuple[Access, ...]]], dict[Principal, visibility.Visible]]:
        """The caches, emptied first if grants, groups or the catalog changed since."""
        at = (self.version, self._mirror.structure)
        if at != self._cached_at:
            with self._lock:
                if at != self._cached_at:
                    self._allowed = set()
                    self._visible = {}
                    self._cached_at = at
        return self._allowed, self._visible

    # What a principal sees.

    def sees_catalog(self, principal: Principal, catalog: str) -> bool:
        return self._directory.is_admin(principal) or self._seen(principal).sees(
            catalog, None, None
        )

    def visible(self, principal: Principal, table: str, rows: pa.Table) -> pa.Table:
        if self._directory.is_admin(principal) or rows.num_rows == 0:
            return rows
        return visibility.filtered(self._seen(principal), table, rows)

    def _seen(self, principal: Principal) -> visibility.Visible:
        _, cached = self._fresh()
        found = cached.get(principal)
        if found is None:
            who = self.policy.who(principal)
            found = visibility.compute(self.policy, self._grants, self._mirror, who)
            cached[principal] = found
        return found

    # information_schema.

    def privilege_rows(self, table: str, mirror: Mirror) -> list[tuple[Any, ...]]:
        return visibility.privilege_rows(self.policy, self._grants, table, mirror)

    # GRANT, REVOKE, SHOW GRANTS.

    def statement(self, principal: Principal, sql: str, catalog: str, schema: str) -> Result | None:
        if not FIRST_WORDS.match(sql):
            return None
        parsed = parse(sql, catalog, schema)
        if isinstance(parsed, ShowGrants):
            return self._show(principal, parsed)
        self._grant(principal, parsed)
        return empty()

    def existing(self, kind: SecurableType, name: str) -> str:
        """The object key of an existing securable; raises the engine's "not found"."""
        found = self.policy.find(kind, name)
        if found is None:
            parts = name.split(".")
            if kind == "catalog":
                raise errors.catalog_not_found(name)
            if kind == "schema":
                raise errors.schema_not_found(parts[0], parts[1])
            if kind == "function":
                raise errors.routine_not_found(*parts)
            raise errors.table_not_found(*parts)
        return found.object_key

    def may_manage(self, principal: Principal, kind: SecurableType, name: str) -> None:
        """Granting, and seeing others' grants, needs admin or ownership (of it or a parent)."""
        if not (self._directory.is_admin(principal) or self.policy.owns(principal, (kind, name))):
            raise insufficient(f"User does not have MANAGE on {TITLE[kind]} '{name}'.")

    def change(
        self,
        principal: Principal,
        kind: SecurableType,
        name: str,
        grantee: str,
        privileges: Sequence[str],
        revoke: bool,
    ) -> None:
        """GRANT (or REVOKE) ``privileges`` on the securable to (from) ``grantee``."""
        object_key = self.existing(kind, name)
        self.may_manage(principal, kind, name)
        if not self._directory.exists(grantee):
            raise WarehouseError(
                "PRINCIPAL_DOES_NOT_EXIST",
                "42704",
                f"[PRINCIPAL_DOES_NOT_EXIST] Could not find principal with name {grantee}. "
                "SQLSTATE: 42704",
            )
        for privilege in privileges:
            if privilege not in APPLICABLE[kind]:
                raise errors.invalid(
                    "INVALID_PARAMETER_VALUE",
                    f"Privilege {privilege} is not applicable to this entity "
                    f"[{name}:{kind.upper()}].",
                    "22023",
                )
        if revoke:
            self._grants.revoke((kind, name), object_key, grantee, privileges)
        else:
            self._grants.grant((kind, name), object_key, grantee, privileges, principal.name)

    def assignments(self, kind: SecurableType, name: str) -> dict[str, frozenset[str]]:
        """The privileges granted on the securable itself, by grantee."""
        holders = self._grants.on((kind, name), self.existing(kind, name))
        return {grantee: held.privileges for grantee, held in sorted(holders.items())}

    def effective(
        self, kind: SecurableType, name: str
    ) -> list[tuple[str, str, SecurableType, str]]:
        """(grantee, privilege, granted on kind, granted on name) of every privilege that
        holds on the securable: its own grants and those of its parents."""
        self.existing(kind, name)
        found: list[tuple[str, str, SecurableType, str]] = []
        for parent_kind, parent in parent_names(kind, name):
            at = self.policy.find(parent_kind, parent)
            if at is None:
                continue
            for grantee, held in sorted(
                self._grants.on((parent_kind, parent), at.object_key).items()
            ):
                found.extend((grantee, p, parent_kind, parent) for p in sorted(held.privileges))
        return found

    def _grant(self, principal: Principal, statement: GrantStatement) -> None:
        self.change(
            principal,
            statement.kind,
            statement.name,
            statement.principal,
            statement.privileges,
            statement.revoke,
        )

    def _show(self, principal: Principal, statement: ShowGrants) -> Result:
        kind, name = statement.kind, statement.name
        self.existing(kind, name)
        asked = statement.principal
        if asked is None or not (asked == principal.name or asked in principal.groups):
            self.may_manage(principal, kind, name)
        rows: list[tuple[str, str, str, str]] = []
        owner = self.policy.find(kind, name)
        if owner is not None and asked in (None, owner.owner):
            rows.append((owner.owner, "OWN", kind.upper(), name))
        for parent_kind, parent in parent_names(kind, name):
            at = self.policy.find(parent_kind, parent)
            if at is None:
                continue
            holders = self._grants.on((parent_kind, parent), at.object_key)
            for grantee, held in sorted(holders.items()):
                if asked is not None and grantee != asked:
                    continue
                for privilege in sorted(held.privileges, key=lambda p: (p != ALL_PRIVILEGES, p)):
                    rows.append((grantee, privilege, parent_kind.upper(), parent))
        return rows_result(
            [
                ("principal", STRING),
                ("actionType", STRING),
                ("objectType", STRING),
                ("objectKey", STRING),
            ],
            rows,
        )
