"""Permission problems reproduced offline: each scenario set up through the REST API and SQL as
on a real workspace, then checked through dbt (the failing node and its message) and through
the connector (the error text and SQLSTATE)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import databricks.sql
import pytest
import yaml
from dbt.cli.main import dbtRunner
from uc_workspace import Workspace

from dbt.adapters.databricks_envs.local.server import open_warehouse

ADMIN_TOKEN = "dapi-admin-scenarios"
# An expired token cannot be made through the REST API without waiting for it to expire, so
# the configuration declares one.
CONFIG = f"""
users: [expired@example.com]
tokens:
  - {{token: {ADMIN_TOKEN}, principal: admin@localhost}}
  - {{token: dapi-expired, principal: expired@example.com, expires: 2020-01-01}}
warehouses:
  - {{id: main}}
  - {{id: sleepy, state: STOPPED, startup_seconds: 0.2}}
  - {{id: doomed}}
catalogs: [dev, prod]
"""
DENIED = "[INSUFFICIENT_PERMISSIONS] Insufficient privileges:\n"


@pytest.fixture(scope="module")
def uc(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    root = tmp_path_factory.mktemp("uc")
    (root / "warehouse.yml").write_text(CONFIG)
    with open_warehouse(root / "data", root / "warehouse.yml").start() as warehouse:
        workspace = Workspace(warehouse, ADMIN_TOKEN, root)
        workspace.as_admin(
            "create schema dev.raw",
            "create table dev.raw.orders as select 1 as id, 10 as amount union all select 2, 20",
        )
        yield workspace


def refusal(text: str) -> str:
    return f"{DENIED}{text} SQLSTATE: 42501"


def flat(text: str) -> str:
    """dbt indents the lines of an error message; compare them without the indentation."""
    return " ".join(text.split())


def reported(refused: str, by_dbt: str) -> bool:
    return flat(refused) in flat(by_dbt)


def connector_error(uc: Workspace, token: str, statement: str) -> str:
    with pytest.raises(databricks.sql.exc.ServerOperationError) as caught:
        uc.sql(token, statement)
    return str(caught.value)


def test_no_use_catalog(uc: Workspace) -> None:
    token = uc.user("nocatalog@example.com")
    missing = "User does not have USE CATALOG on Catalog 'dev'."
    outcome = uc.dbt_run("no_catalog", token, {"m": "select 1 as x"}, schema="nocatalog")
    # dbt stops while creating the target schema, before any node runs.
    assert (outcome.success, outcome.nodes) == (False, {})
    assert reported(refusal(missing), outcome.error)
    assert connector_error(uc, token, "select * from dev.raw.orders") == refusal(missing)


def test_use_catalog_without_create_schema(uc: Workspace) -> None:
    token = uc.user("nocreate@example.com")
    uc.as_admin("grant use catalog on catalog dev to `nocreate@example.com`")
    missing = "User does not have CREATE SCHEMA on Catalog 'dev'."
    outcome = uc.dbt_run("no_create", token, {"m": "select 1 as x"}, schema="nocreate")
    assert (outcome.success, outcome.nodes) == (False, {})
    assert reported(refusal(missing), outcome.error)
    # Even on a schema that exists (dbt-databricks#464).
    assert connector_error(uc, token, "create schema if not exists dev.raw") == refusal(missing)


def test_grants_through_a_group(uc: Workspace) -> None:
    token = uc.user("member@example.com")
    uc.group("analytics-engineers", "member@example.com")
    uc.as_admin(
        "grant use catalog, create schema on catalog dev to `analytics-engineers`",
        "grant use schema, select on schema dev.raw to `analytics-engineers`",
    )
    outcome = uc.dbt_run(
        "group",
        token,
        {"orders": "select id, amount from dev.raw.orders"},
        schema="member",
    )
    assert outcome.success, outcome
    assert outcome.nodes == {"orders": ("success", "OK")}
    assert uc.sql(token, "select count(*) from dev.member.orders") == [(2,)]
    assert uc.as_admin(
        "select table_owner from dev.information_schema.tables where table_schema = 'member'"
    ) == [("member@example.com",)]


def test_schema_level_grants_are_inherited_by_tables(uc: Workspace) -> None:
    token = uc.user("reader@example.com")
    uc.as_admin(
        "grant use catalog on catalog dev to `reader@example.com`",
        "create schema dev.marts_inherit",
        "grant use schema, create table, select on schema dev.marts_inherit "
        "to `reader@example.com`",
        "create table dev.marts_inherit.late as select 1 as id",
    )
    outcome = uc.dbt_run(
        "inherit",
        token,
        {"copy": "select * from dev.marts_inherit.late"},
        schema="marts_inherit",
    )
    assert outcome.nodes == {"copy": ("success", "OK")}, outcome
    assert uc.sql(token, "select * from dev.marts_inherit.late") == [(1,)]


def test_ownership(uc: Workspace) -> None:
    owner = uc.user("owner@example.com")
    other = uc.user("other@example.com")
    uc.as_admin(
        "create schema dev.shared",
        "grant use catalog on catalog dev to `owner@example.com`",
        "grant use catalog on catalog dev to `other@example.com`",
        "grant use schema, create table, select on schema dev.shared to `owner@example.com`",
        "grant use schema, create table, select on schema dev.shared to `other@example.com`",
    )
    models = {"shared_orders": "select * from dev.raw.orders"}
    uc.as_admin("grant use schema, select on schema dev.raw to `owner@example.com`")
    uc.as_admin("grant use schema, select on schema dev.raw to `other@example.com`")
    first = uc.dbt_run("owner", owner, models, schema="shared")
    assert first.nodes == {"shared_orders": ("success", "OK")}, first
    second = uc.dbt_run("other", other, models, schema="shared")
    status, message = second.nodes["shared_orders"]
    assert status == "error"
    assert reported(refusal("User is not an owner of Table 'dev.shared.shared_orders'."), message)
    assert connector_error(uc, other, "drop table dev.shared.shared_orders") == refusal(
        "User is not an owner of Table 'dev.shared.shared_orders'."
    )


def test_modify_without_ownership(uc: Workspace) -> None:
    """The identity holds MODIFY on a table another principal owns, in a schema another
    principal owns: an incremental run (rows, then table properties), comments and new columns
    work; replacing the table, as the table materialization does, does not."""
    token = uc.user("writer@example.com")
    uc.as_admin(
        "create schema prod.core",
        "create table prod.core.orders as select 1 as id",
        "grant use catalog on catalog prod to `writer@example.com`",
        "grant use schema, create table, select, modify on schema prod.core "
        "to `writer@example.com`",
    )
    incremental = (
        "{{ config(materialized='incremental', tblproperties={'team': 'core'}) }}\nselect 2 as id"
    )
    outcome = uc.dbt_run("writer_incremental", token, {"orders": incremental}, "prod", "core")
    assert outcome.nodes == {"orders": ("success", "OK")}, outcome
    assert uc.sql(token, "select id from prod.core.orders order by id") == [(1,), (2,)]
    uc.sql(
        token,
        "comment on table prod.core.orders is 'orders'",
        "alter table prod.core.orders add columns (note string)",
    )
    replaced = {"orders": "{{ config(materialized='table') }}\nselect 3 as id"}
    table = uc.dbt_run("writer_table", token, replaced, "prod", "core")
    status, message = table.nodes["orders"]
    assert status == "error"
    not_owner = refusal("User is not an owner of Table 'prod.core.orders'.")
    assert reported(not_owner, message)
    replace = "create or replace table prod.core.orders as select 3 as id"
    assert connector_error(uc, token, replace) == not_owner
    assert uc.as_admin(
        "select table_name, table_owner, comment from prod.information_schema.tables "
        "where table_schema = 'core'"
    ) == [("orders", "admin@localhost", "orders")]


def test_select_without_modify(uc: Workspace) -> None:
    token = uc.user("readonly@example.com")
    uc.as_admin(
        "create schema dev.facts",
        "create table dev.facts.events (id int)",
        "grant use catalog on catalog dev to `readonly@example.com`",
        "grant use schema, select on schema dev.facts to `readonly@example.com`",
    )
    outcome = uc.dbt_run(
        "readonly",
        token,
        {
            "events": "{{ config(materialized='incremental') }}\n"
            "select 1 as id {% if is_incremental() %} where 1 = 1 {% endif %}"
        },
        schema="facts",
    )
    status, message = outcome.nodes["events"]
    assert status == "error"
    missing = "User does not have MODIFY on Table 'dev.facts.events'."
    assert reported(refusal(missing), message)
    assert connector_error(uc, token, "insert into dev.facts.events values (1)") == refusal(missing)
    assert uc.sql(token, "select count(*) from dev.facts.events") == [(0,)]


def test_revoke(uc: Workspace) -> None:
    token = uc.user("revoked@example.com")
    uc.as_admin(
        "grant use catalog, create schema on catalog dev to `revoked@example.com`",
        "grant use schema, select on schema dev.raw to `revoked@example.com`",
    )
    models = {"copy": "select * from dev.raw.orders"}
    assert uc.dbt_run("before_revoke", token, models, schema="revoked").success
    uc.as_admin("revoke select on schema dev.raw from `revoked@example.com`")
    outcome = uc.dbt_run("after_revoke", token, models, schema="revoked")
    status, message = outcome.nodes["copy"]
    assert status == "error"
    assert reported(refusal("User does not have SELECT on Table 'dev.raw.orders'."), message)


def test_a_service_principal_in_production(uc: Workspace) -> None:
    application_id, token = uc.service_principal("prod-runner")
    uc.as_admin(
        "create schema prod.marts",
        f"grant use catalog on catalog prod to `{application_id}`",
        f"grant use schema, create table, select, modify on schema prod.marts "
        f"to `{application_id}`",
        f"grant use catalog on catalog dev to `{application_id}`",
        f"grant use schema, select on schema dev.raw to `{application_id}`",
    )
    outcome = uc.dbt_run(
        "prod",
        token,
        {"revenue": "select sum(amount) as revenue from dev.raw.orders"},
        catalog="prod",
        schema="marts",
    )
    assert outcome.nodes == {"revenue": ("success", "OK")}, outcome
    assert uc.sql(token, "select current_user(), revenue from prod.marts.revenue") == [
        (application_id, 30)
    ]
    assert uc.admin.current_user.me().user_name == "admin@localhost"
    assert connector_error(uc, token, "create schema prod.scratch") == refusal(
        "User does not have CREATE SCHEMA on Catalog 'prod'."
    )


def test_an_expired_token_is_refused_at_once(uc: Workspace) -> None:
    outcome = uc.dbt_run("expired", "dapi-expired", {"m": "select 1 as x"})
    assert (outcome.success, outcome.nodes) == (False, {})
    assert "Token is expired" in outcome.error
    with pytest.raises(databricks.sql.exc.RequestError, match="Token is expired"):
        uc.connect("dapi-expired")


def test_a_stopped_warehouse_starts_and_a_deleted_one_fails_fast(uc: Workspace) -> None:
    models = {"m": "select 1 as x"}
    assert str(uc.admin.warehouses.get("sleepy").state) == "State.STOPPED"
    started = uc.dbt_run("sleepy", ADMIN_TOKEN, models, schema="sleepy", warehouse_id="sleepy")
    assert started.nodes == {"m": ("success", "OK")}, started
    assert str(uc.admin.warehouses.get("sleepy").state) == "State.RUNNING"
    uc.admin.warehouses.delete("doomed")
    deleted = uc.dbt_run("doomed", ADMIN_TOKEN, models, warehouse_id="doomed")
    assert not deleted.success
    assert "SQL warehouse doomed does not exist or was deleted" in deleted.error
    with pytest.raises(databricks.sql.exc.RequestError, match="doomed does not exist"):
        uc.connect(ADMIN_TOKEN, "doomed")


def test_embedded_mode_reads_the_same_configuration(tmp_path: Path) -> None:
    """``host: local`` with ``local_config``: the profile's token chooses who runs."""
    (tmp_path / "warehouse.yml").write_text(
        "users: [carol@example.com]\n"
        "tokens: [{token: dapi-carol, principal: carol@example.com, lifetime_days: 1}]\n"
        "catalogs: [dev]\n"
        "grants: [{principal: carol@example.com, on: catalog dev, privileges: [USE CATALOG]}]\n"
    )
    project = tmp_path / "project"
    (project / "models").mkdir(parents=True)
    (project / "dbt_project.yml").write_text(
        "name: embedded\nversion: '1.0'\nconfig-version: 2\nprofile: uc\n"
    )
    (project / "models" / "m.sql").write_text("select 1 as x")
    target = {
        "type": "databricks_envs",
        "host": "local",
        "local_data_dir": str(tmp_path / "data"),
        "local_config": str(tmp_path / "warehouse.yml"),
        "token": "dapi-carol",
        "catalog": "dev",
        "schema": "carol",
    }
    (project / "profiles.yml").write_text(
        yaml.safe_dump({"uc": {"target": "local", "outputs": {"local": target}}})
    )
    result = dbtRunner().invoke(
        ["run", "--project-dir", str(project), "--profiles-dir", str(project)]
    )
    assert not result.success
    assert reported(
        refusal("User does not have CREATE SCHEMA on Catalog 'dev'."), str(result.exception)
    )
