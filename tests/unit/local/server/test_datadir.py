"""The data directory: one server at a time, and a token that outlives restarts."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from dbt.adapters.databricks_envs.local.server.datadir import DataDirBusy, DataDirLock, admin_token


def test_the_admin_token_is_made_once_and_private(tmp_path: Path) -> None:
    token = admin_token(tmp_path)
    assert token.startswith("dapi") and len(token) == 36
    assert admin_token(tmp_path) == token
    if os.name == "posix":
        mode = stat.S_IMODE((tmp_path / ".server" / "token").stat().st_mode)
        assert mode == 0o600


def test_a_second_lock_on_the_same_directory_is_refused(tmp_path: Path) -> None:
    first = DataDirLock(tmp_path)
    first.acquire()
    try:
        with pytest.raises(
            DataDirBusy, match=f"in use by another local warehouse \\(process {os.getpid()}\\)"
        ):
            DataDirLock(tmp_path).acquire()
    finally:
        first.release()
    again = DataDirLock(tmp_path)
    again.acquire()
    again.release()


def test_the_lock_goes_with_the_process(tmp_path: Path) -> None:
    holder = (
        "import sys; from dbt.adapters.databricks_envs.local.server.datadir import DataDirLock;"
        "lock = DataDirLock(sys.argv[1]); lock.acquire(); print('locked', flush=True);"
        "sys.stdin.read()"
    )
    process = subprocess.Popen(
        [sys.executable, "-c", holder, str(tmp_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None and process.stdout.readline() == "locked\n"
        with pytest.raises(DataDirBusy, match=f"process {process.pid}"):
            DataDirLock(tmp_path).acquire()
    finally:
        process.kill()
        process.wait()
    lock = DataDirLock(tmp_path)
    lock.acquire()
    lock.release()
