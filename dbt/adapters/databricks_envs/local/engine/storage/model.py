"""The catalog as Databricks describes it: catalogs, schemas, relations and columns."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from dbt.adapters.databricks_envs.local.engine.storage.names import RelName

TABLE = "TABLE"
VIEW = "VIEW"
# A stored query result, recomputed by REFRESH (translate/materialized_views.py).
MATERIALIZED_VIEW = "MATERIALIZED_VIEW"


@dataclass(frozen=True)
class ColumnInfo:
    name: str
    # As Databricks names it: bigint, string, decimal(10,2), array<int>, ...
    type_name: str
    # As DuckDB names it, to rebuild its JSON description or cast to it.
    duck_type: str
    nullable: bool
    comment: str | None


@dataclass(frozen=True)
class Owned:
    owner: str
    created: datetime
    last_altered: datetime
    last_altered_by: str
    comment: str | None
    properties: Mapping[str, str]


@dataclass(frozen=True)
class CatalogInfo(Owned):
    name: str
    tags: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class SchemaInfo(Owned):
    catalog: str
    name: str
    tags: Mapping[str, str] = field(default_factory=dict)


# An argument of a row filter or column mask: (a column's name, True) or (a literal's SQL,
# False).
PolicyArgument = tuple[str, bool]


@dataclass(frozen=True)
class RowFilter:
    function: RelName
    arguments: tuple[PolicyArgument, ...]


@dataclass(frozen=True)
class ColumnMask:
    function: RelName
    # The arguments after the masked column (USING COLUMNS).
    using: tuple[PolicyArgument, ...] = ()


@dataclass(frozen=True)
class RelationInfo(Owned):
    name: RelName
    kind: str
    columns: tuple[ColumnInfo, ...]
    provider: str | None = None
    partition_by: tuple[str, ...] = ()
    cluster_by: tuple[str, ...] = ()
    cluster_auto: bool = False
    # Stays the same through CREATE OR REPLACE and renames, as a Delta table's id does.
    object_id: str = ""
    # The query text after AS, exactly as the user wrote it.
    view_text: str | None = None
    # Informational constraints (PRIMARY KEY / FOREIGN KEY) as DESCRIBE ... AS JSON renders them.
    constraints: tuple[tuple[str, str], ...] = ()
    # Unity Catalog tags of the relation, and of its columns (by column name as stored).
    tags: Mapping[str, str] = field(default_factory=dict)
    column_tags: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    row_filter: RowFilter | None = None
    # By column name as stored.
    column_masks: Mapping[str, ColumnMask] = field(default_factory=dict)
    # What a view reads (the relations its query names).
    reads: tuple[RelName, ...] = ()
    # SHALLOW or DEEP for a clone (see translate/clone.py).
    clone_kind: str | None = None
    # A materialized view's refresh schedule as DESCRIBE EXTENDED shows it (MANUAL, EVERY 2
    # HOURS, ...) and when it was last computed.
    refresh_schedule: str | None = None
    last_refreshed: str | None = None
    # An external table's LOCATION, as written, and its OPTIONS (see translate/external.py).
    location: str | None = None
    options: Mapping[str, str] = field(default_factory=dict)
    # The operation and parameters of the table's version 0, as DESCRIBE HISTORY shows them
    # (None: made before history was kept, shown as CREATE TABLE); see storage/history.py.
    created_as: tuple[str, Mapping[str, str]] | None = None

    @property
    def table_type(self) -> str:
        """As information_schema.tables and DESCRIBE EXTENDED call it."""
        if self.is_view:
            return VIEW
        if self.is_materialized_view:
            return MATERIALIZED_VIEW
        if self.location is not None:
            return "EXTERNAL"
        return "MANAGED_SHALLOW_CLONE" if self.clone_kind == "SHALLOW" else "MANAGED"

    @property
    def protected(self) -> bool:
        """Whether reading it goes through a row filter or column masks."""
        return self.row_filter is not None or bool(self.column_masks)

    @property
    def is_view(self) -> bool:
        return self.kind == VIEW

    @property
    def is_materialized_view(self) -> bool:
        return self.kind == MATERIALIZED_VIEW

    def column(self, name: str) -> ColumnInfo | None:
        lowered = name.lower()
        return next((c for c in self.columns if c.name.lower() == lowered), None)


@dataclass(frozen=True)
class Parameter:
    name: str
    # As Databricks names it (int, string, decimal(10,2)).
    type_name: str
    # The default's Databricks SQL, or None.
    default: str | None = None
    comment: str | None = None


@dataclass(frozen=True)
class FunctionInfo(Owned):
    """A SQL scalar function (a DuckDB macro of the same name does the work)."""

    name: RelName
    parameters: tuple[Parameter, ...]
    returns: str
    # The expression after RETURN, as written.
    body: str
    deterministic: bool = True
    # CONTAINS SQL, or READS SQL DATA when the body reads a table.
    data_access: str = "CONTAINS SQL"
    object_id: str = ""


@dataclass(frozen=True)
class SchemaState:
    info: SchemaInfo
    relations: Mapping[str, RelationInfo] = field(default_factory=dict)
    functions: Mapping[str, FunctionInfo] = field(default_factory=dict)


@dataclass(frozen=True)
class CatalogState:
    info: CatalogInfo
    schemas: Mapping[str, SchemaState] = field(default_factory=dict)
