"""Unity Catalog tags: ``ALTER CATALOG|SCHEMA|TABLE|VIEW <name> SET TAGS ('k' = 'v', ...)`` /
``UNSET TAGS ('k', ...)``, the same on a column (``ALTER TABLE t ALTER COLUMN c SET TAGS``),
and ``SET TAG ON <kind> <name> k [= v]`` / ``UNSET TAG ON <kind> <name> k``
(https://docs.databricks.com/aws/sql/language-manual/sql-ref-syntax-ddl-set-tag: ``tag_key`` and
``tag_value`` are identifiers, a missing value makes a key-only tag, and "if a tag assignment
with the same key already exists an exception is raised"; ALTER ... SET TAGS overwrites).

Tags are kept in the object's metadata row, so they last as long as the object: ``CREATE OR
REPLACE TABLE`` keeps them (dbt-databricks diffs its tags against the ones a replaced table
retains), ``DROP`` forgets them. Who may set them is ``security/policy.py``'s business.
"""

from __future__ import annotations

from sqlglot import exp
from sqlglot.tokens import TokenType

from dbt.adapters.databricks_envs.local.engine import errors
from dbt.adapters.databricks_envs.local.engine.plan import Plan, Runtime
from dbt.adapters.databricks_envs.local.engine.storage import objects
from dbt.adapters.databricks_envs.local.engine.storage.model import VIEW, RelationInfo
from dbt.adapters.databricks_envs.local.engine.translate.commands import Name, TagChange
from dbt.adapters.databricks_envs.local.engine.translate.context import Context
from dbt.adapters.databricks_envs.local.engine.translate.definitions import literal_text
from dbt.adapters.databricks_envs.local.engine.translate.relation_change import (
    any_kind_runner,
    namespace_change,
    namespace_of,
    relation_name,
    runner,
)
from dbt.adapters.databricks_envs.local.engine.translate.tokens import TokenStream

_KINDS = {"CATALOG": "CATALOG", "SCHEMA": "SCHEMA", "DATABASE": "SCHEMA", "TABLE": "TABLE"}
_KINDS["VIEW"] = "VIEW"
_UNSUPPORTED = {
    "VOLUME": "tags on volumes",
    "FUNCTION": "tags on functions",
    "PROCEDURE": "tags on procedures",
    "EXTERNAL": "tags on external metadata",
    "MATERIALIZED": "SET TAG ON MATERIALIZED VIEW (ALTER MATERIALIZED VIEW ... SET TAGS works)",
    "STREAMING": "streaming tables",
}


# Parsing.


def alter_tags(s: TokenStream, kind: str, name: Name) -> TagChange | None:
    """The rest of ``ALTER <kind> <name> ...`` if it changes tags, else None (nothing read)."""
    kind = _KINDS[kind]
    start = s.pos
    column = None
    if kind in ("TABLE", "VIEW") and s.accept_any("ALTER", "CHANGE"):
        s.accept("COLUMN")
        column = s.name()[-1]
    if s.accept("SET", "TAGS"):
        return TagChange(kind, name, column, assign=_pairs(s))
    if s.accept("UNSET", "TAGS"):
        s.accept("IF", "EXISTS")
        return TagChange(kind, name, column, remove=_keys(s))
    s.pos = start
    return None


def tag_on(s: TokenStream, unset: bool) -> TagChange:
    """``SET TAG ON`` / ``UNSET TAG ON``, after those words."""
    word = s.peek_word()
    if word in _UNSUPPORTED:
        raise errors.not_supported(_UNSUPPORTED[word])
    if word not in (*_KINDS, "COLUMN"):
        raise s.syntax_error()
    s.pos += 1
    name = s.name()
    column = None
    if word == "COLUMN":
        if len(name) < 2:
            raise s.syntax_error()
        name, column = name[:-1], name[-1]
    key = _word(s)
    if unset:
        s.ensure_done()
        return TagChange("TABLE" if column else _KINDS[word], name, column, remove=(key,))
    value = _word(s) if s.accept("=") else ""
    s.ensure_done()
    kind = "TABLE" if column else _KINDS[word]
    return TagChange(kind, name, column, assign=((key, value),), new_only=True)


