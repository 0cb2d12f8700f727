"""Which statements read catalog metadata only (the server runs those at once): telling does
not run them, and they run as they would have."""

from __future__ import annotations

import pytest
from engine_helpers import rows, run_all

from dbt.adapters.databricks_envs.local.engine import DuckDBSession

SETUP = """
create schema sales;;
create table sales.orders (id bigint not null, amount int);;
insert into sales.orders values (1, 10), (2, 20);;
create temporary view recent as select * from sales.orders
"""


@pytest.mark.parametrize(
    "sql",
    [
        "DESCRIBE TABLE EXTENDED sales.orders AS JSON",
        "  /* dbt */ describe extended sales.orders",
        "desc sales.orders",
        "SHOW TBLPROPERTIES sales.orders",
        "show schemas in main",
        "SELECT column_name FROM main.information_schema.columns"
        " WHERE table_catalog = 'main' AND table_schema = 'sales' AND table_name = 'orders'",
        "SELECT table_name FROM system.information_schema.tables WHERE table_schema = 'sales'",
        # Joined with the key tables, which hold a few rows (dbt-databricks' foreign keys question).
        "SELECT kcu.column_name FROM information_schema.key_column_usage kcu"
        " JOIN information_schema.referential_constraints rc"
        " ON kcu.constraint_name = rc.constraint_name WHERE kcu.table_name = 'orders'"
        " UNION ALL SELECT table_name FROM information_schema.tables WHERE table_name = 'orders'",
    ],
)
def test_metadata_statements(session: DuckDBSession, sql: str) -> None:
    run_all(session, SETUP)
    assert session.reads_metadata_only(sql)
    assert session.execute(sql).columns


def test_a_query_without_literals_is_known_once_planned(session: DuckDBSession) -> None:
    """Without parsing, only a query with a template (string literals) or a cached plan can
    be told apart."""
    sql = "SELECT count(*) FROM information_schema.columns"
    run_all(session, SETUP)
    assert not session.reads_metadata_only(sql)
    assert rows(session, sql) == [(2,)]
    assert session.reads_metadata_only(sql)


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT id FROM sales.orders",
        "SELECT * FROM recent",
        "SELECT 1",
        "SELECT t.table_name FROM information_schema.tables t JOIN sales.orders o ON true",
        "SELECT table_name FROM information_schema.tables WHERE table_name IN"
        " (SELECT 'orders' FROM sales.orders)",
        # Could take as long as anything: two tables with rows, rows made by the query.
        "SELECT count(*) FROM information_schema.columns a, information_schema.columns b"
        " WHERE a.table_name = 'orders'",
        "SELECT count(*) FROM information_schema.columns, range(1000) WHERE table_name = 'x'",
        "SELECT explode(sequence(1, 1000)) FROM information_schema.tables"
        " WHERE table_name = 'orders'",
        "CREATE TABLE sales.copy AS SELECT * FROM sales.orders",
        "INSERT INTO sales.orders VALUES (3, 30)",
        "USE SCHEMA sales",
        "GRANT SELECT ON TABLE sales.orders TO `bob@example.com`",
        "NOT A STATEMENT",
    ],
)
def test_other_statements(session: DuckDBSession, sql: str) -> None:
    run_all(session, SETUP)
    assert not session.reads_metadata_only(sql)
    # Telling ran nothing.
    assert rows(session, "SELECT count(*) FROM sales.orders") == [(2,)]
    assert rows(session, "SHOW TABLES IN sales") == [
        ("sales", "orders", False),
        ("", "recent", True),
    ]
    assert session.current_schema == "default"
