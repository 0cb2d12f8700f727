"""Tokens for the write guard: sqlglot's Databricks tokenizer, statements and dotted names.

Everything the guard knows about the text of a statement comes from sqlglot's tokenizer, so
quoting, escapes and comments are handled the way a SQL lexer handles them.
"""

from __future__ import annotations

import threading
from collections.abc import Collection, Iterator
from dataclasses import dataclass

from sqlglot.dialects.databricks import Databricks
from sqlglot.errors import TokenError
from sqlglot.tokens import Token, TokenType


class CannotAnalyze(Exception):
    """The grammar met something it cannot attribute to a catalog; the reason is the message."""


class NeedMoreText(Exception):
    """The statement was cut short for speed and the grammar needs tokens past the cut."""


class _Tokenizer(Databricks.Tokenizer):
    # Python function bodies and metric view YAML are dollar-quoted: without this, a quote or a
    # `;` inside `$$ ... $$` would derail the lexer.
    HEREDOC_STRINGS = ["$"]
    HEREDOC_TAG_IS_IDENTIFIER = True
    HEREDOC_STRING_ALTERNATIVE = TokenType.PARAMETER


# A tokenizer keeps per-call state and dbt runs models in threads.
_local = threading.local()

# A token ending this close to a cut may be the start of a longer one in the uncut text.
_CUT_MARGIN = 16

_LITERALS = frozenset(
    {
        TokenType.STRING,
        TokenType.RAW_STRING,
        TokenType.HEREDOC_STRING,
        TokenType.NATIONAL_STRING,
        TokenType.NATIONAL_RAW_STRING,
        TokenType.UNICODE_STRING,
        TokenType.BIT_STRING,
        TokenType.HEX_STRING,
        TokenType.BYTE_STRING,
        TokenType.NUMBER,
        TokenType.IDENTIFIER,
    }
)

# Spark's ANSI reserved words: never an unquoted name, so they end a name instead.
_RESERVED = frozenset(
    """ALL AND ANY AS AUTHORIZATION BOTH CASE CAST CHECK COLLATE COLUMN CONSTRAINT CREATE CROSS
    CURRENT_DATE CURRENT_TIME CURRENT_TIMESTAMP CURRENT_USER DISTINCT ELSE END ESCAPE EXCEPT FALSE
    FETCH FOR FOREIGN FROM FULL GRANT GROUP HAVING IN INNER INTERSECT INTO IS JOIN LEADING LEFT
    NATURAL NOT NULL OFFSET ON ONLY OR ORDER OUTER OVERLAPS PRIMARY REFERENCES RIGHT SELECT
    SESSION_USER SOME TABLE THEN TO TRAILING UNION UNIQUE UNKNOWN USER USING WHEN WHERE
    WITH""".split()  # noqa: SIM905 - a word list reads better than 70 quoted strings
)


def tokenize(sql: str) -> list[Token]:
    """sqlglot's tokens for ``sql``; raises ``TokenError`` if it cannot be lexed."""
    tokenizer = getattr(_local, "tokenizer", None)
    if tokenizer is None:
        tokenizer = _local.tokenizer = _Tokenizer(dialect="databricks")
    tokens: list[Token] = tokenizer.tokenize(sql)
    return tokens


def tokenize_prefix(sql: str, length: int) -> list[Token] | None:
    """The tokens that lie wholly inside (about) the first ``length`` characters, or None if the
    cut falls inside a string."""
    # Cut at a line end where there is one: strings and comments seldom span lines.
    cut = sql.rfind("\n", 0, length)
    if cut < length // 2:
        cut = length
    try:
        tokens = tokenize(sql[:cut])
    except TokenError:
        return None
    limit = cut - _CUT_MARGIN
    return [token for token in tokens if token.end < limit]


# After these, BEGIN opens a compound statement (`AS BEGIN`, `THEN BEGIN`, `label: BEGIN`).
_BLOCK_OPENERS = frozenset({"AS", "THEN", "ELSE", "DO", "LOOP", "REPEAT", "BEGIN"})
# `END IF`, `END WHILE` ... close blocks whose opening word is not counted.
_UNCOUNTED_ENDS = frozenset({"IF", "WHILE", "LOOP", "REPEAT", "FOR"})
_BLOCK_ENDS = _UNCOUNTED_ENDS | {"CASE"}


