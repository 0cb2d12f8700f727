"""Result sets on the wire: the Hive table schema, the Arrow schema and Arrow pages."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Sequence
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
from databricks.sql.thrift_api.TCLIService import ttypes

from ..api import Column

_T = ttypes.TTypeId

# Keyed by the type name's first word; Databricks accepts these synonyms in DDL.
_TYPE_IDS = {
    "boolean": _T.BOOLEAN_TYPE,
    "tinyint": _T.TINYINT_TYPE,
    "byte": _T.TINYINT_TYPE,
    "smallint": _T.SMALLINT_TYPE,
    "short": _T.SMALLINT_TYPE,
    "int": _T.INT_TYPE,
    "integer": _T.INT_TYPE,
    "bigint": _T.BIGINT_TYPE,
    "long": _T.BIGINT_TYPE,
    "float": _T.FLOAT_TYPE,
    "real": _T.FLOAT_TYPE,
    "double": _T.DOUBLE_TYPE,
    "decimal": _T.DECIMAL_TYPE,
    "dec": _T.DECIMAL_TYPE,
    "numeric": _T.DECIMAL_TYPE,
    # A SQL warehouse reports varchar(n) and char(n) results as plain strings.
    "string": _T.STRING_TYPE,
    "varchar": _T.STRING_TYPE,
    "char": _T.STRING_TYPE,
    "variant": _T.STRING_TYPE,
    "date": _T.DATE_TYPE,
    # There is no NTZ id in the protocol: both timestamps travel as TIMESTAMP_TYPE.
    "timestamp": _T.TIMESTAMP_TYPE,
    "timestamp_ntz": _T.TIMESTAMP_TYPE,
    "timestamp_ltz": _T.TIMESTAMP_TYPE,
    "binary": _T.BINARY_TYPE,
    "array": _T.ARRAY_TYPE,
    "map": _T.MAP_TYPE,
    "struct": _T.STRUCT_TYPE,
    "void": _T.NULL_TYPE,
    "null": _T.NULL_TYPE,
}
_FIRST_WORD = re.compile(r"[a-z_]+")
_DECIMAL_ARGS = re.compile(r"\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?\)")
_YEAR_MONTH_FIELDS = ("year", "month")
_COMPLEX = (_T.ARRAY_TYPE, _T.MAP_TYPE, _T.STRUCT_TYPE)
# The connector reads this field metadata to tell VARIANT columns from strings.
_VARIANT_METADATA = {b"Spark:DataType:SqlName": b"VARIANT"}


def type_id(type_name: str) -> int:
    """The protocol's type id for a Databricks type name such as ``decimal(10,2)``."""
    name = type_name.strip().lower()
    match = _FIRST_WORD.match(name)
    word = match.group(0) if match else ""
    if word == "interval":
        if any(field in name for field in _YEAR_MONTH_FIELDS):
            return _T.INTERVAL_YEAR_MONTH_TYPE
        return _T.INTERVAL_DAY_TIME_TYPE
    return _TYPE_IDS.get(word, _T.STRING_TYPE)


def decimal_precision_scale(type_name: str) -> tuple[int, int]:
    match = _DECIMAL_ARGS.search(type_name)
    if not match:
        # A bare DECIMAL is decimal(10,0) in Databricks.
        return 10, 0
    return int(match.group(1)), int(match.group(2) or 0)


def _type_entry(type_name: str) -> ttypes.TTypeEntry:
    tid = type_id(type_name)
    qualifiers = None
    if tid == _T.DECIMAL_TYPE:
        precision, scale = decimal_precision_scale(type_name)
        qualifiers = ttypes.TTypeQualifiers(
            qualifiers={
                "precision": ttypes.TTypeQualifierValue(i32Value=precision),
                "scale": ttypes.TTypeQualifierValue(i32Value=scale),
            }
        )
    return ttypes.TTypeEntry(
        primitiveEntry=ttypes.TPrimitiveTypeEntry(type=tid, typeQualifiers=qualifiers)
    )


def table_schema(columns: Sequence[Column]) -> ttypes.TTableSchema:
    """The Hive schema: the connector builds ``cursor.description`` from it."""
    return ttypes.TTableSchema(
        columns=[
            ttypes.TColumnDesc(
                columnName=column.name,
                typeDesc=ttypes.TTypeDesc(types=[_type_entry(column.type_name)]),
                position=position,
                comment="",
            )
            for position, column in enumerate(columns, start=1)
        ]
    )


