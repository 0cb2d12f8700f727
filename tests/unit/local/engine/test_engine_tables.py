"""CREATE, ALTER, COMMENT and DROP of tables and views, as dbt-databricks sends them."""

from __future__ import annotations

import json

from engine_helpers import BOB, fails, one, rows

from dbt.adapters.databricks_envs.local.engine import DuckDBEngine, DuckDBSession

# dbt-databricks' table materialization (create_table_as) with every clause it renders.
CTAS = """
/* {"app": "dbt", "node_id": "model.p.orders"} */
create or replace table `main`.`default`.`orders`
  using delta
  partitioned by (region)
  comment 'One row per order: it\\'s the grain'
  tblproperties (
    'delta.autoOptimize.optimizeWrite' = 'true' , 'owner_team' = 'sales'
  )
  as
  select 1 as id, 'eu' as region, sum(10) as amount
"""


def test_create_table_as_select_keeps_every_clause(session: DuckDBSession) -> None:
    session.execute(CTAS)
    assert rows(session, "SELECT * FROM orders") == [(1, "eu", 10)]
    described = rows(session, "DESCRIBE TABLE EXTENDED main.default.orders")
    assert described[:3] == [
        ("id", "int", None),
        ("region", "string", None),
        ("amount", "bigint", None),
    ]
    assert described[3:6] == [
        ("# Partition Information", "", ""),
        ("# col_name", "data_type", "comment"),
        ("region", "string", None),
    ]
    assert ("Comment", "One row per order: it's the grain", "") in described
    assert ("Provider", "delta", "") in described
    assert rows(session, "SHOW TBLPROPERTIES orders") == [
        ("delta.autoOptimize.optimizeWrite", "true"),
        ("owner_team", "sales"),
    ]


def test_create_table_with_columns_comments_and_constraints(session: DuckDBSession) -> None:
    session.execute(
        """create or replace table main.default.typed (
            id bigint not null comment 'identifier',
            name string comment 'who',
            constraint pk_typed primary key (id)
        ) using delta cluster by (id) comment 'typed table'"""
    )
    described = rows(session, "DESCRIBE TABLE main.default.typed")
    assert described[:2] == [("id", "bigint", "identifier"), ("name", "string", "who")]
    metadata = json.loads(one(session, "DESCRIBE TABLE EXTENDED main.default.typed AS JSON"))
    assert metadata["columns"][0] == {
        "name": "id",
        "type": {"name": "bigint"},
        "comment": "identifier",
        "nullable": False,
    }
    assert metadata["table_constraints"] == "[(pk_typed,PRIMARY KEY (`id`))]"
    assert metadata["clustering_columns"] == [["id"]]
    assert ("clusteringColumns", '[["id"]]') in rows(session, "SHOW TBLPROPERTIES typed")
    fails(session, "INSERT INTO typed VALUES (NULL, 'x')", "DELTA_NOT_NULL_CONSTRAINT_VIOLATED")


def test_create_if_not_exists_and_already_exists(session: DuckDBSession) -> None:
    session.execute("CREATE TABLE t (x INT)")
    session.execute("CREATE TABLE IF NOT EXISTS t (y STRING)")
    assert rows(session, "DESCRIBE TABLE t") == [("x", "int", None)]
    error = fails(session, "CREATE TABLE t (x INT)", "TABLE_OR_VIEW_ALREADY_EXISTS")
    assert "`main`.`default`.`t`" in error.message
    fails(session, "CREATE TABLE nope.t (x INT)", "SCHEMA_NOT_FOUND")


def test_failed_replace_keeps_the_old_table(session: DuckDBSession) -> None:
    session.execute("CREATE TABLE t AS SELECT 1 AS x")
    fails(session, "CREATE OR REPLACE TABLE t AS SELECT 1 / 0 AS x", "DIVIDE_BY_ZERO")
    fails(session, "CREATE OR REPLACE TABLE t AS SELECT * FROM missing", "TABLE_OR_VIEW_NOT_FOUND")
    assert rows(session, "SELECT * FROM t") == [(1,)]


def test_replace_keeps_owner_and_creation_time(
    engine: DuckDBEngine, session: DuckDBSession
) -> None:
    session.execute("CREATE TABLE t AS SELECT 1 AS x")
    created = one(
        session, "SELECT created FROM main.information_schema.tables WHERE table_name = 't'"
    )
    bob = engine.open_session(BOB)
    bob.execute("CREATE OR REPLACE TABLE t AS SELECT 2 AS x")
    assert rows(
        session,
        "SELECT table_owner, created, last_altered_by FROM main.information_schema.tables "
        "WHERE table_name = 't'",
    ) == [(session.principal.name, created, BOB.name)]


def test_views_keep_their_text_and_column_comments(session: DuckDBSession) -> None:
    session.execute("CREATE TABLE base AS SELECT 1 AS id, 'a' AS name")
    session.execute(
        """create or replace view `main`.`default`.`v` (
    `id` comment 'the id',
	`name`
  )
  comment 'a view'
  tblproperties ('k' = 'v')
  as (
    select id, name from base
  )"""
    )
    assert rows(session, "SELECT * FROM v") == [(1, "a")]
    described = rows(session, "DESCRIBE TABLE EXTENDED v")
    assert described[:2] == [("id", "int", "the id"), ("name", "string", None)]
    assert ("View Text", "(\n    select id, name from base\n  )", "") in described
    assert ("Type", "VIEW", "") in described
    assert rows(
        session,
        "SELECT view_definition FROM system.information_schema.views WHERE table_name = 'v'",
    ) == [("(\n    select id, name from base\n  )",)]
    session.execute("ALTER VIEW v AS select id from base")
    assert rows(session, "SELECT * FROM v") == [(1,)]
    assert ("Comment", "a view", "") in rows(session, "DESCRIBE TABLE EXTENDED v")


