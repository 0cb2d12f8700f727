"""Casts, text and string functions as Databricks computes them."""

from __future__ import annotations

import re
from collections.abc import Callable

from sqlglot import exp

from dbt.adapters.databricks_envs.local.engine import errors
from dbt.adapters.databricks_envs.local.engine.translate.semantics.common import (
    ZERO,
    Handler,
    call,
    cast_to,
    positive_literal,
    refuse_at_run_time,
)

SUBSTR_MACRO = "__uc_substr"
SUBSTR_FROM_MACRO = "__uc_substr_from"

SPLIT_PART_MACRO = "__uc_split_part"

# Spark's start of a substring (UTF8String.substringSQL): 1-based, negative from the end, 0 as 1.
_START = "(CASE WHEN pos > 0 THEN pos - 1 WHEN pos < 0 THEN length(s) + pos ELSE 0 END)"

MACROS: tuple[str, ...] = (
    f"CREATE OR REPLACE MACRO {SUBSTR_MACRO}(s, pos, len) AS "
    f"CASE WHEN greatest({_START}, 0) >= {_START} + len THEN '' "
    f"ELSE substring(s, greatest({_START}, 0) + 1, {_START} + len - greatest({_START}, 0)) END",
    f"CREATE OR REPLACE MACRO {SUBSTR_FROM_MACRO}(s, pos) AS "
    f"substring(s, greatest({_START}, 0) + 1)",
    f"CREATE OR REPLACE MACRO {SPLIT_PART_MACRO}(s, d, n) AS "
    f"CASE WHEN n = 0 THEN {ZERO} ELSE split_part(s, d, n) END",
)

_TYPE_NAMES = {
    "TINYINT": "tinyint",
    "SMALLINT": "smallint",
    "INTEGER": "int",
    "BIGINT": "bigint",
    "FLOAT": "float",
    "DOUBLE": "double",
    "VARCHAR": "string",
    "BOOLEAN": "boolean",
    "DATE": "date",
    "TIMESTAMP": "timestamp",
    "TIMESTAMP WITH TIME ZONE": "timestamp",
    "BLOB": "binary",
    '"NULL"': "void",
}

# typeof() names types as Databricks does (DuckDB: INTEGER, VARCHAR[], ...); nested types are
# refused when met. https://docs.databricks.com/aws/en/sql/language-manual/functions/typeof
MACROS += (
    "CREATE OR REPLACE MACRO __uc_typeof(t) AS CASE "
    + " ".join(f"WHEN t = '{duck}' THEN '{name}'" for duck, name in _TYPE_NAMES.items())
    + " WHEN t LIKE 'DECIMAL(%' THEN lower(replace(t, ' ', '')) "
    f"ELSE error('[{errors.NOT_SUPPORTED_CLASS}] This statement uses a feature that is not "
    "supported by the local warehouse: typeof of ' || t || '. Run it against a Databricks SQL "
    "warehouse instead.') END",
)

# Java's Double.toString, as Spark casts a DOUBLE to STRING: plain between 1e-3 and 1e7,
# otherwise "1.0E7" (DuckDB: "10000000.0", "1e+16"). From DuckDB's shortest text ``s``.
_A = "ltrim(s, '-')"

_SIGN = "CASE WHEN starts_with(s, '-') THEN '-' ELSE '' END"

_INT_PART = f"split_part({_A}, '.', 1)"

_FRAC_PART = f"split_part({_A}, '.', 2)"

