"""Helpers of the offline dbt tests: `dbt ls` / `dbt parse` against a fake host."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import yaml
from dbt.cli.main import dbtRunner

REPO = Path(__file__).resolve().parents[2]
FIXTURE = Path(__file__).parent / "routing_project"
FAKE_TARGET = {
    "host": "dbc-fake.cloud.databricks.com",
    "http_path": "/sql/1.0/warehouses/fake",
    "token": "dapi-fake-not-a-token",
    "threads": 1,
}
TARGETS = {
    "dev": {"catalog": "dev", "schema": "dbt_john"},
    "ci": {"catalog": "dev", "schema": "dbt_john"},
    "staging": {"catalog": "staging", "schema": "core"},
    "prod": {"catalog": "prod", "schema": "core"},
}
INSTALL_PATHS = ("adapter", "package")


class DbtFailed(AssertionError):
    pass


def write_profiles(project: Path, adapter_type: str, extra: dict[str, Any] | None = None) -> None:
    outputs = {
        name: {"type": adapter_type, **FAKE_TARGET, **fields, **(extra or {})}
        for name, fields in TARGETS.items()
    }
    profiles = {"routing_fixture": {"target": "dev", "outputs": outputs}}
    (project / "profiles.yml").write_text(yaml.safe_dump(profiles))


def make_project(root: Path, install_path: str) -> Path:
    """The fixture project, set up for `type: databricks_envs` or for the package."""
    project = root / install_path
    shutil.copytree(FIXTURE, project)
    if install_path == "adapter":
        write_profiles(project, "databricks_envs")
        return project
    write_profiles(project, "databricks")
    config = yaml.safe_load((project / "dbt_project.yml").read_text())
    config["dispatch"] = [
        {"macro_namespace": "dbt", "search_order": ["routing_fixture", "databricks_envs", "dbt"]}
    ]
    (project / "dbt_project.yml").write_text(yaml.safe_dump(config, sort_keys=False))
    (project / "packages.yml").write_text(yaml.safe_dump({"packages": [{"local": str(REPO)}]}))
    invoke(project, ["deps"])
    return project


def invoke(project: Path, args: list[str]) -> Any:
    result = dbtRunner().invoke(
        [*args, "--project-dir", str(project), "--profiles-dir", str(project)]
    )
    if not result.success:
        raise DbtFailed(f"dbt {' '.join(args)} failed: {result.exception}")
    return result.result


def placements(project: Path, target: str, *extra: str) -> dict[str, str]:
    """unique_id -> catalog.schema of every node, as `dbt ls --output json` reports it."""
    lines = invoke(
        project,
        [
            "ls",
            "--target",
            target,
            "--no-partial-parse",
            "--output",
            "json",
            "--output-keys",
            "unique_id",
            "database",
            "schema",
            *extra,
        ],
    )
    rows = [json.loads(line) for line in lines]
    return {row["unique_id"]: f"{row['database']}.{row['schema']}" for row in rows}
