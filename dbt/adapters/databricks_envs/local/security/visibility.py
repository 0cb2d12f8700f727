"""What each principal may see of the catalog, and the rows of information_schema's privilege
tables.

A principal sees a securable it owns or holds a privilege on, everything inside a catalog or
schema it owns or holds a privilege on, and the parents of what it sees; information_schema's
rows are filtered to those. The privilege tables list, for every securable, the grants made on
it and those inherited from its schema and catalog.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa

from ..engine.storage.mirror import Mirror
from .facts import INFORMATION_SCHEMA, Facts
from .grants import GrantStore
from .privileges import APPLICABLE, SecurableType, parent_names

_INHERITED = {"catalog": "CATALOG", "schema": "SCHEMA"}
PRIVILEGE_TABLES: dict[str, SecurableType] = {
    "catalog_privileges": "catalog",
    "schema_privileges": "schema",
    "table_privileges": "table",
    "routine_privileges": "function",
}
# The columns naming an information_schema row's catalog, schema and object.
_CATALOG_COLUMNS = (
    "table_catalog",
    "catalog_name",
    "constraint_catalog",
    "routine_catalog",
    "specific_catalog",
)
_SCHEMA_COLUMNS = (
    "table_schema",
    "schema_name",
    "constraint_schema",
    "routine_schema",
    "specific_schema",
)
_OBJECT_COLUMNS = ("table_name", "routine_name", "specific_name")


@dataclass
class Visible:
    """What one principal may see: everything under ``catalogs`` / ``schemas`` (owned or
    granted there), and the named ``objects`` (tables, views, functions), plus the parents of
    what it may see."""

    catalogs: set[str] = field(default_factory=set)
    schemas: set[str] = field(default_factory=set)
    objects: set[str] = field(default_factory=set)
    parents: set[str] = field(default_factory=set)

    def add(self, kind: SecurableType, name: str) -> None:
        if kind == "catalog":
            self.catalogs.add(name)
        elif kind == "schema":
            self.schemas.add(name)
        else:
            self.objects.add(name)
        parts = name.split(".")
        self.parents.update(".".join(parts[:i]) for i in range(1, len(parts)))

    def sees(
        self, catalog: str, schema: str | None, name: str | None, strict: bool = False
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
        if name is None:
            return not strict and schema_name in self.parents
        return f"{schema_name}.{name}" in self.objects


def compute(facts: Facts, grants: GrantStore, mirror: Mirror, who: frozenset[str]) -> Visible:
    """What the grantees ``who`` (a principal and its groups) may see."""
    visible = Visible()
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
            for function in schema.functions.values():
                if function.owner in who:
                    visible.add("function", function.name.dotted)
    for securable, object_key in grants.securables():
        found = facts.find(*securable)
        if found is None or found.object_key != object_key:
            continue
        if any(g in who for g in grants.on(securable, object_key)):
            visible.add(*securable)
    return visible


def filtered(seen: Visible, table: str, rows: pa.Table) -> pa.Table:
    """The rows of an information_schema table that ``seen`` allows."""
    catalogs = _column(rows, _CATALOG_COLUMNS)
    if catalogs is None:
        return rows
    schemas = _column(rows, _SCHEMA_COLUMNS) or [None] * rows.num_rows
    names = _column(rows, _OBJECT_COLUMNS) or [None] * rows.num_rows
    strict = table in PRIVILEGE_TABLES
    mask = [seen.sees(c, s, n, strict) for c, s, n in zip(catalogs, schemas, names, strict=True)]
    return rows.filter(pa.array(mask, type=pa.bool_()))


def privilege_rows(
    facts: Facts, grants: GrantStore, table: str, mirror: Mirror
) -> list[tuple[Any, ...]]:
    kind = PRIVILEGE_TABLES[table]
    rows: list[tuple[Any, ...]] = []
    for name in _securables(mirror, kind):
        for grantor, grantee, privilege, inherited in _grants_on(facts, grants, kind, name):
            rows.append((grantor, grantee, *name.split("."), privilege, "NO", inherited))
    return rows


def _grants_on(
    facts: Facts, grants: GrantStore, kind: SecurableType, name: str
) -> list[tuple[str, str, str, str]]:
    """(grantor, grantee, privilege, inherited_from) of every privilege that holds on the
    securable, its own grants first, then those inherited from its parents."""
    found: list[tuple[str, str, str, str]] = []
    applicable = APPLICABLE[kind]
    for parent_kind, parent in reversed(parent_names(kind, name)):
        at = facts.find(parent_kind, parent)
        if at is None:
            continue
        inherited = "NONE" if parent_kind == kind else _INHERITED[parent_kind]
        holders = grants.on((parent_kind, parent), at.object_key)
        for grantee, held in sorted(holders.items()):
            for privilege in sorted(held.privileges):
                if privilege in applicable:
                    found.append((held.grantor, grantee, privilege, inherited))
    return found


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
            elif kind == "function":
                names.extend(f.name.dotted for f in schema.functions.values())
            else:
                names.extend(r.name.dotted for r in schema.relations.values())
    return names
