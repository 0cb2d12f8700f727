"""The audit log's pieces without a warehouse: statement types, redaction, the file, and
system.query.history served by the engine."""

from __future__ import annotations

import os
from datetime import datetime, timezone
from pathlib import Path

import pytest

from dbt.adapters.databricks_envs.local.api import Principal
from dbt.adapters.databricks_envs.local.audit import (
    AuditLog,
    Record,
    audit_path,
    read_audit,
    redact,
    statement_record,
    statement_type,
)
from dbt.adapters.databricks_envs.local.engine import DuckDBEngine

DBT_COMMENT = '/* {"app": "dbt", "dbt_version": "1.10.0", "node_id": "model.p.m"} */\n'


@pytest.mark.parametrize(
    ("sql", "expected"),
    [
        ("select 1", "SELECT"),
        (DBT_COMMENT + "create or replace table t as select 1", "CREATE"),
        ("-- a line comment\n  -- another\nINSERT INTO t VALUES (1)", "INSERT"),
        ("/* outer /* nested */ still outer */ drop table t", "DROP"),
        ("with a as (select 1 as x) select * from a", "SELECT"),
        (
            "WITH a AS (SELECT 1), b (y) AS (SELECT 'insert (' FROM a) INSERT INTO t SELECT 1",
            "INSERT",
        ),
        ("with s as (select * from src) merge into t using s on t.id = s.id", "MERGE"),
        (DBT_COMMENT + "WITH x AS (SELECT 1) -- select\nDELETE FROM t", "DELETE"),
        ("(select 1) union all (select 2)", "SELECT"),
        ("values (1), (2)", "SELECT"),
        ("from t select *", "SELECT"),
        ("desc table extended t", "DESCRIBE"),
        ("describe t", "DESCRIBE"),
        ("show tables in main.s", "SHOW"),
        ("merge into t using s on t.id = s.id when matched then delete", "MERGE"),
        ("alter table t set tblproperties ('a' = 'b')", "ALTER"),
        ("grant select on table t to `alice@example.com`", "GRANT"),
        ("revoke select on table t from `alice@example.com`", "REVOKE"),
        ("use catalog dev", "USE"),
        ("set spark.sql.ansi.enabled = true", "SET"),
        ("truncate table t", "TRUNCATE"),
        ("update t set x = 1", "UPDATE"),
        ("COPY INTO t FROM 's3://b'", "COPY"),
        ("explain select 1", "EXPLAIN"),
        ("optimize t zorder by (x)", "OPTIMIZE"),
        ("vacuum t", "OTHER"),
        ("comment on table t is 'x'", "OTHER"),
        ("", "OTHER"),
        ("/* only a comment */", "OTHER"),
        ("with a as (select 1)", "OTHER"),
    ],
)
def test_statement_type_is_the_first_keyword_as_databricks_reports_it(
    sql: str, expected: str
) -> None:
    assert statement_type(sql) == expected


@pytest.mark.parametrize(
    ("sql", "expected"),
    [
        (
            "COPY INTO t FROM 's3://b' WITH (CREDENTIAL (AWS_ACCESS_KEY = 'AKIA1', "
            "AWS_SECRET_KEY = 'sk/+1', AWS_SESSION_TOKEN = 'tok==')) FILEFORMAT = CSV",
            "COPY INTO t FROM 's3://b' WITH (CREDENTIAL (AWS_ACCESS_KEY = '***', "
            "AWS_SECRET_KEY = '***', AWS_SESSION_TOKEN = '***')) FILEFORMAT = CSV",
        ),
        (
            "COPY INTO t FROM 'abfss://c@a.dfs.core.windows.net/p' WITH (CREDENTIALS "
            "(AZURE_SAS_TOKEN = 'sv=2020'), ENCRYPTION (TYPE = 'AWS_SSE_C', MASTER_KEY = 'mk'))",
            "COPY INTO t FROM 'abfss://c@a.dfs.core.windows.net/p' WITH (CREDENTIALS "
            "(AZURE_SAS_TOKEN = '***'), ENCRYPTION (TYPE = '***', MASTER_KEY = '***'))",
        ),
        (
            "COPY INTO t FROM 's3://b' WITH (CREDENTIAL (ROLE = 'it''s (odd)'))",
            "COPY INTO t FROM 's3://b' WITH (CREDENTIAL (ROLE = '***''***'))",
        ),
        (
            "create table t tblproperties ('fs.azure.account.key' = 'abc', "
            "\"db_password\"= \"p\", `api_token` ='z', 'delta.appendOnly' = 'true')",
            "create table t tblproperties ('fs.azure.account.key' = '***', "
            "\"db_password\"= '***', `api_token` ='***', 'delta.appendOnly' = 'true')",
        ),
        (
            "select * from t where client_secret = 's3cr3t' and name = 'monkey business'",
            "select * from t where client_secret = '***' and name = 'monkey business'",
        ),
    ],
)
def test_secrets_are_redacted(sql: str, expected: str) -> None:
    assert redact(sql) == expected


