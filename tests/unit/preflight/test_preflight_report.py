"""The report: summary, exit decision, grants, the log table, the files, and no secret."""

from __future__ import annotations

import json
from pathlib import Path

from preflight_facts import facts, grant, inputs, rest

from dbt.adapters.databricks_envs import preflight
from dbt.adapters.databricks_envs.preflight import outputs

NO_GRANTS = [grant("main", "USE CATALOG")]


def test_a_clean_run_passes() -> None:
    report = preflight.evaluate(inputs())
    assert report["failed"] is False
    assert report["summary"] == {"PASS": 12, "WARN": 0, "FAIL": 0, "SKIP": 1}
    assert report["identity"] == {"name": "alice@example.com", "kind": "person"}
    assert report["grants"] == []


def test_every_check_has_the_documented_fields() -> None:
    for check in preflight.evaluate(inputs())["checks"]:
        assert set(check) == {"id", "status", "object", "message", "fix", "grants"}
        assert check["status"] in preflight.STATUSES


def test_a_warning_fails_only_when_strict() -> None:
    stopped = rest(warehouse={"id": "abc123", "state": "STOPPED"})
    assert preflight.evaluate(inputs(rest=stopped))["failed"] is False
    assert preflight.evaluate(inputs(rest=stopped, strict=True))["failed"] is True


def test_grants_close_every_gap_once() -> None:
    report = preflight.evaluate(inputs(facts=facts(grants=NO_GRANTS)))
    assert report["failed"] is True
    assert report["grants"] == [
        "GRANT USE CATALOG ON CATALOG `dev` TO `alice@example.com`;",
        "GRANT CREATE SCHEMA ON CATALOG `dev` TO `alice@example.com`;",
        "GRANT USE SCHEMA ON SCHEMA `main`.`raw` TO `alice@example.com`;",
        "GRANT SELECT ON TABLE `main`.`raw`.`orders` TO `alice@example.com`;",
    ]


def test_the_table_shows_each_check_and_the_fix_of_each_problem() -> None:
    report = preflight.evaluate(inputs(facts=facts(grants=NO_GRANTS)))
    text = preflight.render(report)
    lines = text.splitlines()
    assert lines[0].startswith(
        "dbt-databricks-envs preflight: environment dev, target dev, alice@example.com (person)"
    )
    assert any(
        line.startswith("FAIL   privilege.write") and "dev.dbt_alice" in line for line in lines
    )
    assert any("fix: an admin runs: GRANT" in line for line in lines)
    assert lines[-1].endswith("preflight FAILED")


def test_files(tmp_path: Path) -> None:
    report = preflight.evaluate(inputs(facts=facts(grants=NO_GRANTS)))
    written = outputs.write(tmp_path / "target", report)
    saved = json.loads(Path(written["report"]).read_text())
    assert saved["environment"] == "dev"
    assert saved["target"] == "dev"
    assert saved["identity"]["kind"] == "person"
    assert len(saved["checks"]) == len(report["checks"])
    grants = Path(written["grants"]).read_text().splitlines()
    statements = [line for line in grants if line and not line.startswith("--")]
    assert statements == report["grants"]


def test_no_secret_survives_redaction() -> None:
    leaky = rest(warehouse={"error": 'HTTP 403 PERMISSION_DENIED: token dapi-s3cret"x" refused'})
    clean = preflight.redact(leaky, ['dapi-s3cret"x"', ""])
    assert "dapi-s3cret" not in json.dumps(clean)
    assert clean["warehouse"]["error"] == "HTTP 403 PERMISSION_DENIED: token <redacted> refused"


def test_without_a_usable_warehouse_the_sql_checks_are_skipped() -> None:
    unavailable = facts(
        catalogs={}, schemas={}, relations={}, grants=[], unavailable="no warehouse"
    )
    deleted = rest(warehouse={"id": "abc123", "state": "DELETED"})
    report = preflight.evaluate(inputs(facts=unavailable, rest=deleted))
    skipped = [c["id"] for c in report["checks"] if c["status"] == "SKIP"]
    assert skipped == [
        "catalog.visible",
        "privilege.write",
        "privilege.read",
        "isolation.protected",
        "probe.write",
    ]
    assert report["failed"] is True
