"""The configuration file's security settings: identities, groups, lifetimes, owners, grants."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from dbt.adapters.databricks_envs.local.api import Principal
from dbt.adapters.databricks_envs.local.server import open_warehouse
from dbt.adapters.databricks_envs.local.server.config import (
    ADMIN,
    ConfigError,
    GrantDeclaration,
    Warehouse,
    parse_config,
)

ROBOT = "6f1c7e2a-0d1e-4c43-9a55-6b1f0c9e2b7d"
# The example of README.md's "Access control" section.
EXAMPLE = f"""
users: [{{name: alice@example.com}}]
service_principals: [{{application_id: {ROBOT}, display_name: prod-runner}}]
groups:
  - {{name: data-engineers, members: [alice@example.com]}}
  - {{name: everyone, members: [data-engineers, {ROBOT}]}}
tokens:
  - {{token: dapi-alice, principal: alice@example.com, lifetime_days: 3}}
  - {{token: dapi-robot, principal: {ROBOT}}}
warehouses: [{{id: 10ca1da7aba5e000, state: STOPPED, startup_seconds: 1}}]
catalogs: [{{name: dev, owner: admin@localhost}}, prod]
grants:
  - {{principal: data-engineers, on: catalog dev, privileges: [USE CATALOG, CREATE SCHEMA]}}
  - {{principal: {ROBOT}, on: schema prod.marts, privileges: [use_schema, select, modify]}}
"""


def test_the_readme_example() -> None:
    config = parse_config(yaml.safe_load(EXAMPLE), now=1000.0)
    assert config.metastore_admin == ADMIN.name
    assert config.principals["alice@example.com"] == Principal(
        "alice@example.com", frozenset({"data-engineers", "everyone"})
    )
    assert config.principals[ROBOT] == Principal(ROBOT, frozenset({"everyone"}), True)
    assert config.display_names[ROBOT] == "prod-runner"
    assert config.tokens is not None
    assert config.tokens["dapi-alice"].expires_at == 1000.0 + 3 * 86400
    assert config.tokens["dapi-robot"].expires_at is None
    assert config.warehouses == (Warehouse("10ca1da7aba5e000", "10ca1da7aba5e000", "STOPPED", 1),)
    assert config.catalogs == ("dev", "prod")
    assert config.catalog_owners == {"dev": ADMIN.name}
    assert config.grants == (
        GrantDeclaration("data-engineers", ("catalog", "dev"), ("USE CATALOG", "CREATE SCHEMA")),
        GrantDeclaration(ROBOT, ("schema", "prod.marts"), ("USE SCHEMA", "SELECT", "MODIFY")),
    )
    directory = config.directory()
    assert directory.groups_of(ROBOT) == {"everyone"}
    assert directory.is_admin(directory.principal(ADMIN.name))  # type: ignore[arg-type]


def test_the_metastore_admin_may_be_a_group() -> None:
    config = parse_config(
        {
            "users": ["alice@example.com"],
            "groups": [{"name": "platform", "members": ["alice@example.com"]}],
            "metastore_admin": "platform",
        }
    )
    directory = config.directory()
    alice = directory.principal("alice@example.com")
    assert alice is not None and directory.is_admin(alice)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"metastore_admin": "nobody"}, "`metastore_admin` 'nobody' is not declared"),
        ({"users": ["a@x.com", "a@x.com"]}, "declared twice"),
        ({"service_principals": [{"display_name": "x"}]}, "needs `application_id`"),
        ({"groups": [{"name": "g", "members": ["ghost"]}]}, "member 'ghost'"),
        ({"catalogs": [{"name": "dev", "owner": "ghost"}]}, "`catalogs[0].owner` 'ghost'"),
        (
            {"tokens": [{"token": "t", "principal": ADMIN.name, "lifetime_days": "x"}]},
            "`tokens[0].lifetime_days`",
        ),
        ({"warehouses": [{"id": "w", "state": "PAUSED"}]}, "`warehouses[0].state`"),
        ({"warehouses": [{"id": "w", "startup_seconds": -1}]}, "startup_seconds"),
        ({"grants": [{"principal": "ghost", "on": "catalog dev", "privileges": []}]}, "ghost"),
        (
            {"grants": [{"principal": ADMIN.name, "on": "schema dev", "privileges": []}]},
            "`grants[0].on`",
        ),
        (
            {"grants": [{"principal": ADMIN.name, "on": "catalog dev", "privileges": ["FLY"]}]},
            "Unknown privilege 'FLY'",
        ),
    ],
)
def test_invalid_security_settings_are_named(data: Any, message: str) -> None:
    with pytest.raises(ConfigError, match=message.replace("[", r"\[").replace("]", r"\]")):
        parse_config(data)


def readme_example() -> str:
    """The configuration example of README.md's "Access control" section."""
    readme = (Path(__file__).parents[4] / "README.md").read_text()
    section = readme.split("### Access control", 1)[1]
    return section.split("```yaml\n", 1)[1].split("```", 1)[0]


def test_the_readme_example_starts_a_warehouse_with_its_grants(tmp_path: Path) -> None:
    config = tmp_path / "warehouse.yml"
    config.write_text(readme_example())
    with open_warehouse(tmp_path / "data", config) as warehouse:
        robot = warehouse.directory.principal(ROBOT)
        assert robot is not None
        session = warehouse.engine.open_session(robot, "prod", "marts")
        session.execute("create table prod.marts.t as select 1 as x")
        session.close()


def test_a_grant_on_a_table_that_does_not_exist_stops_the_start(tmp_path: Path) -> None:
    config = tmp_path / "warehouse.yml"
    config.write_text(
        "catalogs: [dev]\n"
        "grants: [{principal: admin@localhost, on: table dev.s.t, privileges: [SELECT]}]\n"
    )
    with pytest.raises(ConfigError, match=r"`grants\[0\]`: the table dev\.s\.t does not exist"):
        open_warehouse(tmp_path / "data", config)
    # Nothing was left holding the data directory.
    open_warehouse(tmp_path / "data").stop()
