"""Plain facts for preflight's pure checks: a dev run of alice writing dev.dbt_alice."""

from __future__ import annotations

import copy
from typing import Any

from dbt.adapters.databricks_envs import preflight

USER = "alice@example.com"
SERVICE_PRINCIPAL = "6f1c7e2a-0d1e-4c43-9a55-6b1f0c9e2b7d"
NOW_MS = 1_800_000_000_000
DAY_MS = 86_400_000


def grant(obj: str, privilege: str, grantee: str = USER) -> dict[str, str]:
    return {"object": obj, "privilege": privilege, "grantee": grantee}


def facts(**changes: Any) -> dict[str, Any]:
    """alice sees dev (USE CATALOG, CREATE SCHEMA through her group) and main.raw.orders."""
    base: dict[str, Any] = {
        "user": USER,
        "catalogs": {
            "dev": {"owner": "admin@localhost", "owned": False},
            "main": {"owner": "admin@localhost", "owned": False},
            "prod": {"owner": "admin@localhost", "owned": False},
        },
        "schemas": {"main.raw": {"owner": "admin@localhost", "owned": False}},
        "relations": {"main.raw.orders": {"owner": "admin@localhost", "owned": False}},
        "grants": [
            grant("dev", "USE CATALOG", "data-engineers"),
            grant("dev", "CREATE SCHEMA", "data-engineers"),
            grant("main", "USE_CATALOG"),
            grant("main.raw", "USE SCHEMA"),
            grant("main.raw.orders", "SELECT"),
        ],
        "statements": 7,
    }
    base.update(changes)
    return base


def ops(materialized: str, **changes: Any) -> dict[str, Any]:
    """What building one relation does, as the plan describes it (`_dbenvs_pf_operations`)."""
    replaces = materialized in ("table", "view", "materialized_view", "streaming_table", "seed")
    base: dict[str, Any] = {
        "materialized": materialized,
        "replaces": replaces,
        "modifies": not replaces and materialized in ("incremental", "snapshot"),
        "drops": False,
        "comments": False,
        "grants": False,
        "tags": False,
        "clusters": False,
        "functions": [],
    }
    base.update(changes)
    return base


def plan(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "nodes": 2,
        "writes": {
            "dev.dbt_alice": {
                "catalog": "dev",
                "schema": "dbt_alice",
                "relations": {"stg_orders": ops("view"), "orders": ops("table")},
            }
        },
        "reads": {
            "main.raw.orders": {
                "catalog": "main",
                "schema": "raw",
                "name": "orders",
                "kind": "source",
                "node": "source.shop.raw.orders",
                "reader": "model.shop.stg_orders",
            }
        },
    }
    base.update(changes)
    return base


def rest(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "checked_at_ms": NOW_MS,
        "me": {"user_name": USER, "service_principal": False},
        "tokens": {
            "items": [{"token_id": "t1", "comment": "dbt", "expiry_time": NOW_MS + 60 * DAY_MS}]
        },
        "warehouse": {"id": "abc123", "state": "RUNNING"},
        "calls": 3,
        "http_path": "/sql/1.0/warehouses/abc123",
        "uses_token": True,
    }
    base.update(changes)
    return base


def inputs(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "config": {
            "adapter": "databricks_envs",
            "host": "dbc-1234abcd-5678.cloud.databricks.com",
            "http_path": "/sql/1.0/warehouses/abc123",
            "catalog": "dev",
            "auth": "token",
        },
        "environment": "dev",
        "target": "dev",
        "mode": "passive",
        "strict": False,
        "protected_catalogs": ["prod"],
        "thresholds": {"token_warn_days": 14, "token_fail_days": 3},
        "plan": plan(),
        "facts": facts(),
        "rest": rest(),
        "probe": None,
        "routing": {"shadowed": []},
    }
    for key, value in changes.items():
        if key == "config":
            base["config"] = {**base["config"], **value}
        else:
            base[key] = value
    return copy.deepcopy(base)


def checks(check_id: str, **changes: Any) -> list[dict[str, Any]]:
    """The checks of one id in the report of ``inputs(**changes)``."""
    report = preflight.evaluate(inputs(**changes))
    return [c for c in report["checks"] if c["id"] == check_id]


def only(check_id: str, **changes: Any) -> dict[str, Any]:
    found = checks(check_id, **changes)
    assert len(found) == 1, found
    return found[0]
