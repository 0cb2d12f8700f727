"""Row filters and column masks: ``ALTER TABLE t SET ROW FILTER f ON (c, ...)`` / ``DROP ROW
FILTER``, ``ALTER TABLE t ALTER COLUMN c SET MASK f [USING COLUMNS (...)]`` / ``DROP MASK``, and
``CREATE TABLE ... (c INT MASK f, ...) WITH ROW FILTER f ON (...)``, which dbt-databricks
sends (its ``row_filter`` and ``column_mask`` configs).

They are kept in the table's metadata row; reading the table applies them (protection.py).
The function must exist and take as many arguments as it is given; a row filter's must
return a boolean.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlglot import exp
from sqlglot.tokens import TokenType

from dbt.adapters.databricks_envs.local.engine import errors
from dbt.adapters.databricks_envs.local.engine.plan import Plan, Runtime
from dbt.adapters.databricks_envs.local.engine.storage import objects, policies
from dbt.adapters.databricks_envs.local.engine.storage.model import (
    TABLE,
    ColumnMask,
    PolicyArgument,
    RelationInfo,
    RowFilter,
)
from dbt.adapters.databricks_envs.local.engine.storage.names import RelName, literal
from dbt.adapters.databricks_envs.local.engine.translate.commands import (
    ColumnMaskChange,
    Name,
    RowFilterChange,
)
from dbt.adapters.databricks_envs.local.engine.translate.context import Context
from dbt.adapters.databricks_envs.local.engine.translate.relation_change import (
    relation_name,
    runner,
)
from dbt.adapters.databricks_envs.local.engine.translate.routines import function_name
from dbt.adapters.databricks_envs.local.engine.translate.tokens import TokenStream

_LITERALS = (TokenType.NUMBER, TokenType.TRUE, TokenType.FALSE, TokenType.NULL)

# Parsing.


def alter_policy(s: TokenStream, table: Name) -> RowFilterChange | ColumnMaskChange | None:
    """The rest of ``ALTER TABLE <table> ...`` if it sets or drops a row filter or a column
    mask, else None (nothing read)."""
    if s.accept("SET", "ROW", "FILTER"):
        function = s.name()
        s.expect("ON")
        arguments = arguments_of(s)
        s.ensure_done()
        return RowFilterChange(table, function, arguments)
    if s.accept("DROP", "ROW", "FILTER"):
        s.ensure_done()
        return RowFilterChange(table, None)
    start = s.pos
    if s.accept_any("ALTER", "CHANGE"):
        s.accept("COLUMN")
        column = s.name()[-1]
        if s.accept("SET", "MASK"):
            return mask_of(s, table, column)
        if s.accept("DROP", "MASK"):
            s.ensure_done()
            return ColumnMaskChange(table, column, None)
    s.pos = start
    return None


def mask_of(s: TokenStream, table: Name, column: str) -> ColumnMaskChange:
    """``f [USING COLUMNS (...)]`` after MASK."""
    function = s.name()
    using: tuple[PolicyArgument, ...] = ()
    if s.accept("USING", "COLUMNS"):
        using = arguments_of(s)
    s.ensure_done()
    return ColumnMaskChange(table, column, function, using)


def arguments_of(s: TokenStream) -> tuple[PolicyArgument, ...]:
    """``(column_or_literal, ...)``: column names, or constant literals."""
    s.expect("(")
    found: list[PolicyArgument] = []
    while not s.accept(")"):
        if found:
            s.expect(",")
        token = s.peek()
        if token is None:
            raise s.syntax_error()
        if token.token_type == TokenType.STRING:
            found.append((literal(s.string()), False))
        elif token.token_type in _LITERALS:
            s.pos += 1
            found.append((token.text, False))
        else:
            found.append((s.name()[-1], True))
    return tuple(found)


def from_tree(node: exp.Alter) -> RowFilterChange | None:
    """``ALTER TABLE t DROP ROW FILTER`` as sqlglot parses it."""
    actions = node.args.get("actions") or []
    if len(actions) != 1 or not isinstance(actions[0], exp.Command):
        return None
    words = f"{actions[0].this} {actions[0].expression}".upper().split()
    if words != ["DROP", "ROW", "FILTER"] or not isinstance(node.this, exp.Table):
        return None
    return RowFilterChange(tuple(p.name.lower() for p in node.this.parts), None)


# Planning.


def plan_row_filter(change: RowFilterChange, ctx: Context) -> Plan:
    name = relation_name(change.table, ctx)
    function = function_name(change.function, ctx.ns) if change.function else None

    def step(rt: Runtime, info: RelationInfo, row: objects.ObjectRow) -> None:
        if function is None:
            row.details.pop(policies.ROW_FILTER, None)
            return
        found = RowFilter(function, change.arguments)
        row.details[policies.ROW_FILTER] = filter_detail(rt, found, _columns(info))

    return Plan(run=runner(name, TABLE, [step]), relations=(name,))


def plan_column_mask(change: ColumnMaskChange, ctx: Context) -> Plan:
    name = relation_name(change.table, ctx)
    function = function_name(change.function, ctx.ns) if change.function else None

    def step(rt: Runtime, info: RelationInfo, row: objects.ObjectRow) -> None:
        column = info.column(change.column)
        if column is None:
            raise errors.unresolved_column(change.column, [c.name for c in info.columns])
        lowered = column.name.lower()
        masks = {
            k: v
            for k, v in row.details.get(policies.COLUMN_MASKS, {}).items()
            if k.lower() != lowered
        }
        if function is not None:
            mask = ColumnMask(function, change.using)
            masks[column.name] = mask_detail(rt, mask, _columns(info))
        row.details[policies.COLUMN_MASKS] = masks

    return Plan(run=runner(name, TABLE, [step]), relations=(name,))


def create_details(
    row_filter: RowFilterChange | None, masks: tuple[ColumnMaskChange, ...], ctx: Context
) -> Callable[[Runtime, set[str]], dict[str, object]]:
    """What CREATE TABLE ... WITH ROW FILTER / MASK records, checked once the table's columns
    (lower-case names) are known."""

    def details(rt: Runtime, columns: set[str]) -> dict[str, object]:
        found: dict[str, object] = {}
        if row_filter is not None and row_filter.function is not None:
            function = function_name(row_filter.function, ctx.ns)
            rule = RowFilter(function, row_filter.arguments)
            found[policies.ROW_FILTER] = filter_detail(rt, rule, columns)
        by_column: dict[str, Any] = {}
        for change in masks:
            assert change.function is not None
            if change.column.lower() not in columns:
                raise errors.unresolved_column(change.column, sorted(columns))
            mask = ColumnMask(function_name(change.function, ctx.ns), change.using)
            by_column[change.column] = mask_detail(rt, mask, columns)
        if by_column:
            found[policies.COLUMN_MASKS] = by_column
        return found

    return details


def filter_detail(rt: Runtime, rule: RowFilter, columns: set[str]) -> dict[str, Any]:
    returns = _check(rt, rule.function, rule.arguments, columns)
    if returns != "boolean":
        raise errors.invalid(
            "DATATYPE_MISMATCH.FILTER_NOT_BOOLEAN",
            f"Cannot resolve the row filter {rule.function.dotted} due to data type mismatch: "
            f'filter expression requires a "BOOLEAN" type, but it returns "{returns.upper()}".',
            "42K09",
        )
    return policies.row_filter_detail(rule)


def mask_detail(rt: Runtime, mask: ColumnMask, columns: set[str]) -> dict[str, Any]:
    _check(rt, mask.function, (("", True), *mask.using), columns)
    return policies.mask_detail(mask)


def _columns(info: RelationInfo) -> set[str]:
    return {c.name.lower() for c in info.columns}


def _check(
    rt: Runtime, name: RelName, arguments: tuple[PolicyArgument, ...], columns: set[str]
) -> str:
    """The function's return type, once it is known to exist and to take ``arguments``,
    whose columns (but an empty name, the masked column) must be among ``columns``."""
    function = rt.mirror.function(name)
    if function is None:
        raise errors.routine_not_found(*name.parts)
    if len(function.parameters) != len(arguments):
        raise errors.invalid(
            "WRONG_NUM_ARGS.WITHOUT_SUGGESTION",
            f"The {errors.quote_parts(*name.parts)} requires {len(function.parameters)} "
            f"parameters but the actual number is {len(arguments)}.",
            "42605",
        )
    for text, is_column in arguments:
        if is_column and text and text.lower() not in columns:
            raise errors.unresolved_column(text, sorted(columns))
    return function.returns
