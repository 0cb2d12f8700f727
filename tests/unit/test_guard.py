"""The write guard's analysis, example by example: what each kind of statement writes."""

from __future__ import annotations

import pickle

import pytest

from dbt.adapters.databricks_envs.guard import (
    Analysis,
    UnparsableWrite,
    Write,
    analyze,
    check,
)

DBT_COMMENT = (
    '/* {"app": "dbt", "dbt_version": "1.10.13", "dbt_databricks_version": "1.12.7", '
    '"profile_name": "jaffle_shop", "target_name": "dev", "node_id": "model.jaffle_shop.orders"} */'
)


def writes(sql: str, current_catalog: str = "dev") -> set[tuple[str, str]]:
    return {(write.catalog, write.action) for write in analyze(sql, current_catalog).writes}


@pytest.mark.parametrize(
    ("sql", "expected"),
    [
        # CREATE / REPLACE
        ("create table prod.s.t (a int)", {("prod", "create")}),
        ("CREATE TABLE IF NOT EXISTS prod.s.t AS SELECT 1", {("prod", "create")}),
        ("create or replace table `prod`.`s`.`t` using delta as select 1", {("prod", "replace")}),
        ("create table prod.s.t as select * from other.s.t", {("prod", "create")}),
        ("replace table prod.s.t as select 1", {("prod", "replace")}),
        ("create external table prod.s.t location 's3://b/p'", {("prod", "create")}),
        ("create or replace view prod.s.v as select * from dev.s.t", {("prod", "replace")}),
        ("create materialized view prod.s.mv as select 1", {("prod", "create")}),
        ("create or refresh streaming table prod.s.st as select 1", {("prod", "create")}),
        ("create table prod.s.t shallow clone dev.s.t", {("prod", "create")}),
        ("create table dev.s.t deep clone prod.s.t", {("dev", "create")}),
        ("create table prod.s.t like dev.s.t", {("prod", "create")}),
        ("create function prod.s.f(x int) returns int return x + 1", {("prod", "create")}),
        (
            "create or replace procedure prod.s.p() language sql as begin select 1; end",
            {("prod", "replace")},
        ),
        (
            "create procedure p() sql security invoker as begin declare x int; "
            "if x > 1 then select 1; end if; case when x = 1 then select 2; end case; end",
            {("dev", "create")},
        ),
        ("create volume prod.s.v", {("prod", "create")}),
        ("create bloomfilter index on table prod.s.t for columns (a)", {("prod", "create")}),
        ("create schema prod.s", {("prod", "create")}),
        ("create database if not exists s", {("dev", "create")}),
        ("create catalog if not exists prod", {("prod", "create")}),
        ("create foreign catalog prod using connection c", {("prod", "create")}),
        # DROP / UNDROP
        ("drop table if exists prod.s.t", {("prod", "drop")}),
        ("DROP VIEW prod.s.v", {("prod", "drop")}),
        ("drop materialized view if exists prod.s.mv", {("prod", "drop")}),
        ("drop function prod.s.f", {("prod", "drop")}),
        ("drop schema if exists prod.s cascade", {("prod", "drop")}),
        ("drop catalog prod cascade", {("prod", "drop")}),
        ("undrop table prod.s.t", {("prod", "undrop")}),
        # ALTER
        ("alter table prod.s.t add columns (c int)", {("prod", "alter")}),
        ("alter table prod.s.t owner to `grp`", {("prod", "alter")}),
        ("alter table prod.s.t set owner to `grp`", {("prod", "alter")}),
        ("alter table prod.s.t set tags ('k' = 'v')", {("prod", "alter")}),
        ("alter table prod.s.t unset tags ('k')", {("prod", "alter")}),
        ("alter table prod.s.t cluster by (a)", {("prod", "alter")}),
        ("alter table prod.s.t rename column a to b", {("prod", "alter")}),
        ("alter view prod.s.v as select 1", {("prod", "alter")}),
        ("alter materialized view prod.s.mv alter schedule every 1 hour", {("prod", "alter")}),
        ("alter streaming table prod.s.st add schedule every 1 hour", {("prod", "alter")}),
        ("alter schema prod.s owner to x", {("prod", "alter")}),
        ("alter catalog prod owner to x", {("prod", "alter")}),
        ("alter volume prod.s.v owner to x", {("prod", "alter")}),
        # RENAME: both sides; an unqualified new name stays in the old one's catalog
        ("alter table dev.s.t rename to prod.s.t", {("dev", "rename"), ("prod", "rename")}),
        ("alter table prod.s.t rename to `t_backup`", {("prod", "rename")}),
        ("alter view s.v rename to prod.s.v", {("dev", "rename"), ("prod", "rename")}),
        # DML
        ("insert into prod.s.t select * from dev.s.t", {("prod", "insert")}),
        ("INSERT INTO TABLE prod.s.t VALUES (1)", {("prod", "insert")}),
        ("insert into prod.s.t (a, b) select 1, 2", {("prod", "insert")}),
        ("insert into prod.s.t by name select 1 as a", {("prod", "insert")}),
        ("insert overwrite prod.s.t select 1", {("prod", "overwrite")}),
        ("insert overwrite table prod.s.t partition (d = 1) select 1", {("prod", "overwrite")}),
        ("insert into prod.s.t replace where d > 1 select 1", {("prod", "overwrite")}),
        ("insert into prod.s.t by name replace where d > 1 table tmp", {("prod", "overwrite")}),
        (
            "insert into table prod.s.t as t replace on (t.a <=> s.a) (select 1) as s",
            {("prod", "overwrite")},
        ),
        ("insert into prod.s.t select replace(a, 'x', 'y') from dev.s.t", {("prod", "insert")}),
        (
            "merge into prod.s.t t using dev.s.u s on t.a = s.a when matched then delete",
            {("prod", "merge")},
        ),
        (
            "merge with schema evolution into prod.s.t using x on false"
            " when not matched then insert *",
            {("prod", "merge")},
        ),
        ("update prod.s.t set a = 1 where b in (select b from dev.s.u)", {("prod", "update")}),
        ("delete from prod.s.t where a in (select a from dev.s.u)", {("prod", "delete")}),
        ("truncate table prod.s.t", {("prod", "truncate")}),
        ("copy into prod.s.t from 's3://b/p' fileformat = csv", {("prod", "copy")}),
        ("load data inpath 's3://b/p' overwrite into table prod.s.t", {("prod", "load")}),
        # CTEs and multi-insert: only the written table counts
        (
            "with a as (select * from prod.s.x) insert into dev.s.t select * from a",
            {("dev", "insert")},
        ),
        (
            "with recursive a (n) as (select 1), b as (select 2) insert into prod.s.t select 1",
            {("prod", "insert")},
        ),
        (
            "from dev.s.src insert into prod.s.a select * insert overwrite table dev.s.b select *",
            {("prod", "insert"), ("dev", "overwrite")},
        ),
        # DCL
        ("grant select on table prod.s.t to `a@b.com`", {("prod", "grant")}),
        ("grant select on prod.s.t to analysts", {("prod", "grant")}),
        ("GRANT SELECT, MODIFY ON VIEW prod.s.v TO analysts", {("prod", "grant")}),
        ("grant use schema on schema prod.s to analysts", {("prod", "grant")}),
        ("grant use catalog on catalog prod to analysts", {("prod", "grant")}),
        ("grant use catalog on catalog to analysts", {("dev", "grant")}),
        ("grant execute on function prod.s.f to analysts", {("prod", "grant")}),
        ("grant read volume on volume prod.s.v to analysts", {("prod", "grant")}),
        ("revoke select on schema prod.s from analysts", {("prod", "revoke")}),
        ("revoke all privileges on catalog prod from analysts", {("prod", "revoke")}),
        ("deny select on table prod.s.t to analysts", {("prod", "deny")}),
        # COMMENT, TAG
        ("comment on table prod.s.t is 'x'", {("prod", "comment")}),
        ("comment on column prod.s.t.c is 'x'", {("prod", "comment")}),
        ("comment on column s.t.c is 'x'", {("dev", "comment")}),
        ("comment on schema prod.s is 'x'", {("prod", "comment")}),
        ("comment on catalog prod is 'x'", {("prod", "comment")}),
        ("comment on volume prod.s.v is 'x'", {("prod", "comment")}),
        ("set tag on table prod.s.t k = v", {("prod", "tag")}),
        ("unset tag on column prod.s.t.c k", {("prod", "tag")}),
        ("set tag on catalog prod k", {("prod", "tag")}),
        # Maintenance
        ("optimize prod.s.t zorder by (a)", {("prod", "optimize")}),
        ("optimize prod.s.t where d > 1", {("prod", "optimize")}),
        ("vacuum prod.s.t retain 168 hours", {("prod", "vacuum")}),
        ("analyze table prod.s.t compute statistics for all columns", {("prod", "analyze")}),
        ("analyze tables in prod.s compute statistics", {("prod", "analyze")}),
        ("analyze tables compute statistics", {("dev", "analyze")}),
        ("msck repair table prod.s.t", {("prod", "repair")}),
        ("msck /* sync */ repair table prod.s.t sync metadata", {("prod", "repair")}),
        ("fsck repair table prod.s.t", {("prod", "repair")}),
        ("restore table prod.s.t to version as of 3", {("prod", "restore")}),
        ("reorg table prod.s.t apply (purge)", {("prod", "reorg")}),
        ("convert to delta prod.s.t", {("prod", "convert")}),
        (
            "sync table prod.s.t from hive_metastore.s.t",
            {("prod", "sync"), ("hive_metastore", "sync")},
        ),
        (
            "sync schema prod.s from hive_metastore.s dry run",
            {("prod", "sync"), ("hive_metastore", "sync")},
        ),
        ("sync table dev.s.t from prod.s.t", {("dev", "sync"), ("prod", "sync")}),
        ("repair table prod.s.t sync metadata", {("prod", "repair")}),
        ("generate symlink_format_manifest for table prod.s.t", {("prod", "generate")}),
        ("refresh materialized view prod.s.mv", {("prod", "refresh")}),
        ("refresh streaming table prod.s.st full", {("prod", "refresh")}),
        ("refresh foreign catalog prod", {("prod", "refresh")}),
        ("refresh foreign table prod.s.t", {("prod", "refresh")}),
        ("refresh table prod.s.st sync", {("prod", "refresh")}),
        # Names: casing, backticks, keywords, IDENTIFIER()
        ("INSERT INTO `Prod`.`Sales`.`Orders` VALUES (1)", {("prod", "insert")}),
        ("insert into `prod`.`my schema`.`we``ird` values (1)", {("prod", "insert")}),
        ("insert into prod.default.t values (1)", {("prod", "insert")}),
        ("insert into prod.s.`select` values (1)", {("prod", "insert")}),
        ("insert into identifier('prod.s.t') select 1", {("prod", "insert")}),
        ("insert into identifier('`prod`.s.t') select 1", {("prod", "insert")}),
        ("insert into identifier('prod').s.t select 1", {("prod", "insert")}),
        ("insert into hive_metastore.s.t values (1)", {("hive_metastore", "insert")}),
        ("insert into prod.s.t values ('dev.s.t'); ", {("prod", "insert")}),
        # Unqualified names are in the current catalog
        ("insert into t values (1)", {("dev", "insert")}),
        ("insert into s.t values (1)", {("dev", "insert")}),
        ("drop table t", {("dev", "drop")}),
        # EXECUTE IMMEDIATE of a literal is analysed like the SQL it holds
        ("execute immediate 'insert into prod.s.t values (1)'", {("prod", "insert")}),
        ("execute immediate 'select * from prod.s.t'", set()),
        ("execute immediate 'insert into prod.s.t values (?)' using 1", {("prod", "insert")}),
        # Metastore-level securables are in no catalog: writes above the catalogs
        ("create share s", {("", "create")}),
        ("alter share s add table prod.s.t", {("", "alter")}),
        ("grant select on share s to recipient r", {("", "grant")}),
        ("grant create catalog on metastore to admins", {("", "grant")}),
        ("grant read files on external location loc to analysts", {("", "grant")}),
        ("create connection c type mysql options (host 'h')", {("", "create")}),
        ("drop storage credential cred", {("", "drop")}),
        ("drop external location if exists loc", {("", "drop")}),
        ("grant select on any file to analysts", {("", "grant")}),
        ("alter group data_eng add user `a@b.com`", {("", "alter")}),
        ("create recipient r", {("", "create")}),
        ("drop provider p", {("", "drop")}),
        ("comment on share s is 'x'", {("", "comment")}),
        # CTE names may be any word
        (
            "with user as (select 1 as a) insert into prod.s.t select * from user",
            {("prod", "insert")},
        ),
    ],
)
def test_writes(sql: str, expected: set[tuple[str, str]]) -> None:
    assert writes(sql) == expected
    assert writes(f"{DBT_COMMENT}\n{sql}") == expected


