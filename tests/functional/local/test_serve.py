"""`dbt-databricks-envs local serve`: start, serve, stop cleanly, keep the data."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import databricks.sql
import yaml

from dbt.adapters.databricks_envs.local.server import ServerProcess

SERVE = [sys.executable, "-m", "dbt.adapters.databricks_envs.cli", "local", "serve"]


def _connect(server: ServerProcess, **kwargs: object) -> databricks.sql.client.Connection:
    return databricks.sql.connect(
        server_hostname="127.0.0.1",
        http_path=server.http_path,
        access_token=server.token,
        _connection_uri=server.connection_uri,
        enable_telemetry=False,
        **kwargs,
    )


def test_serve_prints_its_address_and_a_working_profile(server: ServerProcess) -> None:
    output = "".join(server.output)
    assert f"address:   {server.base_url}" in output
    profile_text = output[output.index("# dbt profile") : output.index("Press Ctrl+C")]
    target = yaml.safe_load(profile_text)["local"]["outputs"]["local"]
    assert target["host"] == server.base_url
    assert target["connection_parameters"]["_connection_uri"] == server.connection_uri
    assert target["token"] == server.token
    with (
        _connect(server, catalog=target["catalog"], schema=target["schema"]) as connection,
        connection.cursor() as cursor,
    ):
        cursor.execute("SELECT 1 AS one")
        assert cursor.fetchone().one == 1


def test_a_second_server_on_the_same_data_dir_is_refused(server: ServerProcess) -> None:
    started = time.monotonic()
    refused = subprocess.run(
        [*SERVE, "--data-dir", str(server.data_dir), "--port", "0"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert refused.returncode == 1
    assert "is in use by another local warehouse" in refused.stderr
    assert f"process {server.process.pid}" in refused.stderr
    assert time.monotonic() - started < 10


def test_an_invalid_configuration_is_refused(tmp_path: Path) -> None:
    config = tmp_path / "warehouse.yml"
    config.write_text("tokens: [{token: t, principal: nobody@example.com}]\n")
    refused = subprocess.run(
        [*SERVE, "--data-dir", str(tmp_path / "data"), "--config", str(config)],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert refused.returncode == 1
    assert "`tokens[0].principal` 'nobody@example.com' is not declared" in refused.stderr


def test_sigterm_stops_cleanly_and_the_data_stays(tmp_path: Path) -> None:
    with ServerProcess(tmp_path) as first, _connect(first) as connection:
        with connection.cursor() as cursor:
            cursor.execute("CREATE SCHEMA IF NOT EXISTS kept")
            cursor.execute("CREATE TABLE kept.numbers AS SELECT 1 AS n UNION ALL SELECT 2")
        connection.close()
        assert first.stop() == 0
    assert "Stopped" in "".join(first.output)
    with ServerProcess(tmp_path) as second, _connect(second) as connection:
        with connection.cursor() as cursor:
            cursor.execute("SELECT sum(n) AS total FROM kept.numbers")
            assert cursor.fetchone().total == 3
        connection.close()
        assert second.stop() == 0


def test_configured_tokens_and_warehouse(tmp_path: Path) -> None:
    config = tmp_path / "warehouse.yml"
    config.write_text(
        "principals: [{name: ci@example.com}]\n"
        "tokens: [{token: dapi-ci, principal: ci@example.com}]\n"
        "warehouses: [{id: ci0001}]\n"
    )
    with ServerProcess(tmp_path / "data", config) as server:
        assert (server.token, server.warehouse_id) == ("dapi-ci", "ci0001")
        with _connect(server) as connection, connection.cursor() as cursor:
            cursor.execute("SELECT current_user() AS me")
            assert cursor.fetchone().me == "ci@example.com"
