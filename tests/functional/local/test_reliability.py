"""The local warehouse under dbt's real load: many threads, a crash mid-run, parallel sessions."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import databricks.sql
import yaml

from dbt.adapters.databricks_envs.local.server import ServerProcess
from dbt.adapters.databricks_envs.local.server.profile import profile_target

DBT = str(Path(sys.executable).parent / "dbt")


def connect(server: ServerProcess) -> databricks.sql.client.Connection:
    return databricks.sql.connect(
        server_hostname="127.0.0.1",
        http_path=server.http_path,
        access_token=server.token,
        _connection_uri=server.connection_uri,
        enable_telemetry=False,
    )


def query(server: ServerProcess, sql: str) -> list[tuple[object, ...]]:
    with connect(server) as connection, connection.cursor() as cursor:
        cursor.execute(sql)
        return [tuple(row) for row in cursor.fetchall()]


def write_project(
    root: Path, server: ServerProcess, models: int, threads: int, chain: bool
) -> None:
    (root / "models").mkdir(parents=True)
    (root / "dbt_project.yml").write_text(
        "name: load\nversion: '1.0'\nconfig-version: 2\nprofile: load\n"
        "models:\n  load:\n    +materialized: table\n"
    )
    for i in range(models):
        upstream = f"select * from {{{{ ref('m_{i - 1:03d}') }}}} union all " if chain and i else ""
        (root / "models" / f"m_{i:03d}.sql").write_text(f"{upstream}select {i} as id\n")
    target = profile_target(
        adapter_type="databricks",
        base_url=server.base_url,
        warehouse_id=server.warehouse_id,
        token=server.token,
        catalog="dev",
        schema="load",
        threads=threads,
    )
    profiles = {"load": {"target": "local", "outputs": {"local": target}}}
    (root / "profiles.yml").write_text(yaml.safe_dump(profiles))


def dbt(root: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [DBT, *args, "--project-dir", str(root), "--profiles-dir", str(root)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"},
    )


def test_eight_threads_building_a_hundred_models_lose_nothing(tmp_path: Path) -> None:
    with ServerProcess(tmp_path / "warehouse") as server:
        write_project(tmp_path / "project", server, models=100, threads=8, chain=False)
        run = dbt(tmp_path / "project", "run")
        output, _ = run.communicate(timeout=600)
        assert run.returncode == 0, output[-3000:]
        assert "PASS=100" in output
        tables = query(
            server,
            "select table_name from system.information_schema.tables "
            "where table_catalog = 'dev' and table_schema = 'load'",
        )
        assert sorted(name for (name,) in tables) == [f"m_{i:03d}" for i in range(100)]
        union = " union all ".join(f"select id from dev.load.m_{i:03d}" for i in range(100))
        assert query(server, f"select count(*), sum(id) from ({union})") == [(100, 4950)]


def test_a_killed_warehouse_keeps_every_committed_table(tmp_path: Path) -> None:
    project = tmp_path / "project"
    data_dir = tmp_path / "warehouse"
    server = ServerProcess(data_dir)
    write_project(project, server, models=60, threads=1, chain=True)
    run = dbt(project, "run")
    try:
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            time.sleep(0.5)
            built = query(
                server,
                "select count(*) from system.information_schema.tables where table_schema = 'load'",
            )[0][0]
            if isinstance(built, int) and built >= 15:
                break
        os.kill(server.process.pid, signal.SIGKILL)
        server.process.wait()
        run.communicate(timeout=300)
    finally:
        run.kill()
        server.stop()
    assert run.returncode != 0
    results = json.loads((project / "target" / "run_results.json").read_text())
    succeeded = [
        r["unique_id"].split(".")[-1] for r in results["results"] if r["status"] == "success"
    ]
    assert len(succeeded) >= 15
    with ServerProcess(data_dir) as restarted:
        for name in succeeded:
            number = int(name.split("_")[1])
            rows = query(restarted, f"select count(*), sum(id) from dev.load.{name}")
            assert rows == [(number + 1, number * (number + 1) // 2)], name


def test_parallel_sessions_keep_their_own_current_catalog(tmp_path: Path) -> None:
    catalogs = ["main", "dev", "prod"] * 3
    barrier = threading.Barrier(len(catalogs))
    seen: dict[int, list[str]] = {}
    with ServerProcess(tmp_path) as server:

        def session(index: int, catalog: str) -> None:
            with connect(server) as connection, connection.cursor() as cursor:
                cursor.execute(f"USE CATALOG {catalog}")
                barrier.wait(timeout=30)
                answers = []
                for _ in range(20):
                    cursor.execute("select current_catalog()")
                    answers.append(cursor.fetchone()[0])
                seen[index] = answers

        workers = [threading.Thread(target=session, args=(i, c)) for i, c in enumerate(catalogs)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(timeout=120)
    assert {i: set(answers) for i, answers in seen.items()} == {
        i: {catalog} for i, catalog in enumerate(catalogs)
    }