@pytest.mark.parametrize(
    ("sql", "target"),
    [
        ("insert into `prod`.`sales`.`orders` values (1)", "`prod`.`sales`.`orders`"),
        ("INSERT INTO Prod.Sales.Orders VALUES (1)", "Prod.Sales.Orders"),
        ("create schema prod.sales", "SCHEMA prod.sales"),
        ("drop catalog prod", "CATALOG prod"),
        ("comment on column prod.s.t.c is 'x'", "COLUMN prod.s.t.c"),
        ("alter table prod.s.t rename to u", "prod.s.t to u"),
        ("insert into identifier('prod.s.t') values (1)", "identifier('prod.s.t')"),
        ("grant use catalog on catalog to x", "CATALOG dev"),
    ],
)
def test_target_is_shown_as_written(sql: str, target: str) -> None:
    assert [write.target for write in analyze(sql, "dev").writes] == [target]


@pytest.mark.parametrize(
    "sql",
    [
        "select * from prod.s.t",
        "SELECT 1",
        "select * from prod.s.t where a = 'x; insert into prod.s.t values (1)'",
        "select 1 -- ; drop table prod.s.t\n",
        "select 1 /* ; drop table prod.s.t */",
        "select /* nested /* ; drop table prod.s.t */ still a comment */ 1",
        "with a as (select * from prod.s.t) select * from a",
        "with insert as (select 1) select * from insert",
        "with user as (select 1) select * from user",
        "WITH `select` AS (SELECT 1), table AS (SELECT 2) SELECT * FROM `select`",
        "begin transaction",
        "commit",
        "select case when a then 1 else 2 end from t; select 2",
        "(select * from prod.s.t) union all (select 1)",
        "values (1), (2)",
        "table prod.s.t",
        "from prod.s.t select *",
        "show tables in prod.s",
        "SHOW GRANTS ON TABLE prod.s.t",
        "show create table prod.s.t",
        "describe table extended prod.s.t as json",
        "DESCRIBE HISTORY prod.s.t",
        "desc prod.s.t",
        "explain insert into prod.s.t select 1",
        "explain extended create table prod.s.t as select 1",
        "list 's3://bucket/path'",
        "select * from (describe history prod.s.t)",
        "create or replace temporary view v as select * from prod.s.t",
        "create temp view v as select 1",
        "CREATE OR REPLACE GLOBAL TEMPORARY VIEW v AS SELECT 1",
        "create temporary function f as 'com.example.F'",
        "drop temporary function if exists f",
        "drop temporary variable v",
        "declare or replace variable v string default 'x'",
        "set var v = (select max(a) from prod.s.t)",
        "set spark.sql.sources.partitionOverwriteMode = DYNAMIC",
        "SET spark.databricks.clusterUsageTags.sparkVersion",
        "set time zone 'UTC'",
        "reset",
        "cache table prod.s.t",
        "cache lazy table c as select * from prod.s.t",
        "uncache table if exists prod.s.t",
        "clear cache",
        "refresh function prod.s.f",
        "refresh prod.s.t",
        "refresh 's3://bucket/path'",
        "add jar 's3://bucket/x.jar'",
        "use schema s",
        "select 1; select 2;",
        ";;",
        "-- only a comment",
        "",
        f"{DBT_COMMENT}\nselect 1",
    ],
)
def test_reads_write_nothing(sql: str) -> None:
    assert analyze(sql, "dev").writes == ()


