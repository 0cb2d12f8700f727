"""Who may replace, alter, rename, drop, give away or grant on an object: its owner, the owners of
its schema and catalog, a holder of MODIFY, and the metastore admin, statement by statement.

The rules are Databricks' documented ones (the pages are cited in ``security/policy.py``). The
scenario is the one a user met: ``prod.core.orders`` belongs to someone else, and the identity
holds USE CATALOG, USE SCHEMA, CREATE TABLE and MODIFY.
"""

from __future__ import annotations

import pytest
from security_helpers import ADMIN, ALICE, BOB, ROBOT, Workspace, refused, rows, run

from dbt.adapters.databricks_envs.local.engine import DuckDBSession
from dbt.adapters.databricks_envs.local.security import Identity

CAROL = "carol@example.com"
ROLES = {
    "owner": ALICE,
    "schema owner": BOB,
    "catalog owner": ROBOT,
    "MODIFY holder": CAROL,
    "admin": ADMIN,
}
TABLE = "prod.core.orders"
VIEW = "prod.core.recent"

NOT_OWNER = "User is not an owner of Table '{name}'."
NO_MODIFY = "User does not have MODIFY on Table '{name}'."
NO_SELECT = "User does not have SELECT on Table '{name}'."
NO_MANAGE = "User does not have MANAGE on Table '{name}'."
NOT_SCHEMA_OWNER = "User is not an owner of Schema '{name}'."

OWNER = {"owner"}
WRITERS = {"owner", "MODIFY holder"}
OWNERS_AND_PARENTS = {"owner", "schema owner", "catalog owner"}

# (statement, object named in the refusal, who may run it besides the admin, refusal of others)
CASES: list[tuple[str, str, set[str], str]] = [
    # Replacing: ownership of the object itself (unverified: no page says; see policy.py).
    (f"create or replace table {TABLE} as select 2 as id", TABLE, OWNER, NOT_OWNER),
    (f"create or replace view {VIEW} as select 2 as id", VIEW, OWNER, NOT_OWNER),
    # ALTER TABLE: MODIFY for columns and table properties, ownership for the rest.
    (f"alter table {TABLE} add columns (note string)", TABLE, WRITERS, NO_MODIFY),
    (f"alter table {TABLE} set tblproperties ('k' = 'v')", TABLE, WRITERS, NO_MODIFY),
    (f"alter table {TABLE} alter column id comment 'the id'", TABLE, WRITERS, NO_MODIFY),
    (f"alter table {TABLE} rename to {TABLE}_old", TABLE, OWNER, NOT_OWNER),
    (f"alter table {TABLE} cluster by (id)", TABLE, OWNER, NOT_OWNER),
    (f"alter table {TABLE} add constraint orders_pk primary key (id)", TABLE, OWNER, NOT_OWNER),
    # COMMENT ON: MODIFY on a table.
    (f"comment on table {TABLE} is 'orders'", TABLE, WRITERS, NO_MODIFY),
    (f"comment on column {TABLE}.id is 'the id'", TABLE, WRITERS, NO_MODIFY),
    # A view's query, properties and comments: its owner, MODIFY or not.
    (f"alter view {VIEW} as select 3 as id", VIEW, OWNER, NOT_OWNER),
    (f"alter view {VIEW} set tblproperties ('k' = 'v')", VIEW, OWNER, NOT_OWNER),
    (f"comment on table {VIEW} is 'recent orders'", VIEW, OWNER, NOT_OWNER),
    (f"alter view {VIEW} rename to {VIEW}_old", VIEW, OWNER, NOT_OWNER),
    # Dropping, giving away and granting: the owner or the owner of a parent.
    (f"drop table {TABLE}", TABLE, OWNERS_AND_PARENTS, NOT_OWNER),
    (f"drop view {VIEW}", VIEW, OWNERS_AND_PARENTS, NOT_OWNER),
    (f"alter table {TABLE} owner to `{CAROL}`", TABLE, OWNERS_AND_PARENTS, NOT_OWNER),
    (f"alter view {VIEW} owner to `{CAROL}`", VIEW, OWNERS_AND_PARENTS, NOT_OWNER),
    (f"grant select on table {TABLE} to `{CAROL}`", TABLE, OWNERS_AND_PARENTS, NO_MANAGE),
    # Rows: SELECT and MODIFY, which owning a parent does not give.
    (f"select * from {TABLE}", TABLE, WRITERS, NO_SELECT),
    (f"insert into {TABLE} values (3)", TABLE, WRITERS, NO_MODIFY),
    (f"insert overwrite {TABLE} values (3)", TABLE, WRITERS, NO_MODIFY),
    (f"truncate table {TABLE}", TABLE, WRITERS, NO_MODIFY),
    (
        f"merge into {TABLE} as t using (select 5 as id) as s on t.id = s.id "
        "when not matched then insert *",
        TABLE,
        WRITERS,
        NO_MODIFY,
    ),
    (f"optimize {TABLE}", TABLE, WRITERS, NO_MODIFY),
    # Metadata: any privilege on the object, or owning a parent.
    (f"describe table extended {TABLE}", TABLE, set(ROLES), NO_SELECT),
    # The schema itself: its owner; giving it away, the catalog's owner too.
    ("comment on schema prod.core is 'core'", "prod.core", {"schema owner"}, NOT_SCHEMA_OWNER),
    ("drop schema prod.side", "prod.side", {"schema owner"}, NOT_SCHEMA_OWNER),
    (
        f"alter schema prod.core owner to `{CAROL}`",
        "prod.core",
        {"schema owner", "catalog owner"},
        NOT_SCHEMA_OWNER,
    ),
]


