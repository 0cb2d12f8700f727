"""Engine metadata kept inside each catalog's DuckDB file.

One row per catalog, schema, table and view: owner, creation and alteration times, table
properties, schema and catalog comments, and details DuckDB has no place for (partitioning,
clustering, a view's original text). Living in the catalog's own file, the rows are written in
the same transaction as the change they describe, so they are exactly as durable.

Relation and column comments are not here: DuckDB stores them natively, and keeps them attached
to their columns through renames and drops.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import duckdb

from dbt.adapters.databricks_envs.local.engine.storage import functions, history
from dbt.adapters.databricks_envs.local.engine.storage.names import META_SCHEMA, alias, ident

KIND_CATALOG = "catalog"
KIND_SCHEMA = "schema"
KIND_TABLE = "table"
KIND_VIEW = "view"
KIND_MATERIALIZED_VIEW = "materialized_view"


def kind_of(relation_kind: str) -> str:
    """The row kind of a relation kind (storage/model.py: TABLE, VIEW, MATERIALIZED_VIEW)."""
    return {"VIEW": KIND_VIEW, "MATERIALIZED_VIEW": KIND_MATERIALIZED_VIEW}.get(
        relation_kind, KIND_TABLE
    )


@dataclass
class ObjectRow:
    kind: str
    # "" for the catalog row; the schema for schema and relation rows.
    schema: str
    # "" for catalog and schema rows.
    name: str
    owner: str
    created: datetime
    last_altered: datetime
    last_altered_by: str
    comment: str | None = None
    properties: dict[str, str] = field(default_factory=dict)
    details: dict[str, Any] = field(default_factory=dict)


def _table(catalog: str) -> str:
    return f"{ident(alias(catalog))}.{ident(META_SCHEMA)}.objects"


def create_store(cursor: duckdb.DuckDBPyConnection, catalog: str) -> None:
    """The metadata tables of a catalog file: objects, functions (see functions.py) and table
    history (see history.py)."""
    cursor.execute(f"CREATE SCHEMA IF NOT EXISTS {ident(alias(catalog))}.{ident(META_SCHEMA)}")
    functions.create_store(cursor, catalog)
    history.create_store(cursor, catalog)
    cursor.execute(
        f"""CREATE TABLE IF NOT EXISTS {_table(catalog)} (
            kind VARCHAR NOT NULL,
            schema_name VARCHAR NOT NULL,
            name VARCHAR NOT NULL,
            owner VARCHAR,
            comment VARCHAR,
            created TIMESTAMPTZ,
            last_altered TIMESTAMPTZ,
            last_altered_by VARCHAR,
            properties VARCHAR,
            details VARCHAR
        )"""
    )


def write(
    cursor: duckdb.DuckDBPyConnection, catalog: str, row: ObjectRow, new: bool = False
) -> None:
    """Inserts or replaces the row of (schema, name); ``new`` says there is none to replace
    (dropping an object deletes its row)."""
    if not new:
        delete(cursor, catalog, row.schema, row.name)
    cursor.execute(
        f"INSERT INTO {_table(catalog)} VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            row.kind,
            row.schema,
            row.name,
            row.owner,
            row.comment,
            row.created,
            row.last_altered,
            row.last_altered_by,
            json.dumps(row.properties),
            json.dumps(row.details),
        ],
    )


def delete(cursor: duckdb.DuckDBPyConnection, catalog: str, schema: str, name: str) -> None:
    cursor.execute(
        f"DELETE FROM {_table(catalog)} WHERE schema_name = ? AND name = ?", [schema, name]
    )


def delete_schema(cursor: duckdb.DuckDBPyConnection, catalog: str, schema: str) -> None:
    """Deletes the schema's row and the rows of everything in it, functions and table
    history included."""
    cursor.execute(f"DELETE FROM {_table(catalog)} WHERE schema_name = ?", [schema])
    functions.delete_schema(cursor, catalog, schema)
    history.forget_schema(cursor, catalog, schema)


def touch(
    cursor: duckdb.DuckDBPyConnection,
    catalog: str,
    schema: str,
    name: str,
    when: datetime,
    who: str,
) -> None:
    cursor.execute(
        f"UPDATE {_table(catalog)} SET last_altered = ?, last_altered_by = ? "
        "WHERE schema_name = ? AND name = ?",
        [when, who, schema, name],
    )


def read(
    cursor: duckdb.DuckDBPyConnection,
    catalog: str,
    schema: str | None = None,
    name: str | None = None,
) -> list[ObjectRow]:
    sql = (
        "SELECT kind, schema_name, name, owner, comment, created, last_altered, "
        f"last_altered_by, properties, details FROM {_table(catalog)}"
    )
    params: list[str] = []
    if schema is not None:
        sql += " WHERE schema_name = ?"
        params.append(schema)
        if name is not None:
            sql += " AND name = ?"
            params.append(name)
    return [
        ObjectRow(
            kind=kind,
            schema=schema_name,
            name=object_name,
            owner=owner,
            comment=comment,
            created=created,
            last_altered=last_altered,
            last_altered_by=last_altered_by,
            properties=json.loads(properties or "{}"),
            details=json.loads(details or "{}"),
        )
        for (
            kind,
            schema_name,
            object_name,
            owner,
            comment,
            created,
            last_altered,
            last_altered_by,
            properties,
            details,
        ) in cursor.execute(sql, params).fetchall()
    ]


def read_one(
    cursor: duckdb.DuckDBPyConnection, catalog: str, schema: str, name: str
) -> ObjectRow | None:
    rows = read(cursor, catalog, schema, name)
    return rows[0] if rows else None
