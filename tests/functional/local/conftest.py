"""The local warehouse as users run it: `dbt-databricks-envs local serve` in a child process."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from dbt.adapters.databricks_envs.local.server import ServerProcess


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    with ServerProcess(tmp_path_factory.mktemp("warehouse")) as running:
        yield running


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """An empty dbt project whose profile is called `local`."""
    (tmp_path / "dbt_project.yml").write_text(
        "name: local_check\nversion: '1.0'\nconfig-version: 2\nprofile: local\n"
    )
    return tmp_path
