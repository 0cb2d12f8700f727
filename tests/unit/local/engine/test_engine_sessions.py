"""Sessions: current catalog and schema, temporary views, settings, session functions."""

from __future__ import annotations

from engine_helpers import ALICE, BOB, fails, one, rows

from dbt.adapters.databricks_envs.local.engine import DuckDBEngine, DuckDBSession


def test_each_session_has_its_own_namespace(engine: DuckDBEngine) -> None:
    first = engine.open_session(ALICE, "main", "default")
    second = engine.open_session(BOB, "dev", "default")
    first.execute("CREATE SCHEMA main.s")
    first.execute("USE SCHEMA s")
    first.execute("CREATE TABLE t AS SELECT 'main.s' AS here")
    second.execute("CREATE TABLE t AS SELECT 'dev.default' AS here")
    assert one(first, "SELECT here FROM t") == "main.s"
    assert one(second, "SELECT here FROM t") == "dev.default"
    assert (first.current_catalog, first.current_schema) == ("main", "s")
    assert rows(second, "SELECT current_catalog(), current_schema(), current_database()") == [
        ("dev", "default", "default")
    ]


def test_use_statements(session: DuckDBSession) -> None:
    session.execute("CREATE SCHEMA dev.x")
    session.execute("USE dev.x")
    assert (session.current_catalog, session.current_schema) == ("dev", "x")
    session.execute("USE CATALOG main")
    assert (session.current_catalog, session.current_schema) == ("main", "default")
    session.execute("USE default")
    fails(session, "USE CATALOG nope", "CATALOG_NOT_FOUND")
    fails(session, "USE SCHEMA nope", "SCHEMA_NOT_FOUND")
    assert (session.current_catalog, session.current_schema) == ("main", "default")


def test_the_same_text_resolves_per_session_namespace(engine: DuckDBEngine) -> None:
    # The translation cache must not leak one session's names into another's.
    main = engine.open_session(ALICE, "main", "default")
    dev = engine.open_session(ALICE, "dev", "default")
    main.execute("CREATE TABLE t AS SELECT 1 AS x")
    dev.execute("CREATE TABLE t AS SELECT 2 AS x")
    for _ in range(2):
        assert one(main, "SELECT x FROM t") == 1
        assert one(dev, "SELECT x FROM t") == 2


def test_temporary_views_are_private_and_shadow_tables(engine: DuckDBEngine) -> None:
    first = engine.open_session(ALICE, "main", "default")
    second = engine.open_session(ALICE, "main", "default")
    first.execute("CREATE TABLE t AS SELECT 'table' AS source")
    assert one(first, "SELECT source FROM t") == "table"
    first.execute("CREATE OR REPLACE TEMPORARY VIEW t AS SELECT 'temp' AS source")
    assert one(first, "SELECT source FROM t") == "temp"
    assert one(second, "SELECT source FROM t") == "table"
    assert one(first, "SELECT source FROM main.default.t") == "table"
    first.execute("DROP VIEW t")
    assert one(first, "SELECT source FROM t") == "table"
    fails(first, "CREATE TEMPORARY VIEW a.b AS SELECT 1", "TEMP_VIEW_NAME_TOO_MANY_NAME_PARTS")
    first.close()
    second.close()


def test_temporary_view_reads_are_resolved_when_created(session: DuckDBSession) -> None:
    session.execute("CREATE SCHEMA main.other")
    session.execute("CREATE TABLE main.other.src AS SELECT 7 AS v")
    session.execute("USE main.other")
    session.execute("CREATE TEMPORARY VIEW tv AS SELECT v FROM src")
    session.execute("USE main.default")
    assert one(session, "SELECT v FROM tv") == 7


def test_permanent_view_cannot_use_temporary_view(session: DuckDBSession) -> None:
    session.execute("CREATE TEMPORARY VIEW tv AS SELECT 1 AS x")
    fails(session, "CREATE VIEW v AS SELECT * FROM tv", "INVALID_TEMP_OBJ_REFERENCE")


def test_set_and_show_settings(session: DuckDBSession) -> None:
    assert rows(session, "SET spark.sql.sources.partitionOverwriteMode = DYNAMIC") == [
        ("spark.sql.sources.partitionOverwriteMode", "DYNAMIC")
    ]
    assert rows(session, "SET spark.sql.sources.partitionOverwriteMode") == [
        ("spark.sql.sources.partitionOverwriteMode", "DYNAMIC")
    ]
    assert rows(session, "SET ansi_mode") == [("ansi_mode", "<undefined>")]
    assert ("spark.sql.sources.partitionOverwriteMode", "DYNAMIC") in rows(session, "SET")


def test_identity_functions(engine: DuckDBEngine) -> None:
    alice = engine.open_session(ALICE)
    bob = engine.open_session(BOB)
    query = (
        "SELECT current_user(), session_user(), is_account_group_member('analysts'), "
        "is_member('analysts')"
    )
    assert rows(alice, query) == [(ALICE.name, ALICE.name, True, True)]
    assert rows(bob, query) == [(BOB.name, BOB.name, False, False)]
    named = alice.execute("SELECT is_account_group_member('analysts'), is_member('x') AS m")
    assert [c.name for c in named.columns] == ["is_account_group_member(analysts)", "m"]
    assert one(alice, "SELECT current_version().dbsql_version") == "local"


def test_session_defaults(engine: DuckDBEngine) -> None:
    session = engine.open_session(ALICE)
    assert (session.current_catalog, session.current_schema) == ("main", "default")
    session.close()
