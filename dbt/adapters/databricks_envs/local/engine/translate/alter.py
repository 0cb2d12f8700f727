"""ALTER TABLE / VIEW / SCHEMA / CATALOG and COMMENT ON.

Column changes go to DuckDB; table properties, owners, partitioning, clustering and
informational constraints go to the engine metadata row, in the same transaction.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlglot import exp

from dbt.adapters.databricks_envs.local.api import Result
from dbt.adapters.databricks_envs.local.engine import errors, results
from dbt.adapters.databricks_envs.local.engine.plan import Plan, Runtime, empty
from dbt.adapters.databricks_envs.local.engine.storage import objects
from dbt.adapters.databricks_envs.local.engine.storage.model import TABLE, VIEW, Owned, RelationInfo
from dbt.adapters.databricks_envs.local.engine.storage.names import RelName, ident, literal
from dbt.adapters.databricks_envs.local.engine.translate import (
    checks,
    commands,
    create,
    definitions,
    query,
)
from dbt.adapters.databricks_envs.local.engine.translate.context import Context
from dbt.adapters.databricks_envs.local.engine.translate.names import (
    parts_of,
    relation_parts,
    resolve_parts,
)

Step = Callable[[Runtime, RelationInfo, objects.ObjectRow], None]


def plan_alter(node: exp.Alter, ctx: Context) -> Plan:
    kind = str(node.args.get("kind") or "").upper()
    if kind not in (TABLE, VIEW):
        raise errors.not_supported(f"ALTER {kind}")
    target = node.this
    assert isinstance(target, exp.Table)
    actions = node.args.get("actions") or []
    if kind == VIEW and len(actions) == 1 and isinstance(actions[0], query.QUERY_TYPES):
        command = commands.AlterViewAs(parts_of(target), actions[0], create.view_text(ctx.text))
        return plan_alter_view_as(command, ctx)
    name = relation_parts(target, ctx.ns)
    steps = [_step(action, name, ctx) for action in node.args.get("actions") or []]
    renamed = next(
        (a for a in node.args.get("actions") or [] if isinstance(a, exp.AlterRename)), None
    )
    new_name = _rename_target(renamed, name, ctx) if renamed is not None else None
    return Plan(run=_runner(name, kind, steps, new_name), relations=(name,))


def _runner(
    name: RelName, kind: str, steps: list[Step], new_name: RelName | None = None
) -> Callable[[Runtime], Result]:
    def run(rt: Runtime) -> Result:
        def work() -> Result:
            info = checks.relation(rt, name)
            if info.kind != kind:
                raise errors.invalid(
                    f"EXPECT_{kind}_NOT_{info.kind}.USE_ALTER_{info.kind}",
                    f"'ALTER {kind}' expects a {kind.lower()}, but {name.dotted} is a "
                    f"{info.kind.lower()}. Please use ALTER {info.kind} instead.",
                    "42809",
                )
            row = _row(rt, info)
            for step in steps:
                step(rt, info, row)
            row.last_altered, row.last_altered_by = rt.now(), rt.principal.name
            objects.write(rt.cursor, name.catalog, row)
            rt.after_commit(lambda: rt.mirror.load_relation(rt.cursor, name))
            if new_name is not None:
                rt.after_commit(lambda: rt.mirror.load_relation(rt.cursor, new_name))
            return empty()

        return rt.write(work)

    return run


def _row(rt: Runtime, info: RelationInfo) -> objects.ObjectRow:
    row = objects.read_one(rt.cursor, *info.name.parts)
    if row is not None:
        return row
    return objects.ObjectRow(
        kind=objects.KIND_VIEW if info.is_view else objects.KIND_TABLE,
        schema=info.name.schema,
        name=info.name.name,
        owner=info.owner,
        created=info.created,
        last_altered=info.last_altered,
        last_altered_by=info.last_altered_by,
        properties=dict(info.properties),
        details={"provider": info.provider} if info.provider else {},
    )


def _rename_target(action: exp.AlterRename, name: RelName, ctx: Context) -> RelName:
    new = action.this
    assert isinstance(new, exp.Table)
    parts = parts_of(new)
    target = RelName(name.catalog, name.schema, parts[0]) if len(parts) == 1 else None
    if target is None:
        resolved = resolve_parts(parts, ctx.ns)
        if not isinstance(resolved, RelName):
            raise errors.parse_error(".".join(parts))
        target = resolved
    if (target.catalog, target.schema) != (name.catalog, name.schema):
        raise errors.not_supported("renaming a table or view into another schema or catalog")
    return target


def _step(action: exp.Expr, name: RelName, ctx: Context) -> Step:
    if isinstance(action, exp.AlterSet):
        return _set_step(action)
    if isinstance(action, (exp.Schema, exp.ColumnDef)):
        schema = action if isinstance(action, exp.Schema) else exp.Schema(expressions=[action])
        return _add_columns(definitions.column_definitions(schema, ctx), name)
    if isinstance(action, exp.Drop):
        return _drop_step(action, name)
    if isinstance(action, exp.AlterRename):
        return _rename(_rename_target(action, name, ctx), name)
    if isinstance(action, exp.RenameColumn):
        old, new = action.this.name, action.args["to"].name
        return _sql_step(
            f"ALTER TABLE {name.duck} RENAME COLUMN {ident(old)} TO {ident(new)}",
            lambda row: _rename_in_details(row, old, new),
        )
    if isinstance(action, exp.AlterColumn):
        return _alter_column(action, name, ctx)
    if isinstance(action, exp.AddConstraint):
        return _add_constraint(action, ctx)
    if isinstance(action, exp.ClusterProperty):
        return _cluster(action)
    raise errors.not_supported(f"ALTER ... {action.sql(dialect='databricks')[:40]}")


def _set_step(action: exp.AlterSet) -> Step:
    if action.args.get("tag"):
        raise errors.not_supported("tags (SET TAGS / UNSET TAGS)")
    properties = [e for e in action.expressions if isinstance(e, exp.Properties)]
    if not properties:
        raise errors.not_supported(f"ALTER ... {action.sql(dialect='databricks')[:40]}")
    pairs = definitions.property_pairs(properties[0].expressions)

    def step(rt: Runtime, info: RelationInfo, row: objects.ObjectRow) -> None:
        row.properties.update(pairs)

    return step


def _sql_step(sql: str, update: Callable[[objects.ObjectRow], None] | None = None) -> Step:
    def step(rt: Runtime, info: RelationInfo, row: objects.ObjectRow) -> None:
        rt.cursor.execute(sql)
        if update is not None:
            update(row)

    return step


def _add_columns(columns: definitions.Columns, name: RelName) -> Step:
    def step(rt: Runtime, info: RelationInfo, row: objects.ObjectRow) -> None:
        for column in columns.columns:
            rt.cursor.execute(f"ALTER TABLE {name.duck} ADD COLUMN {column.duck_sql}")
            if column.comment is not None:
                rt.cursor.execute(
                    f"COMMENT ON COLUMN {name.duck}.{ident(column.name)} "
                    f"IS {literal(column.comment)}"
                )

    return step


def _drop_step(action: exp.Drop, name: RelName) -> Step:
    kind = str(action.args.get("kind") or "").upper()
    items = action.args.get("tables") or []
    if kind == "CONSTRAINT":
        constraint = items[0].name

        def drop_constraint(rt: Runtime, info: RelationInfo, row: objects.ObjectRow) -> None:
            kept = [c for c in row.details.get("constraints", []) if c[0] != constraint]
            row.details["constraints"] = kept

        return drop_constraint
    if kind not in ("COLUMN", "COLUMNS"):
        raise errors.not_supported(f"ALTER ... DROP {kind}")
    columns = [
        c.name
        for item in items
        for c in (item.expressions if isinstance(item, exp.Schema) else [item])
    ]
    if_exists = bool(action.args.get("exists"))

    def drop_columns(rt: Runtime, info: RelationInfo, row: objects.ObjectRow) -> None:
        for column in columns:
            if info.column(column) is None:
                if if_exists:
                    continue
                raise errors.unresolved_column(column, [c.name for c in info.columns])
            rt.cursor.execute(f"ALTER TABLE {name.duck} DROP COLUMN {ident(column)}")

    return drop_columns


def _rename(new: RelName, name: RelName) -> Step:
    def step(rt: Runtime, info: RelationInfo, row: objects.ObjectRow) -> None:
        if rt.mirror.relation(new) is not None:
            raise errors.table_already_exists(*new.parts)
        rt.cursor.execute(f"ALTER {info.kind} {name.duck} RENAME TO {ident(new.name)}")
        objects.delete(rt.cursor, name.catalog, name.schema, name.name)
        row.name = new.name

    return step


def _rename_in_details(row: objects.ObjectRow, old: str, new: str) -> None:
    for key in ("partition_by", "cluster_by"):
        row.details[key] = [new if c == old else c for c in row.details.get(key, [])]


def _alter_column(action: exp.AlterColumn, name: RelName, ctx: Context) -> Step:
    column = action.this.name
    target = f"{name.duck}.{ident(column)}"
    statements: list[str] = []
    prefix = f"ALTER TABLE {name.duck} ALTER COLUMN {ident(column)}"
    if action.args.get("dtype") is not None:
        dtype = action.args["dtype"].copy()
        query.translate(dtype, ctx)
        statements.append(f"{prefix} TYPE {query.duck_sql(dtype)}")
    if action.args.get("allow_null") is False:
        statements.append(f"{prefix} SET NOT NULL")
    elif action.args.get("drop") and action.args.get("allow_null"):
        statements.append(f"{prefix} DROP NOT NULL")
    elif action.args.get("drop"):
        statements.append(f"{prefix} DROP DEFAULT")
    if action.args.get("default") is not None:
        statements.append(f"{prefix} SET DEFAULT {query.duck_sql(action.args['default'])}")
    comment = action.args.get("comment")
    if comment is not None:
        statements.append(
            f"COMMENT ON COLUMN {target} IS {literal(definitions.literal_text(comment))}"
        )
    rename_to = action.args.get("rename_to")
    if rename_to is not None and rename_to.name != column:
        statements.append(
            f"ALTER TABLE {name.duck} RENAME COLUMN {ident(column)} TO {ident(rename_to.name)}"
        )
    if not statements:
        raise errors.not_supported(f"ALTER COLUMN {action.sql(dialect='databricks')[:40]}")

    def step(rt: Runtime, info: RelationInfo, row: objects.ObjectRow) -> None:
        if info.column(column) is None:
            raise errors.unresolved_column(column, [c.name for c in info.columns])
        for sql in statements:
            rt.cursor.execute(sql)

    return step


def _add_constraint(action: exp.AddConstraint, ctx: Context) -> Step:
    found = definitions.Columns()
    for constraint in action.expressions:
        if isinstance(constraint, exp.Constraint):
            parts = constraint.expressions
            if any(isinstance(p, exp.CheckColumnConstraint) for p in parts):
                raise errors.not_supported("adding CHECK constraints to an existing table")
            definitions.table_constraint(constraint.name, parts, ctx, found)
        else:
            definitions.table_constraint("", [constraint], ctx, found)

    def step(rt: Runtime, info: RelationInfo, row: objects.ObjectRow) -> None:
        existing = [
            c for c in row.details.get("constraints", []) if c[0] not in dict(found.informational)
        ]
        row.details["constraints"] = existing + [list(c) for c in found.informational]

    return step


def _cluster(action: exp.ClusterProperty) -> Step:
    mode = str(action.this).upper() if action.this is not None else ""
    columns = [c.name for c in action.expressions] if not mode else []

    def step(rt: Runtime, info: RelationInfo, row: objects.ObjectRow) -> None:
        row.details["cluster_by"] = columns
        row.details["cluster_auto"] = mode == "AUTO"

    return step


def plan_alter_command(
    command: commands.UnsetTblProperties | commands.SetProperties | commands.SetOwner,
    ctx: Context,
) -> Plan:
    if isinstance(command, commands.UnsetTblProperties):
        name = _relation(command.table, ctx)
        keys = command.keys

        def unset(rt: Runtime, info: RelationInfo, row: objects.ObjectRow) -> None:
            for key in keys:
                row.properties.pop(key, None)

        return Plan(run=_runner(name, VIEW if command.view else TABLE, [unset]), relations=(name,))
    if command.kind in (TABLE, VIEW):
        assert isinstance(command, commands.SetOwner)
        name = _relation(command.name, ctx)
        owner = command.owner

        def set_owner(rt: Runtime, info: RelationInfo, row: objects.ObjectRow) -> None:
            row.owner = owner

        return Plan(run=_runner(name, command.kind, [set_owner]), relations=(name,))
    return _plan_namespace_change(command, ctx)


def _relation(parts: tuple[str, ...], ctx: Context) -> RelName:
    resolved = resolve_parts(parts, ctx.ns)
    if not isinstance(resolved, RelName):
        raise errors.not_supported("altering information_schema or temporary views")
    return resolved


def _plan_namespace_change(
    command: commands.SetProperties | commands.SetOwner | commands.CommentOn, ctx: Context
) -> Plan:
    """Owner, properties or comment of a schema or catalog: only the metadata row changes."""
    if command.kind == "CATALOG":
        catalog, schema = command.name[-1], ""
    else:
        parts = command.name
        catalog, schema = (ctx.ns.catalog, parts[0]) if len(parts) == 1 else parts[-2:]

    def run(rt: Runtime) -> Result:
        def work() -> Result:
            info: Owned
            if schema:
                info = checks.schema(rt, catalog, schema).info
            else:
                info = checks.catalog(rt, catalog).info
            row = objects.read_one(rt.cursor, catalog, schema, "") or objects.ObjectRow(
                kind=objects.KIND_SCHEMA if schema else objects.KIND_CATALOG,
                schema=schema,
                name="",
                owner=info.owner,
                created=info.created,
                last_altered=info.last_altered,
                last_altered_by=info.last_altered_by,
                comment=info.comment,
                properties=dict(info.properties),
            )
            if isinstance(command, commands.SetOwner):
                row.owner = command.owner
            elif isinstance(command, commands.SetProperties):
                row.properties.update(dict(command.properties))
            else:
                row.comment = command.comment
            row.last_altered, row.last_altered_by = rt.now(), rt.principal.name
            objects.write(rt.cursor, catalog, row)
            if schema:
                rt.after_commit(lambda: rt.mirror.load_schema(rt.cursor, catalog, schema))
            else:
                rt.after_commit(lambda: rt.mirror.load_catalog(rt.cursor, catalog))
            return empty()

        return rt.write(work)

    return Plan(run=run)


def plan_comment(command: commands.CommentOn, ctx: Context) -> Plan:
    if command.kind in ("SCHEMA", "CATALOG"):
        return _plan_namespace_change(command, ctx)
    comment = "NULL" if command.comment is None else literal(command.comment)
    if command.kind == "COLUMN":
        name, column = _relation(command.name[:-1], ctx), command.name[-1]

        def comment_column(rt: Runtime, info: RelationInfo, row: objects.ObjectRow) -> None:
            found = info.column(column)
            if found is None:
                raise errors.unresolved_column(column, [c.name for c in info.columns])
            rt.cursor.execute(f"COMMENT ON COLUMN {name.duck}.{ident(found.name)} IS {comment}")

        return Plan(run=_any_kind_runner(name, comment_column), relations=(name,))
    name = _relation(command.name, ctx)

    def comment_relation(rt: Runtime, info: RelationInfo, row: objects.ObjectRow) -> None:
        rt.cursor.execute(f"COMMENT ON {info.kind} {name.duck} IS {comment}")

    return Plan(run=_any_kind_runner(name, comment_relation), relations=(name,))


def _any_kind_runner(name: RelName, step: Step) -> Callable[[Runtime], Result]:
    def run(rt: Runtime) -> Result:
        info = rt.mirror.relation(name)
        kind = info.kind if info is not None else TABLE
        return _runner(name, kind, [step])(rt)

    return run


def plan_alter_view_as(command: commands.AlterViewAs, ctx: Context) -> Plan:
    name = _relation(command.view, ctx)
    select_sql, refs = query.translate_query(command.query, ctx)
    text = command.text.strip()

    def redefine(rt: Runtime, info: RelationInfo, row: objects.ObjectRow) -> None:
        normalized, _ = results.normalized(rt.cursor, select_sql)
        rt.cursor.execute(f"CREATE OR REPLACE VIEW {name.duck} AS {normalized}")
        if info.comment is not None:
            rt.cursor.execute(f"COMMENT ON VIEW {name.duck} IS {literal(info.comment)}")
        row.details["view_text"] = text

    return Plan(
        run=_runner(name, VIEW, [redefine]),
        relations=(name, *refs.relations),
        one_part=tuple(refs.one_part.items()),
        info_tables=refs.info_tables(),
    )
