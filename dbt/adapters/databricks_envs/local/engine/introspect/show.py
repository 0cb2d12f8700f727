"""SHOW CATALOGS / SCHEMAS / TABLES / VIEWS / TABLE EXTENDED / TBLPROPERTIES / COLUMNS /
CREATE TABLE, with the columns and text formats dbt-databricks parses."""

from __future__ import annotations

from collections.abc import Callable

from dbt.adapters.databricks_envs.local.api import Result
from dbt.adapters.databricks_envs.local.engine import errors
from dbt.adapters.databricks_envs.local.engine.introspect import lookup
from dbt.adapters.databricks_envs.local.engine.introspect.information_schema import (
    INFORMATION_SCHEMA,
)
from dbt.adapters.databricks_envs.local.engine.plan import (
    BOOLEAN,
    STRING,
    Plan,
    Runtime,
    rows_result,
)
from dbt.adapters.databricks_envs.local.engine.storage.model import RelationInfo
from dbt.adapters.databricks_envs.local.engine.translate import checks, commands
from dbt.adapters.databricks_envs.local.engine.translate.context import Context


def plan_show(command: commands.Command, ctx: Context) -> Plan:
    run: Callable[[Runtime], Result]
    if isinstance(command, commands.ShowCatalogs):
        run = _catalogs(command)
    elif isinstance(command, commands.ShowSchemas):
        run = _schemas(command, ctx)
    elif isinstance(command, commands.ShowTables):
        run = _tables(command, ctx)
    elif isinstance(command, commands.ShowTblProperties):
        run = _tblproperties(command, ctx)
    elif isinstance(command, commands.ShowColumns):
        run = _columns(command, ctx)
    elif isinstance(command, commands.ShowCreateTable):
        run = _create_table(command, ctx)
    else:
        raise errors.not_supported(type(command).__name__)
    return Plan(run=run)


def _catalogs(command: commands.ShowCatalogs) -> Callable[[Runtime], Result]:
    def run(rt: Runtime) -> Result:
        names = [
            c
            for c in rt.mirror.catalog_names()
            if lookup.like(command.pattern, c) and rt.sees_catalog(c)
        ]
        return rows_result([("catalog", STRING)], [(c,) for c in names])

    return run


def _schemas(command: commands.ShowSchemas, ctx: Context) -> Callable[[Runtime], Result]:
    catalog = command.catalog or ctx.ns.catalog

    def run(rt: Runtime) -> Result:
        state = checks.catalog(rt, catalog)
        names = sorted([*state.schemas, INFORMATION_SCHEMA])
        rows = [(s,) for s in names if lookup.like(command.pattern, s)]
        return rows_result([("databaseName", STRING)], rows)

    return run


def _namespace(namespace: tuple[str, ...] | None, ctx: Context) -> tuple[str, str]:
    if namespace is None:
        return ctx.ns.catalog, ctx.ns.schema
    if len(namespace) == 1:
        return ctx.ns.catalog, namespace[0]
    return namespace[-2], namespace[-1]


def _tables(command: commands.ShowTables, ctx: Context) -> Callable[[Runtime], Result]:
    catalog, schema = _namespace(command.namespace, ctx)

    def run(rt: Runtime) -> Result:
        if schema == INFORMATION_SCHEMA:
            checks.catalog(rt, catalog)
            relations: list[RelationInfo] = []
        else:
            relations = list(checks.schema(rt, catalog, schema).relations.values())
        if command.views_only:
            relations = [r for r in relations if r.is_view]
        relations = sorted(
            (r for r in relations if lookup.like(command.pattern, r.name.name)),
            key=lambda r: r.name.name,
        )
        temps = sorted(t for t in rt.state.temp_views if lookup.like(command.pattern, t))
        if command.extended:
            return rows_result(
                [
                    ("database", STRING),
                    ("tableName", STRING),
                    ("isTemporary", BOOLEAN),
                    ("information", STRING),
                ],
                [(schema, r.name.name, False, information(r)) for r in relations]
                + [("", t, True, information(lookup.temp_view(rt, t))) for t in temps],
            )
        if command.views_only:
            return rows_result(
                [("namespace", STRING), ("viewName", STRING), ("isTemporary", BOOLEAN)],
                [(schema, r.name.name, False) for r in relations] + [("", t, True) for t in temps],
            )
        return rows_result(
            [("database", STRING), ("tableName", STRING), ("isTemporary", BOOLEAN)],
            [(schema, r.name.name, False) for r in relations] + [("", t, True) for t in temps],
        )

    return run


