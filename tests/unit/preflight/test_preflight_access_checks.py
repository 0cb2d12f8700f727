"""catalog.visible, privilege.write, privilege.read, isolation.protected and probe.write."""

from __future__ import annotations

import pytest
from preflight_facts import USER, checks, facts, grant, only, ops, plan

EXISTING = {"dev.dbt_alice": {"owner": "admin@localhost", "owned": False}}


def test_catalog_visible_passes_and_fails() -> None:
    visible = checks("catalog.visible")
    assert [(c["object"], c["status"]) for c in visible] == [("dev", "PASS"), ("main", "PASS")]
    hidden = {"main": {"owner": "x", "owned": False}}
    assert (
        only("catalog.visible", facts=facts(catalogs=hidden), plan=plan(reads={}))["status"]
        == "FAIL"
    )


def test_new_schema_needs_create_schema_on_the_catalog() -> None:
    assert only("privilege.write")["status"] == "PASS"
    without = [grant("dev", "USE CATALOG", "data-engineers")]
    check = only("privilege.write", facts=facts(grants=without))
    assert check["status"] == "FAIL"
    assert "User does not have CREATE SCHEMA on Catalog 'dev'" in check["message"]
    assert check["grants"] == ["GRANT CREATE SCHEMA ON CATALOG `dev` TO `alice@example.com`;"]


def test_existing_schema_needs_use_schema_and_create_table() -> None:
    check = only("privilege.write", facts=facts(schemas=EXISTING))
    assert check["status"] == "FAIL"
    assert check["grants"] == [
        "GRANT USE SCHEMA ON SCHEMA `dev`.`dbt_alice` TO `alice@example.com`;",
        "GRANT CREATE TABLE ON SCHEMA `dev`.`dbt_alice` TO `alice@example.com`;",
    ]


def test_privileges_on_the_catalog_are_inherited_by_its_schemas() -> None:
    grants = [grant("dev", "USE CATALOG"), grant("dev", "use_schema"), grant("dev", "CREATE TABLE")]
    assert only("privilege.write", facts=facts(schemas=EXISTING, grants=grants))["status"] == "PASS"


def test_all_privileges_and_ownership_cover_everything() -> None:
    everything = [grant("dev", "ALL PRIVILEGES", "data-engineers")]
    assert (
        only("privilege.write", facts=facts(schemas=EXISTING, grants=everything))["status"]
        == "PASS"
    )
    owned = {"dev.dbt_alice": {"owner": USER, "owned": True}}
    check = only(
        "privilege.write", facts=facts(schemas=owned, grants=[grant("dev", "USE CATALOG")])
    )
    assert check["status"] == "PASS"


def test_an_existing_incremental_relation_needs_select_and_modify_or_ownership() -> None:
    grants = [
        grant("dev", "USE CATALOG"),
        grant("dev.dbt_alice", "USE SCHEMA"),
        grant("dev.dbt_alice", "CREATE TABLE"),
    ]
    relations = {"dev.dbt_alice.orders": {"owner": "bob@example.com", "owned": False}}
    writes = {
        "dev.dbt_alice": {
            "catalog": "dev",
            "schema": "dbt_alice",
            "relations": {"orders": ops("incremental")},
        }
    }
    check = only(
        "privilege.write",
        plan=plan(writes=writes),
        facts=facts(schemas=EXISTING, grants=grants, relations=relations),
    )
    assert check["status"] == "FAIL"
    assert check["grants"] == [
        "GRANT SELECT ON TABLE `dev`.`dbt_alice`.`orders` TO `alice@example.com`;",
        "GRANT MODIFY ON TABLE `dev`.`dbt_alice`.`orders` TO `alice@example.com`;",
    ]
    relations["dev.dbt_alice.orders"]["owned"] = True
    owned = only(
        "privilege.write",
        plan=plan(writes=writes),
        facts=facts(schemas=EXISTING, grants=grants, relations=relations),
    )
    assert owned["status"] == "PASS"


def test_read_of_a_source_passes_or_lists_the_grants() -> None:
    assert only("privilege.read")["status"] == "PASS"
    check = only("privilege.read", facts=facts(grants=[grant("main", "USE CATALOG")]))
    assert check["status"] == "FAIL"
    assert check["grants"] == [
        "GRANT USE SCHEMA ON SCHEMA `main`.`raw` TO `alice@example.com`;",
        "GRANT SELECT ON TABLE `main`.`raw`.`orders` TO `alice@example.com`;",
    ]
    assert "source source.shop.raw.orders, read by model.shop.stg_orders" in check["message"]


