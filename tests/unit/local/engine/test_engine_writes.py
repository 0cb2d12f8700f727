"""INSERT, INSERT OVERWRITE, REPLACE WHERE / REPLACE ON, MERGE, UPDATE, DELETE and TRUNCATE,
in the shapes dbt-databricks' seeds, incremental strategies and snapshots send."""

from __future__ import annotations

from engine_helpers import column_types, fails, rows, run_all

from dbt.adapters.databricks_envs.local.engine import DuckDBSession

SETUP = """
create or replace table main.default.target (id bigint, name string, updated date) using delta;;
insert into main.default.target values (1, 'a', '2024-01-01'), (2, 'b', '2024-01-02');;
create or replace temporary view target__dbt_tmp as
  select * from values (2, 'B', date'2024-02-02'), (3, 'c', date'2024-02-03')
  as s(id, name, updated)
"""


def test_seed_inserts(session: DuckDBSession) -> None:
    session.execute(
        "create table main.default.seed (id bigint, name string, ts timestamp) using delta"
    )
    result = session.execute(
        "insert overwrite `main`.`default`.`seed` values\n"
        "          (1,'x','2020-01-01 10:00:00'),(2,'y','2020-01-02 00:00:00')"
    )
    assert column_types(result) == [
        ("num_affected_rows", "bigint"),
        ("num_inserted_rows", "bigint"),
    ]
    assert result.rows_affected == 2
    session.execute("insert into `main`.`default`.`seed` values (3,'z',NULL)")
    session.execute("insert overwrite `main`.`default`.`seed` values (4,'w',NULL)")
    assert rows(session, "select id from seed") == [(4,)]


def test_append_by_name_and_column_list(session: DuckDBSession) -> None:
    run_all(session, SETUP)
    session.execute("insert into main.default.target by name select * from target__dbt_tmp")
    session.execute(
        "insert into main.default.target (`id`, `name`) select `id`, `name` from target__dbt_tmp"
    )
    assert len(rows(session, "select * from target")) == 6
    assert rows(session, "select count(*) from target where updated is null") == [(2,)]


def test_merge_update_set_star_insert_star(session: DuckDBSession) -> None:
    run_all(session, SETUP)
    result = session.execute(
        """merge
    into
        `main`.`default`.`target` as DBT_INTERNAL_DEST
    using
        `target__dbt_tmp` as DBT_INTERNAL_SOURCE
    on
        DBT_INTERNAL_SOURCE.`id` <=> DBT_INTERNAL_DEST.`id`
    when matched
        then update set
            *
    when not matched
        then insert
            *"""
    )
    assert rows(session, "select * from target order by id") == [
        (1, "a", _date("2024-01-01")),
        (2, "B", _date("2024-02-02")),
        (3, "c", _date("2024-02-03")),
    ]
    assert [c.name for c in result.columns] == [
        "num_affected_rows",
        "num_updated_rows",
        "num_deleted_rows",
        "num_inserted_rows",
    ]
    assert rows(session, "select 1") and result.table.to_pylist()[0]["num_inserted_rows"] == 1


def test_merge_stars_match_columns_by_name(session: DuckDBSession) -> None:
    session.execute("create table t (a int, b string)")
    session.execute("insert into t values (1, 'x')")
    session.execute("create temporary view s as select 'y' as b, 1 as a, true as extra")
    session.execute("merge into t using s on s.a = t.a when matched then update set *")
    assert rows(session, "select * from t") == [(1, "y")]


def test_merge_conditions_and_not_matched_by_source(session: DuckDBSession) -> None:
    run_all(session, SETUP)
    session.execute(
        """merge into main.default.target as t using target__dbt_tmp as s
        on s.id <=> t.id
        when matched and (s.name <> t.name) then update set t.name = s.name
        when not matched and (s.id > 100) then insert (id, name) values (s.id, s.name)
        when not matched by source and (t.id = 1) then delete"""
    )
    assert rows(session, "select id, name from target order by id") == [(2, "B")]


def test_merge_with_schema_evolution_adds_columns(session: DuckDBSession) -> None:
    session.execute("create table t (id int)")
    session.execute("insert into t values (1)")
    session.execute(
        "merge with schema evolution into t using (select 1 as id, 'new' as extra) as s "
        "on s.id = t.id when matched then update set * when not matched then insert *"
    )
    assert rows(session, "select * from t") == [(1, "new")]
    assert rows(session, "describe table t") == [("id", "int", None), ("extra", "string", None)]


