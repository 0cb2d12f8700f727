"""Result sets on the wire: type ids, the Hive schema, pages and opted-out Arrow types."""

from __future__ import annotations

import decimal

import pyarrow as pa
import pytest
from databricks.sql.thrift_api.TCLIService import ttypes

from dbt.adapters.databricks_envs.local.api import Column
from dbt.adapters.databricks_envs.local.server.results import ResultSet, table_schema, type_id

T = ttypes.TTypeId


@pytest.mark.parametrize(
    ("type_name", "expected"),
    [
        ("bigint", T.BIGINT_TYPE),
        ("INT", T.INT_TYPE),
        ("decimal(38,0)", T.DECIMAL_TYPE),
        ("string", T.STRING_TYPE),
        ("varchar(10)", T.STRING_TYPE),
        ("timestamp_ntz", T.TIMESTAMP_TYPE),
        ("array<struct<a:int>>", T.ARRAY_TYPE),
        ("map<string,int>", T.MAP_TYPE),
        ("struct<a:int,b:string>", T.STRUCT_TYPE),
        ("interval day to second", T.INTERVAL_DAY_TIME_TYPE),
        ("interval year to month", T.INTERVAL_YEAR_MONTH_TYPE),
        ("void", T.NULL_TYPE),
        ("variant", T.STRING_TYPE),
        ("something_new", T.STRING_TYPE),
    ],
)
def test_type_ids(type_name: str, expected: int) -> None:
    assert type_id(type_name) == expected


def test_decimal_columns_carry_precision_and_scale() -> None:
    schema = table_schema([Column("a", "decimal(12, 3)"), Column("b", "decimal")])
    qualifiers = [
        c.typeDesc.types[0].primitiveEntry.typeQualifiers.qualifiers for c in schema.columns
    ]
    assert [(q["precision"].i32Value, q["scale"].i32Value) for q in qualifiers] == [
        (12, 3),
        (10, 0),
    ]
    assert [c.position for c in schema.columns] == [1, 2]


def _read(result: ResultSet, rows: ttypes.TRowSet) -> pa.Table:
    stream = result.arrow_schema + b"".join(batch.batch for batch in rows.arrowBatches)
    return pa.ipc.open_stream(stream).read_all()


def test_pages_honour_max_rows_and_max_bytes() -> None:
    table = pa.table({"n": pa.array(range(1000), pa.int64())})
    result = ResultSet([Column("n", "bigint")], table)
    page = result.page(990, 100, None)
    assert page.startRowOffset == 990
    assert _read(result, page).column("n").to_pylist() == list(range(990, 1000))
    # 8 bytes a row: 80 bytes hold 10 rows.
    assert sum(b.rowCount for b in result.page(0, 100, 80).arrowBatches) == 10
    assert result.page(1000, 100, None).arrowBatches == []


def test_empty_results_have_a_schema_and_no_batches() -> None:
    result = ResultSet([], pa.table({}))
    assert result.num_rows == 0
    assert result.metadata().schema.columns == []
    assert result.page(0, 10, None).arrowBatches == []


def test_opted_out_types_travel_as_strings() -> None:
    table = pa.table(
        {
            "d": pa.array([decimal.Decimal("1.50")], pa.decimal128(10, 2)),
            "l": pa.array([[1, 2]], pa.list_(pa.int32())),
            "m": pa.array([[("k", 1)]], pa.map_(pa.string(), pa.int32())),
        }
    )
    columns = [
        Column("d", "decimal(10,2)"),
        Column("l", "array<int>"),
        Column("m", "map<string,int>"),
    ]
    native = ResultSet(columns, table, ttypes.TSparkArrowTypes(True, True, True, False))
    assert native.table.schema == table.schema
    strings = ResultSet(columns, table, ttypes.TSparkArrowTypes(True, False, False, False))
    assert strings.table.to_pylist() == [{"d": "1.50", "l": "[1,2]", "m": '{"k":1}'}]


def test_variant_columns_are_marked_for_the_connector() -> None:
    result = ResultSet([Column("v", "variant")], pa.table({"v": ['{"a":1}']}))
    assert result.table.schema.field("v").metadata == {b"Spark:DataType:SqlName": b"VARIANT"}


def test_dictionary_columns_are_decoded() -> None:
    table = pa.table({"s": pa.array(["a", "b", "a"]).dictionary_encode()})
    result = ResultSet([Column("s", "string")], table)
    assert result.table.schema.field("s").type == pa.string()


def test_intervals_travel_as_hive_style_strings() -> None:
    table = pa.table(
        {
            "i": pa.array(
                [pa.MonthDayNano([14, 0, 0]), pa.MonthDayNano([0, -1, -5_000_000_001]), None],
                pa.month_day_nano_interval(),
            )
        }
    )
    result = ResultSet([Column("i", "interval day to second")], table, ttypes.TSparkArrowTypes())
    assert result.table.column("i").to_pylist() == ["1-2", "-1 00:00:05.000000001", None]
