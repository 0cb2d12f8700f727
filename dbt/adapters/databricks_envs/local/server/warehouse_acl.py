"""Who may see, use and manage each SQL warehouse: the warehouses' access control lists.

Each warehouse has its own list of (principal, level), principals being users, service
principals and groups; ``users`` is every identity of the workspace. A warehouse declared
without permissions gives ``users`` CAN_USE; the metastore admin (standing for the workspace
admins) has CAN_MANAGE on every warehouse, inherited from the warehouses' root, and owns the
warehouses that declare no owner. What each level allows, as on Databricks:

- seeing the warehouse (REST ``get``, ``list``, its permissions): any level;
- using it (opening a session, running statements, starting it): CAN_USE, CAN_MANAGE, IS_OWNER;
- managing it (stopping, deleting, changing its permissions): CAN_MANAGE, IS_OWNER.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence

from ..api import Principal
from ..security.directory import Directory
from .config_warehouses import EVERYONE, PERMISSION_LEVELS, Warehouse

VIEW = frozenset(PERMISSION_LEVELS)
USE = frozenset({"CAN_USE", "CAN_MANAGE", "IS_OWNER"})
MANAGE = frozenset({"CAN_MANAGE", "IS_OWNER"})
OWNER = "IS_OWNER"
# Where the admins' CAN_MANAGE comes from, as the Permissions API names it.
ROOT_OBJECT = "/sql/warehouses/"


def refusal(principal: Principal, warehouse_id: str, action: str) -> str:
    """The reason a warehouse refuses ``principal``; ``action`` is ``use``, ``view`` or
    ``manage``."""
    who = "Service Principal" if principal.is_service_principal else "User"
    return f"{who} does not have permission to {action} warehouse {warehouse_id}."


class WarehouseAcl:
    def __init__(self, directory: Directory, warehouses: Sequence[Warehouse]) -> None:
        self._directory = directory
        self._lock = threading.Lock()
        self._acls: dict[str, dict[str, str]] = {w.id: self._declared(w) for w in warehouses}

    def _declared(self, warehouse: Warehouse) -> dict[str, str]:
        if warehouse.permissions is None:
            acl = {EVERYONE: "CAN_USE"}
        else:
            acl = dict(warehouse.permissions)
        admin = self._directory.admin
        if OWNER not in acl.values() and admin not in acl and self._directory.identity(admin):
            acl = {admin: OWNER, **acl}
        return acl

    # Readers.

    def entries(self, warehouse_id: str) -> dict[str, str]:
        """The warehouse's own permissions: principal -> level, in the order given."""
        return dict(self._acls.get(warehouse_id, {}))

    def owner(self, warehouse_id: str) -> str | None:
        found = self._acls.get(warehouse_id, {})
        return next((name for name, level in found.items() if level == OWNER), None)

    def levels(self, warehouse_id: str, principal: Principal) -> frozenset[str]:
        """Every level ``principal`` holds on the warehouse: its own, its groups', and the
        admins' CAN_MANAGE."""
        held = {
            level
            for name, level in self._acls.get(warehouse_id, {}).items()
            if name in (principal.name, EVERYONE) or name in principal.groups
        }
        if self._directory.is_admin(principal):
            held.add("CAN_MANAGE")
        return frozenset(held)

    def may(self, warehouse_id: str, principal: Principal, ability: frozenset[str]) -> bool:
        return bool(self.levels(warehouse_id, principal) & ability)

    # Writers.

    def update(self, warehouse_id: str, changes: Mapping[str, str]) -> None:
        """Gives each principal named its level (the Permissions API's PATCH). A new owner
        makes the previous one CAN_MANAGE, as a transfer of ownership does."""
        with self._lock:
            acl = dict(self._acls.get(warehouse_id, {}))
            if OWNER in changes.values():
                acl = {n: "CAN_MANAGE" if level == OWNER else level for n, level in acl.items()}
            acl.update(changes)
            self._acls[warehouse_id] = acl

    def replace(self, warehouse_id: str, entries: Mapping[str, str]) -> None:
        """Makes ``entries`` the warehouse's permissions (the Permissions API's PUT); the owner
        stays unless ``entries`` names one."""
        with self._lock:
            acl = dict(entries)
            owner = self.owner(warehouse_id)
            if OWNER not in acl.values() and owner is not None:
                acl = {owner: OWNER, **{n: v for n, v in acl.items() if n != owner}}
            self._acls[warehouse_id] = acl