MACROS += (
    "CREATE OR REPLACE MACRO __uc_java_sci(sign, digits, e) AS sign || left(digits, 1) || '.' "
    "|| CASE WHEN length(digits) > 1 THEN substr(digits, 2) ELSE '0' END || 'E' "
    "|| CAST(e AS VARCHAR)",
    "CREATE OR REPLACE MACRO __uc_double_text(s) AS CASE "
    "WHEN s = 'inf' THEN 'Infinity' WHEN s = '-inf' THEN '-Infinity' WHEN s = 'nan' THEN 'NaN' "
    "WHEN abs(CAST(s AS DOUBLE)) = 0 OR (abs(CAST(s AS DOUBLE)) >= 0.001 "
    "AND abs(CAST(s AS DOUBLE)) < 10000000) THEN s "
    f"WHEN contains(s, 'e') THEN __uc_java_sci({_SIGN}, "
    f"rtrim(replace(split_part({_A}, 'e', 1), '.', ''), '0'), "
    f"CAST(split_part({_A}, 'e', 2) AS INT)) "
    f"WHEN {_INT_PART} <> '0' THEN __uc_java_sci({_SIGN}, "
    f"rtrim({_INT_PART} || {_FRAC_PART}, '0'), length({_INT_PART}) - 1) "
    f"ELSE __uc_java_sci({_SIGN}, rtrim(ltrim({_FRAC_PART}, '0'), '0'), "
    f"-(length({_FRAC_PART}) - length(ltrim({_FRAC_PART}, '0')) + 1)) END",
)

# Any value as text, as Spark's cast to STRING writes it: DOUBLE and FLOAT as Java does; arrays
# of numbers, strings, booleans and dates as DuckDB does, which is Spark's text unless one holds
# a NULL (Spark: "null"); other arrays, maps, structs and intervals refused. No lambda: DuckDB
# cannot bind one in a MERGE.
_TEXT_ARRAYS = ", ".join(
    f"'{t}[]'" for t in ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "VARCHAR", "BOOLEAN", "DATE")
)

MACROS += (
    "CREATE OR REPLACE MACRO __uc_to_string(x) AS CASE "
    "WHEN typeof(x) IN ('DOUBLE', 'FLOAT') THEN __uc_double_text(CAST(x AS VARCHAR)) "
    f"WHEN (typeof(x) IN ({_TEXT_ARRAYS}) OR typeof(x) LIKE 'DECIMAL(%)[]') "
    "AND list_position(TRY_CAST(x AS VARCHAR[]), NULL) IS NOT NULL THEN "
    f"{refuse_at_run_time(repr('an array holding NULL'))} "
    f"WHEN typeof(x) IN ({_TEXT_ARRAYS}) OR typeof(x) LIKE 'DECIMAL(%)[]' THEN CAST(x AS VARCHAR) "
    "WHEN typeof(x) LIKE '%[]' OR typeof(x) LIKE 'MAP(%' OR typeof(x) LIKE 'STRUCT(%' "
    f"OR typeof(x) = 'INTERVAL' THEN {refuse_at_run_time('typeof(x)')} "
    "ELSE CAST(x AS VARCHAR) END",
)

# Types DuckDB writes as Spark does.
_PLAIN_TEXT = {
    exp.DType.TINYINT,
    exp.DType.SMALLINT,
    exp.DType.INT,
    exp.DType.BIGINT,
    exp.DType.DECIMAL,
    exp.DType.BOOLEAN,
    exp.DType.DATE,
    exp.DType.TEXT,
    exp.DType.VARCHAR,
}

INTEGRAL = {exp.DType.TINYINT, exp.DType.SMALLINT, exp.DType.INT, exp.DType.BIGINT}


def integral_cast(node: exp.Cast) -> exp.Expr:
    """A cast to an integral type truncates the fraction in Databricks (``int(-5.6)`` is -5,
    https://docs.databricks.com/aws/en/sql/language-manual/functions/int); DuckDB rounds
    (-6). Through DECIMAL(38,18), which holds every BIGINT with its fraction, and is exact for
    DECIMAL, DOUBLE, BOOLEAN and numeric text alike (whose type is unknown here)."""
    value = node.this
    if _known_integral(value):
        return node
    cast = exp.TryCast if isinstance(node, exp.TryCast) else exp.Cast
    decimal = cast(this=value, to=exp.DataType.build("DECIMAL(38, 18)"))
    node.set("this", call("trunc", decimal))
    return node


