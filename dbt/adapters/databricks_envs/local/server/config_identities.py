"""The configuration file's identities: users, service principals (and their OAuth client
secrets), groups, and the personal access tokens accepted at start."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..api import Principal
from ..security.directory import Token
from .config_values import ConfigError, Groups, Identities, expiry, secret_text
from .config_values import as_list as _list
from .config_values import as_mapping as _mapping
from .config_values import name_of as _name
from .config_values import names as _strings

# What current_user() says when no configuration names anyone.
ADMIN = Principal(name="admin@localhost", groups=frozenset({"admins"}))
ADMINS_GROUP = "admins"
# application id -> its OAuth client secrets: (value, expiry in seconds since the epoch)
Secrets = dict[str, tuple[tuple[str, float | None], ...]]


def parse_identities(data: Mapping[str, Any]) -> tuple[Identities, Groups, Secrets]:
    identities: Identities = {}
    groups: Groups = {}
    secrets: Secrets = {}

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
        entry = _mapping(
            item, where, {"application_id", "display_name", "secrets"}, {"application_id"}
        )
        application_id = str(entry["application_id"]).strip()
        declare(application_id, True, str(entry.get("display_name") or application_id), where)
        if entry.get("secrets"):
            secrets[application_id] = _secrets(entry, f"{where}.secrets")
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
    return identities, groups, secrets


def _secrets(entry: Mapping[str, Any], where: str) -> tuple[tuple[str, float | None], ...]:
    """A service principal's OAuth client secrets: strings, or ``{secret, expires}``."""
    found: list[tuple[str, float | None]] = []
    for j, item in enumerate(_list(entry, "secrets", where)):
        at = f"{where}[{j}]"
        expires_at = None
        if isinstance(item, Mapping):
            secret = _mapping(item, at, {"secret", "expires"}, {"secret"})
            item, expires_at = secret["secret"], expiry(secret.get("expires"), f"{at}.expires")
            at = f"{at}.secret"
        value = secret_text(item, at)
        if any(value == known for known, _ in found):
            raise ConfigError(f"`{at}` is the same secret as an earlier entry.")
        found.append((value, expires_at))
    return tuple(found)


def parse_tokens(
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
        value = secret_text(entry["token"], f"{where}.token")
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
        expires = expiry(entry.get("expires"), f"{where}.expires")
        if "lifetime_days" in entry:
            days = entry["lifetime_days"]
            if not isinstance(days, (int, float)) or isinstance(days, bool):
                raise ConfigError(f"`{where}.lifetime_days` must be a number of days.")
            expires = now + days * 86400
        tokens[value] = Token(principal, expires, now, str(entry.get("comment") or ""))
    return tokens
