"""System tables of the ``system`` catalog other than information_schema: ``system.query.history``.

Served as information_schema tables are (see ``snapshots.py``): an Arrow table registered on the
session's cursor under ``view_name(table)``, rebuilt only when its source changed. The rows of
``system.query.history`` come from the warehouse's audit log (``local/audit/``), which the server
hands to the engine; without one the table is empty. Who may read it is the access control's
business (Unity Catalog: the metastore admin only).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any, Protocol

import pyarrow as pa

SYSTEM_CATALOG = "system"
QUERY_HISTORY = "system.query.history"

_STRING = pa.string()
_COMPUTE = pa.struct(
    [("type", _STRING), ("cluster_id", _STRING), ("warehouse_id", _STRING)],
)
_TIMESTAMP = pa.timestamp("us", tz="UTC")

# Databricks' columns of each table, in its order, with their Arrow types.
TABLES: dict[str, pa.Schema] = {
    QUERY_HISTORY: pa.schema(
        [
            ("statement_id", _STRING),
            ("session_id", _STRING),
            ("execution_status", _STRING),
            ("compute", _COMPUTE),
            ("executed_by", _STRING),
            ("statement_text", _STRING),
            ("statement_type", _STRING),
            ("error_message", _STRING),
            ("total_duration_ms", pa.int64()),
            ("start_time", _TIMESTAMP),
            ("end_time", _TIMESTAMP),
        ]
    ),
}


def is_system_table(table: str) -> bool:
    return table in TABLES


def find(schema: str, name: str) -> str | None:
    """The key of ``system.<schema>.<name>``, if it is a system table served here."""
    key = f"{SYSTEM_CATALOG}.{schema}.{name}"
    return key if key in TABLES else None


def view_name(table: str) -> str:
    """The name a session's cursor knows the table by."""
    return "__system_" + table.split(".", 1)[1].replace(".", "_")


class HistorySource(Protocol):
    """Where ``system.query.history`` comes from (the audit log)."""

    @property
    def generation(self) -> int:
        """Changes whenever records are added."""
        ...

    def records(self) -> Sequence[dict[str, Any]]:
        """Every record, oldest first, keyed by column name."""
        ...


class SystemTables:
    def __init__(self) -> None:
        self.history: HistorySource | None = None
        self._built: dict[str, tuple[int, pa.Table]] = {}
        self._lock = threading.Lock()

    def generation(self, table: str) -> int:
        source = self.history
        # Plus one: a source's first generation differs from having none.
        return 0 if source is None else source.generation + 1

    def get(self, table: str) -> tuple[int, pa.Table]:
        """The table's generation and rows as they are now."""
        with self._lock:
            generation = self.generation(table)
            built = self._built.get(table)
            if built is None or built[0] != generation:
                source = self.history
                rows = source.records() if source is not None else ()
                built = (generation, _as_arrow(TABLES[table], rows))
                self._built[table] = built
            return built


def _as_arrow(schema: pa.Schema, rows: Sequence[dict[str, Any]]) -> pa.Table:
    return pa.Table.from_arrays(
        [pa.array([row.get(f.name) for row in rows], type=f.type) for f in schema],
        schema=schema,
    )
