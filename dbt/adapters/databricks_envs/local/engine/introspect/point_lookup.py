"""Point lookups on information_schema: one relation's rows, read off the catalog mirror.

dbt asks the same question about each model it builds, for instance which of its columns are
NOT NULL::

    SELECT column_name FROM `main`.`information_schema`.`columns`
    WHERE table_catalog = 'main' AND table_schema = 'sales' AND table_name = 'orders'
      AND is_nullable = 'NO'

The answer lies in the rows of one relation. Through DuckDB, the whole table would be rebuilt
and registered again (it changes with every model built) and scanned, which costs more than
everything else the statement does. Here the relation's rows come from the mirror and the
conditions are applied to them.

Only this shape is taken: plain columns (or ``*``) of one information_schema table that has
rows per relation, and a WHERE clause that is a conjunction of string equalities naming the
relation. Anything else (joins, expressions, ORDER BY, LIMIT, other comparisons) goes to DuckDB.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pyarrow as pa
from sqlglot import exp

from dbt.adapters.databricks_envs.local.api import Column, Result, WarehouseError
from dbt.adapters.databricks_envs.local.engine import types
from dbt.adapters.databricks_envs.local.engine.introspect import information_schema, snapshots
from dbt.adapters.databricks_envs.local.engine.plan import Plan, Runtime, arrow_type
from dbt.adapters.databricks_envs.local.engine.results import Parameters
from dbt.adapters.databricks_envs.local.engine.storage.names import RelName
from dbt.adapters.databricks_envs.local.engine.translate.context import Context
from dbt.adapters.databricks_envs.local.engine.translate.names import (
    InfoSchemaTable,
    parts_of,
    resolve_parts,
)

# The columns naming the relation a row describes, first in every table with rows per relation.
_NAME_COLUMNS = ("table_catalog", "table_schema", "table_name")
# As the tag tables name them.
_TAG_NAME_COLUMNS = ("catalog_name", "schema_name", "table_name")

_ALLOWED_CLAUSES = frozenset({"expressions", "from_", "where"})
# A table reference with anything else (an alias, a version, a sample) is not taken.
_TABLE_PARTS = frozenset({"this", "db", "catalog"})


@dataclass(frozen=True)
class _Value:
    """A compared value: a literal, or the name of the template parameter holding it."""

    literal: str | None = None
    parameter: str | None = None

    def of(self, parameters: Parameters) -> str:
        if self.literal is not None:
            return self.literal
        assert parameters is not None and self.parameter is not None
        return parameters[self.parameter]


@dataclass(frozen=True)
class PointLookup:
    table: str
    # The catalog of ``<catalog>.information_schema``; None for ``system.information_schema``.
    scope: str | None
    # Each column of the result, and the index of the table column it shows.
    outputs: tuple[tuple[Column, int], ...]
    # (index of a string column, the value it must equal), all of them.
    conditions: tuple[tuple[int, _Value], ...]

    def bind(self, parameters: Parameters) -> Plan:
        return Plan(run=lambda rt: self.run(rt, parameters), metadata_only=True)

    def run(self, rt: Runtime, parameters: Parameters) -> Result:
        required = [(index, value.of(parameters)) for index, value in self.conditions]
        if self.scope is not None:
            required.append((0, self.scope))
        named = {index: value for index, value in required if index < len(_NAME_COLUMNS)}
        # Names are stored in lower case: a value in any other case matches no row, which the
        # conditions below see for themselves.
        name = RelName(*(named[i].lower() for i in range(len(_NAME_COLUMNS))))
        relation = rt.mirror.relation(name)
        rows = snapshots.relation_rows(self.table, relation) if relation is not None else []
        rows = [row for row in rows if all(row[i] == value for i, value in required)]
        visible = rt.visible(self.table, snapshots.as_arrow(self.table, rows))
        arrays = [visible.column(i).cast(arrow_type(c.type_name)) for c, i in self.outputs]
        columns = [column for column, _ in self.outputs]
        names = [column.name for column in columns]
        return Result(columns=columns, table=pa.Table.from_arrays(arrays, names=names))


def of(tree: exp.Expr, ctx: Context) -> Callable[[Parameters], Plan] | None:
    """The plans of ``tree`` as a point lookup, or None if it is not one."""
    lookup = _lookup(tree, ctx)
    return lookup.bind if lookup is not None else None


def _lookup(tree: exp.Expr, ctx: Context) -> PointLookup | None:
    if not isinstance(tree, exp.Select):
        return None
    if any(value for key, value in tree.args.items() if key not in _ALLOWED_CLAUSES):
        return None
    source = tree.args.get("from_")
    where = tree.args.get("where")
    if source is None or where is None or not isinstance(source.this, exp.Table):
        return None
    table = source.this
    if any(value for key, value in table.args.items() if key not in _TABLE_PARTS):
        return None
    try:
        resolved = resolve_parts(parts_of(table), ctx.ns)
    except WarehouseError:
        return None
    if not isinstance(resolved, InfoSchemaTable) or not snapshots.has_relation_rows(resolved.table):
        return None
    definitions = information_schema.TABLES[resolved.table][0]
    if tuple(name for name, _ in definitions[: len(_NAME_COLUMNS)]) not in (
        _NAME_COLUMNS,
        _TAG_NAME_COLUMNS,
    ):
        return None
    positions = {name: index for index, (name, _) in enumerate(definitions)}
    outputs = _outputs(tree.expressions, positions, definitions)
    conditions = _conditions(where.this, positions, definitions)
    if outputs is None or conditions is None:
        return None
    constrained = {index for index, _ in conditions}
    if resolved.catalog is not None:
        constrained.add(0)
    if not constrained.issuperset(range(len(_NAME_COLUMNS))):
        return None
    return PointLookup(resolved.table, resolved.catalog, outputs, conditions)


def _outputs(
    projections: list[exp.Expr],
    positions: dict[str, int],
    definitions: tuple[tuple[str, str], ...],
) -> tuple[tuple[Column, int], ...] | None:
    """The result's columns (typed as a query through DuckDB types them) and their sources."""
    indexes: list[tuple[str | None, int]] = []
    for projection in projections:
        if isinstance(projection, exp.Star):
            indexes.extend((None, i) for i in range(len(definitions)))
            continue
        alias = None
        if isinstance(projection, exp.Alias):
            alias, projection = projection.alias, projection.this
        index = _column_index(projection, positions)
        if index is None:
            return None
        indexes.append((alias, index))
    # DuckDB names an unaliased column as its table spells it.
    outputs = tuple(
        (Column(alias or definitions[i][0], types.databricks_name_of(definitions[i][1])), i)
        for alias, i in indexes
    )
    if len({column.name.lower() for column, _ in outputs}) != len(outputs):
        return None
    return outputs


