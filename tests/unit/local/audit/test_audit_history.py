"""system.query.history, for the metastore admins only; records across restarts; no secrets
stored."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from audit_helpers import ADMIN, ALICE, OPS, REFUSED_HISTORY, ROBOT, Connect, connector
from databricks.sql.exc import ServerOperationError

from dbt.adapters.databricks_envs.local.audit import audit_path, read_audit
from dbt.adapters.databricks_envs.local.server import LocalWarehouse


def test_system_query_history_is_for_the_metastore_admins(
    warehouse: LocalWarehouse, connect: Connect
) -> None:
    with connect(ADMIN) as connection, connection.cursor() as cursor:
        cursor.execute("select 1 as one")
        cursor.execute(
            "select statement_id, executed_by, statement_type, execution_status, "
            "compute.warehouse_id AS warehouse_id, total_duration_ms, start_time "
            "from system.query.history order by start_time"
        )
        assert [(d[0], d[1]) for d in cursor.description] == [
            ("statement_id", "string"),
            ("executed_by", "string"),
            ("statement_type", "string"),
            ("execution_status", "string"),
            ("warehouse_id", "string"),
            ("total_duration_ms", "bigint"),
            ("start_time", "timestamp"),
        ]
        # Everything up to the statement before this one.
        (row,) = cursor.fetchall()
        first, history = warehouse.audit()
        assert history["statement_id"] == cursor.query_id
        assert row.asDict() == {
            "statement_id": first["statement_id"],
            "executed_by": ADMIN,
            "statement_type": "SELECT",
            "execution_status": "FINISHED",
            "warehouse_id": warehouse.warehouse_id,
            "total_duration_ms": first["total_duration_ms"],
            "start_time": first["start_time"],
        }
    # A member of the metastore admin group may read it too.
    with connect(OPS) as connection, connection.cursor() as cursor:
        cursor.execute("select count(*) AS n from system.query.history")
        assert cursor.fetchone().n == 2
    for principal in (ALICE, ROBOT):
        with connect(principal) as connection, connection.cursor() as cursor:
            with pytest.raises(ServerOperationError) as refused:
                cursor.execute("select * from system.query.history")
            assert REFUSED_HISTORY in str(refused.value)
    refusals = [r for r in warehouse.audit() if r["executed_by"] in (ALICE, ROBOT)]
    assert [r["error_message"] for r in refusals] == [REFUSED_HISTORY, REFUSED_HISTORY]


def test_records_survive_a_restart(
    start: Callable[[], LocalWarehouse], warehouse: LocalWarehouse, data_dir: Path
) -> None:
    with connector(warehouse)(ADMIN) as connection, connection.cursor() as cursor:
        cursor.execute("select 'before the restart' AS x")
    warehouse.stop()
    assert [r["statement_text"] for r in read_audit(data_dir)] == [
        "select 'before the restart' AS x"
    ]
    again = start()
    with connector(again)(ADMIN) as connection, connection.cursor() as cursor:
        cursor.execute("select statement_text from system.query.history")
        assert [row.statement_text for row in cursor.fetchall()] == [
            "select 'before the restart' AS x"
        ]
    texts = [r["statement_text"] for r in again.audit()]
    assert texts == [
        "select 'before the restart' AS x",
        "select statement_text from system.query.history",
    ]


def test_secrets_and_tokens_are_never_stored(
    warehouse: LocalWarehouse, connect: Connect, data_dir: Path
) -> None:
    copy_into = (
        "COPY INTO main.default.t FROM 's3://bucket/path' WITH (CREDENTIAL ("
        "AWS_ACCESS_KEY = 'AKIAEXAMPLEKEY', AWS_SECRET_KEY = 'wJalrXUtnFEMIsecret', "
        "AWS_SESSION_TOKEN = 'FwoGZXIvYXdzEsession')) FILEFORMAT = CSV"
    )
    with (
        connect(ADMIN) as connection,
        connection.cursor() as cursor,
        pytest.raises(ServerOperationError),
    ):
        cursor.execute(copy_into)
    (record,) = warehouse.audit()
    assert record["statement_type"] == "COPY"
    assert record["statement_text"] == (
        "COPY INTO main.default.t FROM 's3://bucket/path' WITH (CREDENTIAL ("
        "AWS_ACCESS_KEY = '***', AWS_SECRET_KEY = '***', AWS_SESSION_TOKEN = '***')) "
        "FILEFORMAT = CSV"
    )
    stored = audit_path(data_dir).read_text()
    for secret in ("AKIAEXAMPLEKEY", "wJalrXUtnFEMIsecret", "FwoGZXIvYXdzEsession"):
        assert secret not in stored
    assert "dapi-admin-secret" not in stored
