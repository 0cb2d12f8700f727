"""The local warehouse's configuration file: identities, tokens, warehouses, catalogs, grants.

```yaml
metastore_admin: admin@localhost        # optional: a user, service principal or group
users: [alice@example.com, {name: bob@example.com, display_name: Bob}]
service_principals:
  - application_id: 6f1c7e2a-0d1e-4c43-9a55-6b1f0c9e2b7d
    display_name: prod-runner
groups:
  - name: data-engineers
    members: [alice@example.com, 6f1c7e2a-0d1e-4c43-9a55-6b1f0c9e2b7d]
tokens:                       # when present, the only tokens the warehouse accepts at start
  - token: dapi-alice
    principal: alice@example.com
    lifetime_days: 3          # or `expires: 2030-01-31` (a date or ISO timestamp); optional
warehouses:                   # optional; default: one RUNNING warehouse
  - id: 10ca1da7aba5e000
    name: Local warehouse
    state: STOPPED            # RUNNING (default), STOPPED or DELETED
    startup_seconds: 1        # how long a STOPPED warehouse takes to start (default 0)
catalogs:                     # created when missing (default: main, dev, prod)
  - main
  - {name: dev, owner: alice@example.com}
grants:                       # granted by the metastore admin at every start; a schema
                              # named here is created if missing, a table must exist
  - {principal: data-engineers, on: catalog dev, privileges: [USE CATALOG, CREATE SCHEMA]}
  - {principal: alice@example.com, on: schema prod.marts, privileges: [USE_SCHEMA, SELECT]}
```
The metastore admin (default ``admin@localhost``, always declared) owns the catalogs the
warehouse creates unless a catalog names its owner. The older ``principals`` list (``name``,
``groups``, ``service_principal: true``) is still read; then its first entry is the default
metastore admin.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..api import Principal
from ..security.directory import Directory, Identity, Token, memberships
from ..security.privileges import SecurableType, UnknownPrivilege, normalize

DEFAULT_WAREHOUSE_ID = "10ca1da7aba5e000"
DEFAULT_WAREHOUSE_NAME = "Local warehouse"
# What current_user() says when no configuration names anyone.
ADMIN = Principal(name="admin@localhost", groups=frozenset({"admins"}))
ADMINS_GROUP = "admins"
WAREHOUSE_STATES = ("RUNNING", "STOPPED", "DELETED")
_SECURABLES = ("catalog", "schema", "table", "view")

_KEYS = {
    "metastore_admin",
    "principals",
    "users",
    "service_principals",
    "groups",
    "tokens",
    "warehouses",
    "catalogs",
    "grants",
}
_WAREHOUSE_ID = re.compile(r"[A-Za-z0-9_-]+")


class ConfigError(Exception):
    """The configuration file is not valid; the message names the file and the setting."""


@dataclass(frozen=True)
class Warehouse:
    id: str
    name: str
    state: str = "RUNNING"
    startup_seconds: float = 0.0


@dataclass(frozen=True)
class GrantDeclaration:
    principal: str
    # ("schema", "dev.marts"); a view is a table here, as in Unity Catalog's grants.
    securable: tuple[SecurableType, str]
    privileges: tuple[str, ...]


@dataclass(frozen=True)
class WarehouseConfig:
    principals: dict[str, Principal] = field(default_factory=lambda: {ADMIN.name: ADMIN})
    # None: the default admin, with the token kept in the data directory.
    tokens: dict[str, Token] | None = None
    warehouses: tuple[Warehouse, ...] = (Warehouse(DEFAULT_WAREHOUSE_ID, DEFAULT_WAREHOUSE_NAME),)
    catalogs: tuple[str, ...] = ()
    metastore_admin: str = ADMIN.name
    display_names: dict[str, str] = field(default_factory=dict)
    groups: dict[str, tuple[str, ...]] = field(
        default_factory=lambda: {ADMINS_GROUP: (ADMIN.name,)}
    )
    catalog_owners: dict[str, str] = field(default_factory=dict)
    grants: tuple[GrantDeclaration, ...] = ()

    @property
    def warehouse_id(self) -> str:
        """The warehouse a printed profile points to."""
        return self.warehouses[0].id

    def warehouse(self, warehouse_id: str) -> Warehouse | None:
        return next((w for w in self.warehouses if w.id == warehouse_id), None)

    def directory(self) -> Directory:
        """The workspace's identities, groups and tokens as declared."""
        directory = Directory(self.metastore_admin)
        for principal in self.principals.values():
            directory.add_identity(
                Identity(
                    principal.name,
                    self.display_names.get(principal.name, principal.name),
                    principal.is_service_principal,
                )
            )
        for name, members in self.groups.items():
            directory.add_group(name, members)
        for value, token in (self.tokens or {}).items():
            directory.add_token(value, token)
        return directory


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


