"""dbt as a service principal with OAuth machine-to-machine (`client_id` / `client_secret`),
against a local warehouse in this process: dbt-databricks and the Databricks SDK discover the
OIDC endpoints, exchange the secret for tokens, and refresh them when they expire."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import databricks.sql
import pytest
import requests
from dbt.cli.main import dbtRunner

from dbt.adapters.databricks_envs.local.cli import main
from dbt.adapters.databricks_envs.local.server import LocalWarehouse, start_embedded

ROBOT = "6f1c7e2a-0d1e-4c43-9a55-6b1f0c9e2b7d"
SECRET = "dose0123456789abcdef0123456789abcd"
LIFETIME_SECONDS = 1
CONFIG = f"""
service_principals:
  - {{application_id: {ROBOT}, display_name: prod-runner, secrets: [{SECRET}]}}
tokens: [{{token: dapi-admin, principal: admin@localhost}}]
oauth_token_lifetime_seconds: {LIFETIME_SECONDS}
catalogs: [main]
grants:
  - {{principal: {ROBOT}, on: catalog main, privileges: [USE CATALOG]}}
  - {{principal: {ROBOT}, on: schema main.oauth_run,
      privileges: [USE SCHEMA, CREATE TABLE, SELECT, MODIFY]}}
"""


@pytest.fixture
def warehouse(tmp_path: Path) -> Iterator[LocalWarehouse]:
    (tmp_path / "warehouse.yml").write_text(CONFIG)
    running = start_embedded(tmp_path / "data", tmp_path / "warehouse.yml")
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture
def project(tmp_path: Path, warehouse: LocalWarehouse, capsys: pytest.CaptureFixture[str]) -> Path:
    """Two models, the second reading the first; the profile printed by `local profile`."""
    root = tmp_path / "project"
    (root / "models").mkdir(parents=True)
    (root / "dbt_project.yml").write_text(
        "name: oauth_run\nversion: '1.0'\nconfig-version: 2\nprofile: local\n"
        "models:\n  oauth_run:\n    +materialized: table\n"
    )
    (root / "models" / "first.sql").write_text("select current_user() as who")
    (root / "models" / "second.sql").write_text(
        "select who, current_user() as again from {{ ref('first') }}"
    )
    printed = main(
        [
            "profile",
            "--data-dir",
            str(tmp_path / "data"),
            "--port",
            str(warehouse.port),
            "--type",
            "databricks",
            "--profile-name",
            "local",
            "--catalog",
            "main",
            "--schema",
            "oauth_run",
            "--threads",
            "1",
            "--client-id",
            ROBOT,
            "--client-secret",
            SECRET,
        ]
    )
    assert printed == 0
    (root / "profiles.yml").write_text(capsys.readouterr().out)
    return root


def dbt(project: Path, *args: str, callbacks: list[Any] | None = None) -> tuple[bool, str]:
    runner = dbtRunner(callbacks=callbacks or [])
    result = runner.invoke([*args, "--project-dir", str(project), "--profiles-dir", str(project)])
    return result.success, str(result.exception or "")


def rows(warehouse: LocalWarehouse, sql: str) -> list[tuple[Any, ...]]:
    with (
        databricks.sql.connect(
            server_hostname=warehouse.base_url,
            http_path=warehouse.http_path,
            access_token="dapi-admin",
            _connection_uri=warehouse.connection_uri,
            enable_telemetry=False,
        ) as connection,
        connection.cursor() as cursor,
    ):
        cursor.execute(sql)
        return [tuple(row) for row in cursor.fetchall()]


def test_dbt_debug_and_run_as_a_service_principal_with_tokens_refreshed(
    warehouse: LocalWarehouse, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    profile = (project / "profiles.yml").read_text()
    assert "auth_type: oauth" in profile and f"client_id: {ROBOT}" in profile
    assert "token:" not in profile

    ok, error = dbt(project, "debug")
    assert ok, error + capsys.readouterr().out
    assert "All checks passed" in capsys.readouterr().out

    # dbt pauses before the second model until the tokens issued so far have expired: its
    # statements reach the warehouse only with a token the SDK fetched afterwards.
    resumed: list[float] = []

    def pause_before_second(event: Any) -> None:
        if event.info.name == "NodeStart" and event.data.node_info.node_name == "second":
            time.sleep(LIFETIME_SECONDS + 1)
            resumed.append(time.time())

    ok, error = dbt(project, "run", callbacks=[pause_before_second])
    assert ok, error + capsys.readouterr().out
    assert rows(warehouse, "select who, again from main.oauth_run.second") == [(ROBOT, ROBOT)]

    issued = warehouse.directory.oauth_tokens_of(ROBOT)
    first_value, first = issued[0]
    assert first.expires_at is not None and first.expires_at < resumed[0]
    # The statements building `second` ran after the first token had expired, as the
    # service principal, and succeeded.
    expired_at = datetime.fromtimestamp(first.expires_at, timezone.utc)
    later = [
        r
        for r in warehouse.audit(executed_by=ROBOT)
        if "second" in r["statement_text"] and r["start_time"] > expired_at
    ]
    assert later and {r["execution_status"] for r in later} == {"FINISHED"}
    assert any(t.created_at > first.expires_at for _, t in issued)
    # The first token itself is refused now, like an expired personal access token.
    me = requests.get(
        warehouse.base_url + "/api/2.0/preview/scim/v2/Me",
        headers={"Authorization": f"Bearer {first_value}"},
        timeout=10,
    )
    assert (me.status_code, me.json()["message"]) == (403, "Token is expired")


def test_a_wrong_secret_fails_at_once_with_invalid_client(
    warehouse: LocalWarehouse, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    profile = project / "profiles.yml"
    profile.write_text(profile.read_text().replace(SECRET, "dose-not-the-secret"))
    started = time.monotonic()
    ok, _ = dbt(project, "debug")
    elapsed = time.monotonic() - started
    output = capsys.readouterr().out
    assert not ok
    assert "invalid_client: Client authentication failed" in output
    assert elapsed < 15, f"dbt debug took {elapsed:.1f} s to fail"
    assert warehouse.directory.oauth_tokens_of(ROBOT) == []
