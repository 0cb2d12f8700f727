"""The local warehouse's SQL engine: DuckDB underneath, Databricks SQL on top."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from datetime import datetime, timezone
from pathlib import Path

import duckdb
import pyarrow as pa

from dbt.adapters.databricks_envs.local.api import Principal
from dbt.adapters.databricks_envs.local.engine.introspect import (
    information_schema,
    snapshots,
    system_tables,
)
from dbt.adapters.databricks_envs.local.engine.introspect.snapshots import Snapshots
from dbt.adapters.databricks_envs.local.engine.plan_cache import PlanCache
from dbt.adapters.databricks_envs.local.engine.security import (
    AccessControl,
    Authorizer,
    allow_all,
)
from dbt.adapters.databricks_envs.local.engine.session import DuckDBSession
from dbt.adapters.databricks_envs.local.engine.storage.catalogs import DEFAULT_SCHEMA, CatalogFiles
from dbt.adapters.databricks_envs.local.engine.storage.mirror import Mirror
from dbt.adapters.databricks_envs.local.engine.translate import expressions

Clock = Callable[[], datetime]

# Settings of every connection (each session's cursor is one): DuckDB keeps these per
# connection, so they are set on each.
CONNECTION_SETTINGS = (
    # Errors as data, so that they can be reworded exactly (see duck_errors.py).
    "SET errors_as_json = true",
    # Never read Python variables named like a missing table.
    "SET python_enable_replacements = false",
    # Spark sorts NULLs first ascending and last descending.
    "SET default_null_order = 'nulls_first_on_asc_last_on_desc'",
)


class DuckDBEngine:
    """One DuckDB instance with every catalog's file attached.

    ``authorizer`` sees every statement's accesses before it runs (default: allow all);
    ``owner`` owns the initial catalogs.
    """

    def __init__(
        self,
        data_dir: Path,
        initial_catalogs: Sequence[str] = ("main", "dev", "prod"),
        *,
        authorizer: Authorizer = allow_all,
        owner: str = "admin",
        default_catalog: str | None = None,
        clock: Clock | None = None,
    ) -> None:
        self.data_dir = Path(data_dir)
        self.authorizer = authorizer
        self.access: AccessControl | None = None
        self.clock: Clock = clock or (lambda: datetime.now(timezone.utc))
        self.default_catalog = default_catalog or (
            initial_catalogs[0] if initial_catalogs else "main"
        )
        self.root = duckdb.connect(":memory:")
        # A Databricks warehouse's session time zone; timestamps are UTC wall times. Set after
        # connecting: the setting needs the ICU extension, which loads on first use.
        self.root.execute("SET GLOBAL TimeZone = 'UTC'")
        self.files = CatalogFiles(self.root, self.data_dir / "catalogs")
        self.mirror = Mirror()
        self.snapshots = Snapshots(self.mirror)
        self.system_tables = system_tables.SystemTables()
        self.plan_cache = PlanCache()
        # Serializes every statement that changes a catalog: DuckDB fails concurrent
        # transactions that change the same catalog entries, where Databricks would not.
        self.write_lock = threading.Lock()
        self._closed = False
        with self.cursor() as cursor:
            for macro in expressions.MACROS:
                cursor.execute(macro)
            snapshots.create_constant_tables(cursor)
            on_disk = self.files.on_disk()
            for catalog in on_disk:
                self.files.attach(catalog)
            for catalog in initial_catalogs:
                if catalog not in on_disk:
                    self.files.create(catalog, owner, None, self.clock())
            for catalog in sorted({*on_disk, *initial_catalogs}):
                self.mirror.load_catalog(cursor, catalog)

    def secure(self, access: AccessControl) -> None:
        """Puts Unity Catalog security in charge of every statement from now on."""
        self.access = access
        self.authorizer = access.authorize
        self.snapshots.privileges = access

    def serve_history(self, source: system_tables.HistorySource) -> None:
        """Serves ``system.query.history`` from ``source`` (the server's audit log)."""
        self.system_tables.history = source

    def generation(self, table: str) -> int:
        """The generation of an information_schema or system table (see snapshots.py)."""
        if system_tables.is_system_table(table):
            return self.system_tables.generation(table)
        return self.snapshots.generation(table)

    def served_table(self, table: str) -> tuple[str, int, pa.Table] | None:
        """The name a session registers the table under, its generation and its rows; None
        for a table that is always empty, which needs no registering."""
        if system_tables.is_system_table(table):
            return (system_tables.view_name(table), *self.system_tables.get(table))
        if snapshots.is_constant(table):
            return None
        return (information_schema.view_name(table), *self.snapshots.get(table))

    def cursor(self) -> duckdb.DuckDBPyConnection:
        cursor = self.root.cursor()
        for setting in CONNECTION_SETTINGS:
            cursor.execute(setting)
        return cursor

    def open_session(
        self,
        principal: Principal,
        catalog: str | None = None,
        schema: str | None = None,
    ) -> DuckDBSession:
        return DuckDBSession(
            self,
            principal,
            (catalog or self.default_catalog).lower(),
            (schema or DEFAULT_SCHEMA).lower(),
        )

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        with self.write_lock:
            self.root.close()
