"""The catalog as Databricks describes it: catalogs, schemas, relations and columns."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from dbt.adapters.databricks_envs.local.engine.storage.names import RelName

TABLE = "TABLE"
VIEW = "VIEW"


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


@dataclass(frozen=True)
class SchemaInfo(Owned):
    catalog: str
    name: str


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

    @property
    def is_view(self) -> bool:
        return self.kind == VIEW

    def column(self, name: str) -> ColumnInfo | None:
        lowered = name.lower()
        return next((c for c in self.columns if c.name.lower() == lowered), None)


@dataclass(frozen=True)
class SchemaState:
    info: SchemaInfo
    relations: Mapping[str, RelationInfo] = field(default_factory=dict)


@dataclass(frozen=True)
class CatalogState:
    info: CatalogInfo
    schemas: Mapping[str, SchemaState] = field(default_factory=dict)
