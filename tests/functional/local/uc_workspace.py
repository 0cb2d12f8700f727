"""A local workspace set up as a test sets up a real one: principals, groups and tokens through
the REST API (databricks-sdk), grants through SQL (the connector), then dbt run as someone."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import databricks.sql
import yaml
from databricks.sdk import WorkspaceClient
from databricks.sdk.service.iam import ComplexValue
from dbt.cli.main import dbtRunner

from dbt.adapters.databricks_envs.local.server import LocalWarehouse, open_warehouse
from dbt.adapters.databricks_envs.local.server.profile import profile_target


@dataclass(frozen=True)
class DbtOutcome:
    success: bool
    # node name -> (status, message)
    nodes: dict[str, tuple[str, str]]
    # An error that stopped the run before (or outside) any node.
    error: str


class Workspace:
    def __init__(self, warehouse: LocalWarehouse, admin_token: str, root: Path) -> None:
        self.warehouse = warehouse
        self.admin_token = admin_token
        self.admin = WorkspaceClient(host=warehouse.base_url, token=admin_token)
        self.root = root

    # Set-up, through the REST API.

    def user(self, email: str) -> str:
        """Creates a user and returns a token of theirs (an on-behalf-of token: a local
        convenience; on a real workspace the user makes their own)."""
        self.admin.users.create(user_name=email)
        return self.token_for(email)

    def service_principal(self, display_name: str) -> tuple[str, str]:
        """Creates a service principal: (its application id, a token of its own)."""
        created = self.admin.service_principals.create(display_name=display_name)
        assert created.application_id is not None
        return created.application_id, self.token_for(created.application_id)

    def token_for(self, application_id: str, lifetime_seconds: int = 3600) -> str:
        made = self.admin.token_management.create_obo_token(
            application_id=application_id, lifetime_seconds=lifetime_seconds
        )
        assert made.token_value is not None
        return made.token_value

    def group(self, name: str, *members: str) -> None:
        ids = {u.user_name: u.id for u in self.admin.users.list()}
        ids.update({s.application_id: s.id for s in self.admin.service_principals.list()})
        self.admin.groups.create(
            display_name=name, members=[ComplexValue(value=ids[m]) for m in members]
        )

    # SQL, through the connector.

    def connect(self, token: str, warehouse_id: str | None = None) -> Any:
        path = f"/sql/1.0/warehouses/{warehouse_id or self.warehouse.warehouse_id}"
        return databricks.sql.connect(
            server_hostname="127.0.0.1",
            http_path=path,
            access_token=token,
            _connection_uri=self.warehouse.base_url + path,
            enable_telemetry=False,
            _retry_stop_after_attempts_count=1,
        )

    def sql(self, token: str, *statements: str) -> list[tuple[Any, ...]]:
        """Runs the statements in one session; the rows of the last."""
        rows: list[tuple[Any, ...]] = []
        with self.connect(token) as connection, connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
                rows = [tuple(r) for r in cursor.fetchall()] if cursor.description else []
        return rows

    def as_admin(self, *statements: str) -> list[tuple[Any, ...]]:
        return self.sql(self.admin_token, *statements)

    # dbt.

    def dbt_run(
        self,
        name: str,
        token: str,
        models: dict[str, str],
        catalog: str = "dev",
        schema: str = "default",
        warehouse_id: str | None = None,
    ) -> DbtOutcome:
        project = self.root / name
        (project / "models").mkdir(parents=True)
        (project / "dbt_project.yml").write_text(
            f"name: {name}\nversion: '1.0'\nconfig-version: 2\nprofile: uc\n"
        )
        for model, sql in models.items():
            (project / "models" / f"{model}.sql").write_text(sql)
        target = profile_target(
            # This adapter skips dbt-databricks' https-only discovery probe for a local host.
            adapter_type="databricks_envs",
            base_url=self.warehouse.base_url,
            warehouse_id=warehouse_id or self.warehouse.warehouse_id,
            token=token,
            catalog=catalog,
            schema=schema,
            threads=1,
        )
        (project / "profiles.yml").write_text(
            yaml.safe_dump({"uc": {"target": "local", "outputs": {"local": target}}})
        )
        result = dbtRunner().invoke(
            ["run", "--project-dir", str(project), "--profiles-dir", str(project)]
        )
        nodes = {}
        for node in getattr(result.result, "results", None) or []:
            nodes[node.node.name] = (str(node.status), node.message or "")
        return DbtOutcome(bool(result.success), nodes, str(result.exception or ""))


@contextmanager
def started(root: Path, config: str, admin_token: str) -> Iterator[Workspace]:
    """A warehouse configured by ``config`` (YAML) in ``root``, running while in the block."""
    (root / "warehouse.yml").write_text(config)
    with open_warehouse(root / "data", root / "warehouse.yml").start() as warehouse:
        yield Workspace(warehouse, admin_token, root)
