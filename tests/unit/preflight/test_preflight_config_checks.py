"""config.*, warehouse.state, identity.kind and token.expiry, each driven to every status."""

from __future__ import annotations

from typing import Any

import pytest
from preflight_facts import DAY_MS, NOW_MS, SERVICE_PRINCIPAL, USER, facts, only, plan, rest


@pytest.mark.parametrize(
    ("host", "status"),
    [
        ("dbc-1234abcd-5678.cloud.databricks.com", "PASS"),
        ("adb-123.4.azuredatabricks.net", "PASS"),
        ("123.4.gcp.databricks.com", "PASS"),
        ("local", "PASS"),
        ("http://127.0.0.1:8765", "PASS"),
        ("https://dbc-1234abcd-5678.cloud.databricks.com", "WARN"),
        ("dbc-1234abcd-5678.cloud.databricks.com/", "WARN"),
        ("databricks.example.internal", "WARN"),
        ("", "FAIL"),
        (None, "FAIL"),
        ("http://dbc-1234abcd-5678.cloud.databricks.com", "FAIL"),
        ("dbc-1.cloud.databricks.com/sql/1.0/warehouses/x", "FAIL"),
    ],
)
def test_host(host: str | None, status: str) -> None:
    check = only("config.host", config={"host": host})
    assert check["status"] == status, check
    if status != "PASS":
        assert check["fix"]


@pytest.mark.parametrize(
    ("path", "status", "words"),
    [
        ("/sql/1.0/warehouses/abc123", "PASS", "SQL warehouse abc123"),
        ("/sql/1.0/warehouses/abc123?o=1234567890", "PASS", "SQL warehouse abc123"),
        ("/sql/1.0/endpoints/abc123", "WARN", "legacy endpoint"),
        ("sql/protocolv1/o/1234567890/0123-456789-abcdef", "WARN", "all-purpose cluster"),
        ("/sql/1.0/warehouse/abc123", "FAIL", "not a SQL warehouse path"),
        ("/sql/1.0/warehouses/abc123?x=1", "FAIL", "not a SQL warehouse path"),
        ("", "FAIL", "sets no http_path"),
    ],
)
def test_http_path(path: str, status: str, words: str) -> None:
    check = only("config.http_path", config={"http_path": path})
    assert check["status"] == status
    assert words in check["message"], check


def test_cluster_path_explains_why_a_warehouse_is_better() -> None:
    check = only("config.http_path", config={"http_path": "sql/protocolv1/o/123/0123-456789-abc"})
    assert "all-purpose cluster 0123-456789-abc" in check["message"]
    assert "/sql/1.0/warehouses/<id>" in check["fix"]


@pytest.mark.parametrize(
    ("catalog", "status"), [("dev", "PASS"), ("hive_metastore", "WARN"), (None, "WARN")]
)
def test_catalog(catalog: str | None, status: str) -> None:
    check = only("config.catalog", config={"catalog": catalog})
    assert check["status"] == status
    if status == "WARN":
        assert "hive_metastore" in check["message"]


@pytest.mark.parametrize(
    ("warehouse", "status"),
    [
        ({"id": "abc123", "state": "RUNNING"}, "PASS"),
        ({"id": "abc123", "state": "STARTING"}, "PASS"),
        ({"id": "abc123", "state": "STOPPED"}, "WARN"),
        ({"id": "abc123", "state": "DELETED"}, "FAIL"),
        ({"id": "abc123", "state": "EXPLODED"}, "FAIL"),
        ({"missing": True, "message": "Can't find SQL warehouse with id: abc123"}, "FAIL"),
        ({"error": "HTTP 403 PERMISSION_DENIED: no"}, "WARN"),
    ],
)
def test_warehouse_state(warehouse: dict[str, object], status: str) -> None:
    check = only("warehouse.state", rest=rest(warehouse=warehouse))
    assert check["status"] == status, check
    assert check["object"] == "abc123"


def test_stopped_warehouse_says_the_first_statement_waits() -> None:
    check = only("warehouse.state", rest=rest(warehouse={"id": "abc123", "state": "STOPPED"}))
    assert "first statement" in check["message"]


def test_warehouse_state_is_skipped_without_the_adapter_and_for_a_cluster() -> None:
    assert "needs type: databricks_envs" in only("warehouse.state", rest=None)["message"]
    cluster = only("warehouse.state", config={"http_path": "sql/protocolv1/o/1/0123-abc"})
    assert cluster["status"] == "SKIP"
    assert "cluster" in cluster["message"]


@pytest.mark.parametrize(
    ("environment", "user", "service_principal", "status"),
    [
        ("prod", USER, False, "FAIL"),
        ("prod", SERVICE_PRINCIPAL, None, "PASS"),
        ("prod", "prod-runner", True, "PASS"),
        ("staging", USER, False, "WARN"),
        ("dev", USER, False, "PASS"),
        ("ci", SERVICE_PRINCIPAL, None, "PASS"),
    ],
)
def test_identity_kind(
    environment: str, user: str, service_principal: bool | None, status: str
) -> None:
    me = {"user_name": user, "service_principal": service_principal}
    check = only("identity.kind", environment=environment, facts=facts(user=user), rest=rest(me=me))
    assert check["status"] == status, check
    assert check["object"] == user


