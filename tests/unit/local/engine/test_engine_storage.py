"""Catalog files, their names, and what survives a restart or a killed process."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from engine_helpers import ALICE, fails, one, rows

from dbt.adapters.databricks_envs.local.engine import DuckDBEngine, DuckDBSession
from dbt.adapters.databricks_envs.local.engine.storage import loader


def test_initial_catalogs_have_default_and_information_schema(session: DuckDBSession) -> None:
    assert rows(session, "SHOW CATALOGS") == [("dev",), ("main",), ("prod",)]
    assert rows(session, "SHOW SCHEMAS IN main") == [("default",), ("information_schema",)]


def test_one_file_per_catalog_and_reserved_names_are_aliased(
    engine: DuckDBEngine, data_dir: Path
) -> None:
    files = sorted(p.name for p in (data_dir / "catalogs").glob("*.duckdb"))
    assert files == ["dev.duckdb", "main.duckdb", "prod.duckdb"]
    with engine.cursor() as cursor:
        attached = {
            r[0] for r in cursor.execute("SELECT database_name FROM duckdb_databases()").fetchall()
        }
    # DuckDB's own "main" schema and database names stay DuckDB's.
    assert {"uc_main", "uc_dev", "uc_prod"} <= attached


def test_data_views_and_metadata_survive_a_restart(data_dir: Path) -> None:
    engine = DuckDBEngine(data_dir)
    session = engine.open_session(ALICE, "main", "default")
    session.execute("CREATE SCHEMA main.sales COMMENT 'sales data'")
    session.execute(
        "CREATE TABLE main.sales.orders (id BIGINT COMMENT 'the id', amount DOUBLE) "
        "USING delta COMMENT 'orders' TBLPROPERTIES ('team' = 'finance')"
    )
    session.execute("INSERT INTO main.sales.orders VALUES (1, 2.5), (2, 4.0)")
    session.execute(
        "CREATE VIEW dev.default.big AS SELECT * FROM main.sales.orders WHERE amount > 3"
    )
    engine.close()

    engine = DuckDBEngine(data_dir)
    session = engine.open_session(ALICE)
    assert rows(session, "SELECT * FROM dev.default.big") == [(2, 4.0)]
    assert rows(session, "SHOW TBLPROPERTIES main.sales.orders") == [("team", "finance")]
    described = rows(session, "DESCRIBE TABLE EXTENDED main.sales.orders")
    assert ("id", "bigint", "the id") in described
    assert ("Comment", "orders", "") in described
    assert ("Owner", ALICE.name, "") in described
    assert one(session, "DESCRIBE SCHEMA main.sales") == "Catalog Name"
    assert rows(
        session,
        "SELECT comment, schema_owner FROM system.information_schema.schemata "
        "WHERE catalog_name = 'main' AND schema_name = 'sales'",
    ) == [("sales data", ALICE.name)]
    engine.close()


def test_committed_data_survives_kill_9(data_dir: Path) -> None:
    script = textwrap.dedent(
        f"""
        import os, sys
        from pathlib import Path
        from dbt.adapters.databricks_envs.local.api import Principal
        from dbt.adapters.databricks_envs.local.engine import DuckDBEngine
        engine = DuckDBEngine(Path({str(data_dir)!r}))
        session = engine.open_session(Principal("p"), "main", "default")
        session.execute("CREATE TABLE kept AS SELECT 42 AS answer")
        session.execute("CREATE CATALOG extra")
        session.execute("CREATE TABLE extra.default.t AS SELECT 'x' AS v")
        print("committed", flush=True)
        sys.stdin.read()
        """
    )
    child = subprocess.Popen(
        [sys.executable, "-c", script],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "committed"
    os.kill(child.pid, signal.SIGKILL)
    child.wait()

    engine = DuckDBEngine(data_dir)
    session = engine.open_session(ALICE, "main", "default")
    assert one(session, "SELECT answer FROM kept") == 42
    assert one(session, "SELECT v FROM extra.default.t") == "x"
    engine.close()


def test_create_and_drop_catalog(session: DuckDBSession, data_dir: Path) -> None:
    session.execute("CREATE CATALOG IF NOT EXISTS `My-Lab`")
    session.execute("CREATE CATALOG IF NOT EXISTS `my-lab`")
    assert ("my-lab",) in rows(session, "SHOW CATALOGS")
    fails(session, "CREATE CATALOG `my-lab`", "CATALOG_ALREADY_EXISTS")
    session.execute("CREATE TABLE `my-lab`.default.t AS SELECT 1 AS x")
    session.execute("CREATE SCHEMA `my-lab`.s")
    fails(session, "DROP CATALOG `my-lab`", "CATALOG_NOT_EMPTY")
    session.execute("DROP CATALOG `my-lab` CASCADE")
    assert ("my-lab",) not in rows(session, "SHOW CATALOGS")
    assert not (data_dir / "catalogs" / "my-lab.duckdb").exists()
    session.execute("DROP CATALOG IF EXISTS `my-lab`")
    fails(session, "DROP CATALOG nope", "CATALOG_NOT_FOUND")
    fails(session, "CREATE CATALOG system", "INVALID_SCHEMA_OR_RELATION_NAME")


def test_schemas(session: DuckDBSession) -> None:
    session.execute("CREATE SCHEMA IF NOT EXISTS main.a COMMENT 'first'")
    session.execute("CREATE SCHEMA IF NOT EXISTS main.a")
    fails(session, "CREATE SCHEMA main.a", "SCHEMA_ALREADY_EXISTS")
    fails(session, "CREATE SCHEMA nope.a", "CATALOG_NOT_FOUND")
    session.execute("CREATE TABLE main.a.t (x INT)")
    fails(session, "DROP SCHEMA main.a", "SCHEMA_NOT_EMPTY")
    session.execute("DROP SCHEMA main.a CASCADE")
    session.execute("DROP SCHEMA IF EXISTS main.a")
    fails(session, "DROP SCHEMA main.a", "SCHEMA_NOT_FOUND")
    assert rows(session, "SHOW SCHEMAS IN main") == [("default",), ("information_schema",)]


def test_a_created_relation_is_described_as_a_fresh_load_reads_it(
    engine: DuckDBEngine, session: DuckDBSession
) -> None:
    """After CREATE the mirror describes the relation from DESCRIBE and what the statement
    set; that description must be what reading DuckDB's catalog gives."""
    session.execute("CREATE SCHEMA main.shapes")
    statements = [
        "CREATE TABLE main.shapes.plain AS SELECT 1 AS id, 'a' AS name, 2.5 AS ratio",
        "CREATE TABLE main.shapes.declared (id BIGINT NOT NULL COMMENT 'the id', "
        "code VARCHAR(3), price DECIMAL(10,2) COMMENT 'in euros', tags ARRAY<STRING>, "
        "attrs MAP<STRING, INT>, point STRUCT<x: DOUBLE, y: DOUBLE>, at TIMESTAMP) "
        "USING delta COMMENT 'declared' TBLPROPERTIES ('team' = 'finance')",
        "CREATE OR REPLACE TABLE main.shapes.plain COMMENT 'replaced' "
        "AS SELECT cast(1 AS smallint) AS small, current_date() AS day",
        "CREATE VIEW main.shapes.named (ident COMMENT 'renamed id', label) COMMENT 'a view' "
        "AS SELECT id, code FROM main.shapes.declared",
        "CREATE OR REPLACE VIEW main.shapes.named AS SELECT * FROM main.shapes.plain",
        # From NOT NULL columns, and with types Databricks gives differently (sum is bigint).
        "CREATE TABLE main.shapes.derived AS SELECT id, sum(cast(id AS int)) AS total, "
        "max(price) AS top, any_value(point) AS point FROM main.shapes.declared GROUP BY id",
        "CREATE VIEW main.shapes.summed (key, total) AS "
        "SELECT id, sum(cast(id AS int)) FROM main.shapes.declared GROUP BY id",
    ]
    for statement in statements:
        session.execute(statement)
        with engine.cursor() as cursor:
            for relation in loader.load_relations(cursor, "main", "shapes"):
                assert engine.mirror.relation(relation.name) == relation, statement
