"""The REST API through databricks-sdk's WorkspaceClient: identities, tokens, warehouses and
Unity Catalog permissions, on a warehouse declared by a configuration file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import databricks.sql
import pytest
from databricks.sdk import WorkspaceClient
from databricks.sdk.errors import NotFound, PermissionDenied
from databricks.sdk.service.catalog import PermissionsChange, Privilege
from databricks.sdk.service.iam import ComplexValue
from databricks.sdk.service.sql import State

from dbt.adapters.databricks_envs.local.server import LocalWarehouse, open_warehouse

ROBOT = "6f1c7e2a-0d1e-4c43-9a55-6b1f0c9e2b7d"
CONFIG = f"""
users: [{{name: alice@example.com, display_name: Alice}}]
service_principals: [{{application_id: {ROBOT}, display_name: prod-runner}}]
groups: [{{name: data-engineers, members: [alice@example.com]}}]
tokens:
  - {{token: dapi-admin, principal: admin@localhost}}
  - {{token: dapi-alice, principal: alice@example.com, lifetime_days: 3, comment: laptop}}
warehouses:
  - {{id: main, state: RUNNING}}
  - {{id: sleepy, state: STOPPED}}
  - {{id: gone, state: DELETED}}
catalogs: [dev, {{name: prod, owner: data-engineers}}]
grants: [{{principal: data-engineers, on: catalog dev, privileges: [USE CATALOG]}}]
"""


@pytest.fixture
def warehouse(tmp_path: Path) -> Iterator[LocalWarehouse]:
    config = tmp_path / "warehouse.yml"
    config.write_text(CONFIG)
    with open_warehouse(tmp_path / "data", config).start() as running:
        yield running


def client(warehouse: LocalWarehouse, token: str) -> WorkspaceClient:
    return WorkspaceClient(host=warehouse.base_url, token=token)


def test_me_is_a_user_or_a_service_principal(warehouse: LocalWarehouse) -> None:
    alice = client(warehouse, "dapi-alice").current_user.me()
    assert (alice.user_name, alice.display_name) == ("alice@example.com", "Alice")
    assert [g.display for g in alice.groups or []] == ["data-engineers"]
    admin = client(warehouse, "dapi-admin")
    made = admin.token_management.create_obo_token(application_id=ROBOT, lifetime_seconds=600)
    assert made.token_value and made.token_info and made.token_info.expiry_time
    robot = client(warehouse, made.token_value).current_user.me()
    assert (robot.user_name, robot.display_name) == (ROBOT, "prod-runner")


def test_scim_users_service_principals_and_groups(warehouse: LocalWarehouse) -> None:
    admin = client(warehouse, "dapi-admin")
    assert sorted(u.user_name or "" for u in admin.users.list()) == [
        "admin@localhost",
        "alice@example.com",
    ]
    bob = admin.users.create(user_name="bob@example.com", display_name="Bob")
    robot = admin.service_principals.create(display_name="ci-runner")
    assert robot.application_id and len(robot.application_id) == 36
    group = admin.groups.create(
        display_name="analysts", members=[ComplexValue(value=bob.id), ComplexValue(value=robot.id)]
    )
    assert group.id is not None
    fetched = admin.groups.get(group.id)
    assert sorted(m.display or "" for m in fetched.members or []) == sorted(
        ["bob@example.com", robot.application_id]
    )
    assert admin.users.get(bob.id or "").groups[0].display == "analysts"  # type: ignore[index]
    assert sorted(s.display_name or "" for s in admin.service_principals.list()) == [
        "ci-runner",
        "prod-runner",
    ]
    admin.groups.delete(group.id)
    admin.users.delete(bob.id or "")
    assert "analysts" not in [g.display_name for g in admin.groups.list()]
    with pytest.raises(NotFound):
        admin.users.get(bob.id or "")
    with pytest.raises(PermissionDenied):
        client(warehouse, "dapi-alice").users.create(user_name="eve@example.com")


def test_tokens_are_listed_created_and_refused_once_deleted(warehouse: LocalWarehouse) -> None:
    alice = client(warehouse, "dapi-alice")
    [laptop] = alice.tokens.list()
    assert laptop.comment == "laptop" and laptop.expiry_time and laptop.creation_time
    assert laptop.expiry_time - laptop.creation_time == 3 * 86400 * 1000
    made = alice.tokens.create(comment="ci", lifetime_seconds=3600)
    assert made.token_value and made.token_value not in str(alice.tokens.list())
    assert sorted(t.comment or "" for t in alice.tokens.list()) == ["ci", "laptop"]
    assert client(warehouse, made.token_value).current_user.me().user_name == "alice@example.com"
    alice.tokens.delete(made.token_info.token_id or "")  # type: ignore[union-attr]
    with pytest.raises(PermissionDenied, match="Invalid access token"):
        client(warehouse, made.token_value).current_user.me()


def test_on_behalf_of_tokens_are_for_admins_and_accept_a_user_locally(
    warehouse: LocalWarehouse,
) -> None:
    admin = client(warehouse, "dapi-admin")
    made = admin.token_management.create_obo_token(
        application_id="alice@example.com", lifetime_seconds=600
    )
    assert client(warehouse, made.token_value or "").current_user.me().user_name == (
        "alice@example.com"
    )
    with pytest.raises(PermissionDenied):
        client(warehouse, "dapi-alice").token_management.create_obo_token(
            application_id=ROBOT, lifetime_seconds=600
        )


def test_warehouse_states_and_a_stopped_one_starting_on_the_first_statement(
    warehouse: LocalWarehouse,
) -> None:
    admin = client(warehouse, "dapi-admin")
    assert [w.id for w in admin.warehouses.list()] == ["main", "sleepy"]
    assert admin.warehouses.get("sleepy").state == State.STOPPED
    with pytest.raises(NotFound, match="Can't find SQL warehouse with id: gone"):
        admin.warehouses.get("gone")
    with (
        databricks.sql.connect(
            server_hostname="127.0.0.1",
            http_path="/sql/1.0/warehouses/sleepy",
            access_token="dapi-admin",
            _connection_uri=warehouse.base_url + "/sql/1.0/warehouses/sleepy",
            enable_telemetry=False,
        ) as connection,
        connection.cursor() as cursor,
    ):
        cursor.execute("select 1")
        assert cursor.fetchall()[0][0] == 1
    assert admin.warehouses.get("sleepy").state == State.RUNNING
    admin.warehouses.stop("sleepy")
    assert admin.warehouses.get("sleepy").state == State.STOPPED
    with pytest.raises(PermissionDenied):
        client(warehouse, "dapi-alice").warehouses.delete("main")
    admin.warehouses.delete("sleepy")
    with pytest.raises(NotFound):
        admin.warehouses.get("sleepy")


def test_unity_catalog_permissions_and_effective_permissions(warehouse: LocalWarehouse) -> None:
    admin = client(warehouse, "dapi-admin")
    assert admin.grants.get("catalog", "dev").as_dict() == {
        "privilege_assignments": [{"principal": "data-engineers", "privileges": ["USE_CATALOG"]}]
    }
    updated = admin.grants.update(
        "catalog",
        "dev",
        changes=[PermissionsChange(principal=ROBOT, add=[Privilege.USE_CATALOG, Privilege.SELECT])],
    )
    assert {"principal": ROBOT, "privileges": ["SELECT", "USE_CATALOG"]} in updated.as_dict()[
        "privilege_assignments"
    ]
    effective = admin.grants.get_effective("schema", "dev.default", principal="alice@example.com")
    assert effective.as_dict() == {
        "privilege_assignments": [
            {
                "principal": "alice@example.com",
                "privileges": [
                    {
                        "privilege": "USE_CATALOG",
                        "inherited_from_type": "CATALOG",
                        "inherited_from_name": "dev",
                    }
                ],
            }
        ]
    }
    alice = client(warehouse, "dapi-alice")
    with pytest.raises(PermissionDenied, match=r"User does not have MANAGE on Catalog 'dev'\."):
        alice.grants.get("catalog", "dev")
    assert alice.grants.get_effective("catalog", "dev", principal="alice@example.com").as_dict()
    # data-engineers owns prod (declared in the configuration), so Alice may grant there.
    alice.grants.update(
        "catalog", "prod", changes=[PermissionsChange(principal=ROBOT, add=[Privilege.MODIFY])]
    )
    with pytest.raises(NotFound):
        admin.grants.get("catalog", "nope")


def test_workspace_apis_a_sql_warehouse_lacks_are_refused_by_name(
    warehouse: LocalWarehouse,
) -> None:
    """What dbt-databricks' Python models call first (the Workspace API), the Jobs API and the
    others that need a workspace: refused as not supported, never as a missing endpoint."""
    from databricks.sdk.errors import DatabricksError

    admin = client(warehouse, "dapi-admin")
    with pytest.raises(DatabricksError) as refused:
        admin.workspace.mkdirs("/Shared/dbt_python_models/dev/shop")
    assert "Python models and notebooks (the Workspace API) are not supported by the local" in (
        str(refused.value)
    )
    with pytest.raises(DatabricksError, match=r"\(the Jobs API\) are not supported"):
        admin.jobs.get_run(1)
    with pytest.raises(DatabricksError, match=r"\(the Clusters API\) are not supported"):
        admin.clusters.get("0123-cluster")
    with pytest.raises(NotFound, match="No API found"):
        admin.api_client.do("GET", "/api/2.0/no-such-thing")
