"""Delta table history: every write is a version; DESCRIBE HISTORY, time travel reads, RESTORE,
the retention of older versions' data, and history across restarts."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from engine_helpers import ALICE, BOB, column_types, fails, rows

from dbt.adapters.databricks_envs.local.api import Principal, WarehouseError
from dbt.adapters.databricks_envs.local.engine import Access, DuckDBEngine, DuckDBSession
from dbt.adapters.databricks_envs.local.engine.storage import history

START = datetime(2026, 3, 1, 12, 0, tzinfo=timezone.utc)


class Clock:
    """A clock that moves one minute on every reading."""

    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        self.now += timedelta(minutes=1)
        return self.now


@pytest.fixture
def clocked(data_dir: Path) -> Iterator[DuckDBEngine]:
    engine = DuckDBEngine(data_dir, clock=Clock())
    yield engine
    engine.close()


@pytest.fixture
def s(clocked: DuckDBEngine) -> Iterator[DuckDBSession]:
    session = clocked.open_session(ALICE, "main", "default")
    yield session
    session.close()


def history_of(session: DuckDBSession, table: str = "t") -> list[tuple[Any, ...]]:
    """(version, operation, readVersion) of each version, newest first."""
    return [(r[0], r[4], r[9]) for r in rows(session, f"describe history {table}")]


def parameters(session: DuckDBSession, version: int, table: str = "t") -> dict[str, str]:
    found = [r for r in rows(session, f"describe history {table}") if r[0] == version]
    return dict(found[0][5])


def metrics(session: DuckDBSession, version: int, table: str = "t") -> dict[str, str]:
    found = [r for r in rows(session, f"describe history {table}") if r[0] == version]
    return dict(found[0][12])


def test_every_write_is_a_version_with_databricks_operation_names(s: DuckDBSession) -> None:
    s.execute("create table t (id int, v string)")
    s.execute("insert into t values (1, 'a'), (2, 'b')")
    s.execute("update t set v = 'z' where id = 2")
    s.execute("delete from t where id = 1")
    s.execute(
        "merge into t using (select 2 as id, 'm' as v union all select 3, 'n') src "
        "on t.id = src.id when matched then update set * when not matched then insert *"
    )
    s.execute("insert overwrite t select * from t where id = 3")
    s.execute("alter table t add columns (note string)")
    s.execute("alter table t set tblproperties ('quality' = 'gold')")
    s.execute("truncate table t")
    assert history_of(s) == [
        (8, "TRUNCATE", 7),
        (7, "SET TBLPROPERTIES", 6),
        (6, "ADD COLUMNS", 5),
        (5, "WRITE", 4),
        (4, "MERGE", 3),
        (3, "DELETE", 2),
        (2, "UPDATE", 1),
        (1, "WRITE", 0),
        (0, "CREATE TABLE", None),
    ]
    assert parameters(s, 1)["mode"] == "Append"
    assert parameters(s, 5)["mode"] == "Overwrite"
    assert parameters(s, 3) == {"predicate": '["id = 1"]'}
    assert parameters(s, 4) == {"predicate": '["t.id = src.id"]'}
    assert parameters(s, 7) == {"properties": '{"quality":"gold"}'}
    assert metrics(s, 1)["numOutputRows"] == "2"
    assert metrics(s, 2) == {"numUpdatedRows": "1"}
    assert metrics(s, 4)["numTargetRowsUpdated"] == "1"
    assert metrics(s, 4)["numTargetRowsInserted"] == "1"


def test_describe_history_columns_order_and_limit(s: DuckDBSession) -> None:
    s.execute("create table t as select 1 as id")
    s.execute("insert into t values (2)")
    result = s.execute("describe history main.default.t")
    assert column_types(result) == [
        ("version", "bigint"),
        ("timestamp", "timestamp"),
        ("userId", "string"),
        ("userName", "string"),
        ("operation", "string"),
        ("operationParameters", "map<string,string>"),
        (
            "job",
            "struct<jobId:string,jobName:string,jobRunId:string,runId:string,"
            "jobOwnerId:string,triggerType:string>",
        ),
        ("notebook", "struct<notebookId:string>"),
        ("clusterId", "string"),
        ("readVersion", "bigint"),
        ("isolationLevel", "string"),
        ("isBlindAppend", "boolean"),
        ("operationMetrics", "map<string,string>"),
        ("userMetadata", "string"),
    ]
    newest, first = rows(s, "describe history t")
    assert newest[0] == 1 and newest[3] == ALICE.name and newest[10] == "WriteSerializable"
    assert newest[11] is True
    assert first[4] == "CREATE TABLE AS SELECT" and first[1] < newest[1]
    assert [r[0] for r in rows(s, "DESCRIBE HISTORY t LIMIT 1")] == [1]


def test_time_travel_reads_each_version(s: DuckDBSession) -> None:
    s.execute("create table t as select 1 as id")
    s.execute("insert into t values (2)")
    s.execute("delete from t where id = 1")
    s.execute("alter table t set tblproperties ('a' = 'b')")
    assert rows(s, "select id from t version as of 0") == [(1,)]
    assert rows(s, "select id from t version as of 1 order by id") == [(1,), (2,)]
    assert rows(s, "select id from main.default.t@v2") == [(2,)]
    # A metadata-only version reads the rows of the version before it.
    assert rows(s, "select id from t version as of 3") == [(2,)]
    stamps = {r[0]: r[1] for r in rows(s, "describe history t")}
    at = stamps[1].strftime("%Y-%m-%d %H:%M:%S")
    assert rows(s, f"select id from t timestamp as of '{at}' order by id") == [(1,), (2,)]
    between = (stamps[0] + timedelta(seconds=30)).strftime("%Y-%m-%d %H:%M:%S")
    assert rows(s, f"select id from t timestamp as of '{between}'") == [(1,)]
    # Joined with the current version, aliased, qualified columns.
    assert rows(
        s,
        "select old.id, t.id from t version as of 1 as old left join t on old.id = t.id "
        "order by old.id",
    ) == [(1, None), (2, 2)]
    # The same text again (a cached plan) still reads the version, which later writes keep.
    s.execute("insert into t values (3)")
    assert rows(s, "select id from t version as of 0") == [(1,)]


def test_time_travel_errors_are_databricks_errors(s: DuckDBSession) -> None:
    s.execute("create table t as select 1 as id")
    s.execute("insert into t values (2)")
    assert fails(s, "select * from t version as of 5", "DELTA_VERSION_NOT_FOUND").message == (
        "[DELTA_VERSION_NOT_FOUND] Cannot time travel Delta table to version 5. Available "
        "versions: [0, 1]. SQLSTATE: 22003"
    )
    later = fails(
        s, "select * from t timestamp as of '2999-01-01'", "DELTA_TIMESTAMP_GREATER_THAN_COMMIT"
    )
    assert "The provided timestamp (2999-01-01 00:00:00.0) is after the latest version" in (
        later.message
    )
    fails(
        s,
        "select * from t timestamp as of '2000-01-01'",
        "DELTA_TIMESTAMP_EARLIER_THAN_COMMIT_RETENTION",
    )
    s.execute("create view v as select * from t")
    fails(s, "select * from v version as of 0", "DELTA_UNSUPPORTED_TIME_TRAVEL_VIEWS")
    fails(s, "describe history v", "DELTA_CANNOT_DESCRIBE_VIEW_HISTORY")
    fails(s, "describe history missing", "TABLE_OR_VIEW_NOT_FOUND")
    fails(s, "select * from missing version as of 0", "TABLE_OR_VIEW_NOT_FOUND")


def test_replacing_keeps_history_and_dropping_ends_it(s: DuckDBSession) -> None:
    # What a dbt table model sends on every run.
    for value in (1, 2, 3):
        s.execute(f"create or replace table t using delta as select {value} as id")
    assert history_of(s) == [
        (2, "CREATE OR REPLACE TABLE AS SELECT", 1),
        (1, "CREATE OR REPLACE TABLE AS SELECT", 0),
        (0, "CREATE OR REPLACE TABLE AS SELECT", None),
    ]
    assert rows(s, "select id from t version as of 0") == [(1,)]
    assert rows(s, "select id from t version as of 1") == [(2,)]
    assert rows(s, "select id from t") == [(3,)]
    s.execute("drop table t")
    s.execute("create table t (id int)")
    assert history_of(s) == [(0, "CREATE TABLE", None)]
    fails(s, "select * from t version as of 1", "DELTA_VERSION_NOT_FOUND")


def test_restore_to_a_version_and_to_a_timestamp(s: DuckDBSession) -> None:
    s.execute("create table t (id int comment 'the id') comment 'the table'")
    s.execute("insert into t values (1)")
    s.execute("insert into t values (2)")
    s.execute("delete from t")
    result = s.execute("RESTORE TABLE t TO VERSION AS OF 2")
    assert [c.name for c in result.columns] == [
        "table_size_after_restore",
        "num_of_files_after_restore",
        "num_removed_files",
        "num_restored_files",
        "removed_files_size",
        "restored_files_size",
    ]
    assert rows(s, "select id from t order by id") == [(1,), (2,)]
    assert history_of(s)[0] == (4, "RESTORE", 3)
    assert parameters(s, 4) == {"version": "2"}
    assert int(metrics(s, 4)["tableSizeAfterRestore"]) > 0
    # The restore is a version too: the state before it can be read, and restored.
    assert rows(s, "select count(*) from t version as of 3") == [(0,)]
    stamp = next(r[1] for r in rows(s, "describe history t") if r[0] == 1)
    s.execute(f"restore t to timestamp as of '{stamp:%Y-%m-%d %H:%M:%S.%f}'")
    assert rows(s, "select id from t") == [(1,)]
    assert history_of(s)[0] == (5, "RESTORE", 4)
    # Comments stay with the table.
    assert ("id", "int", "the id") in rows(s, "describe table t")
    assert rows(s, "select comment from information_schema.tables where table_name = 't'") == [
        ("the table",)
    ]
    fails(s, "restore table t to version as of 9", "DELTA_CANNOT_RESTORE_TABLE_VERSION")
    fails(
        s,
        "restore table t to timestamp as of '2999-01-01'",
        "DELTA_CANNOT_RESTORE_TIMESTAMP_GREATER",
    )
    s.execute("create view v as select 1 as x")
    fails(s, "restore table v to version as of 0", "EXPECT_TABLE_NOT_VIEW.NO_ALTERNATIVE")


def test_the_data_of_older_versions_expires_the_metadata_stays(
    s: DuckDBSession, clocked: DuckDBEngine
) -> None:
    runs = history.DATA_RETAINED + 3
    for value in range(runs):
        s.execute(f"create or replace table t as select {value} as id")
    assert len(history_of(s)) == runs
    newest = runs - 1
    oldest_kept = newest - history.DATA_RETAINED
    assert rows(s, f"select id from t version as of {oldest_kept}") == [(oldest_kept,)]
    refused = fails(
        s, f"select * from t version as of {oldest_kept - 1}", "NOT_SUPPORTED_BY_LOCAL_WAREHOUSE"
    )
    assert "keeps the data of a table's last 5 earlier states" in refused.message
    # Kept versions live in hidden tables, which no listing shows.
    cursor = clocked.root.cursor()
    hidden = cursor.execute(
        "select count(*) from duckdb_tables() where database_name = 'uc_main' "
        f"and table_name like '{history.HIDDEN_PREFIX}%'"
    ).fetchall()
    assert hidden == [(history.DATA_RETAINED,)]
    assert rows(s, "show tables") == [("default", "t", False)]
    assert rows(
        s, "select table_name from information_schema.tables where table_schema = 'default'"
    ) == [("t",)]
    s.execute("drop schema default cascade")
    left = cursor.execute("select count(*) from uc_main.__uc.history").fetchall()
    cursor.close()
    assert left == [(0,)]


def test_history_survives_a_restart(data_dir: Path) -> None:
    engine = DuckDBEngine(data_dir)
    session = engine.open_session(ALICE, "main", "default")
    session.execute("create table t as select 1 as id")
    session.execute("create or replace table t as select 2 as id")
    session.execute("insert into t values (3)")
    engine.close()

    engine = DuckDBEngine(data_dir)
    session = engine.open_session(BOB, "main", "default")
    assert history_of(session) == [
        (2, "WRITE", 1),
        (1, "CREATE OR REPLACE TABLE AS SELECT", 0),
        (0, "CREATE TABLE AS SELECT", None),
    ]
    assert rows(session, "select id from t version as of 0") == [(1,)]
    assert rows(session, "select id from t version as of 1") == [(2,)]
    session.execute("restore table t to version as of 0")
    assert rows(session, "describe history t limit 1")[0][3] == BOB.name
    engine.close()


class Recorder:
    def __init__(self) -> None:
        self.seen: list[tuple[Access, ...]] = []

    def __call__(self, principal: Principal, accesses: Sequence[Access]) -> None:
        self.seen.append(tuple(accesses))


@pytest.mark.parametrize(
    ("sql", "expected"),
    [
        ("describe history main.default.t", {("read", ("relation", "main.default.t"))}),
        ("describe history t limit 3", {("read", ("relation", "main.default.t"))}),
        ("select * from t version as of 0", {("read", ("relation", "main.default.t"))}),
        ("select * from t@v0", {("read", ("relation", "main.default.t"))}),
        ("restore table t to version as of 0", {("write", ("table", "main.default.t"))}),
    ],
)
def test_what_history_statements_need(data_dir: Path, sql: str, expected: set) -> None:
    recorder = Recorder()
    engine = DuckDBEngine(data_dir, authorizer=recorder)
    session = engine.open_session(ALICE, "main", "default")
    session.execute("create table t as select 1 as id")
    session.execute(sql)
    assert {(a.action, a.securable) for a in recorder.seen[-1]} == expected
    engine.close()


def test_a_refused_read_is_refused_for_history_and_versions(data_dir: Path) -> None:
    def no_reads(principal: Principal, accesses: Sequence[Access]) -> None:
        if principal == BOB and any(a.action in ("read", "write") for a in accesses):
            raise WarehouseError(
                "INSUFFICIENT_PERMISSIONS",
                "42501",
                "[INSUFFICIENT_PERMISSIONS] No. SQLSTATE: 42501",
            )

    engine = DuckDBEngine(data_dir, authorizer=no_reads)
    engine.open_session(ALICE, "main", "default").execute("create table t as select 1 as id")
    bob = engine.open_session(BOB, "main", "default")
    for sql in (
        "describe history t",
        "select * from t version as of 0",
        "restore table t to version as of 0",
    ):
        fails(bob, sql, "INSUFFICIENT_PERMISSIONS")
    engine.close()


def test_a_table_made_before_history_was_kept_starts_at_version_0(data_dir: Path) -> None:
    engine = DuckDBEngine(data_dir)
    engine.open_session(ALICE, "main", "default").execute("create table t as select 1 as id")
    # What a table created by an earlier release looks like: no record of its creation.
    cursor = engine.root.cursor()
    cursor.execute("update uc_main.__uc.objects set details = '{}' where name = 't'")
    cursor.close()
    engine.close()

    engine = DuckDBEngine(data_dir)
    session = engine.open_session(ALICE, "main", "default")
    assert history_of(session) == [(0, "CREATE TABLE", None)]
    session.execute("insert into t values (2)")
    assert history_of(session) == [(1, "WRITE", 0), (0, "CREATE TABLE", None)]
    assert rows(session, "select id from t version as of 0") == [(1,)]
    engine.close()
