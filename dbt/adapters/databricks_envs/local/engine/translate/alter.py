"""ALTER TABLE / VIEW / SCHEMA / CATALOG and COMMENT ON.

Column changes go to DuckDB; table properties, owners, partitioning, clustering and
informational constraints go to the engine metadata row, in the same transaction.
"""

from __future__ import annotations

from collections.abc import Callable

import sqlglot
from sqlglot import exp

from dbt.adapters.databricks_envs.local.engine import errors
from dbt.adapters.databricks_envs.local.engine.plan import Plan, Runtime
from dbt.adapters.databricks_envs.local.engine.storage import objects
from dbt.adapters.databricks_envs.local.engine.storage.history import Operation
from dbt.adapters.databricks_envs.local.engine.storage.model import TABLE, VIEW, RelationInfo
from dbt.adapters.databricks_envs.local.engine.storage.names import RelName, alias, ident, literal
from dbt.adapters.databricks_envs.local.engine.translate import (
    alter_metadata,
    commands,
    create_view,
    definitions,
    expressions,
    parse,
    query,
    versions,
)
from dbt.adapters.databricks_envs.local.engine.translate.context import Context
from dbt.adapters.databricks_envs.local.engine.translate.names import (
    parts_of,
    relation_parts,
    resolve_parts,
)
from dbt.adapters.databricks_envs.local.engine.translate.relation_change import (
    Step,
    drop_column_metadata,
    rename_column_metadata,
    runner,
)


def plan_alter(node: exp.Alter, ctx: Context) -> Plan:
    kind = str(node.args.get("kind") or "").upper()
    if kind not in (TABLE, VIEW):
        raise errors.not_supported(f"ALTER {kind}")
    target = node.this
    assert isinstance(target, exp.Table)
    actions = node.args.get("actions") or []
    if kind == VIEW and len(actions) == 1 and isinstance(actions[0], query.QUERY_TYPES):
        text = create_view.view_text(ctx.text)
        command = commands.AlterViewAs(parts_of(target), actions[0], text)
        return alter_metadata.plan_alter_view_as(command, ctx)
    name = relation_parts(target, ctx.ns)
    steps = [_step(action, name, ctx) for action in node.args.get("actions") or []]
    renamed = next(
        (a for a in node.args.get("actions") or [] if isinstance(a, exp.AlterRename)), None
    )
    new_name = _rename_target(renamed, name, ctx) if renamed is not None else None
    operation = next(
        (op for op in (_operation(a) for a in node.args.get("actions") or []) if op), None
    )
    return Plan(run=runner(name, kind, steps, new_name, operation), relations=(name,))


