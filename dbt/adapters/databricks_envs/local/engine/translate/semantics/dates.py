"""Dates, times and time zones as Databricks computes them."""

from __future__ import annotations

from sqlglot import exp
from sqlglot.dialects.databricks import Databricks
from sqlglot.time import format_time
from sqlglot.trie import new_trie

from dbt.adapters.databricks_envs.local.engine import errors
from dbt.adapters.databricks_envs.local.engine.translate.semantics.common import (
    Handler,
    call,
    cast_to,
    plus,
)

# sqlglot reads these Spark datetime pattern letters as others: Y (week-based year) as y, DD
# (day of year, at least two digits) as three, z and Z (the zone, UTC here) as nothing. Left as
# they are, they reach _pattern below, which refuses them by name.
# https://docs.databricks.com/aws/en/sql/language-manual/sql-ref-datetime-pattern
# The local warehouse's own dialect (translate/parse.py) takes this mapping; sqlglot's
# Databricks dialect is left as it is.
TIME_MAPPING = {
    **Databricks.TIME_MAPPING,
    **{letters: letters for letters in ("Y", "YY", "YYYY", "DD", "z", "Z")},
}
_TIME_TRIE = new_trie(TIME_MAPPING)

MONTHS_BETWEEN_MACRO = "__uc_months_between"
MONTHS_UNTIL_MACRO = "__uc_months_until"

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


_T1 = "CAST(a AS TIMESTAMP)"

_T2 = "CAST(b AS TIMESTAMP)"

_MONTHS = f"((year({_T1}) * 12 + month({_T1})) - (year({_T2}) * 12 + month({_T2})))"

_FRACTIONAL = f"{_MONTHS} + ({_seconds_in_month(_T1)} - {_seconds_in_month(_T2)}) / 2678400.0"

MACROS: tuple[str, ...] = (
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
)


def _day_of_week(node: exp.Expr) -> exp.Expr:
    # 1 = Sunday ... 7 = Saturday; DuckDB's dayofweek has 0 = Sunday.
    # https://docs.databricks.com/aws/en/sql/language-manual/functions/dayofweek
    return plus(call("dayofweek", cast_to(node.this, "DATE")), 1)


EXTRACT_FIELDS = {
    # https://docs.databricks.com/aws/en/sql/language-manual/functions/extract
    "DAYOFWEEK": lambda v: plus(call("dayofweek", v), 1),
    "DOW": lambda v: plus(call("dayofweek", v), 1),
    "DAYOFWEEK_ISO": lambda v: call("isodow", v),
    # Seconds with their fraction, DECIMAL(8, 6).
    "SECOND": lambda v: _seconds(v),
    "SECONDS": lambda v: _seconds(v),
    "DOW_ISO": lambda v: call("isodow", v),
}


def _seconds(value: exp.Expr) -> exp.Expr:
    micros = cast_to(call("microsecond", value), "DECIMAL(18, 6)")
    return cast_to(exp.Div(this=micros, expression=exp.Literal.number(1_000_000)), "DECIMAL(8, 6)")


def _extract(node: exp.Expr) -> exp.Expr:
    field = node.this.name.upper() if isinstance(node.this, (exp.Var, exp.Literal)) else ""
    make = EXTRACT_FIELDS.get(field)
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
    start = cast_to(node.expression, "TIMESTAMP")
    end = cast_to(node.this, "TIMESTAMP")
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
        whole = call(MONTHS_UNTIL_MACRO, start, end)
        return exp.Paren(this=exp.IntDiv(this=whole, expression=exp.Literal.number(months[name])))
    if name in micros:
        elapsed = exp.Sub(this=call("epoch_us", end), expression=call("epoch_us", start))
        return exp.Paren(
            this=exp.IntDiv(
                this=exp.Paren(this=elapsed), expression=exp.Literal.number(micros[name])
            )
        )
    raise errors.not_supported(f"timestampdiff with unit {name}")


def _months_between(node: exp.Expr) -> exp.Expr:
    # https://docs.databricks.com/aws/en/sql/language-manual/functions/months_between
    round_off = node.args.get("roundoff") or exp.true()
    return call(MONTHS_BETWEEN_MACRO, node.this, node.expression, round_off)


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
        text = format_time(text, TIME_MAPPING, _TIME_TRIE) or text
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
        this=call("epoch_us", cast_to(value, "TIMESTAMP")), expression=exp.Literal.number(1_000_000)
    )
    return cast_to(call("floor", seconds), "BIGINT")


def _date_from_unix_date(node: exp.Expr) -> exp.Expr:
    # A DATE, https://docs.databricks.com/aws/en/sql/language-manual/functions/date_from_unix_date
    return cast_to(node, "DATE")


def _from_utc(node: exp.Expr) -> exp.Expr:
    """from_utc_timestamp(ts, tz): the wall time in ``tz`` of the UTC instant ``ts`` (DuckDB's
    AT TIME ZONE went the other way).
    https://docs.databricks.com/aws/en/sql/language-manual/functions/from_utc_timestamp"""
    instant = cast_to(node.this, "TIMESTAMPTZ")
    return call("timezone", node.args["zone"], instant)


def _convert_timezone(node: exp.Expr) -> exp.Expr:
    """convert_timezone([source,] target, ts): ``ts`` read in ``source`` (the session's, UTC,
    by default) as wall time in ``target``.
    https://docs.databricks.com/aws/en/sql/language-manual/functions/convert_timezone"""
    source, target = node.args.get("source_tz"), node.args["target_tz"]
    value = node.args["timestamp"]
    if source is None:
        instant = cast_to(value, "TIMESTAMPTZ")
    else:
        instant = call("timezone", source, cast_to(value, "TIMESTAMP"))
    return call("timezone", target, instant)


HANDLERS: dict[type[exp.Expr], Handler] = {
    exp.AtTimeZone: _from_utc,
    exp.ConvertTimezone: _convert_timezone,
    exp.DayOfWeek: _day_of_week,
    exp.Extract: _extract,
    exp.TimestampDiff: _timestamp_diff,
    exp.DateDiff: _timestamp_diff,
    exp.MonthsBetween: _months_between,
    exp.TimeToStr: _pattern,
    exp.StrToTime: _pattern,
    exp.StrToDate: _pattern,
    exp.TsOrDsToDate: _pattern,
    exp.UnixToStr: _pattern,
    exp.StrToUnix: _str_to_unix,
    exp.DateFromUnixDate: _date_from_unix_date,
}
