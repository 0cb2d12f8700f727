"""DESCRIBE TABLE EXTENDED ... AS JSON, in the shape dbt-databricks parses (columns,
constraints, view text, row filter and column masks)."""

from __future__ import annotations

from typing import Any

import duckdb

from dbt.adapters.databricks_envs.local.engine import types
from dbt.adapters.databricks_envs.local.engine.introspect import lookup
from dbt.adapters.databricks_envs.local.engine.storage.model import ColumnInfo, RelationInfo
from dbt.adapters.databricks_envs.local.engine.storage.names import RelName


def as_json_metadata(info: RelationInfo) -> dict[str, Any]:
    """DESCRIBE TABLE EXTENDED ... AS JSON."""
    catalog, schema, name = info.name.parts
    metadata: dict[str, Any] = {"table_name": name}
    if catalog:
        metadata.update(catalog_name=catalog, schema_name=schema, namespace=[schema])
    else:
        metadata["namespace"] = []
    metadata["type"] = info.table_type
    if info.location is not None:
        metadata["location"] = info.location
    if not info.is_view:
        metadata["provider"] = info.provider or "delta"
    metadata["columns"] = [
        {
            "name": c.name,
            "type": _json_type(c),
            **({"comment": c.comment} if c.comment else {}),
            "nullable": c.nullable,
        }
        for c in info.columns
    ]
    if info.partition_by:
        metadata["partition_columns"] = list(info.partition_by)
    if info.cluster_by:
        metadata["clustering_columns"] = [[c] for c in info.cluster_by]
    if info.comment:
        metadata["comment"] = info.comment
    metadata["owner"] = info.owner
    metadata["created_time"] = info.created.strftime("%Y-%m-%dT%H:%M:%SZ")
    metadata["last_access"] = "UNKNOWN"
    metadata["created_by"] = "Spark "
    if info.is_view or info.is_materialized_view:
        metadata.update(
            view_text=info.view_text or "",
            view_original_text=info.view_text or "",
            view_schema_mode="BINDING",
            view_catalog_and_namespace=f"{catalog}.{schema}" if catalog else "",
            view_query_output_columns=[c.name for c in info.columns],
        )
    if info.is_materialized_view:
        metadata["refresh_schedule"] = info.refresh_schedule or "MANUAL"
    metadata["table_properties"] = lookup.shown_properties(info)
    metadata.update(_policies_json(info))
    if info.constraints:
        metadata["table_constraints"] = (
            "[" + ", ".join(f"({n},{body})" for n, body in info.constraints) + "]"
        )
    return metadata


def _policies_json(info: RelationInfo) -> dict[str, Any]:
    """A row filter and column masks, as dbt-databricks reads them off DESCRIBE ... AS JSON."""

    def function(name: RelName) -> dict[str, str]:
        return {
            "catalog_name": name.catalog,
            "schema_name": name.schema,
            "function_name": name.name,
        }

    found: dict[str, Any] = {}
    if info.row_filter is not None:
        found["row_filter"] = {
            "function_name": function(info.row_filter.function),
            "column_names": [text for text, _ in info.row_filter.arguments],
        }
    masks = [
        {
            "column_name": column,
            "function_name": function(mask.function),
            "using_column_names": [text for text, _ in mask.using],
        }
        for column, mask in info.column_masks.items()
    ]
    if masks:
        found["column_masks"] = masks
    return found


def _json_type(column: ColumnInfo) -> dict[str, Any]:
    declared = column.type_name.split("(", 1)
    if declared[0] in ("varchar", "char") and len(declared) == 2:
        return {"name": declared[0], "length": int(declared[1].rstrip(")"))}
    return types.json_type(duckdb.sqltype(column.duck_type))
