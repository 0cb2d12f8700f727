"""Unity Catalog security as the engine's access control: authorization of every statement,
GRANT / REVOKE / SHOW GRANTS, the privilege tables of information_schema, and what each
principal may see.

Cheap on the hot path: a metastore admin is let through at once, and every other principal's
allowed statements are remembered until grants, groups or the catalog's structure change.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa

from ..api import Principal, Result, WarehouseError
from ..engine import errors
from ..engine.plan import STRING, empty, rows_result
from ..engine.security import Access
from ..engine.storage.mirror import Mirror
from .directory import Directory
from .grants import GrantStore
from .policy import INFORMATION_SCHEMA, Policy, insufficient
from .privileges import ALL_PRIVILEGES, APPLICABLE, TITLE, SecurableType, parent_names
from .statements import FIRST_WORDS, GrantStatement, ShowGrants, parse

_INHERITED = {"catalog": "CATALOG", "schema": "SCHEMA"}
PRIVILEGE_TABLES: dict[str, SecurableType] = {
    "catalog_privileges": "catalog",
    "schema_privileges": "schema",
    "table_privileges": "table",
}
# The columns naming an information_schema row's catalog, schema and table.
_CATALOG_COLUMNS = ("table_catalog", "catalog_name", "constraint_catalog")
_SCHEMA_COLUMNS = ("table_schema", "schema_name", "constraint_schema")


@dataclass
class _Visible:
    """What one principal may see: everything under ``catalogs`` / ``schemas`` (owned or
    granted there), and the named ``tables``, plus the parents of what it may see."""

    catalogs: set[str] = field(default_factory=set)
    schemas: set[str] = field(default_factory=set)
    tables: set[str] = field(default_factory=set)
    parents: set[str] = field(default_factory=set)

    def add(self, kind: SecurableType, name: str) -> None:
        {"catalog": self.catalogs, "schema": self.schemas, "table": self.tables}[kind].add(name)
        parts = name.split(".")
        self.parents.update(".".join(parts[:i]) for i in range(1, len(parts)))

    def sees(
        self, catalog: str, schema: str | None, table: str | None, strict: bool = False
    ) -> bool:
        """Whether the securable is visible; ``strict``: not merely as the parent of
        something visible (the privilege tables show only the grants of what one may use)."""
        if catalog in self.catalogs:
            return True
        if schema is None or schema == INFORMATION_SCHEMA:
            return not strict and catalog in self.parents
        schema_name = f"{catalog}.{schema}"
        if schema_name in self.schemas:
            return True
        if table is None:
            return not strict and schema_name in self.parents
        return f"{schema_name}.{table}" in self.tables


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
        self._visible: dict[Principal, _Visible] = {}

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
    ) -> tuple[set[tuple[Principal, tuple[Access, ...]]], dict[Principal, _Visible]]:
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
        names = rows.column_names
        catalogs = _column(rows, _CATALOG_COLUMNS)
        if catalogs is None:
            return rows
        schemas = _column(rows, _SCHEMA_COLUMNS) or [None] * rows.num_rows
        tables = _column(rows, ("table_name",)) if "table_name" in names else None
        tables = tables or [None] * rows.num_rows
        seen = self._seen(principal)
        strict = table in PRIVILEGE_TABLES
        mask = [
            seen.sees(c, s, t, strict) for c, s, t in zip(catalogs, schemas, tables, strict=True)
        ]
        return rows.filter(pa.array(mask, type=pa.bool_()))

    def _seen(self, principal: Principal) -> _Visible:
        _, cached = self._fresh()
        found = cached.get(principal)
        if found is None:
            found = self._compute_visible(principal)
            cached[principal] = found
        return found

    def _compute_visible(self, principal: Principal) -> _Visible:
        visible = _Visible()
        who = self.policy.who(principal)
        mirror = self._mirror
        for name in mirror.catalog_names():
            state = mirror.catalog(name)
            if state is None:
                continue
            if state.info.owner in who:
                visible.add("catalog", name)
            for schema in state.schemas.values():
                if schema.info.owner in who:
                    visible.add("schema", f"{name}.{schema.info.name}")
                for relation in schema.relations.values():
                    if relation.owner in who:
                        visible.add("table", relation.name.dotted)
        for securable, object_key in self._grants.securables():
            found = self.policy.find(*securable)
            if found is None or found.object_key != object_key:
                continue
            if any(g in who for g in self._grants.on(securable, object_key)):
                visible.add(*securable)
        return visible

    # information_schema.

    def privilege_rows(self, table: str, mirror: Mirror) -> list[tuple[Any, ...]]:
        kind = PRIVILEGE_TABLES[table]
        rows: list[tuple[Any, ...]] = []
        for name in _securables(mirror, kind):
            for grantor, grantee, privilege, inherited in self._grants_on(kind, name):
                rows.append((grantor, grantee, *name.split("."), privilege, "NO", inherited))
        return rows

    def _grants_on(self, kind: SecurableType, name: str) -> list[tuple[str, str, str, str]]:
        """(grantor, grantee, privilege, inherited_from) of every privilege that holds on the
        securable, its own grants first, then those inherited from its parents."""
        found: list[tuple[str, str, str, str]] = []
        applicable = APPLICABLE[kind]
        for parent_kind, parent in reversed(parent_names(kind, name)):
            at = self.policy.find(parent_kind, parent)
            if at is None:
                continue
            inherited = "NONE" if parent_kind == kind else _INHERITED[parent_kind]
            holders = self._grants.on((parent_kind, parent), at.object_key)
            for grantee, held in sorted(holders.items()):
                for privilege in sorted(held.privileges):
                    if privilege in applicable:
                        found.append((held.grantor, grantee, privilege, inherited))
        return found

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


def _column(rows: pa.Table, candidates: tuple[str, ...]) -> list[Any] | None:
    for name in candidates:
        if name in rows.column_names:
            return rows.column(name).to_pylist()
    return None


def _securables(mirror: Mirror, kind: SecurableType) -> list[str]:
    names: list[str] = []
    for catalog in mirror.catalog_names():
        state = mirror.catalog(catalog)
        if state is None:
            continue
        if kind == "catalog":
            names.append(catalog)
            continue
        for schema in state.schemas.values():
            if kind == "schema":
                names.append(f"{catalog}.{schema.info.name}")
            else:
                names.extend(r.name.dotted for r in schema.relations.values())
    return names
