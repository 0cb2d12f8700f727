"""`dbt clone --state <prod artifacts>` on a local warehouse through dbt-databricks: a project
built into one schema, its `target/` kept as state, then cloned into another schema by another
target (shallow clones for tables, views for views), and read back."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from dbt_project import DbtProject
from uc_workspace import Workspace, started

ADMIN_TOKEN = "dapi-admin-clone"
CONFIG = f"""
users: [ci@example.com]
tokens:
  - {{token: {ADMIN_TOKEN}, principal: admin@localhost}}
  - {{token: dapi-ci, principal: ci@example.com}}
catalogs: [dev, prod]
"""
MODELS = {
    "models/orders.sql": (
        "{{ config(materialized='table') }}\nselect 1 as id, 10 as amount union all select 2, 20"
    ),
    "models/big_orders.sql": (
        "{{ config(materialized='view') }}\nselect * from {{ ref('orders') }} where amount > 15"
    ),
}


@pytest.fixture(scope="module")
def uc(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    with started(tmp_path_factory.mktemp("clone"), CONFIG, ADMIN_TOKEN) as workspace:
        yield workspace


def test_clone_from_state_into_another_schema(uc: Workspace, tmp_path: Path) -> None:
    targets = {
        "prod": ("prod", "analytics", ADMIN_TOKEN),
        "ci": ("dev", "ci_pr_1", "dapi-ci"),
    }
    project = DbtProject(tmp_path / "shop", uc.warehouse, targets)
    project.write(MODELS)
    project.dbt("build", "--target", "prod")
    state = tmp_path / "prod_state"
    shutil.copytree(project.root / "target", state)
    # The CI identity may read prod and build in dev.
    uc.as_admin(
        "grant use catalog on catalog prod to `ci@example.com`",
        "grant use schema, select on schema prod.analytics to `ci@example.com`",
        "grant use catalog, create schema on catalog dev to `ci@example.com`",
    )
    project.dbt("clone", "--state", str(state), "--target", "ci")
    assert uc.sql("dapi-ci", "select id, amount from dev.ci_pr_1.orders order by id") == [
        (1, 10),
        (2, 20),
    ]
    assert uc.sql("dapi-ci", "select id from dev.ci_pr_1.big_orders") == [(2,)]
    assert uc.as_admin(
        "select table_name, table_type, table_owner from dev.information_schema.tables "
        "where table_schema = 'ci_pr_1' order by 1"
    ) == [
        ("big_orders", "VIEW", "ci@example.com"),
        ("orders", "MANAGED_SHALLOW_CLONE", "ci@example.com"),
    ]
    # The clone is the source as it was: a change in prod does not reach it, and cloning
    # again (--full-refresh) replaces it in place.
    uc.as_admin("insert into prod.analytics.orders values (3, 30)")
    assert uc.sql("dapi-ci", "select count(*) from dev.ci_pr_1.orders") == [(2,)]
    project.dbt("clone", "--state", str(state), "--target", "ci", "--full-refresh")
    assert uc.sql("dapi-ci", "select count(*) from dev.ci_pr_1.orders") == [(3,)]
    # Building over a shallow clone replaces it with a table (dbt-databricks drops it first).
    project.dbt("run", "--target", "ci", "--select", "orders")
    assert uc.as_admin(
        "select table_type from dev.information_schema.tables "
        "where table_schema = 'ci_pr_1' and table_name = 'orders'"
    ) == [("MANAGED",)]
