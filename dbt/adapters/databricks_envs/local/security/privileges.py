"""Unity Catalog privileges: their names, the securables they apply to, and what they cover.

Privileges are kept in their SQL spelling (``USE CATALOG``); the REST API and Terraform spell
them with an underscore (``USE_CATALOG``), and both spellings are accepted everywhere.
"""

from __future__ import annotations

from typing import Literal

SecurableType = Literal["catalog", "schema", "table", "function"]

USE_CATALOG = "USE CATALOG"
USE_SCHEMA = "USE SCHEMA"
CREATE_SCHEMA = "CREATE SCHEMA"
CREATE_TABLE = "CREATE TABLE"
CREATE_FUNCTION = "CREATE FUNCTION"
CREATE_MATERIALIZED_VIEW = "CREATE MATERIALIZED VIEW"
# Refresh a materialized view (or streaming table) one does not own.
REFRESH = "REFRESH"
SELECT = "SELECT"
MODIFY = "MODIFY"
APPLY_TAG = "APPLY TAG"
EXECUTE = "EXECUTE"
ALL_PRIVILEGES = "ALL PRIVILEGES"

# Which privileges may be granted on each kind of securable; a privilege granted on a catalog
# or schema is inherited by every current and future child that it applies to.
APPLICABLE: dict[SecurableType, tuple[str, ...]] = {
    "catalog": (
        USE_CATALOG,
        USE_SCHEMA,
        CREATE_SCHEMA,
        CREATE_TABLE,
        CREATE_FUNCTION,
        CREATE_MATERIALIZED_VIEW,
        SELECT,
        MODIFY,
        REFRESH,
        APPLY_TAG,
        EXECUTE,
        ALL_PRIVILEGES,
    ),
    "schema": (
        USE_SCHEMA,
        CREATE_TABLE,
        CREATE_FUNCTION,
        CREATE_MATERIALIZED_VIEW,
        SELECT,
        MODIFY,
        REFRESH,
        APPLY_TAG,
        EXECUTE,
        ALL_PRIVILEGES,
    ),
    "table": (SELECT, MODIFY, REFRESH, APPLY_TAG, ALL_PRIVILEGES),
    "function": (EXECUTE, ALL_PRIVILEGES),
}
KNOWN = frozenset(APPLICABLE["catalog"])

# How errors and SHOW GRANTS name each kind of securable.
TITLE: dict[SecurableType, str] = {
    "catalog": "Catalog",
    "schema": "Schema",
    "table": "Table",
    "function": "Function",
}


class UnknownPrivilege(ValueError):
    """A privilege name Unity Catalog does not know (the message says which)."""


def normalize(name: str) -> str:
    """``use_catalog``, ``USE CATALOG`` and ``Use  Catalog`` are all ``USE CATALOG``."""
    canonical = " ".join(name.replace("_", " ").upper().split())
    if canonical == "ALL":
        canonical = ALL_PRIVILEGES
    if canonical not in KNOWN:
        raise UnknownPrivilege(
            f"Unknown privilege {name!r}; expected one of {', '.join(sorted(KNOWN))}."
        )
    return canonical


def rest_name(privilege: str) -> str:
    """The REST API's spelling: ``USE_CATALOG``."""
    return privilege.replace(" ", "_")


def covers(held: frozenset[str] | set[str], privilege: str) -> bool:
    """Whether holding ``held`` on a securable (or its parents) grants ``privilege``."""
    return privilege in held or ALL_PRIVILEGES in held


def parent_names(kind: SecurableType, name: str) -> list[tuple[SecurableType, str]]:
    """The securable and its parents, from the catalog down: ``dev``, ``dev.s``, ``dev.s.t``."""
    parts = name.split(".")
    chain: list[tuple[SecurableType, str]] = [("catalog", parts[0])]
    if kind in ("schema", "table", "function"):
        chain.append(("schema", ".".join(parts[:2])))
    if kind in ("table", "function"):
        chain.append((kind, name))
    return chain