def parse_config(data: Any, now: float | None = None) -> WarehouseConfig:
    if not isinstance(data, Mapping):
        raise ConfigError("the configuration must be a mapping of settings.")
    unknown = sorted(set(data) - _KEYS)
    if unknown:
        raise ConfigError(f"unknown setting {unknown[0]!r}; expected one of {sorted(_KEYS)}.")
    identities, groups = _identities(data)
    admin = data.get("metastore_admin")
    if admin is None:
        admin = next(iter(identities)) if "principals" in data else ADMIN.name
    if not isinstance(admin, str) or (admin not in identities and admin not in groups):
        raise ConfigError(
            f"`metastore_admin` {admin!r} is not declared under `users`, "
            "`service_principals` or `groups`."
        )
    principals = {
        name: Principal(name, memberships(name, groups), service)
        for name, (service, _) in identities.items()
    }
    tokens = _tokens(data, principals, time.time() if now is None else now)
    catalogs, owners = _catalogs(data, identities, groups)
    return WarehouseConfig(
        principals=principals,
        tokens=tokens,
        warehouses=_warehouses(data),
        catalogs=catalogs,
        metastore_admin=admin,
        display_names={name: display for name, (_, display) in identities.items()},
        groups={name: tuple(sorted(members)) for name, members in groups.items()},
        catalog_owners=owners,
        grants=_grants(data, identities, groups),
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


def _name(item: Any, where: str, allowed: set[str] | None = None) -> str:
    if isinstance(item, Mapping):
        item = _mapping(item, where, allowed or {"name", "comment"}, {"name"})["name"]
    if not isinstance(item, str) or not item.strip():
        raise ConfigError(f"`{where}` must be a non-empty name.")
    return item.strip()


def _strings(value: Any, where: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"`{where}` must be a list of names.")
    return value


# name -> (is a service principal, display name); group -> members
Identities = dict[str, tuple[bool, str]]
Groups = dict[str, set[str]]


def _identities(data: Mapping[str, Any]) -> tuple[Identities, Groups]:
    identities: Identities = {}
    groups: Groups = {}

    def declare(name: str, service: bool, display: str, where: str) -> None:
        if name in identities:
            raise ConfigError(f"`{where}`: the principal {name!r} is declared twice.")
        identities[name] = (service, display)

    for i, item in enumerate(_list(data, "principals")):
        where = f"principals[{i}]"
        entry = _mapping(item, where, {"name", "groups", "service_principal"}, {"name"})
        name = _name(entry["name"], f"{where}.name")
        declare(name, bool(entry.get("service_principal", False)), name, where)
        if "groups" in entry and not isinstance(entry["groups"], list):
            raise ConfigError(f"`{where}.groups` must be a list of group names.")
        for group in _strings(entry.get("groups") or [], f"{where}.groups"):
            groups.setdefault(group, set()).add(name)
    for i, item in enumerate(_list(data, "users")):
        where = f"users[{i}]"
        name = _name(item, where, {"name", "display_name"})
        display = item.get("display_name") if isinstance(item, Mapping) else None
        declare(name, False, str(display or name), where)
    for i, item in enumerate(_list(data, "service_principals")):
        where = f"service_principals[{i}]"
        entry = _mapping(item, where, {"application_id", "display_name"}, {"application_id"})
        application_id = str(entry["application_id"]).strip()
        declare(application_id, True, str(entry.get("display_name") or application_id), where)
    if ADMIN.name not in identities:
        identities[ADMIN.name] = (False, ADMIN.name)
        groups.setdefault(ADMINS_GROUP, set()).add(ADMIN.name)
    for i, item in enumerate(_list(data, "groups")):
        where = f"groups[{i}]"
        entry = _mapping(item, where, {"name", "members"}, {"name"})
        name = _name(entry["name"], f"{where}.name")
        if name in identities:
            raise ConfigError(f"`{where}.name` {name!r} is already a user or service principal.")
        groups.setdefault(name, set()).update(
            _strings(entry.get("members") or [], f"{where}.members")
        )
    for name, members in groups.items():
        for member in sorted(members):
            if member not in identities and member not in groups:
                raise ConfigError(
                    f"the group {name!r} has the member {member!r}, which is declared under "
                    "neither `users`, `service_principals` nor `groups`."
                )
    return identities, groups


def _tokens(
    data: Mapping[str, Any], principals: Mapping[str, Principal], now: float
) -> dict[str, Token] | None:
    if "tokens" not in data:
        return None
    tokens: dict[str, Token] = {}
    for i, item in enumerate(_list(data, "tokens")):
        where = f"tokens[{i}]"
        entry = _mapping(
            item,
            where,
            {"token", "principal", "expires", "lifetime_days", "comment"},
            {"token", "principal"},
        )
        value = entry["token"]
        if not isinstance(value, str) or not value or any(c.isspace() for c in value):
            raise ConfigError(f"`{where}.token` must be a string without spaces.")
        if value in tokens:
            raise ConfigError(f"`{where}.token` is the same token as an earlier entry.")
        principal = principals.get(str(entry["principal"]))
        if principal is None:
            raise ConfigError(
                f"`{where}.principal` {entry['principal']!r} is not declared under `users` or "
                "`service_principals`."
            )
        if "expires" in entry and "lifetime_days" in entry:
            raise ConfigError(f"`{where}`: give `expires` or `lifetime_days`, not both.")
        expires = _expiry(entry.get("expires"), f"{where}.expires")
        if "lifetime_days" in entry:
            days = entry["lifetime_days"]
            if not isinstance(days, (int, float)) or isinstance(days, bool):
                raise ConfigError(f"`{where}.lifetime_days` must be a number of days.")
            expires = now + days * 86400
        tokens[value] = Token(principal, expires, now, str(entry.get("comment") or ""))
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
        entry = _mapping(item, where, {"id", "name", "state", "startup_seconds"}, {"id"})
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
        warehouses.append(Warehouse(warehouse_id, name, state, float(startup)))
    if not warehouses:
        raise ConfigError("`warehouses` must declare at least one warehouse.")
    return tuple(warehouses)


def _catalogs(
    data: Mapping[str, Any], identities: Identities, groups: Groups
) -> tuple[tuple[str, ...], dict[str, str]]:
    names: list[str] = []
    owners: dict[str, str] = {}
    for i, item in enumerate(_list(data, "catalogs")):
        where = f"catalogs[{i}]"
        name = _name(item, where, {"name", "comment", "owner"})
        names.append(name)
        owner = item.get("owner") if isinstance(item, Mapping) else None
        if owner is not None:
            _declared(str(owner), f"{where}.owner", identities, groups)
            owners[name] = str(owner)
    return tuple(names), owners


def _declared(name: str, where: str, identities: Identities, groups: Groups) -> None:
    if name not in identities and name not in groups:
        raise ConfigError(
            f"`{where}` {name!r} is not declared under `users`, `service_principals` or `groups`."
        )


def _grants(
    data: Mapping[str, Any], identities: Identities, groups: Groups
) -> tuple[GrantDeclaration, ...]:
    grants: list[GrantDeclaration] = []
    for i, item in enumerate(_list(data, "grants")):
        where = f"grants[{i}]"
        if isinstance(item, Mapping):
            # YAML 1.1 reads the bare key `on` as the boolean true.
            item = {("on" if k is True else k): v for k, v in item.items()}
        keys = {"principal", "on", "privileges"}
        entry = _mapping(item, where, keys, keys)
        principal = str(entry["principal"])
        if principal != "account users":
            _declared(principal, f"{where}.principal", identities, groups)
        kind, _, name = str(entry["on"]).strip().partition(" ")
        kind, name = kind.lower(), name.strip().lower()
        wanted = {"catalog": 1, "schema": 2}.get(kind, 3)
        if kind not in _SECURABLES or len(name.split(".")) != wanted:
            raise ConfigError(
                f"`{where}.on` must be `catalog <name>`, `schema <catalog>.<schema>` or "
                "`table <catalog>.<schema>.<table>`."
            )
        try:
            privileges = tuple(
                normalize(p) for p in _strings(entry["privileges"], f"{where}.privileges")
            )
        except UnknownPrivilege as exc:
            raise ConfigError(f"`{where}.privileges`: {exc}") from None
        securable_kind: SecurableType = (
            "catalog" if kind == "catalog" else "schema" if kind == "schema" else "table"
        )
        grants.append(GrantDeclaration(principal, (securable_kind, name), privileges))
    return tuple(grants)
