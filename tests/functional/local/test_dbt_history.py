"""Delta table history through dbt-databricks and the connector: a table model rebuilt in place
keeps its history (what dbt-databricks' own tests count), an incremental run is a MERGE
version, earlier versions read back, RESTORE, and who may do what."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from dbt_project import DbtProject
from uc_workspace import Workspace, started

ADMIN_TOKEN = "dapi-admin-history"
CONFIG = f"""
users: [dev@example.com, reader@example.com, stranger@example.com]
tokens:
  - {{token: {ADMIN_TOKEN}, principal: admin@localhost}}
  - {{token: dapi-dev, principal: dev@example.com}}
  - {{token: dapi-reader, principal: reader@example.com}}
  - {{token: dapi-stranger, principal: stranger@example.com}}
catalogs: [dev]
grants:
  - {{principal: dev@example.com, on: catalog dev, privileges: [ALL PRIVILEGES]}}
"""
MODELS = {
    "models/orders.sql": (
        "{{ config(materialized='table') }}\nselect 1 as id, 10 as amount union all select 2, 20"
    ),
    "models/totals.sql": (
        "{{ config(materialized='incremental', unique_key='id') }}\n"
        "select id, amount * 2 as amount from {{ ref('orders') }}"
    ),
}


@pytest.fixture(scope="module")
def uc(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    with started(tmp_path_factory.mktemp("history"), CONFIG, ADMIN_TOKEN) as workspace:
        yield workspace


def operations(uc: Workspace, table: str) -> list[tuple[int, str, str]]:
    return [(row[0], row[4], row[3]) for row in uc.sql("dapi-dev", f"describe history {table}")]


def test_history_of_dbt_models(uc: Workspace, tmp_path: Path) -> None:
    project = DbtProject(tmp_path / "shop", uc.warehouse, {"dev": ("dev", "shop", "dapi-dev")})
    project.write(MODELS)
    project.dbt("run")
    project.dbt("run")
    # The table was replaced in place: one history, two versions.
    assert operations(uc, "dev.shop.orders") == [
        (1, "CREATE OR REPLACE TABLE AS SELECT", "dev@example.com"),
        (0, "CREATE OR REPLACE TABLE AS SELECT", "dev@example.com"),
    ]
    assert operations(uc, "dev.shop.totals")[0][1] == "MERGE"
    # Time travel through the connector, in both spellings.
    uc.sql("dapi-dev", "insert into dev.shop.orders values (3, 30)")
    assert uc.sql("dapi-dev", "select count(*) from dev.shop.orders version as of 1") == [(2,)]
    assert uc.sql("dapi-dev", "select count(*) from dev.shop.orders@v2") == [(3,)]
    assert uc.sql("dapi-dev", "select count(*) from dev.shop.orders") == [(3,)]
    # RESTORE is a version of its own; the rows are those of version 1 again.
    restored = uc.sql("dapi-dev", "restore table dev.shop.orders to version as of 1")
    assert restored[0][1:4] == (1, 1, 1)
    assert uc.sql("dapi-dev", "select id from dev.shop.orders order by id") == [(1,), (2,)]
    assert operations(uc, "dev.shop.orders")[0] == (3, "RESTORE", "dev@example.com")
    # DESCRIBE HISTORY's maps come through the connector as Databricks sends them.
    with uc.connect("dapi-dev") as connection, connection.cursor() as cursor:
        cursor.execute("describe history dev.shop.orders limit 1")
        names = [column[0] for column in cursor.description]
        (row,) = cursor.fetchall()
    assert names[:6] == [
        "version",
        "timestamp",
        "userId",
        "userName",
        "operation",
        "operationParameters",
    ]
    assert "version" in str(row[5])


def test_history_needs_what_reading_needs_and_restore_needs_modify(uc: Workspace) -> None:
    uc.sql("dapi-dev", "create schema if not exists dev.guarded")
    uc.sql("dapi-dev", "create or replace table dev.guarded.t as select 1 as id")
    uc.sql("dapi-dev", "insert into dev.guarded.t values (2)")
    uc.as_admin(
        "grant use catalog on catalog dev to `reader@example.com`",
        "grant use schema, select on schema dev.guarded to `reader@example.com`",
        "grant use catalog on catalog dev to `stranger@example.com`",
        "grant use schema on schema dev.guarded to `stranger@example.com`",
    )
    assert len(uc.sql("dapi-reader", "describe history dev.guarded.t")) == 2
    assert uc.sql("dapi-reader", "select count(*) from dev.guarded.t version as of 0") == [(1,)]
    with pytest.raises(Exception, match=r"User does not have MODIFY on Table 'dev\.guarded\.t'"):
        uc.sql("dapi-reader", "restore table dev.guarded.t to version as of 0")
    for sql in (
        "describe history dev.guarded.t",
        "select * from dev.guarded.t version as of 0",
    ):
        with pytest.raises(
            Exception, match=r"User does not have SELECT on Table 'dev\.guarded\.t'"
        ):
            uc.sql("dapi-stranger", sql)
