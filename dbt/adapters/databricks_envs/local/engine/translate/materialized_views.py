"""Materialized views: the stored result of a query, recomputed by REFRESH.

Databricks keeps a materialized view as a managed table its pipeline fills ("materialized
views are Unity Catalog managed tables that physically store the results of a query",
https://docs.databricks.com/aws/en/ldp/dbsql/materialized). Here the rows live in a DuckDB
table and the definition in the metadata row: the query as written, the schema its names
resolve in, the refresh schedule. Reading it returns the stored rows, never the live query;
``REFRESH MATERIALIZED VIEW`` runs the query again and replaces them. Schedules are recorded
and shown (DESCRIBE EXTENDED's "Refresh Schedule", which dbt-databricks diffs), never run: no
background refresh happens, and no pipeline backs the view (no ``pipelines.pipelineId``
property, which would send dbt-databricks polling the pipelines API).

Statements are parsed in mv_statements.py.
"""

from __future__ import annotations

from sqlglot import exp

from dbt.adapters.databricks_envs.local.api import Result, WarehouseError
from dbt.adapters.databricks_envs.local.engine import errors, results
from dbt.adapters.databricks_envs.local.engine.plan import Plan, Runtime, empty
from dbt.adapters.databricks_envs.local.engine.security import Access, Action, SecurableKind
from dbt.adapters.databricks_envs.local.engine.storage import objects
from dbt.adapters.databricks_envs.local.engine.storage.model import RelationInfo
from dbt.adapters.databricks_envs.local.engine.storage.names import RelName
from dbt.adapters.databricks_envs.local.engine.translate import checks, create, parse, query
from dbt.adapters.databricks_envs.local.engine.translate.access_parts import (
    access,
    reads,
    relation,
)
from dbt.adapters.databricks_envs.local.engine.translate.context import Context
from dbt.adapters.databricks_envs.local.engine.translate.expressions import SessionValues
from dbt.adapters.databricks_envs.local.engine.translate.mv_statements import (
    STATEMENTS,
    AlterSchedule,
    CreateMaterializedView,
    RefreshMaterializedView,
    Statement,
)
from dbt.adapters.databricks_envs.local.engine.translate.names import (
    Namespace,
    parts_of,
    relation_parts,
)
from dbt.adapters.databricks_envs.local.engine.translate.relation_change import (
    relation_name,
    runner,
)

__all__ = ["STATEMENTS", "accesses", "plan"]

_KIND: SecurableKind = "materialized_view"


def plan(statement: Statement, ctx: Context) -> Plan:
    if isinstance(statement, CreateMaterializedView):
        return _plan_create(statement, ctx)
    if isinstance(statement, RefreshMaterializedView):
        return _plan_refresh(relation_name(statement.name, ctx), ctx)
    return _plan_schedule(statement, ctx)


def accesses(statement: Statement, ns: Namespace, found: list[Access]) -> None:
    """Creating one needs CREATE MATERIALIZED VIEW on the schema and SELECT on what it reads;
    refreshing it, its ownership or REFRESH; changing its schedule, its ownership (see
    security/object_rules.py)."""
    if isinstance(statement, CreateMaterializedView):
        target, _ = create.target(statement.create)
        name = relation(parts_of(target), ns)
        if name:
            found.append(access("create", _KIND, name))
            if statement.create.args.get("replace"):
                found.append(access("replace", _KIND, name))
        reads(statement.create.expression, ns, found, set())
        return
    name = relation(statement.name, ns)
    if name:
        action: Action = "refresh" if isinstance(statement, RefreshMaterializedView) else "alter"
        found.append(access(action, _KIND, name))


