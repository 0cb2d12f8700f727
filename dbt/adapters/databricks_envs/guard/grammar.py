"""Which catalogs a statement writes to, read from its leading tokens.

In Databricks SQL the object a statement writes sits at a fixed place in its header:
``INSERT INTO <t>``, ``ALTER VIEW <v>``, ``GRANT ... ON SCHEMA <s>``. The grammar below reads only
that header, so the cost does not grow with the query body, and a body sqlglot's parser does not
understand (new Databricks syntax, pipe operators, YAML in ``$$``) cannot hide or invent a
target. Statements that may write but do not fit are refused with the reason, never let through.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlglot.errors import TokenError
from sqlglot.tokens import Token, TokenType

from dbt.adapters.databricks_envs.guard.lexer import (
    CannotAnalyze,
    Cursor,
    Name,
    NeedMoreText,
    describe,
    statements,
    tokenize,
    tokenize_prefix,
    word,
)
from dbt.adapters.databricks_envs.guard.model import UnparsableWrite, Write
from dbt.adapters.databricks_envs.guard.objects import (
    Kind,
    Level,
    catalog_of,
    kind,
    required_name,
    shown,
)
from dbt.adapters.databricks_envs.spark_comments import (
    UnreadableSql,
    skip_leading_comments,
    without_comments,
)

# Reading and inspecting statements, and ones that only change the session.
_NO_WRITE = frozenset(
    {"SELECT", "VALUES", "TABLE", "SHOW", "DESCRIBE", "DESC", "EXPLAIN", "LIST"}
    | {"RESET", "DECLARE", "CACHE", "UNCACHE", "CLEAR", "ADD", "COMMIT", "ROLLBACK"}
)
_TEMPORARY = frozenset({"TEMPORARY", "TEMP"})
_QUERY_START = frozenset({"SELECT", "VALUES", "TABLE", "FROM", "WITH", "MAP", "REDUCE"})
# Without dbt's query comment, this much holds the header of nearly every statement dbt sends;
# the rest need one or two longer looks, never a lexing of the whole query.
_PREFIX_START = 160
_PREFIX_GROWTH = 4


@dataclass
class Session:
    """The session state a statement can change and later statements depend on."""

    catalog: str


def writes_in(sql: str, session: Session) -> list[Write]:
    """The writes of every statement in ``sql``, updating ``session`` as USE statements run."""
    try:
        sql = without_comments(skip_leading_comments(sql))
    except UnreadableSql as error:
        raise UnparsableWrite(statement_kind(sql), str(error)) from None
    if ";" not in sql.rstrip().rstrip(";"):
        from_prefix = _writes_from_prefix(sql, session)
        if from_prefix is not None:
            return from_prefix
    try:
        parts = list(statements(tokenize(sql)))
    except TokenError:
        raise UnparsableWrite(statement_kind(sql), "it cannot be read as SQL") from None
    except CannotAnalyze as error:
        raise UnparsableWrite(statement_kind(sql), str(error)) from None
    writes: list[Write] = []
    for statement in parts:
        writes.extend(_statement_writes(statement, session, truncated=False))
    return writes


def statement_kind(sql: str) -> str:
    """The statement's leading keyword, as refusals name it (``COPY``, ``CREATE``)."""
    first = sql.lstrip().split(None, 1)[:1]
    spelled = first[0].upper() if first else ""
    return spelled if spelled.isalpha() and len(spelled) <= 20 else "SQL"


def _writes_from_prefix(sql: str, session: Session) -> list[Write] | None:
    """A single statement's writes read from its beginning only, or None if its header does not
    fit in a prefix shorter than the statement, so that the cost of a statement does not grow
    with the length of its query."""
    length = _PREFIX_START
    while length < len(sql):
        statement = next(statements(tokenize_prefix(sql, length) or []), None)
        if statement is not None:
            trial = Session(session.catalog)
            try:
                writes = _statement_writes(statement, trial, truncated=True)
            except NeedMoreText:
                writes = None
            if writes is not None:
                session.catalog = trial.catalog
                return writes
        length *= _PREFIX_GROWTH
    return None


