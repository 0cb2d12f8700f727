"""What each supported dbt-core does by default, checked on both install paths: parse warnings
(dbt-core 1.12's `validate_macro_args`), `require_valid_schema_from_generate_schema_name`,
settings in `vars.yml` (dbt-core 1.12), and `state:modified` across environments
(`state_modified_compare_more_unrendered_values`, on by default in dbt-core 1.12)."""

from __future__ import annotations

import json
import os
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from dbt.cli.main import dbtRunner
from dbt_common.events.base_types import EventLevel, EventMsg
from offline_dbt import INSTALL_PATHS, invoke, placements
from packaging.version import Version

from dbt.adapters.databricks_envs import versions

DBT_CORE = Version(versions.installed("dbt-core"))
PLACEMENT_TARGETS = ("dev", "ci", "staging", "prod")


def copy(projects: dict[str, Path], install_path: str, tmp_path: Path) -> Path:
    project = tmp_path / install_path
    # symlinks: dbt deps links the local package (this repository, virtual environments and
    # all); following the link would copy gigabytes per test.
    shutil.copytree(
        projects[install_path], project, symlinks=True, ignore=shutil.ignore_patterns("target")
    )
    return project


def edit_project(project: Path, change: Callable[[dict[str, Any]], None]) -> None:
    path = project / "dbt_project.yml"
    config = yaml.safe_load(path.read_text())
    change(config)
    path.write_text(yaml.safe_dump(config, sort_keys=False))


CONNECTOR_LOG = "databricks-sql-connector adapter:"


@pytest.mark.parametrize("install_path", INSTALL_PATHS)
def test_parse_warns_about_nothing(projects: dict[str, Path], install_path: str) -> None:
    """dbt-core 1.12 checks each documented macro's arguments against its Jinja signature
    (`validate_macro_args`): the package's macro docs must match, on both install paths."""
    warnings: list[str] = []

    def collect(event: EventMsg) -> None:
        # `dbt parse` opens no connection: the connector's own log lines can only come from a
        # connection an earlier test of this worker left to the garbage collector (its
        # warehouse gone), whatever the parse does.
        if event.info.msg.startswith(CONNECTOR_LOG):
            return
        if event.info.level in (EventLevel.WARN, EventLevel.ERROR):
            warnings.append(event.info.msg)

    project = projects[install_path]
    result = dbtRunner(callbacks=[collect]).invoke(
        ["parse", "--no-partial-parse", "--project-dir", str(project), "--profiles-dir",
         str(project)]
    )  # fmt: skip
    assert result.success, result.exception
    assert warnings == []


@pytest.mark.parametrize("install_path", INSTALL_PATHS)
def test_routing_passes_dbt_s_valid_schema_requirement(
    projects: dict[str, Path],
    clean_ci_env: Callable[..., None],
    install_path: str,
    tmp_path: Path,
) -> None:
    """`require_valid_schema_from_generate_schema_name` (dbt-core 1.12) turns a node whose
    schema is None into a parse error: routing always names a schema."""
    clean_ci_env("GITHUB_REF", "refs/pull/42/merge")
    project = copy(projects, install_path, tmp_path)
    edit_project(
        project,
        lambda c: c.update(flags={"require_valid_schema_from_generate_schema_name": True}),
    )
    for target in PLACEMENT_TARGETS:
        found = placements(project, target)
        assert all(place.split(".")[1] for place in found.values()), found


@pytest.mark.skipif(Version("1.12") > DBT_CORE, reason="vars.yml arrived in dbt-core 1.12")
@pytest.mark.parametrize("install_path", INSTALL_PATHS)
def test_settings_in_vars_yml_are_followed(
    projects: dict[str, Path],
    clean_ci_env: Callable[..., None],
    install_path: str,
    tmp_path: Path,
) -> None:
    """dbt-core 1.12 reads vars from `vars.yml` (and refuses them in both files): the adapter's
    Python side reads the same settings as the macros."""
    project = copy(projects, install_path, tmp_path)
    settings: dict[str, Any] = {}
    edit_project(project, lambda c: settings.update(c.pop("vars")))
    settings["databricks_envs"]["prod"]["catalogs"]["analytics"] = "finance_prod"
    settings["databricks_envs"]["environment"] = "prod"
    (project / "vars.yml").write_text(yaml.safe_dump({"vars": settings}))
    found = placements(project, "dev")
    assert found["model.routing_fixture.revenue"] == "finance_prod.finance"
    assert found["model.routing_fixture.stg_orders"] == "dev.staging"


