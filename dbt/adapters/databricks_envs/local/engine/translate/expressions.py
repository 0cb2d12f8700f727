"""Expression rewrites where sqlglot's Databricks-to-DuckDB translation differs from what a
Databricks warehouse computes.

Timestamps: Databricks ``timestamp`` is stored as DuckDB ``TIMESTAMP`` read in UTC (the session
time zone of the warehouse), so values print as Databricks prints them (no ``+00`` suffix) and
compare as expected; ``timestamp_ntz`` maps to the same DuckDB type.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlglot import exp

from dbt.adapters.databricks_envs.local.engine import errors
from dbt.adapters.databricks_envs.local.engine.translate import semantics

DIVISOR_MACRO = "__uc_divisor"
GET_MACRO = "__uc_get"
TIMESTAMP_MACRO = "__uc_timestamp"
TRY_TIMESTAMP_MACRO = "__uc_try_timestamp"

# Created once in the in-memory database, where every session resolves unqualified functions.
MACROS = (
    f"CREATE OR REPLACE MACRO {DIVISOR_MACRO}(d) AS "
    f"CASE WHEN d = 0 THEN error('[DIVIDE_BY_ZERO] division by zero') ELSE d END",
    # Through TIMESTAMPTZ, so that text with a zone offset lands on the right UTC time.
    f"CREATE OR REPLACE MACRO {TIMESTAMP_MACRO}(x) AS CAST(CAST(x AS TIMESTAMPTZ) AS TIMESTAMP)",
    f"CREATE OR REPLACE MACRO {TRY_TIMESTAMP_MACRO}(x) AS "
    "TRY_CAST(TRY_CAST(x AS TIMESTAMPTZ) AS TIMESTAMP)",
    f"CREATE OR REPLACE MACRO {GET_MACRO}(a, i) AS "
    "CASE WHEN i < 0 THEN NULL ELSE list_extract(a, i + 1) END",
    "CREATE OR REPLACE MACRO nanvl(a, b) AS CASE WHEN isnan(a) THEN b ELSE a END",
    "CREATE OR REPLACE MACRO btrim(s) AS trim(s)",
    "CREATE OR REPLACE MACRO timestamp_millis(ms) AS make_timestamp(ms * 1000)",
    "CREATE OR REPLACE MACRO timestamp_micros(us) AS make_timestamp(us)",
    "CREATE OR REPLACE MACRO timestamp_seconds(s) AS "
    "make_timestamp(CAST(s * CAST(1000000 AS BIGINT) AS BIGINT))",
    *semantics.MACROS,
)

_TIMESTAMP_TYPES = {exp.DType.TIMESTAMPTZ, exp.DType.TIMESTAMPLTZ, exp.DType.TIMESTAMPNTZ}


@dataclass(frozen=True)
class SessionValues:
    """What the session functions return."""

    catalog: str
    schema: str
    user: str
    groups: frozenset[str]


def rewrite(tree: exp.Expr, values: SessionValues) -> exp.Expr:
    """Rewrites ``tree`` in place, children before their parents, so that every rewrite sees
    rewritten arguments and no rewrite is applied to its own output."""
    root = tree
    for node in reversed(list(tree.walk())):
        handler = _HANDLERS.get(type(node))
        if handler is None:
            continue
        # Taken first: a handler wrapping the node makes the wrapper its parent.
        parent, arg_key, index = node.parent, node.arg_key, node.index
        new = handler(node, values)
        if new is node:
            continue
        if node is root:
            root = new
        elif parent is not None and arg_key is not None:
            parent.set(arg_key, new, index)
    return root


def _datatype(node: exp.Expr, values: SessionValues) -> exp.Expr:
    assert isinstance(node, exp.DataType)
    if isinstance(node.parent, exp.Cast) and node.arg_key == "to":
        # The cast decides (see _cast): it runs after its children.
        return node
    if node.this in _TIMESTAMP_TYPES:
        return exp.DataType.build("TIMESTAMP")
    if node.this == exp.DType.NULL:
        raise errors.not_supported("the VOID type in casts and column definitions")
    return node


def _cast(node: exp.Expr, values: SessionValues) -> exp.Expr:
    assert isinstance(node, exp.Cast)
    target = node.to
    if target.this not in (exp.DType.TIMESTAMPTZ, exp.DType.TIMESTAMPLTZ):
        node.set("to", _datatype(target.copy(), values))
        if node.to.this in semantics.INTEGRAL:
            return semantics.integral_cast(node)
        if node.to.this == exp.DType.DECIMAL:
            return semantics.decimal_cast(node)
        if node.to.this in (exp.DType.VARCHAR, exp.DType.TEXT):
            return semantics.string_cast(node)
        return node
    macro = TRY_TIMESTAMP_MACRO if isinstance(node, exp.TryCast) else TIMESTAMP_MACRO
    value = node.this
    if isinstance(value, exp.Literal) and value.is_string:
        value = exp.Literal.string(_two_digit_offset(value.name))
    return exp.Anonymous(this=macro, expressions=[value])


def _two_digit_offset(text: str) -> str:
    """Spark reads ``2020-01-01 00:00:00-0``; DuckDB wants the hour of an offset in two digits."""
    if len(text) > 2 and text[-2] in "+-" and text[-1].isdigit() and text[-3].isdigit():
        return f"{text[:-1]}0{text[-1]}"
    return text


def _as(node: exp.Expr, type_name: str) -> exp.Expr:
    return exp.Cast(this=node, to=exp.DataType.build(type_name))


def _now(type_name: str) -> Callable[[exp.Expr, SessionValues], exp.Expr]:
    # now() rather than CURRENT_TIMESTAMP: DuckDB takes the bare keyword for a column alias of
    # the same name (``select current_timestamp() as current_timestamp``).
    def handler(node: exp.Expr, values: SessionValues) -> exp.Expr:
        return _as(exp.Anonymous(this="now", expressions=[]), type_name)

    return handler


def _as_date(node: exp.Expr, values: SessionValues) -> exp.Expr:
    return _as(node, "DATE")


_TRUNC_UNITS = {
    "YYYY": "YEAR",
    "YY": "YEAR",
    "MON": "MONTH",
    "MM": "MONTH",
    "DD": "DAY",
    "HH": "HOUR",
    "MI": "MINUTE",
    "SS": "SECOND",
}


def _truncation(node: exp.Expr, values: SessionValues) -> exp.Expr:
    """date_trunc / trunc: Spark's unit abbreviations, and text that is a timestamp."""
    unit = node.args.get("unit")
    if unit is not None and unit.name.upper() in _TRUNC_UNITS:
        node.set("unit", exp.var(_TRUNC_UNITS[unit.name.upper()]))
    value = node.this
    if isinstance(value, exp.Literal) and value.is_string:
        target = "DATE" if isinstance(node, exp.DateTrunc) else "TIMESTAMP"
        node.set("this", _as(value, target))
    # trunc() returns a date; DuckDB's date_trunc a timestamp.
    return _as(node, "DATE") if isinstance(node, exp.DateTrunc) else node