def from_tree(node: exp.Alter) -> TagChange | None:
    """``ALTER TABLE|VIEW t SET TAGS (...)`` as sqlglot parses it."""
    actions = node.args.get("actions") or []
    if len(actions) != 1 or not isinstance(actions[0], exp.AlterSet):
        return None
    found = actions[0].args.get("tag")
    if not found:
        return None
    items: list[exp.Expr] = []
    for group in found:
        items.extend(group.expressions if isinstance(group, exp.Tuple) else [group.unnest()])
    pairs = []
    for item in items:
        if isinstance(item, exp.EQ):
            pairs.append((literal_text(item.this), literal_text(item.expression)))
        else:
            pairs.append((literal_text(item), ""))
    if not pairs:
        raise errors.parse_error(")")
    target = node.this
    assert isinstance(target, exp.Table)
    parts = tuple(p.name.lower() for p in target.parts)
    kind = str(node.args.get("kind") or "").upper()
    return TagChange(_KINDS.get(kind, "TABLE"), parts, None, assign=tuple(pairs))


def _pairs(s: TokenStream) -> tuple[tuple[str, str], ...]:
    s.expect("(")
    pairs = []
    while True:
        key = _word(s)
        pairs.append((key, _word(s) if s.accept("=") else ""))
        if not s.accept(","):
            break
    s.expect(")")
    s.ensure_done()
    return tuple(pairs)


def _keys(s: TokenStream) -> tuple[str, ...]:
    s.expect("(")
    keys = [_word(s)]
    while s.accept(","):
        keys.append(_word(s))
    s.expect(")")
    s.ensure_done()
    return tuple(keys)


def _word(s: TokenStream) -> str:
    """A tag key or value: a string literal or an identifier, as written."""
    token = s.peek()
    if token is None or token.token_type in (TokenType.L_PAREN, TokenType.R_PAREN):
        raise s.syntax_error()
    if token.token_type == TokenType.STRING:
        return s.string()
    if token.token_type in (TokenType.COMMA, TokenType.EQ):
        raise s.syntax_error()
    s.pos += 1
    return token.text


# Planning.


def plan_tags(change: TagChange, ctx: Context) -> Plan:
    if change.kind in ("SCHEMA", "CATALOG"):
        catalog, schema = namespace_of(change.kind, change.name, ctx)
        label = f"{change.kind.lower()} {'.'.join(p for p in (catalog, schema) if p)}"

        def change_row(rt: Runtime, row: objects.ObjectRow) -> None:
            row.details["tags"] = _changed(row.details.get("tags", {}), change, label)

        return namespace_change(catalog, schema, change_row)
    name = relation_name(change.name, ctx)

    def step(rt: Runtime, info: RelationInfo, row: objects.ObjectRow) -> None:
        if change.column is None:
            label = f"{info.kind.lower()} {name.dotted}"
            row.details["tags"] = _changed(row.details.get("tags", {}), change, label)
            return
        column = info.column(change.column)
        if column is None:
            raise errors.unresolved_column(change.column, [c.name for c in info.columns])
        lowered = column.name.lower()
        by_column = {
            k: dict(v)
            for k, v in row.details.get("column_tags", {}).items()
            if k.lower() != lowered
        }
        current: dict[str, str] = next(
            (v for k, v in row.details.get("column_tags", {}).items() if k.lower() == lowered),
            {},
        )
        label = f"column {name.dotted}.{column.name}"
        by_column[column.name] = _changed(current, change, label)
        row.details["column_tags"] = {k: v for k, v in by_column.items() if v}

    run = runner(name, VIEW, [step]) if change.kind == VIEW else any_kind_runner(name, step)
    return Plan(run=run, relations=(name,))


def _changed(current: dict[str, str], change: TagChange, label: str) -> dict[str, str]:
    tags = dict(current)
    for key, value in change.assign:
        if change.new_only and key in tags:
            raise errors.invalid(
                "INVALID_PARAMETER_VALUE",
                f"The tag {key} is already assigned to {label}. Use ALTER ... SET TAGS to "
                "change its value.",
                "22023",
            )
        tags[key] = value
    for key in change.remove:
        tags.pop(key, None)
    return tags
