"""What every write to a table calls to commit a version of it (see storage/history.py), and
the operation names and parameters DESCRIBE HISTORY shows for each statement
(https://docs.databricks.com/aws/en/tables/history-schema)."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

from dbt.adapters.databricks_envs.local.engine.plan import Runtime
from dbt.adapters.databricks_envs.local.engine.storage import history
from dbt.adapters.databricks_envs.local.engine.storage.history import Operation, TableVersions
from dbt.adapters.databricks_envs.local.engine.storage.model import RelationInfo
from dbt.adapters.databricks_envs.local.engine.storage.names import RelName


def key_of(info: RelationInfo) -> str:
    """A table's history follows its id (kept through CREATE OR REPLACE and renames)."""
    return info.object_id or f"{info.name.schema}.{info.name.name}"


def known(rt: Runtime, name: RelName, key: str) -> TableVersions:
    return rt.mirror.versions.get(rt.cursor, name.catalog, key)


def commit(
    rt: Runtime,
    name: RelName,
    key: str,
    operation: Operation,
    before: TableVersions,
    kept: RelName | None = None,
) -> None:
    """Records the version; the tracker learns of it once it is committed."""
    after = history.commit(
        rt.cursor, name, key, operation, rt.principal.name, rt.now(), before, kept
    )
    rt.after_commit(lambda: rt.mirror.versions.put(name.catalog, key, after))


def origin(info: RelationInfo) -> history.Origin:
    """What describes the table's version 0 (see storage/history.py)."""
    if info.created_as is None:
        return history.Origin(info.created, info.owner)
    operation, parameters = info.created_as
    return history.Origin(info.created, info.owner, operation, parameters)


def row_write(rt: Runtime, info: RelationInfo) -> tuple[TableVersions, RelName | None]:
    """Before rows change: what is known of the table's versions, and a copy of its rows,
    kept for the version they belong to."""
    before = known(rt, info.name, key_of(info))
    return before, history.keep_copy(rt.cursor, info.name, key_of(info), before)


def commit_rows(
    rt: Runtime,
    info: RelationInfo,
    operation: Operation,
    prepared: tuple[TableVersions, RelName | None],
) -> None:
    before, kept = prepared
    commit(rt, info.name, key_of(info), operation, before, kept)


def metadata_change(rt: Runtime, info: RelationInfo, operation: Operation | None) -> None:
    """ALTER TABLE and the like: a version whose rows are the previous version's."""
    if operation is not None and not info.is_view:
        key = key_of(info)
        change = Operation(operation.name, operation.parameters, changes_data=False)
        commit(rt, info.name, key, change, known(rt, info.name, key))


def forget(rt: Runtime, info: RelationInfo) -> None:
    """DROP TABLE: its history ends."""
    key = key_of(info)
    history.forget(rt.cursor, info.name, key)
    rt.after_commit(lambda: rt.mirror.versions.put(info.name.catalog, key, None))


def _json(value: object) -> str:
    return json.dumps(value, separators=(",", ":"))


def create(
    replace: bool,
    as_select: bool,
    partition_by: Sequence[str],
    cluster_by: Sequence[str],
    comment: str | None,
    properties: Mapping[str, str],
) -> Operation:
    name = "CREATE OR REPLACE TABLE" if replace else "CREATE TABLE"
    parameters = {
        "isManaged": "true",
        "description": comment,
        "partitionBy": _json(list(partition_by)),
        "clusterBy": _json(list(cluster_by)),
        "properties": _json(dict(properties)),
        "statsOnLoad": "false",
    }
    return Operation(
        name + (" AS SELECT" if as_select else ""),
        {k: v for k, v in parameters.items() if v is not None},
    )


def write(mode: str, counts: Mapping[str, int], predicate: str | None = None) -> Operation:
    parameters = {"mode": mode, "statsOnLoad": "false", "partitionBy": "[]"}
    if predicate is not None:
        parameters["predicate"] = _json([predicate])
    inserted = counts.get("num_inserted_rows", counts.get("num_affected_rows", 0))
    return Operation(
        "WRITE",
        parameters,
        {"numFiles": "1", "numOutputRows": str(inserted)},
        blind_append=mode == "Append",
    )


def merge(predicate: str, counts: Mapping[str, int]) -> Operation:
    return Operation(
        "MERGE",
        {"predicate": _json([predicate])},
        {
            "numTargetRowsInserted": str(counts.get("num_inserted_rows", 0)),
            "numTargetRowsUpdated": str(counts.get("num_updated_rows", 0)),
            "numTargetRowsDeleted": str(counts.get("num_deleted_rows", 0)),
            "numOutputRows": str(
                counts.get("num_inserted_rows", 0) + counts.get("num_updated_rows", 0)
            ),
        },
    )


def update_or_delete(kind: str, predicate: str | None, affected: int) -> Operation:
    metric = "numUpdatedRows" if kind == "UPDATE" else "numDeletedRows"
    return Operation(
        kind,
        {"predicate": _json([predicate] if predicate else [])},
        {metric: str(affected)},
    )


def truncate() -> Operation:
    return Operation("TRUNCATE")


def alter(name: str, parameters: Mapping[str, object] | None = None) -> Operation:
    found = {k: v if isinstance(v, str) else _json(v) for k, v in (parameters or {}).items()}
    return Operation(name, found, changes_data=False)