def test_temporary_view_then_write_from_it() -> None:
    sql = (
        "create or replace temporary view `t__dbt_tmp` as select * from prod.s.t;\n"
        "insert into dev.s.t by name select * from `t__dbt_tmp`"
    )
    assert writes(sql) == {("dev", "insert")}


@pytest.mark.parametrize(
    ("sql", "start", "expected", "final"),
    [
        ("use catalog prod", "dev", set(), "prod"),
        ("USE CATALOG `Prod`; insert into s.t values (1)", "dev", {("prod", "insert")}, "prod"),
        ("use catalog 'prod'; drop table t", "dev", {("prod", "drop")}, "prod"),
        ("set catalog prod; create schema s", "dev", {("prod", "create")}, "prod"),
        ("set catalog `prod`", "dev", set(), "prod"),
        ("use prod.s; insert into t values (1)", "dev", {("prod", "insert")}, "prod"),
        ("use schema prod.s; create table t (a int)", "dev", {("prod", "create")}, "prod"),
        ("use database prod.s; create table t (a int)", "dev", {("prod", "create")}, "prod"),
        # `USE x` names a schema in the current catalog.
        ("use prod; insert into t values (1)", "dev", {("dev", "insert")}, "dev"),
        ("use schema prod; insert into t values (1)", "dev", {("dev", "insert")}, "dev"),
        (
            "use catalog prod; insert into s.t values (1);"
            " use catalog dev; insert into s.t values (2)",
            "dev",
            {("prod", "insert"), ("dev", "insert")},
            "dev",
        ),
        ("use catalog identifier('prod'); delete from s.t", "dev", {("prod", "delete")}, "prod"),
        (
            "execute immediate 'use catalog prod'; truncate table s.t",
            "dev",
            {("prod", "truncate")},
            "prod",
        ),
        # `SET catalog = x` is a configuration key, not SET CATALOG.
        ("set catalog = prod; drop table t", "dev", {("dev", "drop")}, "dev"),
        ("select 1", "Dev", set(), "dev"),
    ],
)
def test_use_changes_the_current_catalog(
    sql: str, start: str, expected: set[tuple[str, str]], final: str
) -> None:
    analysis = analyze(sql, start)
    assert {(write.catalog, write.action) for write in analysis.writes} == expected
    assert analysis.current_catalog == final


