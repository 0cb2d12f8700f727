"""Statements that read the catalog's metadata: DESCRIBE [TABLE | SCHEMA | CATALOG | DETAIL |
QUERY] and SHOW [CATALOGS | SCHEMAS | TABLES | VIEWS | TBLPROPERTIES | COLUMNS | CREATE TABLE]."""

from __future__ import annotations

from sqlglot import exp

from dbt.adapters.databricks_envs.local.engine.introspect import describe, show
from dbt.adapters.databricks_envs.local.engine.security import Access
from dbt.adapters.databricks_envs.local.engine.statements.family import Family
from dbt.adapters.databricks_envs.local.engine.statements.tables import kind_of
from dbt.adapters.databricks_envs.local.engine.translate import command_reads, commands
from dbt.adapters.databricks_envs.local.engine.translate.access_parts import (
    access,
    namespace,
    reads,
    reads_besides,
    relation,
)
from dbt.adapters.databricks_envs.local.engine.translate.names import Namespace, parts_of


def _describe(node: exp.Describe, ns: Namespace, found: list[Access]) -> None:
    target = node.this if isinstance(node.this, exp.Table) else None
    if target is None:
        reads_besides(node, ns, found)
        return
    parts = parts_of(target)
    if kind_of(node) in ("SCHEMA", "DATABASE"):
        catalog, schema = namespace(parts, ns)
        found.append(access("describe", "schema", f"{catalog}.{schema}"))
        return
    name = relation(parts, ns)
    if name:
        found.append(access("describe", "relation", name))


def _describe_command(
    command: commands.DescribeDetail | commands.DescribeCatalog | commands.DescribeQuery,
    ns: Namespace,
    found: list[Access],
) -> None:
    if isinstance(command, commands.DescribeCatalog):
        found.append(access("describe", "catalog", command.name))
    elif isinstance(command, commands.DescribeQuery):
        reads(command.query, ns, found, set())
    else:
        name = relation(command.table, ns)
        if name:
            found.append(access("describe", "relation", name))


def _show(command: object, ns: Namespace, found: list[Access]) -> None:
    if isinstance(command, commands.ShowSchemas):
        if command.catalog:
            found.append(access("describe", "catalog", command.catalog))
    elif isinstance(command, commands.ShowTables):
        catalog, schema = (
            namespace(command.namespace, ns) if command.namespace else (ns.catalog, ns.schema)
        )
        found.append(access("describe", "schema", f"{catalog}.{schema}"))
    elif isinstance(
        command, (commands.ShowTblProperties, commands.ShowColumns, commands.ShowCreateTable)
    ):
        name = relation(command.table, ns)
        if name:
            found.append(access("describe", "relation", name))


DESCRIBE = Family("describe", (exp.Describe,), describe.plan_describe, accesses=_describe)
DESCRIBE_COMMAND = Family(
    "describe detail, catalog or query",
    (commands.DescribeDetail, commands.DescribeCatalog, commands.DescribeQuery),
    describe.plan_describe_command,
    accesses=_describe_command,
    tokens=lambda s, sql, parse_query: (
        command_reads.describe(s, parse_query) if s.accept_any("DESCRIBE", "DESC") else None
    ),
)
SHOW = Family(
    "show",
    (
        commands.ShowCatalogs,
        commands.ShowSchemas,
        commands.ShowTables,
        commands.ShowTblProperties,
        commands.ShowColumns,
        commands.ShowCreateTable,
    ),
    show.plan_show,
    accesses=_show,
    tokens=lambda s, sql, parse_query: command_reads.show(s) if s.accept("SHOW") else None,
)
FAMILIES = (DESCRIBE, DESCRIBE_COMMAND, SHOW)
