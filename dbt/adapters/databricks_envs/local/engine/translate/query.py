"""Queries: SELECT, set operations, VALUES, and the query part of every other statement."""

from __future__ import annotations

from sqlglot import exp

from dbt.adapters.databricks_envs.local.engine import errors, results
from dbt.adapters.databricks_envs.local.engine.plan import Plan
from dbt.adapters.databricks_envs.local.engine.translate import expressions
from dbt.adapters.databricks_envs.local.engine.translate.context import Context
from dbt.adapters.databricks_envs.local.engine.translate.names import References, rewrite_tables

QUERY_TYPES = (exp.Query, exp.Values, exp.Subquery)


def translate(tree: exp.Expr, ctx: Context, skip: set[int] | None = None) -> References:
    """Rewrites ``tree`` in place into DuckDB terms; returns the names it read."""
    refs = rewrite_tables(tree, ctx.ns, skip)
    expressions.rewrite(tree, ctx.values)
    return refs


def duck_sql(tree: exp.Expr) -> str:
    return tree.sql(dialect="duckdb")


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
    sql, refs = translate_query(tree, ctx)
    return Plan(
        run=lambda rt: results.query(rt.cursor, sql),
        relations=tuple(refs.relations),
        one_part=tuple(refs.one_part.items()),
    )
