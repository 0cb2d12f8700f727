"""Unity Catalog's rules for what is inside a schema: tables and views (and functions).

Each rule cites its Databricks page as ``policy.py`` explains.
"""

from __future__ import annotations

from ..api import Principal
from .facts import Facts, missing, not_owner
from .privileges import (
    APPLY_TAG,
    CREATE_FUNCTION,
    CREATE_MATERIALIZED_VIEW,
    CREATE_TABLE,
    EXECUTE,
    MODIFY,
    REFRESH,
    SELECT,
    covers,
)


def relation(facts: Facts, principal: Principal, name: str, action: str) -> None:
    """A table or view: ``name`` is ``catalog.schema.name``; its catalog and schema exist, and
    USE CATALOG and USE SCHEMA were checked."""
    schema = name.rsplit(".", 1)[0]
    if action == "create":
        # CREATE TABLE on the schema, for a table or a view (views/create-views).
        if not facts.is_owner(principal, "schema", schema):
            facts.require(principal, CREATE_TABLE, "schema", schema)
        return
    if facts.find("table", name) is None or facts.is_owner(principal, "table", name):
        return
    held = facts.held(principal, "table", name)
    if action == "tag":
        # SET TAGS, SET TAG ON, column tags: "you must own the object or have ... APPLY TAG on
        # the object" (sql-ref-syntax-ddl-set-tag,
        # https://docs.databricks.com/aws/sql/language-manual/sql-ref-syntax-ddl-set-tag).
        if not covers(held, APPLY_TAG):
            raise missing(APPLY_TAG, "table", name)
    elif action == "read":
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
        if facts.is_view(name):
            raise not_owner("table", name)
        if not covers(held, MODIFY):
            raise missing(MODIFY, "table", name)
    elif action == "describe":
        # Metadata: any privilege on the object, or ownership of a parent, whose owner "can
        # grant themselves privileges on the tables" (manage-privileges/ownership).
        if not held and not facts.owns(principal, ("table", name)):
            raise missing(SELECT, "table", name)
    elif action in ("drop", "transfer"):
        # DROP TABLE / DROP VIEW: "you must have the MANAGE privilege on the table, be its
        # owner, or the owner of the schema, catalog, or metastore the table resides in"
        # (sql-ref-syntax-ddl-drop-table, -drop-view). Ownership "can be transferred to
        # other principals by either the current owner, a metastore admin, or the owner of
        # the catalog or schema that contains the table" (catalog-explorer/manage-ownership).
        if not facts.owns(principal, ("table", name)):
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


def materialized_view(facts: Facts, principal: Principal, name: str, action: str) -> None:
    """What a materialized view asks for beyond a table's rules (``relation``): reading,
    dropping, tagging and replacing one are a table's."""
    schema = name.rsplit(".", 1)[0]
    if action == "create":
        # "USE CATALOG and USE SCHEMA privileges on the catalog and schema, CREATE MATERIALIZED
        # VIEW on the schema" and SELECT on what the query reads (checked as its reads); the
        # creator owns it (sql-ref-syntax-ddl-create-materialized-view; privileges-reference:
        # "CREATE MATERIALIZED VIEW ... create a materialized view within a schema").
        if not facts.is_owner(principal, "schema", schema):
            facts.require(principal, CREATE_MATERIALIZED_VIEW, "schema", schema)
        return
    if action == "refresh":
        # REFRESH: "you must be the owner of the materialized view or have the REFRESH
        # privilege on it" (ldp/dbsql/materialized-configure; privileges-reference: REFRESH
        # "refresh a materialized view or streaming table"), inherited from the schema and
        # catalog like every privilege.
        if facts.find("table", name) is None or facts.is_owner(principal, "table", name):
            return
        if not covers(facts.held(principal, "table", name), REFRESH):
            raise missing(REFRESH, "table", name)
        return
    # ALTER MATERIALIZED VIEW (its schedule) and CREATE OR REPLACE: its owner, as for a table
    # (assumed; the pages do not say).
    relation(facts, principal, name, action)


def function(facts: Facts, principal: Principal, name: str, action: str) -> None:
    """A SQL function: as ``relation``, for ``catalog.schema.function``."""
    schema = name.rsplit(".", 1)[0]
    if action == "create":
        # CREATE FUNCTION: "USE CATALOG on the catalog, USE SCHEMA and CREATE FUNCTION on the
        # schema" (sql-ref-syntax-ddl-create-sql-function); a schema's owner may.
        if not facts.is_owner(principal, "schema", schema):
            facts.require(principal, CREATE_FUNCTION, "schema", schema)
        return
    if facts.find("function", name) is None or facts.is_owner(principal, "function", name):
        return
    held = facts.held(principal, "function", name)
    if action == "execute":
        # "To invoke a function ... EXECUTE privilege on the function, USE SCHEMA, USE
        # CATALOG" (manage-privileges/privileges#execute); inherited from the schema and
        # catalog like every privilege.
        if not covers(held, EXECUTE):
            raise missing(EXECUTE, "function", name)
    elif action == "describe":
        if not held and not facts.owns(principal, ("function", name)):
            raise missing(EXECUTE, "function", name)
    elif action in ("drop", "transfer"):
        # DROP FUNCTION: "you must be its owner, or the owner of the schema, catalog, or
        # metastore the function resides in" (sql-ref-syntax-ddl-drop-function).
        if not facts.owns(principal, ("function", name)):
            raise not_owner("function", name)
    else:
        # CREATE OR REPLACE FUNCTION of an existing function: its owner (as for a table;
        # unverified).
        raise not_owner("function", name)
