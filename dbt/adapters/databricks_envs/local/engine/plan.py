"""A translated statement, ready to run in a session: what it touches and how to run it.

Plans hold only what the statement text and the session's names determine, so they can be
cached by statement text; everything that depends on the catalog's state is looked up when the
plan runs.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

import pyarrow as pa

from dbt.adapters.databricks_envs.local.api import Column, Principal, Result
from dbt.adapters.databricks_envs.local.engine.security import Access
from dbt.adapters.databricks_envs.local.engine.storage.model import ColumnInfo
from dbt.adapters.databricks_envs.local.engine.storage.names import RelName

if TYPE_CHECKING:
    import duckdb

    from dbt.adapters.databricks_envs.local.engine.storage.catalogs import CatalogFiles
    from dbt.adapters.databricks_envs.local.engine.storage.mirror import Mirror

T = TypeVar("T")


@dataclass
class SessionState:
    catalog: str
    schema: str
    temp_views: set[str] = field(default_factory=set)
    # The columns of each temporary view, as it was created.
    temp_view_columns: dict[str, tuple[ColumnInfo, ...]] = field(default_factory=dict)
    conf: dict[str, str] = field(default_factory=dict)


class Runtime(Protocol):
    """What a plan may use while it runs: the session's cursor and state, and the engine."""

    @property
    def cursor(self) -> duckdb.DuckDBPyConnection: ...

    @property
    def mirror(self) -> Mirror: ...

    @property
    def files(self) -> CatalogFiles: ...

    @property
    def principal(self) -> Principal: ...

    @property
    def state(self) -> SessionState: ...

    def now(self) -> datetime: ...

    def sees_catalog(self, catalog: str) -> bool:
        """Whether SHOW CATALOGS lists the catalog to the session's principal."""
        ...

    def visible(self, table: str, rows: pa.Table) -> pa.Table:
        """The rows of an information_schema table the session's principal may see."""
        ...

    def write(self, work: Callable[[], T]) -> T:
        """Runs ``work`` in one transaction, serialized with every other writer; the
        refreshes ``work`` queued with ``after_commit`` run once it committed."""
        ...

    def after_commit(self, refresh: Callable[[], None]) -> None: ...

    def exclusive(self, work: Callable[[], T]) -> T:
        """Runs ``work`` serialized with writers but outside any transaction (ATTACH)."""
        ...


@dataclass(frozen=True)
class Plan:
    run: Callable[[Runtime], Result]
    accesses: tuple[Access, ...] = ()
    # Relations the statement reads or writes, to name the missing one in errors.
    relations: tuple[RelName, ...] = ()
    # One-part names and whether each resolved to a temporary view when translated.
    one_part: tuple[tuple[str, bool], ...] = ()
    # information_schema tables it reads, which the session must have registered.
    info_tables: tuple[str, ...] = ()
    cacheable: bool = True
    # The result depends on nothing but the information_schema tables it reads: it may be
    # reused while their content stays the same.
    reusable_result: bool = False
    # It reads catalog metadata and nothing else (no table, no temporary view).
    metadata_only: bool = False


STRING = "string"
BIGINT = "bigint"
INT = "int"
BOOLEAN = "boolean"
TIMESTAMP = "timestamp"
STRINGS = "array<string>"
STRING_MAP = "map<string,string>"

_ARROW = {
    STRING: pa.string(),
    BIGINT: pa.int64(),
    INT: pa.int32(),
    BOOLEAN: pa.bool_(),
    TIMESTAMP: pa.timestamp("us", tz="Etc/UTC"),
    STRINGS: pa.list_(pa.string()),
    STRING_MAP: pa.map_(pa.string(), pa.string()),
}


def arrow_type(type_name: str) -> pa.DataType:
    """The Arrow type a result column of one of the simple Databricks types above carries."""
    return _ARROW[type_name]


def empty() -> Result:
    return Result(columns=[], table=pa.table({}))


def rows_result(
    columns: Sequence[tuple[str, str]], rows: Sequence[Sequence[Any]], affected: int | None = None
) -> Result:
    """A result from Python rows; ``columns`` are (name, Databricks type) of simple types."""
    arrays = [
        pa.array([r[i] for r in rows], type=arrow_type(type_name))
        for i, (_, type_name) in enumerate(columns)
    ]
    schema = pa.schema([pa.field(name, arrow_type(t)) for name, t in columns])
    return Result(
        columns=[Column(name, t) for name, t in columns],
        table=pa.Table.from_arrays(arrays, schema=schema),
        rows_affected=affected,
    )
