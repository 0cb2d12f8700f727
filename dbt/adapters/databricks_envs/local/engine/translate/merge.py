"""MERGE INTO, including UPDATE SET * / INSERT * and WITH SCHEMA EVOLUTION.

DuckDB's ``*`` actions match columns by position; Databricks' match them by name. The stars are
expanded by name when the statement runs, from the target's and the source's actual columns.
"""

from __future__ import annotations

from collections import Counter

import duckdb
from sqlglot import exp

from dbt.adapters.databricks_envs.local.engine import errors, types
from dbt.adapters.databricks_envs.local.engine.plan import Plan, Runtime
from dbt.adapters.databricks_envs.local.engine.storage.model import RelationInfo
from dbt.adapters.databricks_envs.local.engine.storage.names import RelName, ident
from dbt.adapters.databricks_envs.local.engine.translate import (
    external,
    query,
    rows,
    target_policies,
    versions,
)
from dbt.adapters.databricks_envs.local.engine.translate.context import Context
from dbt.adapters.databricks_envs.local.engine.translate.names import duck_table, relation_parts


def plan_merge(node: exp.Merge, ctx: Context, schema_evolution: bool = False) -> Plan:
    target = node.this
    assert isinstance(target, exp.Table)
    name = relation_parts(target, ctx.ns)
    on = node.args.get("on")
    predicate = on.sql(dialect="databricks") if on is not None else ""
    refs = query.translate(node, ctx, skip={id(target)})
    target_policies.restrict_merge(node, ctx.policies.protected.get(name), target.alias_or_name)
    target.replace(duck_table(name, target.args.get("alias")))
    source = node.args["using"]
    source_alias = source.alias_or_name
    if isinstance(source, exp.Subquery):
        source_sql = query.duck_sql(source.this)
    else:
        bare = source.copy()
        bare.set("alias", None)
        source_sql = f"SELECT * FROM {query.duck_sql(bare)}"
    for when in _whens(node):
        _unqualify_set_targets(when)
    template = node
    has_star = any(_is_star(when.args.get("then")) for when in _whens(node))

    def change(rt: Runtime, info: RelationInfo) -> dict[str, int]:
        external.require_delta(info, "MERGE")
        tree = template.copy()
        if has_star or schema_evolution:
            source_columns = rt.cursor.sql(f"SELECT * FROM ({source_sql}) LIMIT 0")
            assert source_columns is not None
            names = list(source_columns.columns)
            target_columns = [c.name for c in info.columns]
            if schema_evolution:
                target_columns += _evolve(rt, name, info, names, source_columns.types)
            for when in _whens(tree):
                _expand(when, target_columns, names, source_alias)
        merged = rt.cursor.execute(f"{query.duck_sql(tree)} RETURNING merge_action")
        actions = Counter(row[0] for row in merged.fetchall())
        updated, deleted, inserted = actions["UPDATE"], actions["DELETE"], actions["INSERT"]
        return {
            rows.AFFECTED: updated + deleted + inserted,
            rows.UPDATED: updated,
            rows.DELETED: deleted,
            rows.INSERTED: inserted,
        }

    return Plan(
        run=lambda rt: rows.change_rows(
            rt,
            name,
            lambda info: change(rt, info),
            operation=lambda counts: versions.merge(predicate, counts),
        ),
        relations=(name, *refs.relations),
        one_part=tuple(refs.one_part.items()),
        info_tables=refs.info_tables(),
    )


def _whens(tree: exp.Merge) -> list[exp.When]:
    whens = tree.args.get("whens")
    return list(whens.expressions) if whens else []


def _unqualify_set_targets(when: exp.When) -> None:
    """``UPDATE SET t.col = ...``: the target column is always the target table's, and DuckDB
    accepts it only unqualified."""
    action = when.args.get("then")
    if isinstance(action, exp.Update):
        for assignment in action.expressions:
            column = assignment.this if isinstance(assignment, exp.EQ) else None
            if isinstance(column, exp.Column) and column.table:
                assignment.set("this", exp.column(column.name, quoted=True))


def _is_star(action: exp.Expr | None) -> bool:
    if isinstance(action, exp.Update):
        return any(isinstance(e, exp.Star) for e in action.expressions)
    return isinstance(action, exp.Insert) and isinstance(action.this, exp.Star)


def _expand(when: exp.When, target: list[str], source: list[str], alias: str) -> None:
    action = when.args.get("then")
    if action is None or not _is_star(action):
        return
    by_lower = {c.lower(): c for c in source}
    pairs = [(t, by_lower[t.lower()]) for t in target if t.lower() in by_lower]
    if not pairs:
        raise errors.invalid(
            "DELTA_MERGE_UNRESOLVED_EXPRESSION",
            "Cannot resolve the columns of UPDATE SET * / INSERT *: the source has no column "
            "of the target.",
            "42601",
        )

    def source_column(column: str) -> exp.Column:
        return exp.column(column, table=alias, quoted=True)

    if isinstance(action, exp.Update):
        action.set(
            "expressions",
            [
                exp.EQ(this=exp.column(t, quoted=True), expression=source_column(s))
                for t, s in pairs
            ],
        )
    else:
        action.set("this", exp.Tuple(expressions=[exp.column(t, quoted=True) for t, _ in pairs]))
        action.set("expression", exp.Tuple(expressions=[source_column(s) for _, s in pairs]))


def _evolve(
    rt: Runtime,
    name: RelName,
    info: RelationInfo,
    source: list[str],
    source_types: list[duckdb.sqltypes.DuckDBPyType],
) -> list[str]:
    """WITH SCHEMA EVOLUTION: adds the source's new columns to the target first."""
    existing = {c.name.lower() for c in info.columns}
    added = []
    for column, duck_type in zip(source, source_types, strict=True):
        if column.lower() not in existing:
            column_type = types.result_cast(duck_type) or str(duck_type)
            rt.cursor.execute(f"ALTER TABLE {name.duck} ADD COLUMN {ident(column)} {column_type}")
            added.append(column)
    if added:
        rt.after_commit(lambda: rt.mirror.load_relation(rt.cursor, name))
    return added
