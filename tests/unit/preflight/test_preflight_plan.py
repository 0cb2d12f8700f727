"""Which nodes a preflight covers (select / exclude) and what building them writes and reads."""

from __future__ import annotations

from typing import Any

import pytest
from preflight_facts import ops

from dbt.adapters.databricks_envs import preflight
from dbt.adapters.databricks_envs.rules import RuleError


def node(
    name: str,
    *,
    depends: tuple[str, ...] = (),
    schema: str = "dbt_alice",
    database: str = "dev",
    materialized: str = "view",
    resource_type: str = "model",
    tags: tuple[str, ...] = (),
    path: str | None = None,
    package: str = "shop",
) -> dict[str, Any]:
    folder = "seeds" if resource_type == "seed" else "models"
    return {
        "unique_id": f"{resource_type}.{package}.{name}",
        "name": name,
        "alias": name,
        "resource_type": resource_type,
        "package_name": package,
        "fqn": [package, *(path or "").split("/")[:-1], name] if path else [package, name],
        "original_file_path": f"{folder}/{path or name + '.sql'}",
        "tags": list(tags),
        "config": {"materialized": materialized, "enabled": True, "tags": list(tags)},
        "database": database,
        "schema": schema,
        "depends_on": {"nodes": list(depends), "macros": []},
    }


SOURCE = {
    "unique_id": "source.shop.raw.orders",
    "resource_type": "source",
    "name": "orders",
    "source_name": "raw",
    "identifier": "orders",
    "database": "main",
    "schema": "raw",
}
NODES = {
    n["unique_id"]: n
    for n in [
        node("raw_customers", resource_type="seed", materialized="seed"),
        node(
            "stg_orders",
            depends=("source.shop.raw.orders",),
            path="staging/stg_orders.sql",
            tags=("daily",),
        ),
        node(
            "stg_customers", depends=("seed.shop.raw_customers",), path="staging/stg_customers.sql"
        ),
        node("customer_base", depends=("model.shop.stg_customers",), materialized="ephemeral"),
        node(
            "orders",
            depends=("model.shop.stg_orders", "model.shop.customer_base"),
            schema="finance",
            database="analytics",
            materialized="table",
            path="marts/orders.sql",
            tags=("daily", "finance"),
        ),
    ]
}
SOURCES = {SOURCE["unique_id"]: SOURCE}


def names(ids: list[str]) -> list[str]:
    return sorted(i.split(".")[-1] for i in ids)


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        (None, ["customer_base", "orders", "raw_customers", "stg_customers", "stg_orders"]),
        ("orders", ["orders"]),
        ("shop.staging", ["stg_customers", "stg_orders"]),
        ("path:models/staging", ["stg_customers", "stg_orders"]),
        ("tag:daily", ["orders", "stg_orders"]),
        ("tag:daily,config.materialized:table", ["orders"]),
        ("resource_type:seed", ["raw_customers"]),
        (
            "package:shop",
            ["customer_base", "orders", "raw_customers", "stg_customers", "stg_orders"],
        ),
        ("+orders", ["customer_base", "orders", "raw_customers", "stg_customers", "stg_orders"]),
        ("stg_customers+", ["customer_base", "orders", "stg_customers"]),
        ("orders stg_orders", ["orders", "stg_orders"]),
        (["orders", "raw_customers"], ["orders", "raw_customers"]),
        ("source:raw+", ["orders", "stg_orders"]),
    ],
)
def test_select(spec: Any, expected: list[str]) -> None:
    chosen = preflight.select({**NODES, **SOURCES}, spec)
    assert names([uid for uid in chosen if not uid.startswith("source.")]) == expected


def test_exclude() -> None:
    assert names(preflight.select(NODES, "tag:daily", "orders")) == ["stg_orders"]
    assert names(preflight.select(NODES, None, "path:models/staging resource_type:seed")) == [
        "customer_base",
        "orders",
    ]