class ResultSet:
    """A finished statement's rows, encoded once and served page by page."""

    def __init__(
        self,
        columns: Sequence[Column],
        table: pa.Table,
        arrow_types: ttypes.TSparkArrowTypes | None = None,
    ) -> None:
        self.columns = list(columns)
        self.table = _wire_table(self.columns, table, arrow_types)
        self.num_rows = self.table.num_rows
        self.schema = table_schema(self.columns)
        self.arrow_schema = self.table.schema.serialize().to_pybytes()
        # Bytes per row, to honour the client's maxBytes without serializing twice.
        self._row_bytes = self.table.nbytes / self.num_rows if self.num_rows else 0.0

    def metadata(self) -> ttypes.TGetResultSetMetadataResp:
        return ttypes.TGetResultSetMetadataResp(
            status=ttypes.TStatus(statusCode=ttypes.TStatusCode.SUCCESS_STATUS),
            schema=self.schema,
            resultFormat=ttypes.TSparkRowSetType.ARROW_BASED_SET,
            lz4Compressed=False,
            arrowSchema=self.arrow_schema,
            isStagingOperation=False,
        )

    def page(self, offset: int, max_rows: int | None, max_bytes: int | None) -> ttypes.TRowSet:
        """Rows from ``offset`` on, at most ``max_rows`` and about ``max_bytes``."""
        count = max(self.num_rows - offset, 0)
        if max_rows and max_rows > 0:
            count = min(count, max_rows)
        if max_bytes and max_bytes > 0 and self._row_bytes:
            count = min(count, max(int(max_bytes / self._row_bytes), 1))
        batches = [
            ttypes.TSparkArrowBatch(batch=batch.serialize().to_pybytes(), rowCount=batch.num_rows)
            for batch in self.table.slice(offset, count).to_batches()
            if batch.num_rows
        ]
        return ttypes.TRowSet(startRowOffset=offset, rows=[], arrowBatches=batches)


def _wire_table(
    columns: Sequence[Column], table: pa.Table, arrow_types: ttypes.TSparkArrowTypes | None
) -> pa.Table:
    """The table as the client asked for it: native Arrow types, or strings where it opted out.

    The connector always asks for intervals as strings, and may ask the same of decimals,
    timestamps and complex types.
    """
    arrays: list[pa.ChunkedArray] = []
    fields: list[pa.Field] = []
    for column, array in zip(columns, table.columns, strict=True):
        if pa.types.is_dictionary(array.type):
            array = array.cast(array.type.value_type)
        tid = type_id(column.type_name)
        if not _native(tid, array.type, arrow_types):
            array = _as_strings(array, complex_type=tid in _COMPLEX)
        metadata = _VARIANT_METADATA if column.type_name.lower() == "variant" else None
        arrays.append(array)
        fields.append(pa.field(column.name, array.type, metadata=metadata))
    return pa.Table.from_arrays(arrays, schema=pa.schema(fields))


def _native(tid: int, arrow_type: pa.DataType, arrow_types: ttypes.TSparkArrowTypes | None) -> bool:
    if pa.types.is_interval(arrow_type) or pa.types.is_duration(arrow_type):
        return bool(arrow_types and arrow_types.intervalTypesAsArrow)
    if arrow_types is None:
        return True
    if tid == _T.DECIMAL_TYPE:
        return arrow_types.decimalAsArrow is not False
    if tid == _T.TIMESTAMP_TYPE:
        return arrow_types.timestampAsArrow is not False
    if tid in _COMPLEX:
        return arrow_types.complexTypesAsArrow is not False
    return True


def _as_strings(array: pa.ChunkedArray, complex_type: bool) -> pa.ChunkedArray:
    if not complex_type:
        try:
            return pc.cast(array, pa.string())
        except (pa.ArrowNotImplementedError, pa.ArrowInvalid):
            pass
    return pa.chunked_array(
        [pa.array([_to_text(value, complex_type) for value in array.to_pylist()], pa.string())],
        pa.string(),
    )


def _to_text(value: Any, complex_type: bool) -> str | None:
    if value is None:
        return None
    if complex_type:
        return json.dumps(_jsonable(value), separators=(",", ":"), default=str)
    if isinstance(value, pa.MonthDayNano):
        return _interval_text(value.months, value.days, value.nanoseconds)
    if isinstance(value, dt.timedelta):
        return _interval_text(0, value.days, value // dt.timedelta(microseconds=1) * 1000)
    return str(value)


def _interval_text(months: int, days: int, nanoseconds: int) -> str:
    """Hive style, as a SQL warehouse sends intervals: ``1-2`` or ``1 02:03:04.000000000``."""
    if months and not (days or nanoseconds):
        sign = "-" if months < 0 else ""
        return f"{sign}{abs(months) // 12}-{abs(months) % 12}"
    total = days * 86_400_000_000_000 + nanoseconds
    sign = "-" if total < 0 else ""
    seconds, nanos = divmod(abs(total), 1_000_000_000)
    minutes, second = divmod(seconds, 60)
    hours, minute = divmod(minutes, 60)
    day, hour = divmod(hours, 24)
    return f"{sign}{day} {hour:02}:{minute:02}:{second:02}.{nanos:09}"


def _jsonable(value: Any) -> Any:
    # Arrow maps come back from to_pylist as lists of (key, value) pairs.
    if isinstance(value, list) and value and all(isinstance(v, tuple) for v in value):
        return {str(k): _jsonable(v) for k, v in value}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    return value
