"""Running a DuckDB query and returning its rows typed as Databricks would type them."""

from __future__ import annotations

from typing import NoReturn

import duckdb
import pyarrow as pa

from dbt.adapters.databricks_envs.local.api import Column, Result
from dbt.adapters.databricks_envs.local.engine import types
from dbt.adapters.databricks_envs.local.engine.storage.names import ident

# Databricks sends timestamps as UTC instants; DuckDB TIMESTAMP values here are UTC wall times.
_UTC_TIMESTAMP = pa.timestamp("us", tz="Etc/UTC")


def normalized(cursor: duckdb.DuckDBPyConnection, sql: str) -> tuple[str, list[Column]]:
    """``sql`` wrapped in the casts that give its columns Databricks' types (sum(bigint) is a
    bigint there), with the resulting columns. Binds the query without running it."""
    _, final_sql, columns = _bind(cursor, sql)
    return final_sql, columns


def query(cursor: duckdb.DuckDBPyConnection, sql: str) -> Result:
    relation, final_sql, columns = _bind(cursor, sql)
    try:
        if final_sql is not sql:
            relation = cursor.sql(final_sql)
        table = relation.to_arrow_table()
    except duckdb.Error as e:
        _raise_as_json(cursor, final_sql, e)
    return Result(columns=columns, table=_with_utc_timestamps(table))


def _raise_as_json(cursor: duckdb.DuckDBPyConnection, sql: str, error: duckdb.Error) -> NoReturn:
    """Raises the error ``sql`` fails with, in the structured form: the relational API reports
    plain text only, ``execute`` honours ``errors_as_json``. Queries only, so running one again
    changes nothing; a cancelled one is not run again."""
    if isinstance(error, duckdb.InterruptException):
        raise error
    cursor.execute(sql)
    raise error


def _bind(
    cursor: duckdb.DuckDBPyConnection, sql: str
) -> tuple[duckdb.DuckDBPyRelation, str, list[Column]]:
    try:
        relation = cursor.sql(sql)
    except duckdb.Error as e:
        _raise_as_json(cursor, sql, e)
    if relation is None:
        raise ValueError("not a query")
    names = relation.columns
    duck_types = relation.types
    casts = [types.result_cast(t) for t in duck_types]
    columns = []
    for name, duck_type, cast in zip(names, duck_types, casts, strict=True):
        shown = duckdb.sqltype(cast) if cast else duck_type
        columns.append(Column(name, types.databricks_name(shown)))
    if not any(casts):
        return relation, sql, columns
    projections = ", ".join(
        f"CAST(#{i} AS {cast}) AS {ident(name)}" if cast else f"#{i} AS {ident(name)}"
        for i, (name, cast) in enumerate(zip(names, casts, strict=True), start=1)
    )
    return relation, f"SELECT {projections} FROM ({sql})", columns


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