@pytest.mark.parametrize(
    ("spec", "form"),
    [
        ("state:modified", "state:"),
        ("@orders", "@"),
        ("stg_*", "*"),
        ("2+orders", "depth"),
        ("exposure:x", "exposure:"),
    ],
)
def test_unsupported_selectors_are_named(spec: str, form: str) -> None:
    with pytest.raises(RuleError) as error:
        preflight.select(NODES, spec)
    message = str(error.value)
    assert spec in message
    assert form in message
    assert "Supported: a node name" in message


def test_unknown_method_is_refused() -> None:
    with pytest.raises(RuleError, match="selector method `colour:`"):
        preflight.select(NODES, "colour:blue")


def test_plan_groups_writes_by_catalog_and_schema() -> None:
    plan = preflight.plan(NODES, SOURCES, list(NODES))
    assert plan["nodes"] == 4
    assert plan["writes"] == {
        "analytics.finance": {
            "catalog": "analytics",
            "schema": "finance",
            "relations": {"orders": ops("table")},
        },
        "dev.dbt_alice": {
            "catalog": "dev",
            "schema": "dbt_alice",
            "relations": {
                "raw_customers": ops("seed"),
                "stg_orders": ops("view"),
                "stg_customers": ops("view"),
            },
        },
    }
    assert list(plan["reads"]) == ["main.raw.orders"]
    assert plan["reads"]["main.raw.orders"]["kind"] == "source"


def test_plan_reads_what_the_run_does_not_build_through_ephemeral_models() -> None:
    plan = preflight.plan(NODES, SOURCES, ["model.shop.orders"])
    assert list(plan["writes"]) == ["analytics.finance"]
    reads = plan["reads"]
    assert sorted(reads) == ["dev.dbt_alice.stg_customers", "dev.dbt_alice.stg_orders"]
    assert reads["dev.dbt_alice.stg_customers"] == {
        "catalog": "dev",
        "schema": "dbt_alice",
        "name": "stg_customers",
        "kind": "ref",
        "node": "model.shop.stg_customers",
        "reader": "model.shop.orders",
    }


def test_plan_reads_a_tests_inputs_and_ignores_disabled_nodes() -> None:
    test = node(
        "not_null_orders_id",
        resource_type="test",
        materialized="test",
        depends=("model.shop.orders",),
    )
    disabled = node("old", materialized="table")
    disabled["config"]["enabled"] = False
    nodes = {**NODES, test["unique_id"]: test, disabled["unique_id"]: disabled}
    plan = preflight.plan(nodes, SOURCES, [test["unique_id"], disabled["unique_id"]])
    assert (plan["nodes"], plan["writes"]) == (0, {})
    assert list(plan["reads"]) == ["analytics.finance.orders"]
    assert plan["reads"]["analytics.finance.orders"]["reader"] == test["unique_id"]


def test_clone_reads_each_nodes_state_relation_not_its_parents() -> None:
    state = {
        "model.shop.orders": {"database": "prod", "schema": "finance", "alias": "orders"},
    }
    plan = preflight.plan(
        NODES, SOURCES, ["model.shop.orders"], {"which": "clone", "deferred": state}
    )
    assert list(plan["reads"]) == ["prod.finance.orders"]
    assert plan["reads"]["prod.finance.orders"]["kind"] == "deferred"
    assert plan["writes"]["analytics.finance"]["relations"]["orders"]["replaces"] is True


def test_clone_runs_no_test_even_storing_failures() -> None:
    test = node(
        "not_null_orders_id",
        resource_type="test",
        materialized="test",
        depends=("model.shop.orders",),
    )
    test["config"]["store_failures"] = True
    state = {"model.shop.orders": {"database": "prod", "schema": "finance", "alias": "orders"}}
    nodes = {**NODES, test["unique_id"]: test}
    selected = ["model.shop.orders", test["unique_id"]]
    cloned = preflight.plan(nodes, SOURCES, selected, {"which": "clone", "deferred": state})
    assert list(cloned["reads"]) == ["prod.finance.orders"]
    assert list(cloned["writes"]) == ["analytics.finance"]
    built = preflight.plan(nodes, SOURCES, selected, {"store_failures": True})
    assert len(built["writes"]) == 2  # a build stores the test's failures in its audit schema