def _conditions(
    condition: exp.Expr,
    positions: dict[str, int],
    definitions: tuple[tuple[str, str], ...],
) -> tuple[tuple[int, _Value], ...] | None:
    found: list[tuple[int, _Value]] = []
    pending = [condition]
    while pending:
        node = pending.pop()
        if isinstance(node, exp.Paren):
            pending.append(node.this)
        elif isinstance(node, exp.And):
            pending.extend((node.left, node.right))
        elif isinstance(node, exp.EQ):
            for column, other in ((node.left, node.right), (node.right, node.left)):
                index = _column_index(column, positions)
                value = _value(other)
                if index is not None and value is not None:
                    break
            else:
                return None
            if definitions[index][1] != "VARCHAR":
                return None
            found.append((index, value))
        else:
            return None
    return tuple(found)


def _column_index(node: exp.Expr, positions: dict[str, int]) -> int | None:
    if not isinstance(node, exp.Column) or node.table or not isinstance(node.this, exp.Identifier):
        return None
    return positions.get(node.name.lower())


def _value(node: exp.Expr) -> _Value | None:
    if isinstance(node, exp.Placeholder) and isinstance(node.this, str):
        return _Value(parameter=node.this)
    if isinstance(node, exp.Literal) and node.is_string:
        return _Value(literal=node.this)
    return None