def _statement_writes(tokens: list[Token], session: Session, *, truncated: bool) -> list[Write]:
    if word(tokens[0]) in _NO_WRITE:
        return []  # most statements dbt sends: decided without looking further
    try:
        return _dispatch(Cursor(tokens, truncated=truncated), session)
    except TokenError:
        raise UnparsableWrite(word(tokens[0]) or "SQL", "it cannot be read as SQL") from None
    except CannotAnalyze as error:
        raise UnparsableWrite(word(tokens[0]) or "SQL", str(error)) from None


def _dispatch(cur: Cursor, session: Session) -> list[Write]:
    first = cur.peek()
    if first is None or first.token_type == TokenType.L_PAREN:
        return []
    verb = cur.word()
    cur.pos += 1
    if verb in _NO_WRITE:
        return []
    handler = _HANDLERS.get(verb)
    if handler is None:
        raise CannotAnalyze(
            f"statements starting with {describe(first)} are not known to the write guard"
        )
    return handler(cur, session)


def _write(
    session: Session, name: Name, level: Level, action: str, *, metastore: bool = False
) -> list[Write]:
    # Creating, dropping or renaming a whole catalog changes the metastore too.
    metastore = metastore or (level is Level.CATALOG and action in _CATALOG_LIFECYCLE)
    catalog = catalog_of(name, level, session.catalog)
    return [Write(catalog, shown(name, level), action, metastore)]


_CATALOG_LIFECYCLE = frozenset({"create", "replace", "drop", "undrop", "rename"})


def _above(cur: Cursor, found: Kind, action: str) -> list[Write]:
    """A write to a securable above the catalogs (``SHARE s``, ``METASTORE``)."""
    name = cur.name()
    target = f"{found.label} {name.text}" if name is not None else found.label
    return [Write("", target, action, metastore=True)]


def _object(action: str) -> Callable[[Cursor, Session], list[Write]]:
    """``<VERB> [TABLE] <name>``: statements on one table named right after the verb."""

    def handler(cur: Cursor, session: Session) -> list[Write]:
        if cur.string() is not None:
            raise CannotAnalyze(f"{action.upper()} of a storage path is not in any catalog")
        cur.accept("TABLE")
        return _write(session, required_name(cur), Level.RELATION, action)

    return handler


def _after(words: tuple[str, ...], action: str) -> Callable[[Cursor, Session], list[Write]]:
    """``<VERB> <words> <name>``: ``MERGE INTO t``, ``COPY INTO t``, ``DELETE FROM t``."""

    def handler(cur: Cursor, session: Session) -> list[Write]:
        if not cur.accept(*words):
            raise CannotAnalyze(f"expected {' '.join(words)} after {action.upper()}")
        return _write(session, required_name(cur), Level.RELATION, action)

    return handler


def _merge(cur: Cursor, session: Session) -> list[Write]:
    cur.accept("WITH", "SCHEMA", "EVOLUTION")
    return _after(("INTO",), "merge")(cur, session)


def _create(cur: Cursor, session: Session) -> list[Write]:
    replace = cur.accept("OR", "REPLACE")
    if not replace:
        cur.accept("OR", "REFRESH")
    cur.accept("GLOBAL")
    if cur.accept_one(_TEMPORARY):
        return []  # temporary views, functions and tables live in the session only
    action = "replace" if replace else "create"
    found = kind(cur)
    cur.accept("IF", "NOT", "EXISTS")
    if found.level is Level.OUTSIDE:
        return _above(cur, found, action)
    return _write(session, required_name(cur), found.level, action)


def _replace(cur: Cursor, session: Session) -> list[Write]:
    if not cur.accept("TABLE"):
        raise CannotAnalyze("expected TABLE after REPLACE")
    return _write(session, required_name(cur), Level.RELATION, "replace")


def _drop(cur: Cursor, session: Session, action: str = "drop") -> list[Write]:
    if cur.accept_one(_TEMPORARY):
        return []
    found = kind(cur)
    cur.accept("IF", "EXISTS")
    if found.level is Level.OUTSIDE:
        return _above(cur, found, action)
    return _write(session, required_name(cur), found.level, action)


