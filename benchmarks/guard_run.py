"""`dbt run` of a generated 200-model project (views, tables, incremental merges) on the local
warehouse, `type: databricks_envs` with `write_guard: enforce` against `write_guard: off`,
alternating runs, median ratio. Target: at most 1.03.

    .venv/bin/python benchmarks/guard_run.py [--models N] [--runs N]
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from build import THREADS, generate_project
from common import ratio_report, run_dbt, run_dbt_timed, write_profile

from dbt.adapters.databricks_envs.local.server import start_embedded
from dbt.adapters.databricks_envs.local.server.profile import profile_target

TARGET = 1.03
MODES = ("off", "enforce")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", type=int, default=200)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "project"
        generate_project(project, args.models)
        warehouse = start_embedded(Path(tmp) / "warehouse")
        try:
            targets = {}
            for mode in MODES:
                target = profile_target(
                    adapter_type="databricks_envs",
                    base_url=warehouse.base_url,
                    warehouse_id=warehouse.warehouse_id,
                    token=warehouse.token,
                    catalog="dev",
                    schema="bench",
                    threads=THREADS,
                )
                targets[mode] = {**target, "write_guard": mode}
            # Seeds and first builds out of the way: every timed run is the same rebuild.
            write_profile(project, "bench", targets["enforce"])
            run_dbt(["build"], project)
            times: dict[str, list[float]] = {mode: [] for mode in MODES}
            cpu: dict[str, list[float]] = {mode: [] for mode in MODES}
            for run in range(args.runs):
                for mode in MODES if run % 2 == 0 else tuple(reversed(MODES)):
                    write_profile(project, "bench", targets[mode])
                    elapsed, used = run_dbt_timed(["run"], project)
                    times[mode].append(elapsed)
                    cpu[mode].append(used)
        finally:
            warehouse.stop()
    print(
        ratio_report(
            f"dbt run, {args.models} models (write_guard: enforce / write_guard: off)",
            times["off"],
            times["enforce"],
            TARGET,
        )
    )
    print(
        ratio_report(
            "the same, CPU time of the dbt process (where the guard runs)",
            cpu["off"],
            cpu["enforce"],
            TARGET,
        )
    )


if __name__ == "__main__":
    main()
