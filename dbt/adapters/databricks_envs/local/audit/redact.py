"""Secrets out of statement text, before it is stored.

Two rules, each replacing a quoted value by ``'***'``:
- every value inside a ``CREDENTIAL (...)``, ``CREDENTIALS (...)`` or ``ENCRYPTION (...)``
  option list, as ``COPY INTO`` takes them::

      COPY INTO t FROM 's3://b' WITH (CREDENTIAL (AWS_ACCESS_KEY = '...', AWS_SECRET_KEY = '...'))

- the value of any ``<key> = '<value>'`` pair whose key (bare, quoted or backticked) contains
  SECRET, TOKEN, PASSWORD or KEY, wherever it is (table properties, options, a comparison).

Statements without any of those words, almost all of them, are returned as they are after one
look for the words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

MASK = "'***'"

# Lower case: the text is searched lower-cased, which is cheaper than a case-blind regex.
_KEY_WORDS = ("secret", "token", "password", "key")
_HINTS = ("credential", "encryption", *_KEY_WORDS)
_STRING = r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\""
_OPTION_LIST = re.compile(r"\b(?:CREDENTIALS?|ENCRYPTION)\s*\(", re.IGNORECASE)
# Inside an option list: strings (replaced), and parentheses (to find where it ends).
_LIST_TOKENS = re.compile(rf"(?P<string>{_STRING})|(?P<paren>[()])")
# From the word the key contains up to the value (what precedes the word is kept as it is);
# tried only where one of the words occurs.
_PAIR = re.compile(
    rf"(?:SECRET|TOKEN|PASSWORD|KEY)[\w.\-]*['\"`]?\s*=\s*(?P<value>{_STRING})", re.IGNORECASE
)


def redact(sql: str) -> str:
    lowered = sql.lower()
    if not any(hint in lowered for hint in _HINTS):
        return sql
    if "credential" in lowered or "encryption" in lowered:
        sql = _redact_option_lists(sql)
        lowered = sql.lower()
    return _redact_pairs(sql, lowered)


def _redact_pairs(sql: str, lowered: str) -> str:
    if len(lowered) != len(sql):
        # Lower-casing changed offsets (a few non-ASCII letters): search case-blind instead.
        starts: Iterable[int] = (m.start() for m in _PAIR.finditer(sql))
    else:
        starts = sorted(i for word in _KEY_WORDS for i in _occurrences(lowered, word))
    pieces: list[str] = []
    position = 0
    for start in starts:
        pair = _PAIR.match(sql, start) if start >= position else None
        if pair is not None:
            pieces += (sql[position : pair.start("value")], MASK)
            position = pair.end()
    pieces.append(sql[position:])
    return "".join(pieces)


def _occurrences(text: str, word: str) -> Iterator[int]:
    start = text.find(word)
    while start >= 0:
        yield start
        start = text.find(word, start + 1)


def _redact_option_lists(sql: str) -> str:
    pieces: list[str] = []
    position = 0
    for opening in _OPTION_LIST.finditer(sql):
        if opening.start() < position:
            continue  # inside a list already redacted
        pieces.append(sql[position : opening.end()])
        position = opening.end()
        depth = 1
        for token in _LIST_TOKENS.finditer(sql, position):
            pieces.append(sql[position : token.start()])
            position = token.end()
            if token.group("string") is not None:
                pieces.append(MASK)
                continue
            pieces.append(token.group())
            depth += 1 if token.group("paren") == "(" else -1
            if depth == 0:
                break
    pieces.append(sql[position:])
    return "".join(pieces)
