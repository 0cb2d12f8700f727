"""Informational primary and foreign keys in information_schema, as dbt-databricks reads them
back when `use_describe_as_json_for_relation_metadata` is off (its fetch_primary_key_constraints
and fetch_foreign_key_constraints): table_constraints, key_column_usage,
referential_constraints and constraint_column_usage."""

from __future__ import annotations

from pathlib import Path

import pytest
from engine_helpers import ALICE, fails, rows

from dbt.adapters.databricks_envs.local.engine import DuckDBEngine, DuckDBSession

WHERE = "table_catalog = 'main' AND table_schema = 'default'"
# fetch_primary_key_constraints_sql and fetch_foreign_key_constraints_sql (dbt-databricks
# 1.12), rendered for main.default.orders.
PRIMARY_KEY = """
  SELECT kcu.constraint_name, kcu.column_name
  FROM `main`.information_schema.key_column_usage kcu
  WHERE kcu.table_catalog = 'main'
    AND kcu.table_schema = 'default'
    AND kcu.table_name = '{table}'
    AND kcu.constraint_name = (
      SELECT constraint_name
      FROM `main`.information_schema.table_constraints
      WHERE table_catalog = 'main'
        AND table_schema = 'default'
        AND table_name = '{table}'
        AND constraint_type = 'PRIMARY KEY'
    )
  ORDER BY kcu.ordinal_position;"""
FOREIGN_KEYS = """
  SELECT
    kcu.constraint_name,
    kcu.column_name AS from_column,
    ukcu.table_catalog AS to_catalog,
    ukcu.table_schema AS to_schema,
    ukcu.table_name AS to_table,
    ukcu.column_name AS to_column
  FROM `main`.information_schema.key_column_usage kcu
  JOIN `main`.information_schema.referential_constraints rc
    ON kcu.constraint_catalog = rc.constraint_catalog
    AND kcu.constraint_schema = rc.constraint_schema
    AND kcu.constraint_name = rc.constraint_name
  JOIN `main`.information_schema.key_column_usage ukcu
    ON rc.unique_constraint_catalog = ukcu.constraint_catalog
    AND rc.unique_constraint_schema = ukcu.constraint_schema
    AND rc.unique_constraint_name = ukcu.constraint_name
    AND kcu.ordinal_position = ukcu.ordinal_position
  WHERE kcu.table_catalog = 'main'
    AND kcu.table_schema = 'default'
    AND kcu.table_name = 'orders'
  ORDER BY kcu.ordinal_position;"""


@pytest.fixture
def keyed(session: DuckDBSession) -> DuckDBSession:
    session.execute(
        "create table customers (id int not null, region string not null, name string, "
        "constraint customers_pk primary key (id, region))"
    )
    session.execute(
        "create table orders (order_id int not null, customer_id int, region string, "
        "constraint orders_pk primary key (order_id), "
        "constraint orders_customer_fk foreign key (customer_id, region) "
        "references main.default.customers (id, region))"
    )
    return session


def test_primary_keys_as_dbt_databricks_reads_them(keyed: DuckDBSession) -> None:
    assert rows(keyed, PRIMARY_KEY.format(table="customers")) == [
        ("customers_pk", "id"),
        ("customers_pk", "region"),
    ]
    assert rows(keyed, PRIMARY_KEY.format(table="orders")) == [("orders_pk", "order_id")]


def test_foreign_keys_as_dbt_databricks_reads_them(keyed: DuckDBSession) -> None:
    assert rows(keyed, FOREIGN_KEYS) == [
        ("orders_customer_fk", "customer_id", "main", "default", "customers", "id"),
        ("orders_customer_fk", "region", "main", "default", "customers", "region"),
    ]


def test_the_constraint_tables(keyed: DuckDBSession) -> None:
    assert rows(
        keyed,
        "select constraint_name, table_name, constraint_type, is_deferrable, "
        f"initially_deferred, enforced from main.information_schema.table_constraints "
        f"where {WHERE} order by 1",
    ) == [
        ("customers_pk", "customers", "PRIMARY KEY", "YES", "NO", "NO"),
        ("orders_customer_fk", "orders", "FOREIGN KEY", "YES", "NO", "NO"),
        ("orders_pk", "orders", "PRIMARY KEY", "YES", "NO", "NO"),
    ]
    assert rows(
        keyed,
        "select constraint_name, unique_constraint_name, update_rule, delete_rule "
        "from main.information_schema.referential_constraints",
    ) == [("orders_customer_fk", "customers_pk", "NO ACTION", "NO ACTION")]
    assert rows(
        keyed,
        "select constraint_name, table_name, column_name "
        "from main.information_schema.constraint_column_usage order by 1, 3",
    ) == [
        ("customers_pk", "customers", "id"),
        ("customers_pk", "customers", "region"),
        ("orders_customer_fk", "customers", "id"),
        ("orders_customer_fk", "customers", "region"),
        ("orders_pk", "orders", "order_id"),
    ]


def test_constraints_follow_alter_and_drop(keyed: DuckDBSession) -> None:
    keyed.execute("alter table orders drop constraint orders_customer_fk")
    assert rows(keyed, FOREIGN_KEYS) == []
    keyed.execute(
        "alter table orders add constraint orders_fk2 foreign key (customer_id, region) "
        "references main.default.customers (id, region)"
    )
    assert [r[0] for r in rows(keyed, FOREIGN_KEYS)] == ["orders_fk2", "orders_fk2"]
    keyed.execute("drop table orders")
    assert rows(
        keyed,
        f"select constraint_name from main.information_schema.table_constraints where {WHERE}",
    ) == [("customers_pk",)]
    assert rows(keyed, "select * from main.information_schema.referential_constraints") == []


