"""DESCRIBE FUNCTION [EXTENDED]: one ``function_desc`` column, a line per row, as Databricks
shows a SQL function."""

from __future__ import annotations

from dbt.adapters.databricks_envs.local.api import Result
from dbt.adapters.databricks_envs.local.engine import errors
from dbt.adapters.databricks_envs.local.engine.introspect import lookup
from dbt.adapters.databricks_envs.local.engine.plan import STRING, Plan, Runtime, rows_result
from dbt.adapters.databricks_envs.local.engine.storage.model import FunctionInfo
from dbt.adapters.databricks_envs.local.engine.translate.context import Context
from dbt.adapters.databricks_envs.local.engine.translate.routines import function_name


def plan_describe_function(parts: tuple[str, ...], extended: bool, ctx: Context) -> Plan:
    name = function_name(parts, ctx.ns)

    def run(rt: Runtime) -> Result:
        info = rt.mirror.function(name)
        if info is None:
            if len(parts) == 1:
                raise errors.not_supported("DESCRIBE FUNCTION of built-in functions")
            raise errors.routine_not_found(*name.parts)
        return rows_result([("function_desc", STRING)], [(line,) for line in lines(info, extended)])

    return Plan(run=run, metadata_only=True)


def lines(info: FunctionInfo, extended: bool) -> list[str]:
    found = [f"Function:    {info.name.dotted}", "Type:        SCALAR"]
    inputs = [
        f"{p.name} {p.type_name.upper()}" + (f" DEFAULT {p.default}" if p.default else "")
        for p in info.parameters
    ]
    for index, text in enumerate(inputs or ["()"]):
        found.append(("Input:       " if index == 0 else "             ") + text)
    found.append(f"Returns:     {info.returns.upper()}")
    if not extended:
        return found
    if info.comment:
        found.append(f"Comment:     {info.comment}")
    found += [
        f"Deterministic: {str(info.deterministic).lower()}",
        f"Data Access: {info.data_access}",
        f"Owner:       {info.owner}",
        f"Create Time: {lookup.java_time(info.created)}",
        f"Body:        {info.body}",
    ]
    return found
