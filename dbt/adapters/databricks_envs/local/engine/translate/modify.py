"""UPDATE, DELETE and TRUNCATE TABLE."""

from __future__ import annotations

from sqlglot import exp

from dbt.adapters.databricks_envs.local.engine import errors
from dbt.adapters.databricks_envs.local.engine.plan import Plan, Runtime
from dbt.adapters.databricks_envs.local.engine.storage.model import RelationInfo
from dbt.adapters.databricks_envs.local.engine.translate import (
    external,
    query,
    rows,
    target_policies,
    versions,
)
from dbt.adapters.databricks_envs.local.engine.translate.context import Context
from dbt.adapters.databricks_envs.local.engine.translate.names import duck_table, relation_parts


def plan_update_or_delete(node: exp.Update | exp.Delete, ctx: Context) -> Plan:
    target = node.this
    assert isinstance(target, exp.Table)
    name = relation_parts(target, ctx.ns)
    kind = "UPDATE" if isinstance(node, exp.Update) else "DELETE"
    where = node.args.get("where")
    predicate = where.this.sql(dialect="databricks") if where is not None else None
    refs = query.translate(node, ctx, skip={id(target)})
    target_policies.restrict_where(node, ctx.policies.protected.get(name), target.alias_or_name)
    target.replace(duck_table(name, target.args.get("alias")))
    if isinstance(node, exp.Update):
        # DuckDB takes SET targets unqualified only; they are the target's columns anyway.
        for assignment in node.expressions:
            column = assignment.this if isinstance(assignment, exp.EQ) else None
            if isinstance(column, exp.Column) and column.table:
                assignment.set("this", exp.column(column.name, quoted=True))
    sql = query.duck_sql(node)
    operation = "UPDATE" if isinstance(node, exp.Update) else "DELETE"

    def change(rt: Runtime, info: RelationInfo) -> dict[str, int]:
        external.require_delta(info, operation)
        return {rows.AFFECTED: rows.count(rt, sql)}

    return Plan(
        run=lambda rt: rows.change_rows(
            rt,
            name,
            lambda info: change(rt, info),
            operation=lambda counts: versions.update_or_delete(
                kind, predicate, counts[rows.AFFECTED]
            ),
        ),
        relations=(name, *refs.relations),
        one_part=tuple(refs.one_part.items()),
        info_tables=refs.info_tables(),
    )


def plan_truncate(node: exp.TruncateTable, ctx: Context) -> Plan:
    if node.args.get("is_database") or len(node.expressions) != 1:
        raise errors.parse_error("TRUNCATE")
    table = node.expressions[0]
    if table.args.get("partition") is not None:
        raise errors.not_supported("TRUNCATE TABLE ... PARTITION")
    name = relation_parts(table, ctx.ns)

    def change(rt: Runtime, info: RelationInfo) -> dict[str, int]:
        external.require_truncatable(info)
        rows.count(rt, f"DELETE FROM {name.duck}")
        return {rows.AFFECTED: 0}

    return Plan(
        run=lambda rt: rows.change_rows(
            rt,
            name,
            lambda info: change(rt, info),
            operation=lambda counts: versions.truncate(),
        ),
        relations=(name,),
    )
