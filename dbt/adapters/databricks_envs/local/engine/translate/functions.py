"""SQL scalar functions: ``CREATE [OR REPLACE] FUNCTION [IF NOT EXISTS] f(x INT, ...) RETURNS
<type> [LANGUAGE SQL] [DETERMINISTIC] [COMMENT ...] RETURN <expression or query>`` and
``DROP FUNCTION [IF EXISTS] f``.

A function is a DuckDB macro in its catalog's file, with the same schema and name: its
parameters cast to their declared types and its result to the declared return type, as
Databricks casts them. ``current_user()`` and ``is_account_group_member()`` in a body are the
invoker's, read from the session's DuckDB variables (see ``session.py``), so a function
computes for whoever calls it, in a query, a row filter or a column mask. Python bodies and
table functions are refused as not supported.
"""

from __future__ import annotations

import uuid
from dataclasses import replace

from sqlglot import exp

from dbt.adapters.databricks_envs.local.api import Result
from dbt.adapters.databricks_envs.local.engine import errors, types
from dbt.adapters.databricks_envs.local.engine.plan import Plan, Runtime, empty
from dbt.adapters.databricks_envs.local.engine.storage import functions
from dbt.adapters.databricks_envs.local.engine.storage.model import FunctionInfo, Parameter
from dbt.adapters.databricks_envs.local.engine.storage.names import RelName, ident, literal
from dbt.adapters.databricks_envs.local.engine.translate import checks, definitions, query
from dbt.adapters.databricks_envs.local.engine.translate.context import Context
from dbt.adapters.databricks_envs.local.engine.translate.names import parts_of
from dbt.adapters.databricks_envs.local.engine.translate.routines import function_name

# The session variables holding the invoker's identity (set by every session).
USER_VARIABLE = "__uc_user"
GROUPS_VARIABLE = "__uc_groups"


def duck_name(name: RelName) -> str:
    """The macro computing the function."""
    return name.duck


def target(node: exp.Create, ctx: Context) -> RelName:
    udf = node.this
    table = udf.this if isinstance(udf, exp.UserDefinedFunction) else udf
    if not isinstance(table, exp.Table):
        raise errors.parse_error("FUNCTION")
    return function_name(parts_of(table), ctx.ns)


def plan_create_function(node: exp.Create, ctx: Context) -> Plan:
    name = target(node, ctx)
    properties = node.args.get("properties")
    found = {type(p): p for p in (properties.expressions if properties else [])}
    language = found.get(exp.LanguageProperty)
    if language is not None and str(language.this).upper() != "SQL":
        raise errors.not_supported(f"{str(language.this).capitalize()} functions")
    if any(isinstance(p, exp.TemporaryProperty) for p in found.values()):
        raise errors.not_supported("temporary functions")
    returns = found.get(exp.ReturnsProperty)
    if returns is None or not isinstance(node.expression, exp.Return):
        raise errors.parse_error("FUNCTION")
    if returns.args.get("is_table"):
        raise errors.not_supported("SQL table functions")
    udf = node.this
    definitions_ = udf.expressions if isinstance(udf, exp.UserDefinedFunction) else []
    parameters = [_parameter(d, ctx) for d in definitions_]
    return_type = returns.this
    body_text = node.expression.this.sql(dialect="databricks")
    body_sql, reads = _body(node.expression.this, name, definitions_, return_type, ctx)
    macro = _macro(name, definitions_, body_sql, ctx)
    comment = found.get(exp.SchemaCommentProperty)
    stability = found.get(exp.StabilityProperty)
    or_replace = bool(node.args.get("replace"))
    if_not_exists = bool(node.args.get("exists"))

    def run(rt: Runtime) -> Result:
        def work() -> Result:
            checks.schema(rt, name.catalog, name.schema)
            existing = rt.mirror.function(name)
            if existing is not None and not or_replace:
                if if_not_exists:
                    return empty()
                raise errors.routine_already_exists(*name.parts)
            rt.cursor.execute(macro)
            now = rt.now()
            info = FunctionInfo(
                owner=existing.owner if existing else rt.principal.name,
                created=existing.created if existing else now,
                last_altered=now,
                last_altered_by=rt.principal.name,
                comment=definitions.literal_text(comment.this) if comment else None,
                properties={},
                name=name,
                parameters=tuple(p for p, _ in parameters),
                returns=_type_name(return_type, ctx),
                body=body_text,
                deterministic=stability is None or stability.name.upper() == "IMMUTABLE",
                data_access="READS SQL DATA" if reads else "CONTAINS SQL",
                object_id=existing.object_id if existing else str(uuid.uuid4()),
            )
            functions.write(rt.cursor, info)
            rt.after_commit(lambda: rt.mirror.put_function(name, info))
            return empty()

        return rt.write(work)

    return Plan(run=run, relations=tuple(reads))


def plan_drop_function(node: exp.Drop, ctx: Context) -> Plan:
    tables = node.args.get("tables") or []
    if len(tables) != 1 or not isinstance(tables[0], exp.Table):
        raise errors.parse_error("DROP FUNCTION")
    if node.args.get("temporary"):
        raise errors.not_supported("temporary functions")
    name = function_name(parts_of(tables[0]), ctx.ns)
    if_exists = bool(node.args.get("exists"))

    def run(rt: Runtime) -> Result:
        def work() -> Result:
            if rt.mirror.function(name) is None:
                if if_exists:
                    return empty()
                raise errors.routine_not_found(*name.parts)
            rt.cursor.execute(f"DROP MACRO {duck_name(name)}")
            functions.delete(rt.cursor, name)
            rt.after_commit(lambda: rt.mirror.put_function(name, None))
            return empty()

        return rt.write(work)

    return Plan(run=run)


