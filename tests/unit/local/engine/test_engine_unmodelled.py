"""Valid Databricks SQL the local warehouse does not model is refused by name, never with a
syntax error, an internal error or a different result; what a table reference carries besides
its name (parenthesized joins, PIVOT, UNPIVOT, TABLESAMPLE) is kept."""

from __future__ import annotations

import pytest
from engine_helpers import fails, rows, run_all

from dbt.adapters.databricks_envs.local.engine import NOT_SUPPORTED_CLASS, DuckDBSession

REFUSED = [
    ("CREATE VOLUME v", "volumes"),
    ("CREATE EXTERNAL VOLUME v LOCATION 's3://bucket/v'", "volumes"),
    ("CREATE CONNECTION c TYPE mysql OPTIONS (host 'h')", "Lakehouse Federation"),
    ("CREATE FOREIGN CATALOG fc USING CONNECTION c", "Lakehouse Federation"),
    ("CREATE SHARE s", "Delta Sharing"),
    ("CREATE RECIPIENT r", "Delta Sharing"),
    ("REFRESH STREAMING TABLE st", "streaming tables"),
    ("PUT '/tmp/x' INTO '/Volumes/a/b/c/x'", "volumes"),
    ("GET '/Volumes/a/b/c/x' TO '/tmp/x'", "volumes"),
    ("REMOVE '/Volumes/a/b/c/x'", "volumes"),
    ("EXECUTE IMMEDIATE 'SELECT 1'", "EXECUTE IMMEDIATE"),
    ("INSERT OVERWRITE DIRECTORY '/tmp/x' USING parquet SELECT 1", "INSERT OVERWRITE DIRECTORY"),
    ("GENERATE symlink_format_manifest FOR TABLE t", "GENERATE"),
    ("ALTER SCHEMA default ENABLE PREDICTIVE OPTIMIZATION", "predictive optimization"),
    ("DESCRIBE TABLE EXTENDED t a", "DESCRIBE of a column"),
    ("SET VAR v = 2", "session variables"),
    ("CREATE TABLE g (a INT, b INT GENERATED ALWAYS AS (a + 1))", "generated columns"),
    ("SELECT * FROM table_changes('t', 0)", "table_changes (the change data feed)"),
    ("CREATE TABLE m USING delta", "tables created with neither columns nor a query"),
]


@pytest.mark.parametrize(("sql", "feature"), REFUSED)
def test_unmodelled_statements_are_refused_by_name(
    session: DuckDBSession, sql: str, feature: str
) -> None:
    session.execute("create table t (a int, b string)")
    error = fails(session, sql, NOT_SUPPORTED_CLASS)
    assert f"not supported by the local warehouse: {feature}" in error.message


def test_an_unbound_parameter_marker_fails_as_on_databricks(session: DuckDBSession) -> None:
    error = fails(session, "SELECT :limit_rows", "UNBOUND_SQL_PARAMETER")
    assert "Found the unbound parameter: limit_rows." in error.message
    assert error.sqlstate == "42P02"


def test_pivot_and_unpivot_are_applied(session: DuckDBSession) -> None:
    run_all(
        session,
        "create table t (amount int, kind string, other int);;"
        "insert into t values (1, 'x', 10), (2, 'x', 20), (5, 'y', 30)",
    )
    pivot = "select * from (select amount, kind from t) pivot (sum(amount) for kind in ('x', 'y'))"
    assert rows(session, pivot) == [(3, 5)]
    # The same shape with other literals is another query, not a cached one with parameters.
    assert rows(session, pivot.replace("'y'", "'z'")) == [(3, None)]
    unpivot = (
        "select * from (select amount, other from t where kind = 'y')"
        " unpivot (v for k in (amount, other)) order by k"
    )
    assert rows(session, unpivot) == [("amount", 5), ("other", 30)]


def test_tablesample_and_parenthesized_joins_are_kept(session: DuckDBSession) -> None:
    run_all(
        session,
        "create table a (x int, k string);; create table b (x int, y int);;"
        "insert into a values (1, 'p'), (2, 'q');; insert into b values (1, 10)",
    )
    assert rows(session, "select count(*) from a tablesample (0 percent)") == [(0,)]
    assert rows(session, "select count(*) from a tablesample (100 percent)") == [(2,)]
    assert rows(session, "select a.k, b.y from (a join b on a.x = b.x)") == [("p", 10)]


def test_options_path_is_the_older_spelling_of_location(session: DuckDBSession) -> None:
    session.execute(
        "create table e (a int) using csv options (path 's3://bucket/e', header 'true')"
    )
    session.execute("insert into e values (1)")
    described = dict(
        (row[0], row[1]) for row in rows(session, "describe table extended e") if row[0]
    )
    assert described["Type"] == "EXTERNAL"
    assert described["Location"] == "s3://bucket/e"
    fails(
        session,
        "create table o using csv options (path '/elsewhere/o')",
        "LOCATION_OUTSIDE_DATA_DIRECTORY",
    )
