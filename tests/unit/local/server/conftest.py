"""A warehouse in this process, on a DuckDB pass-through engine, and connector helpers."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import databricks.sql
import duckdb
import pyarrow as pa
import pytest

from dbt.adapters.databricks_envs.local.api import Column, Principal, Result, WarehouseError
from dbt.adapters.databricks_envs.local.server import LocalWarehouse, open_warehouse

# Databricks statements the pass-through answers with DuckDB equivalents.
_REWRITES = [
    (
        re.compile(r"SHOW CATALOGS", re.I),
        "SELECT database_name AS catalog FROM duckdb_databases() WHERE NOT internal ORDER BY 1",
    ),
    (
        re.compile(r"SHOW SCHEMAS IN `(?P<c>[^`]+)`", re.I),
        "SELECT schema_name AS databaseName FROM information_schema.schemata "
        "WHERE catalog_name = '{c}' ORDER BY 1",
    ),
    (
        re.compile(r"SELECT current_catalog\(\)", re.I),
        "SELECT current_database() AS catalog",
    ),
    (
        re.compile(r"SELECT (?P<cols>.*) FROM system\.information_schema\.tables", re.I),
        "SELECT table_catalog, table_schema, table_name, table_type, "
        "NULL::VARCHAR AS comment FROM information_schema.tables",
    ),
    (
        re.compile(r"SELECT (?P<cols>.*) FROM system\.information_schema\.columns", re.I),
        "SELECT table_catalog, table_schema, table_name, column_name, "
        "lower(data_type) AS full_data_type, is_nullable, ordinal_position - 1 AS "
        "ordinal_position, NULL::VARCHAR AS comment FROM information_schema.columns",
    ),
]
_TYPES = {
    "BIGINT": "bigint",
    "INTEGER": "int",
    "SMALLINT": "smallint",
    "TINYINT": "tinyint",
    "BOOLEAN": "boolean",
    "DOUBLE": "double",
    "FLOAT": "float",
    "VARCHAR": "string",
    "DATE": "date",
    "TIMESTAMP": "timestamp_ntz",
    "TIMESTAMP WITH TIME ZONE": "timestamp",
    "BLOB": "binary",
}


def databricks_type(duck_type: str) -> str:
    if duck_type.startswith("DECIMAL"):
        return duck_type.lower()
    if duck_type.endswith("[]"):
        return f"array<{databricks_type(duck_type[:-2])}>"
    if duck_type.startswith("STRUCT"):
        return "struct<" + duck_type[7:-1].lower().replace(" ", ":") + ">"
    return _TYPES.get(duck_type, "string")


class PassThroughSession:
    def __init__(self, database: duckdb.DuckDBPyConnection, catalog: str, schema: str) -> None:
        self._cursor = database.cursor()
        self._cursor.sql(f'USE "{catalog}"."{schema}"')
        self.closed = False

    @property
    def current_catalog(self) -> str:
        return str(self._cursor.sql("SELECT current_database()").fetchall()[0][0])

    @property
    def current_schema(self) -> str:
        return str(self._cursor.sql("SELECT current_schema()").fetchall()[0][0])

    def execute(self, sql: str) -> Result:
        for pattern, replacement in _REWRITES:
            match = pattern.fullmatch(sql.strip())
            if match:
                sql = replacement.format(**match.groupdict())
        try:
            relation = self._cursor.sql(sql)
            if relation is None:
                return Result([], pa.table({}))
            columns = [
                Column(name, databricks_type(str(kind)))
                for name, kind in zip(relation.columns, relation.types, strict=True)
            ]
            return Result(columns, relation.to_arrow_table())
        except duckdb.InterruptException as exc:
            raise WarehouseError(
                "OPERATION_CANCELED", "HY008", f"[OPERATION_CANCELED] {exc} SQLSTATE: HY008"
            ) from exc
        except duckdb.CatalogException as exc:
            raise WarehouseError(
                "TABLE_OR_VIEW_NOT_FOUND",
                "42P01",
                f"[TABLE_OR_VIEW_NOT_FOUND] {exc} SQLSTATE: 42P01",
            ) from exc
        except duckdb.Error as exc:
            raise WarehouseError(
                "PARSE_SYNTAX_ERROR", "42601", f"[PARSE_SYNTAX_ERROR] {exc} SQLSTATE: 42601"
            ) from exc

    def reads_metadata_only(self, sql: str) -> bool:
        return sql.lstrip().upper().startswith("SHOW ")

    def interrupt(self) -> None:
        self._cursor.interrupt()

    def close(self) -> None:
        self.closed = True
        self._cursor.close()


class PassThroughEngine:
    """Catalogs are attached in-memory DuckDB databases; statements run as DuckDB SQL."""

    def __init__(self, catalogs: Sequence[str]) -> None:
        self._database = duckdb.connect()
        self._lock = threading.Lock()
        self.principals: list[Principal] = []
        self.sessions: list[PassThroughSession] = []
        self.closed = False
        for catalog in catalogs:
            self._database.execute(f"ATTACH ':memory:' AS \"{catalog}\"")
            self._database.execute(f'CREATE SCHEMA IF NOT EXISTS "{catalog}"."default"')

    def open_session(
        self, principal: Principal, catalog: str | None = None, schema: str | None = None
    ) -> PassThroughSession:
        try:
            with self._lock:
                session = PassThroughSession(self._database, catalog or "dev", schema or "default")
        except duckdb.Error as exc:
            raise WarehouseError(
                "NO_SUCH_CATALOG_EXCEPTION",
                "42704",
                f"[NO_SUCH_CATALOG_EXCEPTION] Catalog '{catalog}' was not found. SQLSTATE: 42704",
            ) from exc
        self.principals.append(principal)
        self.sessions.append(session)
        return session

    def close(self) -> None:
        self.closed = True
        self._database.close()


@pytest.fixture
def engine_factory() -> Callable[..., PassThroughEngine]:
    """An engine factory for open_warehouse / start_embedded: a fresh pass-through each call."""
    return lambda *_: PassThroughEngine(["dev", "prod", "qa"])


@pytest.fixture
def engine(engine_factory: Callable[..., PassThroughEngine]) -> PassThroughEngine:
    return engine_factory()


@pytest.fixture
def warehouse(tmp_path: Path, engine: PassThroughEngine) -> Iterator[LocalWarehouse]:
    with open_warehouse(tmp_path, engine_factory=lambda *_: engine).start() as running:
        yield running


@pytest.fixture
def connect(warehouse: LocalWarehouse) -> Callable[..., Any]:
    """Opens a connection with the unmodified connector; keyword arguments override."""

    def open_connection(**kwargs: Any) -> Any:
        options: dict[str, Any] = {
            "server_hostname": "127.0.0.1",
            "http_path": warehouse.http_path,
            "access_token": warehouse.token,
            "_connection_uri": warehouse.connection_uri,
            "enable_telemetry": False,
        }
        options.update(kwargs)
        return databricks.sql.connect(**options)

    return open_connection
