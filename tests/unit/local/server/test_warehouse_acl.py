"""Several SQL warehouses, each at its own HTTP path with its own state, and their permissions
(CAN_USE, CAN_MANAGE, ...) as the Permissions API answers them and as sessions meet them."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import databricks.sql
import pytest
from databricks.sdk import WorkspaceClient
from databricks.sdk.errors import BadRequest, NotFound, PermissionDenied
from databricks.sdk.service.sql import (
    State,
    WarehouseAccessControlRequest,
    WarehousePermissionLevel,
)

from dbt.adapters.databricks_envs.local.server import LocalWarehouse, open_warehouse
from dbt.adapters.databricks_envs.local.server.config import ConfigError, parse_config

ROBOT = "6f1c7e2a-0d1e-4c43-9a55-6b1f0c9e2b7d"
CONFIG = f"""
users: [alice@example.com, bob@example.com, carol@example.com]
service_principals: [{{application_id: {ROBOT}, display_name: prod-runner}}]
groups: [{{name: analysts, members: [bob@example.com]}}]
tokens:
  - {{token: dapi-admin, principal: admin@localhost}}
  - {{token: dapi-alice, principal: alice@example.com}}
  - {{token: dapi-bob, principal: bob@example.com}}
  - {{token: dapi-carol, principal: carol@example.com}}
  - {{token: dapi-robot, principal: {ROBOT}}}
warehouses:
  - {{id: shared}}
  - id: team
    permissions:
      - {{principal: analysts, level: CAN_USE}}
      - {{principal: alice@example.com, level: CAN_MANAGE}}
  - id: prod
    state: STOPPED
    permissions:
      - {{principal: {ROBOT}, level: can use}}
      - {{principal: carol@example.com, level: CAN_VIEW}}
