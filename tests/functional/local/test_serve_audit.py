"""The audit log of `dbt-databricks-envs local serve`, read from another process through its
data directory: each statement is there as soon as the client has its outcome, and stays after
the server stops."""

from __future__ import annotations

from pathlib import Path

import databricks.sql

from dbt.adapters.databricks_envs.local.audit import read_audit
from dbt.adapters.databricks_envs.local.server import ServerProcess


def test_a_served_warehouse_records_every_statement_where_tests_can_read_it(
    tmp_path: Path,
) -> None:
    with ServerProcess(tmp_path / "data") as server:
        with (
            databricks.sql.connect(
                server_hostname="127.0.0.1",
                http_path=server.http_path,
                access_token=server.token,
                _connection_uri=server.connection_uri,
                enable_telemetry=False,
            ) as connection,
            connection.cursor() as cursor,
        ):
            cursor.execute("CREATE SCHEMA IF NOT EXISTS main.audited")
            created = cursor.query_id
            # Read by this process while the server runs: already written.
            (record,) = read_audit(server.data_dir, session_id=connection.get_session_id_hex())
            assert record["statement_id"] == created
            assert record["statement_text"] == "CREATE SCHEMA IF NOT EXISTS main.audited"
            assert record["execution_status"] == "FINISHED"
            assert record["executed_by"] == "admin@localhost"
            assert record["compute"]["warehouse_id"] == server.warehouse_id
            cursor.execute("SELECT statement_id FROM system.query.history")
            assert [row.statement_id for row in cursor.fetchall()] == [created]
        assert server.stop() == 0
    records = read_audit(tmp_path / "data")
    assert [r["statement_type"] for r in records] == ["CREATE", "SELECT"]
    assert server.token not in (tmp_path / "data" / "audit" / "query_history.jsonl").read_text()
