"""The contract between the protocol server (``server/``) and the SQL engine (``engine/``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    import pyarrow


class WarehouseError(Exception):
    """A statement failed as Databricks would report it.

    ``message`` is the full text the connector shows, starting with ``[ERROR_CLASS]`` and
    ending with ``SQLSTATE: xxxxx`` as a SQL warehouse writes it.
    """

    def __init__(self, error_class: str, sqlstate: str, message: str) -> None:
        super().__init__(message)
        self.error_class = error_class
        self.sqlstate = sqlstate
        self.message = message


@dataclass(frozen=True)
class Column:
    name: str
    # The Databricks type name as DESCRIBE shows it: bigint, int, string, boolean, double,
    # decimal(38,0), date, timestamp, timestamp_ntz, binary, array<string>, struct<...>, ...
    type_name: str


@dataclass
class Result:
    columns: list[Column]
    # The rows, in an Arrow table whose schema matches ``columns`` (Databricks' Arrow types).
    table: pyarrow.Table
    # Statements without a result set return no columns and an empty table.
    rows_affected: int | None = None


@dataclass(frozen=True)
class Principal:
    """Who runs a session: what current_user() returns, and the groups it belongs to."""

    name: str
    groups: frozenset[str] = field(default_factory=frozenset)
    is_service_principal: bool = False


class Session(Protocol):
    """One connector session: its own current catalog and schema, temporary views, etc."""

    @property
    def current_catalog(self) -> str: ...

    @property
    def current_schema(self) -> str: ...

    def execute(self, sql: str) -> Result:
        """Runs one statement (Databricks SQL). Raises WarehouseError."""
        ...

    def reads_metadata_only(self, sql: str) -> bool:
        """Whether the statement only reads catalog metadata (DESCRIBE, SHOW, queries on
        information_schema): its time is bounded by the size of the catalog, not of any table,
        so it may run at once in the thread that received it, with no chance of a cancel."""
        ...

    def interrupt(self) -> None:
        """Cancels the statement running in this session, from another thread."""
        ...

    def close(self) -> None: ...


class Engine(Protocol):
    def open_session(
        self,
        principal: Principal,
        catalog: str | None = None,
        schema: str | None = None,
    ) -> Session: ...

    def close(self) -> None: ...
