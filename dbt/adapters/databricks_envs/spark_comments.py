"""Comments found the way Databricks' SQL lexer finds them, blanked out before sqlglot reads SQL.

Shared by the write guard and the local warehouse (a pure module: no dbt, no DuckDB), so that
both read a statement as Databricks does.

sqlglot and Spark agree on strings (`'...'` and `"..."` with backslash escapes, `r'...'` raw),
backticked names and `$$` bodies, but not on comments. Spark's lexer (`SqlBaseLexer.g4`,
apache/spark, `SIMPLE_COMMENT` and `BRACKETED_COMMENT`):

- a `--` comment continues past a backslash at the end of a line (`'\\\\\\n'` is part of it);
- a `/*` comment nests, but `/*+` opens a hint, never a comment, also inside a comment;
- an unclosed `/*` comment is an error.

A statement hidden after `-- ...\\` on the next line is a comment to Databricks but code to
sqlglot, and the other way round for `/* /*+ */ DROP ... */`. So exactly Spark's comments are
blanked out (newlines kept, so positions do not move) and sqlglot reads the rest.
Hints (`/*+ ... */` outside a comment) are left as they are: Spark reads their inside as
tokens, and so is it scanned here.
"""

from __future__ import annotations

import re


class UnreadableSql(ValueError):
    """Text Spark's lexer would refuse: an unclosed comment, string or quoted name."""


# What can start something that is not plain code. Strings, names and `$tag$` bodies are matched
# whole, so a `--` or `/*` inside them is never taken for a comment.
_NEXT = re.compile(
    r"""(?P<raw>(?<![\w$])[rR](?:'[^']*'|"[^"]*"))
    |(?P<string>'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")
    |(?P<name>`(?:[^`]|``)*`)
    |(?P<heredoc>\$(?P<tag>[A-Za-z_][A-Za-z0-9_]*)?\$)
    |(?P<line>--)
    |(?P<block>/\*(?!\+))
    |(?P<open>['"`])""",
    re.VERBOSE | re.DOTALL,
)
# The body of a `--` comment: backslash-newline pairs and anything but a line end.
_LINE_BODY = re.compile(r"(?:\\\n|[^\r\n])*")
_BLOCK_MARK = re.compile(r"/\*(?!\+)|\*/")


def _blank(text: str) -> str:
    """``text`` with everything but line ends turned into spaces."""
    return re.sub(r"[^\n]", " ", text)


def without_comments(sql: str) -> str:
    """``sql`` with Spark's comments blanked out; raises ``UnreadableSql`` for text Spark
    would not lex (an unclosed comment, string or name)."""
    if "--" not in sql and "/*" not in sql:
        return sql
    parts: list[str] = []
    position = 0
    while (found := _NEXT.search(sql, position)) is not None:
        kind = found.lastgroup
        if kind == "open":
            raise UnreadableSql("a string or quoted name is never closed")
        if kind == "heredoc":
            closing = sql.find(found.group(0), found.end())
            if closing < 0:
                raise UnreadableSql("a $-quoted body is never closed")
            parts.append(sql[position : closing + len(found.group(0))])
            position = closing + len(found.group(0))
            continue
        if kind not in ("line", "block"):
            parts.append(sql[position : found.end()])
            position = found.end()
            continue
        parts.append(sql[position : found.start()])
        end = _line_end(sql, found.end()) if kind == "line" else _block_end(sql, found.end())
        parts.append(_blank(sql[found.start() : end]))
        position = end
    parts.append(sql[position:])
    return "".join(parts)


def skip_leading_comments(sql: str) -> str:
    """``sql`` from its first token on: the comments before it (dbt's query comment) skipped as
    Spark reads them. Cheaper than ``without_comments`` on what follows, and the result does
    not change when only that comment does."""
    position, length = 0, len(sql)
    while position < length:
        if sql[position].isspace():
            position += 1
        elif sql.startswith("--", position):
            position = _line_end(sql, position + 2)
        elif sql.startswith("/*", position) and not sql.startswith("/*+", position):
            position = _block_end(sql, position + 2)
        else:
            break
    return sql[position:]


def _line_end(sql: str, start: int) -> int:
    match = _LINE_BODY.match(sql, start)
    return match.end() if match else start


def _block_end(sql: str, start: int) -> int:
    """The end of the bracketed comment whose `/*` ends at ``start``, nested ones included."""
    depth = 1
    position = start
    while depth:
        mark = _BLOCK_MARK.search(sql, position)
        if mark is None:
            raise UnreadableSql("a /* comment is never closed")
        depth += 1 if mark.group(0) == "/*" else -1
        position = mark.end()
    # In `/*/` and `*/*` a comment's opening and closing marks overlap: which one a lexer takes
    # decides where the comment ends, so such text is not read at all.
    inside = sql[start:position]
    if "/*/" in inside or "*/*" in inside:
        raise UnreadableSql("a comment's /* and */ marks overlap")
    return position
