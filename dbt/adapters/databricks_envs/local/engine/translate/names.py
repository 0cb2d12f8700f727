"""Resolving Databricks table names and rewriting them to DuckDB references.

Databricks resolves a one-part name to a temporary view of the session if there is one, else to
``current_catalog.current_schema.name``; a two-part name is ``schema.name`` in the current
catalog. ``<catalog>.information_schema.x`` and ``system.information_schema.x`` are served by the
engine's information_schema tables, the other ``system`` tables (``system.query.history``) by its
system tables.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import cast

from sqlglot import exp

from dbt.adapters.databricks_envs.local.engine import errors
from dbt.adapters.databricks_envs.local.engine.introspect import information_schema, system_tables
from dbt.adapters.databricks_envs.local.engine.storage import names
from dbt.adapters.databricks_envs.local.engine.storage.names import RelName
from dbt.adapters.databricks_envs.local.engine.storage.policies import NONE, Policies
from dbt.adapters.databricks_envs.local.engine.translate import protection, time_travel
from dbt.adapters.databricks_envs.local.engine.translate.time_travel import TimeTravel

SYSTEM_CATALOG = system_tables.SYSTEM_CATALOG
TEMP_SCHEMA = ("temp", "main")


@dataclass(frozen=True)
class Namespace:
    """What name resolution depends on in a session."""

    catalog: str
    schema: str
    temp_views: frozenset[str]


@dataclass(frozen=True)
class TempView:
    name: str


@dataclass(frozen=True)
class InfoSchemaTable:
    # None for system.information_schema (every catalog).
    catalog: str | None
    table: str


@dataclass(frozen=True)
class SystemTable:
    # "system.query.history"
    name: str


Resolved = RelName | TempView | InfoSchemaTable | SystemTable


@dataclass
class References:
    """The names a statement read, for authorization, error diagnosis and plan caching."""

    relations: list[RelName] = field(default_factory=list)
    info_schema: list[InfoSchemaTable] = field(default_factory=list)
    system_tables: list[SystemTable] = field(default_factory=list)
    # The SQL functions it calls (see routines.py).
    functions: list[RelName] = field(default_factory=list)
    # Every one-part name and whether it resolved to a temporary view: a cached translation is
    # valid only while that stays true.
    one_part: dict[str, bool] = field(default_factory=dict)
    # Earlier versions of tables it reads, bound when it runs (see time_travel.py).
    time_travel: list[TimeTravel] = field(default_factory=list)

    def info_tables(self) -> tuple[str, ...]:
        """The tables the session must register: information_schema's, then system tables."""
        system = sorted({t.name for t in self.system_tables})
        return (*sorted({t.table for t in self.info_schema}), *system)


def parts_of(table: exp.Table) -> tuple[str, ...]:
    return tuple(
        p.name.lower() for p in (table.args.get("catalog"), table.args.get("db"), table.this) if p
    )


def resolve_parts(parts: tuple[str, ...], ns: Namespace) -> Resolved:
    if len(parts) == 1:
        if parts[0] in ns.temp_views:
            return TempView(parts[0])
        return RelName(ns.catalog, ns.schema, parts[0])
    catalog, schema, name = (ns.catalog, *parts) if len(parts) == 2 else parts[-3:]
    if schema == information_schema.INFORMATION_SCHEMA:
        return _info_schema(catalog, name)
    if catalog == SYSTEM_CATALOG:
        table = system_tables.find(schema, name)
        if table is None:
            raise errors.table_not_found(catalog, schema, name)
        return SystemTable(table)
    return RelName(catalog, schema, name)


def _info_schema(catalog: str, table: str) -> InfoSchemaTable:
    if table not in information_schema.TABLES:
        raise errors.table_not_found(catalog, information_schema.INFORMATION_SCHEMA, table)
    return InfoSchemaTable(None if catalog == SYSTEM_CATALOG else catalog, table)


def relation_parts(table: exp.Table, ns: Namespace) -> RelName:
    """A name that must denote a persistent relation (DDL and DML targets)."""
    resolved = resolve_parts(parts_of(table), ns)
    if not isinstance(resolved, RelName):
        raise errors.not_supported("writing to information_schema or temporary views")
    return resolved


