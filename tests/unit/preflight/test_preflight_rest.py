"""The REST facts: what each answer (or failure) of the workspace API becomes, over real HTTP
on the loopback interface."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import pytest

from dbt.adapters.databricks_envs.preflight import rest

ANSWERS: dict[str, tuple[int, Any]] = {
    "/api/2.0/preview/scim/v2/Me": (
        200,
        {
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:ServicePrincipal"],
            "userName": "6f1c7e2a-0d1e-4c43-9a55-6b1f0c9e2b7d",
            "applicationId": "6f1c7e2a-0d1e-4c43-9a55-6b1f0c9e2b7d",
            "groups": [{"display": "deployers", "value": "g1"}],
        },
    ),
    "/api/2.0/permissions/warehouses/abc": (
        200,
        {
            "object_id": "/sql/warehouses/abc",
            "object_type": "warehouses",
            "access_control_list": [
                {
                    "group_name": "deployers",
                    "all_permissions": [{"permission_level": "CAN_USE", "inherited": False}],
                },
                {
                    "user_name": "someone@example.com",
                    "all_permissions": [{"permission_level": "IS_OWNER", "inherited": False}],
                },
            ],
        },
    ),
    "/api/2.0/token/list": (
        200,
        {
            "token_infos": [
                {"token_id": "t1", "creation_time": 1, "expiry_time": -1, "comment": "ci"}
            ]
        },
    ),
    "/api/2.0/sql/warehouses/abc": (200, {"id": "abc", "state": "STOPPED"}),
    "/api/2.0/sql/warehouses/gone": (
        404,
        {
            "error_code": "RESOURCE_DOES_NOT_EXIST",
            "message": "Can't find SQL warehouse with id: gone",
        },
    ),
    "/api/2.0/sql/warehouses/secret": (
        403,
        {"error_code": "PERMISSION_DENIED", "message": "You cannot view this warehouse"},
    ),
}


class Handler(BaseHTTPRequestHandler):
    seen: list[tuple[str, str | None]] = []

    def do_GET(self) -> None:
        Handler.seen.append((self.path, self.headers.get("Authorization")))
        status, body = ANSWERS.get(
            self.path, (404, {"error_code": "ENDPOINT_NOT_FOUND", "message": "no"})
        )
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:
        return None


@pytest.fixture(scope="module")
def workspace() -> Iterator[str]:
    server = HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def client(host: str) -> rest.RestClient:
    return rest.RestClient(host=host, headers=lambda: {"Authorization": "Bearer dapi-test"})


def test_facts_take_three_calls_with_the_connection_credentials(workspace: str) -> None:
    Handler.seen.clear()
    facts = rest.facts(client(workspace), "abc", uses_token=True)
    assert facts["me"] == {
        "user_name": "6f1c7e2a-0d1e-4c43-9a55-6b1f0c9e2b7d",
        "service_principal": True,
        "groups": ["deployers"],
    }
    assert facts["tokens"]["items"][0]["token_id"] == "t1"
    assert facts["warehouse"] == {"id": "abc", "state": "STOPPED"}
    assert facts["calls"] == 3
    assert {auth for _, auth in Handler.seen} == {"Bearer dapi-test"}


def test_a_missing_warehouse_is_a_fact_not_an_error(workspace: str) -> None:
    assert rest.warehouse(client(workspace), "gone") == {
        "missing": True,
        "message": "Can't find SQL warehouse with id: gone",
    }
    assert rest.warehouse(client(workspace), "secret") == {
        "error": "HTTP 403 PERMISSION_DENIED: You cannot view this warehouse"
    }


def test_no_call_for_what_does_not_apply(workspace: str) -> None:
    api = client(workspace)
    assert rest.tokens(api, uses_token=False) == {"skip": "no personal access token in the profile"}
    assert rest.warehouse(api, None) == {"skip": "the http_path names no SQL warehouse"}
    assert api.calls == 0


def test_an_unreachable_workspace_is_reported() -> None:
    # Port 9 on the loopback interface: nothing listens there.
    facts = rest.facts(client("http://127.0.0.1:9"), "abc", uses_token=True)
    assert facts["me"] == {"error": "UNREACHABLE: ConnectionError"}
    assert facts["warehouse"]["error"].startswith("UNREACHABLE")


def test_each_named_compute_takes_two_calls(workspace: str) -> None:
    api = client(workspace)
    facts = rest.facts(api, "abc", True, {"shared": "abc", "gone": "gone", "ghost": None})
    assert facts["computes"]["shared"] == {
        "id": "abc",
        "state": "STOPPED",
        "levels": ["CAN_USE"],
        "can_use": True,
    }
    assert facts["computes"]["gone"]["missing"] is True
    assert facts["computes"]["ghost"] == {"undefined": True}
    # Me, token list, the profile's warehouse, then two calls per defined compute.
    assert facts["calls"] == 3 + 2 + 1


@pytest.mark.parametrize(
    ("user", "groups", "levels"),
    [
        ("someone@example.com", [], ["IS_OWNER"]),
        ("x@example.com", ["deployers"], ["CAN_USE"]),
        ("x@example.com", [], []),
    ],
)
def test_levels_come_from_the_identity_and_its_groups(
    user: str, groups: list[str], levels: list[str]
) -> None:
    acl = ANSWERS["/api/2.0/permissions/warehouses/abc"][1]
    assert rest.levels_held(acl, user, groups) == levels
    everyone = {"access_control_list": [
        {"group_name": "users", "all_permissions": [{"permission_level": "CAN_USE"}]}
    ]}  # fmt: skip
    assert rest.levels_held(everyone, user, groups) == ["CAN_USE"]
