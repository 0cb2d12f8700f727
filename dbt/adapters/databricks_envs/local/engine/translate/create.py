"""CREATE TABLE, CREATE VIEW and CREATE SCHEMA."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from sqlglot import exp

from dbt.adapters.databricks_envs.local.api import Column, Result
from dbt.adapters.databricks_envs.local.engine import errors, results
from dbt.adapters.databricks_envs.local.engine.plan import Plan, Runtime, empty
from dbt.adapters.databricks_envs.local.engine.storage import history, loader, objects, policies
from dbt.adapters.databricks_envs.local.engine.storage.model import (
    MATERIALIZED_VIEW,
    TABLE,
    RelationInfo,
    SchemaInfo,
)
from dbt.adapters.databricks_envs.local.engine.storage.names import (
    RelName,
    duck_schema,
    ident,
    literal,
)
from dbt.adapters.databricks_envs.local.engine.translate import (
    checks,
    definitions,
    external,
    query,
    versions,
)
from dbt.adapters.databricks_envs.local.engine.translate.context import Context
from dbt.adapters.databricks_envs.local.engine.translate.names import (
    parts_of,
    relation_parts,
)

# What a CREATE TABLE records besides its own clauses (row filter, masks), computed once the
# table's columns (lower-case names) are known; it may refuse the statement.
ExtraDetails = Callable[[Runtime, set[str]], dict[str, object]]


def plan_create(node: exp.Create, ctx: Context, extra: ExtraDetails | None = None) -> Plan:
    kind = str(node.args.get("kind") or "").upper()
    if node.args.get("clone") is not None:
        raise errors.not_supported("CLONE")
    if kind == "TABLE":
        return _plan_table(node, ctx, extra)
    if kind in ("SCHEMA", "DATABASE"):
        return _plan_schema(node, ctx)
    raise errors.not_supported(f"CREATE {kind}")


def plan_materialized(node: exp.Create, ctx: Context, extra: ExtraDetails) -> Plan:
    """The table of a materialized view, made as CREATE TABLE [AS] makes one."""
    return _plan_table(node, ctx, extra, MATERIALIZED_VIEW)


def target(node: exp.Create) -> tuple[exp.Table, exp.Schema | None]:
    this = node.this
    if isinstance(this, exp.Schema):
        table = this.this
        assert isinstance(table, exp.Table)
        return table, this
    assert isinstance(this, exp.Table)
    return this, None


def _plan_table(
    node: exp.Create, ctx: Context, extra: ExtraDetails | None, kind: str = TABLE
) -> Plan:
    """CREATE TABLE, or with ``kind`` MATERIALIZED_VIEW the table that keeps a materialized
    view's rows (translate/materialized_views.py)."""
    table, schema = target(node)
    name = relation_parts(table, ctx.ns)
    clauses = definitions.clauses(node.args.get("properties"), external=kind == TABLE)
    if clauses.temporary:
        raise errors.not_supported("temporary tables")
    outside = external.spec(clauses)
    columns = definitions.column_definitions(schema, ctx) if schema else None
    select_sql = None
    refs_relations: tuple[RelName, ...] = ()
    one_part: tuple[tuple[str, bool], ...] = ()
    info_tables: tuple[str, ...] = ()
    if node.expression is not None:
        select_sql, refs = query.translate_query(node.expression, ctx)
        refs_relations, one_part = tuple(refs.relations), tuple(refs.one_part.items())
        info_tables = refs.info_tables()
    replace = bool(node.args.get("replace"))
    if_not_exists = bool(node.args.get("exists"))
    details = {
        "provider": clauses.provider or "delta",
        "partition_by": clauses.partition_by,
        "cluster_by": clauses.cluster_by,
        "cluster_auto": clauses.cluster_auto,
        "constraints": columns.informational if columns else [],
        "declared_types": columns.declared_types if columns else {},
        **(outside.details() if outside else {}),
    }

    def run(rt: Runtime) -> Result:
        def work() -> Result:
            checks.schema(rt, name.catalog, name.schema)
            existing = rt.mirror.relation(name)
            if existing is not None:
                if existing.kind != kind:
                    raise errors.wrong_object_type(name.parts, kind, existing.kind)
                if not replace:
                    if if_not_exists:
                        return empty()
                    raise errors.table_already_exists(*name.parts)
            location = None
            source_sql = select_sql
            if outside is not None:
                has_query = select_sql is not None
                location = external.prepare(rt, name, outside, existing, has_query, replace)
                if source_sql is None and columns is None:
                    source_sql = external.inferred_query(rt, outside, location)
            # A replaced table is built aside, then takes the old one's place, which its
            # history keeps (see storage/history.py).
            key = versions.key_of(existing) if existing else ""
            before = versions.known(rt, name, key) if existing else history.TableVersions(None)
            built = history.staging_name(name, key) if existing else name
            query_columns = None
            if columns is not None:
                rt.cursor.execute(f"CREATE OR REPLACE TABLE {built.duck} ({columns.duck_sql})")
                if select_sql is not None:
                    rt.cursor.execute(f"INSERT INTO {built.duck} {select_sql}")
            else:
                if source_sql is None:
                    raise errors.not_supported("tables created with neither columns nor a query")
                normalized, shown, duck_types = results.normalized_typed(rt.cursor, source_sql)
                rt.cursor.execute(f"CREATE OR REPLACE TABLE {built.duck} AS {normalized}")
                query_columns = named(shown, [], duck_types)
            kept = history.swap(rt.cursor, name, key, built, before) if existing else None
            set_comments(rt, name, TABLE, clauses.comment, columns)
            found = details
            if extra is not None:
                names = (
                    {c.name.lower() for c in columns.columns}
                    if columns
                    else {n.lower() for n, _ in query_columns or []}
                )
                found = {**details, **extra(rt, names)}
            operation = versions.create(
                replace,
                select_sql is not None,
                clauses.partition_by,
                clauses.cluster_by,
                clauses.comment,
                clauses.properties,
            )
            if existing is None:
                found = {**found, **history.created_as(operation)}
            table_id = record(
                rt, name, objects.kind_of(kind), existing, clauses, columns, found, query_columns
            )
            versions.commit(rt, name, table_id, operation, before, kept)
            if location is not None and outside is not None and source_sql == select_sql:
                # Last, so that a refusal leaves the files as they were; not when the table was
                # just made from the files themselves.
                external.created(rt, name, outside, location, filled=select_sql is not None)
            return empty()

        return rt.write(work)

    return Plan(
        run=run,
        relations=(name, *refs_relations),
        one_part=one_part,
        info_tables=info_tables,
    )


