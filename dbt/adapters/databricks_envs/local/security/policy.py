"""Unity Catalog's decision: may this principal do this to that securable?

Rules, as Databricks documents them; each rule in the code cites its page by its path under
https://docs.databricks.com/aws/en/ (``sql-ref-...`` pages are under ``sql/language-manual/``,
``manage-privileges/...`` and ``access-control/...`` under ``data-governance/unity-catalog/``):
- a metastore admin may do anything;
- anything inside a catalog needs USE CATALOG, anything inside a schema also USE SCHEMA;
- the owner of an object has every privilege on that object, not on its children: owning a
  schema or catalog gives no SELECT, MODIFY or USE SCHEMA on what is inside;
- the owner of the object, or of the schema or catalog holding it, may drop it, grant on it and
  give it another owner;
- creating a schema needs CREATE SCHEMA on the catalog (even ``IF NOT EXISTS`` on one that
  exists), a table or view CREATE TABLE on the schema, a materialized view CREATE MATERIALIZED
  VIEW; refreshing a materialized view needs its ownership or REFRESH on it; reading needs
  SELECT, changing rows MODIFY, and so does changing a table's columns, properties and comments;
- replacing (CREATE OR REPLACE) or otherwise altering an object (renaming it, its clustering,
  constraints, a view's query, properties or comments) needs ownership of the object itself;
- privileges granted on a catalog or schema hold on everything inside it, and a grant to a
  group holds for its members.
A statement on something that does not exist is let through, so that it fails with the
engine's "not found" error, as on Databricks.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..api import Principal
from ..engine.security import Access
from . import object_rules
from .facts import (
    INFORMATION_SCHEMA,
    METASTORE,
    SYSTEM_CATALOG,
    Facts,
    Found,
    insufficient,
    missing,
    not_owner,
)
from .privileges import (
    APPLY_TAG,
    CREATE_SCHEMA,
    SELECT,
    USE_CATALOG,
    USE_SCHEMA,
)

__all__ = ["INFORMATION_SCHEMA", "Found", "Policy", "insufficient", "missing", "not_owner"]


class Policy(Facts):
    """Decisions over the engine's catalog (owners) and the grant store (privileges)."""

    # Decisions.

    def check(self, principal: Principal, accesses: Sequence[Access]) -> None:
        """Raises INSUFFICIENT_PERMISSIONS for the first access refused."""
        if self.is_admin(principal):
            return
        for access in accesses:
            self._check(principal, access)

    def _check(self, principal: Principal, access: Access) -> None:
        action = access.action
        kind, name = access.securable
        parts = name.split(".")
        catalog = parts[0]
        if kind == "catalog":
            if action == "create":
                raise insufficient(f"User does not have CREATE CATALOG on Metastore '{METASTORE}'.")
            self._catalog(principal, catalog, action)
            return
        if len(parts) > 1 and parts[1] == INFORMATION_SCHEMA:
            # Everybody may read system.information_schema; its rows are filtered instead.
            if catalog != SYSTEM_CATALOG:
                self._catalog(principal, catalog, "use")
            return
        if catalog == SYSTEM_CATALOG:
            # The other system tables (system.query.history) are the metastore admin's alone,
            # as they are by default on Databricks; nobody can be granted them here.
            raise missing(SELECT, "table", name)
        if self.find("catalog", catalog) is None:
            return
        self._use_catalog(principal, catalog)
        schema = f"{catalog}.{parts[1]}"
        if kind == "schema":
            self._schema(principal, schema, action)
            return
        if self.find("schema", schema) is None:
            return
        self._use_schema(principal, schema)
        if kind == "function":
            object_rules.function(self, principal, name, action)
        elif kind == "materialized_view":
            object_rules.materialized_view(self, principal, name, action)
        else:
            object_rules.relation(self, principal, name, action)

    def _catalog(self, principal: Principal, catalog: str, action: str) -> None:
        if self.find("catalog", catalog) is None:
            return
        if action in ("use", "describe"):
            self._use_catalog(principal, catalog)
        elif action == "tag":
            # SET TAGS / SET TAG ON a catalog: its owner, or APPLY TAG on it
            # (sql-ref-syntax-ddl-set-tag).
            if not self.is_owner(principal, "catalog", catalog):
                self.require(principal, APPLY_TAG, "catalog", catalog)
        elif not self.is_owner(principal, "catalog", catalog):
            # COMMENT ON CATALOG: "you must be the owner of the catalog or have the MANAGE
            # privilege on it" (sql-ref-syntax-ddl-comment); DROP CATALOG, ALTER CATALOG and
            # giving it away assumed alike: its only container is the metastore, whose owner
            # is the metastore admin (manage-privileges/ownership).
            raise not_owner("catalog", catalog)

    def _use_catalog(self, principal: Principal, catalog: str) -> None:
        # "Owners of an object are automatically granted all privileges on that object"
        # (manage-privileges/ownership): USE CATALOG included.
        if not self.is_owner(principal, "catalog", catalog):
            self.require(principal, USE_CATALOG, "catalog", catalog)

    def _use_schema(self, principal: Principal, schema: str) -> None:
        # "Owners of a schema do not automatically have all privileges on the tables in the
        # schema" (manage-privileges/ownership): likewise a catalog's owner needs USE SCHEMA on
        # a schema someone else owns.
        if not self.is_owner(principal, "schema", schema):
            self.require(principal, USE_SCHEMA, "schema", schema)

    def _schema(self, principal: Principal, schema: str, action: str) -> None:
        catalog = schema.split(".")[0]
        if action == "create":
            if not self.is_owner(principal, "catalog", catalog):
                self.require(principal, CREATE_SCHEMA, "catalog", catalog)
            return
        if self.find("schema", schema) is None:
            return
        if action in ("use", "describe"):
            self._use_schema(principal, schema)
        elif action == "tag":
            # A schema's owner, or APPLY TAG on it or on its catalog (sql-ref-syntax-ddl-set-tag).
            if not self.is_owner(principal, "schema", schema):
                self.require(principal, APPLY_TAG, "schema", schema)
        elif action == "transfer":
            # "You can transfer object ownership if you are the current owner, a metastore
            # admin, or the owner of the container (the catalog for a schema)"
            # (manage-privileges/ownership).
            if not self.owns(principal, ("schema", schema)):
                raise not_owner("schema", schema)
        elif not self.is_owner(principal, "schema", schema):
            # DROP SCHEMA: "To drop a database you must have the MANAGE privilege on the
            # database or be its owner" (sql-ref-syntax-ddl-drop-database, its alias): not the
            # catalog's owner. COMMENT ON SCHEMA: "you must be the owner of the schema"
            # (sql-ref-syntax-ddl-comment); ALTER SCHEMA ... SET DBPROPERTIES assumed alike.
            raise not_owner("schema", schema)