def test_read_of_an_upstream_model_this_run_does_not_build() -> None:
    reads = {
        "dev.dbt_alice.base": {
            "catalog": "dev",
            "schema": "dbt_alice",
            "name": "base",
            "kind": "ref",
            "node": "model.shop.base",
            "reader": "model.shop.stg_orders",
        }
    }
    check = only("privilege.read", plan=plan(reads=reads))
    assert check["status"] == "FAIL"
    assert "this run does not build it" in check["message"]
    assert "+stg_orders" in check["fix"]
    # Not visible without USE SCHEMA: it may exist, so the grants are offered too.
    assert check["grants"] == [
        "GRANT USE SCHEMA ON SCHEMA `dev`.`dbt_alice` TO `alice@example.com`;",
        "GRANT SELECT ON TABLE `dev`.`dbt_alice`.`base` TO `alice@example.com`;",
    ]


def test_a_source_that_does_not_exist_fails_for_anyone() -> None:
    """alice may read everything in main.raw, so a table missing there does not exist."""
    hidden = facts(relations={}, grants=[*facts()["grants"], grant("main.raw", "SELECT")])
    check = only("privilege.read", facts=hidden)
    assert check["status"] == "FAIL"
    assert "does not exist; this run does not build it" in check["message"]
    assert "correct the source's database, schema or identifier" in check["fix"]
    assert check["grants"] == []


def test_isolation_passes_when_prod_is_out_of_reach() -> None:
    check = only("isolation.protected")
    assert (check["status"], check["object"]) == ("PASS", "prod")
    hidden = {k: v for k, v in facts()["catalogs"].items() if k != "prod"}
    assert "not visible" in only("isolation.protected", facts=facts(catalogs=hidden))["message"]


def test_a_developer_able_to_write_to_prod_fails_isolation() -> None:
    grants = facts()["grants"] + [grant("prod", "CREATE SCHEMA", "data-engineers")]
    check = only("isolation.protected", facts=facts(grants=grants))
    assert check["status"] == "FAIL"
    assert "CREATE SCHEMA on prod (granted to data-engineers)" in check["message"]
    assert "REVOKE CREATE SCHEMA ON CATALOG `prod` FROM `data-engineers`;" in check["fix"]
    assert check["grants"] == []


def test_owning_a_schema_in_prod_fails_isolation_in_ci() -> None:
    schemas = {"prod.core": {"owner": "data-engineers", "owned": True}}
    check = only("isolation.protected", environment="ci", facts=facts(schemas=schemas))
    assert check["status"] == "FAIL"
    assert "owns schema prod.core" in check["message"]


PROD_ORDERS = {"orders": ops("table")}


def test_a_dev_run_routed_into_prod_fails_isolation() -> None:
    writes = {
        "prod.core": {"catalog": "prod", "schema": "core", "relations": {"orders": ops("table")}}
    }
    check = only("isolation.protected", plan=plan(writes=writes))
    assert check["status"] == "FAIL"
    assert "would write to the protected catalog prod" in check["message"]


def test_isolation_is_skipped_for_deployments() -> None:
    check = only("isolation.protected", environment="prod")
    assert check["status"] == "SKIP"
    assert "dev and ci" in check["message"]


def test_protected_catalogs_are_a_setting() -> None:
    found = checks("isolation.protected", protected_catalogs=["prod", "main"])
    assert [c["object"] for c in found] == ["main", "prod"]


def test_probe_write_statuses() -> None:
    assert "mode: passive" in only("probe.write")["message"]
    assert (
        "needs type: databricks_envs" in only("probe.write", mode="active", probe=None)["message"]
    )
    passed = only(
        "probe.write",
        mode="active",
        probe={"dev": {"ok": True, "object": "dev.p.probe", "statements": 4}},
    )
    assert passed["status"] == "PASS"
    failed = only(
        "probe.write",
        mode="active",
        probe={
            "dev": {
                "ok": False,
                "step": "create table",
                "error": "[INSUFFICIENT_PERMISSIONS] no",
                "leftover": "dev.p (x)",
                "statements": 3,
            }
        },
    )
    assert failed["status"] == "FAIL"
    assert (
        failed["message"]
        == "create table failed: [INSUFFICIENT_PERMISSIONS] no; could not clean up dev.p (x)"
    )


