"""Unity Catalog permissions over REST, as ``WorkspaceClient.grants`` calls them.

- ``GET /api/2.1/unity-catalog/permissions/{type}/{name}[?principal=]``: the grants on the
  securable itself;
- ``PATCH`` the same path with ``{"changes": [{"principal", "add", "remove"}]}``;
- ``GET /api/2.1/unity-catalog/effective-permissions/{type}/{name}[?principal=]``: every
  privilege that holds on it, with where each is inherited from (omitted for the securable's
  own grants). With ``principal``, the privileges granted to the groups it belongs to are
  included, under its name.
Privileges are spelled with an underscore (``USE_CATALOG``), as in the real API.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from ..api import WarehouseError
from ..security.directory import ACCOUNT_USERS
from ..security.privileges import SecurableType, UnknownPrivilege, normalize, rest_name
from ..security.unity import UnityCatalog
from .rest import JsonBody, RestApi, RestError, RestRequest

_PATH = r"/(?P<type>[A-Za-z_]+)/(?P<name>[^/]+)"
_TYPES: dict[str, SecurableType] = {
    "catalog": "catalog",
    "schema": "schema",
    "table": "table",
    "function": "function",
}
_NOT_FOUND = {
    "CATALOG_NOT_FOUND": "CATALOG_DOES_NOT_EXIST",
    "SCHEMA_NOT_FOUND": "SCHEMA_DOES_NOT_EXIST",
    "TABLE_OR_VIEW_NOT_FOUND": "TABLE_DOES_NOT_EXIST",
    "ROUTINE_NOT_FOUND": "FUNCTION_DOES_NOT_EXIST",
}


def add_routes(api: RestApi, unity: UnityCatalog) -> None:
    permissions = Permissions(unity)
    api.add("GET", r"/api/2\.1/unity-catalog/permissions" + _PATH, permissions.get)
    api.add("PATCH", r"/api/2\.1/unity-catalog/permissions" + _PATH, permissions.update)
    api.add("GET", r"/api/2\.1/unity-catalog/effective-permissions" + _PATH, permissions.effective)


def _rest_error(exc: WarehouseError) -> RestError:
    """The REST API's words for what SQL reports as INSUFFICIENT_PERMISSIONS or not found."""
    text = exc.message.split(" SQLSTATE:")[0]
    text = re.sub(r"^\[[A-Z_.]+\] (Insufficient privileges:\n)?", "", text)
    if exc.error_class == "INSUFFICIENT_PERMISSIONS":
        return RestError(403, "PERMISSION_DENIED", text)
    if exc.error_class in _NOT_FOUND:
        return RestError(404, _NOT_FOUND[exc.error_class], text)
    if exc.error_class == "PRINCIPAL_DOES_NOT_EXIST":
        return RestError(404, "PRINCIPAL_DOES_NOT_EXIST", text)
    return RestError(400, "INVALID_PARAMETER_VALUE", text)


class Permissions:
    def __init__(self, unity: UnityCatalog) -> None:
        self._unity = unity

    def _securable(self, match: re.Match[str]) -> tuple[SecurableType, str]:
        kind = _TYPES.get(match.group("type").lower())
        if kind is None:
            raise RestError(
                400,
                "INVALID_PARAMETER_VALUE",
                f"Securable type {match.group('type')} is not supported by the local "
                "warehouse; use catalog, schema, table or function.",
            )
        return kind, match.group("name").lower()

    def _may_see(self, request: RestRequest, kind: SecurableType, name: str) -> str | None:
        """The principal asked about; seeing anyone else's grants needs MANAGE."""
        asked = request.params.get("principal")
        caller = request.principal
        if asked is None or not (asked == caller.name or asked in caller.groups):
            self._unity.may_manage(caller, kind, name)
        return asked

    def get(self, request: RestRequest, match: re.Match[str]) -> JsonBody:
        kind, name = self._securable(match)
        try:
            asked = self._may_see(request, kind, name)
            assignments = self._unity.assignments(kind, name)
        except WarehouseError as exc:
            raise _rest_error(exc) from None
        return _assignments_json(assignments, asked)

    def update(self, request: RestRequest, match: re.Match[str]) -> JsonBody:
        kind, name = self._securable(match)
        changes = request.json().get("changes") or []
        try:
            for change in changes:
                grantee = str(change.get("principal") or "")
                for key, revoke in (("add", False), ("remove", True)):
                    privileges = [normalize(str(p)) for p in change.get(key) or []]
                    if privileges:
                        self._unity.change(
                            request.principal, kind, name, grantee, privileges, revoke
                        )
            assignments = self._unity.assignments(kind, name)
        except UnknownPrivilege as exc:
            raise RestError(400, "INVALID_PARAMETER_VALUE", str(exc)) from None
        except WarehouseError as exc:
            raise _rest_error(exc) from None
        return _assignments_json(assignments)

    def effective(self, request: RestRequest, match: re.Match[str]) -> JsonBody:
        kind, name = self._securable(match)
        try:
            asked = self._may_see(request, kind, name)
            found = self._unity.effective(kind, name)
        except WarehouseError as exc:
            raise _rest_error(exc) from None
        holders: set[str] | None = None
        if asked is not None:
            principal = self._unity.policy.directory.principal(asked)
            groups = principal.groups if principal else frozenset()
            holders = {asked, ACCOUNT_USERS, *groups}
        by_principal: dict[str, list[JsonBody]] = {}
        for grantee, privilege, on_kind, on_name in found:
            if holders is not None and grantee not in holders:
                continue
            entry: JsonBody = {"privilege": rest_name(privilege)}
            if (on_kind, on_name) != (kind, name):
                entry["inherited_from_type"] = on_kind.upper()
                entry["inherited_from_name"] = on_name
            by_principal.setdefault(asked or grantee, []).append(entry)
        return {
            "privilege_assignments": [
                {"principal": p, "privileges": privileges} for p, privileges in by_principal.items()
            ]
        }


def _assignments_json(
    assignments: Mapping[str, Iterable[str]], only: str | None = None
) -> JsonBody:
    """The ``privilege_assignments`` answer, for every grantee or only the one asked about."""
    return {
        "privilege_assignments": [
            {"principal": grantee, "privileges": sorted(rest_name(p) for p in privileges)}
            for grantee, privileges in assignments.items()
            if only is None or grantee == only
        ]
    }
