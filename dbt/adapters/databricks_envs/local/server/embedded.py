"""Starting a warehouse next to its user: in this process, or in a child process."""

from __future__ import annotations

import atexit
import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from .config import load_config
from .datadir import admin_token
from .warehouse import EngineFactory, LocalWarehouse, duckdb_engine, open_warehouse

# `local serve` prints its address, then a profile, and ends the banner with READY_LINE
# once it accepts connections.
READY_LINE = "Press Ctrl+C to stop."
ADDRESS_LINE = re.compile(r"^\s*address:\s+(?P<url>http://[\d.]+:(?P<port>\d+))\s*$")


def start_embedded(
    data_dir: str | Path,
    config_path: str | Path | None = None,
    engine_factory: EngineFactory = duckdb_engine,
) -> LocalWarehouse:
    """A warehouse on 127.0.0.1 and a free port, served by background threads of this process.

    The handle gives ``port``, ``base_url``, ``http_path``, ``connection_uri``, ``token`` and
    ``warehouse_id``; ``stop()`` closes it, and it is stopped when the process exits, so
    the engine always flushes its data.
    """
    warehouse = open_warehouse(data_dir, config_path, port=0, engine_factory=engine_factory)
    warehouse.start()
    atexit.register(warehouse.stop)
    return warehouse


class ServerProcess:
    """``dbt-databricks-envs local serve`` in a child process, on a free port."""

    def __init__(
        self,
        data_dir: str | Path,
        config_path: str | Path | None = None,
        timeout: float = 30.0,
    ) -> None:
        self.data_dir = Path(data_dir)
        command = [
            sys.executable,
            "-m",
            "dbt.adapters.databricks_envs.cli",
            "local",
            "serve",
            "--data-dir",
            str(self.data_dir),
            "--port",
            "0",
        ]
        if config_path is not None:
            command += ["--config", str(config_path)]
        self.process = subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        self.output: list[str] = []
        self.base_url, self.port = self._wait_for_address(timeout)
        # Keep reading, so a chatty server never blocks on a full pipe.
        self._drainer = threading.Thread(target=self._drain, daemon=True)
        self._drainer.start()
        config = load_config(config_path)
        self.warehouse_id = config.warehouse_id
        self.token = (
            admin_token(self.data_dir) if config.tokens is None else next(iter(config.tokens))
        )

    @property
    def http_path(self) -> str:
        return f"/sql/1.0/warehouses/{self.warehouse_id}"

    @property
    def connection_uri(self) -> str:
        return self.base_url + self.http_path

    def _wait_for_address(self, timeout: float) -> tuple[str, int]:
        assert self.process.stdout is not None
        deadline = time.monotonic() + timeout
        address: tuple[str, int] | None = None
        # The banner ends with "Press Ctrl+C": read it whole, so callers see all of it.
        while time.monotonic() < deadline:
            line = self.process.stdout.readline()
            if not line:
                break
            self.output.append(line)
            match = ADDRESS_LINE.match(line)
            if match:
                address = match.group("url"), int(match.group("port"))
            if address is not None and line.startswith(READY_LINE):
                return address
        self.process.kill()
        rest, _ = self.process.communicate()
        raise RuntimeError(f"The local warehouse did not start:\n{''.join(self.output)}{rest}")

    def _drain(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.output.append(line)

    def stop(self, timeout: float = 30.0) -> int:
        """Sends SIGTERM and waits: the exit code of a clean stop is 0."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        # The pipe closes with the process: after this, `output` holds everything it printed.
        self._drainer.join(timeout)
        return self.process.returncode

    def __enter__(self) -> ServerProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
