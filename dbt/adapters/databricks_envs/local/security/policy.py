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
  exists), a table or view CREATE TABLE on the schema; reading needs SELECT, changing rows
  MODIFY, and so does changing a table's columns, properties and comments;
- replacing (CREATE OR REPLACE) or otherwise altering an object (renaming it, its clustering,
  constraints, a view's query, properties or comments) needs ownership of the object itself;
- privileges granted on a catalog or schema hold on everything inside it, and a grant to a
  group holds for its members.
A statement on something that does not exist is let through, so that it fails with the
engine's "not found" error, as on Databricks.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..api import Principal, WarehouseError
from ..engine.security import Access
from ..engine.storage.mirror import Mirror
from ..engine.storage.model import Owned
from ..engine.storage.names import RelName
from .directory import ACCOUNT_USERS, Directory
from .grants import GrantStore, Securable
from .privileges import (
    CREATE_SCHEMA,
    CREATE_TABLE,
    MODIFY,
    SELECT,
    TITLE,
    USE_CATALOG,
    USE_SCHEMA,
    SecurableType,
    covers,
    parent_names,
)

INFORMATION_SCHEMA = "information_schema"
SYSTEM_CATALOG = "system"
# The metastore's name in errors about metastore-level privileges.
METASTORE = "local"


def insufficient(text: str) -> WarehouseError:
    """A refusal, worded as a SQL warehouse words it."""
    return WarehouseError(
        "INSUFFICIENT_PERMISSIONS",
        "42501",
        f"[INSUFFICIENT_PERMISSIONS] Insufficient privileges:\n{text} SQLSTATE: 42501",
    )


def missing(privilege: str, kind: SecurableType, name: str) -> WarehouseError:
    return insufficient(f"User does not have {privilege} on {TITLE[kind]} '{name}'.")


def not_owner(kind: SecurableType, name: str) -> WarehouseError:
    return insufficient(f"User is not an owner of {TITLE[kind]} '{name}'.")


@dataclass(frozen=True)
class Found:
    """A securable that exists: its owner and the key its grants are stored under."""

    owner: str
    object_key: str


class Policy:
    """Decisions over the engine's catalog (owners) and the grant store (privileges)."""

    def __init__(self, mirror: Mirror, directory: Directory, grants: GrantStore) -> None:
        self.mirror = mirror
        self.directory = directory
        self.grants = grants

    # Facts.

    def find(self, kind: SecurableType, name: str) -> Found | None:
        parts = name.split(".")
        info: Owned | None
        if kind == "catalog":
            state = self.mirror.catalog(name)
            info = state.info if state else None
        elif kind == "schema":
            schema = self.mirror.schema(parts[0], parts[1])
            info = schema.info if schema else None
        else:
            relation = self.mirror.relation(RelName(*parts))
            if relation is not None:
                return Found(relation.owner, relation.object_id or relation.created.isoformat())
            info = None
        return Found(info.owner, info.created.isoformat()) if info else None

    @staticmethod
    def who(principal: Principal) -> frozenset[str]:
        """The grantees whose grants hold for ``principal``."""
        return principal.groups | {principal.name, ACCOUNT_USERS}

    def held(self, principal: Principal, kind: SecurableType, name: str) -> set[str]:
        """Privileges ``principal`` holds on the securable, granted on it or its parents."""
        who = self.who(principal)
        privileges: set[str] = set()
        for securable in parent_names(kind, name):
            found = self.find(*securable)
            if found is None:
                continue
            for grantee, held in self.grants.on(securable, found.object_key).items():
                if grantee in who:
                    privileges |= held.privileges
        return privileges

    def owns(self, principal: Principal, securable: Securable) -> bool:
        """Owner of the securable or of a parent (the catalog or schema holding it)."""
        return any(self.is_owner(principal, *parent) for parent in parent_names(*securable))

    def is_owner(self, principal: Principal, kind: SecurableType, name: str) -> bool:
        """Owner of the securable itself (directly or through a group)."""
        found = self.find(kind, name)
        return found is not None and (
            found.owner == principal.name or found.owner in principal.groups
        )

    def is_admin(self, principal: Principal) -> bool:
        return self.directory.is_admin(principal)

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
        self._relation(principal, name, action)

    def _catalog(self, principal: Principal, catalog: str, action: str) -> None:
        if self.find("catalog", catalog) is None:
            return
        if action in ("use", "describe"):
            self._use_catalog(principal, catalog)
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
            self._require(principal, USE_CATALOG, "catalog", catalog)

    def _use_schema(self, principal: Principal, schema: str) -> None:
        # "Owners of a schema do not automatically have all privileges on the tables in the
        # schema" (manage-privileges/ownership): likewise a catalog's owner needs USE SCHEMA on
        # a schema someone else owns.
        if not self.is_owner(principal, "schema", schema):
            self._require(principal, USE_SCHEMA, "schema", schema)

    def _schema(self, principal: Principal, schema: str, action: str) -> None:
        catalog = schema.split(".")[0]
        if action == "create":
            if not self.is_owner(principal, "catalog", catalog):
                self._require(principal, CREATE_SCHEMA, "catalog", catalog)
            return
        if self.find("schema", schema) is None:
            return
        if action in ("use", "describe"):
            self._use_schema(principal, schema)
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

    def _relation(self, principal: Principal, name: str, action: str) -> None:
        schema = name.rsplit(".", 1)[0]
        if action == "create":
            # CREATE TABLE on the schema, for a table or a view (views/create-views).
            if not self.is_owner(principal, "schema", schema):
                self._require(principal, CREATE_TABLE, "schema", schema)
            return
        if self.find("table", name) is None or self.is_owner(principal, "table", name):
            return
        held = self.held(principal, "table", name)
        if action == "read":
            if not covers(held, SELECT):
                raise missing(SELECT, "table", name)
        elif action == "write":
            # INSERT, MERGE, UPDATE, DELETE, TRUNCATE, INSERT OVERWRITE / REPLACE WHERE:
            # "MODIFY grants full write access to a table's data"
            # (access-control/fine-grained-dml-privileges). OPTIMIZE and ANALYZE are counted
            # here too (not documented; MODIFY assumed).
            if not covers(held, MODIFY):
                raise missing(MODIFY, "table", name)
        elif action == "amend":
            # ALTER TABLE: "you must have MODIFY permission to: ALTER COLUMN, ADD COLUMN, DROP
            # COLUMN, SET TBLPROPERTIES, UNSET TBLPROPERTIES" (sql-ref-syntax-ddl-alter-table);
            # COMMENT ON TABLE / COLUMN: "MODIFY privilege on the table", but "be the OWNER of
            # the view" (sql-ref-syntax-ddl-comment); ALTER VIEW SET / UNSET TBLPROPERTIES
            # "require ownership of the view" (sql-ref-syntax-ddl-alter-view).
            if self._is_view(name):
                raise not_owner("table", name)
            if not covers(held, MODIFY):
                raise missing(MODIFY, "table", name)
        elif action == "describe":
            # Metadata: any privilege on the object, or ownership of a parent, whose owner "can
            # grant themselves privileges on the tables" (manage-privileges/ownership).
            if not held and not self.owns(principal, ("table", name)):
                raise missing(SELECT, "table", name)
        elif action in ("drop", "transfer"):
            # DROP TABLE / DROP VIEW: "you must have the MANAGE privilege on the table, be its
            # owner, or the owner of the schema, catalog, or metastore the table resides in"
            # (sql-ref-syntax-ddl-drop-table, -drop-view). Ownership "can be transferred to
            # other principals by either the current owner, a metastore admin, or the owner of
            # the catalog or schema that contains the table" (catalog-explorer/manage-ownership).
            if not self.owns(principal, ("table", name)):
                raise not_owner("table", name)
        else:
            # ALTER TABLE: "All other operations require ownership of the table" (RENAME TO,
            # CLUSTER BY, constraints; sql-ref-syntax-ddl-alter-table); ALTER VIEW AS, WITH
            # SCHEMA: "require ownership of the view", and "RENAME TO requires the MANAGE
            # privilege on the view" (sql-ref-syntax-ddl-alter-view; MANAGE is not modelled,
            # the owner may).
            # CREATE OR REPLACE of an existing table or view: no page says; "to update a view
            # definition ... you must be the owner of the view" (views/create-views), and a
            # replaced table keeps its owner, grants, history and can change what ALTER
            # reserves for the owner, so ownership is assumed for both (unverified).
            raise not_owner("table", name)

    def _is_view(self, name: str) -> bool:
        relation = self.mirror.relation(RelName(*name.split(".")))
        return relation is not None and relation.is_view

    def _require(
        self, principal: Principal, privilege: str, kind: SecurableType, name: str
    ) -> None:
        if not covers(self.held(principal, kind, name), privilege):
            raise missing(privilege, kind, name)
