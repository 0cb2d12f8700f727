"""GRANT / REVOKE / SHOW GRANTS, information_schema's privileges and owners, and persistence."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from security_helpers import ADMIN, ALICE, BOB, Workspace, refused, rows, run

from dbt.adapters.databricks_envs.local.api import WarehouseError
from dbt.adapters.databricks_envs.local.engine import DuckDBSession

PREFLIGHT = (
    "select catalog_name, schema_name, privilege_type, inherited_from "
    "from system.information_schema.schema_privileges "
    "where grantee = current_user() or is_account_group_member(grantee) order by all"
)


@pytest.fixture
def granted(admin: DuckDBSession) -> DuckDBSession:
    run(
        admin,
        "create schema dev.marts",
        "create table dev.marts.orders as select 1 as id",
        "create view dev.marts.v as select * from dev.marts.orders",
        "create schema prod.marts",
        "grant USE_CATALOG, create schema on catalog dev to `data-engineers`",
        "grant select on catalog dev to `data-engineers`",
        f"grant use schema, modify on schema dev.marts to `{ALICE}`",
        f"grant select on view dev.marts.v to `{BOB}`",
    )
    return admin


def test_show_grants_lists_owner_own_and_inherited_grants(granted: DuckDBSession) -> None:
    result = granted.execute("show grants on table dev.marts.orders")
    assert [c.name for c in result.columns] == [
        "principal",
        "actionType",
        "objectType",
        "objectKey",
    ]
    assert rows(granted, "show grants on table dev.marts.orders") == [
        (ADMIN, "OWN", "TABLE", "dev.marts.orders"),
        ("data-engineers", "CREATE SCHEMA", "CATALOG", "dev"),
        ("data-engineers", "SELECT", "CATALOG", "dev"),
        ("data-engineers", "USE CATALOG", "CATALOG", "dev"),
        (ALICE, "MODIFY", "SCHEMA", "dev.marts"),
        (ALICE, "USE SCHEMA", "SCHEMA", "dev.marts"),
    ]
    assert rows(granted, f"show grants `{ALICE}` on schema dev.marts") == [
        (ALICE, "MODIFY", "SCHEMA", "dev.marts"),
        (ALICE, "USE SCHEMA", "SCHEMA", "dev.marts"),
    ]


def test_show_grants_of_others_needs_ownership(
    granted: DuckDBSession, alice: DuckDBSession
) -> None:
    assert rows(alice, f"show grants `{ALICE}` on catalog dev") == []
    assert rows(alice, "show grants `data-engineers` on catalog dev") == [
        ("data-engineers", "CREATE SCHEMA", "CATALOG", "dev"),
        ("data-engineers", "SELECT", "CATALOG", "dev"),
        ("data-engineers", "USE CATALOG", "CATALOG", "dev"),
    ]
    assert refused(alice, "show grants on catalog dev") == (
        "User does not have MANAGE on Catalog 'dev'."
    )


def test_information_schema_privileges_answer_preflight_in_one_statement(
    granted: DuckDBSession, alice: DuckDBSession
) -> None:
    assert rows(alice, PREFLIGHT) == [
        ("dev", "default", "SELECT", "CATALOG"),
        ("dev", "marts", "MODIFY", "NONE"),
        ("dev", "marts", "SELECT", "CATALOG"),
        ("dev", "marts", "USE SCHEMA", "NONE"),
    ]
    assert rows(
        alice,
        "select grantor, grantee, catalog_name, privilege_type, is_grantable, inherited_from "
        "from dev.information_schema.catalog_privileges order by privilege_type",
    ) == [
        (ADMIN, "data-engineers", "dev", "CREATE SCHEMA", "NO", "NONE"),
        (ADMIN, "data-engineers", "dev", "SELECT", "NO", "NONE"),
        (ADMIN, "data-engineers", "dev", "USE CATALOG", "NO", "NONE"),
    ]
    assert rows(
        alice,
        "select table_name, grantee, privilege_type, inherited_from "
        "from system.information_schema.table_privileges order by all",
    ) == [
        ("orders", ALICE, "MODIFY", "SCHEMA"),
        ("orders", "data-engineers", "SELECT", "CATALOG"),
        ("v", ALICE, "MODIFY", "SCHEMA"),
        ("v", BOB, "SELECT", "NONE"),
        ("v", "data-engineers", "SELECT", "CATALOG"),
    ]


def test_information_schema_rows_are_limited_to_what_the_caller_may_see(
    granted: DuckDBSession, bob: DuckDBSession
) -> None:
    assert rows(
        granted, "select catalog_name, catalog_owner from system.information_schema.catalogs"
    ) == [
        ("dev", ADMIN),
        ("prod", ADMIN),
    ]
    assert rows(bob, "select catalog_name from system.information_schema.catalogs") == [("dev",)]
    assert rows(
        bob, "select schema_name, schema_owner from system.information_schema.schemata order by 1"
    ) == [("information_schema", "System user"), ("marts", ADMIN)]
    assert rows(bob, "select table_name from system.information_schema.tables") == [("v",)]
    assert rows(bob, "select grantee from system.information_schema.catalog_privileges") == []


@pytest.mark.parametrize(
    ("statement", "error_class", "text"),
    [
        (
            "grant select on table dev.marts.orders to `nobody@example.com`",
            "PRINCIPAL_DOES_NOT_EXIST",
            "Could not find principal with name nobody@example.com.",
        ),
        (
            f"grant use catalog on schema dev.marts to `{ALICE}`",
            "INVALID_PARAMETER_VALUE",
            "Privilege USE CATALOG is not applicable to this entity [dev.marts:SCHEMA].",
        ),
        (f"grant fly on catalog dev to `{ALICE}`", "INVALID_PARAMETER_VALUE", "Unknown privilege"),
        (f"grant select on table dev.marts.nope to `{ALICE}`", "TABLE_OR_VIEW_NOT_FOUND", ""),
        (f"grant use catalog on catalog nope to `{ALICE}`", "CATALOG_NOT_FOUND", ""),
    ],
)
def test_bad_grants_are_refused_with_what_is_wrong(
    granted: DuckDBSession, statement: str, error_class: str, text: str
) -> None:
    with pytest.raises(WarehouseError) as caught:
        granted.execute(statement)
    assert caught.value.error_class == error_class
    assert text in caught.value.message


def test_only_owners_and_admins_grant(granted: DuckDBSession, alice: DuckDBSession) -> None:
    assert refused(alice, f"grant select on table dev.marts.orders to `{BOB}`") == (
        "User does not have MANAGE on Table 'dev.marts.orders'."
    )
    run(alice, "create schema dev.alice", "create table dev.alice.t as select 1 as x")
    run(alice, f"grant use schema, select on schema dev.alice to `{BOB}`")


def test_grants_survive_a_restart_but_not_the_object_they_were_on(
    open_workspace: Callable[[], Workspace], workspace: Workspace, granted: DuckDBSession
) -> None:
    run(
        granted,
        f"grant select on table dev.marts.orders to `{BOB}`",
        "create or replace table dev.marts.orders as select 2 as id",
    )
    workspace.engine.close()
    restarted = open_workspace()
    admin = restarted.session(ADMIN)
    assert (BOB, "SELECT", "TABLE", "dev.marts.orders") in rows(
        admin, "show grants on table dev.marts.orders"
    )
    run(admin, "drop table dev.marts.orders", "create table dev.marts.orders (id int)")
    assert rows(admin, f"show grants `{BOB}` on table dev.marts.orders") == []
