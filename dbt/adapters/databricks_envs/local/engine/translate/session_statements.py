"""Statements about the session itself: USE, SET, and maintenance commands that only need the
table to exist (OPTIMIZE, VACUUM, ANALYZE, REFRESH)."""

from __future__ import annotations

from sqlglot import exp

from dbt.adapters.databricks_envs.local.api import Result
from dbt.adapters.databricks_envs.local.engine import errors
from dbt.adapters.databricks_envs.local.engine.plan import STRING, Plan, Runtime, empty, rows_result
from dbt.adapters.databricks_envs.local.engine.storage.catalogs import DEFAULT_SCHEMA
from dbt.adapters.databricks_envs.local.engine.translate import checks, commands
from dbt.adapters.databricks_envs.local.engine.translate.context import Context
from dbt.adapters.databricks_envs.local.engine.translate.definitions import literal_text
from dbt.adapters.databricks_envs.local.engine.translate.names import (
    RelName,
    parts_of,
    resolve_parts,
)

_KEY_VALUE = (("key", STRING), ("value", STRING))
_UNDEFINED = "<undefined>"


def plan_use(node: exp.Use, ctx: Context) -> Plan:
    kind = str(node.args.get("kind") or "").upper()
    table = node.this
    assert isinstance(table, exp.Table)
    parts = parts_of(table)
    if kind == "CATALOG":
        if len(parts) != 1:
            raise errors.parse_error(".".join(parts))
        catalog, schema = parts[0], None
    elif len(parts) == 1:
        catalog, schema = ctx.ns.catalog, parts[0]
    elif len(parts) == 2:
        catalog, schema = parts
    else:
        raise errors.parse_error(".".join(parts))

    def run(rt: Runtime) -> Result:
        if schema is None:
            checks.catalog(rt, catalog)
            rt.state.catalog, rt.state.schema = catalog, DEFAULT_SCHEMA
        else:
            checks.schema(rt, catalog, schema)
            rt.state.catalog, rt.state.schema = catalog, schema
        return empty()

    return Plan(run=run)


def plan_set(node: exp.Set) -> Plan:
    if not node.expressions:
        return plan_show_config(commands.ShowConfig(None))
    pairs = []
    for item in node.expressions:
        if isinstance(item, exp.SetItem) and str(item.args.get("kind") or "").upper() in (
            "VAR",
            "VARIABLE",
        ):
            raise errors.not_supported("session variables (DECLARE VARIABLE, SET VARIABLE)")
        assignment = item.this if isinstance(item, exp.SetItem) else item
        if not isinstance(assignment, exp.EQ):
            raise errors.parse_error(item.sql(dialect="databricks")[:40])
        key = assignment.this.sql(dialect="databricks").replace("`", "")
        pairs.append((key, literal_text(assignment.expression)))

    def run(rt: Runtime) -> Result:
        for key, value in pairs:
            rt.state.conf[key] = value
        return rows_result(_KEY_VALUE, pairs)

    return Plan(run=run)


def plan_show_config(command: commands.ShowConfig) -> Plan:
    def run(rt: Runtime) -> Result:
        if command.key is None:
            return rows_result(_KEY_VALUE, sorted(rt.state.conf.items()))
        if "=" in command.key:
            raise errors.parse_error(command.key)
        return rows_result(_KEY_VALUE, [(command.key, rt.state.conf.get(command.key, _UNDEFINED))])

    return Plan(run=run)


def plan_maintenance(parts: tuple[str, ...] | None, ctx: Context) -> Plan:
    """The statement only has to find its table; there is nothing to optimize locally."""
    if parts is None:
        return Plan(run=lambda rt: empty())
    resolved = resolve_parts(parts, ctx.ns)

    def run(rt: Runtime) -> Result:
        if isinstance(resolved, RelName):
            checks.relation(rt, resolved)
        return empty()

    return Plan(run=run, relations=(resolved,) if isinstance(resolved, RelName) else ())
