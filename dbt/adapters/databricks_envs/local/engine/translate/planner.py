"""From a parsed statement to a plan: one dispatch over every kind of statement."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from sqlglot import exp

from dbt.adapters.databricks_envs.local.engine import errors
from dbt.adapters.databricks_envs.local.engine.introspect import describe, describe_function, show
from dbt.adapters.databricks_envs.local.engine.plan import Plan
from dbt.adapters.databricks_envs.local.engine.results import Parameters
from dbt.adapters.databricks_envs.local.engine.translate import (
    accesses,
    alter,
    alter_metadata,
    clone,
    commands,
    create,
    create_view,
    definitions,
    drop,
    functions,
    history,
    insert,
    merge,
    modify,
    parse,
    query,
    row_policies,
    session_statements,
    tags,
)
from dbt.adapters.databricks_envs.local.engine.translate.context import Context
from dbt.adapters.databricks_envs.local.engine.translate.names import parts_of
from dbt.adapters.databricks_envs.local.engine.translate.parse import Statement


def plan(statement: Statement, ctx: Context) -> Plan:
    if isinstance(statement, exp.Comment):
        statement = _comment_command(statement)
    elif isinstance(statement, exp.Create) and statement.args.get("clone") is not None:
        statement = clone.from_tree(statement) or statement
    elif isinstance(statement, exp.Describe):
        statement = history.from_tree(statement) or statement
    elif isinstance(statement, exp.Alter):
        statement = tags.from_tree(statement) or row_policies.from_tree(statement) or statement
    # Accesses come from the untouched tree: planning rewrites it in place.
    needed = accesses.of(statement, ctx.ns)
    result = _plan(statement, ctx)
    return replace(result, accesses=needed)


def template(tree: exp.Expr, ctx: Context) -> Callable[[Parameters], Plan]:
    """The plans of a parameterized query (see templates.py), by the values of its parameters."""
    needed = accesses.of(tree, ctx.ns)
    bind = query.template_query(tree, ctx)
    return lambda parameters: replace(bind(parameters), accesses=needed)


def _plan(statement: Statement, ctx: Context) -> Plan:
    if isinstance(statement, query.QUERY_TYPES):
        return query.plan_query(statement, ctx)
    if isinstance(statement, exp.Expr):
        return _plan_tree(statement, ctx)
    return _plan_command(statement, ctx)


def _plan_tree(node: exp.Expr, ctx: Context) -> Plan:
    kind = str(node.args.get("kind") or "").upper()
    if isinstance(node, exp.Create):
        if kind == "VIEW" and not node.args.get("clone"):
            return create_view.plan_view(node, ctx)
        if kind == "FUNCTION":
            return functions.plan_create_function(node, ctx)
        return create.plan_create(node, ctx)
    if isinstance(node, exp.Drop):
        if kind == "FUNCTION":
            return functions.plan_drop_function(node, ctx)
        return drop.plan_drop(node, ctx)
    if isinstance(node, exp.Insert):
        return insert.plan_insert(node, ctx)
    if isinstance(node, exp.Merge):
        return merge.plan_merge(node, ctx)
    if isinstance(node, (exp.Update, exp.Delete)):
        return modify.plan_update_or_delete(node, ctx)
    if isinstance(node, exp.TruncateTable):
        return modify.plan_truncate(node, ctx)
    if isinstance(node, exp.Alter):
        return alter.plan_alter(node, ctx)
    if isinstance(node, exp.Describe):
        if kind == "FUNCTION" and isinstance(node.this, exp.Table):
            extended = str(node.args.get("style") or "").upper() == "EXTENDED"
            return describe_function.plan_describe_function(parts_of(node.this), extended, ctx)
        return describe.plan_describe(node, ctx)
    if isinstance(node, exp.Use):
        return session_statements.plan_use(node, ctx)
    if isinstance(node, exp.Set):
        return session_statements.plan_set(node)
    if isinstance(node, exp.Analyze):
        tables = node.args.get("tables") or [node.this]
        return session_statements.plan_maintenance(_parts(tables[0]), ctx)
    if isinstance(node, exp.Refresh):
        return session_statements.plan_maintenance(_parts(node.this), ctx)
    if isinstance(node, (exp.Grant, exp.Revoke)):
        raise errors.not_supported("GRANT / REVOKE (Unity Catalog privileges)")
    if isinstance(node, exp.Copy):
        raise errors.not_supported("COPY INTO")
    raise errors.not_supported(f"{type(node).__name__.upper()} statements")


def _comment_command(node: exp.Comment) -> commands.CommentOn:
    kind = str(node.args.get("kind") or "").upper()
    this = node.this
    if isinstance(this, exp.Column):
        parts = (*tuple(p.name.lower() for p in this.parts[:-1]), this.name)
    elif isinstance(this, exp.Table):
        parts = parts_of(this)
    else:
        raise errors.parse_error(str(this))
    comment = node.expression
    text = None if isinstance(comment, exp.Null) else definitions.literal_text(comment)
    return commands.CommentOn("SCHEMA" if kind == "DATABASE" else kind, parts, text)


def _parts(node: exp.Expr | None) -> tuple[str, ...] | None:
    return parts_of(node) if isinstance(node, exp.Table) else None


def _plan_command(command: commands.Command, ctx: Context) -> Plan:
    if isinstance(command, history.COMMANDS):
        return history.plan(command, ctx)
    if isinstance(command, commands.MergeWithSchemaEvolution):
        return merge.plan_merge(command.merge, ctx, schema_evolution=True)
    if isinstance(command, commands.ReplaceOn):
        return insert.plan_replace_on(command, ctx)
    if isinstance(command, commands.CreateCatalog):
        return drop.plan_create_catalog(command)
    if isinstance(command, commands.DropCatalog):
        return drop.plan_drop_catalog(command)
    if isinstance(command, commands.ShowConfig):
        return session_statements.plan_show_config(command)
    if isinstance(command, commands.Maintenance):
        return session_statements.plan_maintenance(command.table, ctx)
    if isinstance(
        command, (commands.UnsetTblProperties, commands.SetProperties, commands.SetOwner)
    ):
        return alter_metadata.plan_alter_command(command, ctx)
    if isinstance(command, commands.Explain):
        explained = parse.parse(command.statement)
        if len(explained) != 1:
            raise errors.parse_error("EXPLAIN")
        if isinstance(explained[0], query.QUERY_TYPES):
            return query.plan_explain(explained[0], ctx)
        raise errors.not_supported("EXPLAIN of statements other than queries")
    if isinstance(command, commands.CommentOn):
        return alter_metadata.plan_comment(command, ctx)
    if isinstance(command, commands.TagChange):
        return tags.plan_tags(command, ctx)
    if isinstance(command, commands.RowFilterChange):
        return row_policies.plan_row_filter(command, ctx)
    if isinstance(command, commands.ColumnMaskChange):
        return row_policies.plan_column_mask(command, ctx)
    if isinstance(command, commands.CloneTable):
        return clone.plan_clone(command, ctx)
    if isinstance(command, commands.CreateWithPolicies):
        extra = row_policies.create_details(command.row_filter, command.masks, ctx)
        return create.plan_create(command.create, ctx, extra)
    if isinstance(command, commands.AlterViewAs):
        return alter_metadata.plan_alter_view_as(command, ctx)
    if isinstance(
        command,
        (commands.DescribeDetail, commands.DescribeCatalog, commands.DescribeQuery),
    ):
        return describe.plan_describe_command(command, ctx)
    return show.plan_show(command, ctx)
