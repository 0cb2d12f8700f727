"""OAuth machine-to-machine for service principals: OIDC discovery, the token endpoint, client
secrets over REST, and the tokens accepted over REST and Thrift, through databricks-sdk and the
connector as a workspace serves them."""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import databricks.sql
import pytest
import requests
from databricks.sdk import WorkspaceClient
from databricks.sdk.core import Config
from databricks.sdk.errors import NotFound, PermissionDenied
from databricks.sdk.oauth import get_workspace_endpoints

from dbt.adapters.databricks_envs.local.security.directory import scim_id
from dbt.adapters.databricks_envs.local.server import LocalWarehouse, open_warehouse
from dbt.adapters.databricks_envs.local.server.config import ConfigError, parse_config

ROBOT = "6f1c7e2a-0d1e-4c43-9a55-6b1f0c9e2b7d"
OTHER = "0e9d2c1b-7a6f-4e5d-8c3b-2a1f0e9d8c7b"
SECRET = "dose-robot-secret"
CONFIG = f"""
users: [alice@example.com]
service_principals:
  - {{application_id: {ROBOT}, display_name: prod-runner,
     secrets: [{SECRET}, {{secret: dose-old, expires: 2020-01-01}}]}}
  - {{application_id: {OTHER}, display_name: ci-runner}}
tokens:
  - {{token: dapi-admin, principal: admin@localhost}}
  - {{token: dapi-alice, principal: alice@example.com}}
oauth_token_lifetime_seconds: 5
"""


@pytest.fixture
def warehouse(tmp_path: Path) -> Iterator[LocalWarehouse]:
    config = tmp_path / "warehouse.yml"
    config.write_text(CONFIG)
    with open_warehouse(tmp_path / "data", config).start() as running:
        yield running


def oauth_config(warehouse: LocalWarehouse, secret: str = SECRET, client: str = ROBOT) -> Config:
    """What dbt-databricks builds for `client_id` / `client_secret`."""
    return Config(
        host=warehouse.base_url, client_id=client, client_secret=secret, auth_type="oauth-m2m"
    )


def ask_token(warehouse: LocalWarehouse, **kwargs: Any) -> requests.Response:
    return requests.post(warehouse.base_url + "/oidc/v1/token", timeout=10, **kwargs)