def test_a_check_added_to_an_existing_table_holds_from_then_on(session: DuckDBSession) -> None:
    session.execute("create table t (id int not null comment 'the key', amount int)")
    session.execute("insert into t values (1, 10), (2, null)")
    # What dbt-databricks sends for `constraints: [{type: check, expression: ...}]`.
    session.execute("ALTER TABLE `main`.`default`.`t` ADD CONSTRAINT positive CHECK (amount > 0);")
    assert rows(session, "select id, amount from t order by id") == [(1, 10), (2, None)]
    assert rows(session, "select comment from main.information_schema.columns "
                "where table_name = 't' and column_name = 'id'") == [("the key",)]  # fmt: skip
    refused = fails(session, "insert into t values (3, -1)", "DELTA_VIOLATE_CONSTRAINT_WITH_VALUES")
    assert "positive" in str(refused) or "amount" in str(refused)
    session.execute("insert into t values (3, 30)")
    assert rows(session, "select count(*) from t") == [(3,)]


def test_a_check_the_rows_violate_is_refused_and_nothing_changes(session: DuckDBSession) -> None:
    session.execute("create table t (id int, amount int)")
    session.execute("insert into t values (1, 10), (2, -5), (3, -6)")
    refused = fails(
        session, "alter table t add constraint positive check (amount > 0)",
        "DELTA_NEW_CHECK_CONSTRAINT_VIOLATION",
    )  # fmt: skip
    assert "2 rows in main.default.t violate the new CHECK constraint (amount > 0)" in str(refused)
    session.execute("insert into t values (4, -7)")  # no constraint was added
    assert rows(session, "select count(*) from t") == [(4,)]


def test_a_check_added_survives_a_restart(data_dir: Path) -> None:
    engine = DuckDBEngine(data_dir)
    session = engine.open_session(ALICE, "main", "default")
    session.execute("create table t (amount int)")
    session.execute("alter table t add constraint positive check (amount > 0)")
    session.close()
    engine.close()
    engine = DuckDBEngine(data_dir)
    session = engine.open_session(ALICE, "main", "default")
    try:
        fails(session, "insert into t values (-1)", "DELTA_VIOLATE_CONSTRAINT_WITH_VALUES")
    finally:
        session.close()
        engine.close()


def test_a_check_shows_as_a_table_property_as_dbt_databricks_reads_it(
    session: DuckDBSession,
) -> None:
    session.execute("create table t (amount int)")
    session.execute("alter table t add constraint Positive check (amount > 0)")
    assert ("delta.constraints.positive", "amount > 0") in rows(session, "show tblproperties t")
    fails(
        session, "alter table t add constraint positive check (amount > 1)",
        "DELTA_CONSTRAINT_ALREADY_EXISTS",
    )  # fmt: skip


def test_a_dropped_check_no_longer_holds_and_the_table_keeps_its_rows_and_comments(
    session: DuckDBSession,
) -> None:
    session.execute("create table t (id int not null comment 'the key', amount int, qty int)")
    session.execute("comment on table t is 'orders'")
    session.execute("insert into t values (1, 10, 1)")
    session.execute("alter table t add constraint positive check (amount > 0)")
    session.execute("alter table t add constraint some check (qty > 0)")
    # What dbt-databricks sends to drop a constraint its model no longer has.
    session.execute("ALTER TABLE `main`.`default`.`t` DROP CONSTRAINT positive")
    session.execute("insert into t values (2, -5, 2)")
    assert rows(session, "select id, amount, qty from t order by id") == [(1, 10, 1), (2, -5, 2)]
    fails(session, "insert into t values (3, 5, -1)", "DELTA_VIOLATE_CONSTRAINT_WITH_VALUES")
    properties = dict(rows(session, "show tblproperties t"))
    assert "delta.constraints.positive" not in properties
    assert properties["delta.constraints.some"] == "qty > 0"
    assert rows(session, "select comment from main.information_schema.columns "
                "where table_name = 't' and column_name = 'id'") == [("the key",)]  # fmt: skip
    assert rows(session, "select comment from main.information_schema.tables "
                "where table_name = 't'") == [("orders",)]  # fmt: skip
    assert ("id", "int", "the key") in rows(session, "describe table t")
    fails(session, "insert into t values (null, 1, 1)", "DELTA_NOT_NULL_CONSTRAINT_VIOLATED")


def test_dropping_a_missing_constraint_fails_as_delta_does_unless_if_exists(
    session: DuckDBSession,
) -> None:
    session.execute("create table t (amount int)")
    session.execute("alter table t add constraint positive check (amount > 0)")
    session.execute("alter table t drop constraint if exists nothing")
    refused = fails(
        session, "alter table t drop constraint nothing", "DELTA_CONSTRAINT_DOES_NOT_EXIST"
    )
    assert "Cannot drop nonexistent constraint nothing from table `main`.`default`.`t`" in str(
        refused
    )
    assert "SQLSTATE: 42704" in str(refused)
    session.execute("alter table t drop constraint if exists positive")
    session.execute("alter table t drop constraint if exists positive")
    session.execute("insert into t values (-1)")
    assert rows(session, "select amount from t") == [(-1,)]


def test_a_check_dropped_survives_a_restart(data_dir: Path) -> None:
    engine = DuckDBEngine(data_dir)
    session = engine.open_session(ALICE, "main", "default")
    session.execute("create table t (amount int)")
    session.execute("alter table t add constraint positive check (amount > 0)")
    session.execute("alter table t drop constraint positive")
    session.close()
    engine.close()
    engine = DuckDBEngine(data_dir)
    session = engine.open_session(ALICE, "main", "default")
    try:
        session.execute("insert into t values (-1)")
        assert ("delta.constraints.positive", "amount > 0") not in rows(
            session, "show tblproperties t"
        )
    finally:
        session.close()
        engine.close()
