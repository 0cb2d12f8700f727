"""`type: databricks_envs` sends fewer metadata statements than `type: databricks` and leaves the
warehouse exactly as it does.

The same project (``roundtrips_project.py``) is built (`dbt build`) and rebuilt (`dbt run`, the
incremental models merging) through each adapter type, four threads each, into a schema of its
own on one local warehouse. Then every relation's type, comment, columns (names, types,
nullability, comments), table properties and constraints, and the data of the models whose
content depends on metadata read during the run, must be the same in both schemas; and the
warehouse's audit log must show fewer metadata statements from `databricks_envs` in both runs.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import databricks.sql
import pytest
import yaml
from dbt.cli.main import dbtRunner
from roundtrips_project import PROJECT, write_project

from dbt.adapters.databricks_envs.local.server import LocalWarehouse, start_embedded
from dbt.adapters.databricks_envs.local.server.profile import profile_target

CATALOG = "main"
SCHEMAS = {"databricks": "rt_plain", "databricks_envs": "rt_envs"}
# What differs between two builds of the same relation whatever the adapter: when, and where.
VOLATILE = {"created_time", "last_access", "catalog_name", "schema_name", "namespace"}


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalWarehouse]:
    running = start_embedded(tmp_path_factory.mktemp("roundtrips_warehouse"))
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture(scope="module")
def builds(
    warehouse: LocalWarehouse, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, dict[str, int]]:
    """Builds and rebuilds the project through each adapter type; returns the metadata
    statements each invocation sent."""
    template = tmp_path_factory.mktemp("roundtrips_template")
    write_project(template)
    sent: dict[str, dict[str, int]] = {}
    for adapter_type, schema in SCHEMAS.items():
        root = tmp_path_factory.mktemp(f"roundtrips_{adapter_type}")
        shutil.copytree(template, root, dirs_exist_ok=True)
        target = profile_target(
            adapter_type=adapter_type,
            base_url=warehouse.base_url,
            warehouse_id=warehouse.warehouse_id,
            token=warehouse.token,
            catalog=CATALOG,
            schema=schema,
            threads=4,
        )
        profiles = {PROJECT: {"target": "dev", "outputs": {"dev": target}}}
        (root / "profiles.yml").write_text(yaml.safe_dump(profiles))
        sent[adapter_type] = {}
        for phase, command in (("build", "build"), ("rebuild", "run")):
            mark = len(warehouse.audit())
            dbt(root, command)
            sent[adapter_type][phase] = sum(map(is_metadata, warehouse.audit()[mark:]))
    return sent


def dbt(root: Path, command: str) -> None:
    messages: list[str] = []
    result = dbtRunner(callbacks=[lambda event: messages.append(str(event.info.msg))]).invoke(
        [command, "--project-dir", str(root), "--profiles-dir", str(root)]
    )
    assert result.success, "\n".join(messages[-40:])


def is_metadata(record: dict[str, Any]) -> bool:
    kind = record["statement_type"]
    text = str(record["statement_text"]).lower()
    return kind in ("DESCRIBE", "SHOW", "METADATA") or (
        kind == "SELECT" and "information_schema" in text
    )


def query(warehouse: LocalWarehouse, sql: str) -> list[tuple[Any, ...]]:
    with (
        databricks.sql.connect(
            server_hostname="127.0.0.1",
            http_path=warehouse.http_path,
            access_token=warehouse.token,
            _connection_uri=warehouse.connection_uri,
            enable_telemetry=False,
        ) as connection,
        connection.cursor() as cursor,
    ):
        cursor.execute(sql)
        return [tuple(row) for row in cursor.fetchall()] if cursor.description else []


def state(warehouse: LocalWarehouse, schema: str) -> dict[str, Any]:
    """Everything a build decides about the relations of ``schema``, with its name taken out."""
    where = f"table_catalog = '{CATALOG}' AND table_schema = '{schema}'"
    tables = query(
        warehouse,
        f"SELECT table_name, table_type, comment FROM {CATALOG}.information_schema.tables "
        f"WHERE {where} ORDER BY table_name",
    )
    found: dict[str, Any] = {
        "tables": tables,
        "columns": query(
            warehouse,
            "SELECT table_name, column_name, ordinal_position, data_type, is_nullable, comment "
            f"FROM {CATALOG}.information_schema.columns WHERE {where} "
            "ORDER BY table_name, ordinal_position",
        ),
    }
    for name, kind, _ in tables:
        relation = f"{CATALOG}.{schema}.{name}"
        (described,) = query(warehouse, f"DESCRIBE TABLE EXTENDED {relation} AS JSON")[0]
        metadata = {k: v for k, v in json.loads(described).items() if k not in VOLATILE}
        found[f"describe {name}"] = json.loads(json.dumps(metadata).replace(schema, "<schema>"))
        if kind != "VIEW":
            found[f"properties {name}"] = sorted(query(warehouse, f"SHOW TBLPROPERTIES {relation}"))
    for model in ("probe", "orders_inc", "orders_contract"):
        found[f"rows {model}"] = query(
            warehouse, f"SELECT * FROM {CATALOG}.{schema}.{model} ORDER BY 1"
        )
    return found


def test_both_adapter_types_leave_the_same_relations(
    builds: dict[str, dict[str, int]], warehouse: LocalWarehouse
) -> None:
    plain = state(warehouse, SCHEMAS["databricks"])
    envs = state(warehouse, SCHEMAS["databricks_envs"])
    assert [row[0] for row in plain["tables"]] == [
        "customer_view",
        "customers",
        "orders_contract",
        "orders_inc",
        "orders_snapshot",
        "orders_table",
        "probe",
        "stg_orders",
    ]
    assert envs == plain


def test_a_change_after_a_description_is_seen_by_later_models(
    builds: dict[str, dict[str, int]], warehouse: LocalWarehouse
) -> None:
    """`orders_table`'s post-hook describes it, then comments a column through the raw handle:
    `probe`, built after it, must read the new comment, not the description kept before."""
    for schema in SCHEMAS.values():
        (seen,) = query(warehouse, f"SELECT seen FROM {CATALOG}.{schema}.probe")[0]
        assert "id=set through the handle" in seen, schema


def test_databricks_envs_sends_fewer_metadata_statements(
    builds: dict[str, dict[str, int]],
) -> None:
    for phase in ("build", "rebuild"):
        plain, envs = builds["databricks"][phase], builds["databricks_envs"][phase]
        assert envs < plain, (phase, builds)
