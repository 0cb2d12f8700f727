"""DESCRIBE HISTORY and RESTORE TABLE: recognition, accesses and plans (the versions
themselves are committed by every write, see versions.py and storage/history.py).

- ``DESCRIBE HISTORY t [LIMIT n]``: the table's versions, newest first
  (https://docs.databricks.com/aws/en/tables/history-schema). It reads the table's metadata
  as reading the table does: it needs SELECT on it (and USE SCHEMA, USE CATALOG).
- ``RESTORE [TABLE] t [TO] VERSION AS OF n | TIMESTAMP AS OF expr``
  (https://docs.databricks.com/aws/en/sql/language-manual/delta-restore): the table's rows
  become those of the version, as a new version (operation RESTORE). It changes the table's
  rows, which MODIFY allows
  (https://docs.databricks.com/aws/en/data-governance/unity-catalog/access-control/privileges-reference).
"""

from __future__ import annotations

import pyarrow as pa
from sqlglot import exp

from dbt.adapters.databricks_envs.local.api import Result
from dbt.adapters.databricks_envs.local.engine import errors
from dbt.adapters.databricks_envs.local.engine.introspect import history_rows
from dbt.adapters.databricks_envs.local.engine.plan import BIGINT, Plan, Runtime, rows_result
from dbt.adapters.databricks_envs.local.engine.security import Access
from dbt.adapters.databricks_envs.local.engine.storage import history, objects
from dbt.adapters.databricks_envs.local.engine.storage.history import Operation
from dbt.adapters.databricks_envs.local.engine.storage.names import RelName, ident, literal
from dbt.adapters.databricks_envs.local.engine.translate import checks, time_travel, versions
from dbt.adapters.databricks_envs.local.engine.translate.access_parts import access, relation
from dbt.adapters.databricks_envs.local.engine.translate.commands import ParseQuery
from dbt.adapters.databricks_envs.local.engine.translate.context import Context
from dbt.adapters.databricks_envs.local.engine.translate.history_commands import (
    DescribeHistory,
    RestoreTable,
)
from dbt.adapters.databricks_envs.local.engine.translate.names import Namespace, parts_of
from dbt.adapters.databricks_envs.local.engine.translate.relation_change import relation_name
from dbt.adapters.databricks_envs.local.engine.translate.tokens import TokenStream

COMMANDS = (DescribeHistory, RestoreTable)

_RESTORE_COLUMNS = (
    "table_size_after_restore",
    "num_of_files_after_restore",
    "num_removed_files",
    "num_restored_files",
    "removed_files_size",
    "restored_files_size",
)


# Recognition.


def from_tree(node: exp.Describe) -> DescribeHistory | None:
    """DESCRIBE HISTORY t, as sqlglot parses it (without LIMIT)."""
    if str(node.args.get("style") or "").upper() != "HISTORY":
        return None
    if not isinstance(node.this, exp.Table):
        raise errors.parse_error("DESCRIBE HISTORY")
    return DescribeHistory(parts_of(node.this))


def describe_history(s: TokenStream) -> DescribeHistory:
    """The rest of DESCRIBE HISTORY t [LIMIT n], after HISTORY."""
    table = s.name()
    limit = None
    if s.accept("LIMIT"):
        text = s.rest()
        if not text.isdigit():
            raise s.syntax_error()
        limit = int(text)
    else:
        s.ensure_done()
    return DescribeHistory(table, limit)


def recognize(
    s: TokenStream, sql: str, parse_query: ParseQuery
) -> DescribeHistory | RestoreTable | None:
    """DESCRIBE HISTORY and RESTORE, read on their tokens."""
    if s.accept_any("DESCRIBE", "DESC") and s.accept("HISTORY"):
        return describe_history(s)
    s.pos = 0
    return parse_restore(s, parse_query)


def parse_restore(s: TokenStream, parse_query: ParseQuery) -> RestoreTable | None:
    """RESTORE [TABLE] t [TO] VERSION AS OF n | TIMESTAMP AS OF expr; None if the statement
    is no RESTORE."""
    if not s.accept("RESTORE"):
        return None
    s.accept("TABLE")
    table = s.name()
    s.accept("TO")
    kind = s.accept_any("VERSION", "TIMESTAMP")
    if kind is None:
        raise s.syntax_error()
    s.expect("AS", "OF")
    text = s.rest()
    if not text:
        raise s.syntax_error()
    parsed = parse_query(f"SELECT {text}")
    if not isinstance(parsed, exp.Select) or len(parsed.expressions) != 1:
        raise s.syntax_error()
    if any(isinstance(n, (exp.Select, exp.Subquery)) for n in parsed.expressions[0].walk()):
        raise errors.parse_error(text)
    return RestoreTable(table, kind, parsed.expressions[0])


