"""A dbt project on disk, run with dbt's own runner against a local warehouse as users run it:
plain dbt-databricks (``type: databricks``) over the SQL warehouse protocol."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from dbt.cli.main import dbtRunner, dbtRunnerResult

from dbt.adapters.databricks_envs.local.server import LocalWarehouse
from dbt.adapters.databricks_envs.local.server.profile import profile_target


class DbtProject:
    """``files`` maps paths under the project (``models/m.sql``) to their text; ``targets``
    maps a target name to (catalog, schema, token)."""

    def __init__(
        self,
        root: Path,
        warehouse: LocalWarehouse,
        targets: dict[str, tuple[str, str, str]],
        config: dict[str, Any] | None = None,
    ) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        project = {"name": root.name, "version": "1.0", "config-version": 2, "profile": "local"}
        (root / "dbt_project.yml").write_text(yaml.safe_dump({**project, **(config or {})}))
        outputs = {
            name: profile_target(
                adapter_type="databricks",
                base_url=warehouse.base_url,
                warehouse_id=warehouse.warehouse_id,
                token=token,
                catalog=catalog,
                schema=schema,
                threads=1,
            )
            for name, (catalog, schema, token) in targets.items()
        }
        first = next(iter(targets))
        profiles = {"local": {"target": first, "outputs": outputs}}
        (root / "profiles.yml").write_text(yaml.safe_dump(profiles))

    def write(self, files: dict[str, str]) -> None:
        for path, text in files.items():
            target = self.root / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text)

    def dbt(self, *args: str) -> dbtRunnerResult:
        """Runs ``dbt <args>`` in the project; fails the test if dbt fails."""
        result = self.try_dbt(*args)
        assert result.success, (result.exception, _messages(result))
        return result

    def try_dbt(self, *args: str) -> dbtRunnerResult:
        return dbtRunner().invoke(
            [*args, "--project-dir", str(self.root), "--profiles-dir", str(self.root)]
        )


def _messages(result: dbtRunnerResult) -> list[str]:
    return [str(node.message) for node in getattr(result.result, "results", None) or []]
