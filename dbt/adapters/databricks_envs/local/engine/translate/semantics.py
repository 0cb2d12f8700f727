"""Functions and operators whose DuckDB meaning differs from Databricks SQL (ANSI mode, as on
SQL warehouses): each is translated to Databricks' result or refused by name, never left to give
a different answer. The Databricks SQL reference page of each is cited next to its rewrite.

The rewrites run inside ``expressions.rewrite`` (children first), on the tree sqlglot parsed
with the Databricks dialect, before it is written as DuckDB SQL.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal

from sqlglot import exp
from sqlglot.dialects.databricks import Databricks
from sqlglot.trie import new_trie

from dbt.adapters.databricks_envs.local.engine import errors

# sqlglot reads these Spark datetime pattern letters as others: Y (week-based year) as y, DD
# (day of year, at least two digits) as three, z and Z (the zone, UTC here) as nothing. Left as
# they are, they reach _pattern below, which refuses them by name.
# https://docs.databricks.com/aws/en/sql/language-manual/sql-ref-datetime-pattern
Databricks.TIME_MAPPING = {
    **Databricks.TIME_MAPPING,
    **{letters: letters for letters in ("Y", "YY", "YYYY", "DD", "z", "Z")},
}
Databricks.TIME_TRIE = new_trie(Databricks.TIME_MAPPING)

SUBSTR_MACRO = "__uc_substr"
SUBSTR_FROM_MACRO = "__uc_substr_from"
MONTHS_BETWEEN_MACRO = "__uc_months_between"
MONTHS_UNTIL_MACRO = "__uc_months_until"
PMOD_MACRO = "__uc_pmod"
SPLIT_PART_MACRO = "__uc_split_part"
INDEX_MACRO = "__uc_index"
ELEMENT_AT_MACRO = "__uc_element_at"
DISTINCT_MACRO = "__uc_array_distinct"

# Spark's start of a substring (UTF8String.substringSQL): 1-based, negative from the end, 0 as 1.
_START = "(CASE WHEN pos > 0 THEN pos - 1 WHEN pos < 0 THEN length(s) + pos ELSE 0 END)"
# Java's LocalDateTime.until(end, MONTHS), which Spark's timestampdiff uses: the end date moves
# a day towards the start when its time of day has not come yet, then whole months count by
# (month, day) packed as month * 32 + day, divided towards zero.
_END_DATE = (
    "(CASE WHEN CAST(e AS DATE) > CAST(s AS DATE) AND CAST(e AS TIME) < CAST(s AS TIME) "
    "THEN CAST(e AS DATE) - 1 "
    "WHEN CAST(e AS DATE) < CAST(s AS DATE) AND CAST(e AS TIME) > CAST(s AS TIME) "
    "THEN CAST(e AS DATE) + 1 ELSE CAST(e AS DATE) END)"
)


def _packed(date: str) -> str:
    return f"((year({date}) * 12 + month({date})) * 32 + day({date}))"


def _seconds_in_month(t: str) -> str:
    """Seconds since the start of the month, as Spark's months_between counts them."""
    midnight = f"CAST(CAST({t} AS DATE) AS TIMESTAMP)"
    return f"((day({t}) - 1) * 86400 + (epoch_us({t}) - epoch_us({midnight})) // 1000000)"


_ZERO = (
    "error('[INVALID_INDEX_OF_ZERO] The index 0 is invalid. An index shall be either < 0 or "
    "> 0 (the first element has index 1).')"
)
_T1 = "CAST(a AS TIMESTAMP)"
_T2 = "CAST(b AS TIMESTAMP)"
_MONTHS = f"((year({_T1}) * 12 + month({_T1})) - (year({_T2}) * 12 + month({_T2})))"
_FRACTIONAL = f"{_MONTHS} + ({_seconds_in_month(_T1)} - {_seconds_in_month(_T2)}) / 2678400.0"