def _plan_create(statement: CreateMaterializedView, ctx: Context) -> Plan:
    node = statement.create
    target, _ = create.target(node)
    name = relation_parts(target, ctx.ns)
    for table in node.expression.find_all(exp.Table):
        parts = parts_of(table)
        if len(parts) == 1 and parts[0] in ctx.ns.temp_views:
            raise errors.invalid(
                "INVALID_TEMP_OBJ_REFERENCE",
                f"Cannot create the persistent object {name.dotted} of the type MATERIALIZED "
                f"VIEW because it references to the temporary object {parts[0]} of the type "
                "VIEW.",
                "42K0F",
            )
    if statement.aliases:
        renamed = exp.Subquery(
            this=node.expression,
            alias=exp.TableAlias(
                this=exp.to_identifier("__mv"),
                columns=[exp.to_identifier(a) for a in statement.aliases],
            ),
        )
        node.set("expression", exp.select("*").from_(renamed))
    definition: dict[str, object] = {
        "view_text": statement.text,
        "refresh_schedule": statement.schedule,
        "namespace": [ctx.ns.catalog, ctx.ns.schema],
    }

    def details(rt: Runtime, columns: set[str]) -> dict[str, object]:
        return {**definition, "last_refreshed": rt.now().isoformat()}

    return create.plan_materialized(node, ctx, details)


def _plan_refresh(name: RelName, ctx: Context) -> Plan:
    def run(rt: Runtime) -> Result:
        def work() -> Result:
            info = _materialized_view(rt, name, "REFRESH MATERIALIZED VIEW")
            select_sql = _definition(rt, info)
            normalized, _, _ = results.normalized_typed(rt.cursor, select_sql)
            rt.cursor.execute(f"DELETE FROM {name.duck}")
            rt.cursor.execute(f"INSERT INTO {name.duck} SELECT * FROM ({normalized})")
            row = objects.read_one(rt.cursor, *name.parts)
            if row is not None:
                row.details["last_refreshed"] = rt.now().isoformat()
                objects.write(rt.cursor, name.catalog, row)
            rt.after_commit(lambda: rt.mirror.load_relation(rt.cursor, name))
            return empty()

        return rt.write(work)

    return Plan(run=run, relations=(name,))


def _definition(rt: Runtime, info: RelationInfo) -> str:
    """The view's query, translated again as it reads now: in the schema it was created in,
    by the session refreshing it."""
    row = objects.read_one(rt.cursor, *info.name.parts)
    details = row.details if row is not None else {}
    catalog, schema = details.get("namespace") or info.name.parts[:2]
    text = info.view_text or ""
    values = SessionValues(catalog, schema, rt.principal.name, rt.principal.groups)
    ctx = Context(Namespace(catalog, schema, frozenset()), values, text, rt.mirror.policies())
    select_sql, _ = query.translate_query(parse.parse_one(text), ctx)
    return select_sql


def _plan_schedule(statement: AlterSchedule, ctx: Context) -> Plan:
    name = relation_name(statement.name, ctx)
    schedule = statement.schedule

    def step(rt: Runtime, info: RelationInfo, row: objects.ObjectRow) -> None:
        if not info.is_materialized_view:
            raise _not_materialized(info, "ALTER MATERIALIZED VIEW")
        row.details["refresh_schedule"] = schedule

    return Plan(run=runner(name, None, [step]), relations=(name,))


def _materialized_view(rt: Runtime, name: RelName, operation: str) -> RelationInfo:
    info = checks.relation(rt, name)
    if not info.is_materialized_view:
        raise _not_materialized(info, operation)
    return info


def _not_materialized(info: RelationInfo, operation: str) -> WarehouseError:
    # MATERIALIZED_VIEW_OPERATION_NOT_ALLOWED.NON_MATERIALIZED_VIEW (SQLSTATE 56038,
    # https://docs.databricks.com/aws/en/error-messages/materialized-view-operation-not-allowed-error-class).
    return errors.invalid(
        "MATERIALIZED_VIEW_OPERATION_NOT_ALLOWED.NON_MATERIALIZED_VIEW",
        f"The materialized view operation {operation} is not allowed: "
        f"{info.name.dotted} is not a materialized view. Please run {operation} again with a "
        "materialized view.",
        "56038",
    )
