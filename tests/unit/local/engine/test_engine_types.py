"""Result types and function semantics as a Databricks warehouse has them."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pyarrow as pa
from engine_helpers import column_types, one, rows

from dbt.adapters.databricks_envs.local.engine import DuckDBSession


def test_result_types_use_databricks_names_and_arrow_types(session: DuckDBSession) -> None:
    result = session.execute(
        """select cast(1 as tinyint) as t, cast(1 as smallint) as s, 1 as i, cast(1 as bigint) as b,
        cast(1 as float) as f, 1.5d as d, cast(1.5 as decimal(10,2)) as dec, 'x' as str,
        true as bool, date'2024-01-01' as dt, timestamp'2024-01-01 10:00:00' as ts,
        cast('2024-01-01 10:00:00' as timestamp_ntz) as ntz, cast('ab' as binary) as bin,
        array(1, 2) as arr, map('k', 1) as m, named_struct('a', 1, 'b', 'x') as st"""
    )
    assert column_types(result) == [
        ("t", "tinyint"),
        ("s", "smallint"),
        ("i", "int"),
        ("b", "bigint"),
        ("f", "float"),
        ("d", "double"),
        ("dec", "decimal(10,2)"),
        ("str", "string"),
        ("bool", "boolean"),
        ("dt", "date"),
        ("ts", "timestamp"),
        ("ntz", "timestamp"),
        ("bin", "binary"),
        ("arr", "array<int>"),
        ("m", "map<string,int>"),
        ("st", "struct<a:int,b:string>"),
    ]
    schema = result.table.schema
    assert schema.field("b").type == pa.int64()
    assert schema.field("dec").type == pa.decimal128(10, 2)
    assert schema.field("ts").type == pa.timestamp("us", tz="Etc/UTC")
    assert schema.field("str").type == pa.string()


def test_sum_of_integers_is_bigint_in_results_and_tables(session: DuckDBSession) -> None:
    session.execute("create table nums as select cast(id as bigint) as id from range(4) as r(id)")
    result = session.execute(
        "select sum(id) as total, count(*) as n, count_if(id > 1) as c from nums"
    )
    assert column_types(result) == [("total", "bigint"), ("n", "bigint"), ("c", "bigint")]
    assert result.table.schema.field("total").type == pa.int64()
    session.execute("create table totals as select sum(id) as total from nums")
    session.execute("create view totals_v as select sum(id) as total from nums")
    assert rows(session, "describe table totals") == [("total", "bigint", None)]
    assert rows(session, "describe table totals_v") == [("total", "bigint", None)]
    assert one(session, "select total from totals") == 6


def test_date_functions(session: DuckDBSession) -> None:
    result = session.execute(
        """select date_add(date'2024-01-31', 1) as a, date_sub(date'2024-01-01', 1) as b,
        add_months(date'2024-01-31', 1) as c, datediff(date'2024-03-01', date'2024-02-01') as d,
        timestampadd(day, 2, timestamp'2024-01-01 00:00:00') as e,
        timestampdiff(day, date_trunc('day', timestamp'2024-01-01 10:00:00'),
                      date_trunc('day', timestamp'2024-01-03 09:00:00')) as f,
        to_date('2024-05-06') as g, last_day(date'2024-02-10') as h"""
    )
    assert column_types(result)[:4] == [
        ("a", "date"),
        ("b", "date"),
        ("c", "date"),
        ("d", "bigint"),
    ]
    assert rows(session, "select 1") == [(1,)]
    values = result.table.to_pylist()[0]
    assert values["a"] == datetime.date(2024, 2, 1)
    assert values["b"] == datetime.date(2023, 12, 31)
    assert values["c"] == datetime.date(2024, 2, 29)
    assert values["d"] == 29
    assert values["e"].replace(tzinfo=None) == datetime.datetime(2024, 1, 3)
    assert values["f"] == 2
    assert values["g"] == datetime.date(2024, 5, 6)
    assert values["h"] == datetime.date(2024, 2, 29)


def test_timestamps_print_like_databricks(session: DuckDBSession) -> None:
    assert rows(
        session,
        "select cast(timestamp'2024-01-01 10:00:00' as string), "
        "cast(current_timestamp() as string) like '____-__-__ __:__:__%', "
        "cast('2024-01-01 12:00:00+02:00' as timestamp) = timestamp'2024-01-01 10:00:00'",
    ) == [("2024-01-01 10:00:00", True, True)]


def test_string_and_null_semantics(session: DuckDBSession) -> None:
    assert rows(
        session,
        """select concat('a', null), concat('a', 'b', 'c'), nvl(null, 'x'), ifnull(null, 2),
        coalesce(null, null, 3), split_part('a,b,c', ',', 2), 'a' || 'b',
        array_contains(array(1, 2), 2), md5('x') = md5('x'), sha2('x', 256) is not null,
        try_cast('nope' as int), lower('AB'), length('abc')""",
    ) == [(None, "abc", "x", 2, 3, "b", "ab", True, True, True, None, "ab", 3)]


def test_dbt_cross_database_macros(session: DuckDBSession) -> None:
    # What dbt-databricks' split_part, listagg, dateadd and datediff macros render.
    assert rows(
        session,
        r"""select
        get(split('a.b.c',
            case when regexp_extract('.', '([^A-Za-z0-9])(.*)', 1) != '_'
                 then concat('\\', '.') else '.' end), 1),
        array_join(collect_list(x), ','),
        timestampadd(month, 1, cast('2024-01-31' as timestamp)),
        timestampdiff(week, date_trunc('week', cast('2024-01-01' as timestamp)),
                      date_trunc('week', cast('2024-01-15' as timestamp)))
        from values ('p'), ('q') as v(x)""",
    ) == [
        (
            "b",
            "p,q",
            datetime.datetime(2024, 2, 29, tzinfo=datetime.timezone.utc),
            2,
        )
    ]


def test_aggregates_and_decimals(session: DuckDBSession) -> None:
    assert rows(
        session,
        "select avg(x), max(x), sort_array(collect_set(x)), any_value(x) is not null, "
        "cast(sum(cast(x as decimal(10,2))) as decimal(20,2)) "
        "from values (1), (3) as v(x)",
    ) == [(2.0, 3, [1, 3], True, Decimal("4.00"))]