MACROS: tuple[str, ...] = (
    f"CREATE OR REPLACE MACRO {SUBSTR_MACRO}(s, pos, len) AS "
    f"CASE WHEN greatest({_START}, 0) >= {_START} + len THEN '' "
    f"ELSE substring(s, greatest({_START}, 0) + 1, {_START} + len - greatest({_START}, 0)) END",
    f"CREATE OR REPLACE MACRO {SUBSTR_FROM_MACRO}(s, pos) AS "
    f"substring(s, greatest({_START}, 0) + 1)",
    f"CREATE OR REPLACE MACRO {MONTHS_UNTIL_MACRO}(s, e) AS "
    f"({_packed(_END_DATE)} - {_packed('CAST(s AS DATE)')}) // 32",
    # Spark's DateTimeUtils.monthsBetween: whole months when the days of month are equal or
    # both the last; otherwise the difference in seconds over a 31-day month, rounded as
    # Math.round(diff * 1e8) / 1e8.
    f"CREATE OR REPLACE MACRO {MONTHS_BETWEEN_MACRO}(a, b, round_off) AS "
    f"CASE WHEN day({_T1}) = day({_T2}) "
    f"OR (CAST({_T1} AS DATE) = last_day({_T1}) AND CAST({_T2} AS DATE) = last_day({_T2})) "
    f"THEN CAST({_MONTHS} AS DOUBLE) "
    f"WHEN round_off THEN floor(({_FRACTIONAL}) * 1e8 + 0.5) / 1e8 "
    f"ELSE {_FRACTIONAL} END",
    f"CREATE OR REPLACE MACRO {PMOD_MACRO}(a, n) AS "
    "CASE WHEN a % n < 0 THEN (a % n + n) % n ELSE a % n END",
    f"CREATE OR REPLACE MACRO {SPLIT_PART_MACRO}(s, d, n) AS "
    f"CASE WHEN n = 0 THEN {_ZERO} ELSE split_part(s, d, n) END",
)

# array_distinct keeps the first of each value, NULL included, in order (DuckDB's list_distinct
# drops NULLs and reorders). https://docs.databricks.com/aws/en/sql/language-manual/functions/array_distinct
MACROS += (
    f"CREATE OR REPLACE MACRO {DISTINCT_MACRO}(a) AS "
    "list_filter(a, lambda x, i: list_position(a, x) = i)",
    # https://docs.databricks.com/aws/en/sql/language-manual/functions/array_union
    f"CREATE OR REPLACE MACRO array_union(a, b) AS {DISTINCT_MACRO}(list_concat(a, b))",
    # https://docs.databricks.com/aws/en/sql/language-manual/functions/array_except
    f"CREATE OR REPLACE MACRO __uc_array_except(a, b) AS "
    f"CASE WHEN a IS NULL OR b IS NULL THEN NULL ELSE "
    f"{DISTINCT_MACRO}(list_filter(a, lambda x: list_position(b, x) IS NULL)) END",
)

_IS_ARRAY = "typeof(a) LIKE '%[]'"
_I = "TRY_CAST(i AS BIGINT)"
_OUT_OF_BOUNDS = (
    "' is out of bounds. The array has ' || CAST(cardinality(a) AS VARCHAR) || ' elements. "
)


# arr[i] is 0-based and fails out of bounds; element_at(arr, i) is 1-based, from the end when
# negative, and fails at 0 or out of bounds; on a map both look the key up (NULL when absent).
# https://docs.databricks.com/aws/en/sql/language-manual/functions/bracketsign
# https://docs.databricks.com/aws/en/sql/language-manual/functions/element_at
# Which one is decided at run time: typeof() is the only thing that binds on both. The array
# branch must bind on a map too: a map with string keys looked up by a key that is not a literal
# cannot, and is refused (see duck_errors.py).
MACROS += (
    f"CREATE OR REPLACE MACRO {INDEX_MACRO}(a, i) AS CASE WHEN {_IS_ARRAY} THEN "
    f"CASE WHEN {_I} < 0 OR {_I} >= cardinality(a) THEN error('[INVALID_ARRAY_INDEX] The index "
    f"' || CAST(i AS VARCHAR) || {_OUT_OF_BOUNDS}Use the SQL function `get()` to tolerate "
    f"accessing element at invalid index and return NULL instead.') ELSE a[{_I} + 1] END "
    "ELSE a[i] END",
    f"CREATE OR REPLACE MACRO {ELEMENT_AT_MACRO}(a, i) AS CASE WHEN {_IS_ARRAY} THEN "
    f"CASE WHEN {_I} = 0 THEN {_ZERO} WHEN abs({_I}) > cardinality(a) THEN "
    f"error('[INVALID_ARRAY_INDEX_IN_ELEMENT_AT] The index ' || CAST(i AS VARCHAR) || "
    f"{_OUT_OF_BOUNDS}Use `try_element_at` to tolerate accessing element at invalid index and "
    f"return NULL instead.') ELSE a[{_I}] END ELSE a[i] END",
)

