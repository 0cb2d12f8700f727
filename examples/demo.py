"""`make demo`: the example project, preflight-checked and built as dev and as prod, on a local
warehouse with Unity Catalog grants.

1. starts a local Databricks SQL warehouse (data under examples/.demo/, fresh each time) with a
   developer, a production service principal and their grants;
2. writes a profiles.yml: `dev` runs as the developer, `prod` as the service principal;
3. dev: preflight, `dbt build`, and the write guard refusing a developer's write to prod;
4. prod: preflight finds the service principal's missing grants and writes the GRANTs that fix
   them; an admin runs that file; preflight passes; `dbt build`;
5. shows, from the warehouse's own information_schema, where every node landed in each.

    .venv/bin/python examples/demo.py [--keep]
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import subprocess
import sys
import time
from pathlib import Path

import yaml
from databricks import sql

from dbt.adapters.databricks_envs.local.server import LocalWarehouse, start_embedded
from dbt.adapters.databricks_envs.local.server.profile import profile_target

HERE = Path(__file__).resolve().parent
PROJECT = HERE / "demo_project"
WORK = HERE / ".demo"
DBT = str(Path(sys.executable).parent / "dbt")
ADMIN = "admin@localhost"
DEVELOPER = "dev@example.com"
# A service principal's identity is its application id.
PROD_RUNNER = "5e2b7c1a-9d3f-4b8e-a6c0-2f1d8e9b7a45"
# The prod catalog map of dbt_project.yml sends `+database: analytics` here.
CATALOGS = ["main", "dev", "prod", "prod_analytics"]
# target: (catalog, schema, who runs it)
TARGETS = {"dev": ("dev", "dbt_demo", DEVELOPER), "prod": ("prod", "core", PROD_RUNNER)}


def step(title: str) -> None:
    print(f"\n==> {title}", flush=True)


def dbt(*args: str, target: str, expect_failure: bool = False) -> list[str]:
    """Runs dbt on the example project and shows its log; stops the demo on a surprise."""
    command = [DBT, *args, "--target", target, "--project-dir", str(WORK / "project")]
    command += ["--profiles-dir", str(WORK)]
    quiet = "--quiet" in args
    if not quiet:
        print("$ dbt " + " ".join([*args, "--target", target]), flush=True)
    env = {**os.environ, "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    completed = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    lines = completed.stdout.splitlines()
    failed = completed.returncode != 0
    if not quiet or failed != expect_failure:
        print("\n".join("   " + line for line in lines), flush=True)
    if failed != expect_failure:
        outcome = f"failed (exit {completed.returncode})" if failed else "succeeded"
        sys.exit(f"dbt {args[0]} --target {target} {outcome}, which the demo did not expect.")
    return lines


def write_config(tokens: dict[str, str]) -> Path:
    """The warehouse's identities and grants. The service principal may not use prod_analytics
    yet: preflight finds that before the prod build."""
    config = {
        "users": [DEVELOPER],
        "service_principals": [{"application_id": PROD_RUNNER, "display_name": "prod-runner"}],
        "groups": [{"name": "developers", "members": [DEVELOPER]}],
        "tokens": [
            {"token": tokens[ADMIN], "principal": ADMIN},
            {"token": tokens[DEVELOPER], "principal": DEVELOPER, "lifetime_days": 90},
            {"token": tokens[PROD_RUNNER], "principal": PROD_RUNNER, "lifetime_days": 365},
        ],
        "catalogs": CATALOGS,
        "grants": [
            {
                "principal": "developers",
                "on": "catalog dev",
                "privileges": ["USE CATALOG", "CREATE SCHEMA"],
            },
            {
                "principal": PROD_RUNNER,
                "on": "catalog prod",
                "privileges": ["USE CATALOG", "CREATE SCHEMA"],
            },
        ],
    }
    path = WORK / "warehouse.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False))
    path.chmod(0o600)
    return path


def write_profile(warehouse: LocalWarehouse, tokens: dict[str, str]) -> None:
    outputs = {}
    for name, (catalog, schema, principal) in TARGETS.items():
        outputs[name] = profile_target(
            adapter_type="databricks_envs",
            base_url=warehouse.base_url,
            warehouse_id=warehouse.warehouse_id,
            token=tokens[principal],
            catalog=catalog,
            schema=schema,
        )
    document = {"jaffle_envs": {"target": "dev", "outputs": outputs}}
    path = WORK / "profiles.yml"
    path.write_text(yaml.safe_dump(document, sort_keys=False))
    path.chmod(0o600)


def run_as_admin(warehouse: LocalWarehouse, token: str, statements: list[str]) -> list[tuple]:
    """Runs statements as the metastore admin; returns the last one's rows."""
    rows: list[tuple] = []
    with (
        sql.connect(
            server_hostname="127.0.0.1",
            http_path=warehouse.http_path,
            access_token=token,
            _connection_uri=warehouse.connection_uri,
            enable_telemetry=False,
        ) as connection,
        connection.cursor() as cursor,
    ):
        for statement in statements:
            cursor.execute(statement)
            rows = [tuple(row) for row in cursor.fetchall()] if cursor.description else []
    return rows


