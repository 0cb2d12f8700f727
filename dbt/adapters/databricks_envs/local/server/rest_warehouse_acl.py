"""The SQL warehouses' permissions over REST, as the Permissions API answers them
(``WorkspaceClient.warehouses.get_permissions`` / ``set_permissions`` / ``update_permissions``
/ ``get_permission_levels``, and ``permissions.get("warehouses", id)``):

- ``GET /api/2.0/permissions/warehouses/{id}`` (also ``.../permissions/sql/warehouses/{id}``):
  ``{"object_id": "/sql/warehouses/{id}", "object_type": "warehouses", "access_control_list":
  [{"user_name" | "group_name" | "service_principal_name", "display_name", "all_permissions":
  [{"permission_level", "inherited", "inherited_from_object"}]}]}``, for anyone with a
  permission on the warehouse;
- ``PATCH`` the same path with ``{"access_control_list": [{"user_name": ..., "permission_level":
  "CAN_USE"}]}`` gives those levels; ``PUT`` makes the list the warehouse's permissions. Both
  need CAN_MANAGE (or ownership, or the admin); only the admin names a new owner;
- ``GET .../permissionLevels``: the levels and what each allows.
"""

from __future__ import annotations

import re
from typing import Any

from ..security.directory import Directory
from .compute import Compute
from .config_warehouses import EVERYONE, permission_level
from .rest import JsonBody, RestApi, RestError, RestRequest, existing_warehouse, permission_denied
from .warehouse_acl import MANAGE, OWNER, ROOT_OBJECT, VIEW, WarehouseAcl, refusal

_PATH = r"/api/2\.0/permissions/(?:sql/)?warehouses/(?P<id>[^/]+)"
_KINDS = ("user_name", "group_name", "service_principal_name")
_DESCRIPTIONS = {
    "CAN_VIEW": "Can view the warehouse",
    "CAN_MONITOR": "Can monitor the warehouse and its queries",
    "CAN_USE": "Can use the warehouse",
    "CAN_MANAGE": "Can manage the warehouse",
    "IS_OWNER": "Is the owner of the warehouse",
}


def add_routes(api: RestApi, directory: Directory, compute: Compute, acl: WarehouseAcl) -> None:
    permissions = WarehousePermissions(directory, compute, acl)
    api.add("GET", _PATH, permissions.get)
    api.add("PATCH", _PATH, permissions.update)
    api.add("PUT", _PATH, permissions.set)
    api.add("GET", _PATH + r"/permissionLevels", permissions.levels)


class WarehousePermissions:
    def __init__(self, directory: Directory, compute: Compute, acl: WarehouseAcl) -> None:
        self._directory = directory
        self._compute = compute
        self._acl = acl

    def get(self, request: RestRequest, match: re.Match[str]) -> JsonBody:
        return self._json(self._allowed(request, match, VIEW, "view"))

    def levels(self, request: RestRequest, match: re.Match[str]) -> JsonBody:
        self._allowed(request, match, VIEW, "view")
        return {
            "permission_levels": [
                {"permission_level": level, "description": description}
                for level, description in _DESCRIPTIONS.items()
            ]
        }

    def update(self, request: RestRequest, match: re.Match[str]) -> JsonBody:
        warehouse_id = self._allowed(request, match, MANAGE, "manage")
        self._acl.update(warehouse_id, self._changes(request))
        return self._json(warehouse_id)

    def set(self, request: RestRequest, match: re.Match[str]) -> JsonBody:
        warehouse_id = self._allowed(request, match, MANAGE, "manage")
        self._acl.replace(warehouse_id, self._changes(request))
        return self._json(warehouse_id)

    def _allowed(
        self, request: RestRequest, match: re.Match[str], ability: frozenset[str], action: str
    ) -> str:
        warehouse_id = existing_warehouse(self._compute, match.group("id"))
        if not self._acl.may(warehouse_id, request.principal, ability):
            raise permission_denied(refusal(request.principal, warehouse_id, action))
        return warehouse_id

    def _changes(self, request: RestRequest) -> dict[str, str]:
        """principal -> level, from the request's ``access_control_list``."""
        entries = request.json().get("access_control_list") or []
        if not isinstance(entries, list):
            raise _invalid("access_control_list must be a list.")
        changes: dict[str, str] = {}
        for entry in entries:
            if not isinstance(entry, dict):
                raise _invalid("Each access_control_list entry must be an object.")
            named = [kind for kind in _KINDS if entry.get(kind)]
            if len(named) != 1:
                raise _invalid(
                    "Each access_control_list entry names one of user_name, group_name or "
                    "service_principal_name."
                )
            name = self._principal(named[0], str(entry[named[0]]))
            level = permission_level(entry.get("permission_level", ""))
            if level is None:
                raise _invalid(
                    f"Invalid permission level {entry.get('permission_level')!r} for a "
                    f"warehouse; use one of {', '.join(_DESCRIPTIONS)}."
                )
            if level == OWNER and named[0] == "group_name":
                raise _invalid("A group cannot own a warehouse.")
            if level == OWNER and not self._directory.is_admin(request.principal):
                raise permission_denied("Only a workspace admin can transfer a warehouse's owner.")
            changes[name] = level
        if list(changes.values()).count(OWNER) > 1:
            raise _invalid("A warehouse has one owner (IS_OWNER).")
        return changes

    def _principal(self, kind: str, name: str) -> str:
        identity = self._directory.identity(name)
        if kind == "group_name":
            known = name == EVERYONE or self._directory.group_members(name) is not None
        else:
            known = identity is not None and identity.service_principal == (
                kind == "service_principal_name"
            )
        if not known:
            what = {"user_name": "User", "group_name": "Group"}.get(kind, "Service principal")
            raise _invalid(f"{what} {name} does not exist.")
        return name

    def _json(self, warehouse_id: str) -> JsonBody:
        own = self._acl.entries(warehouse_id)
        admin = self._directory.admin
        # Principals deleted since they were given a level hold nothing any more.
        names = [name for name in own if self._exists(name)]
        names += [] if admin in own else [admin]
        return {
            "object_id": f"{ROOT_OBJECT}{warehouse_id}",
            "object_type": "warehouses",
            "access_control_list": [self._entry(name, own.get(name)) for name in names],
        }

    def _exists(self, name: str) -> bool:
        directory = self._directory
        return name == EVERYONE or directory.exists(name)

    def _entry(self, name: str, level: str | None) -> JsonBody:
        identity = self._directory.identity(name)
        entry: dict[str, Any]
        if identity is None:
            entry = {"group_name": name}
        else:
            kind = "service_principal_name" if identity.service_principal else "user_name"
            entry = {kind: name, "display_name": identity.display_name}
        permissions = [] if level is None else [{"permission_level": level, "inherited": False}]
        if name == self._directory.admin:
            permissions.append(
                {
                    "permission_level": "CAN_MANAGE",
                    "inherited": True,
                    "inherited_from_object": [ROOT_OBJECT],
                }
            )
        entry["all_permissions"] = permissions
        return entry


def _invalid(message: str) -> RestError:
    return RestError(400, "INVALID_PARAMETER_VALUE", message)
