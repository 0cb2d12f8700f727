"""Type names Databricks does not know are refused, as Databricks refuses them, instead of
being read as another dialect's type (sqlglot takes TEXT for STRING, NUMBER for DECIMAL)."""

from __future__ import annotations

import pytest
from engine_helpers import fails, rows

from dbt.adapters.databricks_envs.local.engine import DuckDBSession


@pytest.mark.parametrize(
    ("sql", "name"),
    [
        ("SELECT CAST(1 AS text)", "TEXT"),
        ("SELECT 1::TEXT", "TEXT"),
        ("CREATE TABLE t (id int, name text)", "TEXT"),
        ("CREATE TABLE t (amount number(10, 2))", "NUMBER"),
        ("SELECT CAST(1 AS my_type)", "MY_TYPE"),
        ("CREATE TABLE t (name nvarchar(10))", "NVARCHAR"),
        ("SELECT CAST('a' AS nchar(2))", "NCHAR"),
    ],
)
def test_unknown_type_names_are_refused(session: DuckDBSession, sql: str, name: str) -> None:
    error = fails(session, sql, "UNSUPPORTED_DATATYPE")
    assert f'Unsupported data type "{name}".' in error.message
    assert error.sqlstate == "0A000"


def test_refused_table_is_not_created(session: DuckDBSession) -> None:
    fails(session, "CREATE TABLE t (name text)", "UNSUPPORTED_DATATYPE")
    assert rows(session, "SHOW TABLES") == []


def test_columns_named_like_foreign_types_still_work(session: DuckDBSession) -> None:
    session.execute("CREATE TABLE t (text string, number decimal(10, 2))")
    session.execute("INSERT INTO t VALUES ('a', 1.5)")
    assert rows(session, "SELECT text, number FROM t") == [("a", pytest.approx(1.5))]
    assert rows(session, "SELECT CAST(number AS string) FROM t") == [("1.50",)]


@pytest.mark.parametrize(
    ("sql", "name"),
    [
        ("SELECT CAST('a' AS varchar)", "VARCHAR"),
        ("SELECT 'a'::VarChar", "VARCHAR"),
        ("CREATE TABLE t (id int, name varchar)", "VARCHAR"),
        ("CREATE TABLE t (code char NOT NULL)", "CHAR"),
        ("SELECT CAST(array('a') AS array<varchar>)", "VARCHAR"),
        ("SELECT CAST(NULL AS VARCHAR) AS x WHERE 'a' = 'a'", "VARCHAR"),
    ],
)
def test_char_and_varchar_need_a_length(session: DuckDBSession, sql: str, name: str) -> None:
    """As in Databricks: sqlglot alone would read these as STRING."""
    error = fails(session, sql, "DATATYPE_MISSING_SIZE")
    assert error.message == (
        f'[DATATYPE_MISSING_SIZE] DataType "{name}" requires a length parameter, for example '
        f'"{name}"(10). Please specify the length. SQLSTATE: 42K01'
    )
    assert rows(session, "SHOW TABLES") == []


def test_char_and_varchar_with_a_length_and_the_char_function_work(
    session: DuckDBSession,
) -> None:
    session.execute("CREATE TABLE t (code char(2), name varchar(10), charge string)")
    session.execute("INSERT INTO t VALUES ('ab', 'x', 'y')")
    assert rows(session, "SELECT CAST(name AS varchar(5)), char(65), charge FROM t") == [
        ("x", "A", "y")
    ]
