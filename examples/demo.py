"""`make demo`: the example project built as dev and as prod on a local warehouse.

1. starts a local Databricks SQL warehouse (data under examples/.demo/, fresh each time);
2. writes a profiles.yml with a `dev` and a `prod` target of `type: databricks_envs`;
3. builds the example project as dev, then as prod, with `dbt build`;
4. shows, from the warehouse's own information_schema, where every node landed in each.

    .venv/bin/python examples/demo.py [--keep]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import yaml

from dbt.adapters.databricks_envs.local.server import LocalWarehouse, start_embedded
from dbt.adapters.databricks_envs.local.server.profile import profile_target

HERE = Path(__file__).resolve().parent
PROJECT = HERE / "demo_project"
WORK = HERE / ".demo"
DBT = str(Path(sys.executable).parent / "dbt")
# The prod catalog map of dbt_project.yml sends `+database: analytics` here.
CATALOGS = ["main", "dev", "prod", "prod_analytics"]
TARGETS = {"dev": ("dev", "dbt_demo"), "prod": ("prod", "core")}


def step(title: str) -> None:
    print(f"\n==> {title}", flush=True)


def dbt(*args: str, target: str) -> list[str]:
    """Runs dbt on the example project, streaming its log; stops the demo on failure."""
    command = [DBT, *args, "--target", target, "--project-dir", str(WORK / "project")]
    command += ["--profiles-dir", str(WORK)]
    print("$ dbt " + " ".join([*args, "--target", target]), flush=True)
    env = {**os.environ, "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    completed = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    lines = completed.stdout.splitlines()
    quiet = "--quiet" in args
    if not quiet or completed.returncode:
        print("\n".join("   " + line for line in lines), flush=True)
    if completed.returncode:
        sys.exit(f"dbt {args[0]} --target {target} failed (exit {completed.returncode}).")
    return lines


def write_profile(warehouse: LocalWarehouse) -> None:
    outputs = {}
    for name, (catalog, schema) in TARGETS.items():
        outputs[name] = profile_target(
            adapter_type="databricks_envs",
            base_url=warehouse.base_url,
            warehouse_id=warehouse.warehouse_id,
            token=warehouse.token,
            catalog=catalog,
            schema=schema,
        )
    document = {"jaffle_envs": {"target": "dev", "outputs": outputs}}
    path = WORK / "profiles.yml"
    path.write_text(yaml.safe_dump(document, sort_keys=False))
    path.chmod(0o600)


def planned(target: str) -> dict[str, str]:
    """Where dbt says each node goes: unique_id -> catalog.schema.name."""
    lines = dbt(
        "ls",
        "--quiet",
        "--resource-types",
        "model",
        "seed",
        "--output",
        "json",
        "--output-keys",
        "unique_id",
        "database",
        "schema",
        "alias",
        target=target,
    )
    nodes = [json.loads(line) for line in lines if line.startswith("{")]
    return {n["unique_id"]: f"{n['database']}.{n['schema']}.{n['alias']}" for n in nodes}


def landed(warehouse: LocalWarehouse) -> dict[str, str]:
    """Every relation in the warehouse: catalog.schema.name -> TABLE / VIEW."""
    from databricks import sql

    with (
        sql.connect(
            server_hostname="127.0.0.1",
            http_path=warehouse.http_path,
            access_token=warehouse.token,
            _connection_uri=warehouse.connection_uri,
            enable_telemetry=False,
        ) as connection,
        connection.cursor() as cursor,
    ):
        cursor.execute(
            "select table_catalog, table_schema, table_name, table_type "
            "from system.information_schema.tables where table_schema <> 'information_schema'"
        )
        return {f"{c}.{s}.{t}": kind for c, s, t, kind in cursor.fetchall()}


def report(plans: dict[str, dict[str, str]], relations: dict[str, str]) -> None:
    nodes = sorted({uid for plan in plans.values() for uid in plan})
    rows = [("node", *plans, "in the warehouse")]
    for uid in nodes:
        places = [plans[target].get(uid, "-") for target in plans]
        found = all(place in relations for place in places)
        rows.append((uid.split(".", 1)[1], *places, "yes, in each" if found else "MISSING"))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for index, row in enumerate(rows):
        print("  " + "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
        if index == 0:
            print("  " + "  ".join("-" * width for width in widths))
    missing = [row[0] for row in rows[1:] if row[-1] == "MISSING"]
    if missing:
        sys.exit(f"Not found in the warehouse: {', '.join(missing)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", action="store_true", help="keep the warehouse running at the end")
    keep = parser.parse_args().keep
    started = time.perf_counter()
    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir()
    shutil.copytree(PROJECT, WORK / "project")
    config = WORK / "warehouse.yml"
    config.write_text(yaml.safe_dump({"catalogs": CATALOGS}))

    step("Starting a local Databricks SQL warehouse")
    warehouse = start_embedded(WORK / "warehouse", config)
    print(f"   {warehouse.base_url}{warehouse.http_path}   catalogs: {', '.join(CATALOGS)}")
    write_profile(warehouse)
    print(f"   profiles: {WORK / 'profiles.yml'} (targets dev and prod, type: databricks_envs)")

    plans: dict[str, dict[str, str]] = {}
    for target in TARGETS:
        step(f"dbt build --target {target}")
        dbt("build", target=target)
        plans[target] = planned(target)

    step("Where everything landed")
    report(plans, landed(warehouse))
    print(f"\nDone in {time.perf_counter() - started:.0f} s.")
    if keep:
        print(f"The warehouse keeps running at {warehouse.base_url}; Ctrl-C stops it.")
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
    warehouse.stop()


if __name__ == "__main__":
    main()
