"""Point lookups on information_schema (one relation's rows, read off the mirror) answer as the
same query through DuckDB does."""

from __future__ import annotations

from typing import Any

import pytest
from engine_helpers import column_types, rows, run_all

from dbt.adapters.databricks_envs.local.engine import DuckDBSession
from dbt.adapters.databricks_envs.local.engine.introspect import point_lookup
from dbt.adapters.databricks_envs.local.engine.translate import parse
from dbt.adapters.databricks_envs.local.engine.translate.context import Context
from dbt.adapters.databricks_envs.local.engine.translate.expressions import SessionValues
from dbt.adapters.databricks_envs.local.engine.translate.names import Namespace

SETUP = """
create schema sales;;
create table sales.orders (id bigint not null, amount decimal(10,2), placed timestamp)
  comment 'orders' partitioned by (placed);;
alter table sales.orders alter column amount comment 'in euros';;
create view sales.big_orders as select id from sales.orders where amount > 100;;
create table sales.empty_one (x int)
"""

# Each query is taken as a point lookup; with " AND 1 = 1" appended it goes through DuckDB.
LOOKUPS = [
    # What dbt-databricks asks for each model.
    "SELECT column_name FROM `main`.`information_schema`.`columns` WHERE table_catalog = 'main'"
    " AND table_schema = 'sales' AND table_name = 'orders' AND is_nullable = 'NO'",
    "SELECT * FROM main.information_schema.columns"
    " WHERE table_schema = 'sales' AND table_name = 'orders'",
    "SELECT * FROM system.information_schema.tables WHERE table_catalog = 'main'"
    " AND (table_schema = 'sales') AND 'big_orders' = table_name",
    "SELECT table_name, view_definition AS body, Table_Schema FROM system.information_schema.views"
    " WHERE table_catalog = 'main' AND table_schema = 'sales' AND table_name = 'big_orders'",
    "SELECT * FROM system.information_schema.views"
    " WHERE table_catalog = 'main' AND table_schema = 'sales' AND table_name = 'orders'",
    "SELECT column_name, ordinal_position, comment, partition_ordinal_position, numeric_scale"
    " FROM main.information_schema.columns"
    " WHERE TABLE_SCHEMA = 'sales' AND table_name = 'orders' AND data_type = 'DECIMAL'",
    # No such relation, a name in another case, another catalog than the scope.
    "SELECT * FROM main.information_schema.tables"
    " WHERE table_schema = 'sales' AND table_name = 'missing'",
    "SELECT column_name FROM main.information_schema.columns"
    " WHERE table_schema = 'sales' AND table_name = 'ORDERS'",
    "SELECT column_name FROM main.information_schema.columns"
    " WHERE table_catalog = 'dev' AND table_schema = 'sales' AND table_name = 'orders'",
    "SELECT created, last_altered, table_owner FROM main.information_schema.tables"
    " WHERE table_schema = 'sales' AND table_name = 'empty_one'",
]


def _answer(session: DuckDBSession, sql: str) -> tuple[list[tuple[str, str]], Any, list[Any]]:
    result = session.execute(sql)
    return column_types(result), result.table.schema, sorted(rows(session, sql), key=repr)


def _context(session: DuckDBSession, sql: str) -> Context:
    return Context(
        ns=Namespace(session.current_catalog, session.current_schema, frozenset()),
        values=SessionValues(
            catalog=session.current_catalog,
            schema=session.current_schema,
            user="u",
            groups=frozenset(),
        ),
        text=sql,
    )


def _is_lookup(session: DuckDBSession, sql: str) -> bool:
    tree = parse.parse_one(sql)
    return point_lookup.of(tree, _context(session, sql)) is not None


@pytest.mark.parametrize("sql", LOOKUPS)
def test_a_point_lookup_answers_as_duckdb_does(session: DuckDBSession, sql: str) -> None:
    run_all(session, SETUP)
    assert _is_lookup(session, sql)
    assert not _is_lookup(session, sql + " AND 1 = 1")
    assert _answer(session, sql) == _answer(session, sql + " AND 1 = 1")


def test_a_point_lookup_sees_changes_at_once(session: DuckDBSession) -> None:
    run_all(session, SETUP)
    question = (
        "SELECT column_name FROM main.information_schema.columns"
        " WHERE table_schema = 'sales' AND table_name = 'orders' AND is_nullable = 'NO'"
    )
    assert rows(session, question) == [("id",)]
    session.execute("alter table sales.orders alter column placed set not null")
    assert rows(session, question) == [("id",), ("placed",)]
    session.execute("drop table sales.orders")
    assert rows(session, question) == []


@pytest.mark.parametrize(
    "sql",
    [
        # Not naming one relation.
        "SELECT * FROM main.information_schema.columns WHERE table_schema = 'sales'",
        "SELECT * FROM system.information_schema.columns"
        " WHERE table_schema = 'sales' AND table_name = 'orders'",
        # Other comparisons, expressions, clauses, joins, aliases, qualified columns.
        "SELECT * FROM main.information_schema.columns"
        " WHERE table_schema = 'sales' AND table_name = 'orders' OR table_name = 'x'",
        "SELECT * FROM main.information_schema.columns"
        " WHERE table_schema = 'sales' AND table_name LIKE 'orders'",
        "SELECT upper(column_name) FROM main.information_schema.columns"
        " WHERE table_schema = 'sales' AND table_name = 'orders'",
        "SELECT column_name FROM main.information_schema.columns"
        " WHERE table_schema = 'sales' AND table_name = 'orders' ORDER BY ordinal_position",
        "SELECT DISTINCT column_name FROM main.information_schema.columns"
        " WHERE table_schema = 'sales' AND table_name = 'orders'",
        "SELECT c.column_name FROM main.information_schema.columns c"
        " WHERE c.table_schema = 'sales' AND c.table_name = 'orders'",
        "SELECT column_name FROM main.information_schema.columns"
        " WHERE table_schema = 'sales' AND table_name = 'orders' AND ordinal_position = '1'",
        "SELECT column_name, column_name FROM main.information_schema.columns"
        " WHERE table_schema = 'sales' AND table_name = 'orders'",
        # Tables without rows per relation.
        "SELECT * FROM main.information_schema.schemata WHERE schema_name = 'sales'",
        "SELECT * FROM main.information_schema.table_constraints"
        " WHERE table_schema = 'sales' AND table_name = 'orders'",
        # Not an information_schema table.
        "SELECT id FROM sales.orders WHERE table_schema = 'sales' AND table_name = 'orders'",
    ],
)
def test_other_queries_go_to_duckdb(session: DuckDBSession, sql: str) -> None:
    assert not _is_lookup(session, sql)
