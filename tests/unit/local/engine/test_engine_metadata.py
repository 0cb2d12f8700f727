"""SHOW, DESCRIBE and information_schema, checked against what dbt-databricks parses."""

from __future__ import annotations

import json
import re

from dbt_statements import uc_tables
from engine_helpers import ALICE, fails, one, rows, run_all

from dbt.adapters.databricks_envs.local.engine import DuckDBSession

SETUP = """
create schema main.analytics;;
create table main.analytics.orders (
  id bigint comment 'pk', amount decimal(10,2), tags array<string>
) using delta partitioned by (amount) comment 'all orders' tblproperties ('k' = 'v');;
create view main.analytics.big_orders comment 'large ones' as select id from main.analytics.orders
"""

UC_TABLES = uc_tables("analytics")

# dbt-databricks' get_catalog_relations query (docs generate), verbatim.
CATALOG = """
WITH tables AS (
  SELECT
  table_catalog AS table_database,
  table_schema,
  table_name,
  lower(table_type) AS table_type,
  comment AS table_comment,
  table_owner,
  'Last Modified' AS `stats:last_modified:label`,
  last_altered AS `stats:last_modified:value`,
  'The timestamp for last update/change' AS `stats:last_modified:description`,
  (last_altered IS NOT NULL AND table_type NOT ILIKE '%VIEW%') AS `stats:last_modified:include`
FROM `system`.`information_schema`.`tables`
  WHERE table_catalog = 'main' AND (
  (
    table_schema = 'analytics'
    AND table_name = 'orders'
  ))
),
columns AS (
  SELECT
  table_catalog AS table_database,
  table_schema,
  table_name,
  column_name,
  ordinal_position AS column_index,
  lower(full_data_type) AS column_type,
  comment AS column_comment
FROM `system`.`information_schema`.`columns`
  WHERE table_catalog = 'main' AND (
  (
    table_schema = 'analytics'
    AND table_name = 'orders'
  ))
)
SELECT *
FROM tables
JOIN columns USING (table_database, table_schema, table_name)
ORDER BY column_index
"""


def test_uc_tables_query(session: DuckDBSession) -> None:
    run_all(session, SETUP)
    assert rows(session, UC_TABLES + " ORDER BY 1") == [
        ("big_orders", "view", None, ALICE.name, None),
        ("orders", "table", "delta", ALICE.name, "managed"),
    ]


def test_docs_catalog_query(session: DuckDBSession) -> None:
    run_all(session, SETUP)
    result = rows(session, CATALOG)
    assert [(r[0], r[3], r[4], r[10], r[11], r[12]) for r in result] == [
        ("main", "managed", "all orders", "id", 0, "bigint"),
        ("main", "managed", "all orders", "amount", 1, "decimal(10,2)"),
        ("main", "managed", "all orders", "tags", 2, "array<string>"),
    ]
    assert result[0][13] == "pk"


def test_catalog_information_schema_is_filtered(session: DuckDBSession) -> None:
    run_all(session, SETUP)
    session.execute("create table dev.default.elsewhere (x int)")
    assert one(session, "select count(*) from dev.information_schema.tables") == 1
    assert one(session, "select count(*) from information_schema.tables") == 2
    assert one(session, "select count(*) from system.information_schema.tables") == 3
    assert rows(
        session,
        "select catalog_name from system.information_schema.catalogs order by 1",
    ) == [("dev",), ("main",), ("prod",)]
    assert ("main", "information_schema") in rows(
        session, "select catalog_name, schema_name from main.information_schema.schemata"
    )
    for empty in (
        "table_constraints",
        "key_column_usage",
        "referential_constraints",
        "constraint_column_usage",
        "row_filters",
        "column_masks",
        "table_tags",
        "column_tags",
        "schema_tags",
        "catalog_tags",
    ):
        assert rows(session, f"select * from `main`.`information_schema`.`{empty}`") == []
    fails(session, "select * from main.information_schema.nope", "TABLE_OR_VIEW_NOT_FOUND")


def test_information_schema_follows_every_change(session: DuckDBSession) -> None:
    query = "select table_name from main.information_schema.tables where table_schema = 'analytics'"
    run_all(session, SETUP)
    session.execute("alter table main.analytics.orders rename to main.analytics.orders2")
    session.execute("drop view main.analytics.big_orders")
    assert rows(session, query) == [("orders2",)]
    session.execute("insert into main.analytics.orders2 values (1, 2.0, array('a'))")
    assert one(
        session,
        "select last_altered > created from main.information_schema.tables "
        "where table_name = 'orders2'",
    )
    session.execute("drop schema main.analytics cascade")
    assert rows(session, query) == []


def test_show_statements(session: DuckDBSession) -> None:
    run_all(session, SETUP)
    session.execute("create temporary view scratch as select 1 as x")
    assert rows(session, "SHOW SCHEMAS IN `main` LIKE 'analytics'") == [("analytics",)]
    assert rows(session, "SHOW TABLES IN `main`.`analytics`") == [
        ("analytics", "big_orders", False),
        ("analytics", "orders", False),
        ("", "scratch", True),
    ]
    assert rows(session, "SHOW VIEWS IN `main`.`analytics`") == [
        ("analytics", "big_orders", False),
        ("", "scratch", True),
    ]
    assert rows(session, "SHOW COLUMNS IN main.analytics.orders") == [
        ("id",),
        ("amount",),
        ("tags",),
    ]
    assert rows(session, "SHOW CATALOGS LIKE 'ma*|pro*'") == [("main",), ("prod",)]
    assert "PARTITIONED BY (amount)" in one(session, "SHOW CREATE TABLE main.analytics.orders")
    fails(session, "SHOW TABLES IN main.nope", "SCHEMA_NOT_FOUND")


