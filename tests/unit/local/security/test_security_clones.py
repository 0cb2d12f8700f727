"""Cloning needs SELECT on the source and CREATE TABLE on the target schema (USE CATALOG and
USE SCHEMA on both); replacing a clone, ownership of it."""

from __future__ import annotations

from security_helpers import ALICE, BOB, refused, rows, run

from dbt.adapters.databricks_envs.local.engine import DuckDBSession

CLONE = "create or replace table dev.ci.orders shallow clone prod.core.orders"


def test_select_on_the_source_and_create_table_on_the_target(
    prod: DuckDBSession, alice: DuckDBSession
) -> None:
    assert refused(alice, CLONE) == "User does not have CREATE TABLE on Schema 'dev.ci'."
    run(prod, f"grant create table on schema dev.ci to `{ALICE}`")
    assert refused(alice, CLONE) == "User does not have SELECT on Table 'prod.core.orders'."
    run(prod, f"grant select on table prod.core.orders to `{ALICE}`")
    alice.execute(CLONE)
    assert rows(alice, "select id from dev.ci.orders") == [(1,)]
    assert rows(
        prod, "select table_owner from dev.information_schema.tables where table_name = 'orders'"
    ) == [(ALICE,)]
    # Replacing it again is its owner's.
    alice.execute(CLONE)


def test_replacing_someone_elses_clone_needs_ownership(
    prod: DuckDBSession, alice: DuckDBSession, bob: DuckDBSession
) -> None:
    run(
        prod,
        "grant select on schema prod.core to `account users`",
        "grant create table on schema dev.ci to `account users`",
    )
    alice.execute(CLONE)
    assert refused(bob, CLONE) == "User is not an owner of Table 'dev.ci.orders'."
    bob.execute("create table if not exists dev.ci.mine shallow clone prod.core.orders")
    run(prod, f"grant select, modify on table dev.ci.orders to `{BOB}`")
    bob.execute("insert into dev.ci.orders values (2)")
    assert rows(bob, "select count(*) from dev.ci.orders") == [(2,)]
