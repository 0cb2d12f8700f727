"""Parsing the statements sqlglot does not parse into a tree, on their tokens."""

from __future__ import annotations

import functools
from collections.abc import Callable

from sqlglot import exp
from sqlglot.tokens import TokenType

from dbt.adapters.databricks_envs.local.engine import errors
from dbt.adapters.databricks_envs.local.engine.translate import (
    row_policies,
    tags,
    unmodelled,
)
from dbt.adapters.databricks_envs.local.engine.translate.command_reads import one_part
from dbt.adapters.databricks_envs.local.engine.translate.commands import (
    AlterViewAs,
    Command,
    CommentOn,
    CreateCatalog,
    DropCatalog,
    Explain,
    Maintenance,
    MergeWithSchemaEvolution,
    ParseQuery,
    SetOwner,
    SetProperties,
    UnsetTblProperties,
)
from dbt.adapters.databricks_envs.local.engine.translate.tokens import TokenStream

# A family's grammar for its statements sqlglot cannot read (see statements/family.py).
TokenGrammar = Callable[[TokenStream, str, ParseQuery], "Command | exp.Expr | None"]


def parse_command(sql: str, parse_query: ParseQuery) -> Command | exp.Expr:
    """Parses a statement sqlglot could not; raises PARSE_SYNTAX_ERROR or NOT_SUPPORTED.

    What the local warehouse refuses is recognized first (``unmodelled.py``); then each
    statement family's token grammar is asked in turn (``statements/family.py``: ``tokens``),
    the first to recognize the statement's leading words making its command."""
    s = TokenStream(sql)
    unmodelled.refuse(s)
    for recognize in _token_grammars():
        found = recognize(s, sql, parse_query)
        if found is not None:
            return found
        s.pos = 0
    raise s.syntax_error()


@functools.cache
def _token_grammars() -> tuple[TokenGrammar, ...]:
    # Imported here: the registry imports the planners, which import this module.
    from dbt.adapters.databricks_envs.local.engine import statements

    return tuple(f.tokens for f in statements.REGISTRY if f.tokens is not None)


def create_catalog(s: TokenStream) -> CreateCatalog | None:
    if not (s.accept("CREATE", "CATALOG") or s.accept("CREATE", "DATABASE", "CATALOG")):
        return None
    if_not_exists = s.accept("IF", "NOT", "EXISTS")
    name = s.name()
    comment = None
    while not s.done:
        if s.accept("COMMENT"):
            comment = s.string()
        elif s.accept("MANAGED", "LOCATION"):
            raise errors.not_supported("catalog managed locations")
        elif s.accept("USING", "SHARE"):
            raise errors.not_supported("Delta Sharing")
        else:
            raise s.syntax_error()
    return CreateCatalog(one_part(s, name), if_not_exists, comment)


def drop_catalog(s: TokenStream) -> DropCatalog | None:
    if not s.accept("DROP", "CATALOG"):
        return None
    if_exists = s.accept("IF", "EXISTS")
    name = s.name()
    cascade = s.accept_any("CASCADE", "RESTRICT") == "CASCADE"
    s.ensure_done()
    return DropCatalog(one_part(s, name), if_exists, cascade)


def explain(s: TokenStream) -> Explain | None:
    if not s.accept("EXPLAIN"):
        return None
    s.accept_any("EXTENDED", "CODEGEN", "COST", "FORMATTED")
    return Explain(s.rest())


def maintenance(s: TokenStream) -> Maintenance | None:
    if s.accept_any("OPTIMIZE", "VACUUM"):
        return Maintenance(s.name())
    if s.accept_any("CACHE", "UNCACHE", "CLEAR", "MSCK", "FSCK"):
        return Maintenance(None)
    return None


def merge_with_schema_evolution(
    s: TokenStream, parse_query: ParseQuery
) -> MergeWithSchemaEvolution | None:
    if not s.accept("MERGE", "WITH", "SCHEMA", "EVOLUTION"):
        return None
    merged = parse_query("MERGE " + s.rest())
    if not isinstance(merged, exp.Merge):
        raise s.syntax_error()
    return MergeWithSchemaEvolution(merged)