def test_statements_without_secrets_are_kept_as_they_are() -> None:
    sql = DBT_COMMENT + "merge into t using s on t.id = s.id when matched then update set *"
    assert redact(sql) is sql


def _record(statement_id: str, executed_by: str = "a@x.com", session: str = "s1") -> Record:
    return statement_record(
        statement_id=statement_id,
        session_id=session,
        executed_by=executed_by,
        warehouse_id="w1",
        text="select 1",
        status="FINISHED",
        error_message=None,
        start=1_700_000_000.0,
        end=1_700_000_000.25,
    )


def test_the_log_is_appended_read_back_filtered_and_survives_a_torn_line(
    tmp_path: Path,
) -> None:
    log = AuditLog(tmp_path)
    log.append(_record("1"))
    log.append(_record("2", executed_by="b@x.com", session="s2"))
    assert [r["statement_id"] for r in log.records()] == ["1", "2"]
    first = read_audit(tmp_path)[0]
    assert first["start_time"] == datetime(2023, 11, 14, 22, 13, 20, tzinfo=timezone.utc)
    assert first["total_duration_ms"] == 250
    assert [r["statement_id"] for r in read_audit(tmp_path, executed_by="b@x.com")] == ["2"]
    assert [r["statement_id"] for r in read_audit(tmp_path, session_id="s1")] == ["1"]
    log.close()
    # A warehouse that died mid-write leaves half a line behind.
    with open(audit_path(tmp_path), "ab") as file:
        file.write(b'{"statement_id": "3", "sess')
    assert [r["statement_id"] for r in read_audit(tmp_path)] == ["1", "2"]
    again = AuditLog(tmp_path)
    again.append(_record("4"))
    again.close()
    assert [r["statement_id"] for r in read_audit(tmp_path)] == ["1", "2", "4"]
    if os.name == "posix":
        assert audit_path(tmp_path).stat().st_mode & 0o077 == 0


def test_an_engine_without_a_log_serves_an_empty_history(tmp_path: Path) -> None:
    engine = DuckDBEngine(tmp_path)
    try:
        session = engine.open_session(Principal("admin"))
        result = session.execute("select * from system.query.history")
        assert result.table.num_rows == 0
        assert [(c.name, c.type_name) for c in result.columns] == [
            ("statement_id", "string"),
            ("session_id", "string"),
            ("execution_status", "string"),
            ("compute", "struct<type:string,cluster_id:string,warehouse_id:string>"),
            ("executed_by", "string"),
            ("statement_text", "string"),
            ("statement_type", "string"),
            ("error_message", "string"),
            ("total_duration_ms", "bigint"),
            ("start_time", "timestamp"),
            ("end_time", "timestamp"),
        ]
        log = AuditLog(tmp_path)
        engine.serve_history(log)
        log.append(_record("1"))
        query = "select statement_id, compute.warehouse_id from system.query.history"
        assert session.execute(query).table.to_pylist() == [
            {"statement_id": "1", "warehouse_id": "w1"}
        ]
        log.append(_record("2"))
        assert session.execute(query).table.num_rows == 2
        log.close()
    finally:
        engine.close()