def modified(project: Path, state: Path, target: str) -> list[str]:
    lines = invoke(
        project,
        ["ls", "--target", target, "--select", "state:modified", "--state", str(state),
         "--resource-type", "model", "--output", "json", "--output-keys", "unique_id"],
    )  # fmt: skip
    return sorted(json.loads(line)["unique_id"] for line in lines)


@pytest.mark.parametrize("compare_more", [None, True])
@pytest.mark.parametrize("install_path", INSTALL_PATHS)
def test_state_modified_sees_only_real_changes_across_environments(
    projects: dict[str, Path],
    clean_ci_env: Callable[..., None],
    install_path: str,
    compare_more: bool | None,
    tmp_path: Path,
) -> None:
    """Slim CI compares a ci or dev parse with prod's manifest. Routing gives every node another
    catalog and schema there, which must not count as a change, with dbt-core's default
    comparison or with `state_modified_compare_more_unrendered_values` (1.12's default)."""
    clean_ci_env("GITHUB_REF", "refs/pull/42/merge")
    project = copy(projects, install_path, tmp_path)
    if compare_more is not None:
        edit_project(
            project,
            lambda c: c.update(
                flags={"state_modified_compare_more_unrendered_values": compare_more}
            ),
        )
    invoke(project, ["parse", "--target", "prod", "--no-partial-parse"])
    state = tmp_path / "prod_state"
    shutil.copytree(project / "target", state)
    for target in ("ci", "dev"):
        assert modified(project, state, target) == []
    revenue = project / "models" / "marts" / "finance" / "revenue.sql"
    revenue.write_text(revenue.read_text() + "\n-- changed\n")
    assert modified(project, state, "ci") == ["model.routing_fixture.revenue"]


@pytest.mark.parametrize("install_path", INSTALL_PATHS)
def test_only_the_package_parses_the_pure_macros(
    projects: dict[str, Path], install_path: str, tmp_path: Path
) -> None:
    """`type: databricks_envs` serves the pure macros from Python: dbt's manifest has none of
    them, and they still answer as `databricks_envs.<macro>` (the `environment()` call of a
    model reaches the rules). The package's manifest has every one of them."""
    from dbt.adapters.databricks_envs import rules

    project = copy(projects, install_path, tmp_path)
    (project / "models" / "which_env.sql").write_text(
        "select '{{ databricks_envs._dbenvs_settings(none).target_names.prod | join(\",\") }}'"
        " as names\n"
    )
    manifest = invoke(project, ["parse", "--no-partial-parse"])
    parsed = {macro.name for macro in manifest.macros.values()}
    pure = set(rules.names())
    assert "preflight" in parsed
    if install_path == "adapter":
        assert parsed & pure == set()
    else:
        assert pure <= parsed
    compiled = invoke(
        project, ["compile", "--no-partial-parse", "--select", "which_env", "--no-populate-cache"]
    )
    assert "'prod,production' as names" in compiled.results[0].node.compiled_code


@pytest.mark.parametrize("install_path", INSTALL_PATHS)
def test_dispatch_raises_no_package_error_for_a_root_project_without_macros(
    projects: dict[str, Path], install_path: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """dbt builds (and scans the environment for) a `PackageNotFoundForMacroError` for every
    adapter prefix of every dispatch through its macro namespace when the root project has no
    macros; `type: databricks_envs` answers "not found" without it (the package cannot). The
    namespace of generic tests (`TestMacroNamespace`) is dbt's own and left as it is."""
    from dbt import exceptions

    raised: list[str] = []
    original = exceptions.PackageNotFoundForMacroError.__init__

    def counting(self: Any, package_name: str) -> None:
        if sys._getframe(1).f_code.co_filename.endswith(os.path.join("context", "macros.py")):
            raised.append(package_name)
        original(self, package_name)

    monkeypatch.setattr(exceptions.PackageNotFoundForMacroError, "__init__", counting)
    manifest = invoke(projects[install_path], ["parse", "--no-partial-parse"])
    assert manifest.nodes
    if install_path == "adapter":
        assert raised == []
    else:
        assert "routing_fixture" in raised
