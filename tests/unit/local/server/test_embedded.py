"""Starting a warehouse inside this process, as `host: local` profiles do."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import databricks.sql
import pytest

from dbt.adapters.databricks_envs.local.server import DataDirBusy, start_embedded


def test_start_embedded_serves_until_stopped(
    tmp_path: Path, engine: Any, engine_factory: Callable[..., Any]
) -> None:
    warehouse = start_embedded(tmp_path, engine_factory=lambda *_: engine)
    try:
        assert warehouse.base_url == f"http://127.0.0.1:{warehouse.port}"
        assert warehouse.connection_uri == warehouse.base_url + warehouse.http_path
        with pytest.raises(DataDirBusy):
            start_embedded(tmp_path, engine_factory=engine_factory)
        with (
            databricks.sql.connect(
                server_hostname="127.0.0.1",
                http_path=warehouse.http_path,
                access_token=warehouse.token,
                _connection_uri=warehouse.connection_uri,
                enable_telemetry=False,
            ) as connection,
            connection.cursor() as cursor,
        ):
            cursor.execute("SELECT 1 AS one")
            assert cursor.fetchone().one == 1
    finally:
        warehouse.stop()
    assert engine.closed
    warehouse.stop()
    start_embedded(tmp_path, engine_factory=engine_factory).stop()


def test_a_failing_engine_releases_the_data_dir(
    tmp_path: Path, engine_factory: Callable[..., Any]
) -> None:
    def broken(*_: object) -> Any:
        raise RuntimeError("no engine today")

    with pytest.raises(RuntimeError):
        start_embedded(tmp_path, engine_factory=broken)
    start_embedded(tmp_path, engine_factory=engine_factory).stop()


def test_stopping_ends_open_connections(tmp_path: Path, engine_factory: Callable[..., Any]) -> None:
    warehouse = start_embedded(tmp_path, engine_factory=engine_factory)
    connection = databricks.sql.connect(
        server_hostname="127.0.0.1",
        http_path=warehouse.http_path,
        access_token=warehouse.token,
        _connection_uri=warehouse.connection_uri,
        enable_telemetry=False,
        _retry_stop_after_attempts_count=1,
    )
    cursor = connection.cursor()
    cursor.execute("SELECT 1")
    warehouse.stop()
    started = time.monotonic()
    with pytest.raises(Exception, match=r"Connection refused|Max retries exceeded"):
        cursor.execute("SELECT 1")
    assert time.monotonic() - started < 5


def test_the_statistics_hook_times_each_statement_only_when_set(
    tmp_path: Path, engine: Any
) -> None:
    warehouse = start_embedded(tmp_path, engine_factory=lambda *_: engine)
    timed: list[float] = []
    try:
        assert warehouse.handler.on_statement is None  # by default nothing is timed or kept
        with (
            databricks.sql.connect(
                server_hostname="127.0.0.1",
                http_path=warehouse.http_path,
                access_token=warehouse.token,
                _connection_uri=warehouse.connection_uri,
                enable_telemetry=False,
            ) as connection,
            connection.cursor() as cursor,
        ):
            cursor.execute("SELECT 1 AS one")
            warehouse.handler.on_statement = timed.append
            cursor.execute("SELECT 2 AS two")
            cursor.execute("SELECT 3 AS three")
            assert cursor.fetchone().three == 3
    finally:
        warehouse.stop()
    assert len(timed) == 2
    assert all(0 < seconds < 60 for seconds in timed)
