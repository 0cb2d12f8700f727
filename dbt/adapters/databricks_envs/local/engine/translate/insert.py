"""INSERT INTO / INSERT OVERWRITE [PARTITION] [BY NAME], INSERT ... REPLACE WHERE, and
INSERT ... REPLACE ON.

Delta's atomic replacements become a DELETE and an INSERT in one DuckDB transaction.
"""

from __future__ import annotations

import itertools

from sqlglot import exp

from dbt.adapters.databricks_envs.local.engine import errors
from dbt.adapters.databricks_envs.local.engine.plan import Plan, Runtime
from dbt.adapters.databricks_envs.local.engine.storage.model import RelationInfo
from dbt.adapters.databricks_envs.local.engine.storage.names import RelName, ident
from dbt.adapters.databricks_envs.local.engine.translate import (
    commands,
    external,
    query,
    rows,
    versions,
)
from dbt.adapters.databricks_envs.local.engine.translate.context import Context
from dbt.adapters.databricks_envs.local.engine.translate.names import (
    Namespace,
    relation_parts,
    resolve_parts,
)

OVERWRITE_MODE = "spark.sql.sources.partitionOverwriteMode"
_STAGED = "__uc_staged_source"
_STAGED_NUMBERS = itertools.count()


def plan_insert(node: exp.Insert, ctx: Context) -> Plan:
    target = node.this
    column_list: list[str] | None = None
    if isinstance(target, exp.Schema):
        column_list = [c.name for c in target.expressions]
        target = target.this
    assert isinstance(target, exp.Table)
    name = relation_parts(target, ctx.ns)
    static, dynamic = _partition_spec(target.args.get("partition"))

    source = node.expression or node.args.get("source")
    if source is None:
        raise errors.parse_error("INSERT")
    source_query = query.as_query(source)
    cte = node.args.get("with_")
    if cte is not None and isinstance(source_query, exp.Query):
        source_query.set("with_", cte)
    refs = query.translate(source_query, ctx)
    source_sql = query.duck_sql(source_query)
    replace_where = None
    predicate = None
    if node.args.get("where") is not None:
        condition = node.args["where"]
        condition = condition.this if isinstance(condition, exp.Where) else condition
        predicate = condition.sql(dialect="databricks")
        refs.relations.extend(query.translate(condition, ctx).relations)
        replace_where = query.duck_sql(condition)
    overwrite = bool(node.args.get("overwrite"))
    by_name = bool(node.args.get("by_name"))
    # A source reading the target must see it as it was before the rows are replaced: read
    # directly, or through a view or a temporary view (dbt's insert_overwrite strategy reads
    # its temporary view of the model), so any source reading a relation is staged first.
    reads_target = name in refs.relations
    may_read_target = bool(refs.relations) or bool(refs.one_part)

    def change(rt: Runtime, info: RelationInfo) -> dict[str, int]:
        if reads_target and overwrite:
            external.require_overwritable(info)
        source_from = source_sql
        if may_read_target and (overwrite or replace_where is not None):
            source_from = f"SELECT * FROM {_stage(rt, source_sql)}"
        if replace_where is not None:
            rt.cursor.execute(f"DELETE FROM {name.duck} WHERE {replace_where}")
        elif overwrite:
            partitions = dynamic or (list(info.partition_by) if not static else [])
            dynamic_mode = rt.state.conf.get(OVERWRITE_MODE, "").lower() == "dynamic"
            if static:
                where = " AND ".join(f"{ident(c)} = {v}" for c, v in static.items())
                rt.cursor.execute(f"DELETE FROM {name.duck} WHERE {where}")
            elif dynamic_mode and partitions:
                staged = _stage(rt, source_from)
                matches = " AND ".join(
                    f"s.{ident(c)} IS NOT DISTINCT FROM t.{ident(c)}" for c in partitions
                )
                rt.cursor.execute(
                    f"DELETE FROM {name.duck} AS t WHERE EXISTS "
                    f"(SELECT 1 FROM {staged} AS s WHERE {matches})"
                )
                source_from = f"SELECT * FROM {staged}"
            else:
                rt.cursor.execute(f"DELETE FROM {name.duck}")
        inserted = rows.count(
            rt, _insert_sql(name.duck, info, source_from, column_list, static, by_name)
        )
        return {rows.AFFECTED: inserted, rows.INSERTED: inserted}

    operation = (
        "INSERT ... REPLACE WHERE"
        if replace_where is not None
        else "INSERT OVERWRITE"
        if overwrite
        else None
    )
    mode = "Overwrite" if overwrite or replace_where is not None else "Append"
    return Plan(
        run=lambda rt: rows.change_rows(
            rt,
            name,
            lambda info: change(rt, info),
            operation,
            lambda counts: versions.write(mode, counts, predicate),
        ),
        relations=(name, *refs.relations),
        one_part=tuple(refs.one_part.items()),
        info_tables=refs.info_tables(),
    )


