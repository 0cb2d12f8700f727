"""CREATE TABLE, CREATE VIEW and CREATE SCHEMA."""

from __future__ import annotations

import uuid

from sqlglot import exp
from sqlglot.tokens import TokenType

from dbt.adapters.databricks_envs.local.api import Column, Result
from dbt.adapters.databricks_envs.local.engine import errors, results
from dbt.adapters.databricks_envs.local.engine.plan import Plan, Runtime, empty
from dbt.adapters.databricks_envs.local.engine.storage import loader, objects
from dbt.adapters.databricks_envs.local.engine.storage.model import (
    TABLE,
    VIEW,
    ColumnInfo,
    RelationInfo,
    SchemaInfo,
)
from dbt.adapters.databricks_envs.local.engine.storage.names import (
    RelName,
    duck_schema,
    ident,
    literal,
)
from dbt.adapters.databricks_envs.local.engine.translate import checks, definitions, query
from dbt.adapters.databricks_envs.local.engine.translate.context import Context
from dbt.adapters.databricks_envs.local.engine.translate.names import (
    parts_of,
    relation_parts,
)
from dbt.adapters.databricks_envs.local.engine.translate.tokens import tokenize


def plan_create(node: exp.Create, ctx: Context) -> Plan:
    kind = str(node.args.get("kind") or "").upper()
    if node.args.get("clone") is not None:
        raise errors.not_supported("CLONE")
    if kind == "TABLE":
        return _plan_table(node, ctx)
    if kind == "VIEW":
        return _plan_view(node, ctx)
    if kind in ("SCHEMA", "DATABASE"):
        return _plan_schema(node, ctx)
    if kind == "FUNCTION":
        raise errors.not_supported("CREATE FUNCTION (user-defined functions)")
    raise errors.not_supported(f"CREATE {kind}")


def _target(node: exp.Create) -> tuple[exp.Table, exp.Schema | None]:
    this = node.this
    if isinstance(this, exp.Schema):
        table = this.this
        assert isinstance(table, exp.Table)
        return table, this
    assert isinstance(this, exp.Table)
    return this, None


def _plan_table(node: exp.Create, ctx: Context) -> Plan:
    table, schema = _target(node)
    name = relation_parts(table, ctx.ns)
    clauses = definitions.clauses(node.args.get("properties"))
    if clauses.temporary:
        raise errors.not_supported("temporary tables")
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
    }

    def run(rt: Runtime) -> Result:
        def work() -> Result:
            checks.schema(rt, name.catalog, name.schema)
            existing = rt.mirror.relation(name)
            if existing is not None:
                if existing.is_view:
                    raise errors.wrong_object_type(name.parts, TABLE, VIEW)
                if not replace:
                    if if_not_exists:
                        return empty()
                    raise errors.table_already_exists(*name.parts)
            verb = "CREATE OR REPLACE TABLE" if existing else "CREATE TABLE"
            query_columns = None
            if columns is not None:
                rt.cursor.execute(f"{verb} {name.duck} ({columns.duck_sql})")
                if select_sql is not None:
                    rt.cursor.execute(f"INSERT INTO {name.duck} {select_sql}")
            else:
                assert select_sql is not None
                normalized, shown, duck_types = results.normalized_typed(rt.cursor, select_sql)
                rt.cursor.execute(f"{verb} {name.duck} AS {normalized}")
                query_columns = _named(shown, [], duck_types)
            set_comments(rt, name, TABLE, clauses.comment, columns)
            record(rt, name, objects.KIND_TABLE, existing, clauses, columns, details, query_columns)
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
) -> None:
    """Writes the relation's metadata row (a replaced relation keeps its owner, age and id),
    and, once committed, its description in the mirror: the row and comments just written,
    the columns as DuckDB made them."""
    now = rt.now()
    details = {**details, "id": existing.object_id if existing else str(uuid.uuid4())}
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


def _named(
    columns: list[Column], aliases: list[str], duck_types: list[str]
) -> list[tuple[str, str]]:
    """(name, DuckDB type) of a query's columns, the first ones renamed by ``aliases``."""
    names = aliases + [c.name for c in columns[len(aliases) :]]
    return list(zip(names, duck_types, strict=True))