def test_snapshot_merge(session: DuckDBSession) -> None:
    session.execute(
        "create table snap as select 1 as id, cast('2024-01-01' as timestamp) as dbt_valid_from, "
        "cast(null as timestamp) as dbt_valid_to, 'x1' as dbt_scd_id"
    )
    session.execute(
        "create temporary view snap__dbt_tmp as select 1 as id, "
        "cast('2024-01-01' as timestamp) as dbt_valid_from, "
        "cast('2024-02-01' as timestamp) as dbt_valid_to, 'x1' as dbt_scd_id, "
        "'update' as dbt_change_type union all select 1, cast('2024-02-01' as timestamp), "
        "null, 'x2', 'insert'"
    )
    session.execute(
        """merge into `main`.`default`.`snap` as DBT_INTERNAL_DEST
    using snap__dbt_tmp as DBT_INTERNAL_SOURCE
    on DBT_INTERNAL_SOURCE.dbt_scd_id = DBT_INTERNAL_DEST.dbt_scd_id
    when matched
     and DBT_INTERNAL_DEST.dbt_valid_to is null
     and DBT_INTERNAL_SOURCE.dbt_change_type in ('update', 'delete')
        then update
        set dbt_valid_to = DBT_INTERNAL_SOURCE.dbt_valid_to
    when not matched
     and DBT_INTERNAL_SOURCE.dbt_change_type = 'insert'
        then insert *"""
    )
    assert rows(session, "select dbt_scd_id, dbt_valid_to is null from snap order by 1") == [
        ("x1", False),
        ("x2", True),
    ]


def test_replace_where(session: DuckDBSession) -> None:
    run_all(session, SETUP)
    session.execute(
        "INSERT INTO `main`.`default`.`target` BY NAME REPLACE WHERE id >= 2 "
        "TABLE `target__dbt_tmp`"
    )
    assert rows(session, "select id, name from target order by id") == [
        (1, "a"),
        (2, "B"),
        (3, "c"),
    ]


def test_replace_on(session: DuckDBSession) -> None:
    run_all(session, SETUP)
    session.execute(
        """insert into table `main`.`default`.`target` AS t
        replace on (t.`id` <=> s.`id`)
        (select `id`, `name`, `updated` from `target__dbt_tmp`) AS s"""
    )
    assert rows(session, "select id, name from target order by id") == [
        (1, "a"),
        (2, "B"),
        (3, "c"),
    ]


def test_insert_overwrite_whole_table_and_partitions(session: DuckDBSession) -> None:
    session.execute("create table p (id int, day string) using delta partitioned by (day)")
    session.execute("insert into p values (1, 'mon'), (2, 'tue')")
    session.execute("insert overwrite table p by name select 3 as id, 'tue' as day")
    assert rows(session, "select * from p") == [(3, "tue")]
    session.execute("insert into p values (4, 'mon')")
    session.execute("insert overwrite table p partition (day = 'mon') select 5")
    assert rows(session, "select * from p order by id") == [(3, "tue"), (5, "mon")]
    session.execute("set spark.sql.sources.partitionOverwriteMode = DYNAMIC")
    session.execute("insert overwrite table p partition (day) select 6 as id, 'wed' as day")
    assert rows(session, "select * from p order by id") == [(3, "tue"), (5, "mon"), (6, "wed")]


def test_update_delete_truncate(session: DuckDBSession) -> None:
    run_all(session, SETUP)
    assert (
        session.execute("update main.default.target set name = 'z' where id = 1").rows_affected == 1
    )
    assert rows(session, "select name from target where id = 1") == [("z",)]
    session.execute(
        "delete from main.default.target where main.default.target.id in "
        "(select id from target__dbt_tmp)"
    )
    assert rows(session, "select id from target") == [(1,)]
    session.execute("truncate table main.default.target")
    assert rows(session, "select count(*) from target") == [(0,)]


def test_writes_need_an_existing_table(session: DuckDBSession) -> None:
    session.execute("create view v as select 1 as x")
    fails(session, "insert into nope values (1)", "TABLE_OR_VIEW_NOT_FOUND")
    fails(session, "insert into v values (1)", "EXPECT_TABLE_NOT_VIEW.NO_ALTERNATIVE")
    fails(session, "delete from nope", "TABLE_OR_VIEW_NOT_FOUND")


def test_failed_write_changes_nothing(session: DuckDBSession) -> None:
    run_all(session, SETUP)
    fails(
        session,
        "insert overwrite main.default.target select id, name, cast('bad' as date) from target",
        "CAST_INVALID_INPUT",
    )
    assert len(rows(session, "select * from target")) == 2


def _date(text: str) -> object:
    import datetime

    return datetime.date.fromisoformat(text)


def test_overwrite_reads_the_rows_it_replaces_through_views(session: DuckDBSession) -> None:
    # dbt's insert_overwrite strategy reads the model through a temporary view: the view must
    # see the rows as they were before the overwrite, as on Databricks, not an emptied table.
    run_all(
        session,
        "create table t (a int, d int);; insert into t values (1, 1), (2, 1), (3, 2);;"
        "create or replace temporary view tmp as select a + 10 as a, d from t where d = 1;;"
        "insert overwrite table t select * from tmp",
    )
    assert rows(session, "select a, d from t order by a") == [(11, 1), (12, 1)]
    run_all(
        session,
        "create view doubled as select a * 2 as a, d from t;;"
        "insert into t replace where d = 1 select * from doubled",
    )
    assert rows(session, "select a, d from t order by a") == [(22, 1), (24, 1)]
