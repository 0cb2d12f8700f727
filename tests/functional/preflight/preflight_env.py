"""One local warehouse per module, declaring the people, tokens and warehouses of every scenario."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import databricks.sql
import pytest
import yaml
from dbt.cli.main import dbtRunner

from dbt.adapters.databricks_envs.local.server import LocalWarehouse, start_embedded
from dbt.adapters.databricks_envs.local.server.profile import profile_target

SERVICE_PRINCIPAL = "6f1c7e2a-0d1e-4c43-9a55-6b1f0c9e2b7d"
RUNNING, STOPPED, DELETED = "10ca1da7aba5e000", "5709bed000000001", "de1e7ed000000002"
# Token values are secrets: every test checks none of them shows up in any output.
TOKENS = {
    "admin": "dapi-admin-secret",
    "alice": "dapi-alice-secret",
    "bob": "dapi-bob-secret",
    "carol": "dapi-carol-secret",
    "dave": "dapi-dave-secret",
    "erin": "dapi-erin-secret",
    "frank": "dapi-frank-secret",
    "robot": "dapi-robot-secret",
}
CONFIG = {
    "metastore_admin": "admin@localhost",
    "users": [f"{name}@example.com" for name in TOKENS if name not in ("admin", "robot")],
    "service_principals": [{"application_id": SERVICE_PRINCIPAL, "display_name": "prod-runner"}],
    "groups": [
        {
            "name": "data-engineers",
            "members": ["alice@example.com", "bob@example.com", "carol@example.com"],
        },
        {"name": "prod-writers", "members": ["carol@example.com"]},
    ],
    "tokens": [
        {"token": TOKENS["admin"], "principal": "admin@localhost"},
        {"token": TOKENS["alice"], "principal": "alice@example.com", "lifetime_days": 60},
        {"token": TOKENS["bob"], "principal": "bob@example.com", "lifetime_days": 3},
        {"token": TOKENS["carol"], "principal": "carol@example.com", "lifetime_days": 60},
        {"token": TOKENS["dave"], "principal": "dave@example.com", "lifetime_days": 60},
        {"token": TOKENS["erin"], "principal": "erin@example.com", "lifetime_days": 60},
        {"token": TOKENS["frank"], "principal": "frank@example.com", "lifetime_days": 60},
        {"token": TOKENS["robot"], "principal": SERVICE_PRINCIPAL, "lifetime_days": 60},
    ],
    "warehouses": [
        {"id": RUNNING},
        {"id": STOPPED, "state": "STOPPED", "startup_seconds": 0.2},
        {"id": DELETED, "state": "DELETED"},
    ],
    "catalogs": ["main", "dev", "prod"],
    "grants": [
        {
            "principal": "data-engineers",
            "on": "catalog dev",
            "privileges": ["USE CATALOG", "CREATE SCHEMA"],
        },
        {
            "principal": "prod-writers",
            "on": "catalog prod",
            "privileges": ["USE CATALOG", "CREATE SCHEMA"],
        },
        {
            "principal": SERVICE_PRINCIPAL,
            "on": "catalog prod",
            "privileges": ["USE CATALOG", "CREATE SCHEMA"],
        },
        {
            "principal": "erin@example.com",
            "on": "catalog dev",
            "privileges": ["USE CATALOG", "CREATE SCHEMA"],
        },
    ],
}
# What every scenario's identity may read: the project's one source.
READERS = ["data-engineers", SERVICE_PRINCIPAL, "erin@example.com"]

MODELS = {
    "stg_orders.sql": "select id, amount from {{ source('raw', 'orders') }}",
    "marts/orders.sql": "{{ config(materialized='table') }}\nselect * from {{ ref('stg_orders') }}",
}
SOURCES = """
version: 2
sources:
  - name: raw
    database: main
    schema: raw
    tables: [{name: orders}]
