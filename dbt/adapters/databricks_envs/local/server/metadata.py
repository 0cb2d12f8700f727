"""The protocol's catalog calls (GetCatalogs, GetSchemas, GetTables, GetColumns).

Each is answered by running SQL on the caller's session, so it sees exactly what the
caller's statements would see, and reshaped into the JDBC result the connector returns.
Name patterns follow JDBC: ``%`` (or ``*``) matches any run of characters, ``_`` one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import pyarrow as pa
from databricks.sql.thrift_api.TCLIService import ttypes

from ..api import Column, Result, Session
from .results import decimal_precision_scale, type_id

_T = ttypes.TTypeId

# java.sql.Types, which JDBC metadata calls report in DATA_TYPE.
_JDBC_TYPES = {
    _T.BOOLEAN_TYPE: 16,
    _T.TINYINT_TYPE: -6,
    _T.SMALLINT_TYPE: 5,
    _T.INT_TYPE: 4,
    _T.BIGINT_TYPE: -5,
    _T.FLOAT_TYPE: 6,
    _T.DOUBLE_TYPE: 8,
    _T.DECIMAL_TYPE: 3,
    _T.STRING_TYPE: 12,
    _T.DATE_TYPE: 91,
    _T.TIMESTAMP_TYPE: 93,
    _T.BINARY_TYPE: -2,
    _T.ARRAY_TYPE: 2003,
    _T.STRUCT_TYPE: 2002,
    _T.MAP_TYPE: 2000,
    _T.NULL_TYPE: 0,
}
_OTHER = 1111
_COLUMN_SIZES = {
    _T.BOOLEAN_TYPE: 1,
    _T.TINYINT_TYPE: 3,
    _T.SMALLINT_TYPE: 5,
    _T.INT_TYPE: 10,
    _T.BIGINT_TYPE: 19,
    _T.FLOAT_TYPE: 7,
    _T.DOUBLE_TYPE: 15,
    _T.DATE_TYPE: 10,
    _T.TIMESTAMP_TYPE: 29,
}
_UNBOUNDED = 2147483647


def _pattern(pattern: str | None) -> re.Pattern[str] | None:
    if not pattern or pattern in ("%", "*"):
        return None
    parts = []
    escaped = False
    for char in pattern:
        if escaped:
            parts.append(re.escape(char))
            escaped = False
        elif char == "\\":
            escaped = True
        elif char in "%*":
            parts.append(".*")
        elif char == "_":
            parts.append(".")
        else:
            parts.append(re.escape(char))
    return re.compile("".join(parts), re.IGNORECASE | re.DOTALL)


def _matches(value: Any, pattern: re.Pattern[str] | None) -> bool:
    return pattern is None or (value is not None and pattern.fullmatch(str(value)) is not None)


def _quote(name: str) -> str:
    return "`" + name.replace("`", "``") + "`"


def _rows(session: Session, sql: str) -> list[dict[str, Any]]:
    return session.execute(sql).table.to_pylist()


def _first_column(session: Session, sql: str) -> list[str]:
    table = session.execute(sql).table
    return [str(value) for value in table.column(0).to_pylist()] if table.num_columns else []


def _result(columns: Sequence[tuple[str, str]], rows: list[tuple[Any, ...]]) -> Result:
    arrow_types = {"string": pa.string(), "int": pa.int32()}
    schema = pa.schema([pa.field(name, arrow_types[kind]) for name, kind in columns])
    table = pa.Table.from_pylist(
        [dict(zip(schema.names, row, strict=True)) for row in rows], schema=schema
    )
    return Result([Column(name, kind) for name, kind in columns], table)


def _catalogs(session: Session, catalog: str | None) -> list[str]:
    if catalog:
        return [catalog]
    return _first_column(session, "SHOW CATALOGS")


def get_catalogs(session: Session) -> Result:
    return _result([("TABLE_CAT", "string")], [(name,) for name in _catalogs(session, None)])


def get_schemas(session: Session, catalog: str | None, schema_pattern: str | None) -> Result:
    pattern = _pattern(schema_pattern)
    rows = [
        (schema, catalog_name)
        for catalog_name in _catalogs(session, catalog)
        for schema in _first_column(session, f"SHOW SCHEMAS IN {_quote(catalog_name)}")
        if _matches(schema, pattern)
    ]
    return _result([("TABLE_SCHEM", "string"), ("TABLE_CATALOG", "string")], sorted(rows))


_TABLE_COLUMNS = [
    ("TABLE_CAT", "string"),
    ("TABLE_SCHEM", "string"),
    ("TABLE_NAME", "string"),
    ("TABLE_TYPE", "string"),
    ("REMARKS", "string"),
    ("TYPE_CAT", "string"),
    ("TYPE_SCHEM", "string"),
    ("TYPE_NAME", "string"),
    ("SELF_REFERENCING_COL_NAME", "string"),
    ("REF_GENERATION", "string"),
]


def get_tables(
    session: Session,
    catalog: str | None,
    schema_pattern: str | None,
    table_pattern: str | None,
    table_types: Sequence[str] | None,
) -> Result:
    schema_re, table_re = _pattern(schema_pattern), _pattern(table_pattern)
    wanted = {kind.upper() for kind in table_types or ()}
    rows = []
    for row in _rows(
        session,
        "SELECT table_catalog, table_schema, table_name, table_type, comment "
        "FROM system.information_schema.tables",
    ):
        # Unity Catalog says MANAGED, EXTERNAL, VIEW, MATERIALIZED_VIEW...; JDBC says TABLE or VIEW.
        kind = "VIEW" if "VIEW" in str(row["table_type"] or "").upper() else "TABLE"
        if (
            (not catalog or str(row["table_catalog"]).lower() == catalog.lower())
            and _matches(row["table_schema"], schema_re)
            and _matches(row["table_name"], table_re)
            and (not wanted or kind in wanted)
        ):
            rows.append(
                (
                    row["table_catalog"],
                    row["table_schema"],
                    row["table_name"],
                    kind,
                    row["comment"] or "",
                    None,
                    None,
                    None,
                    None,
                    None,
                )
            )
    return _result(_TABLE_COLUMNS, sorted(rows, key=lambda r: (r[3], r[0], r[1], r[2])))


_COLUMN_COLUMNS = [
    ("TABLE_CAT", "string"),
    ("TABLE_SCHEM", "string"),
    ("TABLE_NAME", "string"),
    ("COLUMN_NAME", "string"),
    ("DATA_TYPE", "int"),
    ("TYPE_NAME", "string"),
    ("COLUMN_SIZE", "int"),
    ("BUFFER_LENGTH", "int"),
    ("DECIMAL_DIGITS", "int"),
    ("NUM_PREC_RADIX", "int"),
    ("NULLABLE", "int"),
    ("REMARKS", "string"),
    ("COLUMN_DEF", "string"),
    ("SQL_DATA_TYPE", "int"),
    ("SQL_DATETIME_SUB", "int"),
    ("CHAR_OCTET_LENGTH", "int"),
    ("ORDINAL_POSITION", "int"),
    ("IS_NULLABLE", "string"),
    ("SCOPE_CATALOG", "string"),
    ("SCOPE_SCHEMA", "string"),
    ("SCOPE_TABLE", "string"),
    ("SOURCE_DATA_TYPE", "int"),
    ("IS_AUTO_INCREMENT", "string"),
]


def _column_row(row: dict[str, Any]) -> tuple[Any, ...]:
    type_name = str(row["full_data_type"])
    tid = type_id(type_name)
    size: int | None = _COLUMN_SIZES.get(tid, _UNBOUNDED)
    digits = None
    if tid == _T.DECIMAL_TYPE:
        size, digits = decimal_precision_scale(type_name)
    elif tid in (_T.TINYINT_TYPE, _T.SMALLINT_TYPE, _T.INT_TYPE, _T.BIGINT_TYPE):
        digits = 0
    nullable = str(row["is_nullable"] or "YES").upper() != "NO"
    return (
        row["table_catalog"],
        row["table_schema"],
        row["table_name"],
        row["column_name"],
        _JDBC_TYPES.get(tid, _OTHER),
        type_name.upper(),
        size,
        None,
        digits,
        10 if digits is not None else None,
        1 if nullable else 0,
        row["comment"] or "",
        None,
        None,
        None,
        None,
        # Positions are 0-based in Unity Catalog's information_schema, 1-based in JDBC.
        int(row["ordinal_position"]) + 1,
        "YES" if nullable else "NO",
        None,
        None,
        None,
        None,
        "NO",
    )


def get_columns(
    session: Session,
    catalog: str | None,
    schema_pattern: str | None,
    table_pattern: str | None,
    column_pattern: str | None,
) -> Result:
    schema_re, table_re = _pattern(schema_pattern), _pattern(table_pattern)
    column_re = _pattern(column_pattern)
    rows = [
        _column_row(row)
        for row in _rows(
            session,
            "SELECT table_catalog, table_schema, table_name, column_name, full_data_type, "
            "is_nullable, ordinal_position, comment FROM system.information_schema.columns",
        )
        if (not catalog or str(row["table_catalog"]).lower() == catalog.lower())
        and _matches(row["table_schema"], schema_re)
        and _matches(row["table_name"], table_re)
        and _matches(row["column_name"], column_re)
    ]
    return _result(_COLUMN_COLUMNS, sorted(rows, key=lambda r: (r[0], r[1], r[2], r[16])))
