"""Statements the local warehouse recognizes and refuses by name (see README, "Local
warehouse"): privileges are granted through the warehouse's REST API and its file, not SQL."""

from __future__ import annotations

from sqlglot import exp

from dbt.adapters.databricks_envs.local.engine import errors
from dbt.adapters.databricks_envs.local.engine.plan import Plan
from dbt.adapters.databricks_envs.local.engine.statements.family import Family, Planner
from dbt.adapters.databricks_envs.local.engine.translate.context import Context


def _refuse(feature: str) -> Planner:
    def plan(statement: object, ctx: Context) -> Plan:
        raise errors.not_supported(feature)

    return plan


GRANTS = Family(
    "grant or revoke", (exp.Grant, exp.Revoke), _refuse("GRANT / REVOKE (Unity Catalog privileges)")
)
COPY = Family("copy into", (exp.Copy,), _refuse("COPY INTO"))
FAMILIES = (GRANTS, COPY)