def plan_function_owner(parts: tuple[str, ...], owner: str, ctx: Context) -> Plan:
    """ALTER FUNCTION f OWNER TO p."""
    name = function_name(parts, ctx.ns)

    def run(rt: Runtime) -> Result:
        def work() -> Result:
            existing = rt.mirror.function(name)
            if existing is None:
                raise errors.routine_not_found(*name.parts)
            info = replace(existing, owner=owner, last_altered=rt.now())
            functions.write(rt.cursor, info)
            rt.after_commit(lambda: rt.mirror.put_function(name, info))
            return empty()

        return rt.write(work)

    return Plan(run=run)


def _parameter(definition: exp.ColumnDef, ctx: Context) -> tuple[Parameter, str | None]:
    """The parameter as described, and its default as DuckDB SQL."""
    default = comment = None
    for constraint in definition.args.get("constraints") or []:
        kind = constraint.args.get("kind")
        if isinstance(kind, exp.DefaultColumnConstraint):
            default = kind.this
        elif isinstance(kind, exp.CommentColumnConstraint):
            comment = definitions.literal_text(kind.this)
    kind = definition.args.get("kind")
    if not isinstance(kind, exp.DataType):
        raise errors.parse_error(definition.name)
    described = Parameter(
        name=definition.name,
        type_name=_type_name(kind, ctx),
        default=default.sql(dialect="databricks") if default is not None else None,
        comment=comment,
    )
    return described, _expression_sql(default, ctx) if default is not None else None


def _type_name(data_type: exp.Expr, ctx: Context) -> str:
    """A declared type as Databricks names it (int, string, decimal(10,2))."""
    return types.databricks_name_of(_duck_type(data_type, ctx))


def _duck_type(data_type: exp.Expr, ctx: Context) -> str:
    select = exp.select(exp.Cast(this=exp.null(), to=data_type.copy()))
    query.translate(select, ctx)
    cast = select.expressions[0]
    to = cast.args.get("to") if isinstance(cast, exp.Cast) else None
    return to.sql(dialect="duckdb") if to is not None else "TIMESTAMP"


def _expression_sql(node: exp.Expr, ctx: Context) -> str:
    select = exp.select(node.copy())
    query.translate(select, ctx)
    return query.duck_sql(select.expressions[0])


def _body(
    body: exp.Expr,
    name: RelName,
    parameters: list[exp.ColumnDef],
    return_type: exp.Expr,
    ctx: Context,
) -> tuple[str, list[RelName]]:
    """The body as DuckDB SQL (parameters and result cast to their types); the relations it
    reads."""
    tree = exp.Subquery(this=body.copy()) if isinstance(body, exp.Query) else body.copy()
    declared = {d.name.lower(): d for d in parameters}
    for column in list(tree.find_all(exp.Column)):
        qualifier = column.table.lower()
        definition = declared.get(column.name.lower())
        if definition is None or qualifier not in ("", name.name):
            continue
        column.replace(
            exp.Cast(this=exp.column(definition.name, quoted=True), to=definition.args["kind"])
        )
    invoker_identity(tree)
    select = exp.select(exp.Cast(this=exp.Paren(this=tree), to=return_type.copy()))
    refs = query.translate(select, ctx.raw())
    return query.duck_sql(select.expressions[0]), list(refs.relations)


def invoker_identity(tree: exp.Expr) -> None:
    """``current_user()``, ``session_user()``, ``is_account_group_member(g)`` and
    ``is_member(g)`` as the invoking session's, rather than the creator's."""
    user = exp.Anonymous(this="getvariable", expressions=[exp.Literal.string(USER_VARIABLE)])
    for node in list(tree.find_all(exp.CurrentUser, exp.SessionUser)):
        node.replace(user.copy())
    for node in list(tree.find_all(exp.Anonymous)):
        if str(node.name).lower() in ("is_account_group_member", "is_member"):
            groups = exp.Anonymous(
                this="getvariable", expressions=[exp.Literal.string(GROUPS_VARIABLE)]
            )
            node.replace(
                exp.Anonymous(this="list_contains", expressions=[groups, *node.expressions])
            )


def _macro(name: RelName, parameters: list[exp.ColumnDef], body_sql: str, ctx: Context) -> str:
    declared = []
    for definition in parameters:
        _, default = _parameter(definition, ctx)
        declared.append(ident(definition.name) + (f" := {default}" if default else ""))
    return f"CREATE OR REPLACE MACRO {duck_name(name)}({', '.join(declared)}) AS ({body_sql})"


def session_identity(user: str, groups: frozenset[str]) -> list[str]:
    """The statements that give a session's cursor its principal's identity."""
    listed = ", ".join(literal(g) for g in sorted(groups))
    return [
        f"SET VARIABLE {USER_VARIABLE} = {literal(user)}",
        f"SET VARIABLE {GROUPS_VARIABLE} = CAST([{listed}] AS VARCHAR[])",
    ]
