"""Parsing Databricks SQL: sqlglot first, then the token-level parser for what it leaves."""

from __future__ import annotations

import logging

import sqlglot
from sqlglot import exp
from sqlglot.dialects.databricks import Databricks
from sqlglot.errors import ParseError, TokenError
from sqlglot.tokens import TokenType

from dbt.adapters.databricks_envs.local.engine import errors
from dbt.adapters.databricks_envs.local.engine.translate import (
    command_parser,
    commands,
    mv_statements,
)
from dbt.adapters.databricks_envs.local.engine.translate.semantics import dates
from dbt.adapters.databricks_envs.local.engine.translate.tokens import tokenize

# sqlglot warns about every statement it keeps as an opaque Command; those are ours to parse.
logging.getLogger("sqlglot").setLevel(logging.ERROR)

Statement = exp.Expr | commands.Command | mv_statements.Statement

# Type names of other dialects that sqlglot reads as Databricks types (TEXT and NVARCHAR as
# STRING, NUMBER as DECIMAL) and Databricks refuses.
FOREIGN_TYPES = frozenset({"TEXT", "NUMBER", "NVARCHAR", "NCHAR", "BPCHAR"})
# The character types that need a length.
_SIZED_TYPES = frozenset({TokenType.CHAR, TokenType.VARCHAR})


class LocalDatabricks(Databricks):
    """Databricks SQL as Databricks reads it: a type name it does not know is no type.

    Without their keywords, the foreign type names parse as user-defined types, which
    ``_check_types`` refuses as Databricks does, instead of a result of another type.
    """

    SUPPORTS_USER_DEFINED_TYPES = True
    # Spark datetime pattern letters sqlglot would misread stay as written (semantics/dates.py).
    TIME_MAPPING = dates.TIME_MAPPING

    class Tokenizer(Databricks.Tokenizer):
        KEYWORDS = {
            k: v for k, v in Databricks.Tokenizer.KEYWORDS.items() if k not in FOREIGN_TYPES
        }


def parse_one(sql: str) -> exp.Expr:
    try:
        tree = sqlglot.parse_one(sql, read=LocalDatabricks)
    except (ParseError, TokenError) as e:
        raise _syntax_error(e) from None
    if isinstance(tree, exp.Command):
        raise errors.parse_error(str(tree.this))
    _check_sizes(sql)
    _check_percentile(sql)
    return _check_types(tree)


def parse(sql: str) -> list[Statement]:
    if mv_statements.mentioned(sql):
        try:
            texts = _split(sql)
        except TokenError:
            return _parse(sql)
        statements: list[Statement] = []
        for text in texts:
            claimed = mv_statements.parse(text, parse_one)
            statements.extend([claimed] if claimed is not None else _parse(text))
        return statements
    return _parse(sql)


def _parse(sql: str) -> list[Statement]:
    try:
        trees = sqlglot.parse(sql, read=LocalDatabricks)
    except (ParseError, TokenError) as e:
        try:
            texts = _split(sql)
        except TokenError:
            raise _syntax_error(e) from None
        return [_fallback(text, e) for text in texts]
    _check_sizes(sql)
    _check_percentile(sql)
    statements: list[Statement] = []
    for tree in trees:
        if tree is None:
            continue
        if isinstance(tree, exp.Command):
            statements.append(command_parser.parse_command(_command_text(tree), parse_one))
        else:
            statements.append(_check_types(tree))
    if not statements:
        raise errors.parse_error("end of input")
    return statements


def _check_types(tree: exp.Expr) -> exp.Expr:
    for data_type in tree.find_all(exp.DataType):
        if data_type.this == exp.DataType.Type.USERDEFINED:
            name = data_type.sql(dialect="databricks").split("(")[0].upper()
            raise errors.error("UNSUPPORTED_DATATYPE", "0A000", f'Unsupported data type "{name}".')
    return tree


def _check_sizes(sql: str) -> None:
    """Databricks refuses CHAR and VARCHAR without a length, in casts as in columns; sqlglot
    reads them as STRING, so they are found among the tokens."""
    if "CHAR" not in sql.upper():
        return
    tokens = tokenize(sql)
    for token, following in zip(tokens, [*tokens[1:], None], strict=True):
        if token.token_type in _SIZED_TYPES and (
            following is None or following.token_type != TokenType.L_PAREN
        ):
            name = token.text.upper()
            raise errors.error(
                "DATATYPE_MISSING_SIZE",
                "42K01",
                f'DataType "{name}" requires a length parameter, for example "{name}"(10). '
                "Please specify the length.",
            )


def _check_percentile(sql: str) -> None:
    """sqlglot reads ``percentile(x, p, frequency)`` as ``percentile(x, p)``, dropping the
    frequency: refused by name, found among the tokens (sqlglot's parser is compiled and
    cannot be subclassed to keep it)."""
    if "PERCENTILE" not in sql.upper():
        return
    tokens = tokenize(sql)
    for index, token in enumerate(tokens[:-1]):
        if token.text.upper() != "PERCENTILE" or tokens[index + 1].token_type != TokenType.L_PAREN:
            continue
        depth, commas = 0, 0
        for inner in tokens[index + 1 :]:
            if inner.token_type == TokenType.L_PAREN:
                depth += 1
            elif inner.token_type == TokenType.R_PAREN:
                depth -= 1
                if depth == 0:
                    break
            elif inner.token_type == TokenType.COMMA and depth == 1:
                commas += 1
        if commas >= 2:
            raise errors.not_supported("percentile with a frequency")


def _command_text(command: exp.Command) -> str:
    rest = command.expression
    text = rest.name if isinstance(rest, exp.Expr) else str(rest or "")
    return f"{command.this} {text}"


def _fallback(sql: str, cause: ParseError | TokenError) -> Statement:
    """A statement sqlglot rejects may still be one the token parser knows."""
    try:
        return command_parser.parse_command(sql, parse_one)
    except Exception as e:
        if getattr(e, "error_class", None) == errors.NOT_SUPPORTED_CLASS:
            raise
        raise _syntax_error(cause) from None


def _split(sql: str) -> list[str]:
    """Statement texts, split on the semicolon tokens."""
    texts: list[str] = []
    start = 0
    for token in tokenize(sql):
        if token.token_type == TokenType.SEMICOLON:
            texts.append(sql[start : token.start])
            start = token.end + 1
    texts.append(sql[start:])
    return [t for t in texts if t.strip()]


def _syntax_error(e: ParseError | TokenError) -> Exception:
    near = ""
    if isinstance(e, ParseError) and e.errors:
        near = str(e.errors[0].get("highlight") or "")
    return errors.parse_error(near or "input")
