"""Row filters and column masks: set and dropped by ALTER TABLE or CREATE TABLE, applied to
every read for the reading principal, to MERGE, UPDATE and DELETE targets, reported in
information_schema and DESCRIBE ... AS JSON, and kept as the table changes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from engine_helpers import ALICE, BOB, fails, one, rows, run_all

from dbt.adapters.databricks_envs.local.engine import DuckDBEngine, DuckDBSession

FUNCTIONS = (
    "create function main.default.us_only(region string) returns boolean "
    "return is_account_group_member('analysts') or region = 'US';;"
    "create function main.default.redact(ssn string, keep string) returns string "
    "return case when current_user() = 'alice@example.com' then ssn "
    "else concat(keep, right(ssn, 2)) end;;"
    "create table people (id int, region string, ssn string);;"
    "insert into people values (1, 'US', '111-11'), (2, 'EU', '222-22'), (3, 'US', '333-33')"
)
# What dbt-databricks sends (alter_set_row_filter, alter_set_column_mask, fetch_*_sql).
SET_FILTER = (
    "ALTER table `main`.`default`.`people`\n  SET ROW FILTER "
    "`main`.`default`.`us_only`\n  ON (`region`)"
)
SET_MASK = (
    "ALTER table `main`.`default`.`people`\n  ALTER COLUMN `ssn`\n"
    "  SET MASK `main`.`default`.`redact`\n  USING COLUMNS ('***');"
)
DBT_ROW_FILTERS = (
    "SELECT\n    table_catalog,\n    table_schema,\n    table_name,\n    filter_name,\n"
    "    target_columns\n  FROM `main`.`information_schema`.`row_filters`\n"
    "  WHERE table_catalog = 'main'\n    AND table_schema = 'default'\n"
    "    AND table_name = 'people'"
)
DBT_COLUMN_MASKS = (
    "SELECT \n    column_name,\n    mask_name,\n    using_columns\n"
    "  FROM `system`.`information_schema`.`column_masks`\n"
    "  WHERE table_catalog = 'main'\n    AND table_schema = 'default'\n"
    "    AND table_name = 'people';"
)
READ = "select id, ssn from main.default.people order by id"


@pytest.fixture
def people(session: DuckDBSession) -> DuckDBSession:
    run_all(session, FUNCTIONS)
    return session


@pytest.fixture
def bob(engine: DuckDBEngine) -> DuckDBSession:
    return engine.open_session(BOB, "main", "default")


def test_applied_for_each_reader(people: DuckDBSession, bob: DuckDBSession) -> None:
    people.execute(SET_FILTER)
    people.execute(SET_MASK)
    assert rows(people, READ) == [(1, "111-11"), (2, "222-22"), (3, "333-33")]
    assert rows(bob, READ) == [(1, "***11"), (3, "***33")]
    # Every way of reading: aliases, joins, aggregates, subqueries, CTAS, temporary views.
    assert one(bob, "select count(*) from people p join people q on p.id = q.id") == 2
    assert rows(bob, "select p.ssn from people as p where p.id = 3") == [("***33",)]
    assert one(bob, "select max(id) from (select * from main.default.people)") == 3
    bob.execute("create table main.default.copy as select * from people")
    assert rows(people, "select id, ssn from copy order by id") == [(1, "***11"), (3, "***33")]
    bob.execute("create temporary view mine as select * from people")
    assert one(bob, "select count(*) from mine") == 2
    # Dropped: everyone reads everything again.
    people.execute("ALTER TABLE `main`.`default`.`people`\n  DROP ROW FILTER")
    people.execute("ALTER TABLE people ALTER COLUMN ssn DROP MASK;")
    assert rows(bob, READ) == [(1, "111-11"), (2, "222-22"), (3, "333-33")]


def test_information_schema_and_describe(people: DuckDBSession) -> None:
    assert rows(people, DBT_ROW_FILTERS) == []
    people.execute(SET_FILTER)
    people.execute(SET_MASK)
    assert rows(people, DBT_ROW_FILTERS) == [
        ("main", "default", "people", "main.default.us_only", "region")
    ]
    assert rows(people, DBT_COLUMN_MASKS) == [("ssn", "main.default.redact", "'***'")]
    metadata = json.loads(one(people, "describe table extended people as json"))
    assert metadata["row_filter"] == {
        "function_name": {
            "catalog_name": "main",
            "schema_name": "default",
            "function_name": "us_only",
        },
        "column_names": ["region"],
    }
    assert metadata["column_masks"][0]["column_name"] == "ssn"


def test_create_table_with_row_filter_and_masks(people: DuckDBSession, bob: DuckDBSession) -> None:
    # As dbt-databricks' table materialization sends them (v1: CTAS; v2: a column list).
    people.execute(
        "create or replace table `main`.`default`.`ctas`\n  using delta\n"
        "  WITH ROW FILTER `main`.`default`.`us_only` ON (`region`)\n"
        "  as\n  select * from main.default.people"
    )
    assert one(bob, "select count(*) from ctas") == 2
    people.execute(
        "create or replace table `main`.`default`.`listed` (\n"
        "  `id` int NOT NULL, `region` string,\n"
        "  `ssn` string COMMENT 'secret' MASK main.default.redact USING COLUMNS ('#'))\n"
        "  using delta\n  WITH ROW FILTER `main`.`default`.`us_only` ON (`region`)"
    )
    people.execute("insert into listed by name select * from people")
    assert rows(bob, "select id, ssn from listed order by id") == [(1, "#11"), (3, "#33")]
    assert rows(
        people,
        "select column_name, comment from main.information_schema.columns "
        "where table_name = 'listed' and column_name = 'ssn'",
    ) == [("ssn", "secret")]
    # A replaced table keeps them; so does a rename.
    people.execute("create or replace table listed as select * from people")
    assert rows(bob, "select id, ssn from listed order by id") == [(1, "#11"), (3, "#33")]
    people.execute("alter table listed rename to listed2")
    assert one(bob, "select count(*) from listed2") == 2


def test_writes_see_the_target_through_its_filter(
    people: DuckDBSession, bob: DuckDBSession
) -> None:
    people.execute(SET_FILTER)
    bob.execute("update people set ssn = 'seen' where id > 0")
    assert rows(people, "select id, ssn from people order by id") == [
        (1, "seen"),
        (2, "222-22"),
        (3, "seen"),
    ]
    bob.execute("delete from people where true")
    assert rows(people, "select id from people") == [(2,)]
    bob.execute(
        "merge into people as t using (select 2 as id, 'EU' as region, 'x' as ssn "
        "union all select 4, 'US', 'y') as s on s.id = t.id "
        "when matched then update set * when not matched then insert * "
        "when not matched by source then delete"
    )
    # Row 2 is hidden from Bob: not matched, so inserted again, and not deleted.
    assert rows(people, "select id, region from people order by id, ssn") == [
        (2, "EU"),
        (2, "EU"),
        (4, "US"),
    ]
    people.execute(SET_MASK)
    fails(bob, "update people set ssn = 'z' where ssn = 'y'", "NOT_SUPPORTED_BY_LOCAL_WAREHOUSE")
    bob.execute("update people set ssn = 'z' where id = 4")
    bob.execute("insert into people values (5, 'US', '555-55')")
    fails(bob, "insert overwrite people select * from people", "NOT_SUPPORTED_BY_LOCAL_WAREHOUSE")


def test_views_over_protected_tables_are_refused(people: DuckDBSession, bob: DuckDBSession) -> None:
    run_all(people, "create view v as select * from people;;create view vv as select * from v")
    people.execute(SET_FILTER)
    for view in ("v", "vv"):
        error = fails(bob, f"select * from {view}", "NOT_SUPPORTED_BY_LOCAL_WAREHOUSE")
        assert "over a table with a row filter or column masks" in error.message
    people.execute("ALTER TABLE people DROP ROW FILTER")
    assert one(bob, "select count(*) from vv") == 3


def test_errors(people: DuckDBSession) -> None:
    fails(
        people,
        "alter table people set row filter main.default.nope on (region)",
        "ROUTINE_NOT_FOUND",
    )
    fails(
        people,
        "alter table people set row filter main.default.us_only on (region, id)",
        "WRONG_NUM_ARGS.WITHOUT_SUGGESTION",
    )
    fails(
        people,
        "alter table people set row filter main.default.redact on (ssn, region)",
        "DATATYPE_MISMATCH.FILTER_NOT_BOOLEAN",
    )
    fails(
        people,
        "alter table people set row filter main.default.us_only on (nope)",
        "UNRESOLVED_COLUMN.WITH_SUGGESTION",
    )
    fails(
        people,
        "alter table people alter column nope set mask main.default.redact",
        "UNRESOLVED_COLUMN.WITH_SUGGESTION",
    )
    people.execute("create view pv as select * from people")
    fails(
        people,
        "alter table pv set row filter main.default.us_only on (region)",
        "EXPECT_TABLE_NOT_VIEW.USE_ALTER_VIEW",
    )
    fails(
        people,
        "alter view pv set row filter main.default.us_only on (region)",
        "NOT_SUPPORTED_BY_LOCAL_WAREHOUSE",
    )


def test_durable(data_dir: Path) -> None:
    engine = DuckDBEngine(data_dir)
    session = engine.open_session(ALICE, "main", "default")
    run_all(session, FUNCTIONS)
    session.execute(SET_FILTER)
    session.execute(SET_MASK)
    engine.close()
    engine = DuckDBEngine(data_dir)
    bob = engine.open_session(BOB, "main", "default")
    assert rows(bob, READ) == [(1, "***11"), (3, "***33")]
    engine.close()
