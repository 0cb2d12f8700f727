"""Environment resolution: the documented order, evaluated from the package's rule macros."""

from __future__ import annotations

from typing import Any

import pytest

from dbt.adapters.databricks_envs import environment
from dbt.adapters.databricks_envs.rules import RuleError


def resolve(
    target_name: str = "dev",
    profile_environment: str | None = None,
    raw_settings: Any = None,
    **environ: str,
) -> str:
    given = environment.inputs(
        profile_environment=profile_environment,
        raw_settings=raw_settings,
        target_name=target_name,
        environ=environ,
    )
    return environment.resolve(given)


@pytest.mark.parametrize(
    ("target_name", "expected"),
    [
        ("prod", "prod"),
        ("production", "prod"),
        ("staging", "staging"),
        ("ci", "ci"),
        ("dev", "dev"),
        ("john", "dev"),
        ("Prod", "dev"),  # target names match exactly, as dbt compares them
    ],
)
def test_target_name_defaults(target_name: str, expected: str) -> None:
    assert resolve(target_name) == expected


def test_profile_field_wins_over_everything() -> None:
    assert (
        resolve(
            "prod",
            profile_environment="dev",
            raw_settings={"environment": "staging"},
            DBT_CLOUD_INVOCATION_CONTEXT="prod",
        )
        == "dev"
    )


def test_var_wins_over_dbt_cloud_and_target_name() -> None:
    settings = {"environment": "staging"}
    assert resolve("prod", raw_settings=settings, DBT_CLOUD_INVOCATION_CONTEXT="ci") == "staging"


def test_dbt_cloud_context_wins_over_target_name() -> None:
    assert resolve("default", DBT_CLOUD_INVOCATION_CONTEXT="prod") == "prod"
    assert resolve("prod", DBT_CLOUD_INVOCATION_CONTEXT="ci") == "ci"


def test_unknown_dbt_cloud_context_is_ignored() -> None:
    assert resolve("prod", DBT_CLOUD_INVOCATION_CONTEXT="ide") == "prod"


def test_configured_target_names_replace_that_environments_defaults() -> None:
    settings = {"target_names": {"prod": ["live"], "ci": ["pr", "ci"]}}
    assert resolve("live", raw_settings=settings) == "prod"
    assert resolve("prod", raw_settings=settings) == "dev"
    assert resolve("pr", raw_settings=settings) == "ci"
    assert resolve("staging", raw_settings=settings) == "staging"


@pytest.mark.parametrize(
    ("raw", "names"),
    [
        ({"environment": "qa"}, ["`vars: databricks_envs: environment`", "dev, ci, staging, prod"]),
        ({"enviroment": "prod"}, ["`vars: databricks_envs: enviroment`", "is not a setting"]),
        ({"target_names": ["prod"]}, ["target_names", "must map an environment"]),
        ({"target_names": {"qa": ["x"]}}, ["target_names.qa", "is not an environment"]),
        ({"target_names": {"prod": "live"}}, ["target_names.prod", "list of target names"]),
        ({"protected_catalogs": "prod"}, ["protected_catalogs", "list of catalog names"]),
        ({"prod": {"catalogs": ["a"]}}, ["prod.catalogs", "must map a +database value"]),
        ({"dev": {"custom_schemas": "merge"}}, ["dev.custom_schemas", "ignore, prefix, as_is"]),
        ({"ci": {"custom_databases": "prefix"}}, ["ci.custom_databases", "ignore, as_is"]),
        ({"staging": "as_is"}, ["`vars: databricks_envs: staging`", "must be a mapping"]),
        ({"ci": {"schema_prefix": 7}}, ["ci.schema_prefix", "must be a string"]),
        ("prod", ["`vars: databricks_envs`", "must be a mapping of settings"]),
    ],
)
def test_invalid_settings_name_the_setting(raw: Any, names: list[str]) -> None:
    with pytest.raises(RuleError) as error:
        resolve("dev", raw_settings=raw)
    for name in names:
        assert name in str(error.value)


def test_settings_defaults() -> None:
    settings = environment.settings(None)
    assert settings["protected_catalogs"] == ["prod"]
    assert settings["dev"]["custom_schemas"] == "ignore"
    assert settings["prod"]["custom_databases"] == "as_is"
    assert settings["ci"]["schema_prefix"] == "dbt_ci_pr_"


def test_raw_settings_from_vars_cli_wins() -> None:
    project = {"databricks_envs": {"environment": "prod"}}
    assert environment.raw_settings_from_vars(project, {}) == {"environment": "prod"}
    cli = {"databricks_envs": {"environment": "ci"}}
    assert environment.raw_settings_from_vars(project, cli) == {"environment": "ci"}
    assert environment.raw_settings_from_vars({}, {}) is None


def test_decide_rejects_unknown_questions() -> None:
    with pytest.raises(ValueError, match="unknown rule question"):
        environment.decide("alias", None, None, {})