def string_cast(node: exp.Cast) -> exp.Expr:
    """Text as Spark writes it (``1.0E7``, ``[1, 2]``): see __uc_to_string.
    https://docs.databricks.com/aws/en/sql/language-manual/functions/cast"""
    value = node.this
    if isinstance(value, (exp.Literal, exp.Null)):
        return node
    if isinstance(value, exp.Cast) and value.to.this in _PLAIN_TEXT:
        return node
    return call("__uc_to_string", value)


def decimal_cast(node: exp.Cast) -> exp.Expr:
    """A DOUBLE becomes a DECIMAL through its shortest text, rounded half up (Spark's
    BigDecimal of the double's text): 1.005d is 1.01 as DECIMAL(5,2), DuckDB has 1.00."""
    return _by_double(node, lambda text: node.__class__(this=text, to=node.to.copy()))


def _by_double(node: exp.Cast, of_text: Callable[[exp.Expr], exp.Expr]) -> exp.Expr:
    value = node.this
    if isinstance(value, (exp.Literal, exp.Null)) or (
        isinstance(value, exp.Cast) and value.to.this != exp.DType.DOUBLE
    ):
        return node
    text = cast_to(value.copy(), "VARCHAR")
    if isinstance(value, exp.Cast):
        return of_text(text)
    is_double = exp.EQ(this=call("typeof", value.copy()), expression=exp.Literal.string("DOUBLE"))
    return exp.Case(ifs=[exp.If(this=is_double, true=of_text(text))], default=node)


def _known_integral(value: exp.Expr) -> bool:
    if isinstance(value, exp.Literal):
        return not value.is_string and value.is_int
    if isinstance(value, exp.Cast):
        return value.to.this in INTEGRAL
    return isinstance(value, exp.Null)


def _substring(node: exp.Expr) -> exp.Expr:
    """Position 0 reads as 1, a length below 1 gives '' (DuckDB: one character less, and
    characters before the position).
    https://docs.databricks.com/aws/en/sql/language-manual/functions/substring"""
    start = node.args.get("start") or exp.Literal.number(1)
    length = node.args.get("length")
    if length is None:
        return call(SUBSTR_FROM_MACRO, node.this, start)
    return call(SUBSTR_MACRO, node.this, start, length)


def _locate(node: exp.Expr) -> exp.Expr:
    """locate(substr, str, pos): 0 when pos is below 1 or NULL (DuckDB searched from the start).
    https://docs.databricks.com/aws/en/sql/language-manual/functions/locate"""
    position = node.args.get("position")
    if position is None:
        return node
    if positive_literal(position):
        return node
    below = exp.or_(exp.Is(this=position.copy(), expression=exp.Null()), position.copy() < 1)
    return exp.Case(ifs=[exp.If(this=below, true=exp.Literal.number(0))], default=node)


def _with_format(feature: str) -> Handler:
    def handler(node: exp.Expr) -> exp.Expr:
        if node.args.get("format") is not None:
            raise errors.not_supported(feature)
        return node

    return handler


def _split(node: exp.Expr) -> exp.Expr:
    if node.args.get("limit") is not None:
        raise errors.not_supported("split with a limit")
    return node


def _split_part(node: exp.Expr) -> exp.Expr:
    # partNum 0 is INVALID_INDEX_OF_ZERO.
    # https://docs.databricks.com/aws/en/sql/language-manual/functions/split_part
    args = [node.this, node.args.get("delimiter"), node.args.get("part_index")]
    if any(a is None for a in args):
        return node
    return call(SPLIT_PART_MACRO, *[a for a in args if a is not None])


def _like(node: exp.Expr) -> exp.Expr:
    """LIKE and ILIKE escape with a backslash unless told otherwise (``'a\\_c'`` matches
    ``a_c`` only); DuckDB has no default escape.
    https://docs.databricks.com/aws/en/sql/language-manual/functions/like"""
    if isinstance(node.parent, exp.Escape) or isinstance(node.expression, (exp.Any, exp.All)):
        return node
    return exp.Escape(this=node, expression=exp.Literal.string("\\"))


