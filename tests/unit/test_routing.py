"""Routing rules: where a node lands in each environment, from the package's rule macros."""

from __future__ import annotations

from typing import Any

import pytest

from dbt.adapters.databricks_envs import environment
from dbt.adapters.databricks_envs.rules import RuleError

PR = {"GITHUB_REF": "refs/pull/42/merge"}


def place(
    env: str,
    custom_schema: str | None,
    custom_database: str | None,
    settings: Any = None,
    environ: dict[str, str] | None = None,
) -> str:
    given = environment.inputs(
        profile_environment=env,
        raw_settings=settings,
        target_name="whatever",
        environ=environ or {},
    )
    database = environment.decide("database", custom_database, "target_cat", given)
    schema = environment.decide("schema", custom_schema, "target_schema", given)
    return f"{database}.{schema}"


@pytest.mark.parametrize(
    ("custom_schema", "custom_database"),
    [(None, None), ("marketing", None), (None, "analytics"), ("marketing", "analytics")],
)
def test_dev_keeps_everything_in_the_sandbox(
    custom_schema: str | None, custom_database: str | None
) -> None:
    assert place("dev", custom_schema, custom_database) == "target_cat.target_schema"


def test_dev_prefix_option() -> None:
    settings = {"dev": {"custom_schemas": "prefix"}}
    assert place("dev", "marketing", "analytics", settings) == "target_cat.target_schema_marketing"
    assert place("dev", None, None, settings) == "target_cat.target_schema"


def test_dev_can_honour_custom_databases_when_asked() -> None:
    settings = {"dev": {"custom_databases": "as_is"}}
    assert place("dev", None, "analytics", settings) == "analytics.target_schema"


@pytest.mark.parametrize(
    ("environ", "schema"),
    [
        ({"GITHUB_REF": "refs/pull/42/merge"}, "dbt_ci_pr_42"),
        ({"DBT_CLOUD_PR_ID": "17"}, "dbt_ci_pr_17"),
        ({"CI_MERGE_REQUEST_IID": "5"}, "dbt_ci_pr_5"),
        ({"DBT_CLOUD_PR_ID": "17", "GITHUB_REF": "refs/pull/42/merge"}, "dbt_ci_pr_17"),
        ({"SYSTEM_PULLREQUEST_PULLREQUESTID": "88"}, "dbt_ci_pr_88"),
        ({"BITBUCKET_PR_ID": "9"}, "dbt_ci_pr_9"),
        ({"CIRCLE_PULL_REQUEST": "https://github.com/acme/shop/pull/314"}, "dbt_ci_pr_314"),
        ({"CIRCLE_PULL_REQUEST": "https://github.com/acme/shop/tree/main"}, None),
    ],
)
def test_ci_builds_one_schema_per_pull_request(environ: dict[str, str], schema: str | None) -> None:
    if schema is None:
        with pytest.raises(RuleError, match="no pull request number was found"):
            place("ci", "marketing", "analytics", environ=environ)
        return
    assert place("ci", "marketing", "analytics", environ=environ) == f"target_cat.{schema}"


def test_ci_var_wins_and_prefix_is_configurable() -> None:
    settings = {"ci": {"pr_number": 99, "schema_prefix": "pr_"}}
    assert place("ci", None, None, settings, environ=PR) == "target_cat.pr_99"


def test_ci_prefix_mode_keeps_custom_schemas_apart() -> None:
    settings = {"ci": {"custom_schemas": "prefix"}}
    assert place("ci", "marketing", None, settings, PR) == "target_cat.dbt_ci_pr_42_marketing"


def test_ci_ignores_branch_refs() -> None:
    with pytest.raises(RuleError, match="no pull request number was found"):
        place("ci", None, None, environ={"GITHUB_REF": "refs/heads/main"})


def test_ci_without_pull_request_names_every_source() -> None:
    with pytest.raises(RuleError) as error:
        place("ci", "marketing", None)
    for source in ("DBT_CLOUD_PR_ID", "GITHUB_REF", "CI_MERGE_REQUEST_IID", "pr_number"):
        assert source in str(error.value)
    for system in environment.CI_SYSTEMS:
        assert f"{system['pr']}" in str(error.value)
        assert system["name"] in str(error.value)


def test_ci_schema_must_be_a_valid_name() -> None:
    with pytest.raises(RuleError, match="may only hold letters, digits and _"):
        place("ci", None, None, {"ci": {"pr_number": "1; drop"}})


@pytest.mark.parametrize("env", ["staging", "prod"])
def test_deployments_use_custom_names_as_given(env: str) -> None:
    assert place(env, None, None) == "target_cat.target_schema"
    assert place(env, "marketing", None) == "target_cat.marketing"
    assert place(env, None, "analytics") == "analytics.target_schema"
    assert place(env, " finance ", "analytics") == "analytics.finance"


def test_catalog_map_is_per_environment() -> None:
    settings = {
        "prod": {"catalogs": {"analytics": "prod_analytics"}},
        "staging": {"catalogs": {"analytics": "stg_analytics"}},
    }
    assert place("prod", "m", "analytics", settings) == "prod_analytics.m"
    assert place("staging", "m", "analytics", settings) == "stg_analytics.m"
    assert place("prod", "m", "reporting", settings) == "reporting.m"
    # The map applies to +database values, never to the target's own catalog.
    assert place("prod", None, None, settings) == "target_cat.target_schema"


def test_dbt_default_naming_is_one_setting_away() -> None:
    # What the dbt-tests-adapter suites expect: <target schema>_<custom>, +database as given.
    settings = {"prod": {"custom_schemas": "prefix"}}
    assert place("prod", "marketing", "analytics", settings) == "analytics.target_schema_marketing"
