"""Materialized views: creating one needs CREATE MATERIALIZED VIEW on the schema (CREATE TABLE
is not enough) and SELECT on what it reads; its creator owns it; refreshing it needs its
ownership or REFRESH on it; reading it, SELECT."""

from __future__ import annotations

from security_helpers import ALICE, BOB, refused, rows, run

from dbt.adapters.databricks_envs.local.engine import DuckDBSession

CREATE = "create materialized view dev.ci.totals as select id from prod.core.orders"


def test_create_materialized_view_and_select_on_the_sources(
    prod: DuckDBSession, alice: DuckDBSession
) -> None:
    run(prod, f"grant create table on schema dev.ci to `{ALICE}`")
    assert (
        refused(alice, CREATE) == "User does not have CREATE MATERIALIZED VIEW on Schema 'dev.ci'."
    )
    run(prod, f"grant create materialized view on schema dev.ci to `{ALICE}`")
    assert refused(alice, CREATE) == "User does not have SELECT on Table 'prod.core.orders'."
    run(prod, f"grant select on table prod.core.orders to `{ALICE}`")
    alice.execute(CREATE)
    assert rows(alice, "select id from dev.ci.totals") == [(1,)]
    assert rows(
        prod, "select table_owner from dev.information_schema.tables where table_name = 'totals'"
    ) == [(ALICE,)]
    # Its owner refreshes it, and replaces it.
    alice.execute("refresh materialized view dev.ci.totals")
    alice.execute(CREATE.replace("create", "create or replace", 1))


def test_refresh_needs_ownership_or_refresh_and_reading_needs_select(
    prod: DuckDBSession, alice: DuckDBSession, bob: DuckDBSession
) -> None:
    run(
        prod,
        "grant select on schema prod.core to `account users`",
        f"grant create materialized view on schema dev.ci to `{ALICE}`",
    )
    alice.execute(CREATE)
    refresh = "refresh materialized view dev.ci.totals"
    assert refused(bob, refresh) == "User does not have REFRESH on Table 'dev.ci.totals'."
    assert refused(bob, "select * from dev.ci.totals") == (
        "User does not have SELECT on Table 'dev.ci.totals'."
    )
    assert refused(bob, "alter materialized view dev.ci.totals add schedule every 1 hour") == (
        "User is not an owner of Table 'dev.ci.totals'."
    )
    assert refused(bob, CREATE.replace("create", "create or replace", 1)) == (
        "User does not have CREATE MATERIALIZED VIEW on Schema 'dev.ci'."
    )
    run(prod, f"grant refresh on table dev.ci.totals to `{BOB}`")
    bob.execute(refresh)
    assert refused(bob, "select * from dev.ci.totals") == (
        "User does not have SELECT on Table 'dev.ci.totals'."
    )
    run(prod, f"grant select on table dev.ci.totals to `{BOB}`")
    assert rows(bob, "select id from dev.ci.totals") == [(1,)]
    assert (BOB, "REFRESH", "TABLE", "dev.ci.totals") in [
        tuple(r) for r in rows(prod, "show grants on table dev.ci.totals")
    ]
