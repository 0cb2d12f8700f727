"""Principals, tokens and a connector for the audit log's tests (see conftest.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import databricks.sql

from dbt.adapters.databricks_envs.local.server import LocalWarehouse

ADMIN = "admin@localhost"
ALICE = "alice@example.com"
OPS = "ops@example.com"
ROBOT = "6f1c7e2a-0d1e-4c43-9a55-6b1f0c9e2b7d"
# The metastore admin is a group: admin@localhost and ops@example.com are in it.
CONFIG = f"""
metastore_admin: platform
users: [{ALICE}, {OPS}]
service_principals: [{{application_id: {ROBOT}, display_name: robot}}]
groups: [{{name: platform, members: [{ADMIN}, {OPS}]}}]
tokens:
  - {{token: dapi-admin-secret, principal: {ADMIN}}}
  - {{token: dapi-alice-secret, principal: {ALICE}}}
  - {{token: dapi-ops-secret, principal: {OPS}}}
  - {{token: dapi-robot-secret, principal: {ROBOT}}}
"""
TOKENS = {
    ADMIN: "dapi-admin-secret",
    ALICE: "dapi-alice-secret",
    OPS: "dapi-ops-secret",
    ROBOT: "dapi-robot-secret",
}
# Still running when the cancel arrives, on any machine.
LONG_STATEMENT = "SELECT count(*) FROM range(100000000000) a"
REFUSED_HISTORY = (
    "[INSUFFICIENT_PERMISSIONS] Insufficient privileges:\n"
    "User does not have SELECT on Table 'system.query.history'. SQLSTATE: 42501"
)

Connect = Callable[[str], Any]


def connector(warehouse: LocalWarehouse) -> Connect:
    def connect(principal: str) -> Any:
        return databricks.sql.connect(
            server_hostname="127.0.0.1",
            http_path=warehouse.http_path,
            access_token=TOKENS[principal],
            _connection_uri=warehouse.connection_uri,
            enable_telemetry=False,
        )

    return connect