def test_identity_kind_without_the_adapter_reads_a_uuid_as_a_service_principal() -> None:
    person = only("identity.kind", environment="prod", rest=None)
    assert person["status"] == "FAIL"
    assert "must run as a service principal" in person["message"]
    robot = only(
        "identity.kind", environment="prod", rest=None, facts=facts(user=SERVICE_PRINCIPAL)
    )
    assert robot["status"] == "PASS"


def token(days: float, token_id: str = "t1") -> dict[str, object]:
    return {"token_id": token_id, "comment": "", "expiry_time": int(NOW_MS + days * DAY_MS)}


@pytest.mark.parametrize(
    ("tokens", "status"),
    [
        ([token(60)], "PASS"),
        ([token(10)], "WARN"),
        ([token(3)], "FAIL"),
        ([token(1)], "FAIL"),
        ([token(-1)], "FAIL"),
        ([{"token_id": "t1", "comment": "", "expiry_time": -1}], "PASS"),
        ([], "WARN"),
    ],
)
def test_token_expiry(tokens: list[dict[str, object]], status: str) -> None:
    check = only("token.expiry", rest=rest(tokens={"items": tokens}))
    assert check["status"] == status, check


def test_token_with_three_days_left_fails_and_names_the_token() -> None:
    check = only("token.expiry", rest=rest(tokens={"items": [token(3, "tok-9")]}))
    assert check["status"] == "FAIL"
    assert "expires in 3.0 days" in check["message"]
    assert check["object"] == "tok-9"


def test_the_soonest_expiring_token_decides_when_several_are_listed() -> None:
    check = only(
        "token.expiry",
        rest=rest(tokens={"items": [token(200, "a"), token(5, "b"), token(-2, "old")]}),
    )
    assert check["status"] == "WARN"
    assert check["object"] == "b"
    assert "soonest-expiring of this identity's 3 tokens" in check["message"]


def test_token_thresholds_are_settings() -> None:
    thresholds = {"token_warn_days": 30, "token_fail_days": 7}
    assert (
        only("token.expiry", thresholds=thresholds, rest=rest(tokens={"items": [token(20)]}))[
            "status"
        ]
        == "WARN"
    )
    assert (
        only("token.expiry", thresholds=thresholds, rest=rest(tokens={"items": [token(6)]}))[
            "status"
        ]
        == "FAIL"
    )


def test_token_expiry_without_a_token_or_without_the_adapter() -> None:
    assert only("token.expiry", config={"auth": "oauth"})["status"] == "PASS"
    assert only("token.expiry", rest=None)["status"] == "SKIP"
    listed = only("token.expiry", rest=rest(tokens={"error": "HTTP 403 PERMISSION_DENIED: no"}))
    assert listed["status"] == "WARN"


def test_routing_is_active_unless_a_macro_shadows_it() -> None:
    assert only("routing.active")["status"] == "PASS"
    shadowed = {
        "shadowed": [
            {
                "macro": "generate_schema_name",
                "package": "shop",
                "file": "macros/get_custom_schema.sql",
                "defined_as": "generate_schema_name",
                "root": True,
            }
        ]
    }
    check = only("routing.active", routing=shadowed)
    assert check["status"] == "WARN"
    assert (
        "generate_schema_name comes from macros/get_custom_schema.sql (your project"
        in (check["message"])
    )
    assert "delete or rename generate_schema_name in macros/get_custom_schema.sql" in check["fix"]


COMPUTE_PLAN = {"computes": ["shared"]}
USABLE = {"id": "w2", "levels": ["CAN_USE"], "can_use": True}


@pytest.mark.parametrize(
    ("found", "status", "text"),
    [
        ({**USABLE, "state": "RUNNING"}, "PASS", "may use"),
        ({**USABLE, "state": "STOPPED"}, "WARN", "STOPPED"),
        ({"id": "w2", "state": "RUNNING", "levels": ["CAN_VIEW"], "can_use": False}, "FAIL",
         "may not use SQL warehouse w2 (holds: CAN_VIEW"),
        ({"undefined": True}, "FAIL", "does not define"),
        ({"missing": True, "message": "gone"}, "FAIL", "no SQL warehouse"),
        ({"error": "HTTP 403 PERMISSION_DENIED: no"}, "FAIL", "holds no permission on it"),
    ],
)  # fmt: skip
def test_each_compute_the_models_use(found: dict[str, Any], status: str, text: str) -> None:
    check = only(
        "compute.warehouse",
        plan={**plan(), **COMPUTE_PLAN},
        rest=rest(computes={"shared": found}),
    )
    assert check["status"] == status
    assert text in check["message"]


def test_computes_need_the_adapter() -> None:
    check = only("compute.warehouse", plan={**plan(), **COMPUTE_PLAN}, rest=None)
    assert check["status"] == "SKIP"
