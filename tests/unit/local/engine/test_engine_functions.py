"""SQL functions: CREATE [OR REPLACE] FUNCTION, calls from queries, DROP FUNCTION, DESCRIBE
FUNCTION, information_schema.routines and parameters, and durability."""

from __future__ import annotations

from pathlib import Path

import pytest
from engine_helpers import ALICE, BOB, fails, one, rows, run_all

from dbt.adapters.databricks_envs.local.engine import DuckDBEngine, DuckDBSession

# As dbt-databricks' scalar function materialization sends it.
DBT_FUNCTION = """
    CREATE OR REPLACE FUNCTION `main`.`default`.`add_tax` (price DOUBLE, rate DOUBLE)
    RETURNS DOUBLE
    LANGUAGE SQL
    RETURN
    round(price * (1 + rate), 2)
"""


@pytest.fixture
def orders(session: DuckDBSession) -> DuckDBSession:
    session.execute("create table orders (id int, price double, owner string)")
    session.execute(
        "insert into orders values (1, 10.0, 'alice@example.com'), (2, 20.0, 'bob@example.com')"
    )
    return session


def test_create_and_call(orders: DuckDBSession) -> None:
    orders.execute(DBT_FUNCTION)
    assert rows(orders, "select id, main.default.add_tax(price, 0.1) from orders order by id") == [
        (1, 11.0),
        (2, 22.0),
    ]
    # Two-part names are in the current catalog; the result has the declared type.
    orders.execute("create function double_it(x int) returns bigint return x * 2")
    result = orders.execute("select default.double_it('21') as doubled")
    assert [(c.name, c.type_name) for c in result.columns] == [("doubled", "bigint")]
    assert one(orders, "select default.double_it('21')") == 42
    # In WHERE, GROUP BY, and inside another function's body.
    orders.execute(
        "create function main.default.with_tax(x double) returns double "
        "return main.default.add_tax(x, 0.5)"
    )
    assert rows(
        orders, "select id from orders where main.default.with_tax(price) > 20 order by id"
    ) == [(2,)]


def test_defaults_comments_and_queries_as_bodies(orders: DuckDBSession) -> None:
    run_all(
        orders,
        "create function main.default.greet(name string, greeting string default 'hello' "
        "comment 'the word') returns string comment 'says hello' "
        "return concat(greeting, ', ', name);;"
        "create function main.default.top_price() returns double "
        "return select max(price) from main.default.orders",
    )
    assert rows(
        orders,
        "select main.default.greet('you'), main.default.greet('you', 'hi'), "
        "main.default.top_price()",
    ) == [("hello, you", "hi, you", 20.0)]


def test_identity_is_the_callers(engine: DuckDBEngine, orders: DuckDBSession) -> None:
    orders.execute(
        "create function main.default.mine(owner string) returns boolean "
        "return owner = current_user() or is_account_group_member('admins')"
    )
    assert rows(orders, "select id from orders where main.default.mine(owner)") == [(1,)]
    bob = engine.open_session(BOB, "main", "default")
    assert rows(bob, "select id from orders where main.default.mine(owner)") == [(2,)]


def test_replace_if_not_exists_and_drop(orders: DuckDBSession) -> None:
    orders.execute("create function main.default.f(x int) returns int return x + 1")
    fails(
        orders,
        "create function main.default.f(x int) returns int return x",
        "ROUTINE_ALREADY_EXISTS",
    )
    orders.execute("create function if not exists main.default.f(x int) returns int return x")
    assert one(orders, "select main.default.f(1)") == 2
    orders.execute("create or replace function main.default.f(x int) returns int return x + 10")
    assert one(orders, "select main.default.f(1)") == 11
    orders.execute("drop function main.default.f")
    fails(orders, "select main.default.f(1)", "UNRESOLVED_ROUTINE")
    fails(orders, "drop function main.default.f", "ROUTINE_NOT_FOUND")
    orders.execute("drop function if exists main.default.f")
    # A function and a table may share a name.
    orders.execute("create function main.default.orders(x int) returns int return x")
    assert one(orders, "select count(*) from orders") == 2


def test_refused_forms(orders: DuckDBSession) -> None:
    python = (
        "CREATE OR REPLACE FUNCTION main.default.py(x INT) RETURNS INT LANGUAGE PYTHON "
        "AS $$\nreturn x\n$$"
    )
    error = fails(orders, python, "NOT_SUPPORTED_BY_LOCAL_WAREHOUSE")
    assert "not supported by the local warehouse: Python functions" in error.message
    fails(
        orders,
        "create function main.default.t(x int) returns table (y int) return select x",
        "NOT_SUPPORTED_BY_LOCAL_WAREHOUSE",
    )
    fails(
        orders,
        "create function main.default.bad(x int) returns int return y",
        "UNRESOLVED_COLUMN.WITHOUT_SUGGESTION",
    )
    fails(orders, "create function main.nope.f(x int) returns int return x", "SCHEMA_NOT_FOUND")
    fails(orders, "drop schema default", "SCHEMA_NOT_EMPTY")


def test_describe_function(orders: DuckDBSession) -> None:
    orders.execute(DBT_FUNCTION)
    assert rows(orders, "describe function main.default.add_tax") == [
        ("Function:    main.default.add_tax",),
        ("Type:        SCALAR",),
        ("Input:       price DOUBLE",),
        ("             rate DOUBLE",),
        ("Returns:     DOUBLE",),
    ]
    extended = [r[0] for r in rows(orders, "describe function extended default.add_tax")]
    assert "Body:        ROUND(price * (1 + rate), 2)" in extended
    assert f"Owner:       {ALICE.name}" in extended
    fails(orders, "describe function main.default.nope", "ROUTINE_NOT_FOUND")


def test_information_schema(orders: DuckDBSession) -> None:
    orders.execute(DBT_FUNCTION)
    assert rows(
        orders,
        "select routine_catalog, routine_schema, routine_name, routine_owner, routine_type, "
        "data_type, full_data_type, routine_body, is_deterministic, sql_data_access "
        "from system.information_schema.routines",
    ) == [
        (
            "main",
            "default",
            "add_tax",
            ALICE.name,
            "FUNCTION",
            "DOUBLE",
            "double",
            "SQL",
            "YES",
            "CONTAINS SQL",
        )
    ]
    assert rows(
        orders,
        "select specific_name, ordinal_position, parameter_name, data_type "
        "from main.information_schema.parameters order by ordinal_position",
    ) == [("add_tax", 0, "price", "DOUBLE"), ("add_tax", 1, "rate", "DOUBLE")]
    orders.execute("drop function main.default.add_tax")
    assert rows(orders, "select * from main.information_schema.routines") == []


def test_functions_are_durable(data_dir: Path) -> None:
    engine = DuckDBEngine(data_dir)
    session = engine.open_session(ALICE, "main", "default")
    session.execute(DBT_FUNCTION)
    engine.close()
    engine = DuckDBEngine(data_dir)
    session = engine.open_session(ALICE, "main", "default")
    assert one(session, "select main.default.add_tax(10, 0.1)") == 11.0
    assert one(session, "select routine_owner from main.information_schema.routines") == ALICE.name
    session.execute("drop schema default cascade")
    assert rows(session, "select * from main.information_schema.routines") == []
    engine.close()