def test_current_catalog_carries_over_between_calls() -> None:
    first = analyze(f"{DBT_COMMENT}\nUSE CATALOG `prod`", "dev")
    second = analyze("insert into s.t values (1)", first.current_catalog)
    assert [(write.catalog, write.action) for write in second.writes] == [("prod", "insert")]


def test_multiple_statements_report_every_write_once() -> None:
    sql = (
        f"{DBT_COMMENT}\n"
        "alter table prod.s.t add constraint c check (a > 0);\n"
        "-- between statements; drop table other.s.t\n"
        "alter table prod.s.t alter column b set not null;\n"
        "grant select on dev.s.t to analysts ; ; select 1;"
    )
    analysis = analyze(sql, "dev")
    assert analysis.writes == (
        Write("prod", "prod.s.t", "alter"),
        Write("dev", "dev.s.t", "grant"),
    )


def test_long_statements_are_read_from_their_header() -> None:
    body = " union all ".join(f"select {n} as a from prod.s.src" for n in range(3000))
    assert writes(f"{DBT_COMMENT}\ncreate or replace table dev.s.t as {body}") == {
        ("dev", "replace")
    }
    assert writes(f"{DBT_COMMENT}\nselect * from ({body})") == set()
    assert writes(f"with a as ({body}) insert into prod.s.t select * from a") == {
        ("prod", "insert")
    }
    assert writes(f"{body}; insert into prod.s.t values (1)") == {("prod", "insert")}


