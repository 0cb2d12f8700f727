"""The audit log file: ``<data dir>/audit/query_history.jsonl``, one record per line.

Append-only. Each record is written whole by one ``write`` on a file opened for appending, before
the client can see its statement's outcome, so a reader (this process or another) right after
a statement finds it; a reader keeps only complete lines. The file outlives the warehouse: a
warehouse started again on the same data directory appends to it.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable
from pathlib import Path

from .record import Record, decode, encode

AUDIT_DIR = "audit"
AUDIT_FILE = "query_history.jsonl"


def audit_path(data_dir: str | Path) -> Path:
    """Where the warehouse on ``data_dir`` keeps its audit log."""
    return Path(data_dir) / AUDIT_DIR / AUDIT_FILE


def read_audit(
    data_dir: str | Path, executed_by: str | None = None, session_id: str | None = None
) -> list[Record]:
    """The records of the warehouse on ``data_dir`` (running or not), oldest first,
    optionally only those of one principal (``executed_by``) or one session."""
    return select(_Reader(audit_path(data_dir)).read(), executed_by, session_id)


def select(
    records: Iterable[Record], executed_by: str | None = None, session_id: str | None = None
) -> list[Record]:
    return [
        r
        for r in records
        if (executed_by is None or r.get("executed_by") == executed_by)
        and (session_id is None or r.get("session_id") == session_id)
    ]


class AuditLog:
    """The log of one running warehouse: it appends records, and reads them back for
    ``system.query.history``."""

    def __init__(self, data_dir: str | Path) -> None:
        self.path = audit_path(data_dir)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        self._lock = threading.Lock()
        self._appended = 0
        self._reader = _Reader(self.path)
        self._reading = threading.Lock()
        self._end_torn_line()

    @property
    def generation(self) -> int:
        """Changes whenever a record is appended."""
        return self._appended

    def append(self, record: Record) -> None:
        line = encode(record)
        with self._lock:
            if self._fd < 0:
                return
            _write_all(self._fd, line)
            self._appended += 1

    def records(self) -> list[Record]:
        """Every record, oldest first (shared dictionaries: copy one to change it)."""
        with self._reading:
            return self._reader.read()

    def close(self) -> None:
        with self._lock:
            if self._fd >= 0:
                try:
                    os.fsync(self._fd)
                finally:
                    os.close(self._fd)
                    self._fd = -1

    def _end_torn_line(self) -> None:
        """A warehouse that died mid-write may have left half a line: end it, so the next
        record starts on a line of its own (readers skip the torn one)."""
        size = os.fstat(self._fd).st_size
        if size:
            with open(self.path, "rb") as file:
                file.seek(size - 1)
                if file.read(1) != b"\n":
                    _write_all(self._fd, b"\n")


class _Reader:
    """Reads the records appended since it last read, and keeps them."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._offset = 0
        self._records: list[Record] = []

    def read(self) -> list[Record]:
        try:
            with open(self._path, "rb") as file:
                file.seek(self._offset)
                data = file.read()
        except FileNotFoundError:
            data = b""
        end = data.rfind(b"\n")
        if end >= 0:
            for line in data[:end].split(b"\n"):
                record = decode(line) if line.strip() else None
                if record is not None:
                    self._records.append(record)
            self._offset += end + 1
        return list(self._records)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]