def _undrop(cur: Cursor, session: Session) -> list[Write]:
    return _drop(cur, session, "undrop")


def _alter(cur: Cursor, session: Session) -> list[Write]:
    found = kind(cur)
    level = found.level
    cur.accept("IF", "EXISTS")
    if level is Level.OUTSIDE:
        return _above(cur, found, "alter")
    name = required_name(cur)
    moved = cur.accept("RENAME", "TO") or cur.accept("MOVE", "TO")
    if not moved:
        return _write(session, name, level, "alter")
    new_name = required_name(cur)
    source = catalog_of(name, level, session.catalog)
    # An unqualified new name stays next to the old one (Spark keeps the source's namespace).
    destination = catalog_of(new_name, level, source)
    target = f"{shown(name, level)} to {new_name.text}"
    metastore = level is Level.CATALOG
    return [
        Write(source, target, "rename", metastore),
        Write(destination, target, "rename", metastore),
    ]


def _comment(cur: Cursor, session: Session) -> list[Write]:
    if not cur.accept("ON"):
        raise CannotAnalyze("expected ON after COMMENT")
    return _kind_and_name(cur, session, "comment")


def _kind_and_name(cur: Cursor, session: Session, action: str) -> list[Write]:
    """``<kind> <name>``: ``TABLE t``, ``SCHEMA s``, ``COLUMN t.c``, ``SHARE s`` ..."""
    found = kind(cur)
    if found.level is Level.OUTSIDE:
        return _above(cur, found, action)
    return _write(session, required_name(cur), found.level, action)


def _privileges(action: str) -> Callable[[Cursor, Session], list[Write]]:
    """GRANT / REVOKE / DENY ``<privileges> ON [<kind>] <securable> TO|FROM <principal>``."""

    def handler(cur: Cursor, session: Session) -> list[Write]:
        if not cur.seek({"ON"}):
            raise CannotAnalyze(f"no ON <securable> clause in {action.upper()}")
        found = kind(cur, default=Level.RELATION)
        level = found.level
        if level is Level.OUTSIDE:
            writes = _above(cur, found, action)
            if not cur.accept_one({"TO", "FROM"}):
                raise CannotAnalyze(f"cannot tell what {action.upper()} ... ON applies to")
            return writes
        name = cur.name()
        if name is None and level is not Level.CATALOG:
            raise CannotAnalyze(f"no securable named after ON in {action.upper()}")
        # An unknown kind word would pass for the name: the principal must follow the name.
        if not cur.accept_one({"TO", "FROM"}):
            raise CannotAnalyze(f"cannot tell what {action.upper()} ... ON applies to")
        if name is None:
            # `ON CATALOG` without a name means the current catalog.
            return [Write(session.catalog, f"CATALOG {session.catalog}", action)]
        return _write(session, name, level, action)

    return handler


def _insert(cur: Cursor, session: Session) -> list[Write]:
    cur.accept("WITH", "SCHEMA", "EVOLUTION")
    mode = cur.accept_one({"INTO", "OVERWRITE"})
    if not mode:
        raise CannotAnalyze("expected INTO or OVERWRITE after INSERT")
    if mode == "OVERWRITE" and (cur.accept("LOCAL", "DIRECTORY") or cur.accept("DIRECTORY")):
        raise CannotAnalyze("INSERT OVERWRITE DIRECTORY writes to a storage path, not a catalog")
    cur.accept("TABLE")
    name = required_name(cur)
    overwrite = mode == "OVERWRITE" or _replaces_rows(cur)
    return _write(session, name, Level.RELATION, "overwrite" if overwrite else "insert")


def _replaces_rows(cur: Cursor) -> bool:
    """Whether the INSERT header has REPLACE WHERE / ON / USING before its query starts."""
    while not cur.at_end():
        if cur.is_group():
            cur.skip_group()
            continue
        current = cur.word()
        if current in _QUERY_START:
            return False
        if current == "REPLACE" and cur.word(1) in ("WHERE", "ON", "USING"):
            return True
        cur.pos += 1
    return False


