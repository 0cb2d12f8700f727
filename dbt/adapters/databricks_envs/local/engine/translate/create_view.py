"""CREATE VIEW and CREATE TEMPORARY VIEW."""

from __future__ import annotations

from sqlglot import exp
from sqlglot.tokens import TokenType

from dbt.adapters.databricks_envs.local.api import Result
from dbt.adapters.databricks_envs.local.engine import errors, results
from dbt.adapters.databricks_envs.local.engine.plan import Plan, Runtime, empty
from dbt.adapters.databricks_envs.local.engine.storage import objects
from dbt.adapters.databricks_envs.local.engine.storage.model import TABLE, VIEW, ColumnInfo
from dbt.adapters.databricks_envs.local.engine.storage.names import ident
from dbt.adapters.databricks_envs.local.engine.translate import checks, definitions, query
from dbt.adapters.databricks_envs.local.engine.translate.context import Context
from dbt.adapters.databricks_envs.local.engine.translate.create import (
    named,
    record,
    set_comments,
    target,
)
from dbt.adapters.databricks_envs.local.engine.translate.names import parts_of, relation_parts
from dbt.adapters.databricks_envs.local.engine.translate.tokens import tokenize


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


def plan_view(node: exp.Create, ctx: Context) -> Plan:
    table, schema = target(node)
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
    # A persistent view reads tables as they are; who reads it decides (protection.py).
    select_sql, refs = query.translate_query(
        node.expression, ctx if clauses.temporary else ctx.raw()
    )
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
                    named(shown, column_names, duck_types), shown, strict=True
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
    reads = sorted({r.dotted for r in refs.relations})

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
            query_columns = named(shown, column_names, duck_types)
            details: dict[str, object] = {"view_text": text, "reads": reads}
            record(rt, name, objects.KIND_VIEW, existing, clauses, columns, details, query_columns)
            return empty()

        return rt.write(work)

    return Plan(
        run=run,
        relations=(name, *refs.relations),
        one_part=one_part,
        info_tables=refs.info_tables(),
    )
