"""The local warehouse's configuration file: principals, tokens, warehouses and catalogs.

```yaml
principals:
  - name: alice@example.com
    groups: [admins]
  - name: 6f1c7e2a-0d1e-4c43-9a55-6b1f0c9e2b7d   # a service principal's application id
    service_principal: true
tokens:                       # when present, the only tokens the warehouse accepts
  - token: dapi-alice
    principal: alice@example.com
    expires: 2030-01-31       # optional (date or ISO timestamp)
warehouses:                   # optional; default: one warehouse
  - id: 10ca1da7aba5e000
    name: Local warehouse
catalogs: [main, dev]         # created when the warehouse starts (default: main, dev, prod)
```
The first principal (default: ``admin@localhost``) owns the catalogs the warehouse creates.
``groups`` and ``grants`` are reserved for access control and checked only for shape.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..api import Principal
from .auth import Token

DEFAULT_WAREHOUSE_ID = "10ca1da7aba5e000"
DEFAULT_WAREHOUSE_NAME = "Local warehouse"
# What current_user() says when no configuration names anyone.
ADMIN = Principal(name="admin@localhost", groups=frozenset({"admins"}))

_KEYS = {"principals", "tokens", "warehouses", "catalogs", "groups", "grants"}
_WAREHOUSE_ID = re.compile(r"[A-Za-z0-9_-]+")


class ConfigError(Exception):
    """The configuration file is not valid; the message names the file and the setting."""


@dataclass(frozen=True)
class Warehouse:
    id: str
    name: str


@dataclass(frozen=True)
class WarehouseConfig:
    principals: dict[str, Principal] = field(default_factory=lambda: {ADMIN.name: ADMIN})
    # None: the default admin, with the token kept in the data directory.
    tokens: dict[str, Token] | None = None
    warehouses: tuple[Warehouse, ...] = (Warehouse(DEFAULT_WAREHOUSE_ID, DEFAULT_WAREHOUSE_NAME),)
    catalogs: tuple[str, ...] = ()

    @property
    def warehouse_id(self) -> str:
        """The warehouse a printed profile points to."""
        return self.warehouses[0].id

    def warehouse(self, warehouse_id: str) -> Warehouse | None:
        return next((w for w in self.warehouses if w.id == warehouse_id), None)


def load_config(path: str | Path | None) -> WarehouseConfig:
    if path is None:
        return WarehouseConfig()
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"Cannot read the configuration file {path}: {exc.strerror}.") from exc
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path} is not valid YAML: {exc}") from exc
    try:
        return parse_config(data or {})
    except ConfigError as exc:
        raise ConfigError(f"{path}: {exc}") from exc


def parse_config(data: Any) -> WarehouseConfig:
    if not isinstance(data, Mapping):
        raise ConfigError("the configuration must be a mapping of settings.")
    unknown = sorted(set(data) - _KEYS)
    if unknown:
        raise ConfigError(f"unknown setting {unknown[0]!r}; expected one of {sorted(_KEYS)}.")
    for key in ("groups", "grants"):
        _list(data, key)
    principals = _principals(data)
    tokens = _tokens(data, principals) if "tokens" in data else None
    warehouses = _warehouses(data)
    catalogs = tuple(
        _name(item, f"catalogs[{i}]") for i, item in enumerate(_list(data, "catalogs"))
    )
    return WarehouseConfig(
        principals=principals, tokens=tokens, warehouses=warehouses, catalogs=catalogs
    )


def _list(data: Mapping[str, Any], key: str) -> list[Any]:
    value = data.get(key) or []
    if not isinstance(value, list):
        raise ConfigError(f"`{key}` must be a list.")
    return value


def _mapping(item: Any, where: str, allowed: set[str], required: set[str]) -> Mapping[str, Any]:
    if not isinstance(item, Mapping):
        raise ConfigError(f"`{where}` must be a mapping.")
    unknown = sorted(set(item) - allowed)
    if unknown:
        raise ConfigError(
            f"`{where}` has an unknown key {unknown[0]!r}; allowed: {sorted(allowed)}."
        )
    missing = sorted(required - set(item))
    if missing:
        raise ConfigError(f"`{where}` needs `{missing[0]}`.")
    return item


def _name(item: Any, where: str) -> str:
    if isinstance(item, Mapping):
        item = _mapping(item, where, {"name", "comment"}, {"name"})["name"]
    if not isinstance(item, str) or not item.strip():
        raise ConfigError(f"`{where}` must be a non-empty name.")
    return item.strip()


def _principals(data: Mapping[str, Any]) -> dict[str, Principal]:
    if "principals" not in data:
        return {ADMIN.name: ADMIN}
    principals: dict[str, Principal] = {}
    for i, item in enumerate(_list(data, "principals")):
        where = f"principals[{i}]"
        entry = _mapping(item, where, {"name", "groups", "service_principal"}, {"name"})
        name = _name(entry["name"], f"{where}.name")
        groups = entry.get("groups") or []
        if not isinstance(groups, list) or not all(isinstance(g, str) for g in groups):
            raise ConfigError(f"`{where}.groups` must be a list of group names.")
        if name in principals:
            raise ConfigError(f"`{where}`: the principal {name!r} is declared twice.")
        principals[name] = Principal(
            name=name,
            groups=frozenset(groups),
            is_service_principal=bool(entry.get("service_principal", False)),
        )
    return principals


def _tokens(data: Mapping[str, Any], principals: Mapping[str, Principal]) -> dict[str, Token]:
    tokens: dict[str, Token] = {}
    for i, item in enumerate(_list(data, "tokens")):
        where = f"tokens[{i}]"
        entry = _mapping(
            item, where, {"token", "principal", "expires", "comment"}, {"token", "principal"}
        )
        value = entry["token"]
        if not isinstance(value, str) or not value or any(c.isspace() for c in value):
            raise ConfigError(f"`{where}.token` must be a string without spaces.")
        if value in tokens:
            raise ConfigError(f"`{where}.token` is the same token as an earlier entry.")
        principal = principals.get(str(entry["principal"]))
        if principal is None:
            raise ConfigError(
                f"`{where}.principal` {entry['principal']!r} is not declared under `principals`."
            )
        tokens[value] = Token(principal, _expiry(entry.get("expires"), f"{where}.expires"))
    return tokens


def _expiry(value: Any, where: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError as exc:
            raise ConfigError(f"`{where}` must be a date or an ISO timestamp.") from exc
    if isinstance(value, dt.datetime):
        stamp = value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)
        return stamp.timestamp()
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day, tzinfo=dt.timezone.utc).timestamp()
    raise ConfigError(f"`{where}` must be a date or an ISO timestamp.")


def _warehouses(data: Mapping[str, Any]) -> tuple[Warehouse, ...]:
    if "warehouses" not in data:
        return WarehouseConfig.warehouses
    warehouses: list[Warehouse] = []
    for i, item in enumerate(_list(data, "warehouses")):
        where = f"warehouses[{i}]"
        entry = _mapping(item, where, {"id", "name"}, {"id"})
        warehouse_id = str(entry["id"])
        if not _WAREHOUSE_ID.fullmatch(warehouse_id):
            raise ConfigError(
                f"`{where}.id` {warehouse_id!r} must be letters, digits, '-' or '_' "
                "(it goes into the HTTP path /sql/1.0/warehouses/<id>)."
            )
        if any(w.id == warehouse_id for w in warehouses):
            raise ConfigError(f"`{where}.id`: the warehouse {warehouse_id!r} is declared twice.")
        warehouses.append(Warehouse(warehouse_id, str(entry.get("name") or warehouse_id)))
    if not warehouses:
        raise ConfigError("`warehouses` must declare at least one warehouse.")
    return tuple(warehouses)
