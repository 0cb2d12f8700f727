"""probe.write's sequence: whatever step fails, what was created is dropped."""

from __future__ import annotations

import pytest

from dbt.adapters.databricks_envs.preflight import probe


class Warehouse:
    """Records statements; refuses those containing ``refuse``."""

    def __init__(self, *refuse: str) -> None:
        self.refuse = refuse
        self.sent: list[str] = []

    def execute(self, sql: str) -> None:
        self.sent.append(sql)
        for word in self.refuse:
            if word in sql:
                denied = f"User does not have {word}"
                raise RuntimeError(f"[INSUFFICIENT_PERMISSIONS] Insufficient privileges:\n{denied}")


def test_a_successful_probe_creates_writes_and_drops() -> None:
    warehouse = Warehouse()
    outcome = probe.probe_catalog(warehouse.execute, "dev", "scratch")
    assert outcome == {"ok": True, "object": "dev.scratch.probe", "statements": 4}
    assert warehouse.sent[0] == "create schema `dev`.`scratch`"
    assert warehouse.sent[-1] == "drop schema if exists `dev`.`scratch` cascade"


@pytest.mark.parametrize(
    ("refused", "step"), [("create table", "create table"), ("insert", "insert")]
)
def test_a_failed_step_still_drops_the_schema(refused: str, step: str) -> None:
    warehouse = Warehouse(refused)
    outcome = probe.probe_catalog(warehouse.execute, "dev", "scratch")
    assert outcome["ok"] is False
    assert outcome["step"] == step
    assert (
        outcome["error"]
        == f"[INSUFFICIENT_PERMISSIONS] Insufficient privileges: User does not have {refused}"
    )
    assert warehouse.sent[-1] == "drop schema if exists `dev`.`scratch` cascade"


def test_nothing_to_drop_when_the_schema_was_not_created() -> None:
    warehouse = Warehouse("create schema")
    outcome = probe.probe_catalog(warehouse.execute, "dev", "scratch")
    assert (outcome["ok"], outcome["step"], outcome["statements"]) == (False, "create schema", 1)
    assert len(warehouse.sent) == 1


def test_a_failed_clean_up_is_reported() -> None:
    outcome = probe.probe_catalog(Warehouse("drop schema").execute, "dev", "scratch")
    assert outcome["ok"] is False
    assert outcome["leftover"].startswith("dev.scratch (")


def test_each_catalog_gets_its_own_scratch_schema() -> None:
    warehouse = Warehouse()
    outcomes = probe.probe(warehouse.execute, ["dev", "sandbox"])
    assert sorted(outcomes) == ["dev", "sandbox"]
    schemas = {sql.split()[2] for sql in warehouse.sent if sql.startswith("create schema")}
    assert len(schemas) == 2
    assert all("dbt_preflight_probe_" in s for s in schemas)
