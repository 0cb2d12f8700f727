"""ALTER TABLE / VIEW (columns, properties, renames, constraints; tags and row policies are
their own families), ALTER ... SET / UNSET (TBL|DB)PROPERTIES, ALTER ... OWNER TO, COMMENT ON."""

from __future__ import annotations

from sqlglot import exp

from dbt.adapters.databricks_envs.local.engine import errors
from dbt.adapters.databricks_envs.local.engine.security import Access, Action, SecurableKind
from dbt.adapters.databricks_envs.local.engine.statements.family import Family
from dbt.adapters.databricks_envs.local.engine.translate import (
    alter,
    alter_metadata,
    command_parser,
    commands,
    definitions,
    routines,
)
from dbt.adapters.databricks_envs.local.engine.translate.access_parts import (
    access,
    namespace,
    reads_besides,
    relation,
    target_of,
)
from dbt.adapters.databricks_envs.local.engine.translate.names import Namespace, parts_of


def _alter(node: exp.Alter, ns: Namespace, found: list[Access]) -> None:
    target = target_of(node)
    name = relation(parts_of(target), ns) if target is not None else None
    if name is not None:
        kind: SecurableKind = "view" if str(node.args.get("kind")).upper() == "VIEW" else "table"
        actions = node.args.get("actions") or []
        if not actions:
            found.append(access("alter", kind, name))
        for action in actions:
            found.append(access(_alter_action(action), kind, name))
            if isinstance(action, exp.AlterRename) and isinstance(action.this, exp.Table):
                parts = parts_of(action.this)
                new = relation(parts if len(parts) > 1 else (*name.split(".")[:2], parts[0]), ns)
                if new:
                    found.append(access("create", kind, new))
    reads_besides(node, ns, found, target)


def _alter_action(action: exp.Expr) -> Action:
    """``amend`` for what changes columns or table properties, ``alter`` for the rest."""
    if isinstance(action, (exp.Schema, exp.ColumnDef, exp.AlterColumn)):
        return "amend"
    if isinstance(action, exp.Drop) and str(action.args.get("kind")).upper() in (
        "COLUMN",
        "COLUMNS",
    ):
        return "amend"
    if isinstance(action, exp.AlterSet) and set(action.args) <= {"expressions"}:
        return "amend"
    return "alter"


def _unset_properties(
    command: commands.UnsetTblProperties, ns: Namespace, found: list[Access]
) -> None:
    name = relation(command.table, ns)
    if name:
        found.append(access("amend", "view" if command.view else "table", name))


def _owner_or_properties(
    command: commands.SetOwner | commands.SetProperties, ns: Namespace, found: list[Access]
) -> None:
    kind = command.kind
    action: Action = "transfer" if isinstance(command, commands.SetOwner) else "alter"
    if kind == "CATALOG":
        found.append(access(action, "catalog", command.name[-1]))
    elif kind in ("SCHEMA", "DATABASE"):
        catalog, schema = namespace(command.name, ns)
        found.append(access(action, "schema", f"{catalog}.{schema}"))
    elif kind == "FUNCTION":
        function = routines.function_name(command.name, ns).dotted
        found.append(access(action, "function", function))
    else:
        name = relation(command.name, ns)
        if name:
            found.append(access(action, "view" if kind == "VIEW" else "table", name))


def _comment(command: commands.CommentOn, ns: Namespace, found: list[Access]) -> None:
    kind = command.kind
    if kind == "CATALOG":
        found.append(access("amend", "catalog", command.name[-1]))
    elif kind == "SCHEMA":
        catalog, schema = namespace(command.name, ns)
        found.append(access("amend", "schema", f"{catalog}.{schema}"))
    else:
        parts = command.name[:-1] if kind == "COLUMN" else command.name
        name = relation(parts, ns)
        if name:
            found.append(access("amend", "view" if kind == "VIEW" else "table", name))


def _comment_command(node: object) -> commands.CommentOn | None:
    """COMMENT ON, which sqlglot parses, as the command the token parser would make."""
    if not isinstance(node, exp.Comment):
        return None
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


# ALTER statements sqlglot cannot read go through one grammar, which makes the command of the
# family each belongs to (tags, row policies, owner, properties, a view's query).
ALTER = Family(
    "alter",
    (exp.Alter,),
    alter.plan_alter,
    accesses=_alter,
    tokens=lambda s, sql, parse_query: command_parser.alter(s, parse_query),
)
UNSET_PROPERTIES = Family(
    "unset properties",
    (commands.UnsetTblProperties,),
    alter_metadata.plan_alter_command,
    accesses=_unset_properties,
)
OWNER_OR_PROPERTIES = Family(
    "owner or properties",
    (commands.SetOwner, commands.SetProperties),
    alter_metadata.plan_alter_command,
    accesses=_owner_or_properties,
)
COMMENT = Family(
    "comment on",
    (commands.CommentOn,),
    alter_metadata.plan_comment,
    accesses=_comment,
    lift=_comment_command,
    tokens=lambda s, sql, parse_query: command_parser.comment_on(s),
)
FAMILIES = (ALTER, UNSET_PROPERTIES, OWNER_OR_PROPERTIES, COMMENT)
