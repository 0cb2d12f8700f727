"""Running a DuckDB query and returning its rows typed as Databricks would type them."""

from __future__ import annotations

import warnings
from typing import NoReturn

import duckdb
import pyarrow as pa

from dbt.adapters.databricks_envs.local.api import Column, Result
from dbt.adapters.databricks_envs.local.engine import types
from dbt.adapters.databricks_envs.local.engine.storage.names import ident

# DuckDB warns that Arrow from a DB-API result is one more copy of the rows; for what the
# engine returns (mostly small results) that copy costs less than the relational API's overhead.
warnings.filterwarnings("ignore", message="Arrow output on a DB-API result", category=UserWarning)

# Databricks sends timestamps as UTC instants; DuckDB TIMESTAMP values here are UTC wall times.
_UTC_TIMESTAMP = pa.timestamp("us", tz="Etc/UTC")


Parameters = dict[str, str] | None


def normalized(cursor: duckdb.DuckDBPyConnection, sql: str) -> tuple[str, list[Column]]:
    """``sql`` wrapped in the casts that give its columns Databricks' types (sum(bigint) is a
    bigint there), with the resulting columns. Binds the query without running it."""
    _, final_sql, columns, _ = _bind(cursor, sql, None)
    return final_sql, columns


def normalized_typed(
    cursor: duckdb.DuckDBPyConnection, sql: str
) -> tuple[str, list[Column], list[str]]:
    """``normalized``, plus the DuckDB type of each column of the normalized query."""
    _, final_sql, columns, duck_types = _bind(cursor, sql, None)
    return final_sql, columns, duck_types


def query(cursor: duckdb.DuckDBPyConnection, sql: str, parameters: Parameters = None) -> Result:
    """Runs the query. DB-API ``execute`` rather than the relational API: it costs less per
    statement, and its errors honour ``errors_as_json``."""
    cursor.execute(sql, parameters)
    description = cursor.description or []
    casts = [types.result_cast(d[1]) for d in description]
    arrow_targets = [_arrow_type(duckdb.sqltype(c)) if c else None for c in casts]
    if any(c and t is None for c, t in zip(casts, arrow_targets, strict=True)):
        # A type Arrow cannot convert (nested hugeints and the like): cast in DuckDB instead.
        final_sql, columns = normalized(cursor, sql)
        cursor.execute(final_sql, parameters)
        return Result(columns=columns, table=_with_utc_timestamps(cursor.to_arrow_table()))
    table: pa.Table = cursor.to_arrow_table()
    for index, target in enumerate(arrow_targets):
        if target is not None:
            converted = table.column(index).cast(target, safe=not pa.types.is_timestamp(target))
            table = table.set_column(index, table.field(index).with_type(target), converted)
    columns = [
        Column(name, types.databricks_name(duckdb.sqltype(cast) if cast else duck_type))
        for (name, duck_type, *_), cast in zip(description, casts, strict=True)
    ]
    return Result(columns=columns, table=_with_utc_timestamps(table))


_ARROW_SCALARS = {
    "bigint": pa.int64(),
    "integer": pa.int32(),
    "smallint": pa.int16(),
    "varchar": pa.string(),
    "timestamp": pa.timestamp("us"),
}


def _arrow_type(t: duckdb.sqltypes.DuckDBPyType) -> pa.DataType | None:
    """The Arrow type of the DuckDB types results are cast to, if Arrow can convert to it."""
    if t.id in _ARROW_SCALARS:
        return _ARROW_SCALARS[t.id]
    if t.id == "decimal":
        precision, scale = (int(str(v)) for _, v in t.children)
        return pa.decimal128(precision, scale)
    return None


def _raise_as_json(
    cursor: duckdb.DuckDBPyConnection, sql: str, parameters: Parameters, error: duckdb.Error
) -> NoReturn:
    """Raises the error ``sql`` fails with, in the structured form: the relational API reports
    plain text only, ``execute`` honours ``errors_as_json``. Queries only, so running one again
    changes nothing; a cancelled one is not run again."""
    if isinstance(error, duckdb.InterruptException):
        raise error
    cursor.execute(sql, parameters)
    raise error


def _bind(
    cursor: duckdb.DuckDBPyConnection, sql: str, parameters: Parameters
) -> tuple[duckdb.DuckDBPyRelation, str, list[Column], list[str]]:
    try:
        relation = cursor.sql(sql, params=parameters)
    except duckdb.Error as e:
        _raise_as_json(cursor, sql, parameters, e)
    if relation is None:
        raise ValueError("not a query")
    names = relation.columns
    duck_types = relation.types
    casts = [types.result_cast(t) for t in duck_types]
    columns = []
    shown_types = []
    for name, duck_type, cast in zip(names, duck_types, casts, strict=True):
        shown = duckdb.sqltype(cast) if cast else duck_type
        columns.append(Column(name, types.databricks_name(shown)))
        shown_types.append(str(shown))
    if not any(casts):
        return relation, sql, columns, shown_types
    projections = ", ".join(
        f"CAST(#{i} AS {cast}) AS {ident(name)}" if cast else f"#{i} AS {ident(name)}"
        for i, (name, cast) in enumerate(zip(names, casts, strict=True), start=1)
    )
    return relation, f"SELECT {projections} FROM ({sql})", columns, shown_types


def _with_utc_timestamps(table: pa.Table) -> pa.Table:
    fields = list(table.schema)
    if not any(pa.types.is_timestamp(f.type) and f.type.tz is None for f in fields):
        return table
    schema = pa.schema(
        [
            f.with_type(_UTC_TIMESTAMP)
            if pa.types.is_timestamp(f.type) and f.type.tz is None
            else f
            for f in fields
        ]
    )
    return table.cast(schema)
