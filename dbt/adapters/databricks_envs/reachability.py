"""Failing in seconds when the Databricks host cannot be reached.

Unreached, the Databricks SDK retries its host-metadata call (``/.well-known/databricks-config``)
for five minutes before dbt sees an error. One bounded probe per host and process comes first.
"""

from __future__ import annotations

import socket
import threading
from urllib.parse import urlsplit

from dbt_common.exceptions import DbtRuntimeError

PROBE_SECONDS = 8.0
_reached: set[str] = set()
_lock = threading.Lock()


def address(host: str) -> tuple[str, int]:
    """The (hostname, port) a profile's ``host`` points at (``https://`` unless it says so)."""
    url = urlsplit(host if "://" in host else f"https://{host}")
    default = 80 if url.scheme == "http" else 443
    return url.hostname or host, url.port or default


def ensure_reachable(host: str, timeout: float = PROBE_SECONDS) -> None:
    """Raises a DbtRuntimeError naming the host unless a TCP connection to it opens in time.

    Name resolution cannot be given a timeout, so the probe runs on a thread and is abandoned
    after ``timeout`` seconds.
    """
    with _lock:
        if host in _reached:
            return
    hostname, port = address(host)
    outcome: list[BaseException | None] = []

    def probe() -> None:
        try:
            socket.create_connection((hostname, port), timeout=timeout).close()
            outcome.append(None)
        except OSError as error:
            outcome.append(error)

    worker = threading.Thread(target=probe, name=f"reach-{hostname}", daemon=True)
    worker.start()
    worker.join(timeout)
    if not outcome or outcome[0] is not None:
        reason = f"no answer within {timeout:.0f} s" if not outcome else str(outcome[0])
        raise DbtRuntimeError(
            f"Cannot reach the Databricks host {host} ({hostname}:{port}): {reason}. "
            "Check `host` in the profile and your network; for a local warehouse, check it "
            "is running (`dbt-databricks-envs local serve`)."
        )
    with _lock:
        _reached.add(host)
