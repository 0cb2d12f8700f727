"""Arrays and maps as Databricks indexes, sorts, searches and explodes them."""

from __future__ import annotations

from sqlglot import exp

from dbt.adapters.databricks_envs.local.engine import errors
from dbt.adapters.databricks_envs.local.engine.translate.semantics.common import (
    ZERO,
    Handler,
    call,
    cast_to,
    is_true,
)

INDEX_MACRO = "__uc_index"
ELEMENT_AT_MACRO = "__uc_element_at"

DISTINCT_MACRO = "__uc_array_distinct"

MACROS: tuple[str, ...] = ()

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
    f"CASE WHEN {_I} = 0 THEN {ZERO} WHEN abs({_I}) > cardinality(a) THEN "
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


def _bracket(node: exp.Expr) -> exp.Expr:
    """arr[i], element_at: see INDEX_MACRO. A string key can only be a map's: left as it is,
    and so is try_element_at (NULL out of bounds, as DuckDB)."""
    index = node.expressions[0] if len(node.expressions) == 1 else None
    if node.args.get("safe") or index is None or index.is_string:
        return node
    macro = ELEMENT_AT_MACRO if node.args.get("offset") == 1 else INDEX_MACRO
    return call(macro, node.this, index)


def _array_sort(node: exp.Expr) -> exp.Expr:
    """array_sort(a) puts NULLs last (sort_array(a) first).
    https://docs.databricks.com/aws/en/sql/language-manual/functions/array_sort"""
    if node.args.get("expression") is not None:
        raise errors.not_supported("array_sort with a comparator")
    nulls_first, asc_arg = node.args.get("nulls_first"), node.args.get("asc")
    if is_true(nulls_first) or (asc_arg is not None and not is_true(asc_arg)):
        # sort_array: ascending with NULLs first, descending with NULLs last, as DuckDB has it.
        return node
    asc, nulls = exp.Literal.string("ASC"), exp.Literal.string("NULLS LAST")
    return call("list_sort", node.this, asc, nulls)


def _array_distinct(node: exp.Expr) -> exp.Expr:
    return call(DISTINCT_MACRO, node.this)


def _array_except(node: exp.Expr) -> exp.Expr:
    return call("__uc_array_except", node.this, node.expression)


def _map_contains_key(node: exp.Expr) -> exp.Expr:
    # https://docs.databricks.com/aws/en/sql/language-manual/functions/map_contains_key
    return call("list_contains", call("map_keys", node.this), node.args["key"])


def _size(node: exp.Expr) -> exp.Expr:
    """size / cardinality: an INT, of an array or a map.
    https://docs.databricks.com/aws/en/sql/language-manual/functions/size"""
    return cast_to(call("cardinality", node.this), "INT")


def _array_contains(node: exp.Expr) -> exp.Expr:
    return call("__uc_array_contains", node.this, node.expression)


def _outer_source(array: exp.Expr) -> exp.Expr:
    """explode_outer / LATERAL VIEW OUTER make one row of NULL of a NULL or empty array (plain
    explode none). https://docs.databricks.com/aws/en/sql/language-manual/functions/explode_outer
    """
    empty = exp.or_(
        exp.Is(this=array.copy(), expression=exp.Null()),
        exp.EQ(this=call("cardinality", array.copy()), expression=exp.Literal.number(0)),
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


HANDLERS: dict[type[exp.Expr], Handler] = {
    # sqlglot parses explode_outer as a private subclass of ExplodeOuter.
    **{kind: _explode_outer for kind in (exp.ExplodeOuter, *exp.ExplodeOuter.__subclasses__())},
    exp.PosexplodeOuter: _posexplode_outer,
    exp.Lateral: _lateral,
    exp.ArraySize: _size,
    exp.ArrayContains: _array_contains,
    exp.Bracket: _bracket,
    exp.ArraySort: _array_sort,
    exp.ArrayDistinct: _array_distinct,
    exp.ArrayExcept: _array_except,
    exp.MapContainsKey: _map_contains_key,
}
