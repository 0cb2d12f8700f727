"""The workspace REST API under ``/api/``: routes, SCIM ``Me`` and the SQL warehouses.

Errors have the workspace's shape, ``{"error_code": ..., "message": ...}``, which the
Databricks SDK turns into its typed exceptions. Identities and tokens are in
``rest_identity.py``, service principals' OAuth secrets in ``rest_oauth.py``, Unity Catalog
permissions in ``rest_catalog.py``, the warehouses' permissions in ``rest_warehouse_acl.py``.
A warehouse is listed and shown to those with a permission on it, started by those who may
use it, stopped and deleted by those who manage it (``warehouse_acl.py``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..api import Principal
from ..security.directory import Directory, scim_id
from .compute import DELETED, Compute
from .warehouse_acl import MANAGE, USE, VIEW, WarehouseAcl, refusal

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


NOT_SUPPORTED = "are not supported by the local warehouse"
# The workspace APIs a client may reach for that need a Databricks workspace, not a SQL
# warehouse: what they are for, as the refusal names it. dbt-databricks' Python models start
# with `POST /api/2.0/workspace/mkdirs`, then upload a notebook and submit a job or a command.
_UNSUPPORTED_APIS = (
    (re.compile(r"/api/2\.\d/workspace(/.*)?"), "Python models and notebooks (the Workspace API)"),
    (re.compile(r"/api/2\.\d/jobs(/.*)?"), "Python models and jobs (the Jobs API)"),
    (re.compile(r"/api/1\.2/.*"), "Python models on clusters (the Command Execution API)"),
    (re.compile(r"/api/2\.\d/clusters(/.*)?"), "Clusters (the Clusters API)"),
    (re.compile(r"/api/2\.\d/dbfs(/.*)?"), "DBFS files (the DBFS API)"),
    (
        re.compile(r"/api/2\.\d/pipelines(/.*)?"),
        "Pipelines (materialized views and streaming tables)",
    ),
)


def _unsupported_api(path: str) -> str | None:
    for pattern, what in _UNSUPPORTED_APIS:
        if pattern.fullmatch(path):
            return what
    return None


class RestError(Exception):
    def __init__(self, status: int, error_code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.error_code = error_code
        self.message = message

    def body(self) -> JsonBody:
        return {"error_code": self.error_code, "message": self.message}


def permission_denied(message: str) -> RestError:
    return RestError(403, "PERMISSION_DENIED", message)


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
            unsupported = _unsupported_api(request.path)
            if unsupported:
                raise RestError(
                    501,
                    "NOT_IMPLEMENTED",
                    f"{unsupported} {NOT_SUPPORTED} ({request.method} {request.path}): it runs "
                    "SQL only. Run this against a Databricks workspace.",
                )
            raise RestError(
                404, "ENDPOINT_NOT_FOUND", f"No API found for '{request.method} {request.path}'"
            )
        except RestError as exc:
            return exc.status, exc.body()


def workspace_api(directory: Directory, compute: Compute, acl: WarehouseAcl) -> RestApi:
    """The endpoints every warehouse serves; the server adds those of identities and of
    Unity Catalog (``rest_identity.add_routes``, ``rest_catalog.add_routes``, ...)."""
    api = RestApi()
    api.add("GET", r"/api/2\.0/preview/scim/v2/Me", lambda r, m: me(directory, r.principal))
    warehouses = Warehouses(directory, compute, acl)
    api.add("GET", r"/api/2\.0/sql/warehouses", warehouses.list)
    one = r"/api/2\.0/sql/warehouses/(?P<id>[^/]+)"
    api.add("GET", one, warehouses.get)
    api.add("DELETE", one, warehouses.delete)
    api.add("POST", one + r"/start", warehouses.start)
    api.add("POST", one + r"/stop", warehouses.stop)
    return api


def me(directory: Directory, principal: Principal) -> JsonBody:
    identity = directory.identity(principal.name)
    display = identity.display_name if identity else principal.name
    groups = [{"display": g, "value": scim_id(g)} for g in sorted(principal.groups)]
    if principal.is_service_principal:
        return {
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:ServicePrincipal"],
            "id": scim_id(principal.name),
            "applicationId": principal.name,
            "userName": principal.name,
            "displayName": display,
            "active": True,
            "groups": groups,
        }
    return {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "id": scim_id(principal.name),
        "userName": principal.name,
        "displayName": display,
        "active": True,
        "emails": [{"value": principal.name, "type": "work", "primary": True}],
        "groups": groups,
    }


def existing_warehouse(compute: Compute, warehouse_id: str) -> str:
    """The id of a warehouse neither unknown nor deleted; RESOURCE_DOES_NOT_EXIST otherwise."""
    if compute.warehouse(warehouse_id) is None:
        raise RestError(
            404,
            "RESOURCE_DOES_NOT_EXIST",
            f"Can't find SQL warehouse with id: {warehouse_id}",
        )
    return warehouse_id


class Warehouses:
    """``/api/2.0/sql/warehouses``: list, get, start, stop, delete."""

    def __init__(self, directory: Directory, compute: Compute, acl: WarehouseAcl) -> None:
        self._directory = directory
        self._compute = compute
        self._acl = acl

    def list(self, request: RestRequest, match: re.Match[str]) -> JsonBody:
        visible = [
            w.id for w in self._compute.warehouses() if self._acl.may(w.id, request.principal, VIEW)
        ]
        return {"warehouses": [self._json(request, w) for w in visible]}

    def get(self, request: RestRequest, match: re.Match[str]) -> JsonBody:
        return self._json(request, self._allowed(request, match, VIEW, "view"))

    def start(self, request: RestRequest, match: re.Match[str]) -> JsonBody:
        self._compute.start(self._allowed(request, match, USE, "use"))
        return {}

    def stop(self, request: RestRequest, match: re.Match[str]) -> JsonBody:
        self._compute.set_state(self._allowed(request, match, MANAGE, "manage"), "STOPPED")
        return {}

    def delete(self, request: RestRequest, match: re.Match[str]) -> JsonBody:
        self._compute.set_state(self._allowed(request, match, MANAGE, "manage"), DELETED)
        return {}

    def _allowed(
        self, request: RestRequest, match: re.Match[str], ability: frozenset[str], action: str
    ) -> str:
        warehouse_id = existing_warehouse(self._compute, match.group("id"))
        if not self._acl.may(warehouse_id, request.principal, ability):
            raise permission_denied(refusal(request.principal, warehouse_id, action))
        return warehouse_id

    def _json(self, request: RestRequest, warehouse_id: str) -> JsonBody:
        warehouse = self._compute.warehouse(warehouse_id)
        assert warehouse is not None
        hostname, _, port = request.host.partition(":")
        return {
            "id": warehouse.id,
            "name": warehouse.name,
            "state": self._compute.state(warehouse.id),
            "warehouse_type": "PRO",
            "enable_serverless_compute": True,
            "cluster_size": "2X-Small",
            "min_num_clusters": 1,
            "max_num_clusters": 1,
            "auto_stop_mins": 0,
            "num_clusters": 1,
            "num_active_sessions": 0,
            "creator_name": self._acl.owner(warehouse.id) or self._directory.admin,
            "odbc_params": {
                "hostname": hostname,
                "path": f"/sql/1.0/warehouses/{warehouse.id}",
                "protocol": "http",
                "port": int(port or 80),
            },
        }
