"""Which environment this run is (dev, ci, staging, prod), and where each node lands.

Pure: the inputs are plain values. The rules themselves are the package's macros
(``macros/rules/``), evaluated through :mod:`rules`, so Python and the macros never disagree.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from dbt.adapters.databricks_envs import rules

# The one definition of both lives in the rules (macros/rules/_definitions.sql).
ENVIRONMENTS: tuple[str, ...] = tuple(rules.call("_dbenvs_environments"))
CI_SYSTEMS: tuple[dict[str, str], ...] = tuple(rules.call("_dbenvs_ci_systems"))
CI_VARIABLES = tuple(v for system in CI_SYSTEMS for v in (system["pr"], system["commit"]))
# Every env var the rules read.
ROUTING_VARIABLES: tuple[str, ...] = tuple(rules.call("_dbenvs_env_variables"))
SETTINGS_VAR = "databricks_envs"
QUESTIONS = ("environment", "schema", "database")


def inputs(
    *,
    profile_environment: str | None,
    raw_settings: Any,
    target_name: str,
    environ: Mapping[str, str] = os.environ,
) -> dict[str, Any]:
    """What the rules decide from; the same shape the macro ``_dbenvs_decide`` builds."""
    return {
        "profile_environment": profile_environment,
        "raw_settings": raw_settings,
        "invocation_context": environ.get("DBT_CLOUD_INVOCATION_CONTEXT", ""),
        "target_name": target_name,
        "ci_env": {name: environ.get(name, "") for name in CI_VARIABLES},
    }


def decide(question: str, name: str | None, default: str | None, given: Mapping[str, Any]) -> str:
    """Answers a rule question: the environment, or a node's schema or catalog.

    dbt asks this for every node it parses with the same inputs, so answers are memoized.
    """
    if question not in QUESTIONS:
        raise ValueError(f"unknown rule question {question!r}; ask one of {QUESTIONS}")
    key = json.dumps([question, name, default, given], sort_keys=True, default=repr)
    return _decide(key)


@lru_cache(maxsize=8192)
def _decide(key: str) -> str:
    question, name, default, given = json.loads(key)
    answer: str = rules.call("_dbenvs_answer", question, name, default, given)
    return answer


def resolve(given: Mapping[str, Any]) -> str:
    """The environment: profile field, then var, then dbt Cloud's context, then target name."""
    return decide("environment", None, None, given)


def settings(raw: Any) -> dict[str, Any]:
    """The ``vars: databricks_envs:`` settings, validated, with defaults filled in."""
    result: dict[str, Any] = rules.call("_dbenvs_settings", raw)
    return result


def raw_settings_from_vars(project_vars: Mapping[str, Any], cli_vars: Mapping[str, Any]) -> Any:
    """What ``var('databricks_envs')`` gives at the top level: --vars win over dbt_project.yml."""
    if SETTINGS_VAR in cli_vars:
        return cli_vars[SETTINGS_VAR]
    return project_vars.get(SETTINGS_VAR)