def test_header_longer_than_a_prefix() -> None:
    columns = ", ".join(f"`column_{n}`" for n in range(3000))
    sql = f"{DBT_COMMENT}\ninsert into prod.s.t ({columns}) replace where d > 1 select 1"
    assert writes(sql) == {("prod", "overwrite")}
    assert writes(f"{'/* padding */ ' * 2000}drop table prod.s.t") == {("prod", "drop")}


@pytest.mark.parametrize(
    ("sql", "expected"),
    [
        # A comment nested in the leading comment: the statement is the INSERT.
        ("/* a /* b */ select 1 */ insert into prod.s.t values (1)", {("prod", "insert")}),
        ("/* a */ /* b; select 1 */ -- c\n insert into prod.s.t values (1)", {("prod", "insert")}),
        ("/*/ x */ insert into prod.s.t values (1)", {("prod", "insert")}),
        ("/**/select 1", set()),
        # Cuts for a quick look at the header fall inside strings and long lines.
        (f"select '{'x' * 400}' as a, 'y' from prod.s.t", set()),
        (f"{' ' * 300}\n\n   insert into prod.s.t select '{';' * 500}'", {("prod", "insert")}),
        (f"insert into{' ' * 1000}prod.s.t values ('{'z' * 5000}')", {("prod", "insert")}),
    ],
)
def test_leading_comments_and_long_lines(sql: str, expected: set[tuple[str, str]]) -> None:
    assert writes(sql) == expected