"""
PERMISSION_DENIED = "PERMISSION_DENIED: {} does not have permission to use warehouse {}."


@pytest.fixture
def warehouse(tmp_path: Path) -> Iterator[LocalWarehouse]:
    config = tmp_path / "warehouse.yml"
    config.write_text(CONFIG)
    with open_warehouse(tmp_path / "data", config).start() as running:
        yield running


def client(warehouse: LocalWarehouse, token: str) -> WorkspaceClient:
    return WorkspaceClient(host=warehouse.base_url, token=token)


def run(warehouse: LocalWarehouse, token: str, warehouse_id: str, sql: str) -> list[Any]:
    path = f"/sql/1.0/warehouses/{warehouse_id}"
    with (
        databricks.sql.connect(
            server_hostname="127.0.0.1",
            http_path=path,
            access_token=token,
            _connection_uri=warehouse.base_url + path,
            enable_telemetry=False,
        ) as connection,
        connection.cursor() as cursor,
    ):
        cursor.execute(sql)
        return [tuple(row) for row in cursor.fetchall()]


def refused(warehouse: LocalWarehouse, token: str, warehouse_id: str) -> str:
    started = time.monotonic()
    with pytest.raises(databricks.sql.exc.RequestError) as raised:
        run(warehouse, token, warehouse_id, "select 1")
    assert time.monotonic() - started < 5, "refused at once, never retried"
    return str(raised.value)


def test_each_warehouse_has_its_path_and_its_own_state(warehouse: LocalWarehouse) -> None:
    admin = client(warehouse, "dapi-admin")
    states = {w.id: w.state for w in admin.warehouses.list()}
    assert states == {"shared": State.RUNNING, "team": State.RUNNING, "prod": State.STOPPED}
    for warehouse_id in ("shared", "team", "prod"):
        assert run(warehouse, "dapi-admin", warehouse_id, "select current_user()") == [
            ("admin@localhost",)
        ]
    assert admin.warehouses.get("prod").state == State.RUNNING
    admin.warehouses.stop("team")
    assert [admin.warehouses.get(w).state for w in ("shared", "team")] == [
        State.RUNNING,
        State.STOPPED,
    ]
    assert admin.warehouses.get("team").odbc_params.path == "/sql/1.0/warehouses/team"  # type: ignore[union-attr]
    # Each statement is recorded with the warehouse it ran on.
    ran_on = [r["compute"]["warehouse_id"] for r in warehouse.audit(executed_by="admin@localhost")]
    assert {"shared", "team", "prod"} <= set(ran_on)


def test_permissions_as_the_permissions_api_answers_them(warehouse: LocalWarehouse) -> None:
    admin = client(warehouse, "dapi-admin")
    admin_entry = {
        "user_name": "admin@localhost",
        "display_name": "admin@localhost",
        "all_permissions": [
            {"permission_level": "IS_OWNER", "inherited": False},
            {
                "permission_level": "CAN_MANAGE",
                "inherited": True,
                "inherited_from_object": ["/sql/warehouses/"],
            },
        ],
    }
    assert admin.warehouses.get_permissions("shared").as_dict() == {
        "object_id": "/sql/warehouses/shared",
        "object_type": "warehouses",
        "access_control_list": [
            admin_entry,
            {
                "group_name": "users",
                "all_permissions": [{"permission_level": "CAN_USE", "inherited": False}],
            },
        ],
    }
    team = admin.permissions.get("warehouses", "team").as_dict()
    assert [(e.get("group_name") or e.get("user_name")) for e in team["access_control_list"]] == [
        "admin@localhost",
        "analysts",
        "alice@example.com",
    ]
    prod = client(warehouse, "dapi-carol").warehouses.get_permissions("prod").as_dict()
    assert {
        "service_principal_name": ROBOT,
        "display_name": "prod-runner",
        "all_permissions": [{"permission_level": "CAN_USE", "inherited": False}],
    } in prod["access_control_list"]
    levels = admin.warehouses.get_permission_levels("team").permission_levels or []
    assert {level.permission_level for level in levels} == set(WarehousePermissionLevel)
    with pytest.raises(PermissionDenied):
        client(warehouse, "dapi-carol").warehouses.get_permissions("team")
    with pytest.raises(NotFound):
        admin.warehouses.get_permissions("nope")
    # A deleted principal holds nothing any more.
    [alice_scim] = [u.id for u in admin.users.list() if u.user_name == "alice@example.com"]
    admin.users.delete(alice_scim or "")
    listed = admin.warehouses.get_permissions("team").access_control_list or []
    named = [e.user_name or e.group_name or e.service_principal_name for e in listed]
    assert named == ["admin@localhost", "analysts"]


def test_a_session_needs_can_use_directly_or_through_a_group(warehouse: LocalWarehouse) -> None:
    assert run(warehouse, "dapi-carol", "shared", "select 1") == [(1,)]  # users: CAN_USE
    assert run(warehouse, "dapi-bob", "team", "select current_user()") == [("bob@example.com",)]
    assert run(warehouse, "dapi-alice", "team", "select 1") == [(1,)]  # CAN_MANAGE
    assert PERMISSION_DENIED.format("User", "team") in refused(warehouse, "dapi-carol", "team")
    # CAN_VIEW is not CAN_USE: refused before the warehouse starts.
    assert PERMISSION_DENIED.format("User", "prod") in refused(warehouse, "dapi-carol", "prod")
    assert client(warehouse, "dapi-admin").warehouses.get("prod").state == State.STOPPED
    assert PERMISSION_DENIED.format("Service Principal", "team") in refused(
        warehouse, "dapi-robot", "team"
    )
    assert run(warehouse, "dapi-robot", "prod", "select current_user()") == [(ROBOT,)]
    # Refused sessions leave no statement behind.
    carol_ran_on = {r["compute"]["warehouse_id"] for r in warehouse.audit("carol@example.com")}
    assert carol_ran_on == {"shared"}


def test_rest_shows_and_starts_warehouses_as_permissions_allow(warehouse: LocalWarehouse) -> None:
    carol = client(warehouse, "dapi-carol")
    assert [w.id for w in carol.warehouses.list()] == ["shared", "prod"]
    assert [w.id for w in client(warehouse, "dapi-bob").warehouses.list()] == ["shared", "team"]
    with pytest.raises(PermissionDenied, match="User does not have permission to view warehouse"):
        carol.warehouses.get("team")
    assert carol.warehouses.get("prod").state == State.STOPPED
    with pytest.raises(PermissionDenied):
        carol.warehouses.start("prod")
    with pytest.raises(PermissionDenied):
        client(warehouse, "dapi-bob").warehouses.stop("team")
    client(warehouse, "dapi-alice").warehouses.stop("team")
    robot = client(warehouse, "dapi-robot")
    robot.warehouses.start("prod")
    assert robot.warehouses.get("prod").state in (State.STARTING, State.RUNNING)


def test_managers_change_permissions_and_sessions_follow(warehouse: LocalWarehouse) -> None:
    alice = client(warehouse, "dapi-alice")
    change = [
        WarehouseAccessControlRequest(
            user_name="carol@example.com", permission_level=WarehousePermissionLevel.CAN_USE
        )
    ]
    updated = alice.warehouses.update_permissions("team", access_control_list=change).as_dict()
    assert {
        "user_name": "carol@example.com",
        "display_name": "carol@example.com",
        "all_permissions": [{"permission_level": "CAN_USE", "inherited": False}],
    } in updated["access_control_list"]
    assert run(warehouse, "dapi-carol", "team", "select 1") == [(1,)]
    with pytest.raises(PermissionDenied):
        client(warehouse, "dapi-bob").warehouses.update_permissions(
            "team", access_control_list=change
        )
    # PUT replaces the list: Alice keeps nothing, the owner stays.
    only_analysts = [
        WarehouseAccessControlRequest(
            group_name="analysts", permission_level=WarehousePermissionLevel.CAN_USE
        )
    ]
    replaced = alice.warehouses.set_permissions("team", access_control_list=only_analysts)
    names = [e.user_name or e.group_name for e in replaced.access_control_list or []]
    assert names == ["admin@localhost", "analysts"]
    assert PERMISSION_DENIED.format("User", "team") in refused(warehouse, "dapi-alice", "team")
    assert PERMISSION_DENIED.format("User", "team") in refused(warehouse, "dapi-carol", "team")
    admin = client(warehouse, "dapi-admin")
    for wrong in (
        WarehouseAccessControlRequest(
            user_name="eve@example.com", permission_level=WarehousePermissionLevel.CAN_USE
        ),
        WarehouseAccessControlRequest(
            group_name="bob@example.com", permission_level=WarehousePermissionLevel.CAN_USE
        ),
        WarehouseAccessControlRequest(
            group_name="analysts", permission_level=WarehousePermissionLevel.IS_OWNER
        ),
    ):
        with pytest.raises(BadRequest):
            admin.warehouses.update_permissions("team", access_control_list=[wrong])
    # The admin transfers ownership; the former owner keeps CAN_MANAGE.
    to_bob = WarehouseAccessControlRequest(
        user_name="bob@example.com", permission_level=WarehousePermissionLevel.IS_OWNER
    )
    owned = admin.warehouses.update_permissions("team", access_control_list=[to_bob]).as_dict()
    direct = {
        e.get("user_name") or e.get("group_name"): [
            p["permission_level"] for p in e["all_permissions"] if not p["inherited"]
        ]
        for e in owned["access_control_list"]
    }
    assert direct == {
        "admin@localhost": ["CAN_MANAGE"],
        "analysts": ["CAN_USE"],
        "bob@example.com": ["IS_OWNER"],
    }
    assert admin.warehouses.get("team").creator_name == "bob@example.com"


@pytest.mark.parametrize(
    ("permissions", "message"),
    [
        (
            [{"principal": "eve@example.com", "level": "CAN_USE"}],
            "`warehouses[0].permissions[0].principal` 'eve@example.com' is not declared",
        ),
        (
            [{"principal": "users", "level": "CAN_RUN"}],
            "`warehouses[0].permissions[0].level` must be one of",
        ),
        ([{"principal": "users"}], "`warehouses[0].permissions[0]` needs `level`"),
        (
            [{"principal": "team", "level": "IS_OWNER"}],
            "the owner must be a user or a service principal",
        ),
        (
            [
                {"principal": "a@x.y", "level": "IS_OWNER"},
                {"principal": "b@x.y", "level": "IS_OWNER"},
            ],
            "`warehouses[0].permissions[1]`: a warehouse has one owner",
        ),
        (
            [
                {"principal": "a@x.y", "level": "CAN_USE"},
                {"principal": "a@x.y", "level": "CAN_MANAGE"},
            ],
            "`warehouses[0].permissions[1].principal`: 'a@x.y' is named twice",
        ),
        ("CAN_USE", "`warehouses[0].permissions` must be a list"),
    ],
)
def test_configuration_errors_name_the_setting(permissions: Any, message: str) -> None:
    data = {
        "users": ["a@x.y", "b@x.y"],
        "groups": [{"name": "team", "members": ["a@x.y"]}],
        "warehouses": [{"id": "w", "permissions": permissions}],
    }
    with pytest.raises(ConfigError) as raised:
        parse_config(data)
    assert message in str(raised.value)


def test_declared_permissions_are_kept_and_omitted_ones_default() -> None:
    config = parse_config(
        {
            "users": ["a@x.y"],
            "warehouses": [
                {"id": "open"},
                {"id": "closed", "permissions": []},
                {"id": "mine", "permissions": [{"principal": "a@x.y", "level": "Can Manage"}]},
            ],
        }
    )
    assert [w.permissions for w in config.warehouses] == [None, (), (("a@x.y", "CAN_MANAGE"),)]
