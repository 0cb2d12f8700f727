"""dbt's model constraints on a local warehouse through dbt-databricks: a CHECK constraint is
added to the built table (and refuses rows from then on), a primary key is kept and read back,
and a model whose rows break its CHECK fails its build, as on Databricks."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from dbt_project import DbtProject, _messages
from uc_workspace import Workspace, started

ADMIN_TOKEN = "dapi-admin-constraints"
CONFIG = f"""
tokens: [{{token: {ADMIN_TOKEN}, principal: admin@localhost}}]
catalogs: [dev]
"""
SCHEMA_YML = """
models:
  - name: orders
    config:
      contract: {enforced: true}
    constraints:
      - {type: check, name: positive_amount, expression: "amount > 0"}
      - {type: primary_key, name: orders_pk, columns: [id]}
    columns:
      - {name: id, data_type: int, constraints: [{type: not_null}]}
      - {name: amount, data_type: int}
"""


@pytest.fixture(scope="module")
def uc(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    with started(tmp_path_factory.mktemp("constraints"), CONFIG, ADMIN_TOKEN) as workspace:
        yield workspace


def test_check_and_primary_key_constraints(uc: Workspace, tmp_path: Path) -> None:
    project = DbtProject(tmp_path / "shop", uc.warehouse, {"dev": ("dev", "shop", ADMIN_TOKEN)})
    project.write(
        {
            "models/orders.sql": (
                "{{ config(materialized='table') }}\n"
                "select 1 as id, 10 as amount union all select 2, 20"
            ),
            "models/schema.yml": SCHEMA_YML,
        }
    )
    project.dbt("run")
    properties = dict(uc.as_admin("show tblproperties dev.shop.orders"))
    assert properties["delta.constraints.positive_amount"] == "amount > 0"
    assert uc.as_admin(
        "select constraint_name, constraint_type from dev.information_schema.table_constraints "
        "where table_schema = 'shop' and table_name = 'orders'"
    ) == [("orders_pk", "PRIMARY KEY")]
    with pytest.raises(Exception, match="DELTA_VIOLATE_CONSTRAINT_WITH_VALUES"):
        uc.as_admin("insert into dev.shop.orders values (3, -1)")
    # A change that makes a row break the CHECK fails the build.
    project.write(
        {
            "models/orders.sql": (
                "{{ config(materialized='table') }}\n"
                "select 1 as id, 10 as amount union all select 2, -20"
            )
        }
    )
    failed = project.try_dbt("run")
    assert not failed.success
    assert "CHECK constraint" in "\n".join(_messages(failed))


def test_a_check_removed_from_an_incremental_model_is_dropped(
    uc: Workspace, tmp_path: Path
) -> None:
    """dbt-databricks diffs an incremental model's constraints against the table's and sends
    ``ALTER TABLE ... DROP CONSTRAINT IF EXISTS`` for the CHECK the model no longer has."""
    project = DbtProject(tmp_path / "inc", uc.warehouse, {"dev": ("dev", "inc", ADMIN_TOKEN)})
    model = (
        "{{ config(materialized='incremental', on_schema_change='fail') }}\n"
        "select 1 as id, 10 as amount"
    )
    project.write({"models/orders.sql": model, "models/schema.yml": SCHEMA_YML})
    project.dbt("run")
    assert "delta.constraints.positive_amount" in dict(
        uc.as_admin("show tblproperties dev.inc.orders")
    )
    without_check = SCHEMA_YML.replace(
        '      - {type: check, name: positive_amount, expression: "amount > 0"}\n', ""
    )
    project.write({"models/schema.yml": without_check})
    project.dbt("run")
    assert "delta.constraints.positive_amount" not in dict(
        uc.as_admin("show tblproperties dev.inc.orders")
    )
    uc.as_admin("insert into dev.inc.orders values (3, -1)")
    assert uc.as_admin("select id, amount from dev.inc.orders order by id") == [
        (1, 10),
        (1, 10),
        (3, -1),
    ]