@pytest.fixture
def scenario(workspace: Workspace, admin: DuckDBSession) -> Workspace:
    """``prod`` owned by the robot, ``prod.core`` by Bob, ``prod.core.orders`` and the view
    ``prod.core.recent`` by Alice; everyone may use them and create tables in ``prod.core``,
    and Carol holds SELECT and MODIFY there."""
    workspace.directory.add_identity(Identity(CAROL, CAROL))
    run(
        admin,
        f"alter catalog prod owner to `{ROBOT}`",
        "create schema prod.core",
        "create schema prod.side",
        f"alter schema prod.core owner to `{BOB}`",
        f"alter schema prod.side owner to `{BOB}`",
        f"create table {TABLE} as select 1 as id",
        f"create view {VIEW} as select id from {TABLE}",
        f"alter table {TABLE} owner to `{ALICE}`",
        f"alter view {VIEW} owner to `{ALICE}`",
        f"grant select, modify on schema prod.core to `{CAROL}`",
    )
    for name in (ALICE, BOB, ROBOT, CAROL):
        run(
            admin,
            f"grant use catalog on catalog prod to `{name}`",
            f"grant use schema, create table on schema prod.core to `{name}`",
        )
    return workspace


@pytest.mark.parametrize("role", list(ROLES))
@pytest.mark.parametrize(
    ("statement", "name", "allowed", "refusal"), CASES, ids=[case[0] for case in CASES]
)
def test_who_may_run_each_statement(
    scenario: Workspace, statement: str, name: str, allowed: set[str], refusal: str, role: str
) -> None:
    session = scenario.session(ROLES[role], catalog="prod")
    if role == "admin" or role in allowed:
        session.execute(statement)
    else:
        assert refused(session, statement) == refusal.format(name=name)


def test_modify_without_ownership_changes_rows_columns_and_comments_but_cannot_replace(
    scenario: Workspace,
) -> None:
    carol = scenario.session(CAROL, catalog="prod")
    run(
        carol,
        f"insert into {TABLE} values (2)",
        f"alter table {TABLE} add columns (note string)",
        f"comment on table {TABLE} is 'orders'",
    )
    assert refused(carol, f"create or replace table {TABLE} as select 9 as id") == (
        f"User is not an owner of Table '{TABLE}'."
    )
    assert rows(carol, f"select id, note from {TABLE} order by id") == [(1, None), (2, None)]
    admin = scenario.session(ADMIN, catalog="prod")
    assert rows(
        admin,
        "select table_owner, comment from prod.information_schema.tables "
        "where table_name = 'orders'",
    ) == [(ALICE, "orders")]


def test_the_owner_replaces_and_keeps_ownership(scenario: Workspace) -> None:
    alice = scenario.session(ALICE, catalog="prod")
    run(alice, f"create or replace table {TABLE} as select 7 as id")
    assert rows(alice, f"select id from {TABLE}") == [(7,)]
    assert (ALICE, "OWN", "TABLE", TABLE) in rows(
        scenario.session(ADMIN), f"show grants on table {TABLE}"
    )


def test_a_group_that_owns_an_object_lets_its_members_replace_it(
    scenario: Workspace, admin: DuckDBSession
) -> None:
    run(admin, f"alter table {TABLE} owner to `data-engineers`")
    # Alice is a member of data-engineers; Bob is not, and owns only the schema.
    run(scenario.session(ALICE, "prod"), f"create or replace table {TABLE} as select 4 as id")
    assert refused(scenario.session(BOB, "prod"), f"alter table {TABLE} cluster by (id)") == (
        f"User is not an owner of Table '{TABLE}'."
    )


def test_owning_a_parent_grants_nothing_inside_until_the_owner_grants_it(
    scenario: Workspace, admin: DuckDBSession
) -> None:
    robot = scenario.session(ROBOT, "prod")
    run(admin, "create schema prod.vault", "create table prod.vault.keys as select 1 as k")
    # The catalog's owner needs USE SCHEMA on a schema someone else owns ...
    assert refused(robot, "select * from prod.vault.keys") == (
        "User does not have USE SCHEMA on Schema 'prod.vault'."
    )
    # ... but, owning the catalog, may grant it, and SELECT, to itself.
    run(robot, f"grant use schema, select on schema prod.vault to `{ROBOT}`")
    assert rows(robot, "select k from prod.vault.keys") == [(1,)]
    # The schema's owner uses the schema without a grant, but not the tables in it.
    bob = scenario.session(BOB, "prod")
    run(admin, f"alter schema prod.vault owner to `{BOB}`")
    assert refused(bob, "select * from prod.vault.keys") == (
        "User does not have SELECT on Table 'prod.vault.keys'."
    )
    run(bob, "create table prod.vault.mine as select 2 as k")
    assert rows(bob, "select k from prod.vault.mine") == [(2,)]
