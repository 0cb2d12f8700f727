"""``CREATE [OR REPLACE] TABLE [IF NOT EXISTS] t [SHALLOW | DEEP] CLONE src [TBLPROPERTIES
(...)]``: what ``dbt clone`` sends (``create or replace table t shallow clone src``).

A clone here is a copy of the source's rows taken when the statement runs, with its columns
(types, NOT NULL, comments), comment, table properties, partitioning, clustering and
informational constraints, which is what a clone is to whoever reads it: later changes to the
source do not reach it, and writes to it do not reach the source. Its tags, grants, row filter
and masks are not copied; a replaced clone keeps its own owner, grants and tags. A shallow clone
is a ``MANAGED_SHALLOW_CLONE`` in information_schema (dbt-databricks drops and recreates those
rather than replacing them with a table). A clone is a version of the target's history
(operation CLONE); ``VERSION AS OF`` / ``TIMESTAMP AS OF`` clones an earlier version of the
source, read from its history (``time_travel.py``; the source's current columns, as a version
made by ``ADD COLUMNS`` reads too). Cloning a table with a row filter or column masks is refused
as not supported.
"""

from __future__ import annotations

from sqlglot import exp

from dbt.adapters.databricks_envs.local.api import Result
from dbt.adapters.databricks_envs.local.engine import errors
from dbt.adapters.databricks_envs.local.engine.plan import Plan, Runtime, empty
from dbt.adapters.databricks_envs.local.engine.storage import history, objects
from dbt.adapters.databricks_envs.local.engine.storage.history import Operation
from dbt.adapters.databricks_envs.local.engine.storage.model import TABLE, RelationInfo
from dbt.adapters.databricks_envs.local.engine.storage.names import ident
from dbt.adapters.databricks_envs.local.engine.translate import (
    checks,
    definitions,
    time_travel,
    versions,
)
from dbt.adapters.databricks_envs.local.engine.translate.commands import CloneTable
from dbt.adapters.databricks_envs.local.engine.translate.context import Context
from dbt.adapters.databricks_envs.local.engine.translate.create import record, set_comments
from dbt.adapters.databricks_envs.local.engine.translate.names import parts_of
from dbt.adapters.databricks_envs.local.engine.translate.relation_change import relation_name
from dbt.adapters.databricks_envs.local.engine.translate.tokens import TokenStream

SHALLOW = "SHALLOW"
DEEP = "DEEP"


def parse_clone(s: TokenStream) -> CloneTable | None:
    """A CREATE TABLE ... CLONE statement read on its tokens (sqlglot reads only the bare
    form), or None if the statement is no clone (nothing read)."""
    start = s.pos
    if not s.accept("CREATE"):
        return None
    replace = s.accept("OR", "REPLACE")
    if not s.accept("TABLE"):
        s.pos = start
        return None
    if_not_exists = s.accept("IF", "NOT", "EXISTS")
    target = s.name()
    kind = s.accept_any(SHALLOW, DEEP) or DEEP
    if not s.accept("CLONE"):
        s.pos = start
        return None
    source = s.name()
    properties: dict[str, str] = {}
    version: tuple[str, str] | None = None
    while not s.done:
        travel = s.accept_any("VERSION", "TIMESTAMP")
        if travel is not None:
            s.expect("AS", "OF")
            version = (travel, _as_of_value(s))
        elif s.accept("TBLPROPERTIES"):
            properties.update(s.paren_pairs())
        elif s.accept("LOCATION"):
            raise errors.not_supported("CLONE ... LOCATION (external clones)")
        else:
            raise s.syntax_error()
    return CloneTable(
        target, source, kind, replace, if_not_exists, tuple(properties.items()), version
    )


def _as_of_value(s: TokenStream) -> str:
    """The version number or timestamp literal after AS OF, as DuckDB SQL."""
    text = s.maybe_string()
    if text is not None:
        return exp.Literal.string(text).sql(dialect="duckdb")
    token = s.peek()
    if token is None:
        raise s.syntax_error()
    if not token.text.isdigit():
        raise errors.not_supported("CLONE ... AS OF an expression (a number or a literal is)")
    s.pos += 1
    return token.text


