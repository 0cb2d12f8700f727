"""What preflight reads over the workspace REST API (``type: databricks_envs`` only).

A fixed handful of calls whatever the size of the project: who is calling (SCIM ``Me``), the
caller's tokens, and the SQL warehouse's state. Each call is bounded by a short timeout and
never retried: preflight must answer in seconds, and a failed call becomes a WARN or FAIL
fact, not an exception. Nothing read here, and no header sent, is ever logged.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import requests

TIMEOUT_SECONDS = 10.0
JsonBody = dict[str, Any]


class RestFailure(Exception):
    def __init__(self, status: int | None, error_code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.error_code = error_code
        self.message = message

    def __str__(self) -> str:
        where = f"HTTP {self.status} " if self.status else ""
        return f"{where}{self.error_code}: {self.message}".strip()


@dataclass
class RestClient:
    """GETs against a workspace, authenticated by the connection's own credentials."""

    host: str
    # Returns the Authorization header(s) of the profile's credentials (PAT or OAuth).
    headers: Callable[[], Mapping[str, str]]
    session: requests.Session = field(default_factory=requests.Session)
    calls: int = 0

    @property
    def base_url(self) -> str:
        host = self.host.rstrip("/")
        return host if host.startswith(("http://", "https://")) else f"https://{host}"

    def get(self, path: str) -> JsonBody:
        self.calls += 1
        try:
            response = self.session.get(
                self.base_url + path, headers=dict(self.headers()), timeout=TIMEOUT_SECONDS
            )
        except requests.RequestException as error:
            raise RestFailure(None, "UNREACHABLE", type(error).__name__) from None
        try:
            body = response.json()
        except ValueError:
            body = {}
        if not isinstance(body, dict):
            body = {}
        if response.status_code >= 400:
            raise RestFailure(
                response.status_code,
                str(body.get("error_code") or "ERROR"),
                str(body.get("message") or response.reason),
            )
        return body


def me(client: RestClient) -> JsonBody:
    try:
        body = client.get("/api/2.0/preview/scim/v2/Me")
    except RestFailure as failure:
        return {"error": str(failure)}
    schemas = " ".join(str(s) for s in body.get("schemas") or [])
    groups = [str(g.get("display") or "") for g in body.get("groups") or [] if isinstance(g, dict)]
    return {
        "user_name": body.get("userName"),
        "service_principal": "ServicePrincipal" in schemas or bool(body.get("applicationId")),
        "groups": [group for group in groups if group],
    }


def tokens(client: RestClient, uses_token: bool) -> JsonBody:
    if not uses_token:
        return {"skip": "no personal access token in the profile"}
    try:
        body = client.get("/api/2.0/token/list")
    except RestFailure as failure:
        return {"error": str(failure)}
    items = [
        {
            "token_id": str(info.get("token_id", "")),
            "comment": str(info.get("comment") or ""),
            "creation_time": info.get("creation_time"),
            "expiry_time": info.get("expiry_time"),
        }
        for info in body.get("token_infos") or []
        if isinstance(info, dict)
    ]
    return {"items": items}


def warehouse(client: RestClient, warehouse_id: str | None) -> JsonBody:
    if not warehouse_id:
        return {"skip": "the http_path names no SQL warehouse"}
    try:
        body = client.get(f"/api/2.0/sql/warehouses/{warehouse_id}")
    except RestFailure as failure:
        if failure.status == 404 or failure.error_code == "RESOURCE_DOES_NOT_EXIST":
            return {"missing": True, "message": failure.message}
        return {"error": str(failure)}
    return {"id": warehouse_id, "state": str(body.get("state") or "UNKNOWN")}


# The SQL warehouse permission levels that may run statements (Databricks' access control:
# CAN USE, CAN MANAGE, IS OWNER; CAN VIEW and CAN MONITOR may not).
USE_LEVELS = frozenset({"CAN_USE", "CAN_MANAGE", "IS_OWNER"})


def levels_held(acl: JsonBody, user_name: str, groups: list[str]) -> list[str]:
    """The permission levels an access control list gives this identity: directly, through one
    of its groups, or through `users` (every user and service principal)."""
    mine = {user_name, *groups, "users"}
    held: set[str] = set()
    for entry in acl.get("access_control_list") or []:
        if not isinstance(entry, dict):
            continue
        who = (
            entry.get("user_name") or entry.get("service_principal_name") or entry.get("group_name")
        )
        if who in mine:
            held.update(
                str(p.get("permission_level"))
                for p in entry.get("all_permissions") or []
                if isinstance(p, dict)
            )
    return sorted(held)


def compute(client: RestClient, warehouse_id: str | None, identity: JsonBody) -> JsonBody:
    """One compute's warehouse: its state, and whether this identity may use it (two calls)."""
    found = warehouse(client, warehouse_id)
    if "id" not in found:
        return found
    try:
        acl = client.get(f"/api/2.0/permissions/warehouses/{warehouse_id}")
    except RestFailure as failure:
        return {**found, "acl_error": str(failure)}
    held = levels_held(acl, str(identity.get("user_name") or ""), identity.get("groups") or [])
    return {**found, "levels": held, "can_use": bool(USE_LEVELS & set(held))}


def facts(
    client: RestClient,
    warehouse_id: str | None,
    uses_token: bool,
    computes: Mapping[str, str | None] | None = None,
) -> JsonBody:
    """The REST facts of one preflight: three calls, and two for each named compute the
    selected models use (``computes``: name -> warehouse id, None when the profile does not
    define it)."""
    identity = me(client)
    named: JsonBody = {}
    for name, compute_id in sorted((computes or {}).items()):
        named[name] = (
            {"undefined": True} if compute_id is None else compute(client, compute_id, identity)
        )
    return {
        "checked_at_ms": int(time.time() * 1000),
        "me": identity,
        "tokens": tokens(client, uses_token),
        "warehouse": warehouse(client, warehouse_id),
        "computes": named,
        "calls": client.calls,
    }
