"""The write guard end to end: dbt on a local warehouse, as the metastore admin.

The admin may write anywhere, so only the guard can stop a dev run from writing to `prod`: a
`run-operation` and a model's `post-hook` that write there are refused, and `prod` is unchanged
afterwards. The same project run as prod writes there.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import databricks.sql
import pytest
import yaml
from dbt.cli.main import dbtRunner

from dbt.adapters.databricks_envs.local.server import ServerProcess
from dbt.adapters.databricks_envs.local.server.profile import profile_target

WRITE_MACRO = """
{% macro write_prod() %}
  {% do run_query("create table prod.guarded.hack as select 1 as x") %}
{% endmacro %}
"""
MODEL = """
{{ config(materialized='table', post_hook="insert into prod.guarded.audit values (1)") }}
select 1 as id
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    with ServerProcess(tmp_path_factory.mktemp("warehouse")) as running:
        yield running


def query(server: ServerProcess, sql: str) -> list[tuple[object, ...]]:
    with (
        databricks.sql.connect(
            server_hostname="127.0.0.1",
            http_path=server.http_path,
            access_token=server.token,
            _connection_uri=server.connection_uri,
            enable_telemetry=False,
        ) as connection,
        connection.cursor() as cursor,
    ):
        cursor.execute(sql)
        return [tuple(row) for row in cursor.fetchall()] if cursor.description else []


def prod_tables(server: ServerProcess) -> list[str]:
    rows = query(
        server,
        "select table_name from prod.information_schema.tables "
        "where table_schema = 'guarded' order by table_name",
    )
    return [str(row[0]) for row in rows]


@pytest.fixture
def project(tmp_path: Path, server: ServerProcess) -> Path:
    query(server, "create schema if not exists prod.guarded")
    query(server, "create or replace table prod.guarded.audit (id int)")
    query(server, "drop table if exists prod.guarded.hack")
    (tmp_path / "models").mkdir()
    (tmp_path / "macros").mkdir()
    (tmp_path / "models" / "with_hook.sql").write_text(MODEL)
    (tmp_path / "macros" / "write_prod.sql").write_text(WRITE_MACRO)
    (tmp_path / "dbt_project.yml").write_text(
        "name: guarded\nversion: '1.0'\nconfig-version: 2\nprofile: guarded\n"
    )
    outputs = {
        name: profile_target(
            adapter_type="databricks_envs",
            base_url=server.base_url,
            warehouse_id=server.warehouse_id,
            token=server.token,
            catalog=name,
            schema=f"guard_{tmp_path.name}",
            threads=1,
        )
        for name in ("dev", "prod")
    }
    profiles = {"guarded": {"target": "dev", "outputs": outputs}}
    (tmp_path / "profiles.yml").write_text(yaml.safe_dump(profiles))
    return tmp_path


def dbt(project: Path, *args: str) -> tuple[bool, str]:
    """Runs dbt in this process; returns success and everything it logged."""
    messages: list[str] = []
    runner = dbtRunner(callbacks=[lambda event: messages.append(event.info.msg)])
    result = runner.invoke([*args, "--project-dir", str(project), "--profiles-dir", str(project)])
    return result.success, "\n".join(str(m) for m in messages)


def test_dev_run_operation_writing_to_prod_is_refused(project: Path, server: ServerProcess) -> None:
    ok, log = dbt(project, "run-operation", "write_prod", "--target", "dev")
    assert not ok
    assert "write guard: refused to create prod.guarded.hack" in log
    assert "environment 'dev'" in log and "write_catalogs" in log
    assert prod_tables(server) == ["audit"]


def test_dev_post_hook_writing_to_prod_is_refused(project: Path, server: ServerProcess) -> None:
    ok, log = dbt(project, "run", "--target", "dev")
    assert not ok
    assert "write guard: refused to insert into prod.guarded.audit" in log
    assert query(server, "select count(*) from prod.guarded.audit") == [(0,)]


def test_prod_target_writes_to_prod(project: Path, server: ServerProcess) -> None:
    ok, log = dbt(project, "run-operation", "write_prod", "--target", "prod")
    assert ok, log
    ok, log = dbt(project, "run", "--target", "prod")
    assert ok, log
    assert prod_tables(server) == ["audit", "hack"]
    assert query(server, "select count(*) from prod.guarded.audit") == [(1,)]
