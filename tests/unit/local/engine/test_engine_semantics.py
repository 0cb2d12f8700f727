"""Expressions whose DuckDB meaning differs from Databricks SQL: each gives Databricks' result,
or fails as Databricks does, or is refused by name."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from engine_helpers import fails, one, rows, run_all

from dbt.adapters.databricks_envs.local.engine import DuckDBSession
from dbt.adapters.databricks_envs.local.engine.errors import NOT_SUPPORTED_CLASS

VALUES = [
    # Casts to integral types truncate.
    ("cast(1.9 as int)", 1),
    ("cast(-1.9 as int)", -1),
    ("cast(1.9d as bigint)", 1),
    ("cast(-5.6d as smallint)", -5),
    ("cast('1.9' as int)", 1),
    ("cast(' 12 ' as int)", 12),
    ("cast(true as int)", 1),
    ("try_cast('1.9' as int)", 1),
    ("try_cast('abc' as int)", None),
    ("int(-5.6)", -5),
    # Doubles as text and as decimals go through their shortest text, as Java prints it.
    ("cast(12345678.0d as string)", "1.2345678E7"),
    ("cast(-1.5e20d as string)", "-1.5E20"),
    ("cast(1.5e-5d as string)", "1.5E-5"),
    ("cast(0.0001d as string)", "1.0E-4"),
    ("cast(0.001d as string)", "0.001"),
    ("cast(1.5d as string)", "1.5"),
    ("cast(cast('nan' as double) as string)", "NaN"),
    ("string(1e8d)", "1.0E8"),
    ("cast(array(1, 2) as string)", "[1, 2]"),
    ("cast(array('a', 'b') as string)", "[a, b]"),
    ("cast(cast(1e10 as float) as string)", "1.0E10"),
    ("cast(timestamp'2024-01-01 10:00:00.500' as string)", "2024-01-01 10:00:00.5"),
    ("cast(1.50 as string)", "1.50"),
    ("concat('v', 1e7d)", "v1.0E7"),
    ("'v' || 1e7d || 'w' || 2.5d", "v1.0E7w2.5"),
    ("concat('a', 1, true, date'2024-01-01')", "a1true2024-01-01"),
    ("concat('a', null)", None),
    ("concat(array(1), array(2))", [1, 2]),
    ("cast(1.005d as decimal(5,2))", Decimal("1.01")),
    # Days of the week.
    ("dayofweek(date'2009-07-30')", 5),
    ("dayofweek('2009-07-30')", 5),
    ("weekday(date'2009-07-30')", 3),
    ("extract(dow from date'2009-07-30')", 5),
    ("extract(dayofweek from date'2009-07-30')", 5),
    ("extract(dayofweek_iso from date'2009-07-30')", 4),
    ("date_part('dayofweek', date'2009-07-30')", 5),
    ("dayofweek(date'2024-03-05') * 2", 6),
    # Whole elapsed units.
    ("timestampdiff(MONTH, timestamp'2021-02-28 12:00:00', timestamp'2021-03-28 11:59:59')", 0),
    ("timestampdiff(MONTH, timestamp'2021-02-28 12:00:00', timestamp'2021-03-28 12:00:00')", 1),
    ("timestampdiff(MONTH, date'2024-01-31', date'2024-02-29')", 0),
    ("timestampdiff(YEAR, date'2021-01-01', date'1900-03-28')", -120),
    ("timestampdiff(QUARTER, date'2024-01-15', date'2024-07-14')", 1),
    ("timestampdiff(DAY, timestamp'2024-01-01 23:00:00', timestamp'2024-01-02 01:00:00')", 0),
    ("timestampdiff(HOUR, timestamp'2024-01-01 23:30:00', timestamp'2024-01-02 01:00:00')", 1),
    ("date_diff(WEEK, date'2024-01-01', date'2024-01-14')", 1),
    ("datediff(timestamp'2024-01-02 01:00:00', timestamp'2024-01-01 23:00:00')", 1),
    ("months_between(timestamp'1997-02-28 10:30:00', timestamp'1996-10-30')", 3.94959677),
    (
        "months_between(timestamp'1997-02-28 10:30', timestamp'1996-10-30', false)",
        3.9495967741935485,
    ),
    ("months_between(date'2024-03-31', date'2024-02-29')", 1.0),
    ("months_between(date'2024-03-15', date'2024-02-01')", 1.4516129),
    # Datetime patterns and epoch seconds.
    ("date_format(timestamp'2024-03-05 14:07:09.123', 'HH:mm:ss.SSS')", "14:07:09.123"),
    ("unix_timestamp('2016-04-08 10:00:00.9')", 1460109600),
    ("date_format(timestamp'2024-03-05 14:07:09', \"yyyy-MM-dd'T'HH:mm\")", "2024-03-05T14:07"),
    ("date_format(timestamp'2024-03-05 14:07:09', \"HH 'o''clock'\")", "14 o'clock"),
    ("to_date('2024-03-05T14:07', \"yyyy-MM-dd'T'HH:mm\")", datetime.date(2024, 3, 5)),
    ("date_format(date'2024-03-05', 'D')", "65"),
    ("to_unix_timestamp('2016-04-08', 'yyyy-MM-dd')", 1460073600),
    ("date_from_unix_date(1)", datetime.date(1970, 1, 2)),
    # Time zones (the session's is UTC).
    (
        "from_utc_timestamp(timestamp'2024-01-01 12:00:00', 'America/Los_Angeles')",
        datetime.datetime(2024, 1, 1, 4, 0, tzinfo=datetime.UTC),
    ),
    (
        "to_utc_timestamp(timestamp'2024-01-01 04:00:00', 'America/Los_Angeles')",
        datetime.datetime(2024, 1, 1, 12, 0, tzinfo=datetime.UTC),
    ),
    (
        "convert_timezone('America/Los_Angeles', timestamp'2024-01-01 12:00:00')",
        datetime.datetime(2024, 1, 1, 4, 0, tzinfo=datetime.UTC),
    ),
    (
        "convert_timezone('Europe/Brussels', 'America/Los_Angeles', '2021-12-06 00:00:00')",
        datetime.datetime(2021, 12, 5, 15, 0, tzinfo=datetime.UTC),
    ),
    (
        "timestamp_seconds(1700000000)",
        datetime.datetime(2023, 11, 14, 22, 13, 20, tzinfo=datetime.UTC),
    ),
    # Strings.
    ("substring('Spark SQL', 0, 3)", "Spa"),
    ("substring('Spark SQL', 2, -1)", ""),
    ("substring('Spark SQL' from -10 for 5)", "Spar"),
    ("substr('Spark SQL', -3)", "SQL"),
    ("locate('bar', 'foobarbar', 0)", 0),
    ("locate('bar', 'foobarbar', 5)", 7),
    ("left('abc', -1)", ""),
    ("right('abc', 0)", ""),
    ("btrim('xxaxx', 'x')", "a"),
    ("format_string('%05d', 42)", "00042"),
    ("printf('%s-%d', 'a', 1)", "a-1"),
    ("'a_c' like 'a\\\\_c'", True),
    ("'abc' like 'a\\\\_c'", False),
    ("'a_c' ilike 'A\\\\_C'", True),
    ("'a%c' like 'a!%c' escape '!'", True),
    ("regexp_replace('abc', '(b)', '$1$1')", "abbc"),
    ("regexp_replace('a.c', '\\\\.', '\\\\$')", "a$c"),
    ("length(uuid())", 36),
    # Numbers.
    ("pmod(-7, 3)", 2),
    ("pmod(7, -3)", 1),
    ("sign(-3)", -1.0),
    ("ln(0)", None),
    ("log(10, 0)", None),
    ("log10(-1)", None),
    ("sha2('Spark', 0)", "529bc3b07127ecb7e53a4dcf1991d9152c24537d919178022b2c42657f79a26b"),
    # Arrays and maps.
    ("array(10, 20, 30)[0]", 10),
    ("element_at(array(10, 20, 30), -1)", 30),
    ("try_element_at(array(10, 20, 30), 4)", None),
    ("map(1, 'a', 2, 'b')[1]", "a"),
    ("element_at(map('k', 5), 'x')", None),
    ("array_sort(array(3, null, 1))", [1, 3, None]),
    ("sort_array(array(3, null, 1))", [None, 1, 3]),
    ("sort_array(array(3, null, 1), false)", [3, 1, None]),
    ("array_distinct(array(1, 2, 3, null, 3))", [1, 2, 3, None]),
    ("array_union(array(1, 1), array(2, null))", [1, 2, None]),
    ("array_except(array(1, 2, 2, 3), array(2))", [1, 3]),
    ("map_contains_key(map(1, 'a'), 1)", True),
    ("split_part('a,b,c', ',', -1)", "c"),
    ("array_contains(array(1, null, 3), 2)", None),
    ("array_contains(array(1, null, 3), 1)", True),
    ("array_contains(array(1, 2), 3)", False),
    ("size(map(1, 2))", 1),
    ("cardinality(array(1, 2))", 2),
    # Integral division and seconds with their fraction.
    ("-7.5 div 2", -3),
    ("5 div 2.5", 2),
    ("typeof(7 div 2)", "bigint"),
    ("typeof(1)", "int"),
    ("typeof('a')", "string"),
    ("typeof(1.5)", "decimal(2,1)"),
    ("typeof(null)", "void"),
    ("extract(second from timestamp'2019-10-01 00:00:01.000001')", Decimal("1.000001")),
    ("date_part('SECOND', timestamp'2024-03-05 14:07:09.5')", Decimal("9.5")),
    ("second(timestamp'2024-03-05 14:07:09.5')", 9),
]


@pytest.mark.parametrize(("expression", "expected"), VALUES, ids=[v[0] for v in VALUES])
def test_value(session: DuckDBSession, expression: str, expected: Any) -> None:
    assert one(session, f"select {expression}") == expected


ERRORS = [
    ("cast('abc' as int)", "CAST_INVALID_INPUT"),
    ("array(10, 20, 30)[3]", "INVALID_ARRAY_INDEX"),
    ("array(10, 20, 30)[-1]", "INVALID_ARRAY_INDEX"),
    ("element_at(array(10, 20, 30), 4)", "INVALID_ARRAY_INDEX_IN_ELEMENT_AT"),
    ("element_at(array(10, 20, 30), 0)", "INVALID_INDEX_OF_ZERO"),
    ("split_part('a,b', ',', 0)", "INVALID_INDEX_OF_ZERO"),
    ("7 % 0", "DIVIDE_BY_ZERO"),
    ("7.5 div 0", "DIVIDE_BY_ZERO"),
    ("typeof(array(1))", NOT_SUPPORTED_CLASS),
    ("cast(named_struct('a', 1) as string)", NOT_SUPPORTED_CLASS),
    ("cast(array('a', null) as string)", NOT_SUPPORTED_CLASS),
    ("cast(array(1.5d) as string)", NOT_SUPPORTED_CLASS),
    ("cast(map('a', 1) as string)", NOT_SUPPORTED_CLASS),
    ("cast(interval 1 day as string)", NOT_SUPPORTED_CLASS),
    ("hash('a')", NOT_SUPPORTED_CLASS),
    ("xxhash64('a')", NOT_SUPPORTED_CLASS),
    ("bround(2.5)", NOT_SUPPORTED_CLASS),
    ("sha2('Spark', 512)", NOT_SUPPORTED_CLASS),
    ("split('a,b,c', ',', 2)", NOT_SUPPORTED_CLASS),
    ("to_char(1, '99')", NOT_SUPPORTED_CLASS),
    ("to_number('12', '99')", NOT_SUPPORTED_CLASS),
    ("date_format(date'2024-03-05', 'Q')", NOT_SUPPORTED_CLASS),
    ("date_format(date'2024-03-05', 'yyyy''T''')", NOT_SUPPORTED_CLASS),
    ("array_sort(array(1, 2), (l, r) -> r - l)", NOT_SUPPORTED_CLASS),
    ("date_format(date'2020-12-31', 'YYYY')", NOT_SUPPORTED_CLASS),
    ("date_format(date'2024-03-05', 'DD')", NOT_SUPPORTED_CLASS),
    ("date_format(timestamp'2024-03-05 14:07:09', 'z')", NOT_SUPPORTED_CLASS),
    ("date_format(timestamp'2024-03-05 14:07:09', 'SS')", NOT_SUPPORTED_CLASS),
    ("date_format(timestamp'2024-03-05 14:07:09', \"yyyy 'at' HH\")", NOT_SUPPORTED_CLASS),
    ("regexp_replace('abc', 'b', lower('X'))", NOT_SUPPORTED_CLASS),
]


@pytest.mark.parametrize(("expression", "error_class"), ERRORS, ids=[e[0] for e in ERRORS])
def test_error(session: DuckDBSession, expression: str, error_class: str) -> None:
    fails(session, f"select {expression}", error_class)


def test_indexes_and_keys_from_columns(session: DuckDBSession) -> None:
    run_all(
        session,
        """create table t as select map(1, 'a', 2, 'b') as m, array(10, 20, 30) as a, 1 as i,
        map('k', 5) as sm, 'k' as k""",
    )
    assert rows(
        session, "select m[1], m[0], a[0], a[i], sm['k'], sm['x'], m[i], element_at(m, i) from t"
    ) == [("a", None, 10, 20, 5, None, "a", "a")]
    fails(session, "select a[i + 2] from t", "INVALID_ARRAY_INDEX")
    run_all(session, "create table d as select 1e7d as x, 1.005d as y, 7 as n")
    assert rows(session, "select cast(x as string), cast(y as decimal(5,2)), string(n) from d") == [
        ("1.0E7", Decimal("1.01"), "7")
    ]
    fails(session, "select sm[k] from t", NOT_SUPPORTED_CLASS)


def test_explode_outer(session: DuckDBSession) -> None:
    assert rows(session, "select explode_outer(cast(null as array<int>))") == [(None,)]
    assert rows(session, "select explode_outer(array(1, 2))") == [(1,), (2,)]
    assert rows(session, "select explode(array())") == []
    for empty in ("array()", "cast(null as array<int>)"):
        outer = f"select x, y from values (1) as t(x) lateral view outer explode({empty}) e as y"
        assert rows(session, outer) == [(1, None)]
    fails(
        session,
        "select * from values (1) as t(x) lateral view outer posexplode(array()) e as p, y",
        NOT_SUPPORTED_CLASS,
    )
    fails(session, "select posexplode_outer(array(1))", NOT_SUPPORTED_CLASS)


def test_aggregates(session: DuckDBSession) -> None:
    assert one(session, "select percentile(x, 0.5) from values (1), (2) as t(x)") == 1.5
    assert one(session, "select percentile(x, 0.3) from values (0), (10), (10) as t(x)") == 6.0
    assert one(
        session, "select percentile(x, array(0.25, 0.75)) from values (0), (10) as t(x)"
    ) == [2.5, 7.5]
    distinct = "select percentile(distinct x, 0.3) from values (0), (10), (10) as t(x)"
    assert one(session, distinct) == 3.0
    frequency = "select percentile(x, 0.3, f) from values (0, 1), (10, 2) as t(x, f)"
    fails(session, frequency, NOT_SUPPORTED_CLASS)
    assert one(session, "select median(x) from values (1), (2) as t(x)") == 1.5
    assert one(session, "select percentile_approx(x, 0.5) from values (1), (2) as t(x)") == 1
    assert one(
        session, "select approx_percentile(x, array(0.5, 0.9)) from values (1), (2), (3) as t(x)"
    ) == [2, 3]
    four = "from values (1), (2), (3), (10) as t(x)"
    assert one(session, f"select kurtosis(x) {four}") == pytest.approx(-0.7696)
    assert one(session, f"select skewness(x) {four}") == pytest.approx(1.0182337649)
    assert one(session, "select skewness(x) from values (1), (2) as t(x)") == 0.0
    fails(session, f"select skewness(x) over () {four}", NOT_SUPPORTED_CLASS)
    assert one(session, "select count(*) - count(x) from values (1), (null) as t(x)") == 1
    assert one(session, "select sum(cast(x as decimal(10, 2))) from values (1.5) as t(x)") == (
        Decimal("1.50")
    )


def test_sqlglots_own_databricks_dialect_is_left_as_it_is() -> None:
    # The warehouse reads Spark's pattern letters its own way through its own dialect; other
    # users of sqlglot in the same process keep sqlglot's mapping.
    from sqlglot.dialects.databricks import Databricks

    from dbt.adapters.databricks_envs.local.engine.translate import parse

    assert Databricks.TIME_MAPPING["YYYY"] == "%Y"
    assert parse.LocalDatabricks.TIME_MAPPING["YYYY"] == "YYYY"
