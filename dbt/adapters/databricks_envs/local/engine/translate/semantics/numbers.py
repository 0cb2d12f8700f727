"""Arithmetic, hashes and aggregates as Databricks computes them."""

from __future__ import annotations

from sqlglot import exp

from dbt.adapters.databricks_envs.local.engine import errors
from dbt.adapters.databricks_envs.local.engine.translate.semantics.common import (
    Handler,
    call,
    cast_to,
)

PMOD_MACRO = "__uc_pmod"


MACROS: tuple[str, ...] = (
    f"CREATE OR REPLACE MACRO {PMOD_MACRO}(a, n) AS "
    "CASE WHEN a % n < 0 THEN (a % n + n) % n ELSE a % n END",
)


def _percentile(node: exp.Expr) -> exp.Expr:
    """The exact percentile interpolates between values (percentile(col, 0.5) of 1 and 2 is
    1.5); DuckDB's quantile picks one. https://docs.databricks.com/aws/en/sql/language-manual/functions/percentile
    """
    if node.args.get("frequency") is not None or len(node.expressions) > 0:
        raise errors.not_supported("percentile with a frequency")
    return call("quantile_cont", node.this, node.args["quantile"])


def _sha2(node: exp.Expr) -> exp.Expr:
    # https://docs.databricks.com/aws/en/sql/language-manual/functions/sha2
    length = node.args.get("length")
    if length is None or (isinstance(length, exp.Literal) and length.name in ("0", "256")):
        return call("sha256", node.this)
    raise errors.not_supported("sha2 with a bit length other than 256")


def _sign(node: exp.Expr) -> exp.Expr:
    # A DOUBLE: https://docs.databricks.com/aws/en/sql/language-manual/functions/sign
    return cast_to(node, "DOUBLE")


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
    return cast_to(node, "VARCHAR")


def _int_div(node: exp.Expr) -> exp.Expr:
    """``a div b`` is the quotient truncated towards zero, a BIGINT; DuckDB's ``//`` divides
    DECIMAL and DOUBLE exactly (7.5 // 2 is 3.75).
    https://docs.databricks.com/aws/en/sql/language-manual/functions/div"""
    divisor = call("__uc_divisor", node.expression)
    quotient = exp.IntDiv(this=node.this, expression=divisor)
    return cast_to(call("trunc", quotient), "BIGINT")


def _plain_aggregate(node: exp.Expr, name: str) -> None:
    if isinstance(node.parent, (exp.Window, exp.Filter)) or node.find(exp.Distinct):
        raise errors.not_supported(f"{name} as a window function, with FILTER or DISTINCT")


def _kurtosis(node: exp.Expr) -> exp.Expr:
    """The population excess kurtosis (DuckDB's kurtosis corrects for the sample).
    https://docs.databricks.com/aws/en/sql/language-manual/functions/kurtosis"""
    return call("kurtosis_pop", node.this)


def _skewness(node: exp.Expr) -> exp.Expr:
    """The population skewness, from DuckDB's sample one (G1 = g1 * sqrt(n(n-1)) / (n-2)); two
    different values have 0. https://docs.databricks.com/aws/en/sql/language-manual/functions/skewness
    """
    _plain_aggregate(node, "skewness")
    n = call("count", node.this.copy())
    sample = call("skewness", node.this.copy())
    scaled = exp.Div(
        this=exp.Mul(
            this=sample,
            expression=exp.Paren(this=exp.Sub(this=n, expression=exp.Literal.number(2))),
        ),
        expression=call(
            "sqrt",
            exp.Mul(
                this=n.copy(),
                expression=exp.Paren(this=exp.Sub(this=n.copy(), expression=exp.Literal.number(1))),
            ),
        ),
    )
    two = exp.and_(
        exp.EQ(this=n.copy(), expression=exp.Literal.number(2)),
        call("var_pop", node.this.copy()) > 0,
    )
    return exp.Case(ifs=[exp.If(this=two, true=exp.Literal.number(0.0))], default=scaled)


def _approx_percentile(node: exp.Expr) -> exp.Expr:
    """The smallest value with at least the given share of values at or below it: exact on the
    data a local warehouse holds (DuckDB's approx_quantile interpolates).
    https://docs.databricks.com/aws/en/sql/language-manual/functions/approx_percentile"""
    return call("quantile_disc", node.this, node.args["quantile"])


HANDLERS: dict[type[exp.Expr], Handler] = {
    exp.IntDiv: _int_div,
    exp.Kurtosis: _kurtosis,
    exp.Skewness: _skewness,
    exp.ApproxQuantile: _approx_percentile,
    exp.SHA2: _sha2,
    exp.Sign: _sign,
    exp.Ln: _logarithm,
    exp.Log: _logarithm,
    exp.Uuid: _uuid,
    exp.Quantile: _percentile,
}
