"""Sessions and operations: what the protocol's handles point to, and their life cycle."""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from databricks.sql.thrift_api.TCLIService import ttypes

from ..api import Principal, Result, Session, WarehouseError
from .results import ResultSet

logger = logging.getLogger(__name__)

_S = ttypes.TOperationState
_RUNNING_STATES = (_S.PENDING_STATE, _S.RUNNING_STATE)

CANCELED = WarehouseError(
    "OPERATION_CANCELED",
    "HY008",
    "[OPERATION_CANCELED] The statement was canceled. SQLSTATE: HY008",
)


class InvalidHandle(Exception):
    """A handle names no open session or operation of the caller."""


def _now_ms() -> int:
    return int(time.time() * 1000)


def _says_yes(question: Callable[[], bool]) -> bool:
    """The answer; no if it cannot be had (a worker then runs the statement, and reports its
    error)."""
    try:
        return question()
    except Exception:
        return False


class SessionEntry:
    def __init__(
        self, session: Session, principal: Principal, warehouse_id: str | None = None
    ) -> None:
        self.guid = os.urandom(16)
        self.secret = os.urandom(16)
        self.session = session
        self.principal = principal
        # The warehouse the session was opened on.
        self.warehouse_id = warehouse_id
        # The engine runs one statement at a time per session, as a SQL warehouse does.
        self.lock = threading.Lock()
        self.operations: set[bytes] = set()

    def handle(self) -> ttypes.TSessionHandle:
        return ttypes.TSessionHandle(
            sessionId=ttypes.THandleIdentifier(guid=self.guid, secret=self.secret)
        )


Work = Callable[[Session], Result]
# Told of each operation as it ends, with its final state and error, before anybody can see
# them (the audit log: see audit.py).
OnEnd = Callable[["Operation", int, WarehouseError | None], None]


class Operation:
    """One statement (or metadata call), run by a worker, its rows served page by page."""

    def __init__(
        self,
        entry: SessionEntry,
        operation_type: int,
        work: Work,
        arrow_types: ttypes.TSparkArrowTypes | None,
        row_limit: int | None,
        text: str = "",
        kind: str | None = None,
    ) -> None:
        """``text`` is the statement as received (for a catalog call, a description of it)
        and ``kind`` its statement type, if not to be read off the text."""
        self.guid = os.urandom(16)
        self.secret = os.urandom(16)
        self.entry = entry
        self.operation_type = operation_type
        self.state = _S.PENDING_STATE
        self.result: ResultSet | None = None
        self.error: WarehouseError | None = None
        self.rows_affected: int | None = None
        self.offset = 0
        self.started = _now_ms()
        self.started_at = time.time()
        self.completed = 0
        self.text = text
        self.kind = kind
        self.on_end: OnEnd | None = None
        self._work = work
        self._arrow_types = arrow_types
        self._row_limit = row_limit
        self._done = threading.Event()
        self._state_lock = threading.Lock()

    def handle(self) -> ttypes.TOperationHandle:
        return ttypes.TOperationHandle(
            operationId=ttypes.THandleIdentifier(guid=self.guid, secret=self.secret),
            operationType=self.operation_type,
            hasResultSet=True,
        )

    def run(self) -> None:
        """Runs in a worker thread."""
        with self.entry.lock:
            self._run()

    def run_here_if(self, quick: Callable[[], bool]) -> bool:
        """Runs the operation in the calling thread if its session is idle and ``quick()``
        says it reads catalog metadata only; returns whether it ran. Such a statement is over
        in a moment: handing it to a worker and waiting for it would cost more than running
        it, and there is nothing a cancel could stop in time."""
        if not self.entry.lock.acquire(blocking=False):
            return False
        try:
            if not _says_yes(quick):
                return False
            self._run()
            return True
        finally:
            self.entry.lock.release()

    def _run(self) -> None:
        """Runs holding the session's lock."""
        with self._state_lock:
            if self.state != _S.PENDING_STATE:
                return
            self.state = _S.RUNNING_STATE
        try:
            result = self._work(self.entry.session)
            rows = result.table
            if self._row_limit and self._row_limit > 0:
                rows = rows.slice(0, self._row_limit)
            result_set = ResultSet(result.columns, rows, self._arrow_types)
            self._finish(_S.FINISHED_STATE, result_set=result_set, rows=result.rows_affected)
        except WarehouseError as exc:
            self._finish(_S.ERROR_STATE, error=exc)
        except Exception as exc:
            logger.exception("The local warehouse failed on a statement")
            self._finish(
                _S.ERROR_STATE,
                error=WarehouseError(
                    "INTERNAL_ERROR",
                    "XX000",
                    f"[INTERNAL_ERROR] The local warehouse failed: {exc!r} SQLSTATE: XX000",
                ),
            )

    def _finish(
        self,
        state: int,
        result_set: ResultSet | None = None,
        rows: int | None = None,
        error: WarehouseError | None = None,
    ) -> None:
        with self._state_lock:
            if self.state == _S.RUNNING_STATE:
                self._ended(state, error)
                self.state = state
                self.result = result_set
                self.rows_affected = rows
                self.error = error
            self.completed = _now_ms()
        self._done.set()

    def wait(self, timeout: float | None) -> bool:
        return self._done.wait(timeout)

    @property
    def running(self) -> bool:
        return self.state in _RUNNING_STATES

    def cancel(self) -> None:
        with self._state_lock:
            if self.state not in _RUNNING_STATES:
                return
            self._ended(_S.CANCELED_STATE, None)
            was_running = self.state == _S.RUNNING_STATE
            self.state = _S.CANCELED_STATE
            self.error = CANCELED
            self.completed = _now_ms()
            if was_running:
                # Under the lock: the worker cannot finish and start the session's next
                # statement before the interrupt lands on this one.
                self.entry.session.interrupt()
        if not was_running:
            self._done.set()

    def _ended(self, state: int, error: WarehouseError | None) -> None:
        if self.on_end is not None:
            self.on_end(self, state, error)

    def status(self) -> ttypes.TGetOperationStatusResp:
        error = self.error if self.state in (_S.ERROR_STATE, _S.CANCELED_STATE) else None
        return ttypes.TGetOperationStatusResp(
            status=ttypes.TStatus(statusCode=ttypes.TStatusCode.SUCCESS_STATUS),
            operationState=self.state,
            sqlState=error.sqlstate if error else None,
            errorCode=0 if error else None,
            errorMessage=error.message if error else None,
            displayMessage=error.message if error else None,
            operationStarted=self.started,
            operationCompleted=self.completed or None,
            hasResultSet=self.result is not None,
            numModifiedRows=self.rows_affected,
        )


