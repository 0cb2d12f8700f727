"""The gate on a real session: the unmodified connector against a local warehouse, as the metastore
admin, so that only the gate stops a write. Its current catalog follows what the warehouse
accepted, and is asked of the session when it cannot be known; every way the connector sends a
statement (plain, inline bindings, executemany, async) goes through it. Property-based sequences
of USE statements, writes and comment tricks never change `prod`, whose contents are the oracle
together with the warehouse's audit log."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import databricks.sql
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dbt.adapters.databricks_envs import gate
from dbt.adapters.databricks_envs.local.server import LocalWarehouse

DEV_ONLY = gate.WriteGuard("enforce", "dev", frozenset({"dev"}), metastore=False)


def connect(warehouse: LocalWarehouse, catalog: str | None = "dev") -> Any:
    # As dbt-databricks connects: bindings rendered into the text by the connector.
    return databricks.sql.connect(
        server_hostname="127.0.0.1",
        http_path=warehouse.http_path,
        access_token=warehouse.token,
        _connection_uri=warehouse.connection_uri,
        enable_telemetry=False,
        use_inline_params="silent",
        catalog=catalog,
    )


@pytest.fixture(scope="module")
def prepared(guard_warehouse: LocalWarehouse) -> LocalWarehouse:
    with connect(guard_warehouse) as connection, connection.cursor() as cursor:
        for sql in (
            "create schema if not exists prod.s",
            "create or replace table prod.s.t (a int)",
            "insert into prod.s.t values (1)",
            "create schema if not exists dev.s",
            "create or replace table dev.s.t (a int)",
        ):
            cursor.execute(sql)
    return guard_warehouse


@pytest.fixture
def gated(prepared: LocalWarehouse) -> Iterator[tuple[Any, gate.SessionGate]]:
    with connect(prepared) as connection:
        session = gate.SessionGate(DEV_ONLY, connection, connection.session.backend, "dev")
        yield connection, session


def prod_rows(warehouse: LocalWarehouse) -> list[tuple[Any, ...]]:
    with connect(warehouse) as connection, connection.cursor() as cursor:
        cursor.execute("select a from prod.s.t order by a")
        return [tuple(row) for row in cursor.fetchall()]


def run(connection: Any, sql: str, *parameters: Any) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, list(parameters) or None)


def test_use_is_followed_once_the_warehouse_accepted_it(
    gated: tuple[Any, gate.SessionGate], prepared: LocalWarehouse
) -> None:
    connection, session = gated
    run(connection, "use catalog prod")
    assert session.catalog == "prod"
    with pytest.raises(gate.WriteRefused, match=r"refused to insert into s\.t"):
        run(connection, "insert into s.t values (7)")
    assert prod_rows(prepared) == [(1,)]


def test_a_use_the_warehouse_refused_leaves_the_catalog_unknown_then_asks(
    gated: tuple[Any, gate.SessionGate], prepared: LocalWarehouse
) -> None:
    connection, session = gated
    with pytest.raises(databricks.sql.exc.Error):
        run(connection, "use catalog no_such_catalog")
    assert session.catalog is None
    before = len(prepared.audit())
    run(connection, "insert into s.t values (2)")  # the session is still in dev
    asked = [r["statement_text"] for r in prepared.audit()[before:]]
    assert asked[0] == "SELECT current_catalog()"
    assert session.catalog == "dev"
    assert prod_rows(prepared) == [(1,)]


def test_a_session_opened_without_a_catalog_asks_before_an_unqualified_write(
    prepared: LocalWarehouse,
) -> None:
    with connect(prepared, catalog=None) as connection:
        session = gate.SessionGate(DEV_ONLY, connection, connection.session.backend, "")
        run(connection, "select 1")
        assert session.catalog is None
        # The warehouse's default catalog is `main`: the write is refused for being there.
        with pytest.raises(gate.WriteRefused, match="catalog 'main' is not writable"):
            run(connection, "create table if not exists s.other (a int)")
        assert session.catalog == "main"


def test_an_asynchronous_use_is_not_trusted_before_it_finished(
    gated: tuple[Any, gate.SessionGate],
) -> None:
    connection, session = gated
    with connection.cursor() as cursor:
        cursor.execute_async("use catalog prod")
        cursor.get_async_execution_result()
    assert session.catalog is None


@pytest.mark.parametrize(
    ("template", "parameters"),
    [
        ("--%s", ["\ninsert into prod.s.t values (9) --"]),
        ("select %s", ["1; insert into prod.s.t values (9)"]),
        ("insert into prod.s.t values (%s)", [9]),
    ],
)
def test_bindings_are_checked_after_the_connector_rendered_them(
    gated: tuple[Any, gate.SessionGate],
    prepared: LocalWarehouse,
    template: str,
    parameters: list[Any],
) -> None:
    connection, _ = gated
    try:
        run(connection, template, *parameters)
    except gate.WriteRefused:
        pass
    except databricks.sql.exc.Error:
        pass  # the rendered text is no valid SQL: it ran nothing either
    assert prod_rows(prepared) == [(1,)]
    inserts = [r for r in prepared.audit() if r["statement_type"] == "INSERT"]
    assert not [r for r in inserts if "values (9)" in str(r["statement_text"])]


def test_executemany_goes_through_the_gate(
    gated: tuple[Any, gate.SessionGate], prepared: LocalWarehouse
) -> None:
    connection, _ = gated
    with connection.cursor() as cursor, pytest.raises(gate.WriteRefused):
        cursor.executemany("insert into prod.s.t values (%s)", [[8], [9]])
    assert prod_rows(prepared) == [(1,)]


# Property-based: sequences of session switches and writes, each hidden or not in comments.

CATALOG_SPELLINGS = st.sampled_from(["prod", "`prod`", "PROD", "`Prod`", "dev", "`dev`"])
USE = st.one_of(
    CATALOG_SPELLINGS.map(lambda c: f"use catalog {c}"),
    CATALOG_SPELLINGS.map(lambda c: f"set catalog {c}"),
    CATALOG_SPELLINGS.map(lambda c: f"use schema {c}.s"),
    CATALOG_SPELLINGS.map(lambda c: f"use {c}.s"),
    st.just("use schema s"),
    st.just("use catalog no_such_catalog"),
)
TARGETS = st.sampled_from(["t", "s.t", "prod.s.t", "`prod`.`s`.`t`", "dev.s.t", "PROD.s.T"])
WRITE = st.one_of(
    TARGETS.map(lambda t: f"insert into {t} values (5)"),
    TARGETS.map(lambda t: f"delete from {t}"),
    TARGETS.map(lambda t: f"truncate table {t}"),
    TARGETS.map(lambda t: f"insert overwrite {t} select 6"),
    TARGETS.map(lambda t: f"drop table {t}"),
)
DISGUISES = st.sampled_from(
    [
        "{}",
        "/* dbt */ {}",
        "-- note\n{}",
        "/* a /* nested */ b */ {}",
        "/* x /*+ */ {} -- */",
        "select 1; {}",
        "{} -- trailing",
        "select '--'; {}",
        "/*+ hint */ {}",
    ]
)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    steps=st.lists(
        st.tuples(st.one_of(USE, WRITE), DISGUISES, st.booleans()), min_size=1, max_size=6
    )
)
def test_no_sequence_changes_prod(
    prepared: LocalWarehouse, steps: list[tuple[str, str, bool]]
) -> None:
    with connect(prepared) as connection:
        gate.SessionGate(DEV_ONLY, connection, connection.session.backend, "dev")
        for statement, disguise, bound in steps:
            sql = disguise.format(statement)
            try:
                if bound:  # the statement arrives as a binding the connector renders
                    run(connection, "--%s", "\n" + sql + " --")
                else:
                    run(connection, sql)
            except (gate.WriteRefused, databricks.sql.exc.Error):
                pass
    assert prod_rows(prepared) == [(1,)]
    with connect(prepared) as connection, connection.cursor() as cursor:
        cursor.execute("show tables in prod.s")
        assert [row[1] for row in cursor.fetchall()] == ["t"]
