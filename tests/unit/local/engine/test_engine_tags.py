"""Unity Catalog tags: SET / UNSET TAGS on catalogs, schemas, tables, views and columns, SET /
UNSET TAG ON, information_schema's tag tables, and what happens to tags as objects change."""

from __future__ import annotations

from pathlib import Path

import pytest
from engine_helpers import ALICE, fails, rows, run_all

from dbt.adapters.databricks_envs.local.engine import DuckDBEngine, DuckDBSession

WHERE = "catalog_name = 'main' and schema_name = 'default' and table_name = 't'"
# What dbt-databricks sends (fetch_tags_sql, fetch_column_tags_sql, alter_set_tags, ...).
DBT_TABLE_TAGS = (
    "SELECT tag_name, tag_value\n  FROM `system`.`information_schema`.`table_tags`\n"
    "  WHERE catalog_name = 'main' \n    AND schema_name = 'default'\n    AND table_name = 't'"
)
DBT_COLUMN_TAGS = (
    "SELECT \n    column_name,\n    tag_name,\n    tag_value\n"
    "  FROM `system`.`information_schema`.`column_tags`\n  WHERE catalog_name = 'main'\n"
    "    AND schema_name = 'default'\n    AND table_name = 't';"
)


@pytest.fixture
def table(session: DuckDBSession) -> DuckDBSession:
    session.execute("create table t (id int, email string)")
    return session


def test_table_tags_as_dbt_sends_them(table: DuckDBSession) -> None:
    table.execute(
        "ALTER table `main`.`default`.`t` SET TAGS (\n    'team' = 'core', 'pii' = ''\n  )"
    )
    table.execute(
        "ALTER TABLE `main`.`default`.`t`\n  ALTER COLUMN `email`\n  SET TAGS ('pii' = 'yes')"
    )
    assert rows(table, DBT_TABLE_TAGS) == [("pii", ""), ("team", "core")]
    assert rows(table, DBT_COLUMN_TAGS) == [("email", "pii", "yes")]
    # Set again with another value: overwritten, not added.
    table.execute("ALTER TABLE t SET TAGS ('team' = 'growth')")
    assert rows(table, DBT_TABLE_TAGS) == [("pii", ""), ("team", "growth")]
    table.execute("ALTER TABLE t ALTER COLUMN email UNSET TAGS ('pii')")
    table.execute("ALTER TABLE t UNSET TAGS ('pii', 'absent')")
    assert rows(table, DBT_TABLE_TAGS) == [("team", "growth")]
    assert rows(table, DBT_COLUMN_TAGS) == []


def test_information_schema_columns(table: DuckDBSession) -> None:
    run_all(
        table,
        "SET TAG ON CATALOG main cost_center = `hr`;;"
        "SET TAG ON SCHEMA main.default owner_team = data;;"
        "SET TAG ON TABLE t certified;;"
        "SET TAG ON COLUMN main.default.t.id key = `primary`",
    )
    assert rows(table, "select * from main.information_schema.catalog_tags") == [
        ("main", "cost_center", "hr")
    ]
    assert rows(table, "select * from system.information_schema.schema_tags") == [
        ("main", "default", "owner_team", "data")
    ]
    assert rows(table, "select * from main.information_schema.table_tags") == [
        ("main", "default", "t", "certified", "")
    ]
    assert rows(table, "select * from main.information_schema.column_tags") == [
        ("main", "default", "t", "id", "key", "primary")
    ]
    columns = table.execute("select * from main.information_schema.column_tags").columns
    assert [c.name for c in columns] == [
        "catalog_name",
        "schema_name",
        "table_name",
        "column_name",
        "tag_name",
        "tag_value",
    ]
    run_all(
        table,
        "UNSET TAG ON CATALOG main cost_center;;UNSET TAG ON SCHEMA main.default owner_team;;"
        "UNSET TAG ON TABLE t certified;;UNSET TAG ON COLUMN main.default.t.id key",
    )
    for kind in ("catalog", "schema", "table", "column"):
        assert rows(table, f"select * from system.information_schema.{kind}_tags") == []


