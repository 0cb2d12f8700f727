"""Reads catalog contents from DuckDB's own catalog plus the engine metadata rows."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timezone
from typing import Any

import duckdb

from dbt.adapters.databricks_envs.local.engine import types
from dbt.adapters.databricks_envs.local.engine.storage import history, objects, policies
from dbt.adapters.databricks_envs.local.engine.storage.model import (
    MATERIALIZED_VIEW,
    TABLE,
    VIEW,
    CatalogInfo,
    ColumnInfo,
    RelationInfo,
    SchemaInfo,
)
from dbt.adapters.databricks_envs.local.engine.storage.names import (
    DUCKDB_DEFAULT_SCHEMA,
    META_SCHEMA,
    RelName,
    alias,
)

# Objects created before the engine tracked them, or by hand, get these.
_UNKNOWN_OWNER = "unknown"
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def _filters(catalog: str, schema: str | None, name: str | None, name_col: str) -> tuple[str, list]:
    sql = " WHERE database_name = ?"
    params: list[str] = [alias(catalog)]
    if schema is not None:
        sql += " AND schema_name = ?"
        params.append(schema)
        if name is not None:
            sql += f" AND {name_col} = ?"
            params.append(name)
    return sql, params


def load_catalog_info(cursor: duckdb.DuckDBPyConnection, catalog: str) -> CatalogInfo:
    row = objects.read_one(cursor, catalog, "", "")
    if row is None:
        return CatalogInfo(
            name=catalog,
            owner=_UNKNOWN_OWNER,
            created=_EPOCH,
            last_altered=_EPOCH,
            last_altered_by=_UNKNOWN_OWNER,
            comment=None,
            properties={},
        )
    return CatalogInfo(
        name=catalog,
        owner=row.owner,
        created=row.created,
        last_altered=row.last_altered,
        last_altered_by=row.last_altered_by,
        comment=row.comment,
        properties=row.properties,
        tags=dict(row.details.get("tags", {})),
    )


def load_schemas(
    cursor: duckdb.DuckDBPyConnection, catalog: str, schema: str | None = None
) -> list[SchemaInfo]:
    where, params = _filters(catalog, schema, None, "")
    names = [
        r[0]
        for r in cursor.execute(
            f"SELECT schema_name FROM duckdb_schemas(){where}", params
        ).fetchall()
    ]
    rows = {
        r.schema: r for r in objects.read(cursor, catalog, schema) if r.kind == objects.KIND_SCHEMA
    }
    result = []
    for name in names:
        row = rows.get(name)
        if name == META_SCHEMA or (name == DUCKDB_DEFAULT_SCHEMA and row is None):
            continue
        result.append(
            SchemaInfo(
                catalog=catalog,
                name=name,
                owner=row.owner if row else _UNKNOWN_OWNER,
                created=row.created if row else _EPOCH,
                last_altered=row.last_altered if row else _EPOCH,
                last_altered_by=row.last_altered_by if row else _UNKNOWN_OWNER,
                comment=row.comment if row else None,
                properties=row.properties if row else {},
                tags=dict(row.details.get("tags", {})) if row else {},
            )
        )
    return result


def load_relations(
    cursor: duckdb.DuckDBPyConnection,
    catalog: str,
    schema: str | None = None,
    name: str | None = None,
) -> list[RelationInfo]:
    """Relations of the catalog, or of one schema, or the one named."""
    table_where, params = _filters(catalog, schema, name, "table_name")
    view_where, _ = _filters(catalog, schema, name, "view_name")
    # The tables keeping earlier versions' rows are no relations (see history.py).
    table_where += f" AND NOT starts_with(table_name, '{history.HIDDEN_PREFIX}')"
    relations = cursor.execute(
        f"SELECT schema_name, table_name, '{TABLE}', comment FROM duckdb_tables(){table_where} "
        f"UNION ALL SELECT schema_name, view_name, '{VIEW}', comment FROM duckdb_views()"
        f"{view_where} AND NOT internal AND NOT temporary",
        params + params,
    ).fetchall()
    if not relations:
        return []
    rows = {(r.schema, r.name): r for r in objects.read(cursor, catalog, schema, name)}
    columns: dict[tuple[str, str], list[DuckColumn]] = defaultdict(list)
    for schema_name, table_name, column_name, data_type, is_nullable, comment in cursor.execute(
        "SELECT schema_name, table_name, column_name, data_type, is_nullable, comment "
        f"FROM duckdb_columns(){table_where} ORDER BY schema_name, table_name, column_index",
        params,
    ).fetchall():
        columns[(schema_name, table_name)].append(
            (column_name, data_type, bool(is_nullable), comment or None)
        )
    return [
        _relation(
            RelName(catalog, schema_name, relation_name),
            kind,
            comment or None,
            columns[(schema_name, relation_name)],
            rows.get((schema_name, relation_name)),
        )
        for schema_name, relation_name, kind, comment in relations
        if schema_name != META_SCHEMA
    ]


def described_relation(
    cursor: duckdb.DuckDBPyConnection,
    name: RelName,
    row: objects.ObjectRow,
    comment: str | None,
    column_comments: dict[str, str],
    query_columns: list[tuple[str, str]] | None = None,
) -> RelationInfo:
    """The relation just created, with ``row`` its metadata and these comments (by lower-case
    column name): what load_relations reads back, without DuckDB's catalog functions, which
    list every relation of every catalog. ``query_columns`` (name, DuckDB type) are the
    columns of a relation made from a query, all nullable (a view, or CREATE TABLE AS, which
    keeps no NOT NULL); without them, DESCRIBE tells."""
    kind = VIEW if row.kind == objects.KIND_VIEW else TABLE
    if row.kind == objects.KIND_MATERIALIZED_VIEW:
        kind = MATERIALIZED_VIEW
    if query_columns is not None:
        described = [(column, duck_type, True) for column, duck_type in query_columns]
    else:
        # DuckDB's catalog lists every view column as nullable; DESCRIBE looks through views.
        described = [
            (column, duck_type, kind == VIEW or null == "YES")
            for column, duck_type, null, *_ in cursor.execute(f"DESCRIBE {name.duck}").fetchall()
        ]
    columns = [
        (column, duck_type, nullable, column_comments.get(column.lower()))
        for column, duck_type, nullable in described
    ]
    return _relation(name, kind, comment, columns, row)


# A column as DuckDB describes it: name, DuckDB type, nullable, comment.
DuckColumn = tuple[str, str, bool, str | None]


def _relation(
    name: RelName,
    kind: str,
    comment: str | None,
    columns: list[DuckColumn],
    row: objects.ObjectRow | None,
) -> RelationInfo:
    details = row.details if row else {}
    if row is not None and row.kind == objects.KIND_MATERIALIZED_VIEW:
        kind = MATERIALIZED_VIEW
    declared = {k.lower(): v for k, v in details.get("declared_types", {}).items()}
    return RelationInfo(
        name=name,
        kind=kind,
        columns=tuple(
            ColumnInfo(
                name=column_name,
                type_name=declared.get(column_name.lower()) or types.databricks_name_of(data_type),
                duck_type=data_type,
                nullable=nullable,
                comment=column_comment,
            )
            for column_name, data_type, nullable, column_comment in columns
        ),
        owner=row.owner if row else _UNKNOWN_OWNER,
        created=row.created if row else _EPOCH,
        last_altered=row.last_altered if row else _EPOCH,
        last_altered_by=row.last_altered_by if row else _UNKNOWN_OWNER,
        comment=comment,
        properties=row.properties if row else {},
        provider=details.get("provider", "delta" if kind == TABLE else None),
        partition_by=tuple(details.get("partition_by", ())),
        cluster_by=tuple(details.get("cluster_by", ())),
        cluster_auto=bool(details.get("cluster_auto", False)),
        object_id=str(details.get("id", "")),
        view_text=details.get("view_text"),
        constraints=tuple(tuple(c) for c in details.get("constraints", ())),
        tags=dict(details.get("tags", {})),
        column_tags=_by_column(details.get("column_tags", {}), columns),
        row_filter=policies.row_filter_of(details),
        column_masks=policies.masks_of(details, {c[0].lower() for c in columns}),
        reads=tuple(RelName(*r.split(".", 2)) for r in details.get("reads", ())),
        clone_kind=(details.get("clone") or {}).get("kind"),
        refresh_schedule=details.get("refresh_schedule"),
        last_refreshed=details.get("last_refreshed"),
        location=details.get("location"),
        options=dict(details.get("options", {})),
        created_as=_created_as(details),
    )


def _created_as(details: dict[str, Any]) -> tuple[str, dict[str, str]] | None:
    found = details.get(history.CREATED_AS)
    return (found["operation"], dict(found["parameters"])) if found else None


def _by_column(found: dict[str, Any], columns: list[DuckColumn]) -> dict[str, Any]:
    """Per-column metadata of the columns the relation has, under their names as stored."""
    names = {column[0].lower(): column[0] for column in columns}
    return {names[k.lower()]: v for k, v in found.items() if k.lower() in names}
