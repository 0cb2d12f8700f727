"""The SQL warehouses' states: RUNNING, STOPPED, STARTING, DELETED, as a workspace shows them.

A STOPPED warehouse starts when a request arrives for it, as a real one does: the request waits
its start-up time (``startup_seconds``), while the REST API shows it STARTING. A DELETED or
unknown warehouse answers nothing: its requests fail at once.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence

from .config import Warehouse

RUNNING = "RUNNING"
STOPPED = "STOPPED"
STARTING = "STARTING"
DELETED = "DELETED"


class Compute:
    def __init__(
        self, warehouses: Sequence[Warehouse], sleep: Callable[[float], None] = time.sleep
    ) -> None:
        self._warehouses = {w.id: w for w in warehouses}
        self._states = {w.id: w.state for w in warehouses}
        self._startup = {w.id: w.startup_seconds for w in warehouses}
        self._sleep = sleep
        self._changed = threading.Condition()

    def warehouses(self) -> list[Warehouse]:
        """Every warehouse not deleted, in declaration order."""
        return [w for w in self._warehouses.values() if self._states[w.id] != DELETED]

    def warehouse(self, warehouse_id: str) -> Warehouse | None:
        """The warehouse, unless it is unknown or deleted."""
        found = self._warehouses.get(warehouse_id)
        return found if found is not None and self._states[found.id] != DELETED else None

    def state(self, warehouse_id: str) -> str | None:
        return self._states.get(warehouse_id)

    def set_state(self, warehouse_id: str, state: str) -> None:
        with self._changed:
            self._states[warehouse_id] = state
            self._changed.notify_all()

    def set_startup_seconds(self, warehouse_id: str, seconds: float) -> None:
        self._startup[warehouse_id] = seconds

    def start(self, warehouse_id: str) -> None:
        """Starts a stopped warehouse in the background (the REST API's ``start``)."""
        threading.Thread(target=self.ready, args=(warehouse_id,), daemon=True).start()

    def ready(self, warehouse_id: str) -> bool:
        """Waits until the warehouse runs, starting it if it is stopped; False if it is
        unknown or deleted."""
        with self._changed:
            state = self._states.get(warehouse_id)
            if state is None or state == DELETED:
                return False
            if state == RUNNING:
                return True
            if state == STARTING:
                self._changed.wait_for(lambda: self._states[warehouse_id] != STARTING)
                return self._states[warehouse_id] == RUNNING
            self._states[warehouse_id] = STARTING
            self._changed.notify_all()
        self._sleep(self._startup.get(warehouse_id, 0.0))
        with self._changed:
            if self._states[warehouse_id] == STARTING:
                self._states[warehouse_id] = RUNNING
            self._changed.notify_all()
            return self._states[warehouse_id] == RUNNING
