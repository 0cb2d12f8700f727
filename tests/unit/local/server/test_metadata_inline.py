"""Statements that read catalog metadata only run at once in the thread that received them;
everything else runs on a worker, where it can be polled and cancelled."""

from __future__ import annotations

import threading
from typing import Any

import pyarrow as pa
import pytest
from databricks.sql.thrift_api.TCLIService import ttypes

from dbt.adapters.databricks_envs.local.api import Column, Principal, Result
from dbt.adapters.databricks_envs.local.server.operations import Operation, SessionEntry

WORKER_PREFIX = "local-warehouse"


def _threads_of(engine: Any, monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Records (statement, thread name) for every statement the engine's sessions run."""
    seen: list[tuple[str, str]] = []
    session_type = type(engine.sessions[-1])
    execute = session_type.execute

    def recording(self: Any, sql: str) -> Result:
        seen.append((sql, threading.current_thread().name))
        return execute(self, sql)  # type: ignore[no-any-return]

    monkeypatch.setattr(session_type, "execute", recording)
    return seen


def test_metadata_statements_run_where_they_arrive(
    connect: Any, engine: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    with connect() as connection, connection.cursor() as cursor:
        seen = _threads_of(engine, monkeypatch)
        cursor.execute("SHOW CATALOGS")
        assert {"dev", "prod", "qa"} <= {row[0] for row in cursor.fetchall()}
        cursor.execute("SELECT 1 AS one")
        assert cursor.fetchone().one == 1
    (show, show_thread), (select, select_thread) = seen
    assert show == "SHOW CATALOGS" and not show_thread.startswith(WORKER_PREFIX)
    assert select == "SELECT 1 AS one" and select_thread.startswith(WORKER_PREFIX)


class _Session:
    def __init__(self) -> None:
        self.ran = 0

    @property
    def current_catalog(self) -> str:
        return "main"

    @property
    def current_schema(self) -> str:
        return "default"

    def execute(self, sql: str) -> Result:
        self.ran += 1
        return Result([Column("x", "string")], pa.table({"x": [sql]}))

    def reads_metadata_only(self, sql: str) -> bool:
        return True

    def interrupt(self) -> None:
        pass

    def close(self) -> None:
        pass


def _operation() -> tuple[Operation, _Session]:
    session = _Session()
    entry = SessionEntry(session, Principal("alice@example.com"))
    operation = Operation(
        entry,
        ttypes.TOperationType.EXECUTE_STATEMENT,
        lambda s: s.execute("SHOW TABLES"),
        None,
        None,
    )
    return operation, session


def test_a_quick_operation_runs_in_the_calling_thread() -> None:
    operation, session = _operation()
    assert operation.run_here_if(lambda: True)
    assert session.ran == 1 and not operation.running
    assert operation.result is not None and operation.result.num_rows == 1


def test_an_operation_runs_here_only_if_quick_and_its_session_is_idle() -> None:
    operation, session = _operation()
    assert not operation.run_here_if(lambda: False)

    def fails() -> bool:
        raise ValueError("cannot tell")

    assert not operation.run_here_if(fails)
    with operation.entry.lock:
        # Another statement of the session is running.
        assert not operation.run_here_if(lambda: True)
    assert session.ran == 0 and operation.running
    # Still pending: a worker runs it.
    operation.run()
    assert session.ran == 1 and not operation.running
