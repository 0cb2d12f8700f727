"""A dbt project on a local warehouse, run as the metastore admin (who may write anywhere), with a
`dev` and a `prod` target: whatever stops a dev write to `prod` there is the write guard. The
warehouse's audit log says what it actually received."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import databricks.sql
import yaml
from dbt.cli.main import dbtRunner

from dbt.adapters.databricks_envs.local.server import LocalWarehouse
from dbt.adapters.databricks_envs.local.server.profile import profile_target

PROJECT = "guarded"


def macro(name: str, *body: str) -> str:
    return f"{{% macro {name}() %}}\n" + "\n".join(body) + "\n{% endmacro %}\n"


@dataclass
class GuardProject:
    root: Path
    warehouse: LocalWarehouse
    profile_extra: dict[str, Any] = field(default_factory=dict)
    # How many audit records there were when the test started.
    mark: int = 0

    @classmethod
    def create(cls, root: Path, warehouse: LocalWarehouse) -> GuardProject:
        project = cls(root, warehouse)
        for folder in ("models", "macros"):
            (root / folder).mkdir()
        (root / "dbt_project.yml").write_text(
            yaml.safe_dump(
                {"name": PROJECT, "version": "1.0", "config-version": 2, "profile": PROJECT}
            )
        )
        project.query("create schema if not exists prod.guarded")
        project.query("create or replace table prod.guarded.audit (id int)")
        project.query("insert into prod.guarded.audit values (1)")
        project.write_profiles()
        project.mark = len(warehouse.audit())
        return project

    def write_profiles(self, **extra: Any) -> None:
        outputs = {}
        for target in ("dev", "prod"):
            output = profile_target(
                adapter_type="databricks_envs",
                base_url=self.warehouse.base_url,
                warehouse_id=self.warehouse.warehouse_id,
                token=self.warehouse.token,
                catalog=target,
                schema=f"guard_{self.root.name}",
                threads=1,
            )
            outputs[target] = {**output, **extra}
        profiles = {PROJECT: {"target": "dev", "outputs": outputs}}
        (self.root / "profiles.yml").write_text(yaml.safe_dump(profiles))

    def model(self, name: str, sql: str, **config: str) -> None:
        settings = ", ".join(f"{key}={json.dumps(value)}" for key, value in config.items())
        (self.root / "models" / f"{name}.sql").write_text(f"{{{{ config({settings}) }}}}\n{sql}\n")

    def python_model(self, name: str, code: str) -> None:
        (self.root / "models" / f"{name}.py").write_text(code)

    def macro(self, name: str, *body: str) -> None:
        (self.root / "macros" / f"{name}.sql").write_text(macro(name, *body))

    def dbt(self, *args: str, target: str = "dev") -> tuple[bool, str]:
        """Runs dbt in this process; returns success and everything it logged."""
        messages: list[str] = []
        runner = dbtRunner(callbacks=[lambda event: messages.append(str(event.info.msg))])
        result = runner.invoke(
            [*args, "--target", target, "--project-dir", str(self.root), "--profiles-dir",
             str(self.root)]
        )  # fmt: skip
        return bool(result.success), "\n".join(messages)

    def dbt_log(self) -> str:
        path = self.root / "logs" / "dbt.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def query(self, sql: str) -> list[tuple[Any, ...]]:
        with (
            databricks.sql.connect(
                server_hostname="127.0.0.1",
                http_path=self.warehouse.http_path,
                access_token=self.warehouse.token,
                _connection_uri=self.warehouse.connection_uri,
                enable_telemetry=False,
            ) as connection,
            connection.cursor() as cursor,
        ):
            cursor.execute(sql)
            return [tuple(row) for row in cursor.fetchall()] if cursor.description else []

    def audit_rows(self) -> list[tuple[Any, ...]]:
        return self.query("select id from prod.guarded.audit order by id")

    def sent(self) -> list[dict[str, Any]]:
        """What the warehouse received since the test began (the test's own checks included)."""
        return self.warehouse.audit()[self.mark :]

    def assert_never_sent(self, fragment: str) -> None:
        """No statement holding ``fragment`` reached the warehouse, whatever became of it."""
        texts = [str(record["statement_text"]).lower() for record in self.sent()]
        reached = [text for text in texts if fragment.lower() in text]
        assert reached == [], f"the warehouse received: {reached}"