def test_show_table_extended_information(session: DuckDBSession) -> None:
    run_all(session, SETUP)
    result = session.execute("SHOW TABLE EXTENDED IN main.analytics LIKE 'orders|big*'")
    assert [c.name for c in result.columns] == [
        "database",
        "tableName",
        "isTemporary",
        "information",
    ]
    found = {r["tableName"]: r["information"] for r in result.table.to_pylist()}
    orders = found["orders"]
    # The regular expressions dbt-databricks applies to this text.
    assert re.findall(r"^Owner: (.*)$", orders, re.MULTILINE) == [ALICE.name]
    assert re.findall(r"Comment: (.*)\n[A-Z][A-Za-z ]+:", orders, re.DOTALL) == ["all orders"]
    columns = re.findall(r"^ \|-- (.*): (.*) \(nullable = (.*)\b", orders, re.MULTILINE)
    assert columns == [
        ("id", "long", "true"),
        ("amount", "decimal(10,2)", "true"),
        ("tags", "array", "true"),
    ]
    assert "Provider: delta" in orders and "Type: MANAGED" in orders
    assert "Type: VIEW" in found["big_orders"]


def test_describe_extended_layout(session: DuckDBSession) -> None:
    run_all(session, SETUP)
    described = rows(session, "describe extended `main`.`analytics`.`orders`")
    separator = next(i for i, r in enumerate(described) if not r[0] or r[0].startswith("#"))
    assert described[:separator] == [
        ("id", "bigint", "pk"),
        ("amount", "decimal(10,2)", None),
        ("tags", "array<string>", None),
    ]
    metadata = {r[0]: r[1] for r in described[separator + 1 :]}
    assert metadata["Owner"] == ALICE.name
    assert metadata["Comment"] == "all orders"
    assert metadata["Type"] == "MANAGED"
    assert metadata["Table Properties"] == "[k=v]"


def test_describe_as_json_on_tables_and_temporary_views(session: DuckDBSession) -> None:
    run_all(session, SETUP)
    metadata = json.loads(one(session, "DESCRIBE TABLE EXTENDED main.analytics.orders AS JSON"))
    assert metadata["catalog_name"] == "main" and metadata["schema_name"] == "analytics"
    assert metadata["columns"][1]["type"] == {"name": "decimal", "precision": 10, "scale": 2}
    assert metadata["columns"][2]["type"] == {
        "name": "array",
        "element_type": {"name": "string"},
        "element_nullable": True,
    }
    assert metadata["partition_columns"] == ["amount"]
    session.execute(
        "create or replace temporary view orders__dbt_tmp as select * from main.analytics.orders"
    )
    temp = json.loads(one(session, "DESCRIBE TABLE EXTENDED orders__dbt_tmp AS JSON"))
    assert [c["name"] for c in temp["columns"]] == ["id", "amount", "tags"]
    assert rows(session, "DESCRIBE TABLE orders__dbt_tmp")[0] == ("id", "bigint", None)


def test_a_temporary_view_is_described_as_its_query_is(session: DuckDBSession) -> None:
    """DESCRIBE of a temporary view shows its columns as created: its aliases, and the types
    its query has on Databricks (sum of an int is a bigint, a decimal sum is wider)."""
    run_all(session, SETUP)
    query = (
        "select id, sum(cast(id as int)) as total, sum(amount) as amount, tags "
        "from main.analytics.orders group by id, tags"
    )
    session.execute(f"create or replace temporary view v (key, total, amount, tags) as {query}")
    expected = [(name, kind) for name, kind, _ in rows(session, f"DESCRIBE QUERY {query}")]
    assert [(name, kind) for name, kind, _ in rows(session, "DESCRIBE TABLE v")] == [
        ("key", "bigint"),
        *expected[1:],
    ]
    assert expected[1] == ("total", "bigint")
    session.execute("create or replace temporary view v as select 'x' as only")
    assert rows(session, "DESCRIBE TABLE v") == [("only", "string", None)]
    session.execute("drop view v")
    fails(session, "DESCRIBE TABLE v", "TABLE_OR_VIEW_NOT_FOUND")


def test_describe_schema_catalog_query_detail(session: DuckDBSession) -> None:
    run_all(session, SETUP)
    assert ("Owner", ALICE.name) in rows(session, "DESCRIBE SCHEMA EXTENDED main.analytics")
    assert ("Catalog Name", "main") in rows(session, "DESCRIBE CATALOG main")
    assert rows(session, "DESCRIBE QUERY select 1 as a, 'x' as b") == [
        ("a", "int", None),
        ("b", "string", None),
    ]
    detail = session.execute("DESCRIBE DETAIL main.analytics.orders").table.to_pylist()[0]
    assert detail["format"] == "delta"
    assert detail["description"] == "all orders"
    assert detail["partitionColumns"] == ["amount"]
