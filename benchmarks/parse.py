"""Full `dbt parse` of a generated 1,500-model project: `type: databricks_envs` against plain
`type: databricks`, alternating runs, median ratio. Target: at most 1.02.

Two projects: the models alone, and the same models with a `macros/` folder of their own (as
most real projects have). They differ for dbt: a root project without macros has no macro
namespace, and dbt's dispatch raises and catches an exception for it per adapter prefix per
call, which `type: databricks_envs` skips; with macros of its own neither adapter pays that.

No warehouse is involved: both profiles point at a fake host, as `dbt parse` never connects.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import yaml
from common import ratio_report, run_dbt, run_dbt_timed, write_profile

TARGET = 1.02


OWN_MACROS = "\n".join(
    f"{{% macro cents_to_units_{i}(column, scale=2) -%}}\n"
    f"  round({{{{ column }}}} / 100, {{{{ scale }}}})\n"
    "{%- endmacro %}\n"
    for i in range(20)
)


def generate_project(root: Path, models: int, own_macros: bool = False) -> None:
    """Models in 30 folders; folders set +schema, a third of them +database, some models both.
    ``own_macros``: with a ``macros/`` folder of 20 small macros."""
    (root / "models").mkdir(parents=True)
    if own_macros:
        (root / "macros").mkdir()
        (root / "macros" / "units.sql").write_text(OWN_MACROS)
    folders: dict[str, dict[str, str]] = {}
    for i in range(models):
        folder = f"area_{i % 30:02d}"
        path = root / "models" / folder
        path.mkdir(exist_ok=True)
        config = ""
        if i % 7 == 0:
            config = f"{{{{ config(schema='special_{i % 5}', database='catalog_{i % 3}') }}}}\n"
        upstream = f"select * from {{{{ ref('m_{i - 1:04d}') }}}}" if i % 10 else "select 1 as id"
        (path / f"m_{i:04d}.sql").write_text(config + upstream + "\n")
        folder_config = {"+schema": f"schema_{folder}"}
        if i % 30 % 3 == 0:
            folder_config["+database"] = f"catalog_{i % 30 % 4}"
        folders[folder] = folder_config
    project = {
        "name": "bench",
        "version": "1.0",
        "profile": "bench",
        "models": {"bench": folders},
        "vars": {"databricks_envs": {"prod": {"catalogs": {"catalog_1": "prod_catalog_1"}}}},
    }
    (root / "dbt_project.yml").write_text(yaml.safe_dump(project, sort_keys=False))


def target(adapter_type: str) -> dict[str, object]:
    return {
        "type": adapter_type,
        "host": "dbc-bench.cloud.databricks.com",
        "http_path": "/sql/1.0/warehouses/bench",
        "token": "bench-not-a-token",
        "catalog": "prod",
        "schema": "core",
    }


def measure(tmp: Path, models: int, runs: int, own_macros: bool) -> list[str]:
    projects = {}
    for adapter_type in ("databricks", "databricks_envs"):
        root = tmp / f"{adapter_type}{'_macros' if own_macros else ''}"
        generate_project(root, models, own_macros)
        write_profile(root, "bench", target(adapter_type), name="prod")
        projects[adapter_type] = root
        run_dbt(["parse", "--no-partial-parse"], root)  # warm caches, check it parses
    times: dict[str, list[float]] = {"databricks": [], "databricks_envs": []}
    cpu: dict[str, list[float]] = {"databricks": [], "databricks_envs": []}
    for run in range(runs):
        order = ("databricks", "databricks_envs")
        for adapter_type in order if run % 2 == 0 else tuple(reversed(order)):
            elapsed, used = run_dbt_timed(["parse", "--no-partial-parse"], projects[adapter_type])
            times[adapter_type].append(elapsed)
            cpu[adapter_type].append(used)
    project = "with 20 macros of its own" if own_macros else "with no macros of its own"
    return [
        ratio_report(
            f"dbt parse, {models} models, {project} (type: databricks_envs / type: databricks)",
            times["databricks"],
            times["databricks_envs"],
            TARGET,
        ),
        ratio_report(
            "the same, CPU time of the dbt process (steadier on a busy machine)",
            cpu["databricks"],
            cpu["databricks_envs"],
            TARGET,
        ),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--models", type=int, default=1500)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for own_macros in (False, True):
            for report in measure(Path(tmp), args.models, args.runs, own_macros):
                print(report, flush=True)


if __name__ == "__main__":
    main()