def _analyze(cur: Cursor, session: Session) -> list[Write]:
    if cur.accept("TABLES"):
        if cur.accept_one({"IN", "FROM"}):
            return _write(session, required_name(cur), Level.SCHEMA, "analyze")
        return [Write(session.catalog, "TABLES in the current schema", "analyze")]
    if not cur.accept("TABLE"):
        raise CannotAnalyze("expected TABLE or TABLES after ANALYZE")
    return _write(session, required_name(cur), Level.RELATION, "analyze")


def _repair(cur: Cursor, session: Session) -> list[Write]:
    """``MSCK REPAIR TABLE t`` / ``FSCK REPAIR TABLE t``; ``REPAIR TABLE t`` arrives here
    with REPAIR already read."""
    cur.accept("REPAIR")
    if not cur.accept("TABLE"):
        raise CannotAnalyze("expected REPAIR TABLE")
    return _write(session, required_name(cur), Level.RELATION, "repair")


def _sync(cur: Cursor, session: Session) -> list[Write]:
    """``SYNC TABLE t FROM src`` / ``SYNC SCHEMA s FROM src``: upgrading a Hive table marks the
    source as upgraded, so both sides are written."""
    found = kind(cur)
    if found.level not in (Level.RELATION, Level.SCHEMA):
        raise CannotAnalyze("expected TABLE or SCHEMA after SYNC")
    writes = _write(session, required_name(cur), found.level, "sync")
    if cur.accept("FROM"):
        writes += _write(session, required_name(cur), found.level, "sync")
    return writes


def _begin(cur: Cursor, session: Session) -> list[Write]:
    if cur.accept_one({"TRANSACTION", "WORK"}) or cur.at_end():
        return []
    raise CannotAnalyze(
        "a SQL script (BEGIN ... END) runs statements the write guard does not analyze"
    )


def _generate(cur: Cursor, session: Session) -> list[Write]:
    if not cur.seek({"FOR"}) or not cur.accept("TABLE"):
        raise CannotAnalyze("expected FOR TABLE in GENERATE")
    return _write(session, required_name(cur), Level.RELATION, "generate")


def _load(cur: Cursor, session: Session) -> list[Write]:
    if not cur.seek({"INTO"}) or not cur.accept("TABLE"):
        raise CannotAnalyze("expected INTO TABLE in LOAD DATA")
    return _write(session, required_name(cur), Level.RELATION, "load")


def _convert(cur: Cursor, session: Session) -> list[Write]:
    if not cur.accept("TO", "DELTA"):
        raise CannotAnalyze("expected TO DELTA after CONVERT")
    return _write(session, required_name(cur), Level.RELATION, "convert")


def _refresh(cur: Cursor, session: Session) -> list[Write]:
    # `REFRESH TABLE t` refreshes a streaming table, or only t's cached data if it is not one:
    # which, only the server knows, so it counts as a write.
    refreshed = cur.accept("MATERIALIZED", "VIEW") or cur.accept("STREAMING", "TABLE")
    if refreshed or cur.accept("TABLE"):
        return _write(session, required_name(cur), Level.RELATION, "refresh")
    if cur.accept("FOREIGN"):
        return _kind_and_name(cur, session, "refresh")
    return []  # REFRESH FUNCTION f and REFRESH <path> only drop cached data


def _set(cur: Cursor, session: Session) -> list[Write]:
    following = cur.peek(1)
    if cur.word() == "CATALOG" and (following is None or following.token_type != TokenType.EQ):
        cur.pos += 1
        session.catalog = _catalog_named(cur)
        _expect_end(cur)
        return []
    if cur.accept("TAG", "ON"):
        return _kind_and_name(cur, session, "tag")
    return []  # configuration and session variables


def _unset(cur: Cursor, session: Session) -> list[Write]:
    if not cur.accept("TAG", "ON"):
        raise CannotAnalyze("expected TAG ON after UNSET")
    return _kind_and_name(cur, session, "tag")