def _regexp_replace(node: exp.Expr) -> exp.Expr:
    """Java's ``$1`` refers to a group in the replacement; RE2's is ``\\1``.
    https://docs.databricks.com/aws/en/sql/language-manual/functions/regexp_replace"""
    replacement = node.args.get("replacement")
    if isinstance(replacement, exp.Literal) and replacement.is_string:
        text = replacement.name
        if "$" not in text and "\\" not in text:
            return node
        converted = re.sub(r"\\(.)|\$(\d)", lambda m: _re2_escape(m), text)
        node.set("replacement", exp.Literal.string(converted))
        return node
    if replacement is not None:
        raise errors.not_supported("regexp_replace with a replacement that is not a literal")
    return node


def _re2_escape(match: re.Match[str]) -> str:
    if match.group(2) is not None:
        return "\\" + match.group(2)
    char = match.group(1)
    return "\\\\" if char == "\\" else char


def _left_right(node: exp.Expr) -> exp.Expr:
    """left/right of a length below 1 is '' (DuckDB counts from the other end).
    https://docs.databricks.com/aws/en/sql/language-manual/functions/left"""
    length = node.expression
    if positive_literal(length):
        return node
    empty = exp.If(this=length.copy() < 1, true=exp.Literal.string(""))
    return exp.Case(ifs=[empty], default=node)


def _format_string(node: exp.Expr) -> exp.Expr:
    """format_string / printf take printf-style patterns (DuckDB's format() takes ``{}``).
    https://docs.databricks.com/aws/en/sql/language-manual/functions/format_string"""
    return call("printf", node.this, *node.expressions)


def _typeof(node: exp.Expr) -> exp.Expr:
    return call("__uc_typeof", call("typeof", node.this))


def _string_concat(node: exp.Expr) -> exp.Expr:
    """concat / || with a string literal joins text: each other operand becomes text as Spark
    casts it (a DOUBLE as ``1.0E7``). Without one it may join arrays, left to DuckDB.
    https://docs.databricks.com/aws/en/sql/language-manual/functions/concat"""
    operands = _concat_operands(node)
    if not any(isinstance(o, exp.Literal) and o.is_string for o in operands):
        return node
    for operand in operands:
        if not _plain_text(operand):
            operand.replace(call("__uc_to_string", operand.copy()))
    return node


def _concat_operands(node: exp.Expr) -> list[exp.Expr]:
    if isinstance(node, exp.DPipe):
        return [*_concat_operands(node.this), *_concat_operands(node.expression)]
    if isinstance(node, exp.Concat):
        return list(node.expressions)
    return [node]


def _plain_text(node: exp.Expr) -> bool:
    if isinstance(node, (exp.Literal, exp.Null)):
        return True
    if isinstance(node, exp.Anonymous) and str(node.this).lower() == "__uc_to_string":
        return True
    return isinstance(node, exp.Cast) and node.to.this in _PLAIN_TEXT


HANDLERS: dict[type[exp.Expr], Handler] = {
    exp.Concat: _string_concat,
    exp.DPipe: _string_concat,
    exp.Typeof: _typeof,
    exp.Like: _like,
    exp.ILike: _like,
    exp.RegexpReplace: _regexp_replace,
    exp.Left: _left_right,
    exp.Right: _left_right,
    exp.Format: _format_string,
    exp.Substring: _substring,
    exp.StrPosition: _locate,
    exp.RegexpSplit: _split,
    exp.SplitPart: _split_part,
    # https://docs.databricks.com/aws/en/sql/language-manual/functions/to_char
    exp.ToChar: _with_format("to_char with a format"),
    # https://docs.databricks.com/aws/en/sql/language-manual/functions/to_number
    exp.ToNumber: _with_format("to_number with a format"),
}