# Accesses.


def accesses(command: DescribeHistory | RestoreTable, ns: Namespace, found: list[Access]) -> None:
    name = relation(command.table, ns)
    if name is None:
        return
    if isinstance(command, DescribeHistory):
        found.append(access("read", "relation", name))
    else:
        found.append(access("write", "table", name))


# Plans.


def plan(command: DescribeHistory | RestoreTable, ctx: Context) -> Plan:
    if isinstance(command, DescribeHistory):
        return _plan_describe(command, ctx)
    return _plan_restore(command, ctx)


def _plan_describe(command: DescribeHistory, ctx: Context) -> Plan:
    name = relation_name(command.table, ctx)

    def run(rt: Runtime) -> Result:
        info = checks.relation(rt, name)
        if info.is_view:
            raise errors.error(
                "DELTA_CANNOT_DESCRIBE_VIEW_HISTORY",
                "42809",
                "Cannot describe the history of a view.",
            )
        return history_rows.describe_history(time_travel.versions_of(rt, info, command.limit))

    return Plan(run=run, relations=(name,))


def _plan_restore(command: RestoreTable, ctx: Context) -> Plan:
    name = relation_name(command.table, ctx)
    value_sql = command.value.sql(dialect="duckdb")

    def run(rt: Runtime) -> Result:
        def work() -> Result:
            info = checks.table(rt, name)
            chosen = time_travel.pick(rt, info, command.kind, value_sql, restore=True)
            source = time_travel.data_of(info, chosen)
            key = versions.key_of(info)
            before = versions.known(rt, name, key)
            removed = _size(rt, name)
            staged = history.staging_name(name, key)
            rt.cursor.execute(
                f"CREATE OR REPLACE TABLE {staged.duck} AS SELECT * FROM {source.duck}"
            )
            kept = history.swap(rt.cursor, name, key, staged, before)
            _comments(rt, info.name, info.comment, {c.name: c.comment for c in info.columns})
            restored = _size(rt, name)
            metrics = {
                "tableSizeAfterRestore": restored,
                "numOfFilesAfterRestore": 1,
                "numRemovedFiles": 1,
                "numRestoredFiles": 1,
                "removedFilesSize": removed,
                "restoredFilesSize": restored,
            }
            parameters = {"version": str(chosen.version)}
            if command.kind == "TIMESTAMP":
                parameters = {"timestamp": f"{chosen.timestamp:%Y-%m-%d %H:%M:%S.%f}"}
            operation = Operation("RESTORE", parameters, {k: str(v) for k, v in metrics.items()})
            versions.commit(rt, name, key, operation, before, kept)
            now, who = rt.now(), rt.principal.name
            objects.touch(rt.cursor, name.catalog, name.schema, name.name, now, who)
            rt.after_commit(lambda: rt.mirror.load_relation(rt.cursor, name))
            return rows_result(
                [(column, BIGINT) for column in _RESTORE_COLUMNS], [tuple(metrics.values())]
            )

        return rt.write(work)

    return Plan(run=run, relations=(name,))


def _size(rt: Runtime, name: RelName) -> int:
    """The bytes of the table's rows (as Arrow holds them): what its files would weigh."""
    table: pa.Table = rt.cursor.execute(f"SELECT * FROM {name.duck}").to_arrow_table()
    return int(table.nbytes)


def _comments(
    rt: Runtime, name: RelName, comment: str | None, columns: dict[str, str | None]
) -> None:
    """The restored rows come in a new DuckDB table, which gets the table's comments."""
    if comment is not None:
        rt.cursor.execute(f"COMMENT ON TABLE {name.duck} IS {literal(comment)}")
    present = {row[0] for row in rt.cursor.execute(f"DESCRIBE {name.duck}").fetchall()}
    for column, text in columns.items():
        if text is not None and column in present:
            rt.cursor.execute(f"COMMENT ON COLUMN {name.duck}.{ident(column)} IS {literal(text)}")
