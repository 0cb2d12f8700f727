"""Delta table history: one row per version of every table, and the data of recent versions.

Every write to a table commits a version, as a Delta table's transaction log does: version
number, time, who, the operation and its parameters and metrics, with the column names and
operation names of ``DESCRIBE HISTORY``
(https://docs.databricks.com/aws/en/tables/history-schema). The rows live in the catalog's own
DuckDB file (``__uc.history``), written in the same transaction as the change they describe, so
history is exactly as durable as the tables. A table's history is keyed by its id, which
CREATE OR REPLACE and renames keep and DROP TABLE ends: a replaced table keeps its history, a
dropped and re-created one starts a new one.

Retention: the metadata of every version is kept; the data of the table as it was before its
last ``DATA_RETAINED`` data-changing versions is kept in hidden DuckDB tables of the table's
schema, named ``__uc_history_<id>_<version>``. A replaced table is kept by renaming it (no
copy); a table whose rows change (INSERT, MERGE, UPDATE, DELETE, TRUNCATE) is copied first,
unless it has more than ``COPY_LIMIT`` rows (then only the metadata of the older versions is
kept). Versions whose data is gone can be described but not read.

A write costs one INSERT of its version's row (plus keeping the rows), and creating a table
nothing: its version 0 is described by its metadata row (``CREATED_AS`` in its details), as
is the version 0 of a table made before history was kept. Where a version's rows are is
worked out when an earlier version is read, from the versions that changed rows after it, and
each table's latest version and kept tables are remembered in memory (``Tracker``) once read,
so that writes ask nothing.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime

import duckdb

from dbt.adapters.databricks_envs.local.engine.storage.names import (
    META_SCHEMA,
    RelName,
    alias,
    ident,
)

# Hidden tables (kept versions, staged replacements) start with this; never listed.
HIDDEN_PREFIX = "__uc_history_"
# How many earlier states of a table keep their data.
DATA_RETAINED = 5
# Above this many rows, a row-level write keeps no copy of the rows it changes.
COPY_LIMIT = 100_000
# The ``data`` of versions whose rows are the table's current rows.
LIVE = "live"
# The key, in a table's metadata details, of the operation that created it (its version 0).
CREATED_AS = "created_as"


@dataclass(frozen=True)
class Operation:
    """What one version did, as DESCRIBE HISTORY shows it."""

    name: str
    parameters: Mapping[str, str] = field(default_factory=dict)
    metrics: Mapping[str, str] = field(default_factory=dict)
    # Whether the table's rows may differ from the previous version's.
    changes_data: bool = True
    blind_append: bool = False

    @property
    def isolation_level(self) -> str:
        return "WriteSerializable" if self.name in _ROW_OPERATIONS else "Serializable"


_ROW_OPERATIONS = frozenset({"WRITE", "MERGE", "UPDATE", "DELETE", "TRUNCATE"})


@dataclass(frozen=True)
class Version:
    version: int
    timestamp: datetime
    user_name: str
    operation: str
    parameters: dict[str, str]
    metrics: dict[str, str]
    read_version: int | None
    isolation_level: str
    blind_append: bool
    # The hidden table holding this version's rows, LIVE for the table itself, None if gone.
    data: str | None

    @property
    def live(self) -> bool:
        return self.data == LIVE


@dataclass(frozen=True)
class TableVersions:
    """What a write needs to know of a table's history: its latest version, and its kept
    tables (oldest first)."""

    # None: the table is being created (no version yet).
    latest: int | None
    kept: tuple[str, ...] = ()


class Tracker:
    """Each table's ``TableVersions``, by (catalog, key), read from the catalog file once and
    then kept up to date by the writes, after they commit (writers are serialized). Keys are
    table ids, which no other table ever gets, so a dropped table's entry is merely unused."""

    def __init__(self) -> None:
        self._known: dict[tuple[str, str], TableVersions] = {}
        self._lock = threading.Lock()

    def get(self, cursor: duckdb.DuckDBPyConnection, catalog: str, key: str) -> TableVersions:
        with self._lock:
            known = self._known.get((catalog, key))
        if known is not None:
            return known
        ((latest, kept),) = cursor.execute(
            f"SELECT max(version), list(kept ORDER BY version) FILTER (WHERE kept IS NOT NULL) "
            f"FROM {_table(catalog)} WHERE table_key = ?",
            [key],
        ).fetchall()
        # Every table has a version 0, which needs no row (see CREATED_AS).
        return TableVersions(
            0 if latest is None else int(latest), tuple((kept or [])[-DATA_RETAINED:])
        )

    def put(self, catalog: str, key: str, versions: TableVersions | None) -> None:
        with self._lock:
            if versions is None:
                self._known.pop((catalog, key), None)
            else:
                self._known[(catalog, key)] = versions

    def forget_catalog(self, catalog: str) -> None:
        with self._lock:
            self._known = {k: v for k, v in self._known.items() if k[0] != catalog}


