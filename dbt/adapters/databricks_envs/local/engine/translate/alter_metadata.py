"""ALTER ... UNSET TBLPROPERTIES, OWNER TO, SET [DB]PROPERTIES, ALTER VIEW ... AS and COMMENT ON:
changes of an object's metadata rather than of its columns."""

from __future__ import annotations

from dbt.adapters.databricks_envs.local.engine import errors, results
from dbt.adapters.databricks_envs.local.engine.plan import Plan, Runtime
from dbt.adapters.databricks_envs.local.engine.storage import objects
from dbt.adapters.databricks_envs.local.engine.storage.model import TABLE, VIEW, RelationInfo
from dbt.adapters.databricks_envs.local.engine.storage.names import ident, literal
from dbt.adapters.databricks_envs.local.engine.translate import commands, functions, query, versions
from dbt.adapters.databricks_envs.local.engine.translate.context import Context
from dbt.adapters.databricks_envs.local.engine.translate.relation_change import (
    any_kind_runner,
    namespace_change,
    namespace_of,
    relation_name,
    runner,
)


def plan_alter_command(
    command: commands.UnsetTblProperties | commands.SetProperties | commands.SetOwner,
    ctx: Context,
) -> Plan:
    if isinstance(command, commands.UnsetTblProperties):
        name = relation_name(command.table, ctx)
        keys = command.keys

        def unset(rt: Runtime, info: RelationInfo, row: objects.ObjectRow) -> None:
            for key in keys:
                row.properties.pop(key, None)

        operation = versions.alter(
            "UNSET TBLPROPERTIES", {"properties": list(command.keys), "ifExists": "true"}
        )
        kind = VIEW if command.view else TABLE
        return Plan(run=runner(name, kind, [unset], operation=operation), relations=(name,))
    if command.kind == "FUNCTION":
        assert isinstance(command, commands.SetOwner)
        return functions.plan_function_owner(command.name, command.owner, ctx)
    if command.kind in (TABLE, VIEW):
        assert isinstance(command, commands.SetOwner)
        name = relation_name(command.name, ctx)
        owner = command.owner

        def set_owner(rt: Runtime, info: RelationInfo, row: objects.ObjectRow) -> None:
            row.owner = owner

        return Plan(run=runner(name, command.kind, [set_owner]), relations=(name,))
    return _plan_namespace_change(command, ctx)


def _plan_namespace_change(
    command: commands.SetProperties | commands.SetOwner | commands.CommentOn, ctx: Context
) -> Plan:
    """Owner, properties or comment of a schema or catalog: only the metadata row changes."""
    catalog, schema = namespace_of(command.kind, command.name, ctx)

    def change(rt: Runtime, row: objects.ObjectRow) -> None:
        if isinstance(command, commands.SetOwner):
            row.owner = command.owner
        elif isinstance(command, commands.SetProperties):
            row.properties.update(dict(command.properties))
        else:
            row.comment = command.comment

    return namespace_change(catalog, schema, change)


def plan_comment(command: commands.CommentOn, ctx: Context) -> Plan:
    if command.kind in ("SCHEMA", "CATALOG"):
        return _plan_namespace_change(command, ctx)
    comment = "NULL" if command.comment is None else literal(command.comment)
    if command.kind == "COLUMN":
        name, column = relation_name(command.name[:-1], ctx), command.name[-1]

        def comment_column(rt: Runtime, info: RelationInfo, row: objects.ObjectRow) -> None:
            found = info.column(column)
            if found is None:
                raise errors.unresolved_column(column, [c.name for c in info.columns])
            rt.cursor.execute(f"COMMENT ON COLUMN {name.duck}.{ident(found.name)} IS {comment}")

        return Plan(run=any_kind_runner(name, comment_column), relations=(name,))
    name = relation_name(command.name, ctx)

    def comment_relation(rt: Runtime, info: RelationInfo, row: objects.ObjectRow) -> None:
        # A materialized view's rows are a DuckDB table.
        duck_kind = VIEW if info.is_view else TABLE
        rt.cursor.execute(f"COMMENT ON {duck_kind} {name.duck} IS {comment}")

    return Plan(run=any_kind_runner(name, comment_relation), relations=(name,))


def plan_alter_view_as(command: commands.AlterViewAs, ctx: Context) -> Plan:
    name = relation_name(command.view, ctx)
    select_sql, refs = query.translate_query(command.query, ctx.raw())
    text = command.text.strip()
    reads = sorted({r.dotted for r in refs.relations})

    def redefine(rt: Runtime, info: RelationInfo, row: objects.ObjectRow) -> None:
        normalized, _ = results.normalized(rt.cursor, select_sql)
        rt.cursor.execute(f"CREATE OR REPLACE VIEW {name.duck} AS {normalized}")
        if info.comment is not None:
            rt.cursor.execute(f"COMMENT ON VIEW {name.duck} IS {literal(info.comment)}")
        row.details["view_text"] = text
        row.details["reads"] = reads

    return Plan(
        run=runner(name, VIEW, [redefine]),
        relations=(name, *refs.relations),
        one_part=tuple(refs.one_part.items()),
        info_tables=refs.info_tables(),
    )
