"""Unity Catalog governance on securables: tags (SET / UNSET TAGS, SET / UNSET TAG ON), row
filters and column masks (ALTER TABLE ... SET ROW FILTER / ALTER COLUMN ... SET MASK)."""

from __future__ import annotations

from sqlglot import exp

from dbt.adapters.databricks_envs.local.engine.security import Access
from dbt.adapters.databricks_envs.local.engine.statements.family import Family
from dbt.adapters.databricks_envs.local.engine.translate import (
    commands,
    routines,
    row_policies,
    tags,
)
from dbt.adapters.databricks_envs.local.engine.translate.access_parts import (
    access,
    namespace,
    relation,
)
from dbt.adapters.databricks_envs.local.engine.translate.names import Namespace
from dbt.adapters.databricks_envs.local.engine.translate.tokens import TokenStream


def _tags(command: commands.TagChange, ns: Namespace, found: list[Access]) -> None:
    if command.kind == "CATALOG":
        found.append(access("tag", "catalog", command.name[-1]))
    elif command.kind == "SCHEMA":
        catalog, schema = namespace(command.name, ns)
        found.append(access("tag", "schema", f"{catalog}.{schema}"))
    else:
        name = relation(command.name, ns)
        if name:
            found.append(access("tag", "view" if command.kind == "VIEW" else "table", name))


def _tag_on(s: TokenStream) -> commands.TagChange | None:
    """SET TAG ON / UNSET TAG ON (ALTER ... SET TAGS is the ALTER grammar's)."""
    if s.accept("SET", "TAG", "ON"):
        return tags.tag_on(s, unset=False)
    if s.accept("UNSET", "TAG", "ON"):
        return tags.tag_on(s, unset=True)
    return None


def _policy(
    command: commands.RowFilterChange | commands.ColumnMaskChange,
    ns: Namespace,
    found: list[Access],
) -> None:
    name = relation(command.table, ns)
    if name:
        found.append(access("alter", "table", name))
    if command.function:
        called = routines.function_name(command.function, ns).dotted
        found.append(access("execute", "function", called))


TAGS = Family(
    "tags",
    (commands.TagChange,),
    tags.plan_tags,
    accesses=_tags,
    lift=lambda node: tags.from_tree(node) if isinstance(node, exp.Alter) else None,
    tokens=lambda s, sql, parse_query: _tag_on(s),
)
ROW_FILTER = Family(
    "row filter",
    (commands.RowFilterChange,),
    row_policies.plan_row_filter,
    accesses=_policy,
    lift=lambda node: row_policies.from_tree(node) if isinstance(node, exp.Alter) else None,
)
COLUMN_MASK = Family(
    "column mask", (commands.ColumnMaskChange,), row_policies.plan_column_mask, accesses=_policy
)
FAMILIES = (TAGS, ROW_FILTER, COLUMN_MASK)
