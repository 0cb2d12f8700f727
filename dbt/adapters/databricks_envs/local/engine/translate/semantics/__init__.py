"""Functions and operators whose DuckDB meaning differs from Databricks SQL (ANSI mode, as on
SQL warehouses): each is translated to Databricks' result or refused by name, never left to give
a different answer. The Databricks SQL reference page of each is cited next to its rewrite.

The rewrites run inside ``expressions.rewrite`` (children first), on the tree sqlglot parsed
with the Databricks dialect, before it is written as DuckDB SQL. One module per area: dates,
strings (casts and text), arrays (and maps), numbers (and aggregates); each declares the DuckDB
macros it needs (MACROS) and the rewrite of each expression type (HANDLERS). Some choices can only
be made at run time, on ``typeof()``: a DuckDB CASE must bind all of its branches for every type.
"""

from __future__ import annotations

from sqlglot import exp

from dbt.adapters.databricks_envs.local.engine import errors
from dbt.adapters.databricks_envs.local.engine.translate.semantics import (
    arrays,
    dates,
    numbers,
    strings,
)
from dbt.adapters.databricks_envs.local.engine.translate.semantics.common import (
    Handler,
    call,
    cast_to,
    plus,
)
from dbt.adapters.databricks_envs.local.engine.translate.semantics.strings import (
    INTEGRAL,
    decimal_cast,
    integral_cast,
    string_cast,
)

__all__ = [
    "HANDLERS",
    "INTEGRAL",
    "MACROS",
    "anonymous",
    "decimal_cast",
    "integral_cast",
    "string_cast",
]

# Created once in the in-memory database (see expressions.MACROS), in this order.
MACROS: tuple[str, ...] = (*dates.MACROS, *strings.MACROS, *arrays.MACROS, *numbers.MACROS)

HANDLERS: dict[type[exp.Expr], Handler] = {
    **dates.HANDLERS,
    **strings.HANDLERS,
    **arrays.HANDLERS,
    **numbers.HANDLERS,
}


def anonymous(name: str, node: exp.Anonymous) -> exp.Expr | None:
    """Functions sqlglot passes through by name; None when the name is not one of them."""
    args = node.expressions
    if name == "weekday" and len(args) == 1:
        # 0 = Monday ... 6 = Sunday (DuckDB's weekday: 0 = Sunday).
        # https://docs.databricks.com/aws/en/sql/language-manual/functions/weekday
        return plus(call("isodow", cast_to(args[0], "DATE")), -1)
    if name == "date_part" and len(args) == 2 and args[0].is_string:
        field = args[0].name.upper()
        if field in dates.EXTRACT_FIELDS:
            return dates.EXTRACT_FIELDS[field](args[1])
        return None
    if name == "pmod" and len(args) == 2:
        # https://docs.databricks.com/aws/en/sql/language-manual/functions/pmod
        return call(numbers.PMOD_MACRO, *args)
    if name == "bround":
        # HALF_EVEN; exact on DECIMAL, but DOUBLE rounds its decimal text in Databricks.
        # https://docs.databricks.com/aws/en/sql/language-manual/functions/bround
        raise errors.not_supported("bround")
    if name == "btrim" and len(args) == 2:
        # btrim(str, trimStr): https://docs.databricks.com/aws/en/sql/language-manual/functions/btrim
        return exp.Trim(this=args[0], expression=args[1])
    if name == "cardinality" and len(args) == 1:
        return cast_to(call("cardinality", args[0]), "INT")
    if name == "printf" and args:
        return call("printf", *args)
    if name == "percentile":
        # https://docs.databricks.com/aws/en/sql/language-manual/functions/percentile
        raise errors.not_supported("percentile with a frequency")
    if name in ("hash", "xxhash64"):
        # Spark's Murmur3 / xxHash64 values; DuckDB's hash() is another function.
        # https://docs.databricks.com/aws/en/sql/language-manual/functions/hash
        raise errors.not_supported(f"{name} (Spark's hash values)")
    return None