def from_tree(node: exp.Create) -> CloneTable | None:
    """A clone as sqlglot parses the bare form."""
    clone = node.args.get("clone")
    if clone is None or not isinstance(node.this, exp.Table):
        return None
    if not isinstance(clone.this, exp.Table):
        raise errors.parse_error("CLONE")
    travel = clone.this.args.get("version")
    version = None
    if isinstance(travel, exp.Version):
        version = (str(travel.this).upper(), travel.expression.sql(dialect="duckdb"))
    kind = SHALLOW if clone.args.get("shallow") else DEEP
    properties = definitions.clauses(node.args.get("properties")).properties
    return CloneTable(
        parts_of(node.this),
        parts_of(clone.this),
        kind,
        bool(node.args.get("replace")),
        bool(node.args.get("exists")),
        tuple(properties.items()),
        version,
    )


def plan_clone(command: CloneTable, ctx: Context) -> Plan:
    name = relation_name(command.target, ctx)
    source_name = relation_name(command.source, ctx)

    def run(rt: Runtime) -> Result:
        def work() -> Result:
            source = checks.relation(rt, source_name)
            if source.kind != TABLE:
                raise errors.wrong_object_type(source_name.parts, TABLE, source.kind)
            if source.protected:
                raise errors.not_supported("cloning a table with a row filter or column masks")
            checks.schema(rt, name.catalog, name.schema)
            existing = rt.mirror.relation(name)
            if existing is not None:
                if existing.kind != TABLE:
                    raise errors.wrong_object_type(name.parts, TABLE, existing.kind)
                if not command.replace:
                    if command.if_not_exists:
                        return empty()
                    raise errors.table_already_exists(*name.parts)
            key = versions.key_of(existing) if existing else ""
            before = versions.known(rt, name, key) if existing else history.TableVersions(None)
            built = history.staging_name(name, key) if existing else name
            rt.cursor.execute(f"CREATE OR REPLACE TABLE {built.duck} ({_columns_sql(source)})")
            rows_of, source_version = source_name, None
            if command.version is not None:
                travel, value_sql = command.version
                chosen = time_travel.pick(rt, source, travel, value_sql, restore=False)
                rows_of, source_version = time_travel.data_of(source, chosen), chosen.version
            rt.cursor.execute(f"INSERT INTO {built.duck} SELECT * FROM {rows_of.duck}")
            kept = history.swap(rt.cursor, name, key, built, before) if existing else None
            clauses = definitions.TableClauses(
                comment=source.comment,
                properties={**source.properties, **dict(command.properties)},
            )
            columns = definitions.Columns(
                columns=[
                    definitions.ColumnDefinition(c.name, "", c.comment) for c in source.columns
                ]
            )
            set_comments(rt, name, TABLE, clauses.comment, columns)
            operation = Operation(
                "CLONE",
                {
                    "source": source.name.dotted,
                    "sourceVersion": str(
                        source_version
                        if source_version is not None
                        else versions.known(rt, source_name, versions.key_of(source)).latest or 0
                    ),
                    "isShallow": str(command.kind == SHALLOW).lower(),
                },
            )
            details = _details(source, command)
            if existing is None:
                details.update(history.created_as(operation))
            table_id = record(rt, name, objects.KIND_TABLE, existing, clauses, columns, details)
            versions.commit(rt, name, table_id, operation, before, kept)
            return empty()

        return rt.write(work)

    return Plan(run=run, relations=(name, source_name))


def _columns_sql(source: RelationInfo) -> str:
    return ", ".join(
        f"{ident(c.name)} {c.duck_type}" + ("" if c.nullable else " NOT NULL")
        for c in source.columns
    )


def _details(source: RelationInfo, command: CloneTable) -> dict[str, object]:
    declared = {
        c.name: c.type_name for c in source.columns if c.type_name.startswith(("varchar(", "char("))
    }
    return {
        "provider": source.provider or "delta",
        "partition_by": list(source.partition_by),
        "cluster_by": list(source.cluster_by),
        "cluster_auto": source.cluster_auto,
        "constraints": [list(c) for c in source.constraints],
        "declared_types": declared,
        "clone": {"kind": command.kind, "source": source.name.dotted},
    }
