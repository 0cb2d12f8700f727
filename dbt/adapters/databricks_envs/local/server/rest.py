"""The workspace REST API under ``/api/``: routes, and the few endpoints served so far.

Errors have the workspace's shape, ``{"error_code": ..., "message": ...}``, which the
Databricks SDK turns into its typed exceptions.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..api import Principal
from .config import WarehouseConfig

JsonBody = dict[str, Any]


@dataclass(frozen=True)
class RestRequest:
    method: str
    path: str
    principal: Principal
    # The Host header's value, for the URLs an answer points back to.
    host: str
    body: bytes
    params: dict[str, str]

    def json(self) -> JsonBody:
        """The request's JSON object; an empty body is an empty object."""
        if not self.body:
            return {}
        try:
            value = json.loads(self.body)
        except ValueError:
            value = None
        if not isinstance(value, dict):
            raise RestError(400, "MALFORMED_REQUEST", "The request body is not a JSON object.")
        return value


class RestError(Exception):
    def __init__(self, status: int, error_code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.error_code = error_code
        self.message = message

    def body(self) -> JsonBody:
        return {"error_code": self.error_code, "message": self.message}


Handler = Callable[[RestRequest, re.Match[str]], JsonBody]


class RestApi:
    """A routing table: (method, path pattern) -> handler returning the JSON answer."""

    def __init__(self) -> None:
        self._routes: list[tuple[str, re.Pattern[str], Handler]] = []

    def add(self, method: str, pattern: str, handler: Handler) -> None:
        self._routes.append((method, re.compile(pattern), handler))

    def handle(self, request: RestRequest) -> tuple[int, JsonBody]:
        try:
            for method, pattern, handler in self._routes:
                match = pattern.fullmatch(request.path)
                if match and method == request.method:
                    return 200, handler(request, match)
            raise RestError(
                404, "ENDPOINT_NOT_FOUND", f"No API found for '{request.method} {request.path}'"
            )
        except RestError as exc:
            return exc.status, exc.body()


def workspace_api(config: WarehouseConfig) -> RestApi:
    api = RestApi()
    api.add("GET", r"/api/2\.0/preview/scim/v2/Me", _me)
    api.add("GET", r"/api/2\.0/sql/warehouses", lambda r, m: _warehouses(config, r))
    api.add(
        "GET",
        r"/api/2\.0/sql/warehouses/(?P<id>[^/]+)",
        lambda r, m: _warehouse(config, r, m.group("id")),
    )
    return api


def scim_id(name: str) -> str:
    """A stable numeric id for a principal, shaped like a workspace's SCIM ids."""
    return str(int(hashlib.sha256(name.encode()).hexdigest()[:13], 16))


def _me(request: RestRequest, match: re.Match[str]) -> JsonBody:
    principal = request.principal
    groups = [{"display": g, "value": scim_id(g)} for g in sorted(principal.groups)]
    if principal.is_service_principal:
        return {
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:ServicePrincipal"],
            "id": scim_id(principal.name),
            "applicationId": principal.name,
            "userName": principal.name,
            "displayName": principal.name,
            "active": True,
            "groups": groups,
        }
    return {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "id": scim_id(principal.name),
        "userName": principal.name,
        "displayName": principal.name,
        "active": True,
        "emails": [{"value": principal.name, "type": "work", "primary": True}],
        "groups": groups,
    }


def _warehouse_json(config: WarehouseConfig, request: RestRequest, index: int) -> JsonBody:
    warehouse = config.warehouses[index]
    hostname, _, port = request.host.partition(":")
    path = f"/sql/1.0/warehouses/{warehouse.id}"
    return {
        "id": warehouse.id,
        "name": warehouse.name,
        "state": "RUNNING",
        "warehouse_type": "PRO",
        "enable_serverless_compute": True,
        "cluster_size": "2X-Small",
        "min_num_clusters": 1,
        "max_num_clusters": 1,
        "auto_stop_mins": 0,
        "num_clusters": 1,
        "num_active_sessions": 0,
        "creator_name": next(iter(config.principals)),
        "odbc_params": {
            "hostname": hostname,
            "path": path,
            "protocol": "http",
            "port": int(port or 80),
        },
    }


def _warehouses(config: WarehouseConfig, request: RestRequest) -> JsonBody:
    return {
        "warehouses": [_warehouse_json(config, request, i) for i in range(len(config.warehouses))]
    }


def _warehouse(config: WarehouseConfig, request: RestRequest, warehouse_id: str) -> JsonBody:
    for index, warehouse in enumerate(config.warehouses):
        if warehouse.id == warehouse_id:
            return _warehouse_json(config, request, index)
    raise RestError(
        404,
        "RESOURCE_DOES_NOT_EXIST",
        f"Can't find SQL warehouse with id: {warehouse_id}",
    )
