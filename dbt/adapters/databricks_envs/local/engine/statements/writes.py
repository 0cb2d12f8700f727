"""Writes of rows: INSERT (also ... REPLACE ON), MERGE (also WITH SCHEMA EVOLUTION), UPDATE,
DELETE, TRUNCATE."""

from __future__ import annotations

from sqlglot import exp

from dbt.adapters.databricks_envs.local.engine.security import Access
from dbt.adapters.databricks_envs.local.engine.statements.family import Family
from dbt.adapters.databricks_envs.local.engine.translate import (
    command_parser,
    command_reads,
    commands,
    insert,
    merge,
    modify,
)
from dbt.adapters.databricks_envs.local.engine.translate.access_parts import (
    access,
    reads,
    reads_besides,
    relation,
    target_of,
)
from dbt.adapters.databricks_envs.local.engine.translate.names import Namespace, parts_of


def _write(node: exp.Expr, ns: Namespace, found: list[Access]) -> None:
    """Writing the statement's table, then reading everything else it names."""
    target = target_of(node)
    name = relation(parts_of(target), ns) if target is not None else None
    if name:
        found.append(access("write", "table", name))
    reads_besides(node, ns, found, target)


def _replace_on(command: commands.ReplaceOn, ns: Namespace, found: list[Access]) -> None:
    name = relation(command.target, ns)
    if name:
        found.append(access("write", "table", name))
    reads(command.source, ns, found, set())


def _schema_evolution(
    command: commands.MergeWithSchemaEvolution, ns: Namespace, found: list[Access]
) -> None:
    _write(command.merge, ns, found)
    target = command.merge.this
    name = relation(parts_of(target), ns) if isinstance(target, exp.Table) else None
    if name:
        found.append(access("amend", "table", name))


def _truncate(node: exp.TruncateTable, ns: Namespace, found: list[Access]) -> None:
    for table in node.expressions:
        name = relation(parts_of(table), ns)
        if name:
            found.append(access("write", "table", name))
    reads_besides(node, ns, found, target_of(node), *node.expressions)


INSERT = Family("insert", (exp.Insert,), insert.plan_insert, accesses=_write)
REPLACE_ON = Family(
    "insert replace on",
    (commands.ReplaceOn,),
    insert.plan_replace_on,
    accesses=_replace_on,
    tokens=lambda s, sql, parse_query: (
        command_reads.replace_on(s, parse_query) if s.accept("INSERT") else None
    ),
)
MERGE = Family("merge", (exp.Merge,), merge.plan_merge, accesses=_write)
MERGE_WITH_SCHEMA_EVOLUTION = Family(
    "merge with schema evolution",
    (commands.MergeWithSchemaEvolution,),
    lambda command, ctx: merge.plan_merge(command.merge, ctx, schema_evolution=True),
    accesses=_schema_evolution,
    tokens=lambda s, sql, parse_query: command_parser.merge_with_schema_evolution(s, parse_query),
)
UPDATE_OR_DELETE = Family(
    "update or delete", (exp.Update, exp.Delete), modify.plan_update_or_delete, accesses=_write
)
TRUNCATE = Family("truncate", (exp.TruncateTable,), modify.plan_truncate, accesses=_truncate)
FAMILIES = (INSERT, REPLACE_ON, MERGE, MERGE_WITH_SCHEMA_EVOLUTION, UPDATE_OR_DELETE, TRUNCATE)