def _table(catalog: str) -> str:
    return f"{ident(alias(catalog))}.{ident(META_SCHEMA)}.history"


def create_store(cursor: duckdb.DuckDBPyConnection, catalog: str) -> None:
    cursor.execute(
        f"""CREATE TABLE IF NOT EXISTS {_table(catalog)} (
            table_key VARCHAR NOT NULL,
            schema_name VARCHAR NOT NULL,
            version BIGINT NOT NULL,
            committed TIMESTAMPTZ NOT NULL,
            user_name VARCHAR,
            operation VARCHAR NOT NULL,
            parameters VARCHAR,
            metrics VARCHAR,
            read_version BIGINT,
            isolation_level VARCHAR,
            blind_append BOOLEAN,
            changes_data BOOLEAN,
            -- The hidden table holding the rows the table had before this version.
            kept VARCHAR
        )"""
    )


def staging_name(name: RelName, key: str) -> RelName:
    """Where a replacement is built before it takes the table's place."""
    return RelName(name.catalog, name.schema, f"{HIDDEN_PREFIX}{_safe(key)}_new")


def _kept_name(name: RelName, key: str, version: int) -> RelName:
    return RelName(name.catalog, name.schema, f"{HIDDEN_PREFIX}{_safe(key)}_{version}")


def _safe(key: str) -> str:
    return re.sub(r"\W", "_", key)


@dataclass(frozen=True)
class Origin:
    """What describes a table's version 0: its metadata row."""

    created: datetime
    owner: str
    operation: str = "CREATE TABLE"
    parameters: Mapping[str, str] = field(default_factory=dict)


def versions(
    cursor: duckdb.DuckDBPyConnection,
    name: RelName,
    key: str,
    origin: Origin,
    limit: int | None = None,
) -> list[Version]:
    """The table's versions, newest first, each with where its rows are."""
    rows = cursor.execute(
        "SELECT version, committed, user_name, operation, parameters, metrics, read_version, "
        f"isolation_level, blind_append, changes_data, kept FROM {_table(name.catalog)} "
        "WHERE table_key = ? ORDER BY version DESC",
        [key],
    ).fetchall()
    present = {
        row[0]
        for row in cursor.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = ? AND schema_name = ? "
            "AND starts_with(table_name, ?)",
            [alias(name.catalog), name.schema, f"{HIDDEN_PREFIX}{_safe(key)}_"],
        ).fetchall()
    }
    found: list[Version] = []
    # A version's rows are the table's until a later version changes them, which kept them.
    data: str | None = LIVE
    for row in rows:
        (number, committed, user_name, operation, parameters, metrics, read_version) = row[:7]
        isolation_level, blind_append, changes_data, kept = row[7:]
        found.append(
            Version(
                version=int(number),
                timestamp=committed,
                user_name=user_name,
                operation=operation,
                parameters=json.loads(parameters or "{}"),
                metrics=json.loads(metrics or "{}"),
                read_version=read_version,
                isolation_level=isolation_level,
                blind_append=bool(blind_append),
                data=data,
            )
        )
        if changes_data:
            data = kept if kept in present else None
    if not rows or rows[-1][0] != 0:
        found.append(
            Version(
                version=0,
                timestamp=origin.created,
                user_name=origin.owner,
                operation=origin.operation,
                parameters=dict(origin.parameters),
                metrics={},
                read_version=None,
                isolation_level="Serializable",
                blind_append=False,
                data=data,
            )
        )
    return found[:limit] if limit is not None else found


