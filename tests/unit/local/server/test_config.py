"""The configuration file: what it accepts, and errors that name the setting."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path
from typing import Any

import pytest

from dbt.adapters.databricks_envs.local.api import Principal
from dbt.adapters.databricks_envs.local.server.auth import Denied, Token, TokenAuthenticator
from dbt.adapters.databricks_envs.local.server.config import (
    ADMIN,
    DEFAULT_WAREHOUSE_ID,
    ConfigError,
    load_config,
    parse_config,
)

SCENARIO = """
principals:
  - name: alice@example.com
    groups: [admins, analysts]
  - name: 6f1c7e2a-0d1e-4c43-9a55-6b1f0c9e2b7d
    service_principal: true
tokens:
  - token: dapi-alice
    principal: alice@example.com
  - token: dapi-robot
    principal: 6f1c7e2a-0d1e-4c43-9a55-6b1f0c9e2b7d
    expires: 2020-01-01
warehouses:
  - id: abc123
    name: Team warehouse
  - id: second
catalogs: [main, {name: dev}]
grants: []
"""


def test_a_full_scenario(tmp_path: Path) -> None:
    path = tmp_path / "warehouse.yml"
    path.write_text(SCENARIO)
    config = load_config(path)
    assert config.warehouse_id == "abc123"
    assert config.warehouse("second") is not None and config.warehouse("nope") is None
    assert config.catalogs == ("main", "dev")
    alice = config.principals["alice@example.com"]
    assert alice == Principal("alice@example.com", frozenset({"admins", "analysts"}))
    assert config.tokens is not None
    robot = config.tokens["dapi-robot"]
    assert robot.principal.is_service_principal
    assert robot.expires_at == dt.datetime(2020, 1, 1, tzinfo=dt.timezone.utc).timestamp()


def test_no_file_means_one_admin_and_one_warehouse() -> None:
    config = load_config(None)
    assert config.principals == {ADMIN.name: ADMIN}
    assert config.tokens is None
    assert config.warehouse_id == DEFAULT_WAREHOUSE_ID


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], "must be a mapping"),
        ({"tokenz": []}, "unknown setting 'tokenz'"),
        ({"tokens": [{"token": "t", "principal": "bob"}]}, "`tokens[0].principal` 'bob'"),
        ({"tokens": [{"token": "a b", "principal": ADMIN.name}]}, "`tokens[0].token`"),
        ({"tokens": [{"token": "t"}]}, "`tokens[0]` needs `principal`"),
        ({"tokens": [{"token": "t", "principal": ADMIN.name, "expires": "soon"}]}, "expires"),
        ({"warehouses": [{"id": "a/b"}]}, "`warehouses[0].id` 'a/b'"),
        ({"warehouses": []}, "at least one warehouse"),
        ({"warehouses": [{"id": "a"}, {"id": "a"}]}, "declared twice"),
        ({"principals": [{"name": "x", "groups": "admins"}]}, "`principals[0].groups`"),
        ({"principals": [{"name": "x", "role": "admin"}]}, "unknown key 'role'"),
        ({"catalogs": "main"}, "`catalogs` must be a list"),
        ({"grants": {"a": 1}}, "`grants` must be a list"),
    ],
)
def test_invalid_settings_are_named(data: Any, message: str) -> None:
    with pytest.raises(ConfigError, match=message.replace("[", r"\[").replace("]", r"\]")):
        parse_config(data)


def test_file_errors_name_the_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="Cannot read"):
        load_config(tmp_path / "missing.yml")
    broken = tmp_path / "broken.yml"
    broken.write_text("tokens: [")
    with pytest.raises(ConfigError, match=r"broken\.yml is not valid YAML"):
        load_config(broken)
    unknown = tmp_path / "unknown.yml"
    unknown.write_text("colour: blue")
    with pytest.raises(ConfigError, match=r"unknown\.yml: unknown setting 'colour'"):
        load_config(unknown)


@pytest.mark.parametrize(
    ("header", "status", "message"),
    [
        (None, 401, "Unauthorized"),
        ("Basic abc", 401, "Unauthorized"),
        ("Bearer ", 401, "Unauthorized"),
        ("Bearer unknown", 403, "Invalid access token"),
        ("Bearer old", 403, "Token is expired"),
    ],
)
def test_tokens_are_checked(header: str | None, status: int, message: str) -> None:
    authenticator = TokenAuthenticator(
        {"good": Token(ADMIN), "old": Token(ADMIN, expires_at=time.time() - 1)}
    )
    assert authenticator.authenticate("Bearer good") == ADMIN
    assert authenticator.authenticate("bearer  good") == ADMIN
    with pytest.raises(Denied) as denied:
        authenticator.authenticate(header)
    assert (denied.value.status, str(denied.value).startswith(message)) == (status, True)
