"""The HTTP surface: malformed requests, host metadata and the REST skeleton."""

from __future__ import annotations

import http.client
import json
from typing import Any

import pytest

from dbt.adapters.databricks_envs.local.server.rest import scim_id


def _request(
    warehouse: Any,
    method: str,
    path: str,
    body: bytes = b"",
    token: str | None = "default",
    connection: http.client.HTTPConnection | None = None,
    headers: dict[str, str] | None = None,
) -> tuple[int, dict[str, str], bytes]:
    conn = connection or http.client.HTTPConnection("127.0.0.1", warehouse.port, timeout=5)
    sent = dict(headers or {})
    if token is not None:
        sent["Authorization"] = f"Bearer {warehouse.token if token == 'default' else token}"
    conn.request(method, path, body=body, headers=sent)
    response = conn.getresponse()
    return response.status, dict(response.getheaders()), response.read()


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"garbage that is not thrift",
        b"\x80\x01\x00\x01\x00\x00\x00\x0bOpenSession\x00\x00\x00\x01\x0c\x00\x01\x0f\x00\x05\x0c"
        b"\x7f\xff\xff\xff",
        b"\x80\x01\x00\x01\x00\x00\x00\x10ExecuteStatement\x00\x00\x00\x01",
    ],
    ids=["empty", "text", "huge-list", "truncated"],
)
def test_malformed_thrift_bodies_get_400_and_the_connection_survives(
    warehouse: Any, connect: Any, body: bytes
) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", warehouse.port, timeout=5)
    status, _, text = _request(warehouse, "POST", warehouse.http_path, body, connection=connection)
    assert status == 400
    assert text.startswith(b"Malformed Thrift request")
    # Same keep-alive connection, next request.
    status, _, _ = _request(
        warehouse, "GET", "/.well-known/databricks-config", connection=connection
    )
    assert status == 200
    with connect() as conn, conn.cursor() as cursor:
        cursor.execute("SELECT 1 AS one")
        assert cursor.fetchone().one == 1


def test_unknown_thrift_method_is_a_thrift_exception(warehouse: Any) -> None:
    message = b"\x80\x01\x00\x01\x00\x00\x00\x07Unknown\x00\x00\x00\x01\x00"
    status, headers, body = _request(warehouse, "POST", warehouse.http_path, message)
    assert status == 200
    assert headers["Content-Type"] == "application/x-thrift"
    assert b"Unknown function Unknown" in body


def test_unknown_paths_and_warehouses_are_404(warehouse: Any) -> None:
    assert _request(warehouse, "POST", "/sql/1.0/warehouses/nope", b"x")[0] == 404
    assert _request(warehouse, "GET", "/somewhere")[0] == 404
    assert _request(warehouse, "GET", warehouse.http_path)[0] == 405


def test_legacy_endpoint_path_and_workspace_query_are_accepted(
    warehouse: Any, connect: Any
) -> None:
    path = f"/sql/1.0/endpoints/{warehouse.warehouse_id}?o=1234"
    with connect(_connection_uri=warehouse.base_url + path) as conn, conn.cursor() as cursor:
        cursor.execute("SELECT 2 AS two")
        assert cursor.fetchone().two == 2


def test_body_needs_a_content_length(warehouse: Any) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", warehouse.port, timeout=5)
    connection.putrequest("POST", warehouse.http_path)
    connection.putheader("Transfer-Encoding", "chunked")
    connection.endheaders()
    connection.send(b"0\r\n\r\n")
    assert connection.getresponse().status == 411


def test_host_metadata_needs_no_token(warehouse: Any) -> None:
    status, headers, body = _request(warehouse, "GET", "/.well-known/databricks-config", token=None)
    assert status == 200
    assert headers["Content-Type"] == "application/json"
    assert json.loads(body)["host_type"] == "workspace"


@pytest.mark.parametrize(
    ("token", "status", "error_code"),
    [(None, 401, "UNAUTHENTICATED"), ("dapi-wrong", 403, "PERMISSION_DENIED")],
)
def test_rest_refuses_missing_and_unknown_tokens(
    warehouse: Any, token: str | None, status: int, error_code: str
) -> None:
    got, _, body = _request(warehouse, "GET", "/api/2.0/preview/scim/v2/Me", token=token)
    assert got == status
    assert json.loads(body)["error_code"] == error_code


def test_thrift_refuses_missing_token_with_401(warehouse: Any) -> None:
    status, headers, _ = _request(warehouse, "POST", warehouse.http_path, b"x", token=None)
    assert status == 401
    assert "Bearer" in headers["X-Databricks-Reason-Phrase"]


def test_scim_me_is_the_caller(warehouse: Any) -> None:
    status, _, body = _request(warehouse, "GET", "/api/2.0/preview/scim/v2/Me")
    me = json.loads(body)
    assert status == 200
    assert me["userName"] == "admin@localhost"
    assert me["id"] == scim_id("admin@localhost")
    assert [group["display"] for group in me["groups"]] == ["admins"]


def test_sql_warehouse_endpoints(warehouse: Any) -> None:
    status, _, body = _request(
        warehouse, "GET", f"/api/2.0/sql/warehouses/{warehouse.warehouse_id}"
    )
    answer = json.loads(body)
    assert status == 200
    assert answer["id"] == warehouse.warehouse_id
    assert answer["state"] == "RUNNING"
    assert answer["odbc_params"]["path"] == warehouse.http_path
    assert answer["odbc_params"]["port"] == warehouse.port
    status, _, body = _request(warehouse, "GET", "/api/2.0/sql/warehouses")
    assert [w["id"] for w in json.loads(body)["warehouses"]] == [warehouse.warehouse_id]
    status, _, body = _request(warehouse, "GET", "/api/2.0/sql/warehouses/nope")
    assert (status, json.loads(body)["error_code"]) == (404, "RESOURCE_DOES_NOT_EXIST")


def test_unknown_rest_endpoint(warehouse: Any) -> None:
    status, _, body = _request(warehouse, "GET", "/api/2.0/nothing/here")
    assert status == 404
    assert json.loads(body) == {
        "error_code": "ENDPOINT_NOT_FOUND",
        "message": "No API found for 'GET /api/2.0/nothing/here'",
    }