def _division(node: exp.Expr, values: SessionValues) -> exp.Expr:
    # DuckDB answers x / 0 with NULL or infinity; Databricks (ANSI) fails with DIVIDE_BY_ZERO.
    divisor = node.expression
    if isinstance(divisor, exp.Literal) and not divisor.is_string and divisor.to_py() != 0:
        return node
    node.set("expression", exp.Anonymous(this=DIVISOR_MACRO, expressions=[divisor]))
    return node


def _plain(
    handler: Callable[[exp.Expr], exp.Expr],
) -> Callable[[exp.Expr, SessionValues], exp.Expr]:
    return lambda node, values: handler(node)


def _literal(value: str, shown: str) -> Callable[[exp.Expr, SessionValues], exp.Expr]:
    """A session function replaced by its value, keeping the column name Databricks shows."""

    def handler(node: exp.Expr, values: SessionValues) -> exp.Expr:
        literal = exp.Literal.string(getattr(values, value))
        if isinstance(node.parent, exp.Select) and node.arg_key == "expressions":
            return exp.alias_(literal, shown, quoted=True)
        return literal

    return handler


def _current_version(node: exp.Expr, values: SessionValues) -> exp.Expr:
    return exp.Struct(
        expressions=[
            exp.PropertyEQ(this=exp.to_identifier(k), expression=exp.Literal.string(v))
            for k, v in (
                ("dbr_version", "local"),
                ("dbsql_version", "local"),
                ("u_build_hash", "local"),
                ("r_build_hash", "local"),
            )
        ]
    )


def _anonymous(node: exp.Expr, values: SessionValues) -> exp.Expr:
    assert isinstance(node, exp.Anonymous)
    name = str(node.this).lower()
    args = node.expressions
    replaced = semantics.anonymous(name, node)
    if replaced is not None:
        return replaced
    if name in ("is_account_group_member", "is_member"):
        groups = exp.Array(expressions=[exp.Literal.string(g) for g in sorted(values.groups)])
        member = exp.Anonymous(this="list_contains", expressions=[groups, *args])
        if isinstance(node.parent, exp.Select) and node.arg_key == "expressions":
            # The column name Databricks shows: string literals without their quotes.
            shown = ", ".join(a.name if a.is_string else a.sql("databricks") for a in args)
            return exp.alias_(member, f"{name}({shown})", quoted=True)
        return member
    if name == "get":
        return exp.Anonymous(this=GET_MACRO, expressions=args)
    if name in ("isnull", "isnotnull") and len(args) == 1:
        test: exp.Expr = exp.Is(this=args[0], expression=exp.Null())
        return test if name == "isnull" else exp.Not(this=test)
    if name in ("std",):
        return exp.Anonymous(this="stddev", expressions=args)
    if name == "every":
        return exp.Anonymous(this="bool_and", expressions=args)
    if name == "regexp":
        return exp.Anonymous(this="regexp_matches", expressions=args)
    if name in ("current_metastore", "current_workspace_id"):
        return exp.Literal.string("local")
    if name == "read_files":
        raise errors.not_supported("read_files (reading files)")
    if name == "table_changes":
        raise errors.not_supported("table_changes (the change data feed)")
    if name in ("secret", "try_secret"):
        raise errors.not_supported("secrets")
    if name == "ai_query" or name.startswith("ai_"):
        raise errors.not_supported("AI functions")
    return node


_HANDLERS: dict[type[exp.Expr], Callable[[exp.Expr, SessionValues], exp.Expr]] = {
    exp.DataType: _datatype,
    exp.Cast: _cast,
    exp.TryCast: _cast,
    exp.CurrentTimestamp: _now("TIMESTAMP"),
    exp.CurrentDate: _now("DATE"),
    exp.TimestampTrunc: _truncation,
    exp.DateTrunc: _truncation,
    exp.TsOrDsAdd: _as_date,
    exp.AddMonths: _as_date,
    exp.Div: _division,
    exp.CurrentCatalog: _literal("catalog", "current_catalog()"),
    exp.CurrentSchema: _literal("schema", "current_schema()"),
    exp.CurrentDatabase: _literal("schema", "current_database()"),
    exp.CurrentUser: _literal("user", "current_user()"),
    exp.SessionUser: _literal("user", "session_user()"),
    exp.CurrentVersion: _current_version,
    exp.Anonymous: _anonymous,
    **{kind: _plain(handler) for kind, handler in semantics.HANDLERS.items()},
}
