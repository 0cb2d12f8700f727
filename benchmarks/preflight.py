"""`dbt run-operation preflight` on a generated project over 40 schemas in 3 catalogs, on the
local warehouse, run by a service principal in prod: wall time of the whole command and of the
preflight work itself (the report's own timing, without dbt's start-up and parse), and the
number of warehouse statements and REST calls, at 200 and at 2,000 models. The counts must not
grow with the number of models. Target: under 1 s of preflight work at 2,000 models.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import databricks.sql
import yaml
from common import fmt, run_dbt, write_profile

from dbt.adapters.databricks_envs.local.server import LocalWarehouse, start_embedded
from dbt.adapters.databricks_envs.local.server.profile import profile_target

TARGET_SECONDS = 1.0
CATALOGS = ("sales", "finance", "marketing")
SCHEMAS = 40
SOURCES = 5
RUNNER = "6f1c7e2a-0d1e-4c43-9a55-6b1f0c9e2b7d"
TOKEN = "dapi-bench-runner"


@dataclass
class Measure:
    models: int
    walls: list[float] = field(default_factory=list)
    works: list[float] = field(default_factory=list)
    server_statements: list[int] = field(default_factory=list)
    report: dict[str, Any] = field(default_factory=dict)

    @property
    def counts(self) -> tuple[int, int]:
        cost = self.report["cost"]
        return int(cost["statements"]), int(cost["rest_calls"])


def write_config(path: Path) -> None:
    """A service principal holding ALL PRIVILEGES on the catalogs the project uses."""
    config = {
        "metastore_admin": "admin@localhost",
        "service_principals": [{"application_id": RUNNER, "display_name": "bench-runner"}],
        "tokens": [{"token": TOKEN, "principal": RUNNER, "lifetime_days": 90}],
        "catalogs": ["main", "prod", *CATALOGS],
        "grants": [
            {"principal": RUNNER, "on": f"catalog {catalog}", "privileges": ["ALL PRIVILEGES"]}
            for catalog in ("main", *CATALOGS)
        ],
    }
    path.write_text(yaml.safe_dump(config))


def create_sources(warehouse: LocalWarehouse) -> None:
    with (
        databricks.sql.connect(
            server_hostname="127.0.0.1",
            http_path=warehouse.http_path,
            access_token=TOKEN,
            _connection_uri=warehouse.connection_uri,
            enable_telemetry=False,
        ) as connection,
        connection.cursor() as cursor,
    ):
        cursor.execute("create schema if not exists main.raw")
        for i in range(SOURCES):
            cursor.execute(f"create or replace table main.raw.events_{i} as select 1 as id")


def generate_project(root: Path, models: int) -> None:
    """Models spread over SCHEMAS schemas in the catalogs; each reads a source or a model."""
    (root / "models").mkdir(parents=True)
    tables = [{"name": f"events_{i}"} for i in range(SOURCES)]
    sources = {"name": "raw", "database": "main", "schema": "raw", "tables": tables}
    (root / "models" / "sources.yml").write_text(
        yaml.safe_dump({"version": 2, "sources": [sources]})
    )
    for i in range(models):
        schema = i % SCHEMAS
        catalog = CATALOGS[schema % len(CATALOGS)]
        upstream = (
            f"source('raw', 'events_{i % SOURCES}')" if i < SCHEMAS else f"ref('m_{i - SCHEMAS}')"
        )
        (root / "models" / f"m_{i}.sql").write_text(
            f"{{{{ config(database='{catalog}', schema='s_{schema:02d}') }}}}\n"
            f"select * from {{{{ {upstream} }}}}\n"
        )
    project = {"name": "bench_preflight", "version": "1.0", "profile": "bench"}
    (root / "dbt_project.yml").write_text(yaml.safe_dump(project))


def measure(tmp: Path, models: int, runs: int) -> Measure:
    root = tmp / f"project_{models}"
    generate_project(root, models)
    config = tmp / f"warehouse_{models}.yml"
    write_config(config)
    warehouse = start_embedded(tmp / f"warehouse_{models}", config)
    result = Measure(models)
    try:
        create_sources(warehouse)
        target = profile_target(
            adapter_type="databricks_envs",
            base_url=warehouse.base_url,
            warehouse_id=warehouse.warehouse_id,
            token=TOKEN,
            catalog="sales",
            schema="core",
        )
        write_profile(root, "bench", target, name="prod")
        timed: list[float] = []
        warehouse.handler.on_statement = timed.append  # the server's statistics hook
        for _ in range(runs):
            before = len(timed)
            result.walls.append(run_dbt(["run-operation", "preflight"], root))
            result.server_statements.append(len(timed) - before)
            result.report = json.loads((root / "target" / "preflight.json").read_text())
            result.works.append(float(result.report["cost"]["seconds"]))
    finally:
        warehouse.stop()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--models", type=int, nargs="+", default=[200, 2000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        results = [measure(Path(tmp), models, args.runs) for models in args.models]
    for result in results:
        statements, rest_calls = result.counts
        print(
            f"preflight, {result.models} models over {SCHEMAS} schemas in {len(CATALOGS)} "
            f"catalogs: {result.report['summary']}\n"
            f"  dbt run-operation wall  median {statistics.median(result.walls):6.2f} s  "
            f"runs {fmt(result.walls)}\n"
            f"  preflight work          median {statistics.median(result.works):6.2f} s  "
            f"runs {fmt(result.works)}\n"
            f"  warehouse statements {statements} (the server counted "
            f"{' '.join(map(str, result.server_statements))}), REST calls {rest_calls}"
        )
    largest = results[-1]
    work = statistics.median(largest.works)
    verdict = "meets" if work < TARGET_SECONDS else "MISSES"
    constant = "constant" if len({r.counts for r in results}) == 1 else "NOT constant"
    print(
        f"preflight work at {largest.models} models: {work:.2f} s ({verdict} the target of "
        f"under {TARGET_SECONDS} s); statements and REST calls {constant} across project sizes"
    )


if __name__ == "__main__":
    main()
