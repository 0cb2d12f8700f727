"""One local warehouse in this process per test module, run as its metastore admin."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from guard_project import GuardProject

from dbt.adapters.databricks_envs.local.server import LocalWarehouse, start_embedded


@pytest.fixture(scope="module")
def guard_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalWarehouse]:
    warehouse = start_embedded(tmp_path_factory.mktemp("guard_warehouse"))
    try:
        yield warehouse
    finally:
        warehouse.stop()


@pytest.fixture
def guarded(tmp_path: Path, guard_warehouse: LocalWarehouse) -> GuardProject:
    return GuardProject.create(tmp_path, guard_warehouse)
