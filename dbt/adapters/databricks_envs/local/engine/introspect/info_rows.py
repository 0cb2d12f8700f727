"""The rows of the information_schema tables that are built from the catalog mirror: whole
tables from the mirror (catalogs, schemata, tags of catalogs and schemas), or rows per relation
(tables, columns, views, tags, row filters and column masks)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from dbt.adapters.databricks_envs.local.engine import types
from dbt.adapters.databricks_envs.local.engine.introspect import constraint_rows, routine_rows
from dbt.adapters.databricks_envs.local.engine.introspect.information_schema import (
    INFORMATION_SCHEMA,
)
from dbt.adapters.databricks_envs.local.engine.storage import policies
from dbt.adapters.databricks_envs.local.engine.storage.mirror import Mirror
from dbt.adapters.databricks_envs.local.engine.storage.model import RelationInfo

_SYSTEM_OWNER = "System user"

Rows = list[tuple[Any, ...]]


def _catalogs(mirror: Mirror) -> Rows:
    rows = []
    for name in mirror.catalog_names():
        state = mirror.catalog(name)
        if state is None:
            continue
        i = state.info
        rows.append(
            (i.name, i.owner, i.comment, i.created, i.owner, i.last_altered, i.last_altered_by)
        )
    return rows


def _schemata(mirror: Mirror) -> Rows:
    rows: Rows = []
    for name in mirror.catalog_names():
        state = mirror.catalog(name)
        if state is None:
            continue
        created = state.info.created
        rows.append(
            (
                name,
                INFORMATION_SCHEMA,
                _SYSTEM_OWNER,
                None,
                created,
                _SYSTEM_OWNER,
                created,
                _SYSTEM_OWNER,
            )
        )
        for schema in state.schemas.values():
            s = schema.info
            rows.append(
                (
                    s.catalog,
                    s.name,
                    s.owner,
                    s.comment,
                    s.created,
                    s.owner,
                    s.last_altered,
                    s.last_altered_by,
                )
            )
    return rows


def relations(mirror: Mirror) -> list[RelationInfo]:
    relations: list[RelationInfo] = []
    for name in mirror.catalog_names():
        state = mirror.catalog(name)
        for schema in state.schemas.values() if state else []:
            relations.extend(schema.relations.values())
    return relations


def _view_rows(r: RelationInfo) -> Rows:
    # Materialized views are listed too, with is_materialized TRUE (dbt-databricks' functional
    # tests tell them from views that way).
    if not (r.is_view or r.is_materialized_view):
        return []
    materialized = "TRUE" if r.is_materialized_view else "FALSE"
    return [(*r.name.parts, r.view_text, "NONE", "NO", "NO", None, materialized)]


def _table_row(r: RelationInfo) -> tuple[Any, ...]:
    catalog, schema, name = r.name.parts
    return (
        catalog,
        schema,
        name,
        r.table_type,
        "NO" if r.is_view or r.is_materialized_view else "YES",
        "PRESERVE",
        r.owner,
        r.comment,
        r.created,
        r.owner,
        r.last_altered,
        r.last_altered_by,
        None if r.is_view else (r.provider or "delta").upper(),
        None,
        # External tables only: managed storage is not a place locally.
        r.location,
    )


def _column_rows(r: RelationInfo) -> Rows:
    rows = []
    for position, column in enumerate(r.columns):
        precision_scale = types.decimal_precision_scale(column.type_name)
        rows.append(
            (
                *r.name.parts,
                column.name,
                position,
                None,
                "YES" if column.nullable else "NO",
                column.type_name,
                types.info_schema_data_type(column.type_name),
                None,
                None,
                precision_scale[0] if precision_scale else None,
                10 if precision_scale else None,
                precision_scale[1] if precision_scale else None,
                None,
                None,
                None,
                None,
                "NO",
                None,
                None,
                None,
                None,
                None,
                None,
                "NO",
                None,
                "NO",
                "NO",
                None,
                "YES",
                r.partition_by.index(column.name) if column.name in r.partition_by else None,
                column.comment,
            )
        )
    return rows


def _catalog_tags(mirror: Mirror) -> Rows:
    rows: Rows = []
    for name in mirror.catalog_names():
        state = mirror.catalog(name)
        if state is not None:
            rows.extend((name, k, v) for k, v in sorted(state.info.tags.items()))
    return rows


def _schema_tags(mirror: Mirror) -> Rows:
    rows: Rows = []
    for name in mirror.catalog_names():
        state = mirror.catalog(name)
        for schema in state.schemas.values() if state else []:
            tags = sorted(schema.info.tags.items())
            rows.extend((name, schema.info.name, k, v) for k, v in tags)
    return rows


def _table_tags(r: RelationInfo) -> Rows:
    return [(*r.name.parts, k, v) for k, v in sorted(r.tags.items())]


def _column_tags(r: RelationInfo) -> Rows:
    rows: Rows = []
    for column in r.columns:
        tags = sorted(r.column_tags.get(column.name, {}).items())
        rows.extend((*r.name.parts, column.name, k, v) for k, v in tags)
    return rows


def _row_filters(r: RelationInfo) -> Rows:
    rule = r.row_filter
    if rule is None:
        return []
    return [(*r.name.parts, rule.function.dotted, policies.shown(rule.arguments))]


def _column_masks(r: RelationInfo) -> Rows:
    return [
        (*r.name.parts, c.name, mask.function.dotted, policies.shown(mask.using) or None)
        for c in r.columns
        if (mask := r.column_masks.get(c.name)) is not None
    ]


ROWS: dict[str, Callable[[Mirror], Rows]] = {
    "catalogs": _catalogs,
    "schemata": _schemata,
    "catalog_tags": _catalog_tags,
    "schema_tags": _schema_tags,
    "routines": routine_rows.routines,
    "parameters": routine_rows.parameters,
    "referential_constraints": lambda mirror: constraint_rows.referential_constraints(
        relations(mirror)
    ),
}
# The tables with rows for each relation.
PER_RELATION: dict[str, Callable[[RelationInfo], Rows]] = {
    "tables": lambda r: [_table_row(r)],
    "columns": _column_rows,
    "views": _view_rows,
    "table_tags": _table_tags,
    "column_tags": _column_tags,
    "row_filters": _row_filters,
    "column_masks": _column_masks,
    "table_constraints": constraint_rows.table_constraints,
    "key_column_usage": constraint_rows.key_column_usage,
    "constraint_column_usage": constraint_rows.constraint_column_usage,
}