def _heredoc(s: TokenStream, offset: int) -> bool:
    """Whether a ``$$ ... $$`` text (a metric view's YAML) starts at ``offset``."""
    token, following = s.peek(offset), s.peek(offset + 1)
    if token is not None and token.token_type == TokenType.HEREDOC_STRING:
        return True
    return bool(token and following and token.text == "$" and following.text == "$")


def comment_on(s: TokenStream) -> CommentOn | None:
    if not s.accept("COMMENT", "ON"):
        return None
    kind = s.accept_any("TABLE", "VIEW", "COLUMN", "SCHEMA", "DATABASE", "CATALOG")
    if kind is None:
        raise s.syntax_error()
    name = s.name()
    s.expect("IS")
    comment = None if s.accept("NULL") else s.string()
    s.ensure_done()
    return CommentOn("SCHEMA" if kind == "DATABASE" else kind, name, comment)


def alter(s: TokenStream, parse_query: ParseQuery) -> Command | exp.Expr | None:
    """ALTER statements sqlglot cannot read: one grammar, making the command of the family
    each belongs to (tags, row policies, owner, properties, a view's query)."""
    if not s.accept("ALTER"):
        return None
    kind = s.accept_any("TABLE", "VIEW", "SCHEMA", "DATABASE", "CATALOG", "FUNCTION")
    if kind is None:
        if s.accept("STREAMING", "TABLE"):
            raise errors.not_supported("streaming tables")
        raise s.syntax_error()
    name_start = s.pos
    name = s.name()
    name_text = s.text_between(s.tokens[name_start].start, s.tokens[s.pos - 1].end + 1)
    if kind == "FUNCTION" and not (s.peek_word() == "OWNER" or s.peek_word(1) == "OWNER"):
        raise errors.not_supported("ALTER FUNCTION (other than OWNER TO)")
    tag_change = tags.alter_tags(s, kind, name) if kind != "FUNCTION" else None
    if tag_change is not None:
        return tag_change
    if kind == "TABLE" and s.accept("CHANGE"):
        # Hive's CHANGE [COLUMN] c ... is ALTER COLUMN c ...: reparse it as such.
        s.accept("COLUMN")
        return parse_query(f"ALTER TABLE {name_text} ALTER COLUMN {s.rest()}")
    if s.accept("OWNER", "TO") or s.accept("SET", "OWNER", "TO"):
        owner = s.maybe_string() or ".".join(s.name())
        s.ensure_done()
        return SetOwner(kind, name, owner)
    if kind in ("TABLE", "VIEW") and s.accept("UNSET", "TBLPROPERTIES"):
        s.accept("IF", "EXISTS")
        keys = tuple(s.paren_strings())
        s.ensure_done()
        return UnsetTblProperties(name, keys, kind == "VIEW")
    if kind == "VIEW" and s.peek_word() == "AS" and _heredoc(s, 1):
        raise errors.not_supported("metric views")
    if kind == "VIEW" and s.accept("AS"):
        text = s.rest()
        return AlterViewAs(name, parse_query(text), text)
    if kind in ("SCHEMA", "DATABASE", "CATALOG") and (
        s.accept("SET", "DBPROPERTIES") or s.accept("SET", "PROPERTIES")
    ):
        properties = s.paren_pairs()
        s.ensure_done()
        return SetProperties(kind, name, tuple(properties.items()))
    policy = row_policies.alter_policy(s, name) if kind == "TABLE" else None
    if policy is not None:
        return policy
    if _column_action(s, "MASK") or s.accept("SET", "ROW", "FILTER"):
        raise errors.not_supported("row filters and column masks on views")
    if s.accept("SET", "LOCATION"):
        raise errors.not_supported("table locations (external tables)")
    raise s.syntax_error()


def _column_action(s: TokenStream, thing: str) -> bool:
    """ALTER COLUMN c SET|UNSET|DROP <thing>."""
    start = s.pos
    if s.accept("ALTER", "COLUMN") or s.accept("ALTER"):
        s.name()
        if s.accept_any("SET", "UNSET", "DROP") and s.accept(thing):
            return True
    s.pos = start
    return False
