"""Queries (SELECT, VALUES, set operations) and EXPLAIN of a query."""

from __future__ import annotations

from sqlglot import exp

from dbt.adapters.databricks_envs.local.engine import errors
from dbt.adapters.databricks_envs.local.engine.plan import Plan
from dbt.adapters.databricks_envs.local.engine.security import Access
from dbt.adapters.databricks_envs.local.engine.statements.family import Caching, Family
from dbt.adapters.databricks_envs.local.engine.translate import (
    command_parser,
    commands,
    parse,
    query,
)
from dbt.adapters.databricks_envs.local.engine.translate.access_parts import (
    reads_besides,
    target_of,
)
from dbt.adapters.databricks_envs.local.engine.translate.context import Context
from dbt.adapters.databricks_envs.local.engine.translate.names import Namespace


def _reads(node: exp.Expr, ns: Namespace, found: list[Access]) -> None:
    reads_besides(node, ns, found, target_of(node))


def _plan_explain(command: commands.Explain, ctx: Context) -> Plan:
    explained = parse.parse(command.statement)
    if len(explained) != 1:
        raise errors.parse_error("EXPLAIN")
    if isinstance(explained[0], query.QUERY_TYPES):
        return query.plan_explain(explained[0], ctx)
    raise errors.not_supported("EXPLAIN of statements other than queries")


QUERIES = Family(
    "query", query.QUERY_TYPES, query.plan_query, accesses=_reads, caching=Caching.RESULT
)
# EXPLAIN shows a plan and reads nothing: it needs no privilege.
EXPLAIN = Family(
    "explain",
    (commands.Explain,),
    _plan_explain,
    tokens=lambda s, sql, parse_query: command_parser.explain(s),
)
FAMILIES = (QUERIES, EXPLAIN)
