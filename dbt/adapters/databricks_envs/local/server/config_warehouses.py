"""The configuration file's ``warehouses``: ids, states, start-up times and permissions.

```yaml
warehouses:
  - id: 10ca1da7aba5e000
    name: Local warehouse
    state: STOPPED            # RUNNING (default), STOPPED or DELETED
    startup_seconds: 1        # how long a STOPPED warehouse takes to start (default 0)
    permissions:              # default: the `users` group (everyone) has CAN_USE
      - {principal: data-engineers, level: CAN_USE}
      - {principal: alice@example.com, level: CAN_MANAGE}
```
Levels: CAN_VIEW, CAN_MONITOR, CAN_USE, CAN_MANAGE, IS_OWNER (one owner, a user or service
principal). The metastore admin has CAN_MANAGE on every warehouse whatever is declared, and
is its owner unless one is declared.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .config_values import (
    ConfigError,
    Groups,
    Identities,
    as_list,
    as_mapping,
    declared,
)

DEFAULT_WAREHOUSE_ID = "10ca1da7aba5e000"
DEFAULT_WAREHOUSE_NAME = "Local warehouse"
WAREHOUSE_STATES = ("RUNNING", "STOPPED", "DELETED")
PERMISSION_LEVELS = ("CAN_VIEW", "CAN_MONITOR", "CAN_USE", "CAN_MANAGE", "IS_OWNER")
# The workspace group every user and service principal belongs to.
EVERYONE = "users"
_WAREHOUSE_ID = re.compile(r"[A-Za-z0-9_-]+")


@dataclass(frozen=True)
class Warehouse:
    id: str
    name: str
    state: str = "RUNNING"
    startup_seconds: float = 0.0
    # (principal, level) pairs; None: the default, CAN_USE for everyone.
    permissions: tuple[tuple[str, str], ...] | None = None


DEFAULT_WAREHOUSES = (Warehouse(DEFAULT_WAREHOUSE_ID, DEFAULT_WAREHOUSE_NAME),)


def permission_level(value: Any) -> str | None:
    """``CAN_USE``, also written ``can use`` or ``Can Use``; None if it is no level."""
    level = re.sub(r"[\s-]+", "_", str(value).strip()).upper()
    return level if level in PERMISSION_LEVELS else None


def parse_warehouses(
    data: Mapping[str, Any], identities: Identities, groups: Groups
) -> tuple[Warehouse, ...]:
    if "warehouses" not in data:
        return DEFAULT_WAREHOUSES
    warehouses: list[Warehouse] = []
    for i, item in enumerate(as_list(data, "warehouses")):
        where = f"warehouses[{i}]"
        entry = as_mapping(
            item, where, {"id", "name", "state", "startup_seconds", "permissions"}, {"id"}
        )
        warehouse_id = str(entry["id"])
        if not _WAREHOUSE_ID.fullmatch(warehouse_id):
            raise ConfigError(
                f"`{where}.id` {warehouse_id!r} must be letters, digits, '-' or '_' "
                "(it goes into the HTTP path /sql/1.0/warehouses/<id>)."
            )
        if any(w.id == warehouse_id for w in warehouses):
            raise ConfigError(f"`{where}.id`: the warehouse {warehouse_id!r} is declared twice.")
        state = str(entry.get("state") or "RUNNING").upper()
        if state not in WAREHOUSE_STATES:
            raise ConfigError(f"`{where}.state` must be one of {', '.join(WAREHOUSE_STATES)}.")
        startup = entry.get("startup_seconds", 0)
        if not isinstance(startup, (int, float)) or isinstance(startup, bool) or startup < 0:
            raise ConfigError(f"`{where}.startup_seconds` must be a number of seconds (>= 0).")
        name = str(entry.get("name") or warehouse_id)
        permissions = None
        if "permissions" in entry:
            permissions = _permissions(entry, f"{where}.permissions", identities, groups)
        warehouses.append(Warehouse(warehouse_id, name, state, float(startup), permissions))
    if not warehouses:
        raise ConfigError("`warehouses` must declare at least one warehouse.")
    return tuple(warehouses)


def _permissions(
    entry: Mapping[str, Any], where: str, identities: Identities, groups: Groups
) -> tuple[tuple[str, str], ...]:
    found: dict[str, str] = {}
    for j, item in enumerate(as_list(entry, "permissions", where)):
        at = f"{where}[{j}]"
        permission = as_mapping(item, at, {"principal", "level"}, {"principal", "level"})
        principal = str(permission["principal"]).strip()
        if principal != EVERYONE:
            declared(principal, f"{at}.principal", identities, groups)
        level = permission_level(permission["level"])
        if level is None:
            raise ConfigError(f"`{at}.level` must be one of {', '.join(PERMISSION_LEVELS)}.")
        if principal in found:
            raise ConfigError(f"`{at}.principal`: {principal!r} is named twice.")
        if level == "IS_OWNER":
            if principal not in identities:
                raise ConfigError(
                    f"`{at}`: the owner must be a user or a service principal, not a group."
                )
            if "IS_OWNER" in found.values():
                raise ConfigError(f"`{at}`: a warehouse has one owner (IS_OWNER).")
        found[principal] = level
    return tuple(found.items())