"""


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalWarehouse]:
    root = tmp_path_factory.mktemp("preflight_warehouse")
    config = root / "warehouse.yml"
    config.write_text(yaml.safe_dump(CONFIG))
    running = start_embedded(root / "data", config)
    admin = Sql(running, TOKENS["admin"])
    admin.run("create schema if not exists main.raw")
    admin.run("create or replace table main.raw.orders as select 1 as id, 10 as amount")
    for reader in READERS:
        admin.run(f"grant use catalog on catalog main to `{reader}`")
        admin.run(f"grant use schema on schema main.raw to `{reader}`")
        admin.run(f"grant select on table main.raw.orders to `{reader}`")
    try:
        yield running
    finally:
        running.stop()


@dataclass
class Sql:
    warehouse: LocalWarehouse
    token: str

    def run(self, sql: str) -> list[tuple[Any, ...]]:
        with (
            databricks.sql.connect(
                server_hostname="127.0.0.1",
                http_path=f"/sql/1.0/warehouses/{RUNNING}",
                access_token=self.token,
                _connection_uri=f"{self.warehouse.base_url}/sql/1.0/warehouses/{RUNNING}",
                enable_telemetry=False,
            ) as connection,
            connection.cursor() as cursor,
        ):
            cursor.execute(sql)
            return [tuple(row) for row in cursor.fetchall()] if cursor.description else []


@dataclass
class Outcome:
    success: bool
    output: str
    project: Path

    @property
    def report(self) -> dict[str, Any]:
        loaded: dict[str, Any] = json.loads(
            (self.project / "target" / "preflight.json").read_text()
        )
        return loaded

    @property
    def run_results(self) -> list[dict[str, Any]]:
        """The node results of the last run (none when dbt wrote no run_results.json)."""
        path = self.project / "target" / "run_results.json"
        if not path.exists():
            return []
        results: list[dict[str, Any]] = json.loads(path.read_text())["results"]
        return results

    def status(self, check_id: str, obj: str | None = None) -> str:
        """The status of one check in the log table."""
        for line in self.output.splitlines():
            fields = line.split()
            if len(fields) >= 2 and fields[1] == check_id and (obj is None or obj in fields[2:3]):
                return fields[0]
        raise AssertionError(f"no {check_id} {obj or ''} in:\n{self.output}")

    def assert_no_secret(self) -> None:
        texts = [self.output]
        for folder in ("target", "logs"):
            for path in (self.project / folder).rglob("*"):
                if path.is_file() and path.suffix in (".json", ".sql", ".log"):
                    texts.append(path.read_text(errors="replace"))
        for token in TOKENS.values():
            assert not any(token in text for text in texts), f"{token} leaked"


@dataclass
class Project:
    """A two-model project reading one source; one profile target per scenario."""

    root: Path
    warehouse: LocalWarehouse

    def configure(self, **settings: Any) -> None:
        """Writes dbt_project.yml with these extra top-level settings."""
        project = {"name": "shop", "version": "1.0", "config-version": 2, "profile": "preflight"}
        (self.root / "dbt_project.yml").write_text(yaml.safe_dump({**project, **settings}))

    def run(
        self,
        capsys: pytest.CaptureFixture[str],
        command: list[str],
        *,
        user: str,
        target: str = "dev",
        warehouse_id: str = RUNNING,
        http_path: str | None = None,
        adapter_type: str = "databricks_envs",
    ) -> Outcome:
        catalog = "prod" if target == "prod" else "dev"
        output = profile_target(
            adapter_type=adapter_type,
            base_url=self.warehouse.base_url,
            warehouse_id=warehouse_id,
            token=TOKENS[user],
            catalog=catalog,
            schema="core" if target == "prod" else f"dbt_{user}",
            threads=1,
        )
        # A deleted warehouse runs nothing: the Thrift URL then reaches the running one, so
        # that only preflight's REST call sees the deleted id (from http_path).
        thrift_id = RUNNING if warehouse_id == DELETED else warehouse_id
        output["connection_parameters"]["_connection_uri"] = (
            f"{self.warehouse.base_url}/sql/1.0/warehouses/{thrift_id}"
        )
        if http_path is not None:
            output["http_path"] = http_path
        profiles = {"preflight": {"target": target, "outputs": {target: output}}}
        (self.root / "profiles.yml").write_text(yaml.safe_dump(profiles))
        capsys.readouterr()
        result = dbtRunner().invoke(
            [*command, "--project-dir", str(self.root), "--profiles-dir", str(self.root)]
        )
        outcome = Outcome(bool(result.success), capsys.readouterr().out, self.root)
        outcome.assert_no_secret()
        return outcome


@pytest.fixture
def project(tmp_path: Path, warehouse: LocalWarehouse) -> Project:
    for name, sql in MODELS.items():
        path = tmp_path / "models" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(sql + "\n")
    (tmp_path / "models" / "sources.yml").write_text(SOURCES)
    project = Project(tmp_path, warehouse)
    project.configure()
    return project


@pytest.fixture
def admin(warehouse: LocalWarehouse) -> Sql:
    return Sql(warehouse, TOKENS["admin"])
