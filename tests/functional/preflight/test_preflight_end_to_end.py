"""`dbt run-operation preflight` on the local warehouse: each scenario of the issue, for real."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from preflight_env import DELETED, SERVICE_PRINCIPAL, STOPPED, Project, Sql

PREFLIGHT = ["run-operation", "preflight"]
# The macro package `databricks_envs` is this repository.
REPOSITORY = Path(__file__).resolve().parents[3]


def test_a_developer_with_every_privilege_passes(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    outcome = project.run(capsys, PREFLIGHT, user="alice")
    assert outcome.success, outcome.output
    report = outcome.report
    assert (report["environment"], report["target"], report["identity"]["kind"]) == (
        "dev",
        "dev",
        "person",
    )
    assert {c["status"] for c in report["checks"]} == {"PASS", "SKIP"}
    # Constant cost: seven statements and three REST calls, whatever the project's size.
    assert (report["cost"]["statements"], report["cost"]["rest_calls"]) == (7, 3)
    assert outcome.status("privilege.write", "dev.dbt_alice") == "PASS"
    assert outcome.status("privilege.read", "main.raw.orders") == "PASS"


def test_missing_create_schema_fails_and_the_grants_file_fixes_it(
    project: Project, admin: Sql, capsys: pytest.CaptureFixture[str]
) -> None:
    failed = project.run(capsys, [*PREFLIGHT, "--args", "{mode: active}"], user="dave")
    assert not failed.success
    assert failed.status("privilege.write", "dev.dbt_dave") == "FAIL"
    assert "User does not have CREATE SCHEMA on Catalog 'dev'" in failed.output
    assert failed.status("probe.write", "dev") == "FAIL"
    assert "preflight failed" in failed.output
    grants = (project.root / "target" / "preflight_grants.sql").read_text()
    statements = [line for line in grants.splitlines() if line.startswith("GRANT")]
    assert "GRANT CREATE SCHEMA ON CATALOG `dev` TO `dave@example.com`;" in statements
    for statement in statements:
        admin.run(statement.rstrip(";"))
    passed = project.run(capsys, [*PREFLIGHT, "--args", "{mode: active}"], user="dave")
    assert passed.success, passed.output
    assert passed.status("probe.write", "dev") == "PASS"
    leftovers = admin.run(
        "select schema_name from system.information_schema.schemata "
        "where schema_name like 'dbt_preflight_probe_%'"
    )
    assert leftovers == []
    # The PASS is true: the run it vouched for builds.
    built = project.run(capsys, ["run"], user="dave")
    assert built.success, built.output


def test_production_must_run_as_a_service_principal(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    person = project.run(capsys, PREFLIGHT, user="carol", target="prod")
    assert not person.success
    assert person.status("identity.kind") == "FAIL"
    robot = project.run(capsys, PREFLIGHT, user="robot", target="prod")
    assert robot.success, robot.output
    assert robot.status("identity.kind", SERVICE_PRINCIPAL) == "PASS"
    assert robot.report["identity"] == {"name": SERVICE_PRINCIPAL, "kind": "service principal"}
    assert robot.status("isolation.protected") == "SKIP"


def test_a_token_with_three_days_left_fails(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    outcome = project.run(capsys, PREFLIGHT, user="bob")
    assert not outcome.success
    assert outcome.status("token.expiry") == "FAIL"
    assert "expires in 3.0 days" in outcome.output or "expires in 2.9 days" in outcome.output


def test_a_developer_able_to_write_to_prod_fails_isolation(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    outcome = project.run(capsys, PREFLIGHT, user="carol")
    assert not outcome.success
    assert outcome.status("isolation.protected", "prod") == "FAIL"
    assert "CREATE SCHEMA on prod (granted to prod-writers)" in outcome.output
    assert "REVOKE CREATE SCHEMA ON CATALOG `prod` FROM `prod-writers`;" in outcome.output


def test_a_stopped_warehouse_warns_and_strict_makes_it_fail(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    outcome = project.run(
        capsys, [*PREFLIGHT, "--args", "{strict: true}"], user="alice", warehouse_id=STOPPED
    )
    assert outcome.status("warehouse.state", STOPPED) == "WARN"
    assert "first statement" in outcome.output
    assert not outcome.success
    assert "strict" in outcome.output


def test_a_deleted_warehouse_fails_without_running_sql(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    outcome = project.run(capsys, PREFLIGHT, user="alice", warehouse_id=DELETED)
    assert not outcome.success
    assert outcome.status("warehouse.state", DELETED) == "FAIL"
    assert outcome.status("privilege.write") == "SKIP"
    assert outcome.report["cost"]["statements"] == 0


def test_a_cluster_path_warns_and_skips_the_warehouse_state(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    path = "sql/protocolv1/o/1234567890/0123-456789-abcdefgh"
    outcome = project.run(capsys, PREFLIGHT, user="alice", http_path=path)
    assert outcome.status("config.http_path") == "WARN"
    assert outcome.status("warehouse.state") == "SKIP"
    assert outcome.success, outcome.output


def test_json_format_and_selection(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    args = "{select: 'path:models/marts', format: json}"
    outcome = project.run(capsys, [*PREFLIGHT, "--args", args], user="alice")
    start = outcome.output.index('{"')
    report = json.loads(outcome.output[start : outcome.output.index("\n", start)])
    assert report["nodes"] == 1
    reads = [(c["object"], c["status"]) for c in report["checks"] if c["id"] == "privilege.read"]
    # stg_orders is not selected, so the run reads it, and it was never built.
    assert reads == [("dev.dbt_alice.stg_orders", "FAIL")]
    assert not outcome.success


def test_an_unsupported_selector_is_named(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    outcome = project.run(
        capsys, [*PREFLIGHT, "--args", "{select: 'state:modified'}"], user="alice"
    )
    assert not outcome.success
    assert "`state:modified` uses `state:`, which preflight does not evaluate" in outcome.output


@pytest.mark.parametrize("skip_flag", [True, False, None])
def test_the_hook_stops_a_build_before_any_node_is_built(
    project: Project, admin: Sql, capsys: pytest.CaptureFixture[str], skip_flag: bool | None
) -> None:
    """With `skip_nodes_if_on_run_start_fails` on (dbt-core 1.12's default), off, or unset, the
    hook's FAIL raises a compilation error, which aborts the run on every supported dbt-core:
    nothing is built, and no node is reported as a success."""
    flags = {} if skip_flag is None else {"skip_nodes_if_on_run_start_fails": skip_flag}
    project.configure(
        **{"on-run-start": ["{{ databricks_envs.preflight_hook() }}"], "flags": flags}
    )
    outcome = project.run(capsys, ["build"], user="bob")
    assert not outcome.success
    assert outcome.status("token.expiry") == "FAIL"
    assert "dbt-databricks-envs preflight failed" in outcome.output
    built = admin.run(
        "select table_name from system.information_schema.tables where table_schema = 'dbt_bob'"
    )
    assert built == []
    statuses = {result["unique_id"]: result["status"] for result in outcome.run_results}
    nodes = {k: v for k, v in statuses.items() if k.startswith(("model.", "seed.", "snapshot."))}
    assert set(nodes.values()) <= {"skipped"}, statuses


def test_the_hook_lets_a_sound_run_build(
    project: Project, admin: Sql, capsys: pytest.CaptureFixture[str]
) -> None:
    project.configure(**{"on-run-start": ["{{ databricks_envs.preflight_hook() }}"]})
    outcome = project.run(capsys, ["run"], user="erin")
    assert outcome.success, outcome.output
    assert outcome.status("privilege.write", "dev.dbt_erin") == "PASS"
    built = admin.run(
        "select table_name from system.information_schema.tables "
        "where table_catalog = 'dev' and table_schema = 'dbt_erin' order by table_name"
    )
    assert built == [("orders",), ("stg_orders",)]


def test_the_package_on_plain_databricks_runs_the_sql_checks(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    (project.root / "packages.yml").write_text(
        yaml.safe_dump({"packages": [{"local": str(REPOSITORY)}]})
    )
    project.configure(
        dispatch=[{"macro_namespace": "dbt", "search_order": ["shop", "databricks_envs", "dbt"]}]
    )
    assert project.run(capsys, ["deps"], user="frank", adapter_type="databricks").success
    outcome = project.run(
        capsys, [*PREFLIGHT, "--args", "{mode: active}"], user="frank", adapter_type="databricks"
    )
    assert not outcome.success
    for check_id in ("warehouse.state", "token.expiry", "probe.write"):
        assert outcome.status(check_id) == "SKIP"
    assert "needs type: databricks_envs" in outcome.output
    assert outcome.status("identity.kind") == "PASS"
    assert outcome.status("privilege.write", "dev.dbt_frank") == "FAIL"
    assert "GRANT CREATE SCHEMA ON CATALOG `dev` TO `frank@example.com`;" in outcome.output
    assert not (project.root / "target" / "preflight.json").exists()


def test_a_clone_is_checked_against_the_state_it_clones_from(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    outcome = project.run(capsys, [*PREFLIGHT, "--args", "{clone: true}"], user="frank")
    assert not outcome.success
    assert "`clone: true` needs `state: <dir>`" in outcome.output