def set_comments(
    rt: Runtime,
    name: RelName,
    kind: str,
    comment: str | None,
    columns: definitions.Columns | None,
) -> None:
    # COMMENT ON takes no parameters.
    if comment is not None:
        rt.cursor.execute(f"COMMENT ON {kind} {name.duck} IS {literal(comment)}")
    for column in columns.columns if columns else []:
        if column.comment is not None:
            rt.cursor.execute(
                f"COMMENT ON COLUMN {name.duck}.{ident(column.name)} IS {literal(column.comment)}"
            )


def record(
    rt: Runtime,
    name: RelName,
    kind: str,
    existing: RelationInfo | None,
    clauses: definitions.TableClauses,
    columns: definitions.Columns | None,
    details: dict[str, object],
    query_columns: list[tuple[str, str]] | None = None,
) -> str:
    """Writes the relation's metadata row (a replaced relation keeps its owner, age and id),
    and, once committed, its description in the mirror: the row and comments just written,
    the columns as DuckDB made them. Returns the relation's id."""
    now = rt.now()
    names = (
        {c.name.lower() for c in columns.columns}
        if columns
        else {n.lower() for n, _ in query_columns or []}
    )
    kept = kept_metadata(existing, names) if existing else {}
    details = {**kept, **details, "id": existing.object_id if existing else str(uuid.uuid4())}
    row = objects.ObjectRow(
        kind=kind,
        schema=name.schema,
        name=name.name,
        owner=existing.owner if existing else rt.principal.name,
        created=existing.created if existing else now,
        last_altered=now,
        last_altered_by=rt.principal.name,
        properties=clauses.properties,
        details=details,
    )
    objects.write(rt.cursor, name.catalog, row, new=existing is None)
    column_comments = {
        c.name.lower(): c.comment
        for c in (columns.columns if columns else [])
        if c.comment is not None
    }
    rt.after_commit(
        lambda: rt.mirror.put_relation(
            loader.described_relation(
                rt.cursor, name, row, clauses.comment, column_comments, query_columns
            )
        )
    )
    return str(details["id"])


