"""Reused translations and results must never give a stale or wrong answer."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from engine_helpers import column_types, one, rows

from dbt.adapters.databricks_envs.local.api import Principal
from dbt.adapters.databricks_envs.local.engine import DuckDBEngine, DuckDBSession
from dbt.adapters.databricks_envs.local.engine.introspect.snapshots import Snapshots

TABLES_IN = (
    "select table_name from system.information_schema.tables "
    "where table_catalog = 'main' and table_schema = '{schema}' order by table_name"
)


def test_queries_differing_in_compared_literals_share_a_template(session: DuckDBSession) -> None:
    session.execute("create schema a")
    session.execute("create schema b")
    session.execute("create table a.x (i int)")
    session.execute("create table b.y (i int)")
    assert rows(session, TABLES_IN.format(schema="a")) == [("x",)]
    assert rows(session, TABLES_IN.format(schema="b")) == [("y",)]
    assert rows(session, TABLES_IN.format(schema="none")) == []


def test_other_literals_stay_part_of_the_translation(session: DuckDBSession) -> None:
    session.execute("create table t as select 1 as i, 'x' as s")
    query = (
        "select upper('{value}') as u, date_trunc('{unit}', date'2024-05-17') as d "
        "from t where s = 'x'"
    )
    assert rows(session, query.format(value="a", unit="month"))[0][0] == "A"
    second = rows(session, query.format(value="b", unit="year"))[0]
    assert second[0] == "B"
    assert second[1].month == 1


def test_reused_information_schema_results_follow_changes(session: DuckDBSession) -> None:
    session.execute("create schema s")
    query = TABLES_IN.format(schema="s")
    assert rows(session, query) == []
    session.execute("create table s.t1 (i int)")
    assert rows(session, query) == [("t1",)]
    assert rows(session, query) == [("t1",)]
    session.execute("alter table s.t1 rename to s.t2")
    assert rows(session, query) == [("t2",)]
    session.execute("drop table s.t2")
    assert rows(session, query) == []


def test_last_altered_moves_with_row_changes(session: DuckDBSession) -> None:
    session.execute("create table t (i int)")
    query = "select last_altered from main.information_schema.tables where table_name = 't'"
    before = one(session, query)
    session.execute("insert into t values (1)")
    assert one(session, query) >= before
    assert rows(session, query) == rows(session, query)


def test_changes_in_one_session_are_seen_by_another(engine: DuckDBEngine) -> None:
    reader = engine.open_session(Principal("reader"))
    writer = engine.open_session(Principal("writer"))
    query = "select count(*) from main.information_schema.tables where table_schema = 'default'"
    assert one(reader, query) == 0
    writer.execute("create table main.default.t (i int)")
    assert one(reader, query) == 1


def test_cached_plans_follow_temporary_views(session: DuckDBSession) -> None:
    session.execute("create table t as select 'table' as source")
    query = "select source from t where source <> 'nothing'"
    assert one(session, query) == "table"
    session.execute("create temporary view t as select 'view' as source")
    assert one(session, query) == "view"
    session.execute("drop view t")
    assert one(session, query) == "table"


def test_leading_comments_do_not_matter(session: DuckDBSession) -> None:
    assert one(session, '/* {"app": "dbt", "invocation_id": "1"} */\nselect 1') == 1
    assert one(session, "-- a note\n/* nested /* comment */ */ select 2") == 2


FILTERS_OF = (
    "select table_name, filter_name from main.information_schema.row_filters "
    "where table_schema = 'default' and table_name = '{name}'"
)


def test_a_query_over_an_always_empty_table_keeps_its_columns(session: DuckDBSession) -> None:
    first = session.execute(FILTERS_OF.format(name="a"))
    again = session.execute(FILTERS_OF.format(name="b"))
    assert first.table.num_rows == again.table.num_rows == 0
    assert (
        column_types(again)
        == column_types(first)
        == [
            ("table_name", "string"),
            ("filter_name", "string"),
        ]
    )


def test_only_queries_that_cannot_make_rows_are_known_empty(session: DuckDBSession) -> None:
    """An aggregate, or the other side of a RIGHT JOIN, gives rows over an empty table."""
    session.execute("create table a (i int)")
    session.execute("create table b (i int)")
    counted = (
        "select count(*), max(table_name) from main.information_schema.row_filters "
        "where table_name = '{name}'"
    )
    assert rows(session, counted.format(name="a")) == [(0, None)]
    assert rows(session, counted.format(name="b")) == [(0, None)]
    joined = (
        "select t.table_name, f.filter_name from main.information_schema.row_filters f "
        "right join main.information_schema.tables t on f.table_name = t.table_name "
        "where t.table_schema = 'default' and t.table_name = '{name}'"
    )
    assert rows(session, joined.format(name="nothing")) == []
    assert rows(session, joined.format(name="a")) == [("a", None)]
    assert rows(session, joined.format(name="b")) == [("b", None)]


def test_information_schema_changes_only_with_its_content(
    engine: DuckDBEngine, session: DuckDBSession
) -> None:
    """Replacing a table with the same columns leaves information_schema.columns as it was
    (sessions need not load it again); another column, or a drop, changes it."""
    session.execute("create table t as select 1 as i, 'x' as s")
    session.execute("create table u as select 1 as i")
    columns = "select column_name from main.information_schema.columns where table_name = 't'"
    assert rows(session, columns) == [("i",), ("s",)]
    first = engine.snapshots.generation("columns")
    session.execute("create or replace table t as select 2 as i, 'y' as s")
    assert engine.snapshots.generation("columns") == first
    session.execute("create or replace table t as select 2 as i, 'y' as s, 3.5 as d")
    second = engine.snapshots.generation("columns")
    assert second != first
    assert rows(session, columns) == [("i",), ("s",), ("d",)]
    session.execute("drop table u")
    assert engine.snapshots.generation("columns") != second
    assert rows(
        session, "select count(*) from main.information_schema.columns where table_name = 'u'"
    ) == [(0,)]


def test_concurrent_builds_of_information_schema_never_keep_old_content(
    engine: DuckDBEngine, session: DuckDBSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two sessions asking for `tables` after a change: the one that started first finds the
    rows already rebuilt by the other. It must not take its own older view of the last build
    for the current one."""
    session.execute("create table t (i int)")
    snapshots = engine.snapshots
    before, _ = snapshots.get("tables")
    session.execute("create table u (i int)")
    rows_by_relation = Snapshots._rows_by_relation
    other_done = threading.Event()

    def slow_first(self: Snapshots, table: str) -> tuple[list[Any], bool]:
        if threading.current_thread().name == "first":
            # Let the other build run first, if it can.
            other_done.wait(1)
        return rows_by_relation(self, table)

    monkeypatch.setattr(Snapshots, "_rows_by_relation", slow_first)
    first = threading.Thread(target=snapshots.get, args=("tables",), name="first")
    first.start()

    def other() -> None:
        snapshots.get("tables")
        other_done.set()

    second = threading.Thread(target=other)
    second.start()
    first.join(10)
    second.join(10)
    generation, table = snapshots.get("tables")
    assert generation != before
    assert sorted(table.column("table_name").to_pylist()) == ["t", "u"]
    tables = "select table_name from main.information_schema.tables order by 1"
    assert rows(session, tables) == [("t",), ("u",)]
