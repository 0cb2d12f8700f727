"""`dbt build` of a generated 150-model project (views, tables, incremental merges) on the local
warehouse through plain dbt-databricks, against the same project on dbt-duckdb — what people use
for local dbt work today — in one run: first build and incremental rebuild, alternating, median
ratios; plus the server-side time per statement (p50/p95). Targets: build ratio at most 2.5,
server-side p50 at most 2 ms.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
from pathlib import Path

import yaml
from common import ratio_report, run_dbt, write_profile

from dbt.adapters.databricks_envs.local.server import start_embedded
from dbt.adapters.databricks_envs.local.server.profile import profile_target

BUILD_TARGET = 2.5
P50_TARGET_MS = 2.0
THREADS = 4


def generate_project(root: Path, models: int) -> None:
    (root / "models").mkdir(parents=True)
    (root / "seeds").mkdir()
    rows = "\n".join(f"{i},{i % 17},customer_{i % 50}" for i in range(1, 1001))
    (root / "seeds" / "events.csv").write_text("id,amount,customer\n" + rows + "\n")
    kinds = ("view", "table", "incremental")
    for i in range(models):
        kind = kinds[i % 3]
        upstream = "ref('events')" if i < 3 else f"ref('m_{i - 3:03d}')"
        config = f"{{{{ config(materialized='{kind}'"
        if kind == "incremental":
            config += ", unique_key='id'"
        config += ") }}\n"
        body = f"select id, amount + {i % 7} as amount, customer from {{{{ {upstream} }}}}"
        if kind == "incremental":
            body += (
                "\n{% if is_incremental() %}"
                " where id > (select max(id) - 100 from {{ this }}) {% endif %}"
            )
        (root / "models" / f"m_{i:03d}.sql").write_text(config + body + "\n")
    project = {"name": "bench_build", "version": "1.0", "profile": "bench"}
    (root / "dbt_project.yml").write_text(yaml.safe_dump(project))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--models", type=int, default=150)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp) / "template"
        generate_project(base, args.models)
        projects = {name: Path(tmp) / name for name in ("local", "duckdb")}
        for project in projects.values():
            shutil.copytree(base, project)
        times: dict[str, dict[str, list[float]]] = {
            name: {"build": [], "rebuild": []} for name in projects
        }
        server_seconds: list[float] = []
        for run in range(args.runs):
            order = ("local", "duckdb") if run % 2 == 0 else ("duckdb", "local")
            for name in order:
                project = projects[name]
                shutil.rmtree(project / "target", ignore_errors=True)
                if name == "duckdb":
                    database = Path(tmp) / f"duck_{run}.duckdb"
                    write_profile(
                        project,
                        "bench",
                        {"type": "duckdb", "path": str(database), "threads": THREADS},
                    )
                    times[name]["build"].append(run_dbt(["build"], project))
                    times[name]["rebuild"].append(run_dbt(["run"], project))
                    continue
                warehouse = start_embedded(Path(tmp) / f"warehouse_{run}")
                warehouse.handler.on_statement = server_seconds.append  # statistics hook
                try:
                    target = profile_target(
                        adapter_type="databricks",
                        base_url=warehouse.base_url,
                        warehouse_id=warehouse.warehouse_id,
                        token=warehouse.token,
                        catalog="main",
                        schema="bench",
                        threads=THREADS,
                    )
                    write_profile(project, "bench", target)
                    times[name]["build"].append(run_dbt(["build"], project))
                    times[name]["rebuild"].append(run_dbt(["run"], project))
                finally:
                    warehouse.stop()
        for phase, title in (("build", "first build"), ("rebuild", "incremental rebuild")):
            print(
                ratio_report(
                    f"dbt {title}, {args.models} models "
                    "(local warehouse via dbt-databricks / dbt-duckdb)",
                    times["duckdb"][phase],
                    times["local"][phase],
                    BUILD_TARGET,
                )
            )
        ordered = sorted(server_seconds)
        p50 = statistics.median(ordered) * 1000
        p95 = ordered[int(len(ordered) * 0.95)] * 1000
        verdict = "meets" if p50 <= P50_TARGET_MS else "MISSES"
        print(
            f"server-side time per statement over {len(ordered)} statements: "
            f"p50 {p50:.2f} ms, p95 {p95:.2f} ms ({verdict} the p50 target of {P50_TARGET_MS} ms)"
        )


if __name__ == "__main__":
    main()