def _operation(action: exp.Expr) -> Operation | None:
    """The operation DESCRIBE HISTORY shows for an ALTER TABLE action (None: no version)."""
    if isinstance(action, exp.AlterSet):
        properties = [e for e in action.expressions if isinstance(e, exp.Properties)]
        pairs = definitions.property_pairs(properties[0].expressions) if properties else {}
        return versions.alter("SET TBLPROPERTIES", {"properties": pairs})
    if isinstance(action, (exp.Schema, exp.ColumnDef)):
        added = action.expressions if isinstance(action, exp.Schema) else [action]
        return versions.alter("ADD COLUMNS", {"columns": [{"column": c.name} for c in added]})
    if isinstance(action, exp.Drop):
        kind = str(action.args.get("kind") or "").upper()
        return versions.alter("DROP CONSTRAINT" if kind == "CONSTRAINT" else "DROP COLUMNS")
    if isinstance(action, exp.RenameColumn):
        return versions.alter("RENAME COLUMN")
    if isinstance(action, exp.AlterColumn):
        return versions.alter("CHANGE COLUMN", {"column": action.this.name})
    if isinstance(action, exp.AddConstraint):
        return versions.alter("ADD CONSTRAINT")
    if isinstance(action, exp.ClusterProperty):
        return versions.alter("CLUSTER BY")
    return None


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
        return _drop_step(action, name, ctx)
    if isinstance(action, exp.AlterRename):
        return _rename(_rename_target(action, name, ctx), name)
    if isinstance(action, exp.RenameColumn):
        old, new = action.this.name, action.args["to"].name
        return _sql_step(
            f"ALTER TABLE {name.duck} RENAME COLUMN {ident(old)} TO {ident(new)}",
            lambda row: rename_column_metadata(row, old, new),
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


def _drop_step(action: exp.Drop, name: RelName, ctx: Context) -> Step:
    kind = str(action.args.get("kind") or "").upper()
    items = action.args.get("tables") or []
    if kind == "CONSTRAINT":
        return _drop_constraint(items[0].name, bool(action.args.get("exists")), ctx)
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
            drop_column_metadata(row, column)

    return drop_columns


def _rename(new: RelName, name: RelName) -> Step:
    def step(rt: Runtime, info: RelationInfo, row: objects.ObjectRow) -> None:
        if rt.mirror.relation(new) is not None:
            raise errors.table_already_exists(*new.parts)
        rt.cursor.execute(f"ALTER {info.kind} {name.duck} RENAME TO {ident(new.name)}")
        objects.delete(rt.cursor, name.catalog, name.schema, name.name)
        row.name = new.name

    return step


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
        if rename_to is not None and rename_to.name != column:
            rename_column_metadata(row, column, rename_to.name)

    return step


# Where Databricks shows a CHECK constraint: TBLPROPERTIES ('delta.constraints.<name>' = <expr>).
_CHECK_PROPERTY = "delta.constraints."


def _add_constraint(action: exp.AddConstraint, ctx: Context) -> Step:
    found = definitions.Columns()
    checks: list[tuple[str, str, str]] = []  # (name, Databricks text, DuckDB expression)
    for constraint in action.expressions:
        if isinstance(constraint, exp.Constraint):
            parts = constraint.expressions
            for part in parts:
                if isinstance(part, exp.CheckColumnConstraint):
                    checks.append(_check(constraint.name, part, ctx))
            definitions.table_constraint(constraint.name, parts, ctx, found)
        else:
            definitions.table_constraint("", [constraint], ctx, found)

    def step(rt: Runtime, info: RelationInfo, row: objects.ObjectRow) -> None:
        if checks:
            for check_name, _, _ in checks:
                if _CHECK_PROPERTY + check_name.lower() in row.properties:
                    raise errors.error(
                        "DELTA_CONSTRAINT_ALREADY_EXISTS",
                        "42710",
                        f"Constraint '{check_name}' already exists. Please delete the old "
                        "constraint first.",
                    )
            _add_checks(rt, info, checks, found.duck_constraints)
            # Databricks keeps a CHECK as a table property, where dbt-databricks reads it back.
            for check_name, shown, duck in checks:
                row.properties[_CHECK_PROPERTY + check_name.lower()] = shown
                row.details.setdefault("checks", {})[check_name.lower()] = duck
        existing = [
            c for c in row.details.get("constraints", []) if c[0] not in dict(found.informational)
        ]
        row.details["constraints"] = existing + [list(c) for c in found.informational]

    return step


def _check(name: str, part: exp.CheckColumnConstraint, ctx: Context) -> tuple[str, str, str]:
    shown = part.this.sql(dialect="databricks")
    duck = part.copy()
    expressions.rewrite(duck, ctx.values)
    return name, shown, duck.this.sql(dialect="duckdb")


def _add_checks(
    rt: Runtime, info: RelationInfo, checks: list[tuple[str, str, str]], duck_sql: list[str]
) -> None:
    """ALTER TABLE ... ADD CONSTRAINT ... CHECK: every existing row must satisfy it, as on
    Databricks ("ALTER TABLE ADD CONSTRAINT verifies that all existing rows satisfy the
    constraint before adding it", delta/constraints); then it holds for every later write.
    DuckDB cannot add a CHECK to a table, so the table is rebuilt with it, rows unchanged."""
    name = info.name
    for _name, shown, expression in checks:
        (violating,) = rt.cursor.execute(
            f"SELECT count(*) FROM {name.duck} WHERE NOT ({expression})"
        ).fetchone() or (0,)
        if violating:
            raise errors.error(
                "DELTA_NEW_CHECK_CONSTRAINT_VIOLATION",
                "23512",
                f"{violating} rows in {name.dotted} violate the new CHECK constraint ({shown})",
            )

    def add(schema: exp.Schema) -> str:
        body = schema.sql(dialect="duckdb")
        return body[: body.rindex(")")] + ", " + ", ".join(duck_sql) + ")"

    _rebuild(rt, name, add)


def _drop_constraint(constraint: str, if_exists: bool, ctx: Context) -> Step:
    """ALTER TABLE ... DROP CONSTRAINT [IF EXISTS]: a CHECK leaves the table (rebuilt without
    it, rows and comments kept) and its ``delta.constraints.<name>`` property; an informational
    one leaves the metadata row. A missing one fails as Delta fails, unless IF EXISTS."""

    def step(rt: Runtime, info: RelationInfo, row: objects.ObjectRow) -> None:
        key = _CHECK_PROPERTY + constraint.lower()
        informational = [c for c in row.details.get("constraints", []) if c[0] == constraint]
        if key in row.properties:
            shown = row.properties.pop(key)
            duck = row.details.get("checks", {}).pop(constraint.lower(), None)
            _drop_check(rt, info.name, duck or _duck_check(shown, ctx))
        elif informational:
            kept = [c for c in row.details.get("constraints", []) if c[0] != constraint]
            row.details["constraints"] = kept
        elif not if_exists:
            raise errors.error(
                "DELTA_CONSTRAINT_DOES_NOT_EXIST",
                "42704",
                f"Cannot drop nonexistent constraint {constraint} from table "
                f"{errors.quote_parts(*info.name.parts)}. To avoid throwing an error, provide "
                "the parameter IF EXISTS or set the SQL session configuration "
                "spark.databricks.delta.constraints.assumesDropIfExists.enabled to true.",
            )

    return step


def _duck_check(shown: str, ctx: Context) -> str:
    """The DuckDB expression of a CHECK as Databricks shows it (a table whose constraint was
    added before the engine recorded DuckDB's)."""
    tree = sqlglot.parse_one(shown, read=parse.LocalDatabricks)
    expressions.rewrite(tree, ctx.values)
    return tree.sql(dialect="duckdb")


def _drop_check(rt: Runtime, name: RelName, duck: str) -> None:
    wanted = _bare(sqlglot.parse_one(duck, read="duckdb"))

    def without(schema: exp.Schema) -> str:
        found = [
            e
            for e in schema.expressions
            if isinstance(e, exp.CheckColumnConstraint) and _bare(e.this) == wanted
        ]
        if not found:
            raise errors.internal(f"The CHECK constraint ({duck}) of {name.dotted} is not in it.")
        schema.set("expressions", [e for e in schema.expressions if e is not found[0]])
        return schema.sql(dialect="duckdb")

    _rebuild(rt, name, without)


def _bare(node: exp.Expr) -> str:
    return node.unnest().sql(dialect="duckdb")


def _rebuild(rt: Runtime, name: RelName, definition: Callable[[exp.Schema], str]) -> None:
    """Rebuilds the DuckDB table from its own DDL, changed by ``definition`` (the staging
    table's schema, as SQL), keeping its rows and comments: DuckDB can neither add nor drop
    a CHECK in place."""
    (ddl,) = rt.cursor.execute(
        "SELECT sql FROM duckdb_tables() WHERE database_name = ? AND schema_name = ? "
        "AND table_name = ?",
        [alias(name.catalog), name.schema, name.name],
    ).fetchone() or ("",)
    created = sqlglot.parse_one(ddl, read="duckdb")
    schema = created.this if isinstance(created, exp.Create) else None
    if not isinstance(schema, exp.Schema):
        raise errors.not_supported("changing the CHECK constraints of this table")
    staging = f"{name.name}__dbenvs_check"
    schema.set(
        "this",
        exp.to_table(
            f"{ident(alias(name.catalog))}.{ident(name.schema)}.{ident(staging)}", dialect="duckdb"
        ),
    )
    rt.cursor.execute(f"CREATE TABLE {definition(schema)}")
    staged = f"{ident(alias(name.catalog))}.{ident(name.schema)}.{ident(staging)}"
    rt.cursor.execute(f"INSERT INTO {staged} SELECT * FROM {name.duck}")
    where = [alias(name.catalog), name.schema, name.name]
    comments = rt.cursor.execute(
        "SELECT column_name, comment FROM duckdb_columns() WHERE database_name = ? "
        "AND schema_name = ? AND table_name = ? AND comment IS NOT NULL",
        where,
    ).fetchall()
    (table_comment,) = rt.cursor.execute(
        "SELECT comment FROM duckdb_tables() WHERE database_name = ? AND schema_name = ? "
        "AND table_name = ?",
        where,
    ).fetchone() or (None,)
    rt.cursor.execute(f"DROP TABLE {name.duck}")
    rt.cursor.execute(f"ALTER TABLE {staged} RENAME TO {ident(name.name)}")
    # DuckDB keeps comments on the table itself: the rebuilt one gets them back.
    for column, comment in comments:
        rt.cursor.execute(f"COMMENT ON COLUMN {name.duck}.{ident(column)} IS {literal(comment)}")
    if table_comment is not None:
        rt.cursor.execute(f"COMMENT ON TABLE {name.duck} IS {literal(table_comment)}")


def _cluster(action: exp.ClusterProperty) -> Step:
    mode = str(action.this).upper() if action.this is not None else ""
    columns = [c.name for c in action.expressions] if not mode else []

    def step(rt: Runtime, info: RelationInfo, row: objects.ObjectRow) -> None:
        row.details["cluster_by"] = columns
        row.details["cluster_auto"] = mode == "AUTO"

    return step
