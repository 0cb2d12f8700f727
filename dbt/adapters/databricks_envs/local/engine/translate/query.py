"""Queries: SELECT, set operations, VALUES, and the query part of every other statement."""

from __future__ import annotations

from collections.abc import Callable

from sqlglot import exp

from dbt.adapters.databricks_envs.local.api import Result, WarehouseError
from dbt.adapters.databricks_envs.local.engine import errors, results
from dbt.adapters.databricks_envs.local.engine.introspect import point_lookup, snapshots
from dbt.adapters.databricks_envs.local.engine.plan import STRING, Plan, Runtime, rows_result
from dbt.adapters.databricks_envs.local.engine.results import Parameters
from dbt.adapters.databricks_envs.local.engine.translate import expressions, routines, time_travel
from dbt.adapters.databricks_envs.local.engine.translate.context import Context
from dbt.adapters.databricks_envs.local.engine.translate.names import (
    InfoSchemaTable,
    References,
    parts_of,
    resolve_parts,
    rewrite_tables,
)

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


# What makes rows of its own (explode, unnest, VALUES, series), besides table functions.
_GENERATORS = (exp.UDTF, exp.GenerateSeries, exp.GenerateDateArray)


def translate(
    tree: exp.Expr, ctx: Context, skip: set[int] | None = None, time_travel: bool = False
) -> References:
    """Rewrites ``tree`` in place into DuckDB terms; returns the names it read. Reading a
    table's earlier version is for queries only (``time_travel``)."""
    for nested in tree.find_all(exp.Describe, exp.Stream):
        if isinstance(nested, exp.Stream):
            # STREAM(t) / STREAM t: the source of a streaming table, which needs a stream.
            raise errors.not_supported("streaming tables")
        if str(nested.args.get("style") or "").upper() == "HISTORY":
            raise errors.not_supported("DESCRIBE HISTORY as a subquery")
        raise errors.not_supported("DESCRIBE as a subquery")
    # Calls first: the reads of protected tables bring calls of their own, already rewritten.
    called = routines.rewrite_calls(tree, ctx.ns)
    refs = rewrite_tables(tree, ctx.ns, skip, ctx.policies)
    if refs.time_travel and not time_travel:
        raise errors.not_supported("time travel (VERSION AS OF / TIMESTAMP AS OF) outside queries")
    refs.functions.extend(called)
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


def translate_query(
    tree: exp.Expr, ctx: Context, time_travel: bool = False
) -> tuple[str, References]:
    query = as_query(tree)
    refs = translate(query, ctx, time_travel=time_travel)
    return duck_sql(query), refs


def plan_query(tree: exp.Expr, ctx: Context) -> Plan:
    return template_query(tree, ctx)(None)


def template_query(tree: exp.Expr, ctx: Context) -> Callable[[Parameters], Plan]:
    """The plans of ``tree`` for given values of its parameters (see templates.py)."""
    lookup = point_lookup.of(tree, ctx)
    if lookup is not None:
        return lookup
    volatile = any(isinstance(node, _VOLATILE) for node in tree.walk())
    generates_rows = any(_generates_rows(node) for node in tree.walk())
    always_empty = _rows_from_an_empty_table(tree, ctx)
    sql, refs = translate_query(tree, ctx, time_travel=True)
    travels = refs.time_travel
    only_information_schema = bool(refs.info_schema) and not refs.relations and not refs.one_part
    reusable = only_information_schema and not volatile
    # Bounded by the catalog's size: one information_schema table with rows at most (a join
    # of two could take as long as anything; the key tables hold a few rows and do not count),
    # and nothing that makes rows of its own.
    with_rows = [t for t in refs.info_schema if not snapshots.is_small(t.table)]
    metadata_only = (
        only_information_schema
        and len(with_rows) <= 1
        and not generates_rows
        and not refs.system_tables
    )
    # The empty result of a query that is always empty, once DuckDB gave its columns.
    empty: list[Result] = []

    def run(rt: Runtime, parameters: Parameters) -> Result:
        if empty:
            return empty[0]
        bound = time_travel.bind(rt, sql, travels) if travels else sql
        result = results.query(rt.cursor, bound, parameters)
        if always_empty and result.table.num_rows == 0:
            empty.append(result)
        return result

    def bind(parameters: Parameters) -> Plan:
        return Plan(
            run=lambda rt: run(rt, parameters),
            relations=tuple(refs.relations),
            one_part=tuple(refs.one_part.items()),
            info_tables=refs.info_tables(),
            reusable_result=reusable,
            metadata_only=metadata_only,
        )

    return bind


def _generates_rows(node: exp.Expr) -> bool:
    """Whether the node makes rows of its own: a table function, explode, a series."""
    if isinstance(node, exp.Table):
        return not isinstance(node.this, exp.Identifier)
    return isinstance(node, _GENERATORS)


def _rows_from_an_empty_table(tree: exp.Expr, ctx: Context) -> bool:
    """Whether every row of the query comes from an information_schema table that is always
    empty here (row filters, column masks, constraints, tags): then so is its result, whatever
    the values it compares. dbt asks about each table's filters, masks and keys. (An aggregate
    makes a row out of none: its first result is not empty, so it is never taken as known.)"""
    if not isinstance(tree, exp.Select) or tree.args.get("group") or tree.args.get("having"):
        return False
    source = tree.args.get("from_")
    if source is None or not isinstance(source.this, exp.Table):
        return False
    if any(join.side in ("RIGHT", "FULL") for join in tree.args.get("joins") or ()):
        return False
    try:
        resolved = resolve_parts(parts_of(source.this), ctx.ns)
    except WarehouseError:
        return False
    return isinstance(resolved, InfoSchemaTable) and snapshots.is_constant(resolved.table)


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
