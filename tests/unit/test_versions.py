"""Supported versions, and the two places the adapter reaches into dbt-core's and dbt-databricks'
internals: each works with every shape a supported version has and fails clearly otherwise."""

from __future__ import annotations

import sys
from collections import ChainMap
from types import SimpleNamespace
from typing import Any

import pytest
from dbt_common.exceptions import DbtRuntimeError

from dbt.adapters.databricks_envs import local_mode, macro_namespace, versions

SUPPORTED = {"dbt-core": "1.12.5", "dbt-databricks": "1.12.7"}


@pytest.mark.parametrize(
    "found",
    [SUPPORTED, {"dbt-core": "1.11.2", "dbt-databricks": "1.12.0"}, {**SUPPORTED, "x": "1"}],
)
def test_supported_versions_pass(found: dict[str, str]) -> None:
    assert versions.unsupported(found) == []
    assert versions.check(found) is None


@pytest.mark.parametrize(
    ("found", "named"),
    [
        ({**SUPPORTED, "dbt-core": "1.10.23"}, "dbt-core 1.10.23"),
        ({**SUPPORTED, "dbt-core": "1.13.0"}, "dbt-core 1.13.0"),
        ({**SUPPORTED, "dbt-databricks": "1.11.8"}, "dbt-databricks 1.11.8"),
        ({**SUPPORTED, "dbt-core": "(not installed)"}, "dbt-core (not installed)"),
    ],
)
def test_an_unsupported_version_is_refused_naming_the_supported_ones(
    found: dict[str, str], named: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(versions.ALLOW_VARIABLE, raising=False)
    with pytest.raises(RuntimeError) as error:
        versions.check(found)
    message = str(error.value)
    assert f"has not been tested with {named}" in message
    assert "supports dbt-core 1.11 and 1.12 with dbt-databricks 1.12.x" in message
    assert f"set {versions.ALLOW_VARIABLE}=1" in message


def test_the_escape_hatch_turns_the_refusal_into_a_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(versions.ALLOW_VARIABLE, "1")
    warning = versions.check({**SUPPORTED, "dbt-core": "1.13.1"})
    assert warning is not None
    assert "dbt-core 1.13.1" in warning
    assert "Running anyway" in warning


def test_the_installed_versions_are_supported() -> None:
    """The environment this suite runs in (pinned or a matrix column) is a supported one."""
    assert versions.unsupported() == []


INCLUDE = {"preflight_hook": "macro"}


def test_alias_on_dbt_core_1_12_shape() -> None:
    """dbt-core 1.12: a ChainMap of lookups; macros_by_package holds the include project."""
    namespace: ChainMap[str, Any] = ChainMap({}, {}, {"dbt_utils": {}}, {"dbt": {}}, {})
    macro_namespace.alias(object(), namespace, {macro_namespace.INCLUDE_PROJECT_NAME: INCLUDE})
    assert_aliased(namespace["databricks_envs"])


def test_alias_on_dbt_core_1_11_shape() -> None:
    """dbt-core 1.11: `packages` on the namespace, `internal_packages` a dict on the builder."""
    builder = SimpleNamespace(internal_packages={macro_namespace.INCLUDE_PROJECT_NAME: INCLUDE})
    namespace = SimpleNamespace(packages={"dbt_utils": {}})
    macro_namespace.alias(builder, namespace, {})
    assert_aliased(namespace.packages["databricks_envs"])


def assert_aliased(package: Any) -> None:
    """The include project's macros, then the pure macros, evaluated from Python."""
    assert package["preflight_hook"] == "macro"
    pure = package["_dbenvs_pf_select"]
    assert isinstance(pure, macro_namespace.PureMacro)
    nodes = {"model.p.a": {"name": "a", "tags": ["x"]}, "model.p.b": {"name": "b", "tags": []}}
    assert pure(nodes, "tag:x", None) == ["model.p.a"]
    assert set(package) >= {"preflight_hook", "_dbenvs_answer", "_dbenvs_pf_plan"}


def test_a_pure_macro_s_compile_error_is_dbt_s() -> None:
    from dbt_common.exceptions import CompilationError

    with pytest.raises(CompilationError) as error:
        macro_namespace.pure_macros()["_dbenvs_settings"]({"environments": "not a mapping"})
    assert "databricks_envs" in str(error.value)


def test_a_root_project_without_macros_is_not_found_without_an_exception(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    asked: list[tuple[str | None, str]] = []

    def get_from_package(package: str | None, name: str) -> str:
        asked.append((package, name))
        return f"{package}.{name}"

    builder = SimpleNamespace(root_package="my_project")
    namespace = SimpleNamespace(get_from_package=get_from_package)
    include = {macro_namespace.INCLUDE_PROJECT_NAME: {}}
    macro_namespace.quiet_absent_root(builder, namespace, {"dbt": {}, **include})
    assert namespace.get_from_package("my_project", "databricks__x") is None
    assert namespace.get_from_package("dbt", "databricks__x") == "dbt.databricks__x"
    assert asked == [("dbt", "databricks__x")]
    # A root project with macros has its namespace: dbt answers as before.
    with_macros = SimpleNamespace(get_from_package=get_from_package)
    macro_namespace.quiet_absent_root(builder, with_macros, {"my_project": {}, **include})
    assert with_macros.get_from_package("my_project", "y") == "my_project.y"
    # A root project named like the package answers as the package does (the alias).
    named = SimpleNamespace(get_from_package=get_from_package)
    macro_namespace.quiet_absent_root(
        SimpleNamespace(root_package="databricks_envs"), named, {"dbt": {}, **include}
    )
    assert named.get_from_package("databricks_envs", "p") == "databricks_envs.p"
    # Plain `type: databricks` in the same process: dbt's own behaviour.
    plain = SimpleNamespace(get_from_package=get_from_package)
    macro_namespace.quiet_absent_root(builder, plain, {"dbt": {}})
    assert plain.get_from_package("my_project", "z") == "my_project.z"


def test_an_installed_package_keeps_precedence() -> None:
    package = {"preflight_hook": "the package's"}
    chained: ChainMap[str, Any] = ChainMap({}, {}, {"databricks_envs": package}, {})
    macro_namespace.alias(object(), chained, {macro_namespace.INCLUDE_PROJECT_NAME: INCLUDE})
    assert chained["databricks_envs"] is package
    builder = SimpleNamespace(internal_packages={macro_namespace.INCLUDE_PROJECT_NAME: INCLUDE})
    flat = SimpleNamespace(packages={"databricks_envs": package})
    macro_namespace.alias(builder, flat, {})
    assert flat.packages["databricks_envs"] is package


def test_an_unknown_namespace_shape_fails_naming_the_supported_versions() -> None:
    builder = SimpleNamespace(internal_packages=[macro_namespace.INCLUDE_PROJECT_NAME])
    with pytest.raises(DbtRuntimeError) as error:
        macro_namespace.alias(builder, SimpleNamespace(), {})
    assert "supports dbt-core 1.11 and 1.12" in str(error.value)
    assert "AttributeError" not in str(error.value)


def test_the_namespace_patch_is_installed_once() -> None:
    from dbt.context.macros import MacroNamespaceBuilder

    macro_namespace.install()
    macro_namespace.install()
    assert MacroNamespaceBuilder.build_namespace is macro_namespace._build_namespace


def spog_probe() -> Any:
    return pytest.importorskip(
        "dbt.adapters.databricks.spog.probe", reason="dbt-databricks 1.12.0 has no SPOG probe"
    )


def test_the_spog_probe_answers_local_hosts_without_a_request(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    probe = spog_probe()
    asked: list[str] = []

    def remote(host: str) -> Any:
        asked.append(host)
        return probe.HostMetadata(host_type="unified")

    monkeypatch.setattr(probe, "probe_host", remote)
    local_mode.install_probe_shortcut("http://127.0.0.1:8765")
    assert probe.probe_host("http://127.0.0.1:8765").host_type == "workspace"
    assert probe.probe_host("local").host_type == "workspace"
    assert probe.probe_host("dbc-1.cloud.databricks.com").host_type == "unified"
    assert asked == ["dbc-1.cloud.databricks.com"]
    local_mode.install_probe_shortcut("local")
    assert probe.probe_host("http://localhost:1").host_type == "workspace"
    assert asked == ["dbc-1.cloud.databricks.com"]


def test_a_workspace_profile_leaves_the_spog_probe_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    probe = spog_probe()

    def remote(host: str) -> Any:
        return probe.HostMetadata(host_type="unified")

    monkeypatch.setattr(probe, "probe_host", remote)
    local_mode.install_probe_shortcut("dbc-1.cloud.databricks.com")
    assert probe.probe_host is remote


def test_no_spog_probe_no_shortcut(monkeypatch: pytest.MonkeyPatch) -> None:
    """dbt-databricks 1.12.0 has no `spog` module: nothing to shortcut, nothing fails."""
    monkeypatch.setitem(sys.modules, "dbt.adapters.databricks.spog.probe", None)
    local_mode.install_probe_shortcut("local")


def test_a_compute_reaches_its_own_local_warehouse() -> None:
    from dbt.adapters.databricks_envs.credentials import DatabricksEnvsCredentials

    credentials = DatabricksEnvsCredentials(
        host="http://127.0.0.1:8765",
        http_path="/sql/1.0/warehouses/main",
        token="dapi-x",
        database="dev",
        schema="s",
        connection_parameters={"_connection_uri": "http://127.0.0.1:8765/sql/1.0/warehouses/main"},
    )
    assert local_mode.for_http_path(credentials, "/sql/1.0/warehouses/main") is credentials
    routed = local_mode.for_http_path(credentials, "/sql/1.0/warehouses/other?o=1")
    assert routed.connection_parameters["_connection_uri"] == (
        "http://127.0.0.1:8765/sql/1.0/warehouses/other?o=1"
    )
    assert credentials.connection_parameters["_connection_uri"].endswith("/main")
    remote = DatabricksEnvsCredentials(
        host="dbc-1.cloud.databricks.com", http_path="/sql/1.0/warehouses/main", token="dapi-x",
        database="dev", schema="s",
    )  # fmt: skip
    assert local_mode.for_http_path(remote, "/sql/1.0/warehouses/other") is remote
