"""The profile fields `type: databricks_envs` adds, validated; dbt-databricks' own still work."""

from __future__ import annotations

from typing import Any

import pytest
from dbt_common.exceptions import DbtValidationError

from dbt.adapters.databricks_envs.credentials import DatabricksEnvsCredentials

BASE = {
    "host": "dbc-123.cloud.databricks.com",
    "http_path": "/sql/1.0/warehouses/abc",
    "token": "dapi-not-a-token",
    "catalog": "dev",
    "schema": "dbt_john",
}


def credentials(**fields: Any) -> DatabricksEnvsCredentials:
    return DatabricksEnvsCredentials.from_dict({**BASE, **fields})


def test_type_and_parent_fields() -> None:
    creds = credentials(session_properties={"ansi_mode": True}, connect_retries=3)
    assert creds.type == "databricks_envs"
    assert creds.database == "dev"
    assert creds.session_properties == {"ansi_mode": True}
    assert creds.connect_retries == 3
    assert creds.environment is None
    assert creds.write_guard == "enforce"
    assert creds.write_catalogs is None


@pytest.mark.parametrize("env", ["dev", "ci", "staging", "prod"])
def test_environment_accepts_the_four_kinds(env: str) -> None:
    assert credentials(environment=env).environment == env


@pytest.mark.parametrize("env", ["production", "qa", "PROD", ""])
def test_environment_refuses_anything_else(env: str) -> None:
    with pytest.raises(DbtValidationError) as error:
        credentials(environment=env)
    assert f"`environment: {env}`" in str(error.value)
    assert "dev, ci, staging, prod" in str(error.value)


def test_write_guard_modes() -> None:
    assert credentials(write_guard="warn").write_guard == "warn"
    with pytest.raises(DbtValidationError, match=r"`write_guard: block`.*enforce, warn, off"):
        credentials(write_guard="block")


def test_write_catalogs_are_normalised() -> None:
    creds = credentials(write_catalogs=[" Dev ", "`sandbox`"])
    assert creds.write_catalogs == ["dev", "sandbox"]


@pytest.mark.parametrize("value", [[""], ["dev", " "]])
def test_write_catalogs_refuses_blank_names(value: list[str]) -> None:
    with pytest.raises(DbtValidationError, match="`write_catalogs: "):
        credentials(write_catalogs=value)


def test_target_exposes_the_new_fields() -> None:
    creds = credentials(environment="ci", write_catalogs=["dev"])
    target = dict(creds.connection_info(with_aliases=True))
    assert target["environment"] == "ci"
    assert target["write_guard"] == "enforce"
    assert target["write_catalogs"] == ["dev"]
    assert "token" not in target
