"""What the server tells the audit log (``local/audit/``) about each operation as it ends.

Every ExecuteStatement and catalog call (GetCatalogs, GetSchemas, GetTables, GetColumns) is an
operation; its record is appended when it ends (finished, failed, or cancelled, closed or its
session closed while it ran), before the client can see the outcome. Ids are written as the
connector writes them (``cursor.query_id``, ``connection.get_session_id_hex()``).
"""

from __future__ import annotations

import functools
import logging
import time
import uuid
from typing import TYPE_CHECKING

from databricks.sql.thrift_api.TCLIService import ttypes

from ..api import WarehouseError
from ..audit import CANCELED, FAILED, FINISHED, AuditLog, statement_record

if TYPE_CHECKING:
    from .operations import Operation

logger = logging.getLogger(__name__)

_S = ttypes.TOperationState
_STATUS = {_S.FINISHED_STATE: FINISHED, _S.ERROR_STATE: FAILED, _S.CANCELED_STATE: CANCELED}


def hex_id(guid: bytes) -> str:
    """A handle's guid as the connector shows it: ``01ee1d29-a419-1db6-a9c0-8df1feba42dd``."""
    return str(uuid.UUID(bytes=guid))


# A session's id, written with each of its statements, is formatted once.
_session_id = functools.lru_cache(maxsize=1024)(hex_id)


# The arguments of the catalog calls, as recorded, and the request fields holding them.
_CALL_ARGUMENTS = (
    ("catalog", "catalogName"),
    ("schema", "schemaName"),
    ("table", "tableName"),
    ("column", "columnName"),
    ("types", "tableTypes"),
)


def catalog_call(req: object) -> str:
    """The statement text recorded for a catalog call, from its request (``TGetTablesReq``):
    ``GetTables(catalog=dev, schema=s)``, with the arguments the connector sent."""
    name = type(req).__name__.removeprefix("T").removesuffix("Req")
    given = []
    for label, field in _CALL_ARGUMENTS:
        value = getattr(req, field, None)
        if value is not None:
            given.append(f"{label}={','.join(value) if isinstance(value, list) else value}")
    return f"{name}({', '.join(given)})"


class StatementRecorder:
    """Called by an operation as it ends (see ``Operation.on_end``)."""

    def __init__(self, log: AuditLog) -> None:
        self.log = log

    def __call__(self, operation: Operation, state: int, error: WarehouseError | None) -> None:
        entry = operation.entry
        try:
            self.log.append(
                statement_record(
                    statement_id=hex_id(operation.guid),
                    session_id=_session_id(entry.guid),
                    executed_by=entry.principal.name,
                    warehouse_id=entry.warehouse_id,
                    text=operation.text,
                    kind=operation.kind,
                    status=_STATUS[state],
                    error_message=error.message if error is not None else None,
                    start=operation.started_at,
                    end=time.time(),
                )
            )
        except Exception:
            # The statement's outcome stands; only its record is lost, and said so.
            logger.exception("The audit log could not record a statement")