def grant_statements(path: Path) -> list[str]:
    text = "\n".join(
        line for line in path.read_text().splitlines() if not line.lstrip().startswith("--")
    )
    return [statement.strip() for statement in text.split(";") if statement.strip()]


def planned(target: str) -> dict[str, str]:
    """Where dbt says each node goes: unique_id -> catalog.schema.name."""
    keys = ["unique_id", "database", "schema", "alias"]
    lines = dbt(
        "ls", "--quiet", "--resource-types", "model", "seed", "--output", "json",
        "--output-keys", *keys, target=target,
    )  # fmt: skip
    nodes = [json.loads(line) for line in lines if line.startswith("{")]
    return {n["unique_id"]: f"{n['database']}.{n['schema']}.{n['alias']}" for n in nodes}


def report(plans: dict[str, dict[str, str]], relations: set[str]) -> None:
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
    tokens = {who: "dapi" + secrets.token_hex(16) for who in (ADMIN, DEVELOPER, PROD_RUNNER)}

    step("Starting a local Databricks SQL warehouse")
    warehouse = start_embedded(WORK / "warehouse", write_config(tokens))
    write_profile(warehouse, tokens)
    print(f"   {warehouse.base_url}{warehouse.http_path}   catalogs: {', '.join(CATALOGS)}")
    print(f"   dev runs as {DEVELOPER} (group developers: USE CATALOG, CREATE SCHEMA on dev)")
    print(f"   prod runs as the service principal {PROD_RUNNER} (prod-runner)")

    step("dev: preflight, then build")
    dbt("run-operation", "preflight", target="dev")
    dbt("build", target="dev")

    step("dev: the write guard stops a developer's write to prod before it is sent")
    refused = dbt("run-operation", "write_to_prod", target="dev", expect_failure=True)
    if not any("write guard: refused" in line for line in refused):
        sys.exit("The write guard did not refuse the write to prod.")

    step("prod: preflight finds what the service principal may not do yet")
    dbt("run-operation", "preflight", target="prod", expect_failure=True)
    grants_file = WORK / "project" / "target" / "preflight_grants.sql"
    print(f"   {grants_file.relative_to(HERE.parent)}:")
    print("\n".join("     " + line for line in grants_file.read_text().splitlines()))

    step("prod: an admin runs the grants file; preflight passes; build")
    run_as_admin(warehouse, tokens[ADMIN], grant_statements(grants_file))
    dbt("run-operation", "preflight", target="prod")
    dbt("build", target="prod")

    step("Where everything landed")
    plans = {target: planned(target) for target in TARGETS}
    rows = run_as_admin(
        warehouse,
        tokens[ADMIN],
        [
            "select table_catalog, table_schema, table_name from system.information_schema.tables"
            " where table_schema <> 'information_schema'"
        ],
    )
    report(plans, {".".join(str(part) for part in row) for row in rows})
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
