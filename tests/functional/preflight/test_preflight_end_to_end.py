"""`dbt run-operation preflight` on the local warehouse: each scenario of the issue, for real."""

from __future__ import annotations

import pytest

from preflight_env import DELETED, SERVICE_PRINCIPAL, STOPPED, Project, Sql

PREFLIGHT = ["run-operation", "preflight"]


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
