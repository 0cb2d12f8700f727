"""Printed profiles: complete YAML that dbt can use as is."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from dbt.adapters.databricks_envs.local.cli import main
from dbt.adapters.databricks_envs.local.server.config import DEFAULT_WAREHOUSE_ID
from dbt.adapters.databricks_envs.local.server.datadir import admin_token


@pytest.mark.parametrize("adapter_type", ["databricks", "databricks_envs"])
def test_profile_command_prints_a_complete_profile(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], adapter_type: str
) -> None:
    code = main(
        [
            "profile",
            "--data-dir",
            str(tmp_path),
            "--port",
            "8765",
            "--type",
            adapter_type,
            "--profile-name",
            "jaffle",
            "--catalog",
            "dev",
            "--schema",
            "dbt_ada",
        ]
    )
    assert code == 0
    profile = yaml.safe_load(capsys.readouterr().out)
    assert profile == {
        "jaffle": {
            "target": "local",
            "outputs": {
                "local": {
                    "type": adapter_type,
                    "host": "http://127.0.0.1:8765",
                    "http_path": f"/sql/1.0/warehouses/{DEFAULT_WAREHOUSE_ID}",
                    "token": admin_token(tmp_path),
                    "catalog": "dev",
                    "schema": "dbt_ada",
                    "threads": 4,
                    "connection_parameters": {
                        "_connection_uri": "http://127.0.0.1:8765/sql/1.0/warehouses/"
                        + DEFAULT_WAREHOUSE_ID,
                        "enable_telemetry": False,
                        "_retry_stop_after_attempts_count": 1,
                    },
                }
            },
        }
    }


def test_profile_uses_the_configured_warehouse_and_given_token(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "warehouse.yml"
    config.write_text(
        "principals: [{name: ci@example.com}]\n"
        "tokens: [{token: dapi-ci, principal: ci@example.com}]\n"
        "warehouses: [{id: ci}]\n"
    )
    base = ["profile", "--data-dir", str(tmp_path), "--port", "1", "--profile-name", "p"]
    assert main([*base, "--config", str(config)]) == 1
    assert "choose one with --token" in capsys.readouterr().err
    assert main([*base, "--config", str(config), "--token", "dapi-ci"]) == 0
    target = yaml.safe_load(capsys.readouterr().out)["p"]["outputs"]["local"]
    assert (target["token"], target["http_path"]) == ("dapi-ci", "/sql/1.0/warehouses/ci")


def test_profile_for_oauth_machine_to_machine(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ["profile", "--data-dir", str(tmp_path), "--port", "1", "--profile-name", "p"]
    oauth = ["--client-id", "6f1c7e2a-0d1e-4c43-9a55-6b1f0c9e2b7d", "--client-secret", "dose1"]
    assert main([*base, "--type", "databricks", *oauth]) == 0
    target = yaml.safe_load(capsys.readouterr().out)["p"]["outputs"]["local"]
    assert "token" not in target
    assert (target["auth_type"], target["client_id"], target["client_secret"]) == (
        "oauth",
        "6f1c7e2a-0d1e-4c43-9a55-6b1f0c9e2b7d",
        "dose1",
    )
    # The data directory's admin token is not needed, nor written.
    assert not any(tmp_path.iterdir())
    for wrong in ([*oauth, "--token", "dapi-x"], oauth[:2], oauth[2:]):
        assert main([*base, *wrong]) == 1
        assert "--client-id with --client-secret" in capsys.readouterr().err
