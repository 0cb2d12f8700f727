"""DESCRIBE HISTORY's result: the columns Databricks documents, newest version first
(https://docs.databricks.com/aws/en/tables/history-schema)."""

from __future__ import annotations

from collections.abc import Sequence

import pyarrow as pa

from dbt.adapters.databricks_envs.local.api import Column, Result
from dbt.adapters.databricks_envs.local.engine.plan import arrow_type
from dbt.adapters.databricks_envs.local.engine.storage.history import Version

_STRING_MAP = "map<string,string>"
_JOB_FIELDS = ("jobId", "jobName", "jobRunId", "runId", "jobOwnerId", "triggerType")
_JOB = "struct<" + ",".join(f"{f}:string" for f in _JOB_FIELDS) + ">"
_NOTEBOOK = "struct<notebookId:string>"

# (name, Databricks type, Arrow type)
_COLUMNS: tuple[tuple[str, str, pa.DataType], ...] = (
    ("version", "bigint", pa.int64()),
    ("timestamp", "timestamp", arrow_type("timestamp")),
    ("userId", "string", pa.string()),
    ("userName", "string", pa.string()),
    ("operation", "string", pa.string()),
    ("operationParameters", _STRING_MAP, pa.map_(pa.string(), pa.string())),
    ("job", _JOB, pa.struct([pa.field(f, pa.string()) for f in _JOB_FIELDS])),
    ("notebook", _NOTEBOOK, pa.struct([pa.field("notebookId", pa.string())])),
    ("clusterId", "string", pa.string()),
    ("readVersion", "bigint", pa.int64()),
    ("isolationLevel", "string", pa.string()),
    ("isBlindAppend", "boolean", pa.bool_()),
    ("operationMetrics", _STRING_MAP, pa.map_(pa.string(), pa.string())),
    ("userMetadata", "string", pa.string()),
)


def describe_history(versions: Sequence[Version]) -> Result:
    values = [
        [v.version for v in versions],
        [v.timestamp for v in versions],
        # Who ran it is known by name only here.
        [None for _ in versions],
        [v.user_name for v in versions],
        [v.operation for v in versions],
        [list(v.parameters.items()) for v in versions],
        [None for _ in versions],
        [None for _ in versions],
        [None for _ in versions],
        [v.read_version for v in versions],
        [v.isolation_level for v in versions],
        [v.blind_append for v in versions],
        [list(v.metrics.items()) for v in versions],
        [None for _ in versions],
    ]
    arrays = [
        pa.array(column, type=arrow) for column, (_, _, arrow) in zip(values, _COLUMNS, strict=True)
    ]
    schema = pa.schema([pa.field(name, arrow) for name, _, arrow in _COLUMNS])
    return Result(
        columns=[Column(name, type_name) for name, type_name, _ in _COLUMNS],
        table=pa.Table.from_arrays(arrays, schema=schema),
    )
