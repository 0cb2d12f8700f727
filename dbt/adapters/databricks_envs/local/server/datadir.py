"""What the server keeps in the data directory: its lock and the default admin token."""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path
from typing import IO

# Dot-named so it cannot clash with the engine's files for a catalog.
_SERVER_DIR = ".server"


class DataDirBusy(Exception):
    """Another process serves this data directory."""


def _server_dir(data_dir: str | Path) -> Path:
    path = Path(data_dir) / _SERVER_DIR
    path.mkdir(parents=True, exist_ok=True)
    return path


def admin_token(data_dir: str | Path) -> str:
    """The default admin's token: made once, kept readable by the owner only."""
    path = _server_dir(data_dir) / "token"
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text(encoding="ascii").strip()
    token = "dapi" + secrets.token_hex(16)
    with os.fdopen(fd, "w", encoding="ascii") as file:
        file.write(token + "\n")
    return token


class DataDirLock:
    """An OS lock on the data directory, held while a server uses it.

    The OS drops it when the process dies, so a crash never leaves a stale lock behind.
    """

    def __init__(self, data_dir: str | Path) -> None:
        self.data_dir = Path(data_dir)
        self._file: IO[str] | None = None

    def acquire(self) -> None:
        path = _server_dir(self.data_dir) / "lock"
        file = open(path, "a+", encoding="ascii")  # noqa: SIM115 - held until release()
        try:
            _lock(file)
        except OSError:
            file.seek(0)
            holder = file.read().strip() or "unknown"
            file.close()
            raise DataDirBusy(
                f"The data directory {self.data_dir} is in use by another local warehouse "
                f"(process {holder}). Stop that process or choose another --data-dir."
            ) from None
        file.seek(0)
        file.truncate()
        file.write(str(os.getpid()))
        file.flush()
        self._file = file

    def release(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None


if sys.platform == "win32":
    import msvcrt

    def _lock(file: IO[str]) -> None:
        file.seek(0)
        msvcrt.locking(file.fileno(), msvcrt.LK_NBLCK, 1)

else:
    import fcntl

    def _lock(file: IO[str]) -> None:
        fcntl.flock(file.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
