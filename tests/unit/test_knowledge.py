"""The run's record of its own writes (knowledge.py): what a statement writes, and when an answer
learnt earlier stops being valid — across threads, asynchronous statements and writes that cannot
be attributed."""

from __future__ import annotations

import threading
from types import SimpleNamespace
from typing import Any

import pytest

from dbt.adapters.databricks_envs.knowledge import (
    EVERYTHING,
    RunKnowledge,
    Writes,
    name_parts,
    observe,
    writes_in,
)


@pytest.mark.parametrize(
    ("sql", "identifiers"),
    [
        ("create or replace table `main`.`s`.`Orders` using delta as select 1", ("orders",)),
        ('/* {"app": "dbt"} */ merge into main.s.t as d using u as s on 1=1', ("t",)),
        ("insert overwrite `main`.`s`.`seed` values (1)", ("seed",)),
        ("COMMENT ON COLUMN `main`.`s`.`t`.`id` IS 'x'", ("t",)),
        ("COMMENT ON TABLE main.s.t IS 'x'", ("t",)),
        ("ALTER TABLE s.t SET TBLPROPERTIES ('a' = 'b')", ("t",)),
        ("alter view main.s.v rename to main.s.w", ("v", "w")),
        ("ALTER TABLE main.s.t SET TAGS ('k' = 'v')", ("t",)),
        ("grant select on table main.s.t to `someone`", ("t",)),
        ("create table a.b.t1 (id int); insert into a.b.t2 values (1)", ("t1", "t2")),
        ("ALTER TABLE `a.b`.c.`d``e` SET TBLPROPERTIES ('x' = '1')", ("d`e",)),
        # Statements that change no relation.
        ("create or replace temporary view `m__dbt_tmp` as select 1", ()),
        ("create schema if not exists `main`.`s`", ()),
        ("select * from main.s.t", ()),
        ("DESCRIBE TABLE EXTENDED main.s.t AS JSON", ()),
        ("use catalog other", ()),
    ],
)
def test_the_relations_a_statement_writes(sql: str, identifiers: tuple[str, ...]) -> None:
    assert writes_in(sql) == Writes(identifiers)


@pytest.mark.parametrize(
    "sql",
    [
        "drop schema main.s cascade",  # every relation in it
        "ALTER SCHEMA main.s SET DBPROPERTIES ('a' = 'b')",
        "drop catalog other cascade",
        "call main.s.procedure()",  # writes what only the server knows
        "analyze tables compute statistics",
        "insert into main.s.t values ('unclosed",  # unreadable
        # A target named through IDENTIFIER(): not attributed by its text.
        "alter table identifier('main.s.t') add column extra int",
        "create or replace table IDENTIFIER('main.s.b') (id int)",
        "comment on table identifier('t') is 'x'",
        "alter table main.s.a rename to identifier('main.s.t')",
        # CASCADE drops the foreign keys of other, unnamed tables.
        "ALTER TABLE main.s.p DROP CONSTRAINT p_pk CASCADE;",
        "alter table main.s.p drop primary key cascade",
    ],
)
def test_a_write_it_cannot_attribute_counts_as_a_write_of_everything(sql: str) -> None:
    assert writes_in(sql) == EVERYTHING


def test_name_parts_unquote_and_lower() -> None:
    assert name_parts("`Main`.s.`We``ird.name`") == ["main", "s", "we`ird.name"]


def test_an_answer_is_valid_until_its_relation_is_written() -> None:
    knowledge = RunKnowledge()
    stamp = knowledge.now()
    assert knowledge.unchanged_since("orders", stamp)
    with knowledge.writing(Writes(("customers",))):
        assert knowledge.unchanged_since("orders", stamp)
        assert not knowledge.unchanged_since("customers", stamp)
    with knowledge.writing(Writes(("orders",))):
        pass
    assert not knowledge.unchanged_since("orders", stamp)
    # Learnt again after the write: valid again.
    assert knowledge.unchanged_since("orders", knowledge.now())


def test_a_write_under_way_invalidates_even_answers_learnt_after_it_started() -> None:
    knowledge = RunKnowledge()
    knowledge.starting(Writes(("orders",)))
    later = knowledge.now()
    assert not knowledge.unchanged_since("orders", later)
    knowledge.ended(Writes(("orders",)))
    assert not knowledge.unchanged_since("orders", later)
    assert knowledge.unchanged_since("orders", knowledge.now())


def test_an_asynchronous_write_stays_under_way_for_the_rest_of_the_run() -> None:
    knowledge = RunKnowledge()
    knowledge.starting(Writes(("orders",)))
    knowledge.ended(Writes(("orders",)), finished=False)
    assert not knowledge.unchanged_since("orders", knowledge.now())
    assert knowledge.unchanged_since("customers", knowledge.now())


def test_a_write_of_everything_invalidates_every_answer_and_every_absence() -> None:
    knowledge = RunKnowledge()
    stamp = knowledge.now()
    assert knowledge.never_written("orders")
    with knowledge.writing(EVERYTHING):
        assert not knowledge.unchanged_since("orders", knowledge.now())
    assert not knowledge.unchanged_since("orders", stamp)
    assert knowledge.unchanged_since("orders", knowledge.now())
    assert not knowledge.never_written("orders")


