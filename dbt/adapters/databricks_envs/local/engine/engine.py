"""The local warehouse's SQL engine: DuckDB underneath, Databricks SQL on top."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from datetime import datetime, timezone
from pathlib import Path

import duckdb

from dbt.adapters.databricks_envs.local.api import Principal
from dbt.adapters.databricks_envs.local.engine.introspect import information_schema
from dbt.adapters.databricks_envs.local.engine.plan import Plan
from dbt.adapters.databricks_envs.local.engine.security import Authorizer, allow_all
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

PlanKey = tuple[str, str, str, str, frozenset[str]]


class PlanCache:
    """Translations by statement text and everything translation depends on."""

    def __init__(self, size: int = 4096) -> None:
        self._plans: OrderedDict[PlanKey, list[Plan]] = OrderedDict()
        self._size = size
        self._lock = threading.Lock()

    def get(self, key: PlanKey) -> list[Plan] | None:
        with self._lock:
            plans = self._plans.get(key)
            if plans is not None:
                self._plans.move_to_end(key)
            return plans

    def put(self, key: PlanKey, plans: list[Plan]) -> None:
        with self._lock:
            self._plans[key] = plans
            if len(self._plans) > self._size:
                self._plans.popitem(last=False)


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
        self.plans = PlanCache()
        # Serializes every statement that changes a catalog: DuckDB fails concurrent
        # transactions that change the same catalog entries, where Databricks would not.
        self.write_lock = threading.Lock()
        self._closed = False
        with self.cursor() as cursor:
            for macro in expressions.MACROS:
                cursor.execute(macro)
            information_schema.create_tables(cursor)
            on_disk = self.files.on_disk()
            for catalog in on_disk:
                self.files.attach(catalog)
            for catalog in initial_catalogs:
                if catalog not in on_disk:
                    self.files.create(catalog, owner, None, self.clock())
            for catalog in sorted({*on_disk, *initial_catalogs}):
                self.mirror.load_catalog(cursor, catalog)

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