def view_text(sql: str) -> str:
    """The query of a CREATE VIEW statement exactly as written: after the first AS that is not
    inside parentheses."""
    tokens = tokenize(sql)
    depth = 0
    for i, token in enumerate(tokens):
        if token.token_type == TokenType.L_PAREN:
            depth += 1
        elif token.token_type == TokenType.R_PAREN:
            depth -= 1
        elif token.token_type == TokenType.ALIAS and depth == 0 and i + 1 < len(tokens):
            end = len(tokens)
            while end > i + 1 and tokens[end - 1].token_type == TokenType.SEMICOLON:
                end -= 1
            return sql[tokens[i + 1].start : tokens[end - 1].end + 1].strip()
    return ""


def _plan_view(node: exp.Create, ctx: Context) -> Plan:
    table, schema = _target(node)
    clauses = definitions.clauses(node.args.get("properties"))
    column_names = [c.name for c in schema.expressions] if schema else []
    columns = definitions.Columns(
        columns=[
            definitions.ColumnDefinition(
                c.name,
                "",
                next(
                    (
                        definitions.literal_text(k.args["kind"].this)
                        for k in c.args.get("constraints") or []
                        if isinstance(k.args.get("kind"), exp.CommentColumnConstraint)
                    ),
                    None,
                ),
            )
            for c in (schema.expressions if schema else [])
        ]
    )
    select_sql, refs = query.translate_query(node.expression, ctx)
    replace = bool(node.args.get("replace"))
    if_not_exists = bool(node.args.get("exists"))
    aliases = f" ({', '.join(ident(c) for c in column_names)})" if column_names else ""
    one_part = tuple(refs.one_part.items())

    if clauses.temporary:
        parts = parts_of(table)
        if len(parts) != 1:
            raise errors.invalid(
                "TEMP_VIEW_NAME_TOO_MANY_NAME_PARTS",
                f"CREATE TEMPORARY VIEW expects a single-part view name, got {'.'.join(parts)}.",
                "428EK",
            )
        temp_name = parts[0]

        def run_temp(rt: Runtime) -> Result:
            if temp_name in rt.state.temp_views and not replace:
                if if_not_exists:
                    return empty()
                raise errors.table_already_exists(temp_name)
            normalized, shown, duck_types = results.normalized_typed(rt.cursor, select_sql)
            rt.cursor.execute(
                f"CREATE OR REPLACE TEMP VIEW {ident(temp_name)}{aliases} AS {normalized}"
            )
            rt.state.temp_views.add(temp_name)
            # What DESCRIBE shows, without binding the view again.
            rt.state.temp_view_columns[temp_name] = tuple(
                ColumnInfo(
                    name=name,
                    type_name=column.type_name,
                    duck_type=duck_type,
                    nullable=True,
                    comment=None,
                )
                for (name, duck_type), column in zip(
                    _named(shown, column_names, duck_types), shown, strict=True
                )
            )
            return empty()

        return Plan(
            run=run_temp,
            relations=tuple(refs.relations),
            one_part=one_part,
            info_tables=refs.info_tables(),
        )

    name = relation_parts(table, ctx.ns)
    if any(is_temp for _, is_temp in refs.one_part.items()):
        raise errors.invalid(
            "INVALID_TEMP_OBJ_REFERENCE",
            f"Cannot create the persistent object {name.dotted} of the type VIEW because it "
            "references to the temporary object of the type VIEW.",
            "42K0F",
        )
    text = view_text(ctx.text)

    def run(rt: Runtime) -> Result:
        def work() -> Result:
            checks.schema(rt, name.catalog, name.schema)
            existing = rt.mirror.relation(name)
            if existing is not None:
                if not existing.is_view:
                    raise errors.wrong_object_type(name.parts, VIEW, TABLE)
                if not replace:
                    if if_not_exists:
                        return empty()
                    raise errors.table_already_exists(*name.parts)
            normalized, shown, duck_types = results.normalized_typed(rt.cursor, select_sql)
            verb = "CREATE OR REPLACE VIEW" if existing else "CREATE VIEW"
            rt.cursor.execute(f"{verb} {name.duck}{aliases} AS {normalized}")
            set_comments(rt, name, VIEW, clauses.comment, columns)
            query_columns = _named(shown, column_names, duck_types)
            details: dict[str, object] = {"view_text": text}
            record(rt, name, objects.KIND_VIEW, existing, clauses, columns, details, query_columns)
            return empty()

        return rt.write(work)

    return Plan(
        run=run,
        relations=(name, *refs.relations),
        one_part=one_part,
        info_tables=refs.info_tables(),
    )


def _plan_schema(node: exp.Create, ctx: Context) -> Plan:
    table, _ = _target(node)
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
