"""Principals and helpers shared by the security tests."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from dbt.adapters.databricks_envs.local.api import WarehouseError
from dbt.adapters.databricks_envs.local.engine import DuckDBEngine, DuckDBSession
from dbt.adapters.databricks_envs.local.security import Directory, UnityCatalog

ADMIN = "admin@localhost"
ALICE = "alice@example.com"
BOB = "bob@example.com"
ROBOT = "6f1c7e2a-0d1e-4c43-9a55-6b1f0c9e2b7d"


@dataclass
class Workspace:
    engine: DuckDBEngine
    directory: Directory
    unity: UnityCatalog

    def session(self, name: str, catalog: str = "dev") -> DuckDBSession:
        principal = self.directory.principal(name)
        assert principal is not None
        return self.engine.open_session(principal, catalog, "default")


def rows(session: DuckDBSession, sql: str) -> list[tuple[Any, ...]]:
    table = session.execute(sql).table
    return list(zip(*(column.to_pylist() for column in table.columns), strict=True))


def refused(session: DuckDBSession, sql: str) -> str:
    """Runs ``sql``, which Unity Catalog must refuse; returns the line naming what is missing."""
    with pytest.raises(WarehouseError) as caught:
        session.execute(sql)
    error = caught.value
    assert (error.error_class, error.sqlstate) == ("INSUFFICIENT_PERMISSIONS", "42501"), error
    head, _, rest = error.message.partition("\n")
    assert head == "[INSUFFICIENT_PERMISSIONS] Insufficient privileges:"
    assert rest.endswith(" SQLSTATE: 42501")
    return rest.removesuffix(" SQLSTATE: 42501")


def run(session: DuckDBSession, *statements: str) -> None:
    for statement in statements:
        session.execute(statement)
