"""The files preflight leaves in the target directory, for people and for CI."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

REPORT_FILE = "preflight.json"
GRANTS_FILE = "preflight_grants.sql"


def grants_sql(report: Mapping[str, Any]) -> str:
    """Exactly the GRANT statements that close every privilege gap, runnable as is."""
    identity = report["identity"]
    header = [
        "-- dbt-databricks-envs preflight: the grants this run needs.",
        f"-- Identity: {identity['name']} ({identity['kind']}); environment "
        f"{report['environment']}, target {report['target']}.",
        "-- Run as a metastore admin or the owner of each object."
        if report["grants"]
        else "-- No privilege gap: nothing to grant.",
    ]
    return "\n".join([*header, *report["grants"]]) + "\n"


def write(target_dir: str | Path, report: Mapping[str, Any]) -> dict[str, str]:
    """Writes ``preflight.json`` and ``preflight_grants.sql``; returns their paths."""
    directory = Path(target_dir)
    directory.mkdir(parents=True, exist_ok=True)
    report_path = directory / REPORT_FILE
    grants_path = directory / GRANTS_FILE
    report_path.write_text(json.dumps(report, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    grants_path.write_text(grants_sql(report), encoding="utf-8")
    return {"report": str(report_path), "grants": str(grants_path)}


def append_step_summary(markdown: str) -> str | None:
    """Appends ``markdown`` to the GitHub Actions job summary ($GITHUB_STEP_SUMMARY) when the
    run is in a GitHub Actions job; returns its path, or None."""
    path = os.environ.get("GITHUB_STEP_SUMMARY")
    if not path or not markdown:
        return None
    with open(path, "a", encoding="utf-8") as summary:
        summary.write(markdown.rstrip("\n") + "\n\n")
    return path


def state_relations(state: str | Path) -> dict[str, dict[str, str]]:
    """The relations of the models, seeds and snapshots in ``<state>/manifest.json``."""
    path = Path(state) / "manifest.json"
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    found = {}
    for uid, node in (manifest.get("nodes") or {}).items():
        if node.get("resource_type") in ("model", "seed", "snapshot"):
            found[uid] = {
                "database": str(node.get("database") or ""),
                "schema": str(node.get("schema") or ""),
                "alias": str(node.get("alias") or node.get("name") or ""),
            }
    return found
