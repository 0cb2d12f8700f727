"""Unity Catalog's information_schema: its tables and their columns.

Every table is served from the catalog mirror as an Arrow table registered on the session's
cursor under ``view_name(table)`` (see ``snapshots.py``): ``system.information_schema.x`` reads it
whole, and ``<catalog>.information_schema.x`` reads it filtered on its catalog column.
"""

from __future__ import annotations

import pyarrow as pa

from dbt.adapters.databricks_envs.local.engine.introspect import governance

INFORMATION_SCHEMA = "information_schema"

_S = "VARCHAR"
_TS = "TIMESTAMPTZ"
_I = "BIGINT"

# name -> (column definitions, the column holding the catalog name)
Definitions = dict[str, tuple[tuple[tuple[str, str], ...], str]]

_CORE: Definitions = {
    "catalogs": (
        (
            ("catalog_name", _S),
            ("catalog_owner", _S),
            ("comment", _S),
            ("created", _TS),
            ("created_by", _S),
            ("last_altered", _TS),
            ("last_altered_by", _S),
        ),
        "catalog_name",
    ),
    "schemata": (
        (
            ("catalog_name", _S),
            ("schema_name", _S),
            ("schema_owner", _S),
            ("comment", _S),
            ("created", _TS),
            ("created_by", _S),
            ("last_altered", _TS),
            ("last_altered_by", _S),
        ),
        "catalog_name",
    ),
    "tables": (
        (
            ("table_catalog", _S),
            ("table_schema", _S),
            ("table_name", _S),
            ("table_type", _S),
            ("is_insertable_into", _S),
            ("commit_action", _S),
            ("table_owner", _S),
            ("comment", _S),
            ("created", _TS),
            ("created_by", _S),
            ("last_altered", _TS),
            ("last_altered_by", _S),
            ("data_source_format", _S),
            ("storage_sub_directory", _S),
            ("storage_path", _S),
        ),
        "table_catalog",
    ),
    "columns": (
        (
            ("table_catalog", _S),
            ("table_schema", _S),
            ("table_name", _S),
            ("column_name", _S),
            ("ordinal_position", "INTEGER"),
            ("column_default", _S),
            ("is_nullable", _S),
            ("full_data_type", _S),
            ("data_type", _S),
            ("character_maximum_length", _I),
            ("character_octet_length", _I),
            ("numeric_precision", "INTEGER"),
            ("numeric_precision_radix", "INTEGER"),
            ("numeric_scale", "INTEGER"),
            ("datetime_precision", "INTEGER"),
            ("interval_type", _S),
            ("interval_precision", "INTEGER"),
            ("maximum_cardinality", _I),
            ("is_identity", _S),
            ("identity_generation", _S),
            ("identity_start", _S),
            ("identity_increment", _S),
            ("identity_maximum", _S),
            ("identity_minimum", _S),
            ("identity_cycle", _S),
            ("is_generated", _S),
            ("generation_expression", _S),
            ("is_system_time_period_start", _S),
            ("is_system_time_period_end", _S),
            ("system_time_period_timestamp_generation", _S),
            ("is_updatable", _S),
            ("partition_ordinal_position", "INTEGER"),
            ("comment", _S),
        ),
        "table_catalog",
    ),
    "views": (
        (
            ("table_catalog", _S),
            ("table_schema", _S),
            ("table_name", _S),
            ("view_definition", _S),
            ("check_option", _S),
            ("is_updatable", _S),
            ("is_insertable_into", _S),
            ("sql_path", _S),
            ("is_materialized", _S),
        ),
        "table_catalog",
    ),
    "table_constraints": (
        (
            ("constraint_catalog", _S),
            ("constraint_schema", _S),
            ("constraint_name", _S),
            ("table_catalog", _S),
            ("table_schema", _S),
            ("table_name", _S),
            ("constraint_type", _S),
            ("is_deferrable", _S),
            ("initially_deferred", _S),
            ("enforced", _S),
            ("comment", _S),
        ),
        "table_catalog",
    ),
    "key_column_usage": (
        (
            ("constraint_catalog", _S),
            ("constraint_schema", _S),
            ("constraint_name", _S),
            ("table_catalog", _S),
            ("table_schema", _S),
            ("table_name", _S),
            ("column_name", _S),
            ("ordinal_position", "INTEGER"),
            ("position_in_unique_constraint", "INTEGER"),
        ),
        "table_catalog",
    ),
    "referential_constraints": (
        (
            ("constraint_catalog", _S),
            ("constraint_schema", _S),
            ("constraint_name", _S),
            ("unique_constraint_catalog", _S),
            ("unique_constraint_schema", _S),
            ("unique_constraint_name", _S),
            ("match_option", _S),
            ("update_rule", _S),
            ("delete_rule", _S),
        ),
        "constraint_catalog",
    ),
    "constraint_column_usage": (
        (
            ("table_catalog", _S),
            ("table_schema", _S),
            ("table_name", _S),
            ("column_name", _S),
            ("constraint_catalog", _S),
            ("constraint_schema", _S),
            ("constraint_name", _S),
        ),
        "table_catalog",
    ),
}
TABLES: Definitions = {**_CORE, **governance.TABLES}

_ARROW = {"VARCHAR": pa.string(), "TIMESTAMPTZ": pa.timestamp("us", tz="UTC")}
_ARROW.update(BIGINT=pa.int64(), INTEGER=pa.int32())


def view_name(table: str) -> str:
    """The name a session's cursor knows the table by."""
    return f"__uc_information_schema_{table}"


def arrow_schema(table: str) -> pa.Schema:
    return pa.schema([pa.field(c, _ARROW[t]) for c, t in TABLES[table][0]])
