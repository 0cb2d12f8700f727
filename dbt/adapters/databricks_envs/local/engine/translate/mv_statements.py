"""The statements of materialized views, recognised before sqlglot (which reads some of them
as a CREATE TABLE, others not at all), and the refusal of streaming tables.

Syntax, as Databricks documents it:
- ``{ CREATE OR REPLACE MATERIALIZED VIEW | CREATE MATERIALIZED VIEW [ IF NOT EXISTS ] }
  view_name [ column_list ] [ view_clauses ] AS query``, the clauses being PARTITIONED BY,
  CLUSTER BY, COMMENT, TBLPROPERTIES, ``SCHEDULE [ REFRESH ] { EVERY n unit | CRON cron
  [ AT TIME ZONE tz ] }`` and ``TRIGGER ON UPDATE [ AT MOST EVERY INTERVAL ... ]``
  (https://docs.databricks.com/aws/en/sql/language-manual/sql-ref-syntax-ddl-create-materialized-view);
- ``REFRESH { MATERIALIZED VIEW | [ STREAMING ] TABLE } name [ FULL | { SYNC | ASYNC } ]``
  (https://docs.databricks.com/aws/en/sql/language-manual/sql-ref-syntax-ddl-refresh-full);
- ``ALTER MATERIALIZED VIEW name { { ADD | ALTER } SCHEDULE [ REFRESH ] clause | DROP
  SCHEDULE }`` (https://docs.databricks.com/aws/en/sql/language-manual/sql-ref-syntax-ddl-alter-materialized-view),
  plus ``SET / UNSET TAGS``, which dbt-databricks sends as ``ALTER MATERIALIZED VIEW``.
``DROP MATERIALIZED VIEW`` is sqlglot's (translate/drop.py).

Streaming tables read a stream, which the local warehouse has none of: every statement about one
is refused by name.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlglot import exp
from sqlglot.tokens import TokenType

from dbt.adapters.databricks_envs.local.engine import errors
from dbt.adapters.databricks_envs.local.engine.translate import tags
from dbt.adapters.databricks_envs.local.engine.translate.commands import Name, ParseQuery, TagChange
from dbt.adapters.databricks_envs.local.engine.translate.tokens import TokenStream

STREAMING_TABLES = "streaming tables"


@dataclass(frozen=True)
class CreateMaterializedView:
    # The statement as the CREATE TABLE [AS] that makes the view's table.
    create: exp.Create
    # The query after AS, as written.
    text: str
    # As DESCRIBE EXTENDED shows it: MANUAL, EVERY 2 HOURS, CRON '...' AT TIME ZONE '...'.
    schedule: str
    # A column list of names only (``mv (a, b) AS ...``) renames the query's columns.
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class RefreshMaterializedView:
    name: Name


@dataclass(frozen=True)
class AlterSchedule:
    name: Name
    # As DESCRIBE EXTENDED shows it; MANUAL once the schedule is dropped.
    schedule: str


Statement = CreateMaterializedView | RefreshMaterializedView | AlterSchedule
STATEMENTS = (CreateMaterializedView, RefreshMaterializedView, AlterSchedule)
_MANUAL = "MANUAL"


def mentioned(sql: str) -> bool:
    """Whether ``sql`` may hold a statement of this module (a cheap test on the text)."""
    upper = sql.upper()
    return "MATERIALIZED" in upper or "STREAMING" in upper


def parse(sql: str, parse_query: ParseQuery) -> Statement | TagChange | None:
    """The statement of a materialized view in ``sql`` (one statement), None for any other;
    refuses streaming tables."""
    s = TokenStream(sql)
    if s.accept("CREATE"):
        s.accept("OR", "REFRESH")
        replace = s.accept("OR", "REPLACE")
        if s.accept("MATERIALIZED", "VIEW"):
            return _create(s, replace, parse_query)
        _refuse_streaming(s)
        return None
    if s.accept("REFRESH"):
        if s.accept("MATERIALIZED", "VIEW"):
            name = s.name()
            # FULL recomputes everything, which every refresh here does; SYNC is the default
            # and ASYNC has nothing to wait for.
            s.accept("FULL")
            s.accept_any("SYNC", "ASYNC")
            s.ensure_done()
            return RefreshMaterializedView(name)
        _refuse_streaming(s)
        return None
    if s.accept("ALTER"):
        if s.accept("MATERIALIZED", "VIEW"):
            return _alter(s)
        _refuse_streaming(s)
        return None
    if s.accept_any("DROP", "DESCRIBE", "DESC", "COMMENT"):
        s.accept("ON")
        _refuse_streaming(s)
    return None


def _refuse_streaming(s: TokenStream) -> None:
    if s.peek_word() == "STREAMING" and s.peek_word(1) in ("TABLE", "LIVE"):
        raise errors.not_supported(STREAMING_TABLES)


def _create(s: TokenStream, replace: bool, parse_query: ParseQuery) -> CreateMaterializedView:
    """CREATE ... MATERIALIZED VIEW, after those words: read as CREATE TABLE without the
    schedule, which the view keeps apart."""
    view_start, view_end = s.tokens[s.pos - 2].start, s.tokens[s.pos - 1].end + 1
    start = s.pos
    sql = s.sql
    depth = 0
    schedule_at: tuple[int, int] | None = None
    schedule = _MANUAL
    query_at = None
    i = start
    while i < len(s.tokens):
        token = s.tokens[i]
        word = token.text.upper() if token.token_type != TokenType.STRING else ""
        if token.token_type == TokenType.L_PAREN:
            depth += 1
        elif token.token_type == TokenType.R_PAREN:
            depth -= 1
        elif depth == 0 and token.token_type == TokenType.ALIAS:
            query_at = i + 1
            break
        elif depth == 0 and word in ("SCHEDULE", "TRIGGER") and schedule_at is None:
            s.pos = i
            schedule = _schedule(s)
            schedule_at = (token.start, s.tokens[s.pos].start if not s.done else len(sql))
            i = s.pos
            continue
        elif word == "MASK" or (depth == 0 and word == "ROW"):
            raise errors.not_supported("row filters and column masks on materialized views")
        i += 1
    if query_at is None or query_at >= len(s.tokens):
        raise s.syntax_error()
    text = sql[s.tokens[query_at].start : s.tokens[-1].end + 1].strip()
    body = sql
    if schedule_at is not None:
        body = body[: schedule_at[0]] + " " + body[schedule_at[1] :]
    table_sql = body[:view_start] + "TABLE" + body[view_end:]
    tree = parse_query(table_sql)
    if not isinstance(tree, exp.Create) or tree.expression is None:
        raise s.syntax_error()
    aliases: tuple[str, ...] = ()
    columns = tree.this
    if isinstance(columns, exp.Schema) and all(
        isinstance(c, exp.Identifier) for c in columns.expressions
    ):
        aliases = tuple(c.name for c in columns.expressions)
        tree.set("this", columns.this)
    if replace:
        tree.set("replace", True)
    return CreateMaterializedView(tree, text, schedule, aliases)


def _alter(s: TokenStream) -> AlterSchedule | TagChange:
    name = s.name()
    after_name = s.pos
    if s.accept_any("ADD", "ALTER") and s.peek_word() in ("SCHEDULE", "TRIGGER"):
        schedule = _schedule(s)
        s.ensure_done()
        return AlterSchedule(name, schedule)
    s.pos = after_name
    if s.accept("DROP", "SCHEDULE"):
        s.ensure_done()
        return AlterSchedule(name, _MANUAL)
    change = tags.alter_tags(s, "TABLE", name)
    if change is not None:
        return change
    raise errors.not_supported(
        f"ALTER MATERIALIZED VIEW ... {s.peek_word()} (only schedules and tags are modelled)"
    )


_SECONDS = {"SECOND": 1, "MINUTE": 60, "HOUR": 3600, "DAY": 86400, "WEEK": 604800}


def _schedule(s: TokenStream) -> str:
    """``SCHEDULE [REFRESH] ...`` or ``TRIGGER ON UPDATE ...``, as DESCRIBE EXTENDED shows it
    (dbt-databricks parses it back: ``CRON '<cron>' AT TIME ZONE '<tz>'``, with Etc/UTC when
    none was given, ``EVERY <n> <UNIT>S``, ``TRIGGER ON UPDATE [AT MOST EVERY INTERVAL <n>
    SECONDS]``)."""
    if s.accept("TRIGGER", "ON", "UPDATE"):
        if s.accept("AT", "MOST", "EVERY"):
            s.accept("INTERVAL")
            amount, unit = _quantity(s)
            if unit not in _SECONDS:
                raise s.syntax_error()
            return f"TRIGGER ON UPDATE AT MOST EVERY INTERVAL {amount * _SECONDS[unit]} SECONDS"
        return "TRIGGER ON UPDATE"
    s.expect("SCHEDULE")
    s.accept("REFRESH")
    if s.accept("CRON"):
        cron = s.string()
        zone = s.string() if s.accept("AT", "TIME", "ZONE") else "Etc/UTC"
        return f"CRON '{cron}' AT TIME ZONE '{zone}'"
    s.expect("EVERY")
    amount, unit = _quantity(s)
    if unit not in ("HOUR", "DAY", "WEEK"):
        raise s.syntax_error()
    return f"EVERY {amount} {unit}S"


def _quantity(s: TokenStream) -> tuple[int, str]:
    """``2 HOURS``, ``'15' MINUTE``: the number and the singular unit."""
    token = s.peek()
    if token is None or token.token_type not in (TokenType.NUMBER, TokenType.STRING):
        raise s.syntax_error()
    s.pos += 1
    try:
        amount = int(token.text)
    except ValueError:
        raise s.syntax_error() from None
    unit = s.peek_word()
    if not unit:
        raise s.syntax_error()
    s.pos += 1
    return amount, unit[:-1] if unit.endswith("S") else unit
