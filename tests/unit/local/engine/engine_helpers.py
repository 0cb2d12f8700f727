"""Helpers shared by the engine tests."""

from __future__ import annotations

from typing import Any

import pytest

from dbt.adapters.databricks_envs.local.api import Principal, Result, WarehouseError
from dbt.adapters.databricks_envs.local.engine import DuckDBSession

ALICE = Principal("alice@example.com", frozenset({"analysts"}))
BOB = Principal("bob@example.com")


def rows(session: DuckDBSession, sql: str) -> list[tuple[Any, ...]]:
    """The result rows, as tuples."""
    table = session.execute(sql).table
    return list(zip(*(column.to_pylist() for column in table.columns), strict=True))


def one(session: DuckDBSession, sql: str) -> Any:
    return rows(session, sql)[0][0]


def column_types(result: Result) -> list[tuple[str, str]]:
    return [(c.name, c.type_name) for c in result.columns]


def fails(session: DuckDBSession, sql: str, error_class: str) -> WarehouseError:
    """Runs ``sql``, which must fail with ``error_class``; returns the error."""
    with pytest.raises(WarehouseError) as caught:
        session.execute(sql)
    assert caught.value.error_class == error_class, caught.value.message
    assert caught.value.message.startswith(f"[{error_class}]")
    assert caught.value.message.endswith(f"SQLSTATE: {caught.value.sqlstate}")
    return caught.value


def run_all(session: DuckDBSession, script: str) -> None:
    """Runs the statements of ``script``, one per ``;;``-separated chunk."""
    for statement in script.split(";;"):
        if statement.strip():
            session.execute(statement)
