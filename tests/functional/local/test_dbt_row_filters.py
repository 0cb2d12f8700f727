"""dbt-databricks' `row_filter` and `column_mask` on a local warehouse: a model built with them,
then read by two users, each seeing the rows and values the functions allow them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from dbt_project import DbtProject
from uc_workspace import Workspace

from dbt.adapters.databricks_envs.local.server import open_warehouse

ADMIN_TOKEN = "dapi-admin-filters"
CONFIG = f"""
users: [alice@example.com, bob@example.com]
groups:
  - {{name: us_readers, members: [alice@example.com]}}
  - {{name: hr, members: [bob@example.com]}}
tokens:
  - {{token: {ADMIN_TOKEN}, principal: admin@localhost}}
  - {{token: dapi-alice, principal: alice@example.com}}
  - {{token: dapi-bob, principal: bob@example.com}}
catalogs: [dev]
grants:
  - {{principal: account users, on: catalog dev, privileges: [USE CATALOG]}}
  - {{principal: account users, on: schema dev.secure, privileges: [USE SCHEMA, SELECT]}}
"""
FUNCTIONS = (
    "CREATE FUNCTION dev.secure.region_filter(region STRING) RETURNS BOOLEAN "
    "RETURN current_user() = 'admin@localhost' OR is_account_group_member('hr') "
    "OR (is_account_group_member('us_readers') AND region = 'US')",
    "CREATE FUNCTION dev.secure.mask_ssn(ssn STRING) RETURNS STRING "
    "RETURN CASE WHEN is_account_group_member('hr') THEN ssn "
    "ELSE concat('***-**-', right(ssn, 4)) END",
)
CUSTOMERS = """
select 1 as id, 'US' as region, '123-45-6789' as ssn
union all select 2, 'EU', '987-65-4321'
union all select 3, 'US', '555-12-3456'
"""
SCHEMA_YML = """
version: 2
models:
  - name: customers
    config:
      materialized: {materialized}
      row_filter:
        function: region_filter
        columns: [region]
    columns:
      - name: id
      - name: region
      - name: ssn
        column_mask:
          function: dev.secure.mask_ssn
"""


@pytest.fixture(scope="module")
def uc(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    root = tmp_path_factory.mktemp("filters")
    (root / "warehouse.yml").write_text(CONFIG)
    with open_warehouse(root / "data", root / "warehouse.yml").start() as warehouse:
        workspace = Workspace(warehouse, ADMIN_TOKEN, root)
        workspace.as_admin(*FUNCTIONS)
        yield workspace


def read(uc: Workspace, token: str) -> list[tuple[object, ...]]:
    return uc.sql(token, "select id, region, ssn from dev.secure.customers order by id")


@pytest.mark.parametrize("materialized", ["table", "incremental"])
def test_two_users_read_what_the_functions_allow(
    uc: Workspace, tmp_path: Path, materialized: str
) -> None:
    # Materialization v2 creates the table with its masks (dbt-databricks applies column masks
    # on creation there, and on changes of an incremental model).
    project = DbtProject(
        tmp_path / "filtered",
        uc.warehouse,
        {"dev": ("dev", "secure", ADMIN_TOKEN)},
        {"flags": {"use_materialization_v2": True}},
    )
    project.write(
        {
            "models/customers.sql": CUSTOMERS,
            "models/schema.yml": SCHEMA_YML.format(materialized=materialized),
        }
    )
    project.dbt("run", "--full-refresh")
    assert read(uc, "dapi-bob") == [
        (1, "US", "123-45-6789"),
        (2, "EU", "987-65-4321"),
        (3, "US", "555-12-3456"),
    ]
    assert read(uc, "dapi-alice") == [(1, "US", "***-**-6789"), (3, "US", "***-**-3456")]
    assert uc.as_admin(
        "select filter_name, target_columns from dev.information_schema.row_filters "
        "where table_name = 'customers'"
    ) == [("dev.secure.region_filter", "region")]
    assert uc.as_admin(
        "select column_name, mask_name from system.information_schema.column_masks "
        "where table_schema = 'secure' and table_name = 'customers'"
    ) == [("ssn", "dev.secure.mask_ssn")]
    # Built again (an incremental model without a unique key appends its rows again, through
    # a MERGE that sees the table through its filter): the filter and mask are kept.
    project.dbt("run")
    assert sorted(set(read(uc, "dapi-alice"))) == [
        (1, "US", "***-**-6789"),
        (3, "US", "***-**-3456"),
    ]


def test_filter_removed_from_the_model_is_dropped(uc: Workspace, tmp_path: Path) -> None:
    """dbt-databricks' default table materialization creates the table WITH ROW FILTER, and
    drops the filter a model no longer has before replacing the table."""
    project = DbtProject(tmp_path / "v1", uc.warehouse, {"dev": ("dev", "secure", ADMIN_TOKEN)})
    project.write(
        {
            "models/regions.sql": "select 'US' as region union all select 'EU'",
            "models/schema.yml": (
                "version: 2\nmodels:\n  - name: regions\n    config:\n      materialized: table\n"
                "      row_filter: {function: region_filter, columns: region}\n"
            ),
        }
    )
    project.dbt("run")
    assert uc.sql("dapi-alice", "select region from dev.secure.regions") == [("US",)]
    project.write({"models/schema.yml": "version: 2\nmodels:\n  - name: regions\n"})
    project.dbt("run")
    assert sorted(uc.sql("dapi-alice", "select region from dev.secure.regions")) == [
        ("EU",),
        ("US",),
    ]
    assert (
        uc.as_admin("select * from dev.information_schema.row_filters where table_name = 'regions'")
        == []
    )