def basic(client: str, secret: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{client}:{secret}".encode()).decode()}


def test_the_sdk_discovers_the_oidc_endpoints(warehouse: LocalWarehouse) -> None:
    base = warehouse.base_url
    metadata = requests.get(base + "/.well-known/databricks-config", timeout=10).json()
    assert metadata["oidc_endpoint"] == base + "/oidc"
    endpoints = get_workspace_endpoints(base)
    assert endpoints.token_endpoint == base + "/oidc/v1/token"
    assert endpoints.authorization_endpoint == base + "/oidc/v1/authorize"
    # Recent databricks-sdk releases (0.117 here) name the document they read `discovery_url`;
    # 0.77, in dbt-core 1.11's column of the compatibility matrix, has no such attribute.
    discovery = getattr(oauth_config(warehouse), "discovery_url", None)
    if discovery is not None:
        assert discovery == base + "/oidc/.well-known/oauth-authorization-server"


def test_client_credentials_in_basic_auth_or_in_the_form(warehouse: LocalWarehouse) -> None:
    form = {"grant_type": "client_credentials", "scope": "all-apis"}
    by_header = ask_token(warehouse, data=form, headers=basic(ROBOT, SECRET))
    by_form = ask_token(warehouse, data={**form, "client_id": ROBOT, "client_secret": SECRET})
    for answer in (by_header, by_form):
        assert answer.status_code == 200
        assert answer.headers["Cache-Control"] == "no-store"
        body = answer.json()
        assert set(body) == {"access_token", "token_type", "expires_in", "scope"}
        assert (body["token_type"], body["expires_in"], body["scope"]) == ("Bearer", 5, "all-apis")
        # A JWT, as a workspace's: the connector reads its expiry.
        claims = json.loads(base64.urlsafe_b64decode(body["access_token"].split(".")[1] + "=="))
        assert (claims["sub"], claims["scope"]) == (ROBOT, "all-apis")
        assert claims["exp"] - claims["iat"] in (5, 6)
    assert by_header.json()["access_token"] != by_form.json()["access_token"]


@pytest.mark.parametrize(
    ("client", "secret"),
    [
        (ROBOT, "dose-wrong"),
        (ROBOT, "dose-old"),  # expired
        (OTHER, SECRET),  # another service principal's secret
        ("alice@example.com", SECRET),  # not a service principal
        ("", ""),
    ],
)
def test_wrong_credentials_are_invalid_client_401(
    warehouse: LocalWarehouse, client: str, secret: str
) -> None:
    answer = ask_token(
        warehouse, data={"grant_type": "client_credentials"}, headers=basic(client, secret)
    )
    assert answer.status_code == 401
    body = answer.json()
    assert (body["error"], body["error_description"]) == (
        "invalid_client",
        "Client authentication failed",
    )
    if client and secret:
        # The SDK reports the workspace's words, at once.
        client_of = WorkspaceClient(config=oauth_config(warehouse, secret, client))
        with pytest.raises(ValueError, match="invalid_client: Client authentication failed"):
            client_of.current_user.me()


def test_other_grants_are_refused(warehouse: LocalWarehouse) -> None:
    missing = ask_token(warehouse, data={}, headers=basic(ROBOT, SECRET))
    assert (missing.status_code, missing.json()["error"]) == (400, "invalid_request")
    password = ask_token(warehouse, data={"grant_type": "password"}, headers=basic(ROBOT, SECRET))
    assert (password.status_code, password.json()["error"]) == (400, "unsupported_grant_type")


def test_oauth_tokens_identify_the_service_principal_over_rest_and_thrift(
    warehouse: LocalWarehouse,
) -> None:
    config = oauth_config(warehouse)
    robot = WorkspaceClient(config=config)
    me = robot.current_user.me()
    assert (me.user_name, me.display_name) == (ROBOT, "prod-runner")
    raw = robot.api_client.do("GET", "/api/2.0/preview/scim/v2/Me")
    assert isinstance(raw, dict) and raw["applicationId"] == ROBOT
    # No personal access token: the OAuth tokens are not listed.
    assert list(robot.tokens.list()) == []
    admin = WorkspaceClient(host=warehouse.base_url, token="dapi-admin")
    admin.token_management.create_obo_token(application_id=ROBOT, lifetime_seconds=600)
    assert len(list(robot.tokens.list())) == 1
    with (
        databricks.sql.connect(
            server_hostname=warehouse.base_url,
            http_path=warehouse.http_path,
            credentials_provider=lambda: config._header_factory,
            _connection_uri=warehouse.connection_uri,
            enable_telemetry=False,
        ) as connection,
        connection.cursor() as cursor,
    ):
        cursor.execute("select current_user(), session_user()")
        assert tuple(cursor.fetchall()[0]) == (ROBOT, ROBOT)
        first_value, first = warehouse.directory.oauth_tokens_of(ROBOT)[0]
        assert first.expires_at is not None
        time.sleep(max(first.expires_at - time.time(), 0) + 0.2)
        # Expired: refused as an expired personal access token is.
        with pytest.raises(PermissionDenied, match="Token is expired"):
            WorkspaceClient(host=warehouse.base_url, token=first_value).current_user.me()
        # The same session goes on: the SDK fetched a fresh token for the connector.
        cursor.execute("select current_user()")
        assert cursor.fetchall()[0][0] == ROBOT
    assert any(
        t.created_at > first.expires_at for _, t in warehouse.directory.oauth_tokens_of(ROBOT)
    )


def test_secrets_are_created_listed_and_deleted_by_the_admin(warehouse: LocalWarehouse) -> None:
    admin = WorkspaceClient(host=warehouse.base_url, token="dapi-admin")
    proxy = admin.service_principal_secrets_proxy
    made = proxy.create(scim_id(OTHER))
    assert made.secret and made.secret.startswith("dose") and made.status == "ACTIVE"
    assert made.id and len(made.id) == 64 and made.create_time and made.expire_time
    brief = proxy.create(OTHER, lifetime="3600s")  # the application id works too, locally
    assert brief.expire_time and brief.expire_time > (brief.create_time or "")
    other = WorkspaceClient(config=oauth_config(warehouse, made.secret, OTHER))
    assert other.current_user.me().user_name == OTHER
    listed = list(proxy.list(scim_id(OTHER)))
    assert sorted(s.id or "" for s in listed) == sorted([made.id, brief.id or ""])
    assert all(s.as_dict().keys() >= {"id", "create_time", "status"} for s in listed)
    assert "secret" not in listed[0].as_dict()
    proxy.delete(scim_id(OTHER), made.id)
    with pytest.raises(ValueError, match="invalid_client"):
        WorkspaceClient(config=oauth_config(warehouse, made.secret, OTHER)).current_user.me()
    with pytest.raises(NotFound):
        proxy.create("no-such-service-principal")
    alice = WorkspaceClient(host=warehouse.base_url, token="dapi-alice")
    with pytest.raises(PermissionDenied):
        alice.service_principal_secrets_proxy.create(scim_id(OTHER))


def test_deleting_a_service_principal_ends_its_secrets_and_tokens(
    warehouse: LocalWarehouse,
) -> None:
    robot = WorkspaceClient(config=oauth_config(warehouse))
    me = robot.current_user.me()
    value, _ = warehouse.directory.oauth_tokens_of(ROBOT)[-1]
    WorkspaceClient(host=warehouse.base_url, token="dapi-admin").service_principals.delete(
        me.id or ""
    )
    answer = requests.get(
        warehouse.base_url + "/api/2.0/preview/scim/v2/Me",
        headers={"Authorization": f"Bearer {value}"},
        timeout=10,
    )
    assert (answer.status_code, answer.json()["message"]) == (403, "Invalid access token")
    assert warehouse.directory.secrets_of(ROBOT) == []


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"service_principals": [{"application_id": ROBOT, "secrets": "s"}]}, "secrets` must"),
        (
            {"service_principals": [{"application_id": ROBOT, "secrets": ["a b"]}]},
            "`service_principals[0].secrets[0]` must be a string without spaces",
        ),
        (
            {"service_principals": [{"application_id": ROBOT, "secrets": ["s", "s"]}]},
            "`service_principals[0].secrets[1]` is the same secret",
        ),
        (
            {"service_principals": [{"application_id": ROBOT, "secrets": [{"value": "s"}]}]},
            "`service_principals[0].secrets[0]` has an unknown key 'value'",
        ),
        (
            {
                "service_principals": [
                    {"application_id": ROBOT, "secrets": [{"secret": "s", "expires": "soon"}]}
                ]
            },
            "`service_principals[0].secrets[0].expires` must be a date",
        ),
        ({"users": [{"name": "a@b.c", "secrets": ["s"]}]}, "`users[0]` has an unknown key"),
        ({"oauth_token_lifetime_seconds": 0}, "`oauth_token_lifetime_seconds` must be a number"),
        ({"oauth_token_lifetime_seconds": "1h"}, "`oauth_token_lifetime_seconds` must be"),
    ],
)
def test_configuration_errors_name_the_setting(data: dict[str, Any], message: str) -> None:
    with pytest.raises(ConfigError) as raised:
        parse_config(data)
    assert message in str(raised.value)


def test_secrets_and_lifetime_are_optional() -> None:
    plain = parse_config({"service_principals": [{"application_id": ROBOT}]})
    assert (plain.secrets, plain.oauth_token_lifetime_seconds) == ({}, 3600)
    declared = parse_config(
        {"service_principals": [{"application_id": ROBOT, "secrets": ["s1", {"secret": "s2"}]}]}
    )
    assert declared.secrets == {ROBOT: (("s1", None), ("s2", None))}
    directory = declared.directory()
    assert directory.client(ROBOT, "s2") is not None and directory.client(ROBOT, "s3") is None
