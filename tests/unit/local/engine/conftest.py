"""An engine on a temporary data directory, and a session on it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from engine_helpers import ALICE

from dbt.adapters.databricks_envs.local.engine import DuckDBEngine, DuckDBSession


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "warehouse"


@pytest.fixture
def engine(data_dir: Path) -> Iterator[DuckDBEngine]:
    engine = DuckDBEngine(data_dir)
    yield engine
    engine.close()


@pytest.fixture
def session(engine: DuckDBEngine) -> Iterator[DuckDBSession]:
    session = engine.open_session(ALICE, "main", "default")
    yield session
    session.close()