class Registry:
    """Open sessions and operations by handle, and the workers that run statements."""

    def __init__(self, max_workers: int = 64, on_end: OnEnd | None = None) -> None:
        self._on_end = on_end
        self._sessions: dict[bytes, SessionEntry] = {}
        self._operations: dict[bytes, Operation] = {}
        self._lock = threading.Lock()
        self._workers = ThreadPoolExecutor(max_workers, thread_name_prefix="local-warehouse")

    def add_session(self, entry: SessionEntry) -> None:
        with self._lock:
            self._sessions[entry.guid] = entry

    def session(self, handle: ttypes.TSessionHandle | None, principal: Principal) -> SessionEntry:
        ident = handle.sessionId if handle else None
        entry = self._sessions.get(ident.guid) if ident else None
        if entry is None or ident is None or ident.secret != entry.secret:
            raise InvalidHandle("Invalid SessionHandle: the session does not exist or was closed.")
        if entry.principal != principal:
            raise InvalidHandle("Invalid SessionHandle: the session belongs to another user.")
        return entry

    def start(self, operation: Operation, quick: Callable[[], bool] | None = None) -> None:
        """Runs the operation on a worker, or at once in this thread if ``quick`` says it
        reads catalog metadata only (see Operation.run_here_if)."""
        operation.on_end = self._on_end
        with self._lock:
            self._operations[operation.guid] = operation
            operation.entry.operations.add(operation.guid)
        if quick is None or not operation.run_here_if(quick):
            self._workers.submit(operation.run)

    def operation(self, handle: ttypes.TOperationHandle | None, principal: Principal) -> Operation:
        operation = self.open_operation(handle, principal)
        if operation is None:
            raise InvalidHandle(
                "Invalid OperationHandle: the operation does not exist or was closed."
            )
        return operation

    def open_operation(
        self, handle: ttypes.TOperationHandle | None, principal: Principal
    ) -> Operation | None:
        """The operation, or None once it is closed (or never was)."""
        ident = handle.operationId if handle else None
        operation = self._operations.get(ident.guid) if ident else None
        if operation is None or ident is None or ident.secret != operation.secret:
            return None
        if operation.entry.principal != principal:
            raise InvalidHandle("Invalid OperationHandle: the operation belongs to another user.")
        return operation

    def close_operation(self, operation: Operation) -> None:
        operation.cancel()
        with self._lock:
            self._operations.pop(operation.guid, None)
            operation.entry.operations.discard(operation.guid)

    def close_session(self, entry: SessionEntry) -> None:
        with self._lock:
            self._sessions.pop(entry.guid, None)
            operations = [self._operations.pop(guid, None) for guid in entry.operations]
            entry.operations.clear()
        for operation in operations:
            if operation is not None:
                operation.cancel()
        # Closing waits for a statement still running in the session to let go of it.
        with entry.lock:
            entry.session.close()

    def close(self) -> None:
        with self._lock:
            entries = list(self._sessions.values())
        for entry in entries:
            self.close_session(entry)
        self._workers.shutdown(wait=True, cancel_futures=True)
