"""Reading the configuration file's values, with errors that name the setting."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

# name -> (is a service principal, display name); group -> members
Identities = dict[str, tuple[bool, str]]
Groups = dict[str, set[str]]


class ConfigError(Exception):
    """The configuration file is not valid; the message names the file and the setting."""


def as_list(data: Mapping[str, Any], key: str, where: str | None = None) -> list[Any]:
    value = data.get(key) or []
    if not isinstance(value, list):
        raise ConfigError(f"`{where or key}` must be a list.")
    return value


def as_mapping(item: Any, where: str, allowed: set[str], required: set[str]) -> Mapping[str, Any]:
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


def name_of(item: Any, where: str, allowed: set[str] | None = None) -> str:
    if isinstance(item, Mapping):
        item = as_mapping(item, where, allowed or {"name", "comment"}, {"name"})["name"]
    if not isinstance(item, str) or not item.strip():
        raise ConfigError(f"`{where}` must be a non-empty name.")
    return item.strip()


def names(value: Any, where: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"`{where}` must be a list of names.")
    return value


def secret_text(value: Any, where: str) -> str:
    """A token or secret: a string without white space."""
    if not isinstance(value, str) or not value or any(c.isspace() for c in value):
        raise ConfigError(f"`{where}` must be a string without spaces.")
    return value


def positive_number(value: Any, where: str, unit: str) -> float:
    if not isinstance(value, (int, float)) or isinstance(value, bool) or value <= 0:
        raise ConfigError(f"`{where}` must be a number of {unit} (> 0).")
    return float(value)


def expiry(value: Any, where: str) -> float | None:
    """A date or ISO timestamp (UTC unless it says otherwise), as seconds since the epoch."""
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


def declared(name: str, where: str, identities: Identities, groups: Groups) -> None:
    if name not in identities and name not in groups:
        raise ConfigError(
            f"`{where}` {name!r} is not declared under `users`, `service_principals` or `groups`."
        )
