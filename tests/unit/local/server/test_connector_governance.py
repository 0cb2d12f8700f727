"""Tags, SQL functions, row filters, column masks and clones through the unmodified
databricks-sql-connector, on a warehouse with two users: the statements and information_schema
questions dbt-databricks sends, and their refusals as the connector reports them."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import databricks.sql
import pytest
from databricks.sql.exc import ServerOperationError

from dbt.adapters.databricks_envs.local.server import LocalWarehouse, open_warehouse

CONFIG = """
users: [alice@example.com, bob@example.com]
groups: [{name: analysts, members: [alice@example.com]}]
tokens:
  - {token: dapi-admin, principal: admin@localhost}
  - {token: dapi-alice, principal: alice@example.com}
  - {token: dapi-bob, principal: bob@example.com}
catalogs: [dev]
grants:
  - {principal: account users, on: catalog dev, privileges: [USE CATALOG]}
  - {principal: account users, on: schema dev.gov, privileges: [USE SCHEMA]}
"""


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalWarehouse]:
    root = tmp_path_factory.mktemp("governance")
    (root / "warehouse.yml").write_text(CONFIG)
    with open_warehouse(root / "data", root / "warehouse.yml").start() as running:
        yield running


def sql(warehouse: LocalWarehouse, token: str, *statements: str) -> list[tuple[Any, ...]]:
    """Runs the statements in one session; the rows of the last."""
    found: list[tuple[Any, ...]] = []
    with (
        databricks.sql.connect(
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
            found = [tuple(r) for r in cursor.fetchall()] if cursor.description else []
    return found


def refused(warehouse: LocalWarehouse, token: str, statement: str) -> str:
    with pytest.raises(ServerOperationError) as caught:
        sql(warehouse, token, statement)
    return str(caught.value)


def test_tags(warehouse: LocalWarehouse) -> None:
    sql(
        warehouse,
        "dapi-admin",
        "create table dev.gov.tagged (id int, email string)",
        "ALTER table `dev`.`gov`.`tagged` SET TAGS ('team' = 'core')",
        "ALTER TABLE `dev`.`gov`.`tagged` ALTER COLUMN `email` SET TAGS ('pii' = 'yes')",
        "SET TAG ON SCHEMA dev.gov domain = sales",
    )
    assert sql(
        warehouse,
        "dapi-admin",
        "SELECT tag_name, tag_value FROM `system`.`information_schema`.`table_tags` "
        "WHERE catalog_name = 'dev' AND schema_name = 'gov' AND table_name = 'tagged'",
    ) == [("team", "core")]
    assert sql(
        warehouse,
        "dapi-admin",
        "SELECT column_name, tag_name, tag_value FROM `system`.`information_schema`.`column_tags`"
        " WHERE catalog_name = 'dev' AND schema_name = 'gov' AND table_name = 'tagged'",
    ) == [("email", "pii", "yes")]
    assert "User does not have APPLY TAG on Table 'dev.gov.tagged'." in refused(
        warehouse, "dapi-alice", "ALTER TABLE dev.gov.tagged SET TAGS ('team' = 'mine')"
    )
    sql(warehouse, "dapi-admin", "GRANT APPLY TAG ON TABLE dev.gov.tagged TO `analysts`")
    sql(warehouse, "dapi-alice", "ALTER TABLE dev.gov.tagged UNSET TAGS ('team')")
    assert sql(
        warehouse, "dapi-admin", "select tag_name from dev.information_schema.schema_tags"
    ) == [("domain",)]
    assert "not supported by the local warehouse: tags on volumes" in refused(
        warehouse, "dapi-admin", "SET TAG ON VOLUME dev.gov.files a = b"
    )


def test_functions(warehouse: LocalWarehouse) -> None:
    sql(
        warehouse,
        "dapi-admin",
        "CREATE OR REPLACE FUNCTION `dev`.`gov`.`add_tax` (price DOUBLE, rate DOUBLE)\n"
        "RETURNS DOUBLE\nLANGUAGE SQL\nRETURN\nround(price * (1 + rate), 2)",
    )
    assert sql(warehouse, "dapi-admin", "select dev.gov.add_tax(10, 0.1) as taxed") == [(11.0,)]
    assert "User does not have EXECUTE on Function 'dev.gov.add_tax'." in refused(
        warehouse, "dapi-alice", "select dev.gov.add_tax(10, 0.1)"
    )
    sql(warehouse, "dapi-admin", "GRANT EXECUTE ON FUNCTION dev.gov.add_tax TO `analysts`")
    assert sql(warehouse, "dapi-alice", "select dev.gov.add_tax(10, 0.1)") == [(11.0,)]
    assert sql(
        warehouse,
        "dapi-alice",
        "select routine_name, data_type from system.information_schema.routines "
        "where routine_schema = 'gov'",
    ) == [("add_tax", "DOUBLE")]
    assert sql(
        warehouse,
        "dapi-admin",
        "select grantee, privilege_type from dev.information_schema.routine_privileges",
    ) == [("analysts", "EXECUTE")]
    assert sql(warehouse, "dapi-admin", "DESCRIBE FUNCTION dev.gov.add_tax")[0] == (
        "Function:    dev.gov.add_tax",
    )
    assert "not supported by the local warehouse: Python functions" in refused(
        warehouse,
        "dapi-admin",
        "CREATE OR REPLACE FUNCTION dev.gov.py (x INT) RETURNS INT LANGUAGE PYTHON AS\n"
        "$$\nreturn x\n$$",
    )
    sql(warehouse, "dapi-admin", "DROP FUNCTION IF EXISTS dev.gov.add_tax")
    assert "[UNRESOLVED_ROUTINE]" in refused(
        warehouse, "dapi-admin", "select dev.gov.add_tax(1, 1)"
    )


def test_row_filters_and_column_masks(warehouse: LocalWarehouse) -> None:
    sql(
        warehouse,
        "dapi-admin",
        "GRANT SELECT ON SCHEMA dev.gov TO `account users`",
        "CREATE FUNCTION dev.gov.analysts_only(region STRING) RETURNS BOOLEAN "
        "RETURN is_account_group_member('analysts') OR region = 'public'",
        "CREATE FUNCTION dev.gov.initials(name STRING) RETURNS STRING "
        "RETURN CASE WHEN current_user() = 'alice@example.com' THEN name ELSE left(name, 1) END",
        "CREATE TABLE dev.gov.people (name STRING, region STRING)",
        "INSERT INTO dev.gov.people VALUES ('Ada', 'public'), ('Grace', 'internal')",
        "ALTER TABLE `dev`.`gov`.`people` SET ROW FILTER `dev`.`gov`.`analysts_only` ON (`region`)",
        "ALTER TABLE `dev`.`gov`.`people` ALTER COLUMN `name` SET MASK `dev`.`gov`.`initials`;",
    )
    query = "SELECT name FROM dev.gov.people ORDER BY name"
    assert sql(warehouse, "dapi-alice", query) == [("Ada",), ("Grace",)]
    assert sql(warehouse, "dapi-bob", query) == [("A",)]
    assert sql(
        warehouse,
        "dapi-admin",
        "SELECT filter_name, target_columns FROM `dev`.`information_schema`.`row_filters` "
        "WHERE table_catalog = 'dev' AND table_schema = 'gov' AND table_name = 'people'",
    ) == [("dev.gov.analysts_only", "region")]
    assert "User is not an owner of Table 'dev.gov.people'." in refused(
        warehouse, "dapi-alice", "ALTER TABLE dev.gov.people DROP ROW FILTER"
    )


def test_clones(warehouse: LocalWarehouse) -> None:
    sql(
        warehouse,
        "dapi-admin",
        "CREATE TABLE dev.gov.source AS SELECT 1 AS id",
        "create or replace\n    table `dev`.`gov`.`copy`\n    shallow clone `dev`.`gov`.`source`",
        # Granted here too, so the test does not depend on the order tests run in.
        "GRANT SELECT ON SCHEMA dev.gov TO `account users`",
    )
    assert sql(
        warehouse,
        "dapi-admin",
        "SELECT table_name, if(table_type IN ('EXTERNAL', 'MANAGED', 'MANAGED_SHALLOW_CLONE', "
        "'EXTERNAL_SHALLOW_CLONE'), 'table', lower(table_type)) AS table_type, "
        "lower(table_type) AS databricks_table_type FROM `system`.`information_schema`.`tables` "
        "WHERE table_catalog = 'dev' AND table_schema = 'gov' AND table_name = 'copy'",
    ) == [("copy", "table", "managed_shallow_clone")]
    assert sql(warehouse, "dapi-alice", "select id from dev.gov.copy") == [(1,)]
    sql(
        warehouse,
        "dapi-admin",
        "INSERT INTO dev.gov.source VALUES (2)",
        "CREATE OR REPLACE TABLE dev.gov.copy SHALLOW CLONE dev.gov.source VERSION AS OF 0",
    )
    assert sql(warehouse, "dapi-alice", "select id from dev.gov.copy") == [(1,)]