# array_contains: NULL when the value is NULL, or absent from an array holding a NULL.
# https://docs.databricks.com/aws/en/sql/language-manual/functions/array_contains
MACROS += (
    "CREATE OR REPLACE MACRO __uc_array_contains(a, v) AS CASE WHEN a IS NULL OR v IS NULL "
    "THEN NULL WHEN list_contains(a, v) THEN true "
    "WHEN list_position(a, NULL) IS NOT NULL THEN NULL ELSE false END",
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


def _refuse_at_run_time(what: str) -> str:
    return (
        f"error('[{errors.NOT_SUPPORTED_CLASS}] This statement uses a feature that is not "
        f"supported by the local warehouse: ' || {what} || ' cast to STRING. Run it against a "
        "Databricks SQL warehouse instead.')"
    )


MACROS += (
    "CREATE OR REPLACE MACRO __uc_to_string(x) AS CASE "
    "WHEN typeof(x) IN ('DOUBLE', 'FLOAT') THEN __uc_double_text(CAST(x AS VARCHAR)) "
    f"WHEN (typeof(x) IN ({_TEXT_ARRAYS}) OR typeof(x) LIKE 'DECIMAL(%)[]') "
    "AND list_position(TRY_CAST(x AS VARCHAR[]), NULL) IS NOT NULL THEN "
    f"{_refuse_at_run_time(repr('an array holding NULL'))} "
    f"WHEN typeof(x) IN ({_TEXT_ARRAYS}) OR typeof(x) LIKE 'DECIMAL(%)[]' THEN CAST(x AS VARCHAR) "
    "WHEN typeof(x) LIKE '%[]' OR typeof(x) LIKE 'MAP(%' OR typeof(x) LIKE 'STRUCT(%' "
    f"OR typeof(x) = 'INTERVAL' THEN {_refuse_at_run_time('typeof(x)')} "
    "ELSE CAST(x AS VARCHAR) END",
)

Handler = Callable[[exp.Expr], exp.Expr]

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


def _call(name: str, *args: exp.Expr) -> exp.Expr:
    return exp.Anonymous(this=name, expressions=list(args))


def _plus(node: exp.Expr, n: int) -> exp.Expr:
    return exp.Paren(this=exp.Add(this=node, expression=exp.Literal.number(n)))


def _as(node: exp.Expr, type_name: str) -> exp.Expr:
    return exp.Cast(this=node, to=exp.DataType.build(type_name))


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
    node.set("this", _call("trunc", decimal))
    return node


def string_cast(node: exp.Cast) -> exp.Expr:
    """Text as Spark writes it (``1.0E7``, ``[1, 2]``): see __uc_to_string.
    https://docs.databricks.com/aws/en/sql/language-manual/functions/cast"""
    value = node.this
    if isinstance(value, (exp.Literal, exp.Null)):
        return node
    if isinstance(value, exp.Cast) and value.to.this in _PLAIN_TEXT:
        return node
    return _call("__uc_to_string", value)


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
    text = _as(value.copy(), "VARCHAR")
    if isinstance(value, exp.Cast):
        return of_text(text)
    is_double = exp.EQ(this=_call("typeof", value.copy()), expression=exp.Literal.string("DOUBLE"))
    return exp.Case(ifs=[exp.If(this=is_double, true=of_text(text))], default=node)


def _known_integral(value: exp.Expr) -> bool:
    if isinstance(value, exp.Literal):
        return not value.is_string and value.is_int
    if isinstance(value, exp.Cast):
        return value.to.this in INTEGRAL
    return isinstance(value, exp.Null)


def _day_of_week(node: exp.Expr) -> exp.Expr:
    # 1 = Sunday ... 7 = Saturday; DuckDB's dayofweek has 0 = Sunday.
    # https://docs.databricks.com/aws/en/sql/language-manual/functions/dayofweek
    return _plus(_call("dayofweek", _as(node.this, "DATE")), 1)


_EXTRACT_FIELDS = {
    # https://docs.databricks.com/aws/en/sql/language-manual/functions/extract
    "DAYOFWEEK": lambda v: _plus(_call("dayofweek", v), 1),
    "DOW": lambda v: _plus(_call("dayofweek", v), 1),
    "DAYOFWEEK_ISO": lambda v: _call("isodow", v),
    # Seconds with their fraction, DECIMAL(8, 6).
    "SECOND": lambda v: _seconds(v),
    "SECONDS": lambda v: _seconds(v),
    "DOW_ISO": lambda v: _call("isodow", v),
}


def _seconds(value: exp.Expr) -> exp.Expr:
    micros = _as(_call("microsecond", value), "DECIMAL(18, 6)")
    return _as(exp.Div(this=micros, expression=exp.Literal.number(1_000_000)), "DECIMAL(8, 6)")


def _extract(node: exp.Expr) -> exp.Expr:
    field = node.this.name.upper() if isinstance(node.this, (exp.Var, exp.Literal)) else ""
    make = _EXTRACT_FIELDS.get(field)
    return make(node.expression) if make else node


def _timestamp_diff(node: exp.Expr) -> exp.Expr:
    """timestampdiff / date_diff(unit, start, end): whole elapsed units, a month elapsed when the
    day and time of day reach the start's (Java's ChronoUnit.between); DuckDB's date_diff counts
    boundaries crossed. https://docs.databricks.com/aws/en/sql/language-manual/functions/timestampdiff
    """
    unit = node.args.get("unit")
    name = unit.name.upper() if unit is not None else "DAY"
    if isinstance(node, exp.DateDiff) and name == "DAY":
        # datediff(end, start) has the same tree: days between the dates, DuckDB's meaning.
        return node
    start = _as(node.expression, "TIMESTAMP")
    end = _as(node.this, "TIMESTAMP")
    months = {"MONTH": 1, "QUARTER": 3, "YEAR": 12}
    micros = {
        "MICROSECOND": 1,
        "MILLISECOND": 1000,
        "SECOND": 1_000_000,
        "MINUTE": 60_000_000,
        "HOUR": 3_600_000_000,
        "DAY": 86_400_000_000,
        "WEEK": 7 * 86_400_000_000,
    }
    if name in months:
        whole = _call(MONTHS_UNTIL_MACRO, start, end)
        return exp.Paren(this=exp.IntDiv(this=whole, expression=exp.Literal.number(months[name])))
    if name in micros:
        elapsed = exp.Sub(this=_call("epoch_us", end), expression=_call("epoch_us", start))
        return exp.Paren(
            this=exp.IntDiv(
                this=exp.Paren(this=elapsed), expression=exp.Literal.number(micros[name])
            )
        )
    raise errors.not_supported(f"timestampdiff with unit {name}")


def _months_between(node: exp.Expr) -> exp.Expr:
    # https://docs.databricks.com/aws/en/sql/language-manual/functions/months_between
    round_off = node.args.get("roundoff") or exp.true()
    return _call(MONTHS_BETWEEN_MACRO, node.this, node.expression, round_off)


def _substring(node: exp.Expr) -> exp.Expr:
    """Position 0 reads as 1, a length below 1 gives '' (DuckDB: one character less, and
    characters before the position).
    https://docs.databricks.com/aws/en/sql/language-manual/functions/substring"""
    start = node.args.get("start") or exp.Literal.number(1)
    length = node.args.get("length")
    if length is None:
        return _call(SUBSTR_FROM_MACRO, node.this, start)
    return _call(SUBSTR_MACRO, node.this, start, length)


def _locate(node: exp.Expr) -> exp.Expr:
    """locate(substr, str, pos): 0 when pos is below 1 or NULL (DuckDB searched from the start).
    https://docs.databricks.com/aws/en/sql/language-manual/functions/locate"""
    position = node.args.get("position")
    if position is None:
        return node
    if _positive_literal(position):
        return node
    below = exp.or_(exp.Is(this=position.copy(), expression=exp.Null()), position.copy() < 1)
    return exp.Case(ifs=[exp.If(this=below, true=exp.Literal.number(0))], default=node)


def _positive_literal(node: exp.Expr) -> bool:
    if not isinstance(node, exp.Literal) or node.is_string:
        return False
    value = node.to_py()
    return isinstance(value, (int, Decimal)) and value >= 1


def _percentile(node: exp.Expr) -> exp.Expr:
    """The exact percentile interpolates between values (percentile(col, 0.5) of 1 and 2 is
    1.5); DuckDB's quantile picks one. https://docs.databricks.com/aws/en/sql/language-manual/functions/percentile
    """
    if node.args.get("frequency") is not None or len(node.expressions) > 0:
        raise errors.not_supported("percentile with a frequency")
    return _call("quantile_cont", node.this, node.args["quantile"])


_DEFAULT_FORMATS = {
    "yyyy-MM-dd HH:mm:ss",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%mstrict-%dstrict %Hstrict:%Mstrict:%Sstrict",
}

# Spark datetime pattern fractions sqlglot leaves as they are.
_FRACTIONS = (("SSSSSS", "%f"), ("SSS", "%g"))


def _pattern(node: exp.Expr, arg: str = "format") -> exp.Expr:
    """A Spark datetime pattern must have become a strftime one: a letter left over (``Q``,
    ``u``, ``w``, quoted text, ...) would print as itself.
    https://docs.databricks.com/aws/en/sql/language-manual/sql-ref-datetime-pattern"""
    fmt = node.args.get(arg)
    if fmt is None:
        return node
    if not isinstance(fmt, exp.Literal) or not fmt.is_string:
        raise errors.not_supported("datetime patterns that are not a literal")
    text = fmt.name
    if "%" not in text:
        converted = Databricks.format_time(fmt)
        text = converted.name if converted is not None else text
    for spark, strftime in _FRACTIONS:
        text = text.replace(spark, strftime)
    node.set(arg, exp.Literal.string(_strftime(text.replace("strict", ""))))
    return node


def _quoted(text: str, i: int) -> tuple[str, int]:
    """The literal text of a quote opened before ``i`` ('' alone, or inside, is a quote), and
    where the pattern goes on."""
    if text[i : i + 1] == "'":
        return "'", i + 1
    out: list[str] = []
    while i < len(text):
        if text[i] == "'":
            if text[i + 1 : i + 2] != "'":
                quoted = "".join(out)
                if "%" in quoted:
                    raise errors.not_supported("pattern letters in quoted datetime pattern text")
                return quoted, i + 1
            out.append("'")
            i += 2
            continue
        out.append(text[i])
        i += 1
    raise errors.not_supported("an unterminated quote in a datetime pattern")


def _strftime(text: str) -> str:
    """The converted pattern, its quoted text ('T', '' for a quote) made literal; a letter left
    unconverted outside quotes is refused."""
    out: list[str] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char == "'":
            quoted, i = _quoted(text, i + 1)
            out.append(quoted)
        elif char == "%":
            step = 3 if text[i + 1 : i + 2] == "-" else 2
            out.append(text[i : i + step])
            i += step
        elif char.isalpha():
            raise errors.not_supported(f"the datetime pattern letter '{char}'")
        else:
            out.append(char)
            i += 1
    return "".join(out)


def _str_to_unix(node: exp.Expr) -> exp.Expr:
    """unix_timestamp / to_unix_timestamp: a BIGINT of seconds.
    https://docs.databricks.com/aws/en/sql/language-manual/functions/unix_timestamp"""
    fmt = node.args.get("format")
    value = node.this
    if fmt is not None and not (isinstance(fmt, exp.Literal) and fmt.name in _DEFAULT_FORMATS):
        value = _pattern(exp.StrToTime(this=value, format=fmt))
    # Whole seconds, rounded down (DuckDB's epoch() has the fraction).
    seconds = exp.Div(
        this=_call("epoch_us", _as(value, "TIMESTAMP")), expression=exp.Literal.number(1_000_000)
    )
    return _as(_call("floor", seconds), "BIGINT")


def _date_from_unix_date(node: exp.Expr) -> exp.Expr:
    # A DATE, https://docs.databricks.com/aws/en/sql/language-manual/functions/date_from_unix_date
    return _as(node, "DATE")


def _refuse(feature: str) -> Handler:
    def handler(node: exp.Expr) -> exp.Expr:
        raise errors.not_supported(feature)

    return handler


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
    return _call(SPLIT_PART_MACRO, *[a for a in args if a is not None])


def _bracket(node: exp.Expr) -> exp.Expr:
    """arr[i], element_at: see INDEX_MACRO. A string key can only be a map's: left as it is,
    and so is try_element_at (NULL out of bounds, as DuckDB)."""
    index = node.expressions[0] if len(node.expressions) == 1 else None
    if node.args.get("safe") or index is None or index.is_string:
        return node
    macro = ELEMENT_AT_MACRO if node.args.get("offset") == 1 else INDEX_MACRO
    return _call(macro, node.this, index)


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


def _array_sort(node: exp.Expr) -> exp.Expr:
    """array_sort(a) puts NULLs last (sort_array(a) first).
    https://docs.databricks.com/aws/en/sql/language-manual/functions/array_sort"""
    if node.args.get("expression") is not None:
        raise errors.not_supported("array_sort with a comparator")
    nulls_first, asc_arg = node.args.get("nulls_first"), node.args.get("asc")
    if _is_true(nulls_first) or (asc_arg is not None and not _is_true(asc_arg)):
        # sort_array: ascending with NULLs first, descending with NULLs last, as DuckDB has it.
        return node
    asc, nulls = exp.Literal.string("ASC"), exp.Literal.string("NULLS LAST")
    return _call("list_sort", node.this, asc, nulls)


def _is_true(node: exp.Expr | None) -> bool:
    return isinstance(node, exp.Boolean) and bool(node.this)


def _sha2(node: exp.Expr) -> exp.Expr:
    # https://docs.databricks.com/aws/en/sql/language-manual/functions/sha2
    length = node.args.get("length")
    if length is None or (isinstance(length, exp.Literal) and length.name in ("0", "256")):
        return _call("sha256", node.this)
    raise errors.not_supported("sha2 with a bit length other than 256")


def _left_right(node: exp.Expr) -> exp.Expr:
    """left/right of a length below 1 is '' (DuckDB counts from the other end).
    https://docs.databricks.com/aws/en/sql/language-manual/functions/left"""
    length = node.expression
    if _positive_literal(length):
        return node
    empty = exp.If(this=length.copy() < 1, true=exp.Literal.string(""))
    return exp.Case(ifs=[empty], default=node)


def _format_string(node: exp.Expr) -> exp.Expr:
    """format_string / printf take printf-style patterns (DuckDB's format() takes ``{}``).
    https://docs.databricks.com/aws/en/sql/language-manual/functions/format_string"""
    return _call("printf", node.this, *node.expressions)


def _sign(node: exp.Expr) -> exp.Expr:
    # A DOUBLE: https://docs.databricks.com/aws/en/sql/language-manual/functions/sign
    return _as(node, "DOUBLE")


def _logarithm(node: exp.Expr) -> exp.Expr:
    """Out of bounds (a value, or base, at or below 0) is NULL, not -inf or an error.
    https://docs.databricks.com/aws/en/sql/language-manual/functions/ln"""
    value = node.this if isinstance(node, exp.Ln) else node.expression
    bounds = [value.copy() <= 0]
    if isinstance(node, exp.Log):
        bounds.append(node.this.copy() <= 0)
    out = exp.If(this=exp.or_(*bounds), true=exp.Null())
    return exp.Case(ifs=[out], default=node)


def _uuid(node: exp.Expr) -> exp.Expr:
    # A STRING: https://docs.databricks.com/aws/en/sql/language-manual/functions/uuid
    return _as(node, "VARCHAR")


def _array_distinct(node: exp.Expr) -> exp.Expr:
    return _call(DISTINCT_MACRO, node.this)


def _array_except(node: exp.Expr) -> exp.Expr:
    return _call("__uc_array_except", node.this, node.expression)


def _map_contains_key(node: exp.Expr) -> exp.Expr:
    # https://docs.databricks.com/aws/en/sql/language-manual/functions/map_contains_key
    return _call("list_contains", _call("map_keys", node.this), node.args["key"])


def _int_div(node: exp.Expr) -> exp.Expr:
    """``a div b`` is the quotient truncated towards zero, a BIGINT; DuckDB's ``//`` divides
    DECIMAL and DOUBLE exactly (7.5 // 2 is 3.75).
    https://docs.databricks.com/aws/en/sql/language-manual/functions/div"""
    divisor = _call("__uc_divisor", node.expression)
    quotient = exp.IntDiv(this=node.this, expression=divisor)
    return _as(_call("trunc", quotient), "BIGINT")


def _size(node: exp.Expr) -> exp.Expr:
    """size / cardinality: an INT, of an array or a map.
    https://docs.databricks.com/aws/en/sql/language-manual/functions/size"""
    return _as(_call("cardinality", node.this), "INT")


def _array_contains(node: exp.Expr) -> exp.Expr:
    return _call("__uc_array_contains", node.this, node.expression)


def _plain_aggregate(node: exp.Expr, name: str) -> None:
    if isinstance(node.parent, (exp.Window, exp.Filter)) or node.find(exp.Distinct):
        raise errors.not_supported(f"{name} as a window function, with FILTER or DISTINCT")


def _kurtosis(node: exp.Expr) -> exp.Expr:
    """The population excess kurtosis (DuckDB's kurtosis corrects for the sample).
    https://docs.databricks.com/aws/en/sql/language-manual/functions/kurtosis"""
    return _call("kurtosis_pop", node.this)


def _skewness(node: exp.Expr) -> exp.Expr:
    """The population skewness, from DuckDB's sample one (G1 = g1 * sqrt(n(n-1)) / (n-2)); two
    different values have 0. https://docs.databricks.com/aws/en/sql/language-manual/functions/skewness
    """
    _plain_aggregate(node, "skewness")
    n = _call("count", node.this.copy())
    sample = _call("skewness", node.this.copy())
    scaled = exp.Div(
        this=exp.Mul(
            this=sample,
            expression=exp.Paren(this=exp.Sub(this=n, expression=exp.Literal.number(2))),
        ),
        expression=_call(
            "sqrt",
            exp.Mul(
                this=n.copy(),
                expression=exp.Paren(this=exp.Sub(this=n.copy(), expression=exp.Literal.number(1))),
            ),
        ),
    )
    two = exp.and_(
        exp.EQ(this=n.copy(), expression=exp.Literal.number(2)),
        _call("var_pop", node.this.copy()) > 0,
    )
    return exp.Case(ifs=[exp.If(this=two, true=exp.Literal.number(0.0))], default=scaled)


def _approx_percentile(node: exp.Expr) -> exp.Expr:
    """The smallest value with at least the given share of values at or below it: exact on the
    data a local warehouse holds (DuckDB's approx_quantile interpolates).
    https://docs.databricks.com/aws/en/sql/language-manual/functions/approx_percentile"""
    return _call("quantile_disc", node.this, node.args["quantile"])


def _typeof(node: exp.Expr) -> exp.Expr:
    return _call("__uc_typeof", _call("typeof", node.this))


def _outer_source(array: exp.Expr) -> exp.Expr:
    """explode_outer / LATERAL VIEW OUTER make one row of NULL of a NULL or empty array (plain
    explode none). https://docs.databricks.com/aws/en/sql/language-manual/functions/explode_outer
    """
    empty = exp.or_(
        exp.Is(this=array.copy(), expression=exp.Null()),
        exp.EQ(this=_call("cardinality", array.copy()), expression=exp.Literal.number(0)),
    )
    return exp.Case(
        ifs=[exp.If(this=empty, true=exp.Array(expressions=[exp.Null()]))], default=array
    )


def _explode_outer(node: exp.Expr) -> exp.Expr:
    return exp.Explode(this=_outer_source(node.this))


def _lateral(node: exp.Expr) -> exp.Expr:
    # https://docs.databricks.com/aws/en/sql/language-manual/sql-ref-syntax-qry-select-lateral-view
    if not node.args.get("outer"):
        return node
    function = node.this
    if type(function) is exp.Explode:
        function.set("this", _outer_source(function.this))
        return node
    raise errors.not_supported(f"LATERAL VIEW OUTER {function.sql('databricks').split('(')[0]}")


def _posexplode_outer(node: exp.Expr) -> exp.Expr:
    raise errors.not_supported("posexplode_outer")


def _from_utc(node: exp.Expr) -> exp.Expr:
    """from_utc_timestamp(ts, tz): the wall time in ``tz`` of the UTC instant ``ts`` (DuckDB's
    AT TIME ZONE went the other way).
    https://docs.databricks.com/aws/en/sql/language-manual/functions/from_utc_timestamp"""
    instant = _as(node.this, "TIMESTAMPTZ")
    return _call("timezone", node.args["zone"], instant)


def _convert_timezone(node: exp.Expr) -> exp.Expr:
    """convert_timezone([source,] target, ts): ``ts`` read in ``source`` (the session's, UTC,
    by default) as wall time in ``target``.
    https://docs.databricks.com/aws/en/sql/language-manual/functions/convert_timezone"""
    source, target = node.args.get("source_tz"), node.args["target_tz"]
    value = node.args["timestamp"]
    if source is None:
        instant = _as(value, "TIMESTAMPTZ")
    else:
        instant = _call("timezone", source, _as(value, "TIMESTAMP"))
    return _call("timezone", target, instant)


def _string_concat(node: exp.Expr) -> exp.Expr:
    """concat / || with a string literal joins text: each other operand becomes text as Spark
    casts it (a DOUBLE as ``1.0E7``). Without one it may join arrays, left to DuckDB.
    https://docs.databricks.com/aws/en/sql/language-manual/functions/concat"""
    operands = _concat_operands(node)
    if not any(isinstance(o, exp.Literal) and o.is_string for o in operands):
        return node
    for operand in operands:
        if not _plain_text(operand):
            operand.replace(_call("__uc_to_string", operand.copy()))
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
    exp.AtTimeZone: _from_utc,
    exp.ConvertTimezone: _convert_timezone,
    # sqlglot parses explode_outer as a private subclass of ExplodeOuter.
    **{kind: _explode_outer for kind in (exp.ExplodeOuter, *exp.ExplodeOuter.__subclasses__())},
    exp.PosexplodeOuter: _posexplode_outer,
    exp.Lateral: _lateral,
    exp.Typeof: _typeof,
    exp.IntDiv: _int_div,
    exp.ArraySize: _size,
    exp.ArrayContains: _array_contains,
    exp.Kurtosis: _kurtosis,
    exp.Skewness: _skewness,
    exp.ApproxQuantile: _approx_percentile,
    exp.Bracket: _bracket,
    exp.Like: _like,
    exp.ILike: _like,
    exp.RegexpReplace: _regexp_replace,
    exp.ArraySort: _array_sort,
    exp.SHA2: _sha2,
    exp.Left: _left_right,
    exp.Right: _left_right,
    exp.Format: _format_string,
    exp.Sign: _sign,
    exp.Ln: _logarithm,
    exp.Log: _logarithm,
    exp.Uuid: _uuid,
    exp.ArrayDistinct: _array_distinct,
    exp.ArrayExcept: _array_except,
    exp.MapContainsKey: _map_contains_key,
    exp.DayOfWeek: _day_of_week,
    exp.Extract: _extract,
    exp.TimestampDiff: _timestamp_diff,
    exp.DateDiff: _timestamp_diff,
    exp.MonthsBetween: _months_between,
    exp.Substring: _substring,
    exp.StrPosition: _locate,
    exp.Quantile: _percentile,
    exp.TimeToStr: _pattern,
    exp.StrToTime: _pattern,
    exp.StrToDate: _pattern,
    exp.TsOrDsToDate: _pattern,
    exp.UnixToStr: _pattern,
    exp.StrToUnix: _str_to_unix,
    exp.DateFromUnixDate: _date_from_unix_date,
    exp.RegexpSplit: _split,
    exp.SplitPart: _split_part,
    # https://docs.databricks.com/aws/en/sql/language-manual/functions/to_char
    exp.ToChar: _with_format("to_char with a format"),
    # https://docs.databricks.com/aws/en/sql/language-manual/functions/to_number
    exp.ToNumber: _with_format("to_number with a format"),
}