def test_probe_never_touches_a_protected_catalog() -> None:
    writes = {
        "prod.core": {"catalog": "prod", "schema": "core", "relations": {"orders": ops("table")}}
    }
    check = only(
        "probe.write", environment="prod", mode="active", plan=plan(writes=writes), probe={}
    )
    assert check["status"] == "SKIP"
    assert "protected" in check["message"]


WRITER = [
    grant("dev", "USE CATALOG"),
    grant("dev.dbt_alice", "USE SCHEMA"),
    grant("dev.dbt_alice", "CREATE TABLE"),
    grant("dev.dbt_alice", "SELECT"),
    grant("dev.dbt_alice", "MODIFY"),
]


def existing(materialized: str, **operations: object) -> dict[str, object]:
    relations = {"dev.dbt_alice.orders": {"owner": "bob@example.com", "owned": False}}
    writes = {
        "dev.dbt_alice": {
            "catalog": "dev",
            "schema": "dbt_alice",
            "relations": {"orders": ops(materialized, **operations)},
        }
    }
    return only(
        "privilege.write",
        plan=plan(writes=writes),
        facts=facts(schemas=EXISTING, grants=WRITER, relations=relations),
    )


def test_replacing_a_view_someone_else_owns_fails_with_the_ownership_fix() -> None:
    check = existing("view")
    assert check["status"] == "FAIL"
    assert "User is not an owner of View 'dev.dbt_alice.orders'" in check["message"]
    # A GRANT cannot give ownership: the owner change goes to the grants file instead.
    assert check["grants"] == [
        "ALTER VIEW `dev`.`dbt_alice`.`orders` OWNER TO `alice@example.com`;"
    ]


def test_replacing_a_table_held_with_modify_but_not_owned_fails() -> None:
    check = existing("table")
    assert check["status"] == "FAIL"
    assert "User is not an owner of Table 'dev.dbt_alice.orders'" in check["message"]
    assert check["grants"] == [
        "ALTER TABLE `dev`.`dbt_alice`.`orders` OWNER TO `alice@example.com`;"
    ]


def test_a_full_refresh_replaces_an_incremental_model() -> None:
    assert existing("incremental")["status"] == "PASS"
    assert existing("incremental", replaces=True, modifies=False)["status"] == "FAIL"


@pytest.mark.parametrize(
    ("operations", "needed"),
    [
        ({"grants": True}, "User does not have MANAGE on Table 'dev.dbt_alice.orders'"),
        ({"tags": True}, "User does not have APPLY TAG on Table 'dev.dbt_alice.orders'"),
        ({"clusters": True}, "User is not an owner of Table 'dev.dbt_alice.orders'"),
        ({"functions": ["dev.sec.mask"]}, "User is not an owner of Table"),
    ],
)
def test_what_is_applied_to_an_existing_table_after_the_merge(
    operations: dict[str, object], needed: str
) -> None:
    check = existing("incremental", **operations)
    assert check["status"] == "FAIL"
    assert needed in check["message"]


def test_a_mask_needs_its_function_to_exist_and_execute_on_it() -> None:
    writes = {
        "dev.dbt_alice": {
            "catalog": "dev",
            "schema": "dbt_alice",
            "relations": {"orders": ops("table", functions=["dev.sec.mask_email"])},
        }
    }
    grants = [
        *WRITER,
        grant("dev", "CREATE SCHEMA"),
        grant("dev.sec", "USE SCHEMA"),
    ]
    missing = only(
        "privilege.write", plan=plan(writes=writes), facts=facts(schemas=EXISTING, grants=grants)
    )
    assert missing["status"] == "FAIL"
    assert (
        "function 'dev.sec.mask_email' (a column mask or row filter) does not exist"
        in missing["message"]
    )
    assert "User does not have EXECUTE on Function 'dev.sec.mask_email'" in missing["message"]
    assert (
        "GRANT EXECUTE ON FUNCTION `dev`.`sec`.`mask_email` TO `alice@example.com`;"
        in missing["grants"]
    )
    present = facts(
        schemas=EXISTING,
        grants=[*grants, grant("dev.sec.mask_email", "EXECUTE")],
        functions={"dev.sec.mask_email": {"owner": "bob@example.com", "owned": False}},
    )
    assert only("privilege.write", plan=plan(writes=writes), facts=present)["status"] == "PASS"
