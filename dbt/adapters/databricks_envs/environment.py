"""Which environment this run is (dev, ci, staging, prod), in the documented order.

Pure: the inputs are plain values. The rules themselves are the package's macros, evaluated
through :mod:`rules`, so that Python and the macros can never disagree.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dbt.adapters.databricks_envs import rules

ENVIRONMENTS = ("dev", "ci", "staging", "prod")
SETTINGS_VAR = "databricks_envs"


def settings(raw: Any) -> dict[str, Any]:
    """The ``vars: databricks_envs:`` settings, validated, with defaults filled in."""
    result: dict[str, Any] = rules.call("_dbenvs_settings", raw)
    return result


def resolve(
    *,
    profile_environment: str | None,
    raw_settings: Any,
    invocation_context: str | None,
    target_name: str,
) -> str:
    """The environment: profile field, then var, then dbt Cloud's context, then target name."""
    environment: str = rules.call(
        "_dbenvs_resolve_environment",
        profile_environment,
        settings(raw_settings),
        invocation_context or "",
        target_name,
    )
    return environment


def raw_settings_from_vars(project_vars: Mapping[str, Any], cli_vars: Mapping[str, Any]) -> Any:
    """What ``var('databricks_envs')`` gives at the top level: --vars win over dbt_project.yml."""
    if SETTINGS_VAR in cli_vars:
        return cli_vars[SETTINGS_VAR]
    return project_vars.get(SETTINGS_VAR)
