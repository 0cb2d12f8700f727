"""The audit log records every statement and catalog call the warehouse received, whatever
became of it, through the unmodified connector."""

from __future__ import annotations

import json
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
from audit_helpers import ADMIN, ALICE, LONG_STATEMENT, Connect
from databricks.sql.exc import DatabaseError, ServerOperationError

from dbt.adapters.databricks_envs.local.audit import audit_path
from dbt.adapters.databricks_envs.local.server import LocalWarehouse


def test_a_write_is_recorded_with_its_ids_principal_time_and_warehouse(
    warehouse: LocalWarehouse, connect: Connect
) -> None:
    statement = (
        '/* {"app": "dbt", "node_id": "model.p.t"} */\ncreate table main.default.t as select 1 as x'
    )
    before = time.time()
    with connect(ADMIN) as connection, connection.cursor() as cursor:
        cursor.execute(statement)
        create_id = cursor.query_id
        cursor.execute("insert into main.default.t values (2)")
        insert_id = cursor.query_id
        session_id = connection.get_session_id_hex()
        # Recorded before the client saw the outcome.
        records = warehouse.audit(session_id=session_id)
    after = time.time()
    assert [(r["statement_id"], r["statement_type"]) for r in records] == [
        (create_id, "CREATE"),
        (insert_id, "INSERT"),
    ]
    create = records[0]
    assert create["session_id"] == session_id
    assert create["executed_by"] == ADMIN
    assert create["statement_text"] == statement
    assert create["execution_status"] == "FINISHED"
    assert create["error_message"] is None
    assert create["compute"] == {
        "type": "WAREHOUSE",
        "cluster_id": None,
        "warehouse_id": warehouse.warehouse_id,
    }
    start, end = create["start_time"], create["end_time"]
    assert start.utcoffset() == timedelta(0)
    assert before - 0.01 <= start.timestamp() <= end.timestamp() <= after + 0.01
    elapsed_ms = (end - start).total_seconds() * 1000
    assert abs(create["total_duration_ms"] - elapsed_ms) <= 1
    assert records[1]["start_time"] >= end
    assert warehouse.audit(executed_by=ALICE) == []


def test_a_refused_statement_is_recorded_failed_with_the_error_the_client_saw(
    warehouse: LocalWarehouse, connect: Connect
) -> None:
    with connect(ALICE) as connection, connection.cursor() as cursor:
        with pytest.raises(ServerOperationError) as refused:
            cursor.execute("create schema main.alice_s")
        session_id = connection.get_session_id_hex()
    (record,) = warehouse.audit(executed_by=ALICE)
    assert record["session_id"] == session_id
    assert record["statement_type"] == "CREATE"
    assert record["execution_status"] == "FAILED"
    assert record["error_message"] == (
        "[INSUFFICIENT_PERMISSIONS] Insufficient privileges:\n"
        "User does not have USE CATALOG on Catalog 'main'. SQLSTATE: 42501"
    )
    assert record["error_message"] in str(refused.value)


def test_a_sql_error_and_a_metadata_statement_are_recorded(
    warehouse: LocalWarehouse, connect: Connect
) -> None:
    with connect(ADMIN) as connection, connection.cursor() as cursor:
        cursor.execute("SHOW SCHEMAS IN main")
        with pytest.raises(ServerOperationError) as failed:
            cursor.execute("select * from main.default.missing")
    shown, missing = warehouse.audit()
    assert (shown["statement_type"], shown["execution_status"]) == ("SHOW", "FINISHED")
    assert (missing["statement_type"], missing["execution_status"]) == ("SELECT", "FAILED")
    assert missing["error_message"].startswith("[TABLE_OR_VIEW_NOT_FOUND]")
    assert missing["error_message"] in str(failed.value)


def test_a_cancelled_statement_is_recorded_canceled(
    warehouse: LocalWarehouse, connect: Connect
) -> None:
    with connect(ADMIN) as connection, connection.cursor() as cursor:
        failure: list[BaseException] = []

        def run() -> None:
            try:
                cursor.execute(LONG_STATEMENT)
            except BaseException as exc:
                failure.append(exc)

        runner = threading.Thread(target=run)
        runner.start()
        deadline = time.monotonic() + 5
        while cursor.active_command_id is None and time.monotonic() < deadline:
            time.sleep(0.01)
        statement_id = cursor.query_id
        cursor.cancel()
        runner.join(10)
        assert failure and isinstance(failure[0], DatabaseError)
    (record,) = warehouse.audit()
    assert record["statement_id"] == statement_id
    assert record["statement_text"] == LONG_STATEMENT
    assert record["statement_type"] == "SELECT"
    assert record["execution_status"] == "CANCELED"
    assert record["error_message"] is None


def test_catalog_calls_are_recorded_as_metadata(
    warehouse: LocalWarehouse, connect: Connect
) -> None:
    with connect(ADMIN) as connection, connection.cursor() as cursor:
        cursor.catalogs()
        cursor.schemas(catalog_name="main")
        cursor.tables(catalog_name="dev", schema_name="s", table_types=["TABLE", "VIEW"])
        cursor.columns(catalog_name="main", schema_name="default", table_name="t")
    records = warehouse.audit()
    assert [(r["statement_type"], r["statement_text"]) for r in records] == [
        ("METADATA", "GetCatalogs()"),
        ("METADATA", "GetSchemas(catalog=main)"),
        ("METADATA", "GetTables(catalog=dev, schema=s, types=TABLE,VIEW)"),
        ("METADATA", "GetColumns(catalog=main, schema=default, table=t)"),
    ]
    assert {r["execution_status"] for r in records} == {"FINISHED"}


def test_concurrent_sessions_are_all_recorded(
    warehouse: LocalWarehouse, connect: Connect, data_dir: Path
) -> None:
    threads, statements = 4, 25
    sessions: dict[int, str] = {}

    def work(index: int) -> None:
        with connect(ADMIN) as connection, connection.cursor() as cursor:
            sessions[index] = connection.get_session_id_hex()
            for i in range(statements):
                cursor.execute(f"SELECT {index} AS thread, {i} AS i")

    runners = [threading.Thread(target=work, args=(index,)) for index in range(threads)]
    for runner in runners:
        runner.start()
    for runner in runners:
        runner.join(60)
    for index, session_id in sessions.items():
        texts = [r["statement_text"] for r in warehouse.audit(session_id=session_id)]
        assert texts == [f"SELECT {index} AS thread, {i} AS i" for i in range(statements)]
    lines = audit_path(data_dir).read_text().splitlines()
    assert len(lines) == threads * statements
    assert len({json.loads(line)["statement_id"] for line in lines}) == threads * statements
