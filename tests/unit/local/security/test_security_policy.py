"""What Unity Catalog refuses, and lets through, statement by statement."""

from __future__ import annotations

import pytest
from security_helpers import ALICE, BOB, ROBOT, Workspace, refused, rows, run

from dbt.adapters.databricks_envs.local.engine import DuckDBSession


def test_without_use_catalog_nothing_inside_the_catalog_is_allowed(
    admin: DuckDBSession, alice: DuckDBSession
) -> None:
    run(admin, "create schema dev.marts", "create table dev.marts.t as select 1 as x")
    missing = "User does not have USE CATALOG on Catalog 'dev'."
    assert refused(alice, "select * from dev.marts.t") == missing
    assert refused(alice, "create schema if not exists dev.alice") == missing
    assert refused(alice, "use catalog dev") == missing
    assert refused(alice, "show schemas in dev") == missing


def test_create_schema_if_not_exists_needs_create_schema_even_when_it_exists(
    admin: DuckDBSession, alice: DuckDBSession
) -> None:
    run(admin, "create schema dev.shared", f"grant use catalog on catalog dev to `{ALICE}`")
    missing = "User does not have CREATE SCHEMA on Catalog 'dev'."
    assert refused(alice, "create schema if not exists dev.shared") == missing
    assert refused(alice, "create schema dev.alice") == missing
    run(admin, f"grant create_schema on catalog dev to `{ALICE}`")
    run(alice, "create schema if not exists dev.shared", "create schema dev.alice")


def test_grants_to_a_group_hold_for_its_members_and_nested_groups(
    admin: DuckDBSession, alice: DuckDBSession, bob: DuckDBSession
) -> None:
    run(
        admin,
        "create schema dev.marts",
        "create table dev.marts.t as select 1 as x",
        "grant use catalog, use schema, select on catalog dev to `data-engineers`",
    )
    assert rows(alice, "select x from dev.marts.t") == [(1,)]
    assert refused(bob, "select x from dev.marts.t") == (
        "User does not have USE CATALOG on Catalog 'dev'."
    )
    run(admin, "grant use catalog, use schema, select on catalog dev to `everyone`")
    assert rows(bob, "select x from dev.marts.t") == [(1,)]


def test_schema_grants_are_inherited_by_current_and_future_tables(
    admin: DuckDBSession, alice: DuckDBSession
) -> None:
    run(
        admin,
        "create schema dev.marts",
        "create table dev.marts.old as select 1 as x",
        f"grant use catalog on catalog dev to `{ALICE}`",
    )
    assert refused(alice, "select * from dev.marts.old") == (
        "User does not have USE SCHEMA on Schema 'dev.marts'."
    )
    run(admin, f"grant use schema, select on schema dev.marts to `{ALICE}`")
    run(admin, "create table dev.marts.new as select 2 as x")
    assert rows(alice, "select * from dev.marts.old union all select * from dev.marts.new") == [
        (1,),
        (2,),
    ]
    assert refused(alice, "create table dev.marts.mine (x int)") == (
        "User does not have CREATE TABLE on Schema 'dev.marts'."
    )


def test_the_creator_owns_what_it_creates_and_others_cannot_replace_or_drop_it(
    workspace: Workspace, admin: DuckDBSession, alice: DuckDBSession, bob: DuckDBSession
) -> None:
    run(
        admin,
        "create schema dev.shared",
        "grant use catalog on catalog dev to `everyone`",
        "grant use schema, create table, select, modify on schema dev.shared to `everyone`",
    )
    run(alice, "create table dev.shared.t as select 1 as x")
    assert rows(admin, "select table_owner from dev.information_schema.tables") == [(ALICE,)]
    for statement in (
        "create or replace table dev.shared.t as select 2 as x",
        "drop table dev.shared.t",
        "alter table dev.shared.t owner to `bob@example.com`",
    ):
        assert refused(bob, statement) == "User is not an owner of Table 'dev.shared.t'."
    run(bob, "insert into dev.shared.t values (3)")
    run(alice, "alter table dev.shared.t owner to `bob@example.com`")
    run(bob, "create or replace table dev.shared.t as select 4 as x")
    assert refused(alice, "drop table dev.shared.t") == (
        "User is not an owner of Table 'dev.shared.t'."
    )


