"""Who may set a row filter or a column mask: the table's owner (MANAGE is not modelled),
holding EXECUTE on the function; readers need nothing on the function, and see what it
allows them."""

from __future__ import annotations

import pytest
from security_helpers import ALICE, BOB, refused, rows, run

from dbt.adapters.databricks_envs.local.engine import DuckDBSession

FILTER = "alter table dev.hr.people set row filter dev.hr.own_rows on (owner)"
MASK = "alter table dev.hr.people alter column salary set mask dev.hr.hide_salary"


@pytest.fixture
def hr(admin: DuckDBSession) -> DuckDBSession:
    run(
        admin,
        "create schema dev.hr",
        "create table dev.hr.people (owner string, salary int)",
        f"insert into dev.hr.people values ('{ALICE}', 100), ('{BOB}', 200)",
        "create function dev.hr.own_rows(owner string) returns boolean "
        "return owner = current_user() or is_account_group_member('data-engineers')",
        "create function dev.hr.hide_salary(salary int) returns int "
        "return case when is_account_group_member('data-engineers') then salary end",
        "grant use catalog on catalog dev to `account users`",
        "grant use schema, select on schema dev.hr to `account users`",
    )
    return admin


def test_readers_see_their_rows_without_execute(
    hr: DuckDBSession, alice: DuckDBSession, bob: DuckDBSession
) -> None:
    run(hr, FILTER, MASK)
    assert rows(bob, "select owner, salary from dev.hr.people") == [(BOB, None)]
    # Alice is in data-engineers: every row, every salary.
    assert rows(alice, "select salary from dev.hr.people order by 1") == [(100,), (200,)]
    assert refused(bob, "select dev.hr.own_rows('x')") == (
        "User does not have EXECUTE on Function 'dev.hr.own_rows'."
    )


@pytest.mark.parametrize("statement", [FILTER, MASK])
def test_setting_needs_ownership_and_execute(
    hr: DuckDBSession, alice: DuckDBSession, statement: str
) -> None:
    run(hr, f"grant modify on table dev.hr.people to `{ALICE}`")
    assert refused(alice, statement) == "User is not an owner of Table 'dev.hr.people'."
    run(hr, f"alter table dev.hr.people owner to `{ALICE}`")
    function = "dev.hr.own_rows" if "filter" in statement else "dev.hr.hide_salary"
    assert refused(alice, statement) == f"User does not have EXECUTE on Function '{function}'."
    run(hr, f"grant execute on function {function} to `{ALICE}`")
    alice.execute(statement)
    dropped = (
        "alter table dev.hr.people drop row filter"
        if "filter" in statement
        else "alter table dev.hr.people alter column salary drop mask"
    )
    alice.execute(dropped)


def test_create_table_with_a_filter_needs_execute(hr: DuckDBSession, bob: DuckDBSession) -> None:
    run(hr, f"grant create table on schema dev.hr to `{BOB}`")
    statement = (
        "create table dev.hr.mine (owner string, salary int MASK dev.hr.hide_salary) "
        "with row filter dev.hr.own_rows on (owner)"
    )
    assert refused(bob, statement) == (
        "User does not have EXECUTE on Function 'dev.hr.hide_salary'."
    )
    run(hr, f"grant execute on schema dev.hr to `{BOB}`")
    bob.execute(statement)
    bob.execute(f"insert into dev.hr.mine values ('{BOB}', 1), ('{ALICE}', 2)")
    assert rows(bob, "select owner, salary from dev.hr.mine") == [(BOB, None)]


def test_row_filters_and_masks_tables_show_what_one_may_see(
    hr: DuckDBSession, bob: DuckDBSession
) -> None:
    run(hr, FILTER, MASK, "create schema prod.secret", "create table prod.secret.t (x string)")
    run(hr, "alter table prod.secret.t set row filter dev.hr.own_rows on (x)")
    assert rows(
        bob, "select table_name, filter_name from system.information_schema.row_filters"
    ) == [("people", "dev.hr.own_rows")]
    assert rows(bob, "select column_name from dev.information_schema.column_masks") == [("salary",)]
