"""Exact placement of every node in dev, ci, staging and prod, through dbt itself, for both
install paths: `type: databricks_envs`, and plain `type: databricks` with the package."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from offline_dbt import INSTALL_PATHS, DbtFailed, invoke, placements, write_profiles

SOURCE = {"source.routing_fixture.landing.customers": "raw_catalog.landing"}
NODES = (
    "model.routing_fixture.plain",
    "model.routing_fixture.stg_orders",
    "model.routing_fixture.stg_customers",
    "model.routing_fixture.revenue",
    "model.routing_fixture.budget",
    "model.routing_fixture.campaigns",
    "seed.routing_fixture.raw_orders",
    "snapshot.routing_fixture.orders_snapshot",
)


def everything_in(place: str) -> dict[str, str]:
    return {**dict.fromkeys(NODES, place), **SOURCE}


EXPECTED = {
    "dev": everything_in("dev.dbt_john"),
    "ci": everything_in("dev.dbt_ci_pr_42"),
    "staging": {
        "model.routing_fixture.plain": "staging.core",
        "model.routing_fixture.stg_orders": "staging.staging",
        "model.routing_fixture.stg_customers": "staging.staging",
        "model.routing_fixture.revenue": "staging_analytics.finance",
        "model.routing_fixture.budget": "staging_analytics.planning",
        "model.routing_fixture.campaigns": "staging_reporting.marketing",
        "seed.routing_fixture.raw_orders": "staging.raw",
        "snapshot.routing_fixture.orders_snapshot": "staging.snapshots",
        **SOURCE,
    },
    "prod": {
        "model.routing_fixture.plain": "prod.core",
        "model.routing_fixture.stg_orders": "prod.staging",
        "model.routing_fixture.stg_customers": "prod.staging",
        "model.routing_fixture.revenue": "prod_analytics.finance",
        "model.routing_fixture.budget": "prod_analytics.planning",
        "model.routing_fixture.campaigns": "reporting.marketing",
        "seed.routing_fixture.raw_orders": "prod.raw",
        "snapshot.routing_fixture.orders_snapshot": "prod.snapshots",
        **SOURCE,
    },
}


@pytest.mark.parametrize("install_path", INSTALL_PATHS)
@pytest.mark.parametrize("target", ["dev", "ci", "staging", "prod"])
def test_every_node_lands_where_its_environment_says(
    projects: dict[str, Path],
    clean_ci_env: Callable[..., None],
    install_path: str,
    target: str,
) -> None:
    clean_ci_env("GITHUB_REF", "refs/pull/42/merge")
    assert placements(projects[install_path], target) == EXPECTED[target]


@pytest.mark.parametrize("install_path", INSTALL_PATHS)
def test_dev_prefix_mode(
    projects: dict[str, Path], clean_ci_env: Callable[..., None], install_path: str
) -> None:
    found = placements(
        projects[install_path],
        "dev",
        "--vars",
        "{databricks_envs: {dev: {custom_schemas: prefix}}}",
    )
    assert found["model.routing_fixture.plain"] == "dev.dbt_john"
    assert found["model.routing_fixture.stg_orders"] == "dev.dbt_john_staging"
    assert found["model.routing_fixture.campaigns"] == "dev.dbt_john_marketing"
    assert found["seed.routing_fixture.raw_orders"] == "dev.dbt_john_raw"


@pytest.mark.parametrize("install_path", INSTALL_PATHS)
def test_dbt_cloud_context_makes_a_dev_target_deploy(
    projects: dict[str, Path], clean_ci_env: Callable[..., None], install_path: str
) -> None:
    clean_ci_env("DBT_CLOUD_INVOCATION_CONTEXT", "prod")
    found = placements(projects[install_path], "dev")
    assert found["model.routing_fixture.campaigns"] == "reporting.marketing"
    assert found["model.routing_fixture.plain"] == "dev.dbt_john"


@pytest.mark.parametrize("install_path", INSTALL_PATHS)
def test_ci_without_a_pull_request_number_is_a_clear_error(
    projects: dict[str, Path], clean_ci_env: Callable[..., None], install_path: str
) -> None:
    with pytest.raises(DbtFailed, match="no pull request number was found"):
        placements(projects[install_path], "ci")


@pytest.mark.parametrize("install_path", INSTALL_PATHS)
def test_bad_configuration_is_a_compile_error_naming_the_setting(
    projects: dict[str, Path], clean_ci_env: Callable[..., None], install_path: str
) -> None:
    with pytest.raises(DbtFailed) as error:
        placements(
            projects[install_path], "prod", "--vars", "{databricks_envs: {prod: {catalogs: [a]}}}"
        )
    assert "Compilation Error" in str(error.value) or "compil" in str(error.value).lower()
    assert "`vars: databricks_envs: prod.catalogs`" in str(error.value)


def test_profile_environment_field_wins(tmp_path: Path, projects: dict[str, Path]) -> None:
    project = projects["adapter"]
    write_profiles(project, "databricks_envs", {"environment": "prod"})
    try:
        found = placements(project, "dev")
    finally:
        write_profiles(project, "databricks_envs")
    assert found["model.routing_fixture.campaigns"] == "reporting.marketing"
    assert found["model.routing_fixture.plain"] == "dev.dbt_john"


def test_unknown_profile_environment_names_field_and_values(projects: dict[str, Path]) -> None:
    project = projects["adapter"]
    write_profiles(project, "databricks_envs", {"environment": "production"})
    try:
        with pytest.raises(DbtFailed) as error:
            invoke(project, ["ls", "--target", "dev"])
    finally:
        write_profiles(project, "databricks_envs")
    assert "`environment: production`" in str(error.value)
    assert "dev, ci, staging, prod" in str(error.value)


@pytest.mark.parametrize("install_path", INSTALL_PATHS)
def test_environment_macro_is_callable_from_models(
    projects: dict[str, Path], clean_ci_env: Callable[..., None], install_path: str
) -> None:
    project = projects[install_path]
    model = project / "models" / "env_probe.sql"
    model.write_text("select '{{ databricks_envs.environment() }}' as env")
    try:
        compiled = invoke(
            project,
            ["compile", "--target", "staging", "--select", "env_probe", "--no-populate-cache"],
        )
    finally:
        model.unlink()
    assert "select 'staging' as env" in compiled.results[0].node.compiled_code


def test_partial_parsing_follows_a_new_pull_request_number(
    tmp_path: Path, projects: dict[str, Path], clean_ci_env: Callable[..., None]
) -> None:
    """The adapter makes the env vars the routing reads part of dbt's partial-parsing check,
    so a saved manifest is not reused with a stale pull request schema. (The package cannot:
    dbt does not track env vars read by generate_schema_name; the README says so.)"""
    project = tmp_path / "adapter"
    shutil.copytree(projects["adapter"], project, symlinks=True)
    schemas = []
    for pr in ("7", "8"):
        clean_ci_env("GITHUB_REF", f"refs/pull/{pr}/merge")
        lines = invoke(
            project,
            ["ls", "--target", "ci", "--partial-parse", "--output", "json",
             "--output-keys", "unique_id", "schema", "--select", "plain"],
        )  # fmt: skip
        schemas.append([json.loads(line)["schema"] for line in lines])
    assert (project / "target" / "partial_parse.msgpack").exists()
    assert schemas == [["dbt_ci_pr_7"], ["dbt_ci_pr_8"]]
