"""CREATE TABLE ... SHALLOW | DEEP CLONE: a copy of the source's rows and definition, described
as Databricks describes a clone; what is refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from engine_helpers import ALICE, fails, one, rows

from dbt.adapters.databricks_envs.local.engine import DuckDBEngine, DuckDBSession

# As dbt-databricks' clone materialization sends it.
DBT_CLONE = (
    "create or replace\n    table `main`.`ci`.`orders`\n    shallow clone `main`.`default`.`orders`"
)


@pytest.fixture
def orders(session: DuckDBSession) -> DuckDBSession:
    session.execute(
        "create table orders (id int not null comment 'the id', code varchar(3), amount int) "
        "comment 'all orders' partitioned by (code) tblproperties ('quality' = 'gold')"
    )
    session.execute("insert into orders values (1, 'a', 10), (2, 'b', 20)")
    session.execute("alter table orders add constraint orders_pk primary key (id)")
    session.execute("alter table orders set tags ('team' = 'core')")
    session.execute("create schema ci")
    return session


def test_shallow_clone_as_dbt_sends_it(orders: DuckDBSession) -> None:
    orders.execute(DBT_CLONE)
    assert rows(orders, "select * from main.ci.orders order by id") == [(1, "a", 10), (2, "b", 20)]
    assert rows(
        orders,
        "select table_type, comment, table_owner from main.information_schema.tables "
        "where table_schema = 'ci'",
    ) == [("MANAGED_SHALLOW_CLONE", "all orders", ALICE.name)]
    metadata = json.loads(one(orders, "describe table extended main.ci.orders as json"))
    assert metadata["type"] == "MANAGED_SHALLOW_CLONE"
    assert metadata["columns"][0] == {
        "name": "id",
        "type": {"name": "int"},
        "comment": "the id",
        "nullable": False,
    }
    assert metadata["columns"][1]["type"] == {"name": "varchar", "length": 3}
    assert metadata["partition_columns"] == ["code"]
    assert metadata["table_properties"] == {"quality": "gold"}
    assert "PRIMARY KEY" in metadata["table_constraints"]
    # Tags stay with the source.
    assert rows(orders, "select table_name from main.information_schema.table_tags") == [
        ("orders",)
    ]
    assert (
        rows(
            orders,
            "select schema_name from main.information_schema.table_tags where schema_name = 'ci'",
        )
        == []
    )


def test_a_clone_is_independent_and_replaced_in_place(orders: DuckDBSession) -> None:
    orders.execute(DBT_CLONE)
    orders.execute("insert into main.default.orders values (3, 'c', 30)")
    orders.execute("delete from main.ci.orders where id = 1")
    assert one(orders, "select count(*) from main.ci.orders") == 1
    assert one(orders, "select count(*) from main.default.orders") == 3
    object_id = rows(orders, "describe detail main.ci.orders")[0][1]
    orders.execute(DBT_CLONE)
    assert one(orders, "select count(*) from main.ci.orders") == 3
    assert rows(orders, "describe detail main.ci.orders")[0][1] == object_id


def test_deep_clones_if_not_exists_and_properties(orders: DuckDBSession) -> None:
    orders.execute("create table main.ci.copy deep clone orders tblproperties ('copied' = 'yes')")
    orders.execute("create table if not exists main.ci.copy deep clone orders")
    assert rows(orders, "show tblproperties main.ci.copy") == [
        ("copied", "yes"),
        ("quality", "gold"),
    ]
    assert (
        one(
            orders,
            "select table_type from main.information_schema.tables where table_name = 'copy'",
        )
        == "MANAGED"
    )
    fails(orders, "create table main.ci.copy deep clone orders", "TABLE_OR_VIEW_ALREADY_EXISTS")


def test_refused(orders: DuckDBSession) -> None:
    for sql in ("create table main.ci.ext shallow clone orders location '/tmp/x'",):
        fails(orders, sql, "NOT_SUPPORTED_BY_LOCAL_WAREHOUSE")
    orders.execute("create view v as select * from orders")
    fails(orders, "create table main.ci.v shallow clone v", "EXPECT_TABLE_NOT_VIEW.NO_ALTERNATIVE")
    fails(orders, "create table main.ci.x shallow clone nope", "TABLE_OR_VIEW_NOT_FOUND")
    fails(orders, "create table main.nope.v2 shallow clone orders", "SCHEMA_NOT_FOUND")
    orders.execute("create function main.default.f(amount int) returns boolean return amount > 10")
    orders.execute("alter table orders set row filter main.default.f on (amount)")
    error = fails(orders, DBT_CLONE, "NOT_SUPPORTED_BY_LOCAL_WAREHOUSE")
    assert "cloning a table with a row filter or column masks" in error.message


def test_a_clone_of_an_earlier_version(orders: DuckDBSession) -> None:
    # orders: version 0 created it empty, 1 inserted two rows, 2 added a key.
    orders.execute("insert into orders values (3, 'c', 30)")
    orders.execute("create table main.ci.first shallow clone orders version as of 1")
    assert rows(orders, "select id from main.ci.first order by id") == [(1,), (2,)]
    orders.execute("create or replace table main.ci.first deep clone orders version as of 0")
    assert rows(orders, "select count(*) from main.ci.first") == [(0,)]
    history = rows(orders, "describe history main.ci.first")
    assert [(h[0], h[4]) for h in history] == [(1, "CLONE"), (0, "CLONE")]
    assert dict(history[0][5])["sourceVersion"] == "0"
    assert dict(history[1][5])["sourceVersion"] == "1"
    fails(orders, "create table main.ci.x clone orders version as of 9", "DELTA_VERSION_NOT_FOUND")
    fails(
        orders,
        "create table main.ci.x clone orders timestamp as of '2999-01-01'",
        "DELTA_TIMESTAMP_GREATER_THAN_COMMIT",
    )
    expression = "create table main.ci.x clone orders timestamp as of now() - interval 1 day"
    assert (
        "AS OF an expression"
        in fails(orders, expression, "NOT_SUPPORTED_BY_LOCAL_WAREHOUSE").message
    )


def test_clones_are_durable(data_dir: Path) -> None:
    engine = DuckDBEngine(data_dir)
    session = engine.open_session(ALICE, "main", "default")
    session.execute("create table orders as select 1 as id")
    session.execute("create table main.default.c shallow clone orders")
    engine.close()
    engine = DuckDBEngine(data_dir)
    session = engine.open_session(ALICE, "main", "default")
    assert rows(
        session, "select table_type from main.information_schema.tables where table_name = 'c'"
    ) == [("MANAGED_SHALLOW_CLONE",)]
    engine.close()