def kept_metadata(existing: RelationInfo, columns: set[str]) -> dict[str, object]:
    """What a replaced table keeps, as a replaced Delta table does: how it was created (its
    version 0 in DESCRIBE HISTORY), its tags and row filter,
    and the tags and masks of the columns it still has (by lower-case name). dbt-databricks
    counts on it: it drops a row filter its model no longer has before replacing the table,
    and diffs its tags against those the replaced table kept."""
    kept: dict[str, object] = {}
    if existing.created_as is not None:
        operation, parameters = existing.created_as
        kept[history.CREATED_AS] = {"operation": operation, "parameters": dict(parameters)}
    if existing.tags:
        kept["tags"] = dict(existing.tags)
    column_tags = {k: dict(v) for k, v in existing.column_tags.items() if k.lower() in columns}
    if column_tags:
        kept["column_tags"] = column_tags
    if existing.row_filter is not None:
        kept[policies.ROW_FILTER] = policies.row_filter_detail(existing.row_filter)
    masks = {
        k: policies.mask_detail(v) for k, v in existing.column_masks.items() if k.lower() in columns
    }
    if masks:
        kept[policies.COLUMN_MASKS] = masks
    return kept


def named(
    columns: list[Column], aliases: list[str], duck_types: list[str]
) -> list[tuple[str, str]]:
    """(name, DuckDB type) of a query's columns, the first ones renamed by ``aliases``."""
    names = aliases + [c.name for c in columns[len(aliases) :]]
    return list(zip(names, duck_types, strict=True))


def _plan_schema(node: exp.Create, ctx: Context) -> Plan:
    table, _ = target(node)
    parts = parts_of(table)
    catalog, schema = (ctx.ns.catalog, parts[0]) if len(parts) == 1 else parts[-2:]
    clauses = definitions.clauses(node.args.get("properties"))
    if_not_exists = bool(node.args.get("exists"))

    def run(rt: Runtime) -> Result:
        def work() -> Result:
            state = checks.catalog(rt, catalog)
            if schema in state.schemas or schema == "information_schema":
                if if_not_exists:
                    return empty()
                raise errors.schema_already_exists(catalog, schema)
            rt.cursor.execute(f"CREATE SCHEMA {duck_schema(catalog, schema)}")
            now, owner = rt.now(), rt.principal.name
            objects.write(
                rt.cursor,
                catalog,
                objects.ObjectRow(
                    kind=objects.KIND_SCHEMA,
                    schema=schema,
                    name="",
                    owner=owner,
                    created=now,
                    last_altered=now,
                    last_altered_by=owner,
                    comment=clauses.comment,
                    properties=clauses.properties,
                ),
                new=True,
            )
            info = SchemaInfo(
                catalog=catalog,
                name=schema,
                owner=owner,
                created=now,
                last_altered=now,
                last_altered_by=owner,
                comment=clauses.comment,
                properties=clauses.properties,
            )
            rt.after_commit(lambda: rt.mirror.add_schema(info))
            return empty()

        return rt.write(work)

    return Plan(run=run)
