"""What a statement touches, for Unity Catalog style authorization.

The engine computes, in one place per statement kind and from the parsed tree alone, the list of
``Access`` values a statement needs, and hands them to the engine's ``authorizer`` before running
anything. Privilege inheritance (USE CATALOG / USE SCHEMA on the parents, ownership) is the
authorizer's business: an access names only the securable acted upon.

Actions:
- ``use``: USE CATALOG / USE SCHEMA.
- ``read``: read rows (SELECT, the source of INSERT/MERGE/CTAS, views).
- ``write``: change rows of an existing table (INSERT, MERGE, UPDATE, DELETE, TRUNCATE).
- ``create``: create the securable (a table or view inside its schema, a schema inside its
  catalog, a catalog).
- ``replace``: CREATE OR REPLACE, which may replace an existing securable of that name.
- ``drop``: drop the securable.
- ``amend``: change its columns, table properties or comments (ALTER TABLE ... ADD, ALTER or
  DROP COLUMN, SET / UNSET TBLPROPERTIES, COMMENT ON), which Unity Catalog lets MODIFY do on a
  table.
- ``transfer``: give it another owner (ALTER ... OWNER TO).
- ``alter``: any other change of its definition or metadata (RENAME TO, CLUSTER BY,
  constraints, ALTER VIEW ... AS, schema and catalog properties).
- ``describe``: read its metadata (DESCRIBE, SHOW, information_schema).
- ``tag``: set or unset its tags, or its columns' (SET TAGS, SET TAG ON, ...).
- ``execute``: call a function (in a query, or as a row filter or column mask being set).
- ``refresh``: recompute a materialized view (REFRESH MATERIALIZED VIEW).

Kinds are a securable's: ``materialized_view`` names one only where Unity Catalog asks for a
privilege of its own (CREATE MATERIALIZED VIEW, REFRESH); reading or dropping it is a table's.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, Protocol

from dbt.adapters.databricks_envs.local.api import Principal, Result

if TYPE_CHECKING:
    import pyarrow as pa

    from dbt.adapters.databricks_envs.local.engine.storage.mirror import Mirror

Action = Literal[
    "use",
    "read",
    "write",
    "create",
    "replace",
    "drop",
    "amend",
    "transfer",
    "alter",
    "describe",
    "tag",
    "execute",
    "refresh",
]
SecurableKind = Literal[
    "catalog", "schema", "table", "view", "relation", "function", "materialized_view"
]


@dataclass(frozen=True)
class Access:
    action: Action
    # ("table", "cat.s.t"): the kind and the full dotted name, lower case. "relation" stands
    # for a table or view when the statement does not say which (SELECT, DESCRIBE).
    securable: tuple[SecurableKind, str]


# Raises WarehouseError to refuse; returning means allowed.
Authorizer = Callable[[Principal, Sequence[Access]], None]


def allow_all(principal: Principal, accesses: Sequence[Access]) -> None:
    return None


class AccessControl(Protocol):
    """Unity Catalog security plugged into the engine (see ``local/security/``).

    Without one, the engine runs every statement (``allow_all``) and refuses GRANT.
    """

    @property
    def version(self) -> int:
        """Changes whenever grants or group memberships change."""
        ...

    def authorize(self, principal: Principal, accesses: Sequence[Access]) -> None:
        """Raises WarehouseError to refuse."""
        ...

    def statement(self, principal: Principal, sql: str, catalog: str, schema: str) -> Result | None:
        """Runs GRANT, REVOKE and SHOW GRANTS; None for every other statement."""
        ...

    def sees_catalog(self, principal: Principal, catalog: str) -> bool:
        """Whether SHOW CATALOGS lists the catalog to ``principal``."""
        ...

    def privilege_rows(self, table: str, mirror: Mirror) -> list[tuple[Any, ...]]:
        """The rows of information_schema.<table> for a privileges table."""
        ...

    def visible(self, principal: Principal, table: str, rows: pa.Table) -> pa.Table:
        """An information_schema table's rows that ``principal`` may see."""
        ...