@pytest.mark.parametrize(
    ("sql", "reason"),
    [
        ("call prod.s.refresh_all()", "CALL runs a procedure"),
        ("execute immediate sql_string", "EXECUTE IMMEDIATE"),
        ("execute immediate 'select 1' || '; drop table prod.s.t'", "EXECUTE IMMEDIATE"),
        ("execute immediate 'select 1' ' union all select 2'", "EXECUTE IMMEDIATE"),
        ("insert into identifier(:target) values (1)", "IDENTIFIER(...)"),
        ("use catalog identifier(my_catalog)", "IDENTIFIER(...)"),
        ("insert into identifier('prod.s.t.x.y') values (1)", "is not a relation name"),
        ("begin insert into prod.s.t values (1); end", "SQL script"),
        ("begin insert into prod.s.t values (1);", "never closed"),
        ("frobnicate prod.s.t", "'frobnicate'"),
        ("insert prod.s.t values (1)", "INTO or OVERWRITE"),
        ("insert overwrite directory 's3://b/p' select 1", "storage path"),
        ("insert into delta.`s3://bucket/table` select 1", "storage path"),
        ("vacuum 's3://bucket/table'", "storage path"),
        ("convert to delta parquet.`/mnt/raw/events`", "storage path"),
        ("create catalog a.b", "not a catalog name"),
        ("drop table a.b.c.d", "not a relation name"),
        ("use a.b.c", "not a schema name"),
        ("alter thing prod.s.t", "unknown object kind 'thing'"),
        ("grant select on model prod.s.m to x", "cannot tell what GRANT ... ON applies to"),
        ("grant select on to x", "no securable named after ON"),
        ("use warehouse prod", "cannot tell which catalog"),
        ("set catalog prod extra", "cannot tell which catalog"),
        ("insert into", "end of the statement"),
        ("insert into prod.s.(a) values (1)", "incomplete"),
        ("select 'unterminated", "cannot be read as SQL"),
        ("select 'unterminated -- x", "never closed"),
        ("/* a /*/ select 1 */ insert into prod.s.t values (1)", "never closed"),
    ],
)
def test_unparsable_writes_are_reported(sql: str, reason: str) -> None:
    with pytest.raises(UnparsableWrite) as raised:
        analyze(sql, "dev")
    assert reason in raised.value.reason
    assert "write_guard: warn" in str(raised.value)