def data_of(name: RelName, version: Version) -> RelName | None:
    """The DuckDB table holding the rows of ``version`` of the table ``name``, if kept."""
    if version.data is None:
        return None
    if version.live:
        return name
    return RelName(name.catalog, name.schema, version.data)


def keep_copy(
    cursor: duckdb.DuckDBPyConnection, name: RelName, key: str, known: TableVersions
) -> RelName | None:
    """Copies the table's rows before a row-level write changes them (None: too many rows to
    copy)."""
    ((count,),) = cursor.execute(f"SELECT count(*) FROM {name.duck}").fetchall()
    if int(count) > COPY_LIMIT:
        return None
    kept = _kept_name(name, key, known.latest or 0)
    cursor.execute(f"CREATE OR REPLACE TABLE {kept.duck} AS SELECT * FROM {name.duck}")
    return kept


def swap(
    cursor: duckdb.DuckDBPyConnection,
    name: RelName,
    key: str,
    staged: RelName,
    known: TableVersions,
) -> RelName:
    """Keeps the table as it is by renaming it away (no copy), then puts ``staged`` in its
    place. Returns the kept table's name."""
    kept = _kept_name(name, key, known.latest or 0)
    cursor.execute(f"ALTER TABLE {name.duck} RENAME TO {ident(kept.name)}")
    cursor.execute(f"ALTER TABLE {staged.duck} RENAME TO {ident(name.name)}")
    return kept


def commit(
    cursor: duckdb.DuckDBPyConnection,
    name: RelName,
    key: str,
    operation: Operation,
    who: str,
    when: datetime,
    known: TableVersions,
    kept: RelName | None = None,
) -> TableVersions:
    """Records a new version of the table; ``kept`` holds the rows it had before (for an
    operation that changes them). A table being created (``known.latest`` None) gets its
    version 0, which its metadata row describes: nothing is written. Drops the kept tables
    beyond DATA_RETAINED. Returns what the tracker should know once this commits."""
    if known.latest is None:
        return TableVersions(0)
    version = known.latest + 1
    changes = kept if operation.changes_data else None
    table = _table(name.catalog)
    _insert(cursor, table, key, name.schema, version, when, who, operation, known.latest, changes)
    retained = (*known.kept, kept.name) if kept is not None else known.kept
    for expired in retained[:-DATA_RETAINED]:
        cursor.execute(f"DROP TABLE IF EXISTS {RelName(name.catalog, name.schema, expired).duck}")
    return replace(known, latest=version, kept=retained[-DATA_RETAINED:])


def _insert(
    cursor: duckdb.DuckDBPyConnection,
    table: str,
    key: str,
    schema: str,
    version: int,
    when: datetime,
    who: str,
    operation: Operation,
    read_version: int | None,
    kept: RelName | None,
) -> None:
    cursor.execute(
        f"INSERT INTO {table} VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            key,
            schema,
            version,
            when,
            who,
            operation.name,
            json.dumps(dict(operation.parameters)),
            json.dumps(dict(operation.metrics)),
            read_version,
            operation.isolation_level,
            operation.blind_append,
            operation.changes_data,
            kept.name if kept is not None else None,
        ],
    )


def forget(cursor: duckdb.DuckDBPyConnection, name: RelName, key: str) -> None:
    """DROP TABLE: its history and kept tables go with it."""
    for (kept,) in cursor.execute(
        "SELECT table_name FROM duckdb_tables() WHERE database_name = ? AND schema_name = ? "
        "AND starts_with(table_name, ?)",
        [alias(name.catalog), name.schema, f"{HIDDEN_PREFIX}{_safe(key)}_"],
    ).fetchall():
        cursor.execute(f"DROP TABLE IF EXISTS {RelName(name.catalog, name.schema, kept).duck}")
    cursor.execute(f"DELETE FROM {_table(name.catalog)} WHERE table_key = ?", [key])


def forget_schema(cursor: duckdb.DuckDBPyConnection, catalog: str, schema: str) -> None:
    """DROP SCHEMA ... CASCADE: the kept tables went with the schema; the rows go now."""
    cursor.execute(f"DELETE FROM {_table(catalog)} WHERE schema_name = ?", [schema])


def created_as(operation: Operation) -> dict[str, object]:
    """The metadata details that describe a new table's version 0."""
    return {CREATED_AS: {"operation": operation.name, "parameters": dict(operation.parameters)}}