def statements(tokens: list[Token]) -> Iterator[list[Token]]:
    """The non-empty statements, split at `;` (which the lexer never emits inside a literal),
    except inside a compound ``BEGIN ... END`` body, which belongs to its statement
    (``CREATE PROCEDURE p() AS BEGIN SELECT 1; END``). Splitting more never hides a statement;
    an unclosed BEGIN could, so it cannot be analyzed."""
    start = 0
    blocks = 0  # open BEGIN and CASE, counted only inside a BEGIN
    closing = False  # the word after END (`END CASE`, `END IF`) opens nothing
    for index, token in enumerate(tokens):
        if token.token_type == TokenType.SEMICOLON and not blocks:
            if index > start:
                yield tokens[start:index]
            start = index + 1
            continue
        spelled = word(token)
        if closing:
            closing = False
            if spelled in _BLOCK_ENDS:
                continue
        opens = spelled == "BEGIN" and _opens_block(tokens, index, start)
        if opens or (blocks and spelled == "CASE"):
            blocks += 1
        elif blocks and spelled == "END":
            following = tokens[index + 1] if index + 1 < len(tokens) else None
            if following is None or word(following) not in _UNCOUNTED_ENDS:
                blocks -= 1
            closing = True
    if blocks:
        raise CannotAnalyze("a BEGIN ... END block is never closed")
    if start < len(tokens):
        yield tokens[start:]


def _opens_block(tokens: list[Token], index: int, start: int) -> bool:
    following = tokens[index + 1] if index + 1 < len(tokens) else None
    if following is not None and word(following) in ("TRANSACTION", "WORK"):
        return False
    if index == start:
        return True
    previous = tokens[index - 1]
    return previous.token_type in (TokenType.COLON, TokenType.SEMICOLON) or (
        word(previous) in _BLOCK_OPENERS
    )


def describe(token: Token | None) -> str:
    """A token as a message may show it: a keyword or bare word, never a literal's value (a
    refused statement may carry credentials)."""
    if token is None:
        return "the end of the statement"
    if token.token_type == TokenType.IDENTIFIER:
        return "a quoted name"
    if token.token_type in _LITERALS:
        return "a literal"
    return f"'{token.text}'" if len(token.text) <= 40 else "a long word"


def word(token: Token) -> str:
    """The upper-cased keyword or bare word a token spells, or "" for literals and symbols."""
    if token.token_type in _LITERALS:
        return ""
    text = token.text
    return text.upper() if text[:1].isalpha() or text[:1] == "_" else ""


@dataclass(frozen=True)
class Name:
    """A dotted name: its parts as the catalog sees them (unquoted) and its text as written."""

    parts: tuple[str, ...]
    text: str


def _name_part(token: Token) -> tuple[str, str] | None:
    if token.token_type == TokenType.IDENTIFIER:
        return token.text, "`" + token.text.replace("`", "``") + "`"
    text = token.text
    if token.token_type in _LITERALS or not text.replace("_", "").isalnum():
        return None
    return None if text.upper() in _RESERVED else (text, text)


def _expand(tokens: list[Token]) -> list[Token]:
    """Keyword tokens that span several words (``MSCK REPAIR``) become one token per word, and a
    command's raw remainder (``OPTIMIZE <rest>``) is tokenized, so the grammar sees words."""
    expanded: list[Token] = []
    for index, token in enumerate(tokens):
        if (
            index == 1
            and token.token_type == TokenType.STRING
            and tokens[0].token_type in _Tokenizer.COMMANDS
        ):
            expanded.extend(tokenize(token.text))
        elif token.token_type not in _LITERALS and len(words := token.text.split()) > 1:
            expanded.extend(Token(TokenType.VAR, part) for part in words)
        else:
            expanded.append(token)
    return expanded


