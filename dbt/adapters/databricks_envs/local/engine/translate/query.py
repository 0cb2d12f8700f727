"""Queries: SELECT, set operations, VALUES, and the query part of every other statement."""

from __future__ import annotations

from collections.abc import Callable

from sqlglot import exp

from dbt.adapters.databricks_envs.local.api import Result
from dbt.adapters.databricks_envs.local.engine import errors, results
from dbt.adapters.databricks_envs.local.engine.plan import STRING, Plan, Runtime, rows_result
from dbt.adapters.databricks_envs.local.engine.results import Parameters
from dbt.adapters.databricks_envs.local.engine.translate import expressions
from dbt.adapters.databricks_envs.local.engine.translate.context import Context
from dbt.adapters.databricks_envs.local.engine.translate.names import References, rewrite_tables

QUERY_TYPES = (exp.Query, exp.Values, exp.Subquery)

# Whatever may give another answer to the same question over the same data.
_VOLATILE = (
    exp.CurrentTimestamp,
    exp.CurrentDate,
    exp.CurrentTime,
    exp.Rand,
    exp.Uuid,
    exp.Anonymous,
)


def translate(tree: exp.Expr, ctx: Context, skip: set[int] | None = None) -> References:
    """Rewrites ``tree`` in place into DuckDB terms; returns the names it read."""
    for nested in tree.find_all(exp.Describe):
        if str(nested.args.get("style") or "").upper() == "HISTORY":
            raise errors.not_supported("DESCRIBE HISTORY (table history)")
        raise errors.not_supported("DESCRIBE as a subquery")
    refs = rewrite_tables(tree, ctx.ns, skip)
    expressions.rewrite(tree, ctx.values)
    return refs


def duck_sql(tree: exp.Expr) -> str:
    """The DuckDB SQL of a translated tree, which is not used afterwards (so not copied)."""
    return tree.sql(dialect="duckdb", copy=False)


def as_query(source: exp.Expr) -> exp.Expr:
    """``TABLE t`` (a bare table where a query is expected) as ``SELECT * FROM t``."""
    if isinstance(source, exp.Table):
        return exp.select("*").from_(source)
    if not isinstance(source, QUERY_TYPES):
        raise errors.parse_error(source.sql(dialect="databricks")[:40])
    return source


def translate_query(tree: exp.Expr, ctx: Context) -> tuple[str, References]:
    query = as_query(tree)
    refs = translate(query, ctx)
    return duck_sql(query), refs


def plan_query(tree: exp.Expr, ctx: Context) -> Plan:
    return template_query(tree, ctx)(None)


def template_query(tree: exp.Expr, ctx: Context) -> Callable[[Parameters], Plan]:
    """The plans of ``tree`` for given values of its parameters (see templates.py)."""
    volatile = any(isinstance(node, _VOLATILE) for node in tree.walk())
    sql, refs = translate_query(tree, ctx)
    reusable = bool(refs.info_schema) and not refs.relations and not refs.one_part
    reusable = reusable and not volatile

    def bind(parameters: Parameters) -> Plan:
        return Plan(
            run=lambda rt: results.query(rt.cursor, sql, parameters),
            relations=tuple(refs.relations),
            one_part=tuple(refs.one_part.items()),
            info_tables=refs.info_tables(),
            reusable_result=reusable,
        )

    return bind


def plan_explain(statement: exp.Expr, ctx: Context) -> Plan:
    """EXPLAIN: the query must bind (tables and columns exist); the plan shown is the DuckDB
    query it runs as."""
    sql, refs = translate_query(statement, ctx)

    def run(rt: Runtime) -> Result:
        bound, _ = results.normalized(rt.cursor, sql)
        return rows_result([("plan", STRING)], [(f"== Physical Plan ==\n{bound}",)])

    return Plan(
        run=run,
        relations=tuple(refs.relations),
        one_part=tuple(refs.one_part.items()),
        info_tables=refs.info_tables(),
    )
