"""Errors worded as Databricks words them, and refusals of what the local warehouse lacks."""

from __future__ import annotations

import pytest
from dbt.adapters.databricks.utils import check_not_found_error
from engine_helpers import fails

from dbt.adapters.databricks_envs.local.engine import NOT_SUPPORTED_CLASS, DuckDBSession


def test_not_found_errors_are_recognised_by_dbt_databricks(session: DuckDBSession) -> None:
    table = fails(session, "select * from main.nope.t", "TABLE_OR_VIEW_NOT_FOUND")
    assert "The table or view `main`.`nope`.`t` cannot be found." in table.message
    assert table.sqlstate == "42P01"
    assert check_not_found_error(table.message)
    schema = fails(session, "show tables in main.nope", "SCHEMA_NOT_FOUND")
    assert schema.sqlstate == "42704"
    assert check_not_found_error(schema.message)
    fails(session, "describe table extended main.default.nope as json", "TABLE_OR_VIEW_NOT_FOUND")
    fails(session, "select * from nope.default.t", "TABLE_OR_VIEW_NOT_FOUND")


def test_missing_table_is_named_in_full_even_in_joins(session: DuckDBSession) -> None:
    session.execute("create table a as select 1 as id")
    error = fails(
        session,
        "select * from a join dev.default.missing m on a.id = m.id",
        "TABLE_OR_VIEW_NOT_FOUND",
    )
    assert "`dev`.`default`.`missing`" in error.message


def test_unresolved_column(session: DuckDBSession) -> None:
    session.execute("create table t as select 1 as id, 'x' as name")
    error = fails(session, "select nme from t", "UNRESOLVED_COLUMN.WITH_SUGGESTION")
    assert error.sqlstate == "42703"
    assert "`nme`" in error.message


@pytest.mark.parametrize(
    ("sql", "error_class", "sqlstate"),
    [
        ("select 1 / 0", "DIVIDE_BY_ZERO", "22012"),
        ("select 7 % 0", "DIVIDE_BY_ZERO", "22012"),
        ("select cast('abc' as int)", "CAST_INVALID_INPUT", "22018"),
        ("selec 1", "PARSE_SYNTAX_ERROR", "42601"),
        ("show tabels", "PARSE_SYNTAX_ERROR", "42601"),
        ("create table t (x int", "PARSE_SYNTAX_ERROR", "42601"),
    ],
)
def test_runtime_and_syntax_errors(
    session: DuckDBSession, sql: str, error_class: str, sqlstate: str
) -> None:
    assert fails(session, sql, error_class).sqlstate == sqlstate


@pytest.mark.parametrize(
    ("sql", "feature"),
    [
        ("create table c shallow clone t location '/x'", "CLONE ... LOCATION"),
        ("create table c as select * from t version as of 1", "time travel"),
        ("select * from (describe history t)", "DESCRIBE HISTORY as a subquery"),
        ("set tag on volume main.default.v a = b", "tags on volumes"),
        ("alter view t alter column x set mask m", "column masks"),
        ("alter view t set row filter f on (x)", "row filters"),
        (
            "create or replace materialized view mv (x int mask m) with row filter f on (x) "
            "as select 1 as x",
            "row filters and column masks on materialized views",
        ),
        (
            "create or replace view mv with metrics language yaml as $$\nversion: 0.1\n$$",
            "metric views",
        ),
        ("alter view t as $$\nversion: 0.1\n$$", "metric views"),
        ("show functions in main.default", "SHOW FUNCTIONS"),
        ("describe function upper", "built-in functions"),
        ("create streaming table st as select 1", "streaming tables"),
        ("refresh streaming table st", "streaming tables"),
        ("create table ext (x int) using avro location 's3://b/x'", "USING avro"),
        ("copy into t from '/tmp' fileformat = csv", "COPY INTO"),
        (
            "create function f(x int) returns int language python as $$ return x $$",
            "Python functions",
        ),
        ("create function f(x int) returns table (y int) return select x", "table functions"),
        ("grant select on table t to `someone`", "GRANT"),
        ("show grants on table t", "SHOW GRANTS"),
        ("select * from read_files('/tmp/x')", "read_files"),
    ],
)
def test_unsupported_features_are_refused_plainly(
    session: DuckDBSession, sql: str, feature: str
) -> None:
    session.execute("create table if not exists t (x int)")
    error = fails(session, sql, NOT_SUPPORTED_CLASS)
    assert error.sqlstate == "0A000"
    assert "not supported by the local warehouse: " in error.message
    assert feature in error.message
