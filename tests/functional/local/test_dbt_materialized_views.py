"""dbt-databricks' `materialized_view` materialization on a local warehouse: built, built again
(dbt-databricks reads the view's configuration back and refreshes it), rebuilt when its query
changes; and its `streaming_table` materialization, refused by name."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from dbt_project import DbtProject
from uc_workspace import Workspace, started

ADMIN_TOKEN = "dapi-admin-mv"
CONFIG = f"""
tokens: [{{token: {ADMIN_TOKEN}, principal: admin@localhost}}]
catalogs: [dev]
"""
MODEL = """
{{{{ config(
    materialized='materialized_view',
    partition_by='id',
    schedule={{'cron': '0 0 * * * ? *', 'time_zone_value': 'Etc/UTC'}},
    tblproperties={{'team': 'core'}},
) }}}}
select id, amount * {factor} as amount from dev.mvs.orders
"""
SCHEMA_YML = """
version: 2
models:
  - name: totals
    description: "Bob's totals"
    columns:
      - name: id
        description: the order
    config:
      persist_docs: {relation: true, columns: true}
"""


@pytest.fixture(scope="module")
def uc(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    with started(tmp_path_factory.mktemp("mv"), CONFIG, ADMIN_TOKEN) as workspace:
        workspace.as_admin(
            "create schema dev.mvs",
            "create table dev.mvs.orders (id bigint, amount int)",
            "insert into dev.mvs.orders values (1, 10), (2, 20)",
        )
        yield workspace


def statements_since(uc: Workspace, count: int) -> list[str]:
    history = uc.as_admin("select statement_text from system.query.history")
    return [text.strip().lower() for (text,) in history[count:]]


def test_a_materialized_view_is_built_refreshed_and_replaced(uc: Workspace, tmp_path: Path) -> None:
    built = DbtProject(tmp_path / "mv", uc.warehouse, {"dev": ("dev", "mvs", uc.admin_token)})
    built.write({"models/totals.sql": MODEL.format(factor=1), "models/schema.yml": SCHEMA_YML})
    built.dbt("run")
    assert uc.as_admin("select * from dev.mvs.totals order by id") == [(1, 10), (2, 20)]
    assert uc.as_admin(
        "select table_type, comment from system.information_schema.tables "
        "where table_schema = 'mvs' and table_name = 'totals'"
    ) == [("MATERIALIZED_VIEW", "Bob's totals")]
    # How dbt-databricks' own functional tests tell a materialized view from a view.
    assert uc.as_admin(
        "select is_materialized from system.information_schema.views "
        "where table_schema = 'mvs' and table_name = 'totals'"
    ) == [("TRUE",)]

    # Stored rows, not the live query: a new source row shows only once refreshed.
    uc.as_admin("insert into dev.mvs.orders values (3, 30)")
    assert uc.as_admin("select count(*) from dev.mvs.totals") == [(2,)]
    before = len(uc.as_admin("select statement_text from system.query.history"))
    built.dbt("run")
    sent = statements_since(uc, before)
    # dbt-databricks read the configuration back, found nothing changed, and refreshed.
    assert any("refresh materialized view" in s for s in sent), sent
    assert not any("create or replace materialized view" in s for s in sent), sent
    assert uc.as_admin("select * from dev.mvs.totals order by id") == [(1, 10), (2, 20), (3, 30)]
    refresh = uc.as_admin("describe table extended dev.mvs.totals")
    assert ("Refresh Schedule", "CRON '0 0 * * * ? *' AT TIME ZONE 'Etc/UTC'", "") in refresh
    assert ("Type", "MATERIALIZED_VIEW", "") in refresh

    # A changed query is a configuration change that needs a full rebuild: replaced.
    built.write({"models/totals.sql": MODEL.format(factor=2)})
    before = len(uc.as_admin("select statement_text from system.query.history"))
    built.dbt("run")
    sent = statements_since(uc, before)
    assert any("create or replace materialized view" in s for s in sent), sent
    assert uc.as_admin("select * from dev.mvs.totals order by id") == [(1, 20), (2, 40), (3, 60)]
    assert uc.as_admin(
        "select comment from dev.information_schema.columns "
        "where table_schema = 'mvs' and table_name = 'totals' and column_name = 'id'"
    ) == [("the order",)]


def test_a_materialized_view_schedule_change_is_altered_in_place(
    uc: Workspace, tmp_path: Path
) -> None:
    built = DbtProject(tmp_path / "sched", uc.warehouse, {"dev": ("dev", "mvs", uc.admin_token)})
    model = (
        "{{{{ config(materialized='materialized_view', on_configuration_change='apply'"
        "{schedule}) }}}}\nselect id from dev.mvs.orders"
    )
    built.write({"models/scheduled.sql": model.format(schedule="")})
    built.dbt("run")
    built.write({"models/scheduled.sql": model.format(schedule=", schedule={'every': '2 HOURS'}")})
    before = len(uc.as_admin("select statement_text from system.query.history"))
    built.dbt("run")
    sent = statements_since(uc, before)
    assert any("alter materialized view" in s and "add schedule every 2 hours" in s
               for s in sent), sent  # fmt: skip
    assert ("Refresh Schedule", "EVERY 2 HOURS", "") in uc.as_admin(
        "describe table extended dev.mvs.scheduled"
    )


def test_a_table_model_replaces_a_materialized_view(uc: Workspace, tmp_path: Path) -> None:
    built = DbtProject(tmp_path / "swap", uc.warehouse, {"dev": ("dev", "mvs", uc.admin_token)})
    built.write(
        {"models/swapped.sql": "{{ config(materialized='materialized_view') }} select 1 as id"}
    )
    built.dbt("run")
    built.write({"models/swapped.sql": "{{ config(materialized='table') }} select 2 as id"})
    built.dbt("run")
    assert uc.as_admin(
        "select table_type from system.information_schema.tables "
        "where table_schema = 'mvs' and table_name = 'swapped'"
    ) == [("MANAGED",)]
    assert uc.as_admin("select id from dev.mvs.swapped") == [(2,)]


@pytest.mark.parametrize("source", ["stream dev.mvs.orders", "stream(dev.mvs.orders)"])
def test_a_streaming_table_is_refused_by_name(uc: Workspace, tmp_path: Path, source: str) -> None:
    built = DbtProject(tmp_path / "st", uc.warehouse, {"dev": ("dev", "mvs", uc.admin_token)})
    built.write(
        {
            "models/streamed.sql": "{{ config(materialized='streaming_table') }}\n"
            f"select * from {source}"
        }
    )
    result = built.try_dbt("run")
    assert not result.success
    messages = " ".join(str(r.message) for r in result.result.results)
    assert "not supported by the local warehouse: streaming tables" in messages, messages
    assert uc.as_admin(
        "select count(*) from system.information_schema.tables where table_name = 'streamed'"
    ) == [(0,)]


def test_a_metric_view_is_refused_by_name(uc: Workspace, tmp_path: Path) -> None:
    built = DbtProject(tmp_path / "metric", uc.warehouse, {"dev": ("dev", "mvs", uc.admin_token)})
    built.write(
        {
            "models/revenue.sql": "{{ config(materialized='metric_view') }}\n"
            "version: 0.1\nsource: dev.mvs.orders\nmeasures:\n"
            "  - name: total\n    expr: sum(amount)\n"
        }
    )
    result = built.try_dbt("run")
    assert not result.success
    messages = " ".join(str(r.message) for r in result.result.results)
    assert "not supported by the local warehouse: metric views" in messages, messages
