"""SQL functions kept inside each catalog's DuckDB file, beside the objects table.

A function's description (owner, parameters, return type, body as written) lives in its own
table, since a function may share its name with a table of the same schema; the DuckDB macro
that computes it is created in the same transaction, in the same file, so both last alike.
"""

from __future__ import annotations

import json
from datetime import datetime

import duckdb

from dbt.adapters.databricks_envs.local.engine.storage.model import FunctionInfo, Parameter
from dbt.adapters.databricks_envs.local.engine.storage.names import (
    META_SCHEMA,
    RelName,
    alias,
    ident,
)


def _table(catalog: str) -> str:
    return f"{ident(alias(catalog))}.{ident(META_SCHEMA)}.functions"


def create_store(cursor: duckdb.DuckDBPyConnection, catalog: str) -> None:
    cursor.execute(
        f"""CREATE TABLE IF NOT EXISTS {_table(catalog)} (
            schema_name VARCHAR NOT NULL,
            name VARCHAR NOT NULL,
            owner VARCHAR,
            comment VARCHAR,
            created TIMESTAMPTZ,
            last_altered TIMESTAMPTZ,
            last_altered_by VARCHAR,
            definition VARCHAR
        )"""
    )


def write(cursor: duckdb.DuckDBPyConnection, info: FunctionInfo) -> None:
    """Inserts or replaces the function's row."""
    delete(cursor, info.name)
    definition = {
        "parameters": [
            {"name": p.name, "type": p.type_name, "default": p.default, "comment": p.comment}
            for p in info.parameters
        ],
        "returns": info.returns,
        "body": info.body,
        "deterministic": info.deterministic,
        "data_access": info.data_access,
        "id": info.object_id,
        "properties": dict(info.properties),
    }
    cursor.execute(
        f"INSERT INTO {_table(info.name.catalog)} VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            info.name.schema,
            info.name.name,
            info.owner,
            info.comment,
            info.created,
            info.last_altered,
            info.last_altered_by,
            json.dumps(definition),
        ],
    )


def delete(cursor: duckdb.DuckDBPyConnection, name: RelName) -> None:
    cursor.execute(
        f"DELETE FROM {_table(name.catalog)} WHERE schema_name = ? AND name = ?",
        [name.schema, name.name],
    )


def delete_schema(cursor: duckdb.DuckDBPyConnection, catalog: str, schema: str) -> None:
    cursor.execute(f"DELETE FROM {_table(catalog)} WHERE schema_name = ?", [schema])


def read(
    cursor: duckdb.DuckDBPyConnection, catalog: str, schema: str | None = None
) -> list[FunctionInfo]:
    sql = (
        "SELECT schema_name, name, owner, comment, created, last_altered, last_altered_by, "
        f"definition FROM {_table(catalog)}"
    )
    params = [schema] if schema is not None else []
    if schema is not None:
        sql += " WHERE schema_name = ?"
    return [
        _info(catalog, *row) for row in cursor.execute(sql + " ORDER BY name", params).fetchall()
    ]


def _info(
    catalog: str,
    schema: str,
    name: str,
    owner: str,
    comment: str | None,
    created: datetime,
    last_altered: datetime,
    last_altered_by: str,
    definition: str,
) -> FunctionInfo:
    found = json.loads(definition)
    return FunctionInfo(
        owner=owner,
        created=created,
        last_altered=last_altered,
        last_altered_by=last_altered_by,
        comment=comment,
        properties=found.get("properties", {}),
        name=RelName(catalog, schema, name),
        parameters=tuple(
            Parameter(p["name"], p["type"], p.get("default"), p.get("comment"))
            for p in found["parameters"]
        ),
        returns=found["returns"],
        body=found["body"],
        deterministic=found.get("deterministic", True),
        data_access=found.get("data_access", "CONTAINS SQL"),
        object_id=found.get("id", ""),
    )
