"""What the Databricks-meaning rewrites share."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from sqlglot import exp

from dbt.adapters.databricks_envs.local.engine import errors

ZERO = (
    "error('[INVALID_INDEX_OF_ZERO] The index 0 is invalid. An index shall be either < 0 or "
    "> 0 (the first element has index 1).')"
)


def refuse_at_run_time(what: str) -> str:
    return (
        f"error('[{errors.NOT_SUPPORTED_CLASS}] This statement uses a feature that is not "
        f"supported by the local warehouse: ' || {what} || ' cast to STRING. Run it against a "
        "Databricks SQL warehouse instead.')"
    )


Handler = Callable[[exp.Expr], exp.Expr]


def call(name: str, *args: exp.Expr) -> exp.Expr:
    return exp.Anonymous(this=name, expressions=list(args))


def plus(node: exp.Expr, n: int) -> exp.Expr:
    return exp.Paren(this=exp.Add(this=node, expression=exp.Literal.number(n)))


def cast_to(node: exp.Expr, type_name: str) -> exp.Expr:
    return exp.Cast(this=node, to=exp.DataType.build(type_name))


def positive_literal(node: exp.Expr) -> bool:
    if not isinstance(node, exp.Literal) or node.is_string:
        return False
    value = node.to_py()
    return isinstance(value, (int, Decimal)) and value >= 1


def is_true(node: exp.Expr | None) -> bool:
    return isinstance(node, exp.Boolean) and bool(node.this)
