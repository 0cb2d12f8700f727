"""Statements about the session (USE, SET, SET without a value), and those that only need
their table to exist (ANALYZE, REFRESH TABLE, OPTIMIZE, VACUUM, CACHE...)."""

from __future__ import annotations

from sqlglot import exp

from dbt.adapters.databricks_envs.local.engine.plan import Plan
from dbt.adapters.databricks_envs.local.engine.security import Access
from dbt.adapters.databricks_envs.local.engine.statements.family import Caching, Family
from dbt.adapters.databricks_envs.local.engine.translate import (
    command_parser,
    command_reads,
    commands,
    session_statements,
)
from dbt.adapters.databricks_envs.local.engine.translate.access_parts import (
    access,
    namespace,
    reads_besides,
    relation,
    target_of,
)
from dbt.adapters.databricks_envs.local.engine.translate.context import Context
from dbt.adapters.databricks_envs.local.engine.translate.names import Namespace, parts_of


def _use(node: exp.Use, ns: Namespace, found: list[Access]) -> None:
    if not isinstance(node.this, exp.Table):
        return
    parts = parts_of(node.this)
    if str(node.args.get("kind") or "").upper() == "CATALOG":
        found.append(access("use", "catalog", parts[0]))
    else:
        catalog, schema = namespace(parts, ns)
        found.append(access("use", "schema", f"{catalog}.{schema}"))


def _maintained(statement: object) -> tuple[str, ...] | None:
    """The table a maintenance statement names, if any."""
    if isinstance(statement, commands.Maintenance):
        return statement.table
    assert isinstance(statement, (exp.Analyze, exp.Refresh))
    tables = statement.args.get("tables") or [statement.this]
    return parts_of(tables[0]) if isinstance(tables[0], exp.Table) else None


def _maintenance_accesses(statement: object, ns: Namespace, found: list[Access]) -> None:
    parts = _maintained(statement)
    name = relation(parts, ns) if parts else None
    if name:
        found.append(access("write", "table", name))


def _plan_maintenance(statement: object, ctx: Context) -> Plan:
    return session_statements.plan_maintenance(_maintained(statement), ctx)


USE = Family("use", (exp.Use,), session_statements.plan_use, accesses=_use, caching=Caching.NEVER)
SET = Family(
    "set",
    (exp.Set, commands.ShowConfig),
    lambda statement, ctx: (
        session_statements.plan_set(statement)
        if isinstance(statement, exp.Set)
        else session_statements.plan_show_config(statement)
    ),
    accesses=lambda statement, ns, found: (
        reads_besides(statement, ns, found, target_of(statement))
        if isinstance(statement, exp.Set)
        else None
    ),
    caching=Caching.NEVER,
    tokens=lambda s, sql, parse_query: command_reads.set_statement(s) if s.accept("SET") else None,
)
MAINTENANCE = Family(
    "maintenance",
    (exp.Analyze, exp.Refresh, commands.Maintenance),
    _plan_maintenance,
    accesses=_maintenance_accesses,
    tokens=lambda s, sql, parse_query: command_parser.maintenance(s),
)
FAMILIES = (USE, SET, MAINTENANCE)