def test_schema_catalog_and_view_tags(table: DuckDBSession) -> None:
    run_all(
        table,
        "create view v as select id from t;;"
        "ALTER VIEW v SET TAGS ('layer' = 'gold');;"
        "ALTER TABLE v ALTER COLUMN id SET TAGS ('key' = 'yes');;"
        "ALTER SCHEMA default SET TAGS ('domain' = 'sales');;"
        "ALTER DATABASE main.default SET TAGS ('tier' = '1');;"
        "ALTER CATALOG main SET TAGS ('env' = 'dev')",
    )
    assert rows(table, "select table_name, tag_name from main.information_schema.table_tags") == [
        ("v", "layer")
    ]
    assert rows(table, "select column_name from main.information_schema.column_tags") == [("id",)]
    assert rows(table, "select tag_name, tag_value from main.information_schema.schema_tags") == [
        ("domain", "sales"),
        ("tier", "1"),
    ]
    table.execute("ALTER SCHEMA default UNSET TAGS ('tier')")
    assert rows(table, "select tag_name from main.information_schema.schema_tags") == [("domain",)]
    assert rows(table, "select tag_value from main.information_schema.catalog_tags") == [("dev",)]
    fails(table, "ALTER VIEW t SET TAGS ('a' = 'b')", "EXPECT_VIEW_NOT_TABLE.USE_ALTER_TABLE")


def test_set_tag_on_refuses_an_existing_key(table: DuckDBSession) -> None:
    table.execute("SET TAG ON TABLE t team = core")
    error = fails(table, "SET TAG ON TABLE t team = growth", "INVALID_PARAMETER_VALUE")
    assert "team is already assigned to table main.default.t" in error.message


def test_errors(table: DuckDBSession) -> None:
    fails(
        table,
        "ALTER TABLE t ALTER COLUMN nope SET TAGS ('a' = 'b')",
        "UNRESOLVED_COLUMN.WITH_SUGGESTION",
    )
    fails(table, "ALTER TABLE missing SET TAGS ('a' = 'b')", "TABLE_OR_VIEW_NOT_FOUND")
    fails(table, "ALTER SCHEMA missing SET TAGS ('a' = 'b')", "SCHEMA_NOT_FOUND")
    fails(table, "SET TAG ON VOLUME main.default.vol a = b", "NOT_SUPPORTED_BY_LOCAL_WAREHOUSE")
    fails(table, "ALTER TABLE t SET TAGS ()", "PARSE_SYNTAX_ERROR")


def test_tags_follow_the_table(table: DuckDBSession) -> None:
    run_all(
        table,
        "ALTER TABLE t SET TAGS ('team' = 'core');;"
        "ALTER TABLE t ALTER COLUMN email SET TAGS ('pii' = 'yes');;"
        "ALTER TABLE t ALTER COLUMN id SET TAGS ('key' = 'yes')",
    )
    # A replaced table keeps its tags, and those of the columns it still has.
    table.execute("create or replace table t as select 1 as id, 'x' as name")
    assert rows(table, DBT_TABLE_TAGS) == [("team", "core")]
    assert rows(table, DBT_COLUMN_TAGS) == [("id", "key", "yes")]
    table.execute("alter table t rename column id to key_id")
    assert rows(table, DBT_COLUMN_TAGS) == [("key_id", "key", "yes")]
    table.execute("alter table t drop column key_id")
    table.execute("alter table t add column key_id int")
    assert rows(table, DBT_COLUMN_TAGS) == []
    table.execute("alter table t rename to t2")
    assert rows(table, "select table_name from main.information_schema.table_tags") == [("t2",)]
    table.execute("drop table t2")
    table.execute("create table t2 (id int)")
    assert rows(table, "select * from main.information_schema.table_tags") == []


def test_tags_are_durable(data_dir: Path) -> None:
    engine = DuckDBEngine(data_dir)
    session = engine.open_session(ALICE, "main", "default")
    run_all(
        session,
        "create table t (id int);;ALTER TABLE t SET TAGS ('team' = 'core');;"
        "ALTER TABLE t ALTER COLUMN id SET TAGS ('key' = 'yes');;"
        "ALTER SCHEMA default SET TAGS ('domain' = 'sales');;"
        "ALTER CATALOG main SET TAGS ('env' = 'dev')",
    )
    engine.close()
    engine = DuckDBEngine(data_dir)
    session = engine.open_session(ALICE, "main", "default")
    assert rows(session, DBT_TABLE_TAGS) == [("team", "core")]
    assert rows(session, DBT_COLUMN_TAGS) == [("id", "key", "yes")]
    assert rows(session, "select tag_name from main.information_schema.schema_tags") == [
        ("domain",)
    ]
    assert rows(session, "select tag_name from main.information_schema.catalog_tags") == [("env",)]
    engine.close()
