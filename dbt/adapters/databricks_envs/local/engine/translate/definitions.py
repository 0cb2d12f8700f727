"""Reading table definitions off the parsed tree: column definitions, constraints and the
clauses DuckDB has no equivalent for (USING, PARTITIONED BY, CLUSTER BY, COMMENT,
TBLPROPERTIES)."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlglot import exp

from dbt.adapters.databricks_envs.local.engine import errors
from dbt.adapters.databricks_envs.local.engine.translate import expressions
from dbt.adapters.databricks_envs.local.engine.translate.context import Context
from dbt.adapters.databricks_envs.local.engine.translate.names import relation_parts


@dataclass
class TableClauses:
    provider: str | None = None
    partition_by: list[str] = field(default_factory=list)
    cluster_by: list[str] = field(default_factory=list)
    cluster_auto: bool = False
    comment: str | None = None
    properties: dict[str, str] = field(default_factory=dict)
    temporary: bool = False
    # LOCATION and OPTIONS, which make an external table (see external.py).
    location: str | None = None
    options: dict[str, str] = field(default_factory=dict)


@dataclass
class ColumnDefinition:
    name: str
    # The DuckDB column definition, without comment and informational constraints.
    duck_sql: str
    comment: str | None


@dataclass
class Columns:
    columns: list[ColumnDefinition] = field(default_factory=list)
    # DuckDB table constraints (CHECK), as SQL.
    duck_constraints: list[str] = field(default_factory=list)
    # Informational constraints (PRIMARY KEY, FOREIGN KEY): (name, Databricks rendering).
    informational: list[tuple[str, str]] = field(default_factory=list)
    # Types DuckDB cannot tell apart from others, as declared: varchar(50), char(3).
    declared_types: dict[str, str] = field(default_factory=dict)

    @property
    def duck_sql(self) -> str:
        return ", ".join([c.duck_sql for c in self.columns] + self.duck_constraints)


def literal_text(node: exp.Expr) -> str:
    if isinstance(node, exp.Literal):
        return node.name
    if isinstance(node, exp.Boolean):
        return "true" if node.this else "false"
    if isinstance(node, (exp.Column, exp.Identifier, exp.Var)):
        return node.sql(dialect="databricks").replace("`", "")
    return node.sql(dialect="databricks")


def property_pairs(properties: list[exp.Expr]) -> dict[str, str]:
    pairs = {}
    for prop in properties:
        # Every clause is a subclass of Property; a TBLPROPERTIES pair is exactly one.
        if type(prop) is exp.Property:
            pairs[literal_text(prop.this)] = literal_text(prop.args["value"])
    return pairs


def clauses(properties: exp.Properties | None, external: bool = False) -> TableClauses:
    """The clauses of a CREATE; LOCATION (and OPTIONS) only where ``external`` tables can be
    made (CREATE TABLE), refused elsewhere."""
    result = TableClauses()
    for prop in properties.expressions if properties else []:
        if isinstance(prop, exp.FileFormatProperty):
            result.provider = literal_text(prop.this).lower()
        elif isinstance(prop, exp.PartitionedByProperty):
            result.partition_by = _names(prop.this)
        elif isinstance(prop, exp.ClusterProperty):
            if str(prop.this).upper() == "AUTO":
                result.cluster_auto = True
            elif prop.this is None:
                result.cluster_by = [c.name for c in prop.expressions]
        elif isinstance(prop, exp.SchemaCommentProperty):
            result.comment = literal_text(prop.this)
        elif isinstance(prop, exp.TemporaryProperty):
            result.temporary = True
        elif isinstance(prop, exp.LocationProperty) and external:
            result.location = literal_text(prop.this)
        elif isinstance(prop, exp.OptionsProperty) and external:
            result.options.update(property_pairs(prop.expressions))
        elif isinstance(prop, exp.LocationProperty):
            raise errors.not_supported("LOCATION outside CREATE TABLE")
        elif isinstance(prop, exp.StreamingTableProperty):
            raise errors.not_supported("streaming tables")
        elif isinstance(prop, exp.MaterializedProperty):
            # mv_statements.py reads CREATE [OR REPLACE] MATERIALIZED VIEW; not this form.
            raise errors.not_supported("this form of CREATE MATERIALIZED VIEW")
        elif type(prop) is exp.Property:
            result.properties[literal_text(prop.this)] = literal_text(prop.args["value"])
    return result


def _names(node: exp.Expr) -> list[str]:
    items = node.expressions if isinstance(node, (exp.Schema, exp.Tuple)) else [node]
    return [item.name for item in items]


def column_definitions(schema: exp.Schema, ctx: Context) -> Columns:
    result = Columns()
    for item in schema.expressions:
        if isinstance(item, exp.ColumnDef):
            result.columns.append(_column(item, ctx, result))
            declared = _declared_type(item.args.get("kind"))
            if declared:
                result.declared_types[item.name] = declared
        elif isinstance(item, exp.Constraint):
            table_constraint(item.name, item.expressions, ctx, result)
        elif isinstance(item, (exp.PrimaryKey, exp.ForeignKey)):
            table_constraint("", [item], ctx, result)
        else:
            raise errors.parse_error(item.sql(dialect="databricks")[:40])
    return result


def _declared_type(kind: exp.Expr | None) -> str | None:
    """varchar(n) and char(n), which DuckDB stores as plain text."""
    if not isinstance(kind, exp.DataType) or kind.this not in (exp.DType.VARCHAR, exp.DType.CHAR):
        return None
    if not kind.expressions:
        return None
    return f"{kind.this.value.lower()}({kind.expressions[0].name})"


def _column(item: exp.ColumnDef, ctx: Context, result: Columns) -> ColumnDefinition:
    comment = None
    kept = []
    for constraint in item.args.get("constraints") or []:
        kind = constraint.args.get("kind")
        if isinstance(kind, exp.CommentColumnConstraint):
            comment = literal_text(kind.this)
        elif isinstance(kind, exp.PrimaryKeyColumnConstraint):
            result.informational.append(
                (f"{item.name}_pk", f"PRIMARY KEY ({_backticked([item.name])})")
            )
        elif isinstance(kind, exp.GeneratedAsIdentityColumnConstraint):
            raise errors.not_supported(
                "generated columns" if kind.args.get("expression") else "identity columns"
            )
        elif isinstance(kind, exp.ComputedColumnConstraint):
            raise errors.not_supported("generated columns")
        elif isinstance(kind, exp.MaskingPolicyColumnConstraint):
            raise errors.not_supported("column masks")
        else:
            kept.append(constraint)
    duck = item.copy()
    duck.set("constraints", kept)
    expressions.rewrite(duck, ctx.values)
    return ColumnDefinition(item.name, duck.sql(dialect="duckdb"), comment)


def table_constraint(name: str, parts: list[exp.Expr], ctx: Context, result: Columns) -> None:
    for part in parts:
        if isinstance(part, exp.PrimaryKey):
            columns = [c.name for c in part.expressions]
            result.informational.append((name or "pk", f"PRIMARY KEY ({_backticked(columns)})"))
        elif isinstance(part, exp.ForeignKey):
            result.informational.append((name or "fk", _foreign_key(part, ctx)))
        elif isinstance(part, exp.CheckColumnConstraint):
            check = part.copy()
            expressions.rewrite(check, ctx.values)
            prefix = f'CONSTRAINT "{name}" ' if name else ""
            result.duck_constraints.append(prefix + check.sql(dialect="duckdb"))
        else:
            raise errors.not_supported(f"constraint {part.sql(dialect='databricks')[:40]}")


def _foreign_key(key: exp.ForeignKey, ctx: Context) -> str:
    reference = key.args.get("reference")
    target = reference.this if reference else None
    table = target.this if isinstance(target, exp.Schema) else target
    if not isinstance(table, exp.Table):
        raise errors.parse_error("REFERENCES")
    ref = relation_parts(table, ctx.ns)
    ref_columns = [c.name for c in target.expressions] if isinstance(target, exp.Schema) else []
    columns = [c.name for c in key.expressions]
    quoted = ".".join(f"`{p}`" for p in ref.parts)
    return f"FOREIGN KEY ({_backticked(columns)}) REFERENCES {quoted} ({_backticked(ref_columns)})"


def _backticked(names: list[str]) -> str:
    return ", ".join("`" + n.replace("`", "``") + "`" for n in names)