def _use(cur: Cursor, session: Session) -> list[Write]:
    if cur.accept("CATALOG"):
        session.catalog = _catalog_named(cur)
        _expect_end(cur)
        return []
    cur.accept_one({"SCHEMA", "DATABASE", "NAMESPACE"})
    name = _name_or_literal(cur)
    _expect_end(cur)
    if len(name.parts) > 2:
        raise CannotAnalyze(f"`{name.text}` is not a schema name")
    if len(name.parts) == 2:
        session.catalog = name.parts[0].lower()
    return []


def _expect_end(cur: Cursor) -> None:
    """Later statements are resolved against the catalog chosen here: no guessing."""
    if not cur.at_end():
        raise CannotAnalyze("cannot tell which catalog this selects")


def _catalog_named(cur: Cursor) -> str:
    name = _name_or_literal(cur)
    if len(name.parts) != 1:
        raise CannotAnalyze(f"`{name.text}` is not a catalog name")
    return name.parts[0].lower()


def _name_or_literal(cur: Cursor) -> Name:
    literal = cur.string()
    return Name((literal,), f"'{literal}'") if literal is not None else required_name(cur)


def _with(cur: Cursor, session: Session) -> list[Write]:
    """Step over the common table expressions, then read the statement they prefix."""
    cur.accept("RECURSIVE")
    while True:
        if not cur.cte_name():
            raise CannotAnalyze("malformed WITH clause")
        had_group = cur.is_group()
        if had_group:
            cur.skip_group()
        if cur.accept("AS") or not had_group:
            if not cur.is_group():
                raise CannotAnalyze("malformed WITH clause")
            cur.skip_group()
        elif cur.is_group():
            cur.skip_group()
        following = cur.peek()
        if following is None or following.token_type != TokenType.COMMA:
            break
        cur.pos += 1
    return _dispatch(cur, session)


def _from(cur: Cursor, session: Session) -> list[Write]:
    """``FROM src INSERT INTO a SELECT ... INSERT INTO b SELECT ...`` writes every INSERT."""
    writes: list[Write] = []
    while cur.seek({"INSERT"}):
        writes.extend(_insert(cur, session))
    return writes


def _execute(cur: Cursor, session: Session) -> list[Write]:
    literal = cur.string() if cur.accept("IMMEDIATE") else None
    # Only a lone literal is the whole SQL: `'a' || b` or `'a' 'b'` is assembled on the server.
    if literal is None or not (cur.at_end() or cur.accept_one({"INTO", "USING"})):
        raise CannotAnalyze(
            "EXECUTE IMMEDIATE runs SQL that is only known on the server unless it is a literal"
        )
    return writes_in(literal, session)


def _call(cur: Cursor, session: Session) -> list[Write]:
    raise CannotAnalyze("CALL runs a procedure, and what it writes is only known on the server")


_HANDLERS: dict[str, Callable[[Cursor, Session], list[Write]]] = {
    "CREATE": _create,
    "REPLACE": _replace,
    "ALTER": _alter,
    "DROP": _drop,
    "UNDROP": _undrop,
    "INSERT": _insert,
    "MERGE": _merge,
    "UPDATE": _object("update"),
    "DELETE": _after(("FROM",), "delete"),
    "TRUNCATE": _object("truncate"),
    "COPY": _after(("INTO",), "copy"),
    "GRANT": _privileges("grant"),
    "REVOKE": _privileges("revoke"),
    "DENY": _privileges("deny"),
    "COMMENT": _comment,
    "OPTIMIZE": _object("optimize"),
    "VACUUM": _object("vacuum"),
    "ANALYZE": _analyze,
    "MSCK": _repair,
    "FSCK": _repair,
    "REPAIR": _repair,
    "BEGIN": _begin,
    "RESTORE": _object("restore"),
    "REORG": _object("reorg"),
    "CONVERT": _convert,
    "SYNC": _sync,
    "GENERATE": _generate,
    "LOAD": _load,
    "REFRESH": _refresh,
    "SET": _set,
    "UNSET": _unset,
    "USE": _use,
    "WITH": _with,
    "FROM": _from,
    "EXECUTE": _execute,
    "CALL": _call,
}
