"""The local warehouse's configuration file: identities, tokens, warehouses, catalogs, grants.

```yaml
metastore_admin: admin@localhost        # optional: a user, service principal or group
users: [alice@example.com, {name: bob@example.com, display_name: Bob}]
service_principals:
  - application_id: 6f1c7e2a-0d1e-4c43-9a55-6b1f0c9e2b7d
    display_name: prod-runner
    secrets: [dose-prod-runner-secret]   # OAuth client secrets; or {secret: ..., expires: ...}
oauth_token_lifetime_seconds: 3600      # OAuth access tokens' lifetime (default: one hour)
groups:
  - name: data-engineers
    members: [alice@example.com, 6f1c7e2a-0d1e-4c43-9a55-6b1f0c9e2b7d]
tokens:                       # when present, the only tokens the warehouse accepts at start
  - token: dapi-alice
    principal: alice@example.com
    lifetime_days: 3          # or `expires: 2030-01-31` (a date or ISO timestamp); optional
warehouses:                   # optional; default: one RUNNING warehouse (config_warehouses.py)
  - id: 10ca1da7aba5e000
    name: Local warehouse
    state: STOPPED            # RUNNING (default), STOPPED or DELETED
    startup_seconds: 1        # how long a STOPPED warehouse takes to start (default 0)
    permissions: [{principal: data-engineers, level: CAN_USE}]   # default: users CAN_USE
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

import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..api import Principal
from ..security.directory import Directory, Identity, Token, memberships
from ..security.privileges import SecurableType, UnknownPrivilege, normalize
from .config_identities import ADMIN, ADMINS_GROUP, Secrets, parse_identities, parse_tokens
from .config_values import ConfigError, Groups, Identities, positive_number
from .config_values import as_list as _list
from .config_values import as_mapping as _mapping
from .config_values import declared as _declared
from .config_values import name_of as _name
from .config_values import names as _strings
from .config_warehouses import (
    DEFAULT_WAREHOUSE_ID,
    DEFAULT_WAREHOUSE_NAME,
    DEFAULT_WAREHOUSES,
    WAREHOUSE_STATES,
    Warehouse,
    parse_warehouses,
)

__all__ = [
    "ADMIN",
    "DEFAULT_WAREHOUSE_ID",
    "DEFAULT_WAREHOUSE_NAME",
    "WAREHOUSE_STATES",
    "ConfigError",
    "GrantDeclaration",
    "Warehouse",
    "WarehouseConfig",
    "load_config",
    "parse_config",
]

# OAuth access tokens last one hour on Databricks.
OAUTH_TOKEN_LIFETIME_SECONDS = 3600.0
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
    "oauth_token_lifetime_seconds",
}


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
    warehouses: tuple[Warehouse, ...] = DEFAULT_WAREHOUSES
    catalogs: tuple[str, ...] = ()
    metastore_admin: str = ADMIN.name
    display_names: dict[str, str] = field(default_factory=dict)
    groups: dict[str, tuple[str, ...]] = field(
        default_factory=lambda: {ADMINS_GROUP: (ADMIN.name,)}
    )
    catalog_owners: dict[str, str] = field(default_factory=dict)
    grants: tuple[GrantDeclaration, ...] = ()
    # application id -> its OAuth client secrets: (value, expiry in seconds since the epoch)
    secrets: Secrets = field(default_factory=dict)
    oauth_token_lifetime_seconds: float = OAUTH_TOKEN_LIFETIME_SECONDS

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
        for application_id, held in self.secrets.items():
            for value, expires_at in held:
                directory.add_secret(application_id, value, expires_at)
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
    identities, groups, secrets = parse_identities(data)
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
    tokens = parse_tokens(data, principals, time.time() if now is None else now)
    catalogs, owners = _catalogs(data, identities, groups)
    lifetime = OAUTH_TOKEN_LIFETIME_SECONDS
    if data.get("oauth_token_lifetime_seconds") is not None:
        lifetime = positive_number(
            data["oauth_token_lifetime_seconds"], "oauth_token_lifetime_seconds", "seconds"
        )
    return WarehouseConfig(
        principals=principals,
        tokens=tokens,
        warehouses=parse_warehouses(data, identities, groups),
        catalogs=catalogs,
        metastore_admin=admin,
        display_names={name: display for name, (_, display) in identities.items()},
        groups={name: tuple(sorted(members)) for name, members in groups.items()},
        catalog_owners=owners,
        grants=_grants(data, identities, groups),
        secrets=secrets,
        oauth_token_lifetime_seconds=lifetime,
    )


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
