"""Who may tag: the object's owner, or a holder of APPLY TAG on it (granted on it, its schema or
its catalog), with USE CATALOG and USE SCHEMA to reach it; MODIFY is not enough. APPLY TAG in
GRANT / REVOKE, SHOW GRANTS and information_schema's privilege tables."""

from __future__ import annotations

import pytest
from security_helpers import ALICE, BOB, refused, rows, run

from dbt.adapters.databricks_envs.local.engine import DuckDBSession

NO_APPLY_TAG = "User does not have APPLY TAG on {kind} '{name}'."


@pytest.fixture
def shared(admin: DuckDBSession) -> DuckDBSession:
    """dev.marts.orders, owned by the admin; Alice may use it and change its rows."""
    run(
        admin,
        "create schema dev.marts",
        "create table dev.marts.orders (id int, email string)",
        "create view dev.marts.recent as select id from dev.marts.orders",
        f"grant use catalog on catalog dev to `{ALICE}`",
        f"grant use schema, select, modify on schema dev.marts to `{ALICE}`",
    )
    return admin


@pytest.mark.parametrize(
    ("statement", "kind", "name"),
    [
        ("alter table dev.marts.orders set tags ('team' = 'core')", "Table", "dev.marts.orders"),
        ("alter table dev.marts.orders unset tags ('team')", "Table", "dev.marts.orders"),
        (
            "alter table dev.marts.orders alter column email set tags ('pii' = 'yes')",
            "Table",
            "dev.marts.orders",
        ),
        ("set tag on column dev.marts.orders.email pii", "Table", "dev.marts.orders"),
        ("alter view dev.marts.recent set tags ('layer' = 'gold')", "Table", "dev.marts.recent"),
        ("alter schema dev.marts set tags ('domain' = 'sales')", "Schema", "dev.marts"),
        ("set tag on catalog dev env = dev", "Catalog", "dev"),
    ],
)
def test_modify_is_not_apply_tag(
    shared: DuckDBSession, alice: DuckDBSession, statement: str, kind: str, name: str
) -> None:
    assert refused(alice, statement) == NO_APPLY_TAG.format(kind=kind, name=name)
    securable = {"Table": f"table {name}", "Schema": f"schema {name}", "Catalog": f"catalog {name}"}
    shared.execute(f"grant apply tag on {securable[kind]} to `{ALICE}`")
    alice.execute(statement)


def test_apply_tag_is_inherited_from_the_schema_and_the_catalog(
    shared: DuckDBSession, alice: DuckDBSession, bob: DuckDBSession
) -> None:
    run(shared, f"grant apply_tag on schema dev.marts to `{ALICE}`")
    alice.execute("alter table dev.marts.orders set tags ('team' = 'core')")
    alice.execute("alter schema dev.marts set tags ('domain' = 'sales')")
    assert refused(alice, "alter catalog dev set tags ('env' = 'dev')") == NO_APPLY_TAG.format(
        kind="Catalog", name="dev"
    )
    # Bob holds APPLY TAG on the catalog but may not reach the schema.
    run(shared, f"grant use catalog, apply tag on catalog dev to `{BOB}`")
    bob.execute("alter catalog dev set tags ('env' = 'dev')")
    assert refused(bob, "alter table dev.marts.orders set tags ('a' = 'b')") == (
        "User does not have USE SCHEMA on Schema 'dev.marts'."
    )


def test_owners_tag_what_they_own(shared: DuckDBSession, alice: DuckDBSession) -> None:
    run(shared, f"grant create table on schema dev.marts to `{ALICE}`")
    alice.execute("create table dev.marts.mine (id int)")
    alice.execute("alter table dev.marts.mine set tags ('team' = 'core')")
    alice.execute("alter table dev.marts.mine alter column id set tags ('key' = 'yes')")
    run(shared, f"alter schema dev.marts owner to `{ALICE}`")
    alice.execute("alter schema dev.marts set tags ('domain' = 'sales')")
    # Owning the schema gives nothing on a table someone else owns.
    assert refused(alice, "alter table dev.marts.orders set tags ('a' = 'b')") == (
        NO_APPLY_TAG.format(kind="Table", name="dev.marts.orders")
    )


def test_apply_tag_in_grants_and_information_schema(
    shared: DuckDBSession, alice: DuckDBSession
) -> None:
    run(
        shared,
        f"grant apply tag on schema dev.marts to `{ALICE}`",
        f"grant APPLY_TAG on table dev.marts.orders to `{BOB}`",
    )
    assert (ALICE, "APPLY TAG", "SCHEMA", "dev.marts") in rows(
        shared, "show grants on table dev.marts.orders"
    )
    assert rows(
        shared,
        "select grantee, privilege_type, inherited_from "
        "from dev.information_schema.table_privileges where table_name = 'orders' "
        "and privilege_type = 'APPLY TAG' order by grantee",
    ) == [(ALICE, "APPLY TAG", "SCHEMA"), (BOB, "APPLY TAG", "NONE")]
    assert rows(
        alice,
        "select privilege_type from system.information_schema.schema_privileges "
        f"where grantee = '{ALICE}' and schema_name = 'marts' order by 1",
    ) == [("APPLY TAG",), ("MODIFY",), ("SELECT",), ("USE SCHEMA",)]
    run(shared, f"revoke apply tag on schema dev.marts from `{ALICE}`")
    assert refused(alice, "alter table dev.marts.orders set tags ('a' = 'b')") == (
        NO_APPLY_TAG.format(kind="Table", name="dev.marts.orders")
    )


def test_tag_rows_show_what_one_may_see(shared: DuckDBSession, bob: DuckDBSession) -> None:
    run(
        shared,
        "alter table dev.marts.orders set tags ('team' = 'core')",
        "alter schema dev.marts set tags ('domain' = 'sales')",
    )
    assert rows(bob, "select * from system.information_schema.table_tags") == []
    assert rows(bob, "select * from system.information_schema.schema_tags") == []
    run(shared, f"grant use catalog on catalog dev to `{BOB}`")
    run(shared, f"grant select on table dev.marts.orders to `{BOB}`")
    assert rows(bob, "select table_name, tag_name from system.information_schema.table_tags") == [
        ("orders", "team")
    ]
