"""A Python model on a local warehouse through dbt-databricks: the warehouse runs SQL only, so
the run fails on the model, saying that Python models are not supported locally (not with a
missing endpoint), and the SQL models beside it build."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from dbt_project import DbtProject, _messages
from uc_workspace import Workspace, started

ADMIN_TOKEN = "dapi-admin-python"
CONFIG = f"""
tokens: [{{token: {ADMIN_TOKEN}, principal: admin@localhost}}]
catalogs: [dev]
"""


@pytest.fixture(scope="module")
def uc(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    with started(tmp_path_factory.mktemp("python_model"), CONFIG, ADMIN_TOKEN) as workspace:
        yield workspace


def test_a_python_model_is_refused_by_name(uc: Workspace, tmp_path: Path) -> None:
    project = DbtProject(tmp_path / "py", uc.warehouse, {"dev": ("dev", "py", ADMIN_TOKEN)})
    project.write(
        {
            "models/orders.sql": "select 1 as id",
            "models/scored.py": (
                "def model(dbt, session):\n"
                "    dbt.config(materialized='table', submission_method='serverless_cluster')\n"
                "    return dbt.ref('orders')\n"
            ),
        }
    )
    result = project.try_dbt("run")
    assert not result.success
    said = "\n".join(_messages(result))
    assert "Python models and notebooks (the Workspace API) are not supported by the local" in said
    assert "No API found" not in said
    assert uc.as_admin("select id from dev.py.orders") == [(1,)]
