"""One statement's record: the columns of Databricks' ``system.query.history`` the local
warehouse knows, in its names and order.

Stored as one JSON object per line; timestamps as ISO 8601 UTC text there, ``datetime`` values
(UTC) once read back. ``compute`` is a struct, as on Databricks:
``{"type": "WAREHOUSE", "cluster_id": null, "warehouse_id": "<id>"}``.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any

from .classify import METADATA, statement_type
from .redact import redact

FINISHED = "FINISHED"
FAILED = "FAILED"
CANCELED = "CANCELED"

COLUMNS = (
    "statement_id",
    "session_id",
    "execution_status",
    "compute",
    "executed_by",
    "statement_text",
    "statement_type",
    "error_message",
    "total_duration_ms",
    "start_time",
    "end_time",
)
_TIMES = ("start_time", "end_time")

Record = dict[str, Any]


def statement_record(
    *,
    statement_id: str,
    session_id: str,
    executed_by: str,
    warehouse_id: str | None,
    text: str,
    status: str,
    error_message: str | None,
    start: float,
    end: float,
    kind: str | None = None,
) -> Record:
    """The record of a statement (``kind`` None: classified from ``text``), secrets redacted.

    ``start`` and ``end`` are epoch seconds; ``error_message`` is kept for FAILED only.
    """
    kind = kind or statement_type(text)
    return {
        "statement_id": statement_id,
        "session_id": session_id,
        "execution_status": status,
        "compute": {"type": "WAREHOUSE", "cluster_id": None, "warehouse_id": warehouse_id},
        "executed_by": executed_by,
        "statement_text": text if kind == METADATA else redact(text),
        "statement_type": kind,
        "error_message": redact(error_message) if status == FAILED and error_message else None,
        "total_duration_ms": max(0, round((end - start) * 1000)),
        "start_time": _iso(start),
        "end_time": _iso(end),
    }


def encode(record: Record) -> bytes:
    """The record as one line of the log, newline included."""
    return (json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n").encode()


def decode(line: bytes) -> Record | None:
    """A record read back, its times as UTC datetimes; None for a line that is not one (the
    torn last line of a warehouse that crashed mid-write)."""
    try:
        record = json.loads(line)
        if not isinstance(record, dict):
            return None
        for name in _TIMES:
            record[name] = datetime.fromisoformat(record[name])
    except (ValueError, KeyError, TypeError):
        return None
    return record


def _iso(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, timezone.utc).isoformat(timespec="microseconds")