def test_never_written_until_a_statement_starts_writing_it() -> None:
    knowledge = RunKnowledge()
    assert knowledge.never_written("orders")
    knowledge.starting(Writes(("orders",)))
    assert not knowledge.never_written("orders")
    assert knowledge.never_written("customers")


def test_disabled_knowledge_knows_nothing() -> None:
    knowledge = RunKnowledge(enabled=False)
    assert not knowledge.never_written("orders")
    assert not knowledge.unchanged_since("orders", knowledge.now())
    enabled = RunKnowledge()
    enabled.disable("testing")
    assert not enabled.enabled
    assert not enabled.unchanged_since("orders", enabled.now())


class FakeBackend:
    def __init__(self, on_send: Any = None) -> None:
        self.sent: list[tuple[str, dict[str, Any]]] = []
        self.on_send = on_send

    def execute_command(self, operation: str, **kwargs: Any) -> str:
        self.sent.append((operation, kwargs))
        if self.on_send:
            self.on_send()
        return "result"


def handle_of(backend: Any) -> Any:
    return SimpleNamespace(_conn=SimpleNamespace(session=SimpleNamespace(backend=backend)))


def test_observe_records_the_writes_of_what_the_session_sends() -> None:
    knowledge = RunKnowledge()
    backend = FakeBackend()
    observe(handle_of(backend), knowledge)
    stamp = knowledge.now()
    # The connector passes the statement by keyword.
    assert backend.execute_command(operation="select 1", async_op=False) == "result"
    assert knowledge.unchanged_since("orders", stamp)
    backend.execute_command(operation="create or replace table main.s.orders as select 1")
    assert not knowledge.unchanged_since("orders", stamp)
    assert knowledge.unchanged_since("customers", stamp)
    assert backend.sent[0][0] == "select 1"


def test_observe_counts_the_write_as_under_way_while_it_is_sent() -> None:
    knowledge = RunKnowledge()
    seen: list[bool] = []
    stamp = knowledge.now()
    backend = FakeBackend(on_send=lambda: seen.append(knowledge.unchanged_since("t", stamp)))
    observe(handle_of(backend), knowledge)
    backend.execute_command(operation="insert into main.s.t values (1)")
    assert seen == [False]


def test_observe_keeps_an_asynchronous_write_under_way() -> None:
    knowledge = RunKnowledge()
    backend = FakeBackend()
    observe(handle_of(backend), knowledge)
    backend.execute_command(operation="insert into main.s.t values (1)", async_op=True)
    assert not knowledge.unchanged_since("t", knowledge.now())


def test_observe_records_a_write_that_fails() -> None:
    knowledge = RunKnowledge()

    def fail() -> None:
        raise RuntimeError("refused")

    backend = FakeBackend(on_send=fail)
    observe(handle_of(backend), knowledge)
    stamp = knowledge.now()
    with pytest.raises(RuntimeError):
        backend.execute_command(operation="drop table main.s.t")
    assert not knowledge.unchanged_since("t", stamp)
    # It may still be running on the warehouse (a client-side timeout): answers learnt after
    # it are not trusted either.
    assert not knowledge.unchanged_since("t", knowledge.now())


def test_a_session_of_an_unknown_shape_turns_knowledge_off() -> None:
    knowledge = RunKnowledge()
    observe(SimpleNamespace(_conn=None), knowledge)
    assert not knowledge.enabled


def test_writes_from_other_threads_invalidate() -> None:
    """Many threads write relations while others learn: an answer is never valid once its
    relation was written after the answer's stamp."""
    knowledge = RunKnowledge()
    names = [f"t{i}" for i in range(8)]
    errors: list[str] = []
    last_write_end: dict[str, int] = {}
    lock = threading.Lock()

    def writer(name: str) -> None:
        for _ in range(200):
            with knowledge.writing(Writes((name,))):
                pass
            with lock:
                last_write_end[name] = last_write_end.get(name, 0) + 1

    def reader(name: str) -> None:
        for _ in range(200):
            stamp = knowledge.now()
            with lock:
                before = last_write_end.get(name, 0)
            if knowledge.unchanged_since(name, stamp):
                with lock:
                    after = last_write_end.get(name, 0)
                # A write that ended between the stamp and the check must have invalidated it.
                if after != before and knowledge.unchanged_since(name, stamp):
                    errors.append(name)

    threads = [threading.Thread(target=writer, args=(n,)) for n in names]
    threads += [threading.Thread(target=reader, args=(n,)) for n in names]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []


@pytest.mark.parametrize(
    ("value", "enabled"),
    [(None, True), ("on", True), ("off", False), ("0", False), (" False ", False), ("no", False)],
)
def test_run_knowledge_can_be_turned_off(
    monkeypatch: pytest.MonkeyPatch, value: str | None, enabled: bool
) -> None:
    from dbt.adapters.databricks_envs.connections import run_knowledge_enabled

    if value is None:
        monkeypatch.delenv("DBT_DATABRICKS_ENVS_RUN_KNOWLEDGE", raising=False)
    else:
        monkeypatch.setenv("DBT_DATABRICKS_ENVS_RUN_KNOWLEDGE", value)
    assert run_knowledge_enabled() is enabled