def _partition_spec(partition: exp.Expr | None) -> tuple[dict[str, str], list[str]]:
    """PARTITION (p = 'v', q): static values (as DuckDB SQL) and dynamic columns."""
    static: dict[str, str] = {}
    dynamic: list[str] = []
    for item in partition.expressions if isinstance(partition, exp.Partition) else []:
        if isinstance(item, exp.EQ):
            static[item.this.name] = item.expression.sql(dialect="duckdb")
        else:
            dynamic.append(item.name)
    return static, dynamic


def _stage(rt: Runtime, source_sql: str) -> str:
    """Evaluates the source once into a temporary table: when it is read twice, or reads the
    rows about to be replaced."""
    staged = f"{_STAGED}_{next(_STAGED_NUMBERS)}"
    rt.cursor.execute(f"CREATE OR REPLACE TEMP TABLE {staged} AS {source_sql}")

    def drop() -> None:
        rt.cursor.execute(f"DROP TABLE IF EXISTS temp.main.{staged}")

    rt.after_commit(drop)
    return f"temp.main.{staged}"


def _insert_sql(
    target: str,
    info: RelationInfo,
    source_sql: str,
    column_list: list[str] | None,
    static: dict[str, str],
    by_name: bool,
) -> str:
    if static:
        static_lower = {c.lower() for c in static}
        columns = column_list or [
            c.name for c in info.columns if c.name.lower() not in static_lower
        ]
        names = ", ".join(ident(c) for c in [*columns, *static])
        values = ", ".join(static.values())
        return f"INSERT INTO {target} ({names}) SELECT *, {values} FROM ({source_sql})"
    if by_name:
        return f"INSERT INTO {target} BY NAME {source_sql}"
    if column_list:
        return f"INSERT INTO {target} ({', '.join(ident(c) for c in column_list)}) {source_sql}"
    return f"INSERT INTO {target} {source_sql}"


def plan_replace_on(command: commands.ReplaceOn, ctx: Context) -> Plan:
    name = _target(command.target, ctx.ns)
    source = command.source.copy()
    condition = command.condition.copy()
    refs = query.translate(source, ctx)
    refs.relations.extend(query.translate(condition, ctx).relations)
    source_sql = query.duck_sql(query.as_query(source))
    condition_sql = query.duck_sql(condition)
    predicate = command.condition.sql(dialect="databricks")
    target_alias = ident(command.target_alias or name.name)
    source_alias = ident(command.source_alias or "source")

    def change(rt: Runtime, info: RelationInfo) -> dict[str, int]:
        staged = _stage(rt, source_sql)
        rt.cursor.execute(
            f"DELETE FROM {name.duck} AS {target_alias} WHERE EXISTS "
            f"(SELECT 1 FROM {staged} AS {source_alias} WHERE {condition_sql})"
        )
        inserted = rows.count(rt, f"INSERT INTO {name.duck} SELECT * FROM {staged}")
        return {rows.AFFECTED: inserted, rows.INSERTED: inserted}

    return Plan(
        run=lambda rt: rows.change_rows(
            rt,
            name,
            lambda info: change(rt, info),
            "INSERT ... REPLACE ON",
            lambda counts: versions.write("Overwrite", counts, predicate),
        ),
        relations=(name, *refs.relations),
        one_part=tuple(refs.one_part.items()),
        info_tables=refs.info_tables(),
    )


def _target(parts: tuple[str, ...], ns: Namespace) -> RelName:
    resolved = resolve_parts(parts, ns)
    if not isinstance(resolved, RelName):
        raise errors.not_supported("writing to information_schema or temporary views")
    return resolved