class Cursor:
    """Reads a statement's tokens left to right.

    ``truncated`` means the tokens come from a prefix of the statement: reading past them raises
    ``NeedMoreText`` so the caller can retry with the whole text.
    """

    def __init__(self, tokens: list[Token], *, truncated: bool = False) -> None:
        self.tokens = _expand(tokens)
        self.truncated = truncated
        self.pos = 0

    def peek(self, offset: int = 0) -> Token | None:
        index = self.pos + offset
        if index < len(self.tokens):
            return self.tokens[index]
        if self.truncated:
            raise NeedMoreText
        return None

    def word(self, offset: int = 0) -> str:
        token = self.peek(offset)
        return "" if token is None else word(token)

    def at_end(self) -> bool:
        return self.peek() is None

    def accept(self, *words: str) -> bool:
        """Consume ``words`` if the next tokens spell exactly them."""
        if all(self.word(offset) == expected for offset, expected in enumerate(words)):
            self.pos += len(words)
            return True
        return False

    def accept_one(self, words: Collection[str]) -> str:
        """Consume and return the next word if it is one of ``words``, else return ""."""
        current = self.word()
        if current and current in words:
            self.pos += 1
            return current
        return ""

    def skip_group(self) -> None:
        """Step over a parenthesised group starting at the cursor, nested groups included."""
        depth = 0
        while (token := self.peek()) is not None:
            self.pos += 1
            if token.token_type == TokenType.L_PAREN:
                depth += 1
            elif token.token_type == TokenType.R_PAREN:
                depth -= 1
                if depth == 0:
                    return
        raise CannotAnalyze("a parenthesis is never closed")

    def is_group(self, offset: int = 0) -> bool:
        """Whether a parenthesised group starts ``offset`` tokens ahead."""
        token = self.peek(offset)
        return token is not None and token.token_type == TokenType.L_PAREN

    def seek(self, words: Collection[str]) -> str:
        """Advance to the next word in ``words`` outside parentheses and consume it; "" at the
        end of the statement."""
        while not self.at_end():
            if self.is_group():
                self.skip_group()
                continue
            found = self.accept_one(words)
            if found:
                return found
            self.pos += 1
        return ""

    def cte_name(self) -> bool:
        """Consume a common table expression's name: any single word (`user`, `insert`: Databricks
        reserves no word as a name) or a quoted name."""
        token = self.peek()
        if token is None or not (token.token_type == TokenType.IDENTIFIER or word(token)):
            return False
        self.pos += 1
        return True

    def string(self) -> str | None:
        """Consume and return a string literal's value, if one is next."""
        token = self.peek()
        if token is not None and token.token_type in (TokenType.STRING, TokenType.RAW_STRING):
            self.pos += 1
            return token.text
        return None

    def name(self) -> Name | None:
        """Consume a dotted name (``a.b.c``, backticks, ``IDENTIFIER('a.b.c')``) if one is next."""
        parts: list[str] = []
        texts: list[str] = []
        while True:
            if self.word() == "IDENTIFIER" and self.is_group(1):
                clause = self._identifier_clause()
                parts.extend(clause.parts)
                texts.append(clause.text)
            else:
                token = self.peek()
                part = None if token is None else _name_part(token)
                if part is None:
                    if parts:
                        raise CannotAnalyze(f"the name `{'.'.join(texts)}.` is incomplete")
                    return None
                self.pos += 1
                parts.append(part[0])
                texts.append(part[1])
            dot = self.peek()
            if dot is None or dot.token_type != TokenType.DOT:
                return Name(tuple(parts), ".".join(texts))
            self.pos += 1

    def _identifier_clause(self) -> Name:
        start = self.pos
        self.pos += 2
        literal = self.string()
        closing = self.peek()
        if literal is None or closing is None or closing.token_type != TokenType.R_PAREN:
            raise CannotAnalyze(
                "its target is named by IDENTIFIER(...) with something other than a string "
                "literal, so the name is only known on the server"
            )
        self.pos += 1
        written = f"{self.tokens[start].text}('{literal}')"
        try:
            inner = Cursor(tokenize(literal))
            name = inner.name()
        except (TokenError, CannotAnalyze):
            name = None
        if name is None or not inner.at_end():
            raise CannotAnalyze(f"{self.tokens[start].text}(...) does not hold a name")
        return Name(name.parts, written)