def duck_table(name: RelName, alias: exp.TableAlias | None = None) -> exp.Table:
    table = exp.Table(
        this=exp.to_identifier(name.name, quoted=True),
        db=exp.to_identifier(name.schema, quoted=True),
        catalog=exp.to_identifier(names.alias(name.catalog), quoted=True),
    )
    if alias is not None:
        table.set("alias", alias)
    return table


def rewrite_tables(
    tree: exp.Expr,
    ns: Namespace,
    skip: set[int] | None = None,
    policies: Policies = NONE,
) -> References:
    """Rewrites every table reference of ``tree`` in place; ``skip`` holds the ids of table
    nodes the caller handles itself (statement targets). A table with a row filter or column
    masks is read through them (see protection.py)."""
    refs = References()
    cte_names = {cte.alias_or_name.lower() for cte in tree.find_all(exp.CTE)}
    for table in list(tree.find_all(exp.Table)):
        if skip and id(table) in skip:
            continue
        if not isinstance(table.this, exp.Identifier):
            continue
        version = time_travel.version_of(table)
        parts = parts_of(table)
        if len(parts) == 1 and parts[0] in cte_names:
            continue
        resolved = resolve_parts(parts, ns)
        if len(parts) == 1:
            refs.one_part[parts[0]] = isinstance(resolved, TempView)
        if version is not None:
            time_travel.replace(table, version, resolved, refs.time_travel)
            refs.relations.append(cast(RelName, resolved))
            continue
        _replace(table, resolved, refs, policies)
    _rewrite_qualified_columns(tree)
    return refs


# What a table reference may carry besides its name: parenthesized joins, PIVOT / UNPIVOT,
# TABLESAMPLE. The source that replaces the reference takes them over.
_CARRIED = ("joins", "laterals", "pivots", "sample")


def _replace(table: exp.Table, resolved: Resolved, refs: References, policies: Policies) -> None:
    source = _source(table.args.get("alias"), resolved, refs, policies)
    for key in _CARRIED:
        carried = table.args.get(key)
        if carried:
            source.set(key, carried)
    table.replace(source)


def _source(
    alias: exp.TableAlias | None, resolved: Resolved, refs: References, policies: Policies
) -> exp.Expr:
    if isinstance(resolved, RelName):
        refs.relations.append(resolved)
        protected = policies.protected.get(resolved)
        if protected is not None:
            return protection.protected_source(duck_table(resolved), protected, alias)
        protection.check_view(resolved, policies)
        return duck_table(resolved, alias)
    if isinstance(resolved, TempView):
        return exp.Table(
            this=exp.to_identifier(resolved.name, quoted=True),
            db=exp.to_identifier(TEMP_SCHEMA[1]),
            catalog=exp.to_identifier(TEMP_SCHEMA[0]),
            alias=alias,
        )
    if isinstance(resolved, SystemTable):
        refs.system_tables.append(resolved)
        return system_table_source(resolved, alias)
    refs.info_schema.append(resolved)
    return info_schema_source(resolved, alias)


def system_table_source(ref: SystemTable, alias: exp.TableAlias | None) -> exp.Expr:
    source = exp.Table(this=exp.to_identifier(system_tables.view_name(ref.name), quoted=True))
    source.set("alias", alias or exp.TableAlias(this=exp.to_identifier(ref.name.split(".")[-1])))
    return source


def info_schema_source(ref: InfoSchemaTable, alias: exp.TableAlias | None) -> exp.Expr:
    source = exp.Table(this=exp.to_identifier(information_schema.view_name(ref.table), quoted=True))
    alias = alias or exp.TableAlias(this=exp.to_identifier(ref.table))
    if ref.catalog is None:
        source.set("alias", alias)
        return source
    catalog_column = information_schema.TABLES[ref.table][1]
    query = (
        exp.select("*")
        .from_(source)
        .where(exp.column(catalog_column).eq(exp.Literal.string(ref.catalog)))
    )
    return exp.Subquery(this=query, alias=alias)


def _rewrite_qualified_columns(tree: exp.Expr) -> None:
    """``catalog.schema.table.column`` references name the catalog: give them its alias."""
    for column in tree.find_all(exp.Column):
        catalog = column.args.get("catalog")
        if catalog is not None:
            column.set("catalog", exp.to_identifier(names.alias(catalog.name.lower()), quoted=True))
