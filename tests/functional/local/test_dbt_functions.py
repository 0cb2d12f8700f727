"""dbt's function resources (a SQL UDF in `functions/`) on a local warehouse through
dbt-databricks: built, called from a model with `function()`, rebuilt with a new body."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from dbt_project import DbtProject
from uc_workspace import Workspace, started

ADMIN_TOKEN = "dapi-admin-functions"
CONFIG = f"""
tokens: [{{token: {ADMIN_TOKEN}, principal: admin@localhost}}]
catalogs: [dev]
"""
FUNCTIONS_YML = """
functions:
  - name: add_tax
    arguments:
      - {name: price, data_type: double}
      - {name: rate, data_type: double}
    returns: {data_type: double}
"""


@pytest.fixture(scope="module")
def uc(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    with started(tmp_path_factory.mktemp("functions"), CONFIG, ADMIN_TOKEN) as workspace:
        yield workspace


def test_function_built_called_and_replaced(uc: Workspace, tmp_path: Path) -> None:
    project = DbtProject(tmp_path / "udfs", uc.warehouse, {"dev": ("dev", "udfs", ADMIN_TOKEN)})
    project.write(
        {
            "functions/add_tax.sql": "round(price * (1 + rate), 2)",
            "functions/schema.yml": FUNCTIONS_YML,
            "models/priced.sql": "select {{ function('add_tax') }}(10.0, 0.1) as taxed",
        }
    )
    project.dbt("build")
    assert uc.as_admin("select taxed from dev.udfs.priced") == [(11.0,)]
    assert uc.as_admin(
        "select routine_name, data_type, routine_definition "
        "from dev.information_schema.routines where routine_schema = 'udfs'"
    ) == [("add_tax", "DOUBLE", "ROUND(price * (1 + rate), 2)")]
    project.write({"functions/add_tax.sql": "price * (1 + rate) + 1"})
    project.dbt("build")
    assert uc.as_admin("select taxed from dev.udfs.priced") == [(12.0,)]
