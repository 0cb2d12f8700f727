"""A warehouse under Unity Catalog with a few principals, each with its token (see
audit_helpers.py), for the audit log's tests through the unmodified connector."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from audit_helpers import CONFIG, Connect, connector

from dbt.adapters.databricks_envs.local.server import LocalWarehouse, open_warehouse


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    (tmp_path / "warehouse.yml").write_text(CONFIG)
    return tmp_path / "data"


@pytest.fixture
def start(data_dir: Path) -> Iterator[Callable[[], LocalWarehouse]]:
    """Starts a warehouse on ``data_dir``; call again after stopping it to restart."""
    started: list[LocalWarehouse] = []

    def start_one() -> LocalWarehouse:
        warehouse = open_warehouse(data_dir, data_dir.parent / "warehouse.yml").start()
        started.append(warehouse)
        return warehouse

    yield start_one
    for warehouse in started:
        warehouse.stop()


@pytest.fixture
def warehouse(start: Callable[[], LocalWarehouse]) -> LocalWarehouse:
    return start()


@pytest.fixture
def connect(warehouse: LocalWarehouse) -> Connect:
    return connector(warehouse)
