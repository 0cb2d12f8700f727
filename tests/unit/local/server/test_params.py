"""Native parameters bound into the statement text."""

from __future__ import annotations

import pytest
from databricks.sql.thrift_api.TCLIService import ttypes

from dbt.adapters.databricks_envs.local.api import WarehouseError
from dbt.adapters.databricks_envs.local.server.params import bind


def named(name: str, kind: str, value: str | None) -> ttypes.TSparkParameter:
    return ttypes.TSparkParameter(
        name=name,
        type=kind,
        value=None if value is None else ttypes.TSparkParameterValue(stringValue=value),
    )


def positional(kind: str, value: str | None) -> ttypes.TSparkParameter:
    return ttypes.TSparkParameter(
        ordinal=True,
        type=kind,
        value=None if value is None else ttypes.TSparkParameterValue(stringValue=value),
    )


def test_named_markers_become_typed_literals() -> None:
    sql = bind("SELECT :x, :Y", [named("x", "INT", "1"), named("y", "STRING", "it's \\ ok")])
    assert sql == "SELECT CAST('1' AS INT), CAST('it\\'s \\\\ ok' AS STRING)"


def test_positional_markers_in_order_and_nulls() -> None:
    sql = bind("SELECT ?, ?", [positional("DECIMAL(10,2)", "1.50"), positional("VOID", None)])
    assert sql == "SELECT CAST('1.50' AS DECIMAL(10,2)), NULL"


def test_markers_in_literals_comments_and_identifiers_stay() -> None:
    sql = "SELECT ':x ?', `a:x?`, \"b:x\" -- :x ?\n/* :x ? */, a::int, :x"
    assert bind(sql, [named("x", "INT", "7")]) == sql[: -len(":x")] + "CAST('7' AS INT)"


def test_escaped_quotes_do_not_end_a_literal() -> None:
    assert bind("SELECT 'a\\' :x', :x", [named("x", "INT", "1")]) == (
        "SELECT 'a\\' :x', CAST('1' AS INT)"
    )


@pytest.mark.parametrize(
    ("sql", "parameters", "error"),
    [
        ("SELECT :missing", [named("x", "INT", "1")], "UNBOUND_SQL_PARAMETER"),
        ("SELECT ?, ?", [positional("INT", "1")], "UNBOUND_SQL_PARAMETER"),
        ("SELECT :x", [named("x", "INT); DROP TABLE t; --", "1")], "UNBOUND_SQL_PARAMETER"),
        ("SELECT :x", [named("x", "ARRAY", None)], "UNSUPPORTED_FEATURE"),
    ],
)
def test_bad_parameters_are_statement_errors(
    sql: str, parameters: list[ttypes.TSparkParameter], error: str
) -> None:
    with pytest.raises(WarehouseError) as raised:
        bind(sql, parameters)
    assert raised.value.error_class == error
    assert raised.value.message.startswith(f"[{error}]")