def anonymous(name: str, node: exp.Anonymous) -> exp.Expr | None:
    """Functions sqlglot passes through by name; None when the name is not one of them."""
    args = node.expressions
    if name == "weekday" and len(args) == 1:
        # 0 = Monday ... 6 = Sunday (DuckDB's weekday: 0 = Sunday).
        # https://docs.databricks.com/aws/en/sql/language-manual/functions/weekday
        return _plus(_call("isodow", _as(args[0], "DATE")), -1)
    if name == "date_part" and len(args) == 2 and args[0].is_string:
        field = args[0].name.upper()
        if field in _EXTRACT_FIELDS:
            return _EXTRACT_FIELDS[field](args[1])
        return None
    if name == "pmod" and len(args) == 2:
        # https://docs.databricks.com/aws/en/sql/language-manual/functions/pmod
        return _call(PMOD_MACRO, *args)
    if name == "bround":
        # HALF_EVEN; exact on DECIMAL, but DOUBLE rounds its decimal text in Databricks.
        # https://docs.databricks.com/aws/en/sql/language-manual/functions/bround
        raise errors.not_supported("bround")
    if name == "btrim" and len(args) == 2:
        # btrim(str, trimStr): https://docs.databricks.com/aws/en/sql/language-manual/functions/btrim
        return exp.Trim(this=args[0], expression=args[1])
    if name == "cardinality" and len(args) == 1:
        return _as(_call("cardinality", args[0]), "INT")
    if name == "printf" and args:
        return _call("printf", *args)
    if name in ("hash", "xxhash64"):
        # Spark's Murmur3 / xxHash64 values; DuckDB's hash() is another function.
        # https://docs.databricks.com/aws/en/sql/language-manual/functions/hash
        raise errors.not_supported(f"{name} (Spark's hash values)")
    return None