_SPARK_TYPE_NAMES = {
    "bigint": "long",
    "int": "integer",
    "smallint": "short",
    "tinyint": "byte",
}


def information(r: RelationInfo) -> str:
    """The ``information`` text of SHOW TABLE EXTENDED, as a Databricks warehouse writes it."""
    lines = []
    if r.name.catalog:
        lines += [f"Catalog: {r.name.catalog}", f"Database: {r.name.schema}"]
    lines += [
        f"Table: {r.name.name}",
        f"Owner: {r.owner}",
        f"Created Time: {lookup.java_time(r.created)}",
        "Last Access: UNKNOWN",
        "Created By: Spark ",
        f"Type: {r.table_type}",
    ]
    if (r.is_view or r.is_materialized_view) and r.view_text is not None:
        lines += [
            f"View Text: {r.view_text}",
            f"View Original Text: {r.view_text}",
            f"View Catalog and Namespace: {r.name.catalog}.{r.name.schema}",
            "View Query Output Columns: [" + ", ".join(c.name for c in r.columns) + "]",
        ]
    if r.location is not None:
        lines.append(f"Location: {r.location}")
    if not r.is_view:
        lines.append(f"Provider: {r.provider or 'delta'}")
    properties = lookup.shown_properties(r)
    if properties:
        lines.append(f"Table Properties: {lookup.properties_text(properties)}")
    if r.partition_by:
        lines.append("Partition Provider: Catalog")
        lines.append("Partition Columns: [" + ", ".join(f"`{c}`" for c in r.partition_by) + "]")
    if r.comment:
        # Last before the schema: dbt-databricks reads the comment greedily up to the final
        # "Key:" line.
        lines.append(f"Comment: {r.comment}")
    lines.append("Schema: root")
    for column in r.columns:
        type_name = _SPARK_TYPE_NAMES.get(column.type_name, column.type_name)
        nested = type_name.split("<", 1)[0]
        lines.append(f" |-- {column.name}: {nested} (nullable = {str(column.nullable).lower()})")
    return "\n".join(lines) + "\n"


def _tblproperties(
    command: commands.ShowTblProperties, ctx: Context
) -> Callable[[Runtime], Result]:
    def run(rt: Runtime) -> Result:
        info = lookup.find(rt, lookup.resolve(command.table, lookup.namespace(rt)))
        properties = lookup.shown_properties(info)
        if command.key is not None:
            value = properties.get(
                command.key,
                f"Table {info.name.dotted} does not have property: {command.key}",
            )
            return rows_result([("key", STRING), ("value", STRING)], [(command.key, value)])
        return rows_result([("key", STRING), ("value", STRING)], sorted(properties.items()))

    return run


def _columns(command: commands.ShowColumns, ctx: Context) -> Callable[[Runtime], Result]:
    def run(rt: Runtime) -> Result:
        info = lookup.find(rt, lookup.resolve(command.table, lookup.namespace(rt)))
        return rows_result([("col_name", STRING)], [(c.name,) for c in info.columns])

    return run


def _create_table(command: commands.ShowCreateTable, ctx: Context) -> Callable[[Runtime], Result]:
    def run(rt: Runtime) -> Result:
        info = lookup.find(rt, lookup.resolve(command.table, lookup.namespace(rt)))
        name = ".".join(p for p in info.name.parts if p)
        if info.is_view:
            text = f"CREATE VIEW {name} AS {info.view_text or ''}"
        else:
            columns = ",\n".join(
                f"  {c.name} {c.type_name.upper()}"
                + ("" if c.nullable else " NOT NULL")
                + (f" COMMENT '{c.comment}'" if c.comment else "")
                for c in info.columns
            )
            text = f"CREATE TABLE {name} (\n{columns})\nUSING {info.provider or 'delta'}"
            if info.partition_by:
                text += "\nPARTITIONED BY (" + ", ".join(info.partition_by) + ")"
            if info.cluster_by:
                text += "\nCLUSTER BY (" + ", ".join(info.cluster_by) + ")"
            if info.options:
                pairs = ",\n  ".join(f"'{k}' = '{v}'" for k, v in sorted(info.options.items()))
                text += f"\nOPTIONS (\n  {pairs})"
            if info.location is not None:
                text += f"\nLOCATION '{info.location}'"
            if info.comment:
                text += f"\nCOMMENT '{info.comment}'"
            if info.properties:
                pairs = ",\n  ".join(f"'{k}' = '{v}'" for k, v in sorted(info.properties.items()))
                text += f"\nTBLPROPERTIES (\n  {pairs})"
        return rows_result([("createtab_stmt", STRING)], [(text + "\n",)])

    return run