def test_table_and_view_kinds_do_not_mix(session: DuckDBSession) -> None:
    session.execute("CREATE TABLE t AS SELECT 1 AS x")
    session.execute("CREATE VIEW v AS SELECT 1 AS x")
    fails(session, "DROP VIEW t", "WRONG_COMMAND_FOR_OBJECT_TYPE")
    fails(session, "DROP TABLE v", "WRONG_COMMAND_FOR_OBJECT_TYPE")
    fails(session, "CREATE OR REPLACE VIEW t AS SELECT 1", "EXPECT_VIEW_NOT_TABLE.NO_ALTERNATIVE")
    fails(
        session,
        "ALTER TABLE v SET TBLPROPERTIES ('a' = 'b')",
        "EXPECT_TABLE_NOT_VIEW.USE_ALTER_VIEW",
    )


def test_alter_table(session: DuckDBSession) -> None:
    session.execute("CREATE TABLE t (id INT, name STRING) USING delta")
    session.execute("INSERT INTO t VALUES (1, 'a')")
    session.execute("ALTER TABLE t ADD COLUMNS (score DOUBLE COMMENT 'points', note STRING)")
    session.execute("ALTER TABLE t DROP COLUMNS (note)")
    session.execute("ALTER TABLE t ALTER COLUMN id TYPE BIGINT")
    session.execute("ALTER TABLE t ALTER COLUMN name COMMENT 'who'")
    session.execute("ALTER TABLE t RENAME COLUMN score TO points")
    assert rows(session, "DESCRIBE TABLE t") == [
        ("id", "bigint", None),
        ("name", "string", "who"),
        ("points", "double", "points"),
    ]
    session.execute("ALTER TABLE t SET TBLPROPERTIES ('a' = '1', 'b' = '2')")
    session.execute("ALTER TABLE t UNSET TBLPROPERTIES ('a')")
    assert rows(session, "SHOW TBLPROPERTIES t") == [("b", "2")]
    assert rows(session, "SHOW TBLPROPERTIES t ('b')") == [("b", "2")]
    session.execute("ALTER TABLE main.default.t RENAME TO main.default.t2")
    assert rows(session, "SELECT id, name FROM t2") == [(1, "a")]
    assert rows(session, "SHOW TBLPROPERTIES t2") == [("b", "2")]
    fails(session, "SELECT * FROM t", "TABLE_OR_VIEW_NOT_FOUND")
    fails(session, "ALTER TABLE t2 DROP COLUMNS (nope)", "UNRESOLVED_COLUMN.WITH_SUGGESTION")
    session.execute("ALTER TABLE t2 CHANGE COLUMN name SET NOT NULL")
    fails(session, "INSERT INTO t2 (id) VALUES (2)", "DELTA_NOT_NULL_CONSTRAINT_VIOLATED")
    session.execute("ALTER TABLE t2 ALTER COLUMN name DROP NOT NULL")
    session.execute("INSERT INTO t2 (id) VALUES (2)")
    session.execute("ALTER TABLE t2 OWNER TO `bob@example.com`")
    assert ("Owner", "bob@example.com", "") in rows(session, "DESCRIBE TABLE EXTENDED t2")


def test_comment_on(session: DuckDBSession) -> None:
    session.execute("CREATE TABLE t (id INT)")
    session.execute("CREATE SCHEMA s")
    session.execute("COMMENT ON TABLE main.default.t IS 'it''s a table'")
    session.execute("COMMENT ON COLUMN main.default.t.`id` IS 'the \\'id\\''")
    session.execute("COMMENT ON SCHEMA main.s IS 'a schema'")
    session.execute("COMMENT ON CATALOG main IS 'the main catalog'")
    assert rows(session, "DESCRIBE TABLE t") == [("id", "int", "the 'id'")]
    assert ("Comment", "its a table", "") in rows(session, "DESCRIBE TABLE EXTENDED t")
    assert ("Comment", "a schema") in rows(session, "DESCRIBE SCHEMA main.s")
    assert ("Comment", "the main catalog") in rows(session, "DESCRIBE CATALOG main")
    session.execute("COMMENT ON TABLE t IS NULL")
    assert not [r for r in rows(session, "DESCRIBE TABLE EXTENDED t") if r[0] == "Comment"]
    fails(session, "COMMENT ON COLUMN t.nope IS 'x'", "UNRESOLVED_COLUMN.WITH_SUGGESTION")


def test_drop(session: DuckDBSession) -> None:
    session.execute("CREATE TABLE t AS SELECT 1 AS x")
    session.execute("DROP TABLE t")
    session.execute("DROP TABLE IF EXISTS t")
    session.execute("DROP VIEW IF EXISTS v")
    fails(session, "DROP TABLE t", "TABLE_OR_VIEW_NOT_FOUND")


def test_maintenance_statements_need_the_table(session: DuckDBSession) -> None:
    session.execute("CREATE TABLE t AS SELECT 1 AS x")
    for statement in (
        "OPTIMIZE t ZORDER BY (x)",
        "OPTIMIZE main.default.t",
        "ANALYZE TABLE t COMPUTE STATISTICS",
        "VACUUM t",
        "REFRESH TABLE t",
    ):
        assert session.execute(statement).columns == []
    fails(session, "OPTIMIZE nope", "TABLE_OR_VIEW_NOT_FOUND")
