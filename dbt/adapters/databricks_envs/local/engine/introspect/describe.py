"""DESCRIBE [TABLE] [EXTENDED] ... [AS JSON], DESCRIBE SCHEMA / CATALOG / QUERY, in the row
layouts dbt-databricks parses (columns, then ``# Partition Information``, then a blank row and
``# Detailed Table Information``)."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlglot import exp

from dbt.adapters.databricks_envs.local.api import Result
from dbt.adapters.databricks_envs.local.engine import errors, results
from dbt.adapters.databricks_envs.local.engine.introspect import describe_json, lookup
from dbt.adapters.databricks_envs.local.engine.plan import (
    BIGINT,
    INT,
    STRING,
    STRING_MAP,
    STRINGS,
    TIMESTAMP,
    Plan,
    Runtime,
    rows_result,
)
from dbt.adapters.databricks_envs.local.engine.storage.model import (
    Owned,
    RelationInfo,
)
from dbt.adapters.databricks_envs.local.engine.translate import checks, commands, external, query
from dbt.adapters.databricks_envs.local.engine.translate.context import Context
from dbt.adapters.databricks_envs.local.engine.translate.names import parts_of

_COLUMNS = (("col_name", STRING), ("data_type", STRING), ("comment", STRING))


def plan_describe(node: exp.Describe, ctx: Context) -> Plan:
    style = str(node.args.get("style") or "").upper()
    kind = str(node.args.get("kind") or "").upper()
    target = node.this
    if not isinstance(target, exp.Table):
        raise errors.parse_error("DESCRIBE")
    parts = parts_of(target)
    if kind in ("SCHEMA", "DATABASE"):
        return Plan(run=_schema(parts, ctx, style == "EXTENDED"))
    extended = style == "EXTENDED"
    as_json = bool(node.args.get("as_json"))

    def run(rt: Runtime) -> Result:
        info = lookup.find(rt, lookup.resolve(parts, lookup.namespace(rt)))
        if as_json:
            if not extended:
                raise errors.parse_error("AS JSON")
            return rows_result(
                [("json_metadata", STRING)], [(json.dumps(describe_json.as_json_metadata(info)),)]
            )
        return rows_result(_COLUMNS, describe_rows(info, extended))

    return Plan(run=run)


def describe_rows(info: RelationInfo, extended: bool) -> list[tuple[Any, ...]]:
    rows: list[tuple[Any, ...]] = [(c.name, c.type_name, c.comment) for c in info.columns]
    for title, names in (
        ("# Partition Information", info.partition_by),
        ("# Clustering Information", info.cluster_by),
    ):
        if names:
            rows += [(title, "", ""), ("# col_name", "data_type", "comment")]
            for name in names:
                column = info.column(name)
                rows.append(
                    (name, column.type_name if column else "", column.comment if column else None)
                )
    if not extended:
        return rows
    rows += [("", "", ""), ("# Detailed Table Information", "", "")]
    catalog, schema, name = info.name.parts
    if catalog:
        rows += [("Catalog", catalog, ""), ("Database", schema, "")]
    rows += [
        ("Table", name, ""),
        ("Created Time", lookup.java_time(info.created), ""),
        ("Last Access", "UNKNOWN", ""),
        ("Created By", "Spark ", ""),
        ("Type", info.table_type, ""),
    ]
    if info.comment:
        rows.append(("Comment", info.comment, ""))
    if info.is_view or info.is_materialized_view:
        rows += [
            ("View Text", info.view_text or "", ""),
            ("View Original Text", info.view_text or "", ""),
            ("View Catalog and Namespace", f"{catalog}.{schema}" if catalog else "", ""),
            ("View Query Output Columns", "[" + ", ".join(c.name for c in info.columns) + "]", ""),
        ]
    if not info.is_view:
        if info.location is not None:
            rows.append(("Location", info.location, ""))
        rows.append(("Provider", info.provider or "delta", ""))
    rows.append(("Owner", info.owner, ""))
    if info.is_materialized_view:
        rows += _refresh_rows(info)
    properties = lookup.shown_properties(info)
    if properties or not info.is_view:
        rows.append(("Table Properties", lookup.properties_text(properties), ""))
    return rows


def _refresh_rows(info: RelationInfo) -> list[tuple[str, str, str]]:
    """A materialized view's refresh information; dbt-databricks reads "Refresh Schedule"
    (MANUAL, EVERY 2 HOURS, CRON '...' AT TIME ZONE '...') to diff it against its model."""
    rows = [("", "", ""), ("# Refresh Information", "", "")]
    if info.last_refreshed:
        last = lookup.java_time(datetime.fromisoformat(info.last_refreshed))
        rows.append(("Last Refreshed", last, ""))
    rows.append(("Refresh Schedule", info.refresh_schedule or "MANUAL", ""))
    return rows


def _schema(parts: tuple[str, ...], ctx: Context, extended: bool) -> Callable[[Runtime], Result]:
    catalog, schema = (ctx.ns.catalog, parts[0]) if len(parts) == 1 else parts[-2:]

    def run(rt: Runtime) -> Result:
        info = checks.schema(rt, catalog, schema).info
        rows = [
            ("Catalog Name", catalog),
            ("Namespace Name", schema),
            ("Comment", info.comment or ""),
            ("Owner", info.owner),
        ]
        if extended:
            rows += _owned_details(info)
        return rows_result(
            [("database_description_item", STRING), ("database_description_value", STRING)], rows
        )

    return run


def _owned_details(info: Owned) -> list[tuple[str, str]]:
    properties = ", ".join(f"({k},{v})" for k, v in sorted(info.properties.items()))
    return [
        ("Created Time", lookup.java_time(info.created)),
        ("Properties", f"({properties})" if properties else ""),
    ]


def plan_describe_command(
    command: commands.DescribeDetail | commands.DescribeCatalog | commands.DescribeQuery,
    ctx: Context,
) -> Plan:
    if isinstance(command, commands.DescribeCatalog):
        name = command.name

        def describe_catalog(rt: Runtime) -> Result:
            info = checks.catalog(rt, name).info
            rows = [
                ("Catalog Name", name),
                ("Comment", info.comment or ""),
                ("Owner", info.owner),
                ("Catalog Type", "Regular"),
            ]
            if command.extended:
                rows += _owned_details(info)
            return rows_result([("info_name", STRING), ("info_value", STRING)], rows)

        return Plan(run=describe_catalog)
    if isinstance(command, commands.DescribeQuery):
        sql, refs = query.translate_query(command.query, ctx)

        def describe_query(rt: Runtime) -> Result:
            _, columns = results.normalized(rt.cursor, sql)
            return rows_result(_COLUMNS, [(c.name, c.type_name, None) for c in columns])

        return Plan(
            run=describe_query,
            relations=tuple(refs.relations),
            one_part=tuple(refs.one_part.items()),
            info_tables=refs.info_tables(),
        )
    detail = command.table

    def describe_detail(rt: Runtime) -> Result:
        info = lookup.find(rt, lookup.resolve(detail, lookup.namespace(rt)))
        if info.is_view:
            raise errors.invalid(
                "EXPECT_TABLE_NOT_VIEW.NO_ALTERNATIVE",
                f"'DESCRIBE DETAIL' expects a table but {info.name.dotted} is a view.",
                "42809",
            )
        files, size = (1, 0) if info.location is None else external.files_of(rt, info)
        row = (
            info.provider or "delta",
            info.object_id,
            info.name.dotted,
            info.comment,
            info.location,
            info.created,
            info.last_altered,
            list(info.partition_by),
            list(info.cluster_by),
            files,
            size,
            sorted(info.properties.items()),
            1,
            2,
        )
        return rows_result(_DETAIL_COLUMNS, [row])

    return Plan(run=describe_detail)


_DETAIL_COLUMNS = (
    ("format", STRING),
    ("id", STRING),
    ("name", STRING),
    ("description", STRING),
    ("location", STRING),
    ("createdAt", TIMESTAMP),
    ("lastModified", TIMESTAMP),
    ("partitionColumns", STRINGS),
    ("clusteringColumns", STRINGS),
    ("numFiles", BIGINT),
    ("sizeInBytes", BIGINT),
    ("properties", STRING_MAP),
    ("minReaderVersion", INT),
    ("minWriterVersion", INT),
)
