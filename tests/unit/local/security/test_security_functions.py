"""Privileges on SQL functions: CREATE FUNCTION on the schema to create one, EXECUTE (on it, its
schema or its catalog) or ownership to call it, its owner to replace it, its owner or a parent's
to drop it; GRANT EXECUTE ON FUNCTION, SHOW GRANTS, information_schema.routine_privileges."""

from __future__ import annotations

import pytest
from security_helpers import ADMIN, ALICE, BOB, refused, rows, run

from dbt.adapters.databricks_envs.local.engine import DuckDBSession

FUNCTION = "dev.udf.add_one"
CALL = f"select {FUNCTION}(1)"
NO_EXECUTE = f"User does not have EXECUTE on Function '{FUNCTION}'."


@pytest.fixture
def udf(admin: DuckDBSession) -> DuckDBSession:
    run(
        admin,
        "create schema dev.udf",
        f"create function {FUNCTION}(x int) returns int return x + 1",
        "grant use catalog on catalog dev to `account users`",
        "grant use schema on schema dev.udf to `account users`",
    )
    return admin


def test_create_needs_create_function(udf: DuckDBSession, alice: DuckDBSession) -> None:
    statement = "create function dev.udf.mine(x int) returns int return x"
    assert refused(alice, statement) == ("User does not have CREATE FUNCTION on Schema 'dev.udf'.")
    run(udf, f"grant create function on schema dev.udf to `{ALICE}`")
    alice.execute(statement)
    assert rows(alice, "select dev.udf.mine(7)") == [(7,)]
    assert rows(
        udf, "select routine_owner from dev.information_schema.routines where routine_name = 'mine'"
    ) == [(ALICE,)]


@pytest.mark.parametrize(
    "grant",
    [
        f"grant execute on function {FUNCTION} to `{ALICE}`",
        f"grant EXECUTE on schema dev.udf to `{ALICE}`",
        "grant execute on catalog dev to `data-engineers`",
        f"grant all privileges on function {FUNCTION} to `{ALICE}`",
    ],
)
def test_calling_needs_execute(udf: DuckDBSession, alice: DuckDBSession, grant: str) -> None:
    assert refused(alice, CALL) == NO_EXECUTE
    # Also inside a larger query, and in another function's body.
    assert refused(alice, f"select id from (select 1 as id) where {FUNCTION}(id) > 0") == (
        NO_EXECUTE
    )
    run(udf, grant)
    assert rows(alice, CALL) == [(2,)]


def test_replace_and_drop(udf: DuckDBSession, alice: DuckDBSession, bob: DuckDBSession) -> None:
    run(
        udf,
        f"grant create function, execute on schema dev.udf to `{ALICE}`",
        f"grant create function on schema dev.udf to `{BOB}`",
    )
    replace = f"create or replace function {FUNCTION}(x int) returns int return x + 2"
    assert refused(alice, replace) == f"User is not an owner of Function '{FUNCTION}'."
    assert refused(alice, f"drop function {FUNCTION}") == (
        f"User is not an owner of Function '{FUNCTION}'."
    )
    alice.execute("create function dev.udf.hers(x int) returns int return x")
    alice.execute("create or replace function dev.udf.hers(x int) returns int return x * 3")
    assert refused(bob, "drop function dev.udf.hers") == (
        "User is not an owner of Function 'dev.udf.hers'."
    )
    # The schema's owner may drop what is inside it.
    run(udf, f"alter schema dev.udf owner to `{BOB}`")
    bob.execute("drop function dev.udf.hers")


def test_grants_show_grants_and_information_schema(
    udf: DuckDBSession, alice: DuckDBSession
) -> None:
    run(
        udf,
        f"grant execute on function {FUNCTION} to `{ALICE}`",
        "grant execute on schema dev.udf to `data-engineers`",
    )
    assert rows(udf, f"show grants on function {FUNCTION}") == [
        (ADMIN, "OWN", "FUNCTION", FUNCTION),
        ("account users", "USE CATALOG", "CATALOG", "dev"),
        ("account users", "USE SCHEMA", "SCHEMA", "dev.udf"),
        ("data-engineers", "EXECUTE", "SCHEMA", "dev.udf"),
        (ALICE, "EXECUTE", "FUNCTION", FUNCTION),
    ]
    assert rows(
        udf,
        "select grantor, grantee, routine_catalog, routine_schema, routine_name, "
        "privilege_type, is_grantable, inherited_from "
        "from system.information_schema.routine_privileges order by grantee",
    ) == [
        (ADMIN, ALICE, "dev", "udf", "add_one", "EXECUTE", "NO", "NONE"),
        (ADMIN, "data-engineers", "dev", "udf", "add_one", "EXECUTE", "NO", "SCHEMA"),
    ]
    # What Alice may see: the function she may execute.
    assert rows(alice, "select routine_name from dev.information_schema.routines") == [("add_one",)]
    bob_sees = "select routine_name from system.information_schema.routines"
    assert rows(udf, bob_sees) == [("add_one",)]
    run(udf, f"revoke execute on function {FUNCTION} from `{ALICE}`")
    run(udf, "revoke execute on schema dev.udf from `data-engineers`")
    assert refused(alice, CALL) == NO_EXECUTE


def test_give_away_and_errors(udf: DuckDBSession, alice: DuckDBSession) -> None:
    run(udf, f"alter function {FUNCTION} owner to `{ALICE}`")
    assert rows(alice, CALL) == [(2,)]
    # Replacing is creating too: CREATE FUNCTION on the schema, as well as ownership.
    replace = f"create or replace function {FUNCTION}(x int) returns int return x + 5"
    assert refused(alice, replace) == "User does not have CREATE FUNCTION on Schema 'dev.udf'."
    run(udf, f"grant create function on schema dev.udf to `{ALICE}`")
    alice.execute(replace)
    with pytest.raises(Exception, match="ROUTINE_NOT_FOUND"):
        udf.execute("grant execute on function dev.udf.nope to `account users`")
    with pytest.raises(Exception, match="not applicable"):
        udf.execute(f"grant select on function {FUNCTION} to `account users`")