def test_unparsable_message_names_the_kind_never_the_text() -> None:
    with pytest.raises(UnparsableWrite) as raised:
        analyze(f"select 1;\n{DBT_COMMENT}\n  call   prod.s.p('sk-live-secret')", "dev")
    assert raised.value.kind == "CALL"
    assert str(raised.value).startswith(
        "dbt-databricks-envs write guard: cannot tell which catalogs this CALL statement writes"
    )
    assert "sk-live-secret" not in str(raised.value)
    copied = pickle.loads(pickle.dumps(raised.value))
    assert (copied.kind, copied.reason) == (raised.value.kind, raised.value.reason)


# The policy


def analysis_of(*written: tuple[str, str, str]) -> Analysis:
    return Analysis(tuple(Write(*write) for write in written), "dev")


def test_check_without_restriction_allows_everything() -> None:
    assert check(analysis_of(("prod", "prod.s.t", "drop")), None, "prod") == []


def test_check_reports_each_write_outside_the_allowed_catalogs() -> None:
    analysis = analysis_of(
        ("dev", "dev.s.t", "insert"), ("prod", "prod.s.t", "drop"), ("qa", "CATALOG qa", "alter")
    )
    violations = check(analysis, frozenset({"dev"}), "dev")
    assert [violation.write.catalog for violation in violations] == ["prod", "qa"]


def test_check_compares_catalogs_case_insensitively() -> None:
    assert check(analysis_of(("dev", "dev.s.t", "insert")), frozenset({"DEV"}), "dev") == []


def test_refusal_message_names_target_catalog_environment_and_settings() -> None:
    analysis = analyze(f"{DBT_COMMENT}\ninsert into prod.sales.orders select 1", "dev")
    [violation] = check(analysis, frozenset({"dev", "sandbox"}), "dev")
    assert violation.message == (
        "dbt-databricks-envs write guard: refused to insert into prod.sales.orders — catalog "
        "'prod' is not writable in environment 'dev' (write_catalogs: [dev, sandbox]). Nothing "
        "was sent to Databricks. To allow it, add 'prod' to write_catalogs in the profile, or "
        "set write_guard: warn."
    )


@pytest.mark.parametrize(
    ("sql", "phrase"),
    [
        ("merge into prod.s.t using x on false when matched then delete", "merge into prod.s.t"),
        ("delete from prod.s.t", "delete from prod.s.t"),
        ("grant select on schema prod.s to x", "grant privileges on SCHEMA prod.s"),
        ("drop catalog prod", "drop CATALOG prod"),
        ("alter table dev.s.t rename to prod.s.t", "rename dev.s.t to prod.s.t"),
        ("copy into prod.s.t from 's3://b' fileformat = json", "copy into prod.s.t"),
    ],
)
def test_refusal_message_reads_naturally(sql: str, phrase: str) -> None:
    [violation] = check(analyze(sql, "dev"), frozenset({"dev"}), "ci")
    assert f"refused to {phrase} — catalog 'prod'" in violation.message
    assert "environment 'ci'" in violation.message


def test_refusal_with_no_writable_catalog() -> None:
    [violation] = check(analysis_of(("prod", "prod.s.t", "update")), frozenset(), "ci")
    assert "(write_catalogs: [])" in violation.reason
