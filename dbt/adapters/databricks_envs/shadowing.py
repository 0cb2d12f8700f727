"""Whether a project's own naming macros replace dbt-databricks-envs' routing, for `dbt debug`.

dbt calls the root project's `generate_schema_name` / `generate_database_name` rather than the
adapter's (a very common pattern in public projects), and a package's when the project's
dispatch order puts it first. `dbt debug` parses nothing, so this reads the macro files; the
preflight check `routing.active` asks dbt itself which macro it resolved.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

_DEFINITION = re.compile(
    r"\{%-?\s*macro\s+((?:\w+__)?generate_(?:schema|database)_name)\s*\(", re.IGNORECASE
)
OURS = ("databricks_envs", "dbt_databricks_envs")


def shadowing(config: Any) -> list[str]:
    """``<file> defines <macro>`` for each naming macro dbt would call instead of ours."""
    root, project = _project(config)
    found = []
    for folder in project.get("macro-paths") or ["macros"]:
        for path in sorted((root / folder).rglob("*.sql")):
            for name in _definitions(path):
                if "__" not in name:
                    found.append(f"{path.relative_to(root)} defines {name}")
    packages = root / (project.get("packages-install-path") or "dbt_packages")
    for package in _dispatched_before_ours(project):
        for path in sorted((packages / package).rglob("*.sql")):
            for name in _definitions(path):
                if "__" in name:
                    found.append(f"package {package} ({path.name}) defines {name}")
    return found


def _definitions(path: Path) -> list[str]:
    try:
        return _DEFINITION.findall(path.read_text(errors="replace"))
    except OSError:
        return []


def _project(config: Any) -> tuple[Path, dict[str, Any]]:
    """The project's folder and its dbt_project.yml. `dbt debug` gives the adapter a profile
    only, so the folder may come from the command line (`--project-dir`)."""
    root = getattr(config, "project_root", None)
    if root is None:
        from dbt.flags import get_flags

        root = getattr(get_flags(), "PROJECT_DIR", None) or "."
    path = Path(root) / "dbt_project.yml"
    try:
        loaded = yaml.safe_load(path.read_text()) or {}
    except (OSError, yaml.YAMLError):
        loaded = {}
    return Path(root), loaded if isinstance(loaded, dict) else {}


def _dispatched_before_ours(project: dict[str, Any]) -> list[str]:
    """The packages the `dbt` dispatch order searches before this one."""
    for entry in project.get("dispatch") or []:
        if entry.get("macro_namespace") != "dbt":
            continue
        order = list(entry.get("search_order") or [])
        cut = min((order.index(name) for name in OURS if name in order), default=len(order))
        return [name for name in order[:cut] if name not in ("dbt", project.get("name"))]
    return []


def debug_line(config: Any) -> str:
    """What `dbt debug` says about routing, in one line."""
    found = shadowing(config)
    if not found:
        return "routing: active (dbt-databricks-envs names every node)"
    return (
        "routing: NOT active — "
        + "; ".join(found)
        + ": dbt names nodes with it instead (run `dbt run-operation preflight` for the fix)"
    )
