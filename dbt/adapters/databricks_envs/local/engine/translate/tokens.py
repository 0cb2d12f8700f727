"""A cursor over sqlglot's Databricks tokens, for the statements sqlglot leaves unparsed.

Statements such as ``SHOW TABLES IN c.s LIKE 'x'`` come back from sqlglot as an opaque
``Command``; they are recognised here on the token stream, never by matching the SQL text.
"""

from __future__ import annotations

from sqlglot.dialects.dialect import Dialect
from sqlglot.tokens import Token, TokenType

from dbt.adapters.databricks_envs import spark_comments
from dbt.adapters.databricks_envs.local.engine import errors

_DIALECT = Dialect.get_or_raise("databricks")

_NAME_TYPES = (TokenType.VAR, TokenType.IDENTIFIER)


class TokenStream:
    def __init__(self, sql: str) -> None:
        self.sql = sql
        self.tokens: list[Token] = [t for t in tokenize(sql) if t.token_type != TokenType.SEMICOLON]
        self.pos = 0

    @property
    def done(self) -> bool:
        return self.pos >= len(self.tokens)

    def peek(self, offset: int = 0) -> Token | None:
        index = self.pos + offset
        return self.tokens[index] if index < len(self.tokens) else None

    def peek_word(self, offset: int = 0) -> str:
        token = self.peek(offset)
        if token is None or token.token_type in (TokenType.STRING, TokenType.IDENTIFIER):
            return ""
        return token.text.upper()

    def accept(self, *words: str) -> bool:
        """Consumes ``words`` if the stream continues with them (case-insensitive keywords)."""
        if all(self.peek_word(i) == w for i, w in enumerate(words)):
            self.pos += len(words)
            return True
        return False

    def accept_any(self, *words: str) -> str | None:
        word = self.peek_word()
        if word in words:
            self.pos += 1
            return word
        return None

    def expect(self, *words: str) -> None:
        if not self.accept(*words):
            raise self.syntax_error()

    def name(self) -> tuple[str, ...]:
        """A dotted name; unquoted parts are lower-cased as Unity Catalog does."""
        parts = [self._name_part()]
        while self.peek() is not None and self.peek().token_type == TokenType.DOT:  # type: ignore[union-attr]
            self.pos += 1
            parts.append(self._name_part())
        return tuple(parts)

    def _name_part(self) -> str:
        token = self.peek()
        if token is None or token.token_type in (TokenType.STRING, TokenType.NUMBER):
            raise self.syntax_error()
        if token.token_type not in _NAME_TYPES and not token.text.isidentifier():
            raise self.syntax_error()
        self.pos += 1
        return token.text.lower()

    def string(self) -> str:
        token = self.peek()
        if token is None or token.token_type != TokenType.STRING:
            raise self.syntax_error()
        self.pos += 1
        # Adjacent literals concatenate, as in Spark SQL.
        text = token.text
        while self.peek() is not None and self.peek().token_type == TokenType.STRING:  # type: ignore[union-attr]
            text += self.peek().text  # type: ignore[union-attr]
            self.pos += 1
        return text

    def maybe_string(self) -> str | None:
        token = self.peek()
        if token is not None and token.token_type == TokenType.STRING:
            return self.string()
        return None

    def paren_strings(self) -> list[str]:
        """``('a', 'b')``."""
        self.expect("(")
        values = [self.string()]
        while self.accept(","):
            values.append(self.string())
        self.expect(")")
        return values

    def paren_pairs(self) -> dict[str, str]:
        """``('a' = 'b', c = 'd')``: the body of TBLPROPERTIES and DBPROPERTIES."""
        self.expect("(")
        pairs: dict[str, str] = {}
        while True:
            key = self.maybe_string()
            if key is None:
                key = ".".join(self.name())
            self.accept("=")
            token = self.peek()
            if token is None:
                raise self.syntax_error()
            pairs[key] = self.string() if token.token_type == TokenType.STRING else token.text
            if token.token_type != TokenType.STRING:
                self.pos += 1
            if not self.accept(","):
                break
        self.expect(")")
        return pairs

    def skip_balanced(self) -> tuple[int, int]:
        """Skips one parenthesised group; returns the character span of its contents."""
        open_token = self.peek()
        if open_token is None or open_token.token_type != TokenType.L_PAREN:
            raise self.syntax_error()
        depth = 0
        while not self.done:
            token = self.tokens[self.pos]
            self.pos += 1
            if token.token_type == TokenType.L_PAREN:
                depth += 1
            elif token.token_type == TokenType.R_PAREN:
                depth -= 1
                if depth == 0:
                    return open_token.end + 1, token.start
        raise self.syntax_error()

    def rest(self) -> str:
        """The text of the remaining tokens."""
        if self.done:
            return ""
        return self.sql[self.tokens[self.pos].start : self.tokens[-1].end + 1]

    def text_between(self, start: int, end: int) -> str:
        return self.sql[start:end]

    def ensure_done(self) -> None:
        if not self.done:
            raise self.syntax_error()

    def syntax_error(self) -> Exception:
        token = self.peek()
        return errors.parse_error(token.text if token else "end of input")


def tokenize(sql: str) -> list[Token]:
    """sqlglot's tokens, except that the rest of a command statement (SHOW, OPTIMIZE, ...),
    which sqlglot keeps as one raw string, is tokenized too."""
    tokens = list(_DIALECT.tokenize(sql))
    for i, token in enumerate(tokens):
        if token.token_type in _COMMAND_TYPES and i + 1 < len(tokens):
            offset = token.end + 1
            rest = [
                Token(
                    t.token_type,
                    t.text,
                    t.line,
                    t.col,
                    t.start + offset,
                    t.end + offset,
                    t.comments,
                )
                for t in _DIALECT.tokenize(sql[offset:])
            ]
            return tokens[: i + 1] + rest
    return tokens


_COMMAND_TYPES = frozenset(_DIALECT.tokenizer_class.COMMANDS)


def without_leading_comments(sql: str) -> str:
    """``sql`` without the comments before its first token, and with Spark's comments blanked
    out after it (``spark_comments``: a ``--`` comment continues past a backslash-newline, and
    ``/*+`` opens no nested comment), so that the warehouse reads a statement as Databricks does.

    dbt opens every statement with a long ``/* {"app": "dbt", ...} */`` comment whose content
    changes with each invocation. Skipping it before tokenizing saves most of the tokenizer's
    work, and lets a statement's translation be reused across invocations.
    """
    try:
        return spark_comments.without_comments(spark_comments.skip_leading_comments(sql))
    except spark_comments.UnreadableSql as unreadable:
        if "/* comment is never closed" in str(unreadable):
            raise errors.error(
                "UNCLOSED_BRACKETED_COMMENT",
                "42601",
                "Found an unclosed bracketed comment. Please, append */ at the end of the comment.",
            ) from None
        raise errors.parse_error(str(unreadable)) from None
