"""``statement_type`` as ``system.query.history`` reports it: the kind of a statement, read off
its first keyword.

The values are those of Databricks' query history (``QueryStatementType``): ``SELECT``,
``INSERT``, ``CREATE``, ... and ``OTHER`` for the rest, plus ``METADATA`` here for the
connector's catalog calls. Leading comments (dbt opens every statement with one) and opening
parentheses are skipped; ``DESC`` is ``DESCRIBE``; ``VALUES``, ``FROM`` and ``TABLE`` queries are
``SELECT``; a ``WITH`` statement is the kind of the statement after its common table
expressions (``WITH ... SELECT`` is ``SELECT``, ``WITH ... INSERT`` is ``INSERT``).
"""

from __future__ import annotations

import re

METADATA = "METADATA"
OTHER = "OTHER"

STATEMENT_TYPES = frozenset(
    {
        "ALTER",
        "ANALYZE",
        "COPY",
        "CREATE",
        "DELETE",
        "DESCRIBE",
        "DROP",
        "EXPLAIN",
        "GRANT",
        "INSERT",
        "MERGE",
        "OPTIMIZE",
        "REFRESH",
        "REPLACE",
        "REVOKE",
        "SELECT",
        "SET",
        "SHOW",
        "TRUNCATE",
        "UPDATE",
        "USE",
    }
)
_SYNONYMS = {"DESC": "DESCRIBE", "VALUES": "SELECT", "FROM": "SELECT", "TABLE": "SELECT"}
# What may follow the common table expressions of a WITH statement.
_AFTER_WITH = {
    "SELECT": "SELECT",
    "VALUES": "SELECT",
    "FROM": "SELECT",
    "TABLE": "SELECT",
    "INSERT": "INSERT",
    "MERGE": "MERGE",
    "UPDATE": "UPDATE",
    "DELETE": "DELETE",
}

_WORD = re.compile(r"[A-Za-z_]+")
# A WITH statement's proper statement is found by blanking out quoted text and comments, then
# parenthesized groups (innermost first, one nesting level per pass), and taking the first of
# these keywords left. Whole-text regular expression passes: no Python loop over tokens.
_QUOTED_OR_COMMENT = re.compile(
    r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|`[^`]*`|--[^\n]*|/\*.*?\*/", re.DOTALL
)
_INNERMOST_GROUP = re.compile(r"\([^()]*\)")
_PROPER = re.compile(r"\b(?:SELECT|VALUES|FROM|TABLE|INSERT|MERGE|UPDATE|DELETE)\b", re.IGNORECASE)


def statement_type(sql: str) -> str:
    position = _skip_leading(sql)
    word = _WORD.match(sql, position)
    if word is None:
        return OTHER
    keyword = word.group().upper()
    if keyword == "WITH":
        return _after_with(sql, word.end())
    keyword = _SYNONYMS.get(keyword, keyword)
    return keyword if keyword in STATEMENT_TYPES else OTHER


def _after_with(sql: str, position: int) -> str:
    text = _QUOTED_OR_COMMENT.sub(" ", sql[position:])
    groups = 1
    while groups:
        text, groups = _INNERMOST_GROUP.subn(" ", text)
    word = _PROPER.search(text)
    return _AFTER_WITH[word.group().upper()] if word else OTHER


def _skip_leading(sql: str) -> int:
    """The position of the first word: after white space, comments (bracketed ones nest, as
    in Spark SQL) and opening parentheses."""
    position, length = 0, len(sql)
    while position < length:
        if sql[position].isspace() or sql[position] == "(":
            position += 1
        elif sql.startswith("--", position):
            end = sql.find("\n", position)
            position = length if end < 0 else end + 1
        elif sql.startswith("/*", position):
            depth, position = 1, position + 2
            while depth:
                close = sql.find("*/", position)
                if close < 0:
                    return length
                opening = sql.find("/*", position, close + 1)
                if opening >= 0:
                    depth, position = depth + 1, opening + 2
                else:
                    depth, position = depth - 1, close + 2
        else:
            break
    return position
