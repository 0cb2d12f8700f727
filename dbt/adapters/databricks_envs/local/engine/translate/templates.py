"""Query templates: one translation for every query that differs only in string literals used
as compared values.

dbt asks the same metadata questions again and again, each time about another table
(``... WHERE table_schema = 'a' AND table_name = 'b'``). Parsing and translating each costs
more than running it, so such a query is translated once with its string literals replaced by
named parameters, and later ones only need their literals read off the token stream.

Only literals compared to something (=, <>, <, IN, LIKE, ...) become parameters: there, a
parameter means exactly what the literal meant. Literals anywhere else (function arguments,
casts, the select list) may change the translation, so they stay literals and are part of the
template's key.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from sqlglot import exp
from sqlglot.tokens import Token, TokenType

from dbt.adapters.databricks_envs.local.engine.translate.tokens import tokenize

PARAMETER_PREFIX = "__uc_p"

_QUERY_STARTS = frozenset({TokenType.SELECT, TokenType.WITH})
_COMPARISONS = (
    exp.EQ,
    exp.NEQ,
    exp.GT,
    exp.GTE,
    exp.LT,
    exp.LTE,
    exp.NullSafeEQ,
    exp.In,
    exp.Like,
    exp.ILike,
)

_BEFORE_VALUE = frozenset(
    {
        TokenType.EQ,
        TokenType.NEQ,
        TokenType.GT,
        TokenType.GTE,
        TokenType.LT,
        TokenType.LTE,
        TokenType.NULLSAFE_EQ,
        TokenType.L_PAREN,
        TokenType.COMMA,
        TokenType.LIKE,
        TokenType.ILIKE,
    }
)

Key = tuple[object, ...]


@dataclass(frozen=True)
class Shape:
    """A query with its string literals taken out."""

    key: Key
    values: tuple[str, ...]
    # The query with each literal replaced by a named parameter, or None if it has none.
    parameterized: str | None


@functools.lru_cache(maxsize=64)
def shape_of(sql: str) -> Shape | None:
    """The shape of a single query, or None for anything else. Kept for the last few texts:
    the server asks whether a statement reads metadata only just before running it."""
    if sql[:4].upper() not in ("SELE", "WITH"):
        # Not a query: spare the tokenizer (the caller removed leading comments and spaces).
        return None
    tokens = [t for t in tokenize(sql) if t.token_type != TokenType.SEMICOLON]
    if not tokens or tokens[0].token_type not in _QUERY_STARTS:
        return None
    key: list[object] = []
    values: list[str] = []
    pieces: list[str] = []
    position = 0
    for index, token in enumerate(tokens):
        if token.token_type == TokenType.STRING and _compared_literal(tokens, index):
            key.append(TokenType.STRING)
            pieces.append(sql[position : token.start])
            pieces.append(f":{_name(len(values))}")
            position = token.end + 1
            values.append(token.text)
        else:
            key.append((token.token_type, token.text))
    if not values:
        return Shape(tuple(key), (), None)
    pieces.append(sql[position:])
    return Shape(tuple(key), tuple(values), "".join(pieces))


def _compared_literal(tokens: list[Token], index: int) -> bool:
    """Whether the literal follows what a compared value follows (not DATE '...' and the
    like, where the literal is part of a typed value)."""
    return index > 0 and tokens[index - 1].token_type in _BEFORE_VALUE


@dataclass(frozen=True)
class Layout:
    """Which literals of a shape are compared values: those become parameters; the others
    stay literals and distinguish templates of the same shape."""

    tree: exp.Expr
    compared: frozenset[int]

    def fixed(self, shape: Shape) -> tuple[str, ...]:
        return tuple(v for i, v in enumerate(shape.values) if i not in self.compared)

    def parameters(self, shape: Shape) -> dict[str, str]:
        return {_name(i): shape.values[i] for i in self.compared}

    def instantiate(self, shape: Shape) -> exp.Expr:
        """The query with its fixed literals put back and its compared ones parameters."""
        tree = self.tree.copy()
        for placeholder in list(tree.find_all(exp.Placeholder)):
            index = _index(placeholder)
            if index is not None and index not in self.compared:
                placeholder.replace(exp.Literal.string(shape.values[index]))
        return tree


def layout(tree: exp.Expr, shape: Shape) -> Layout | None:
    """The layout of a parsed parameterized query, or None if no literal is a compared value,
    or if the parser made a parameter into something else (a unit keyword, a name)."""
    placeholders = list(tree.find_all(exp.Placeholder))
    indexes = [_index(p) for p in placeholders]
    if sorted(i if i is not None else -1 for i in indexes) != list(range(len(shape.values))):
        return None
    compared = frozenset(
        index
        for placeholder in placeholders
        if (index := _index(placeholder)) is not None and _compared(placeholder)
    )
    return Layout(tree, compared) if compared else None


def _name(index: int) -> str:
    return f"{PARAMETER_PREFIX}{index}"


def _index(placeholder: exp.Placeholder) -> int | None:
    name = str(placeholder.this or "")
    suffix = name[len(PARAMETER_PREFIX) :]
    return int(suffix) if name.startswith(PARAMETER_PREFIX) and suffix.isdigit() else None


def _compared(placeholder: exp.Placeholder) -> bool:
    # PIVOT's IN list names the output columns: it takes no parameters.
    if placeholder.find_ancestor(exp.Pivot) is not None:
        return False
    parent = placeholder.parent
    if isinstance(parent, exp.Paren):
        parent = parent.parent
    return isinstance(parent, _COMPARISONS)
