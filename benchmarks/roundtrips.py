"""Round trips: the statements `dbt build` and then an incremental rebuild (`dbt run`) of the
150-model project of `build.py` (views, tables, incremental merges, plus seeds, snapshots, data
tests and documented columns here) send to a local warehouse, through `type: databricks` and
through `type: databricks_envs`, each on a warehouse and in a schema of its own.

Every statement is a network round trip on a workspace. The counts come from the warehouse's
audit log, by kind — metadata (DESCRIBE, SHOW, information_schema queries, the connector's
catalog calls), DDL, DML, other — per run, per model and per materialization. They are
deterministic: no timing. Target: at most 0.7 metadata statements through `databricks_envs`
for each one through `databricks`, per model, on both runs.

    .venv/bin/python benchmarks/roundtrips.py [--models N] [--threads N] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import re
import tempfile
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import yaml
from build import generate_project
from common import run_dbt, write_profile

from dbt.adapters.databricks_envs.local.audit import METADATA, OTHER
from dbt.adapters.databricks_envs.local.server import start_embedded
from dbt.adapters.databricks_envs.local.server.profile import profile_target

TARGET = 0.7
ADAPTERS = ("databricks", "databricks_envs")
PHASES = (("build", ["build"]), ("rebuild", ["run"]))
KINDS = ("metadata", "ddl", "dml", "other")
SNAPSHOTS = 6
DDL = {"CREATE", "ALTER", "DROP", "REPLACE", "GRANT", "REVOKE", "COMMENT"}
DML = {"INSERT", "MERGE", "UPDATE", "DELETE", "COPY", "TRUNCATE"}
_HEADER = re.compile(r"^\s*/\*\s*(\{.*?\})\s*\*/", re.DOTALL)
_FIRST_WORD = re.compile(r"(?:\s|--[^\n]*\n|/\*.*?\*/)*([A-Za-z]+)", re.DOTALL)


def generate_full_project(root: Path, models: int) -> None:
    """`build.py`'s project, plus snapshots, a second seed, data tests and documented models
    (descriptions persisted as table and column comments)."""
    generate_project(root, models)
    (root / "seeds" / "customers.csv").write_text(
        "customer,segment\n" + "".join(f"customer_{i},s{i % 4}\n" for i in range(50))
    )
    (root / "snapshots").mkdir()
    for i in range(SNAPSHOTS):
        strategy = (
            "strategy='timestamp', updated_at='updated_at'"
            if i % 2 == 0
            else "strategy='check', check_cols=['amount']"
        )
        (root / "snapshots" / f"s_{i}.sql").write_text(
            f"{{% snapshot s_{i} %}}\n{{{{ config(unique_key='id', {strategy}) }}}}\n"
            "select id, amount, customer, cast('2024-01-01' as timestamp) as updated_at"
            f" from {{{{ ref('m_{i:03d}') }}}}\n{{% endsnapshot %}}\n"
        )
    documented = []
    for i in range(0, models, 5):
        columns: list[dict[str, Any]] = [
            {"name": "id", "description": f"id of m_{i:03d}"},
            {"name": "amount", "description": "amount, adjusted"},
        ]
        if i % 10 == 0:
            columns[0]["data_tests"] = ["unique", "not_null"]
        documented.append(
            {"name": f"m_{i:03d}", "description": f"model number {i}", "columns": columns}
        )
    schema = {"version": 2, "models": documented}
    (root / "models" / "schema.yml").write_text(yaml.safe_dump(schema, sort_keys=False))
    project = yaml.safe_load((root / "dbt_project.yml").read_text())
    project["models"] = {"+persist_docs": {"relation": True, "columns": True}}
    (root / "dbt_project.yml").write_text(yaml.safe_dump(project, sort_keys=False))


def kind_of(record: dict[str, Any]) -> str:
    """metadata, ddl, dml or other."""
    kind = record["statement_type"]
    text = record["statement_text"] or ""
    if kind in (METADATA, "DESCRIBE", "SHOW"):
        return "metadata"
    if kind == "SELECT" and "information_schema" in text.lower():
        return "metadata"
    if kind == OTHER:
        word = _FIRST_WORD.match(text)
        kind = word.group(1).upper() if word else OTHER
    if kind in DDL:
        return "ddl"
    if kind in DML:
        return "dml"
    return "other"


def node_of(record: dict[str, Any]) -> str | None:
    """The dbt node a statement was sent for, from the comment dbt opens it with."""
    header = _HEADER.match(record["statement_text"] or "")
    if header is None:
        return None
    try:
        return json.loads(header.group(1)).get("node_id")
    except ValueError:
        return None


def materializations(project: Path) -> dict[str, str]:
    manifest = json.loads((project / "target" / "manifest.json").read_text())
    return {
        uid: node["config"]["materialized"]
        for uid, node in manifest["nodes"].items()
        if node["resource_type"] in ("model", "seed", "snapshot", "test")
    }


def measure(adapter_type: str, root: Path, models: int, threads: int) -> dict[str, dict[str, Any]]:
    """Builds and rebuilds the project through one adapter type on a warehouse of its own;
    returns, per phase, the counts by kind, by materialization and the nodes built."""
    project = root / "project"
    generate_full_project(project, models)
    warehouse = start_embedded(root / "warehouse")
    results: dict[str, dict[str, Any]] = {}
    try:
        target = profile_target(
            adapter_type=adapter_type,
            base_url=warehouse.base_url,
            warehouse_id=warehouse.warehouse_id,
            token=warehouse.token,
            catalog="main",
            schema=f"rt_{adapter_type}",
            threads=threads,
        )
        write_profile(project, "bench", target)
        for phase, command in PHASES:
            before = len(warehouse.audit())
            run_dbt(command, project)
            records = warehouse.audit()[before:]
            kinds_of_nodes = materializations(project)
            by_kind: Counter[str] = Counter()
            by_materialization: dict[str, Counter[str]] = defaultdict(Counter)
            for record in records:
                kind = kind_of(record)
                by_kind[kind] += 1
                node = node_of(record)
                materialized = kinds_of_nodes.get(node, "(run)") if node else "(run)"
                by_materialization[materialized][kind] += 1
            built = Counter(kinds_of_nodes.get(n) for n in _built_nodes(project))
            results[phase] = {"kinds": by_kind, "by": by_materialization, "nodes": built}
    finally:
        warehouse.stop()
    return results


def _built_nodes(project: Path) -> list[str]:
    run_results = json.loads((project / "target" / "run_results.json").read_text())
    return [result["unique_id"] for result in run_results["results"]]


def report(results: dict[str, dict[str, dict[str, Any]]], models: int) -> list[float]:
    ratios = []
    for phase, _ in PHASES:
        print(f"\n{phase}: statements by kind (per model = whole run / {models} models)")
        header = "".join(f"{k:>10}" for k in (*KINDS, "total"))
        print(f"  {'adapter':<16}{header}  meta/model")
        per_model = {}
        for adapter_type in ADAPTERS:
            kinds = results[adapter_type][phase]["kinds"]
            per_model[adapter_type] = kinds["metadata"] / models
            row = "".join(f"{kinds[k]:>10}" for k in KINDS) + f"{sum(kinds.values()):>10}"
            print(f"  {adapter_type:<16}{row}  {per_model[adapter_type]:10.3f}")
        print(
            "  per node, by materialization: metadata / ddl / dml / other "
            "((run): not sent for a node — SHOW SCHEMAS, the schema listing, seed rows)"
        )
        print(f"    {'':<18}" + "".join(f"{a:<29}" for a in ADAPTERS))
        names = sorted({m for a in ADAPTERS for m in results[a][phase]["by"]})
        for materialized in names:
            cells = []
            for adapter_type in ADAPTERS:
                phase_results = results[adapter_type][phase]
                counts = phase_results["by"].get(materialized, Counter())
                nodes = phase_results["nodes"].get(materialized, 0) or 1
                if materialized == "(run)":
                    nodes = 1
                cells.append(" / ".join(f"{counts[k] / nodes:5.2f}" for k in KINDS))
            built = results[ADAPTERS[0]][phase]["nodes"].get(materialized, "-")
            print(f"    {materialized:<12} {built!s:>3}  " + "  ".join(f"{c:<27}" for c in cells))
        ratios.append(per_model["databricks_envs"] / per_model["databricks"])
    return ratios


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", type=int, default=150)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--keep", type=Path, help="keep projects and warehouses here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        base = args.keep or Path(tmp)
        results = {
            adapter_type: measure(adapter_type, base / adapter_type, args.models, args.threads)
            for adapter_type in ADAPTERS
        }
    ratios = report(results, args.models)
    verdicts = ["meets" if r <= TARGET else "MISSES" for r in ratios]
    print(f"\ntarget: at most {TARGET} on both runs: build {verdicts[0]}, rebuild {verdicts[1]}")
    print(
        "metadata statements per model: databricks_envs / databricks = "
        f"{ratios[0]:.3f} (build), {ratios[1]:.3f} (rebuild)"
    )


if __name__ == "__main__":
    main()
