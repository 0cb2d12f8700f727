"""The authorization hook: the accesses of every statement, refusals, and recorded owners."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from engine_helpers import ALICE, BOB, rows

from dbt.adapters.databricks_envs.local.api import Principal, WarehouseError
from dbt.adapters.databricks_envs.local.engine import Access, DuckDBEngine, DuckDBSession


class Recorder:
    """Remembers every check; refuses writes to the catalog ``prod`` for everyone but Alice."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, tuple[Access, ...]]] = []

    def __call__(self, principal: Principal, accesses: Sequence[Access]) -> None:
        self.seen.append((principal.name, tuple(accesses)))
        for access in accesses:
            name = access.securable[1]
            if principal != ALICE and access.action != "read" and name.startswith("prod."):
                raise WarehouseError(
                    "INSUFFICIENT_PERMISSIONS",
                    "42501",
                    "[INSUFFICIENT_PERMISSIONS] Insufficient privileges:\nUser does not have "
                    f"MODIFY on Table '{name}'. SQLSTATE: 42501",
                )

    def last(self) -> set[tuple[str, tuple[str, str]]]:
        return {(a.action, a.securable) for a in self.seen[-1][1]}


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture
def secured(data_dir: Path, recorder: Recorder) -> Iterator[DuckDBEngine]:
    engine = DuckDBEngine(data_dir, authorizer=recorder, owner="metastore-admin")
    yield engine
    engine.close()


@pytest.fixture
def alice(secured: DuckDBEngine) -> DuckDBSession:
    return secured.open_session(ALICE, "main", "default")


@pytest.mark.parametrize(
    ("sql", "expected"),
    [
        (
            "create or replace table main.default.t2 as "
            "select * from main.default.t join dev.default.d using (x)",
            {
                ("create", ("table", "main.default.t2")),
                ("replace", ("table", "main.default.t2")),
                ("read", ("relation", "main.default.t")),
                ("read", ("relation", "dev.default.d")),
            },
        ),
        (
            "with c as (select * from t) select * from c, system.information_schema.tables",
            {
                ("read", ("relation", "main.default.t")),
                ("read", ("relation", "system.information_schema.tables")),
            },
        ),
        (
            "merge into t using dev.default.d as s on s.x = t.x when matched then update set *",
            {("write", ("table", "main.default.t")), ("read", ("relation", "dev.default.d"))},
        ),
        (
            "insert overwrite t select * from t",
            {("write", ("table", "main.default.t")), ("read", ("relation", "main.default.t"))},
        ),
        ("delete from t where x = 1", {("write", ("table", "main.default.t"))}),
        ("truncate table t", {("write", ("table", "main.default.t"))}),
        ("drop view if exists dev.default.v", {("drop", ("view", "dev.default.v"))}),
        ("create schema if not exists dev.s", {("create", ("schema", "dev.s"))}),
        ("drop catalog if exists x", {("drop", ("catalog", "x"))}),
        ("use catalog dev", {("use", ("catalog", "dev"))}),
        ("use schema default", {("use", ("schema", "main.default"))}),
        ("alter table t set tblproperties ('a' = 'b')", {("amend", ("table", "main.default.t"))}),
        ("alter table t cluster by (x)", {("alter", ("table", "main.default.t"))}),
        ("alter table t owner to `bob@example.com`", {("transfer", ("table", "main.default.t"))}),
        ("comment on column t.x is 'c'", {("amend", ("table", "main.default.t"))}),
        ("describe table extended t as json", {("describe", ("relation", "main.default.t"))}),
        ("show tables in dev.default", {("describe", ("schema", "dev.default"))}),
        ("show tblproperties t", {("describe", ("relation", "main.default.t"))}),
    ],
)
def test_accesses_of_statements(
    alice: DuckDBSession, recorder: Recorder, sql: str, expected: set
) -> None:
    alice.execute("create table if not exists main.default.t (x int)")
    alice.execute("create table if not exists dev.default.d (x int)")
    alice.execute(sql)
    assert recorder.last() == expected


def test_temporary_views_need_no_privilege(alice: DuckDBSession, recorder: Recorder) -> None:
    alice.execute("create temporary view tv as select 1 as x")
    assert recorder.last() == set()
    alice.execute("select * from tv")
    assert recorder.last() == set()


def test_a_refused_statement_changes_nothing(secured: DuckDBEngine, alice: DuckDBSession) -> None:
    alice.execute("create table prod.default.t as select 1 as x")
    bob = secured.open_session(BOB, "prod", "default")
    with pytest.raises(WarehouseError) as refused:
        bob.execute("insert into t values (2)")
    assert refused.value.error_class == "INSUFFICIENT_PERMISSIONS"
    with pytest.raises(WarehouseError):
        bob.execute("drop table t")
    assert rows(bob, "select x from t") == [(1,)]


def test_owners_are_the_creators(secured: DuckDBEngine, alice: DuckDBSession) -> None:
    bob = secured.open_session(BOB, "main", "default")
    alice.execute("create catalog lab")
    bob.execute("create schema lab.s")
    bob.execute("create table lab.s.t (x int)")
    alice.execute("create view lab.s.v as select * from lab.s.t")
    assert rows(
        alice,
        "select catalog_name, catalog_owner from system.information_schema.catalogs order by 1",
    ) == [
        ("dev", "metastore-admin"),
        ("lab", ALICE.name),
        ("main", "metastore-admin"),
        ("prod", "metastore-admin"),
    ]
    assert rows(
        alice,
        "select schema_owner from lab.information_schema.schemata where schema_name = 's'",
    ) == [(BOB.name,)]
    assert rows(
        alice, "select table_name, table_owner from lab.information_schema.tables order by 1"
    ) == [("t", BOB.name), ("v", ALICE.name)]
