"""The local warehouse's audit log: every statement it received and what became of it.

The server records each statement (and each catalog call of the connector) as it ends, in
``<data dir>/audit/query_history.jsonl``; the engine serves the same records as
``system.query.history``. ``read_audit(data_dir)`` reads them without a running warehouse.

Standard library only, so a test can read a log without loading the warehouse.
"""

from .classify import METADATA, OTHER, STATEMENT_TYPES, statement_type
from .log import AUDIT_FILE, AuditLog, audit_path, read_audit, select
from .record import CANCELED, COLUMNS, FAILED, FINISHED, Record, statement_record
from .redact import redact

__all__ = [
    "AUDIT_FILE",
    "CANCELED",
    "COLUMNS",
    "FAILED",
    "FINISHED",
    "METADATA",
    "OTHER",
    "STATEMENT_TYPES",
    "AuditLog",
    "Record",
    "audit_path",
    "read_audit",
    "redact",
    "select",
    "statement_record",
    "statement_type",
]
