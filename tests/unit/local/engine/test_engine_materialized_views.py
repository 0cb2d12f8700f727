"""Materialized views: a stored query result, recomputed by REFRESH; a relation of its own type
in information_schema, DESCRIBE and SHOW, as dbt-databricks reads it back."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from engine_helpers import ALICE, fails, one, rows

from dbt.adapters.databricks_envs.local.engine import DuckDBEngine, DuckDBSession


@pytest.fixture
def orders(session: DuckDBSession) -> DuckDBSession:
    session.execute("create table orders (id bigint, amount int)")
    session.execute("insert into orders values (1, 10), (2, 20)")
    return session


def test_reading_returns_the_stored_rows_until_refreshed(orders: DuckDBSession) -> None:
    orders.execute(
        "create materialized view totals as select id, amount * 2 as doubled from orders"
    )
    assert rows(orders, "select * from totals order by id") == [(1, 20), (2, 40)]
    orders.execute("insert into orders values (3, 30)")
    orders.execute("delete from orders where id = 1")
    assert rows(orders, "select * from totals order by id") == [(1, 20), (2, 40)]
    orders.execute("REFRESH MATERIALIZED VIEW `main`.`default`.`totals`")
    assert rows(orders, "select * from totals order by id") == [(2, 40), (3, 60)]
    orders.execute("refresh materialized view totals full")
    assert rows(orders, "select count(*) from totals") == [(2,)]


def test_its_relation_type_as_databricks_reports_it(orders: DuckDBSession) -> None:
    orders.execute(
        "create materialized view totals comment 'sums' schedule every 2 hours "
        "as select id, amount from orders"
    )
    where = "table_schema = 'default' and table_name = 'totals'"
    assert rows(
        orders,
        "select table_type, is_insertable_into, comment from system.information_schema.tables "
        f"where {where}",
    ) == [("MATERIALIZED_VIEW", "NO", "sums")]
    assert rows(
        orders,
        "select view_definition, is_materialized from system.information_schema.views "
        f"where {where}",
    ) == [("select id, amount from orders", "TRUE")]
    described = rows(orders, "describe table extended totals")
    for row in (
        ("Type", "MATERIALIZED_VIEW", ""),
        ("View Text", "select id, amount from orders", ""),
        ("Refresh Schedule", "EVERY 2 HOURS", ""),
        ("Comment", "sums", ""),
    ):
        assert row in described
    metadata = json.loads(one(orders, "describe table extended totals as json"))
    assert metadata["type"] == "MATERIALIZED_VIEW"
    assert metadata["view_text"] == "select id, amount from orders"
    assert "pipelines.pipelineId" not in metadata["table_properties"]
    assert ("default", "totals", False) in rows(orders, "show tables")
    assert ("default", "totals", False) not in rows(orders, "show views")
    information = dict((r[1], r[3]) for r in rows(orders, "show table extended like 'totals'"))
    assert "Type: MATERIALIZED_VIEW" in information["totals"]


@pytest.mark.parametrize(
    ("clause", "shown"),
    [
        ("", "MANUAL"),
        ("schedule cron '0 0 * * * ? *' at time zone 'America/New_York'",
         "CRON '0 0 * * * ? *' AT TIME ZONE 'America/New_York'"),
        ("schedule refresh cron '0 0 * * * ? *'", "CRON '0 0 * * * ? *' AT TIME ZONE 'Etc/UTC'"),
        ("schedule every 1 day", "EVERY 1 DAYS"),
        ("trigger on update", "TRIGGER ON UPDATE"),
        ("trigger on update at most every interval 15 minutes",
         "TRIGGER ON UPDATE AT MOST EVERY INTERVAL 900 SECONDS"),
    ],
)  # fmt: skip
def test_schedules_as_dbt_databricks_parses_them(
    orders: DuckDBSession, clause: str, shown: str
) -> None:
    orders.execute(f"create materialized view totals {clause} as select id from orders")
    assert ("Refresh Schedule", shown, "") in rows(orders, "describe table extended totals")


def test_schedules_altered_and_dropped(orders: DuckDBSession) -> None:
    orders.execute("create materialized view totals as select id from orders")
    for statement, shown in (
        ("alter materialized view totals add schedule every 4 weeks", "EVERY 4 WEEKS"),
        ("alter materialized view totals alter schedule cron '0 0 * * * ? *'",
         "CRON '0 0 * * * ? *' AT TIME ZONE 'Etc/UTC'"),
        ("alter materialized view totals drop schedule", "MANUAL"),
    ):  # fmt: skip
        orders.execute(statement)
        assert ("Refresh Schedule", shown, "") in rows(orders, "describe table extended totals")
    fails(orders, "alter materialized view orders add schedule every 1 hour",
          "MATERIALIZED_VIEW_OPERATION_NOT_ALLOWED.NON_MATERIALIZED_VIEW")  # fmt: skip


def test_the_column_list_forms_dbt_databricks_sends(orders: DuckDBSession) -> None:
    orders.execute(
        "create or replace materialized view typed (\n"
        "  id bigint not null comment 'the order',\n  amount int,\n"
        "  constraint typed_pk primary key (id)\n) partitioned by (id) "
        "tblproperties ('team' = 'core') as select id, amount from orders"
    )
    assert rows(orders, "describe table typed")[:2] == [
        ("id", "bigint", "the order"),
        ("amount", "int", None),
    ]
    assert rows(
        orders,
        "select is_nullable from main.information_schema.columns "
        "where table_name = 'typed' and column_name = 'id'",
    ) == [("NO",)]
    assert rows(
        orders, "select constraint_name from main.information_schema.table_constraints "
        "where table_name = 'typed'",
    ) == [("typed_pk",)]  # fmt: skip
    assert ("team", "core") in rows(orders, "show tblproperties typed")
    assert "# Partition Information" in [
        r[0] for r in rows(orders, "describe table extended typed")
    ]
    orders.execute("create materialized view renamed (a, b) as select id, amount from orders")
    assert rows(orders, "select a, b from renamed order by a") == [(1, 10), (2, 20)]


def test_create_forms_and_what_they_refuse(orders: DuckDBSession) -> None:
    orders.execute("create materialized view totals as select id from orders")
    fails(orders, "create materialized view totals as select 1", "TABLE_OR_VIEW_ALREADY_EXISTS")
    orders.execute("create materialized view if not exists totals as select 2 as id")
    assert rows(orders, "select id from totals order by id") == [(1,), (2,)]
    orders.execute("create or replace materialized view totals as select 3 as id")
    assert rows(orders, "select id from totals") == [(3,)]
    fails(orders, "create or replace materialized view orders as select 1",
          "EXPECT_MATERIALIZED_VIEW_NOT_TABLE.NO_ALTERNATIVE")  # fmt: skip
    fails(orders, "create or replace table totals as select 1",
          "EXPECT_TABLE_NOT_MATERIALIZED_VIEW.NO_ALTERNATIVE")  # fmt: skip
    fails(orders, "insert into totals values (4)",
          "EXPECT_TABLE_NOT_MATERIALIZED_VIEW.NO_ALTERNATIVE")  # fmt: skip
    orders.execute("create temporary view recent as select * from orders")
    fails(orders, "create materialized view later as select * from recent",
          "INVALID_TEMP_OBJ_REFERENCE")  # fmt: skip
    fails(orders, "refresh materialized view orders",
          "MATERIALIZED_VIEW_OPERATION_NOT_ALLOWED.NON_MATERIALIZED_VIEW")  # fmt: skip
    fails(orders, "refresh materialized view nothing", "TABLE_OR_VIEW_NOT_FOUND")


def test_drop_materialized_view(orders: DuckDBSession) -> None:
    orders.execute("create materialized view totals as select id from orders")
    refused = fails(orders, "drop table totals", "WRONG_COMMAND_FOR_OBJECT_TYPE")
    assert "Use DROP MATERIALIZED VIEW instead." in str(refused)
    fails(orders, "drop materialized view orders", "WRONG_COMMAND_FOR_OBJECT_TYPE")
    orders.execute("drop materialized view totals")
    orders.execute("drop materialized view if exists totals")
    fails(orders, "drop materialized view totals", "TABLE_OR_VIEW_NOT_FOUND")
    assert rows(orders, "show tables") == [("default", "orders", False)]


def test_refresh_reads_in_the_schema_it_was_created_in(orders: DuckDBSession) -> None:
    orders.execute("create schema other")
    orders.execute("create materialized view other.totals as select id from orders")
    orders.execute("use schema other")
    orders.execute("create table orders (id bigint)")
    orders.execute("insert into main.default.orders values (3, 30)")
    orders.execute("refresh materialized view totals")
    assert rows(orders, "select id from totals order by id") == [(1,), (2,), (3,)]
    orders.execute("drop table main.default.orders")
    fails(orders, "refresh materialized view totals", "TABLE_OR_VIEW_NOT_FOUND")
    assert rows(orders, "select count(*) from totals") == [(3,)]


def test_tags_through_alter_materialized_view(orders: DuckDBSession) -> None:
    orders.execute("create materialized view totals as select id from orders")
    orders.execute("ALTER MATERIALIZED VIEW `main`.`default`.`totals` SET TAGS ('team' = 'core')")
    orders.execute("alter materialized view totals alter column id set tags ('pii' = 'no')")
    assert rows(orders, "select tag_name, tag_value from main.information_schema.table_tags") == [
        ("team", "core")
    ]
    assert rows(
        orders, "select column_name, tag_name from main.information_schema.column_tags"
    ) == [("id", "pii")]
    orders.execute("alter materialized view totals unset tags ('team')")
    assert rows(orders, "select count(*) from main.information_schema.table_tags") == [(0,)]
    refused = fails(orders, "alter materialized view totals set row filter f on (id)",
                    "NOT_SUPPORTED_BY_LOCAL_WAREHOUSE")  # fmt: skip
    assert "ALTER MATERIALIZED VIEW" in str(refused)


def test_a_materialized_view_and_its_definition_survive_a_restart(data_dir: Path) -> None:
    engine = DuckDBEngine(data_dir)
    session = engine.open_session(ALICE, "main", "default")
    session.execute("create table orders (id bigint)")
    session.execute("insert into orders values (1)")
    session.execute(
        "create materialized view totals schedule every 3 hours as select id from orders"
    )
    session.close()
    engine.close()
    engine = DuckDBEngine(data_dir)
    session = engine.open_session(ALICE, "main", "default")
    try:
        assert ("Refresh Schedule", "EVERY 3 HOURS", "") in rows(
            session, "describe table extended totals"
        )
        session.execute("insert into orders values (2)")
        session.execute("refresh materialized view totals")
        assert rows(session, "select id from totals order by id") == [(1,), (2,)]
    finally:
        session.close()
        engine.close()


@pytest.mark.parametrize(
    "sql",
    [
        "create streaming table st as select * from stream(orders)",
        "create or refresh streaming table st as select 1",
        "CREATE STREAMING TABLE `main`.`default`.`st` (id bigint) AS select * from stream orders",
        "refresh streaming table st",
        "alter streaming table st add schedule every 1 hour",
        "drop streaming table st",
        "select * from stream(orders)",
        "select * from stream orders",
    ],
)
def test_streaming_tables_are_refused_by_name(orders: DuckDBSession, sql: str) -> None:
    refused = fails(orders, sql, "NOT_SUPPORTED_BY_LOCAL_WAREHOUSE")
    assert "not supported by the local warehouse: streaming tables." in str(refused)


def test_metric_views_are_refused_by_name(orders: DuckDBSession) -> None:
    refused = fails(
        orders,
        "create or replace view mv with metrics language yaml as $$\nversion: 0.1\n"
        "source: main.default.orders\nmeasures:\n  - name: n\n    expr: count(1)\n$$",
        "NOT_SUPPORTED_BY_LOCAL_WAREHOUSE",
    )
    assert "not supported by the local warehouse: metric views." in str(refused)


def test_comments_and_what_a_materialized_view_is_not(orders: DuckDBSession) -> None:
    orders.execute("create materialized view totals as select id from orders")
    orders.execute("comment on table totals is 'sums'")
    orders.execute("comment on column totals.id is 'the order'")
    assert rows(
        orders, "select comment from main.information_schema.tables where table_name = 'totals'"
    ) == [("sums",)]
    assert ("id", "bigint", "the order") in rows(orders, "describe table totals")
    refused = fails(orders, "alter table totals add column x int",
                    "EXPECT_TABLE_NOT_MATERIALIZED_VIEW.USE_ALTER_MATERIALIZED_VIEW")  # fmt: skip
    assert "Please use ALTER MATERIALIZED VIEW instead." in str(refused)
    fails(orders, "create table copy shallow clone totals",
          "EXPECT_TABLE_NOT_MATERIALIZED_VIEW.NO_ALTERNATIVE")  # fmt: skip
