"""DROP TABLE / VIEW / MATERIALIZED VIEW / SCHEMA, and CREATE / DROP CATALOG."""

from __future__ import annotations

from sqlglot import exp

from dbt.adapters.databricks_envs.local.api import Result
from dbt.adapters.databricks_envs.local.engine import errors
from dbt.adapters.databricks_envs.local.engine.plan import Plan, Runtime, empty
from dbt.adapters.databricks_envs.local.engine.storage import objects
from dbt.adapters.databricks_envs.local.engine.storage.catalogs import DEFAULT_SCHEMA
from dbt.adapters.databricks_envs.local.engine.storage.names import duck_schema, ident
from dbt.adapters.databricks_envs.local.engine.translate import commands, versions
from dbt.adapters.databricks_envs.local.engine.translate.context import Context
from dbt.adapters.databricks_envs.local.engine.translate.names import (
    SYSTEM_CATALOG,
    parts_of,
    relation_parts,
)

# Names Unity Catalog keeps for itself.
RESERVED_CATALOGS = frozenset({SYSTEM_CATALOG, "hive_metastore", "samples", "information_schema"})


def plan_drop(node: exp.Drop, ctx: Context) -> Plan:
    kind = str(node.args.get("kind") or "").upper()
    if_exists = bool(node.args.get("exists"))
    if kind == "STREAMING TABLE":
        raise errors.not_supported("streaming tables")
    if node.args.get("materialized") or kind == "MATERIALIZED VIEW":
        kind = "MATERIALIZED VIEW"
    tables = node.args.get("tables") or []
    if len(tables) != 1 or not isinstance(tables[0], exp.Table):
        raise errors.parse_error("DROP")
    table = tables[0]
    if kind in ("TABLE", "VIEW", "MATERIALIZED VIEW"):
        return _plan_relation(table, kind, if_exists, ctx)
    if kind in ("SCHEMA", "DATABASE"):
        parts = parts_of(table)
        catalog, schema = (ctx.ns.catalog, parts[0]) if len(parts) == 1 else parts[-2:]
        return _plan_schema(catalog, schema, if_exists, bool(node.args.get("cascade")))
    raise errors.not_supported(f"DROP {kind}")


def _plan_relation(table: exp.Table, kind: str, if_exists: bool, ctx: Context) -> Plan:
    parts = parts_of(table)
    if kind == "VIEW" and len(parts) == 1 and parts[0] in ctx.ns.temp_views:
        temp_name = parts[0]

        def run_temp(rt: Runtime) -> Result:
            rt.cursor.execute(f"DROP VIEW IF EXISTS temp.main.{ident(temp_name)}")
            rt.state.temp_views.discard(temp_name)
            rt.state.temp_view_columns.pop(temp_name, None)
            return empty()

        return Plan(run=run_temp, one_part=((temp_name, True),))

    name = relation_parts(table, ctx.ns)

    def run(rt: Runtime) -> Result:
        def work() -> Result:
            existing = rt.mirror.relation(name)
            if existing is None:
                if if_exists:
                    return empty()
                raise errors.table_not_found(*name.parts)
            if existing.kind != kind.replace(" ", "_"):
                found = existing.kind.replace("_", " ")
                raise errors.invalid(
                    "WRONG_COMMAND_FOR_OBJECT_TYPE",
                    f"The operation DROP {kind} requires a {kind}. But {name.dotted} is a "
                    f"{found}. Use DROP {found} instead.",
                    "42809",
                )
            # A materialized view's rows are a DuckDB table.
            rt.cursor.execute(f"DROP {'VIEW' if kind == 'VIEW' else 'TABLE'} {name.duck}")
            if not existing.is_view:
                versions.forget(rt, existing)
            objects.delete(rt.cursor, name.catalog, name.schema, name.name)
            rt.after_commit(lambda: rt.mirror.forget_relation(name))
            return empty()

        return rt.write(work)

    one_part = ((parts[0], False),) if len(parts) == 1 else ()
    return Plan(run=run, relations=(name,), one_part=one_part)


def _plan_schema(catalog: str, schema: str, if_exists: bool, cascade: bool) -> Plan:
    def run(rt: Runtime) -> Result:
        def work() -> Result:
            state = rt.mirror.catalog(catalog)
            existing = state.schemas.get(schema) if state else None
            if existing is None:
                if if_exists:
                    return empty()
                raise errors.schema_not_found(catalog, schema)
            if (existing.relations or existing.functions) and not cascade:
                raise errors.schema_not_empty(catalog, schema)
            rt.cursor.execute(f"DROP SCHEMA {duck_schema(catalog, schema)} CASCADE")
            objects.delete_schema(rt.cursor, catalog, schema)
            rt.after_commit(lambda: rt.mirror.forget_schema(catalog, schema))
            return empty()

        return rt.write(work)

    return Plan(run=run)


def plan_create_catalog(command: commands.CreateCatalog) -> Plan:
    name = command.name
    if name in RESERVED_CATALOGS:
        raise errors.invalid(
            "INVALID_SCHEMA_OR_RELATION_NAME",
            f"`{name}` is a reserved catalog name.",
            "42602",
        )

    def run(rt: Runtime) -> Result:
        def work() -> Result:
            if rt.mirror.catalog(name) is not None:
                if command.if_not_exists:
                    return empty()
                raise errors.catalog_already_exists(name)
            rt.files.create(name, rt.principal.name, command.comment, rt.now())
            rt.mirror.load_catalog(rt.cursor, name)
            return empty()

        return rt.exclusive(work)

    return Plan(run=run)


def plan_drop_catalog(command: commands.DropCatalog) -> Plan:
    name = command.name

    def run(rt: Runtime) -> Result:
        def work() -> Result:
            state = rt.mirror.catalog(name)
            if state is None:
                if command.if_exists:
                    return empty()
                raise errors.catalog_not_found(name)
            others = [
                s
                for n, s in state.schemas.items()
                if n != DEFAULT_SCHEMA or s.relations or s.functions
            ]
            if others and not command.cascade:
                raise errors.catalog_not_empty(name)
            rt.files.drop(name)
            rt.mirror.forget_catalog(name)
            return empty()

        return rt.exclusive(work)

    return Plan(run=run)