def test_select_without_modify_reads_but_never_writes(
    admin: DuckDBSession, alice: DuckDBSession
) -> None:
    run(
        admin,
        "create schema dev.marts",
        "create table dev.marts.t as select 1 as x",
        f"grant use catalog on catalog dev to `{ALICE}`",
        f"grant use schema, select on schema dev.marts to `{ALICE}`",
    )
    assert rows(alice, "select x from dev.marts.t") == [(1,)]
    missing = "User does not have MODIFY on Table 'dev.marts.t'."
    for statement in (
        "insert into dev.marts.t values (2)",
        "delete from dev.marts.t where x = 1",
        "update dev.marts.t set x = 2",
        "merge into dev.marts.t as t using (select 5 as x) as s on t.x = s.x "
        "when not matched then insert *",
        "truncate table dev.marts.t",
    ):
        assert refused(alice, statement) == missing
    run(admin, f"grant modify on table dev.marts.t to `{ALICE}`")
    run(alice, "insert into dev.marts.t values (2)")


def test_revoke_takes_effect_at_once_even_for_a_statement_run_before(
    admin: DuckDBSession, alice: DuckDBSession
) -> None:
    run(
        admin,
        "create schema dev.marts",
        "create table dev.marts.t as select 1 as x",
        f"grant all privileges on catalog dev to `{ALICE}`",
    )
    question = "select count(*) from dev.marts.t"
    assert rows(alice, question) == [(1,)]
    assert rows(alice, "select count(*) from system.information_schema.tables") == [(1,)]
    run(admin, f"revoke all privileges on catalog dev from `{ALICE}`")
    assert refused(alice, question) == "User does not have USE CATALOG on Catalog 'dev'."
    assert rows(alice, "select count(*) from system.information_schema.tables") == [(0,)]


def test_a_point_lookup_on_information_schema_shows_only_what_the_principal_may_see(
    admin: DuckDBSession, alice: DuckDBSession, bob: DuckDBSession
) -> None:
    run(
        admin,
        "create schema dev.marts",
        "create table dev.marts.t (id bigint not null, x int)",
        f"grant use catalog, use schema, select on catalog dev to `{ALICE}`",
    )
    # The query dbt-databricks sends for each model, answered from the table's own rows.
    question = (
        "SELECT column_name FROM system.information_schema.columns WHERE table_catalog = 'dev'"
        " AND table_schema = 'marts' AND table_name = 't' AND is_nullable = 'NO'"
    )
    assert rows(admin, question) == [("id",)]
    assert rows(alice, question) == [("id",)]
    assert rows(bob, question) == []
    run(admin, f"revoke use catalog, use schema, select on catalog dev from `{ALICE}`")
    assert rows(alice, question) == []


def test_a_revoked_privilege_granted_through_all_privileges_stays(
    admin: DuckDBSession, alice: DuckDBSession
) -> None:
    run(admin, f"grant all privileges on catalog dev to `{ALICE}`")
    run(admin, f"revoke create schema on catalog dev from `{ALICE}`")
    run(alice, "create schema dev.alice")


def test_the_metastore_and_other_catalogs_refuse_with_their_own_names(
    admin: DuckDBSession, alice: DuckDBSession
) -> None:
    assert refused(alice, "create catalog sandbox") == (
        "User does not have CREATE CATALOG on Metastore 'local'."
    )
    run(admin, f"grant use catalog on catalog prod to `{ALICE}`")
    assert refused(alice, "drop catalog prod") == "User is not an owner of Catalog 'prod'."
    assert refused(alice, "create schema prod.x") == (
        "User does not have CREATE SCHEMA on Catalog 'prod'."
    )


def test_missing_objects_fail_as_not_found_once_the_parents_are_usable(
    admin: DuckDBSession, alice: DuckDBSession
) -> None:
    run(admin, f"grant use catalog on catalog dev to `{ALICE}`")
    with pytest.raises(Exception, match=r"\[SCHEMA_NOT_FOUND\]|\[TABLE_OR_VIEW_NOT_FOUND\]"):
        alice.execute("select * from dev.nowhere.t")


def test_show_catalogs_lists_only_what_the_caller_may_see(
    admin: DuckDBSession, alice: DuckDBSession, bob: DuckDBSession
) -> None:
    run(admin, "create schema prod.marts", f"grant select on schema prod.marts to `{ALICE}`")
    assert rows(admin, "show catalogs") == [("dev",), ("prod",)]
    assert rows(alice, "show catalogs") == [("prod",)]
    assert rows(bob, "show catalogs") == []


def test_a_service_principal_is_its_application_id(workspace: Workspace) -> None:
    robot = workspace.session(ROBOT)
    run(workspace.session("admin@localhost"), f"grant use catalog on catalog dev to `{ROBOT}`")
    assert rows(
        robot, "select current_user(), session_user(), is_account_group_member('everyone')"
    ) == [(ROBOT, ROBOT, False)]
    assert rows(workspace.session(BOB), "select is_member('everyone')") == [(True,)]
