"""Many sessions on many threads, as dbt runs with ``threads: 8``; and cancellation."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from engine_helpers import ALICE, one, rows

from dbt.adapters.databricks_envs.local.api import WarehouseError
from dbt.adapters.databricks_envs.local.engine import DuckDBEngine


def _build_model(engine: DuckDBEngine, index: int) -> None:
    """What dbt does for one incremental model, in its own session."""
    session = engine.open_session(ALICE, "main", "conc")
    name = f"model_{index}"
    session.execute(
        "select table_name from system.information_schema.tables "
        f"where table_catalog = 'main' and table_schema = 'conc' and table_name = '{name}'"
    )
    session.execute(
        f"create or replace temporary view {name}__dbt_tmp as "
        f"select id, 'v{index}' as val from main.conc.source"
    )
    session.execute(
        f"create or replace table main.conc.{name} using delta as select * from {name}__dbt_tmp"
    )
    session.execute(
        f"merge into main.conc.{name} as t using {name}__dbt_tmp as s on s.id <=> t.id "
        "when matched then update set * when not matched then insert *"
    )
    session.execute(f"comment on table main.conc.{name} is 'model {index}'")
    session.execute(f"insert into main.conc.log values ({index})")
    session.execute(f"describe table extended main.conc.{name} as json")
    session.close()


def test_eight_threads_build_a_hundred_models(engine: DuckDBEngine) -> None:
    setup = engine.open_session(ALICE)
    setup.execute("create schema main.conc")
    setup.execute("create table main.conc.source as select id from range(10) as r(id)")
    setup.execute("create table main.conc.log (model int)")
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(lambda i: _build_model(engine, i), range(100)))
    assert one(setup, "select count(*) from main.conc.log") == 100
    assert (
        one(
            setup,
            "select count(*) from main.information_schema.tables "
            "where table_schema = 'conc' and table_name like 'model%'",
        )
        == 100
    )
    assert rows(setup, "select count(*), count(distinct val) from main.conc.model_42") == [(10, 1)]
    assert (
        one(
            setup, "select comment from main.information_schema.tables where table_name = 'model_7'"
        )
        == "model 7"
    )


def test_reads_go_on_while_a_writer_holds_the_lock(engine: DuckDBEngine) -> None:
    reader = engine.open_session(ALICE)
    reader.execute("create table t as select 1 as x")
    with engine.write_lock:
        started = time.monotonic()
        assert one(reader, "select x from t") == 1
        assert time.monotonic() - started < 1


def test_interrupt_cancels_a_running_query(engine: DuckDBEngine) -> None:
    session = engine.open_session(ALICE)
    failure: list[BaseException] = []

    def run() -> None:
        try:
            session.execute("select count(*) from range(100000000000) a")
        except BaseException as e:  # recorded for the assertion below
            failure.append(e)

    worker = threading.Thread(target=run)
    worker.start()
    time.sleep(0.3)
    session.interrupt()
    worker.join(timeout=10)
    assert not worker.is_alive()
    assert isinstance(failure[0], WarehouseError)
    assert failure[0].error_class == "OPERATION_CANCELED"
    assert one(session, "select 1") == 1


def test_interrupt_cancels_a_statement_waiting_to_write(engine: DuckDBEngine) -> None:
    session = engine.open_session(ALICE)
    with engine.write_lock:
        timer = threading.Timer(0.2, session.interrupt)
        timer.start()
        with pytest.raises(WarehouseError) as cancelled:
            session.execute("create table waiting (x int)")
        timer.join()
    assert cancelled.value.error_class == "OPERATION_CANCELED"
    session.execute("create table waiting (x int)")
