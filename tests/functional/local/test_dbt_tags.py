"""dbt-databricks' `databricks_tags` (model and columns) on a local warehouse: built, then built
again with a tag changed, as dbt-databricks sends it; read back from information_schema."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from dbt_project import DbtProject
from uc_workspace import Workspace, started

ADMIN_TOKEN = "dapi-admin-tags"
CONFIG = f"""
tokens: [{{token: {ADMIN_TOKEN}, principal: admin@localhost}}]
catalogs: [dev]
"""
SCHEMA_YML = """
version: 2
models:
  - name: {name}
    config:
      materialized: {materialized}
      databricks_tags: {{team: {team}, pii: ''}}
    columns:
      - name: id
        databricks_tags: {{key: primary}}
      - name: email
        databricks_tags: {{classification: {classification}}}
"""


@pytest.fixture(scope="module")
def uc(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    with started(tmp_path_factory.mktemp("tags"), CONFIG, ADMIN_TOKEN) as workspace:
        yield workspace


def tags_of(uc: Workspace, table: str) -> tuple[list[tuple[str, ...]], list[tuple[str, ...]]]:
    where = f"catalog_name = 'dev' and schema_name = 'tagged' and table_name = '{table}'"
    return (
        uc.as_admin(
            "select tag_name, tag_value from system.information_schema.table_tags "
            f"where {where} order by 1"
        ),
        uc.as_admin(
            "select column_name, tag_name, tag_value from dev.information_schema.column_tags "
            f"where {where} order by 1, 2"
        ),
    )


def project(uc: Workspace, path: Path, name: str, materialized: str) -> DbtProject:
    built = DbtProject(path, uc.warehouse, {"dev": ("dev", "tagged", uc.admin_token)})
    built.write({f"models/{name}.sql": "select 1 as id, 'a@example.com' as email"})
    return built


@pytest.mark.parametrize("materialized", ["table", "view", "incremental"])
def test_tags_applied_then_changed(uc: Workspace, tmp_path: Path, materialized: str) -> None:
    name = f"tagged_{materialized}"
    built = project(uc, tmp_path / name, name, materialized)
    for team, classification in (("core", "pii"), ("growth", "restricted")):
        built.write(
            {
                "models/schema.yml": SCHEMA_YML.format(
                    name=name,
                    materialized=materialized,
                    team=team,
                    classification=classification,
                )
            }
        )
        built.dbt("run")
        table_tags, column_tags = tags_of(uc, name)
        assert table_tags == [("pii", ""), ("team", team)]
        assert column_tags == [
            ("email", "classification", classification),
            ("id", "key", "primary"),
        ]
    # An incremental model without a unique key appends: both runs' rows are there.
    assert set(uc.as_admin(f"select id from dev.tagged.{name}")) == {(1,)}
