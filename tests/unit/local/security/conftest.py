"""An engine under Unity Catalog security, with a small directory of principals."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from security_helpers import ADMIN, ALICE, BOB, ROBOT, Workspace, run

from dbt.adapters.databricks_envs.local.engine import DuckDBEngine, DuckDBSession
from dbt.adapters.databricks_envs.local.security import (
    Directory,
    GrantStore,
    Identity,
    UnityCatalog,
)


def make_directory() -> Directory:
    directory = Directory(ADMIN)
    for name in (ADMIN, ALICE, BOB):
        directory.add_identity(Identity(name, name))
    directory.add_identity(Identity(ROBOT, "prod-runner", service_principal=True))
    directory.add_group("data-engineers", [ALICE])
    directory.add_group("everyone", ["data-engineers", BOB])
    return directory


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "warehouse"


@pytest.fixture
def open_workspace(data_dir: Path) -> Iterator[Callable[[], Workspace]]:
    """Opens the workspace on ``data_dir``; call again after closing it to restart."""
    opened: list[DuckDBEngine] = []

    def open_one() -> Workspace:
        engine = DuckDBEngine(data_dir, ("dev", "prod"), owner=ADMIN)
        directory = make_directory()
        unity = UnityCatalog(engine.mirror, directory, GrantStore(data_dir / "grants.json"))
        engine.secure(unity)
        opened.append(engine)
        return Workspace(engine, directory, unity)

    yield open_one
    for engine in opened:
        engine.close()


@pytest.fixture
def workspace(open_workspace: Callable[[], Workspace]) -> Workspace:
    return open_workspace()


@pytest.fixture
def admin(workspace: Workspace) -> DuckDBSession:
    return workspace.session(ADMIN)


@pytest.fixture
def alice(workspace: Workspace) -> DuckDBSession:
    return workspace.session(ALICE)


@pytest.fixture
def bob(workspace: Workspace) -> DuckDBSession:
    return workspace.session(BOB)


@pytest.fixture
def prod(admin: DuckDBSession) -> DuckDBSession:
    """prod.core.orders for everyone to see in the catalog, and an empty dev.ci to write to."""
    run(
        admin,
        "create schema prod.core",
        "create table prod.core.orders as select 1 as id",
        "create schema dev.ci",
        "grant use catalog on catalog prod to `account users`",
        "grant use schema on schema prod.core to `account users`",
        "grant use catalog on catalog dev to `account users`",
        "grant use schema on schema dev.ci to `account users`",
    )
    return admin
