"""The accesses of the statements parsed on their tokens (see ``accesses.py``)."""

from __future__ import annotations

from collections.abc import Callable

from sqlglot import exp

from dbt.adapters.databricks_envs.local.engine.security import Access, Action
from dbt.adapters.databricks_envs.local.engine.translate import commands, history, routines
from dbt.adapters.databricks_envs.local.engine.translate.access_parts import (
    access,
    namespace,
    reads,
    relation,
)
from dbt.adapters.databricks_envs.local.engine.translate.names import Namespace, parts_of

TreeAccesses = Callable[[exp.Expr, Namespace, list[Access]], None]


def of_command(
    command: commands.Command, ns: Namespace, found: list[Access], of_tree: TreeAccesses
) -> None:
    """The accesses of a statement parsed on its tokens; ``of_tree`` those of a parsed tree."""
    if isinstance(command, commands.MergeWithSchemaEvolution):
        of_tree(command.merge, ns, found)
        target = command.merge.this
        name = relation(parts_of(target), ns) if isinstance(target, exp.Table) else None
        if name:
            found.append(access("amend", "table", name))
    elif isinstance(command, history.COMMANDS):
        history.accesses(command, ns, found)
    elif isinstance(command, commands.ReplaceOn):
        name = relation(command.target, ns)
        if name:
            found.append(access("write", "table", name))
        reads(command.source, ns, found, set())
    elif isinstance(command, commands.CommentOn):
        _comment(command, ns, found)
    elif isinstance(command, commands.TagChange):
        _tags(command, ns, found)
    elif isinstance(command, (commands.RowFilterChange, commands.ColumnMaskChange)):
        name = relation(command.table, ns)
        if name:
            found.append(access("alter", "table", name))
        if command.function:
            called = routines.function_name(command.function, ns).dotted
            found.append(access("execute", "function", called))
    elif isinstance(command, commands.CloneTable):
        target, source = relation(command.target, ns), relation(command.source, ns)
        if target:
            found.append(access("create", "table", target))
            if command.replace:
                found.append(access("replace", "table", target))
        if source:
            found.append(access("read", "relation", source))
    elif isinstance(command, commands.CreateWithPolicies):
        of_tree(command.create, ns, found)
        functions = [m.function for m in command.masks]
        if command.row_filter is not None:
            functions.append(command.row_filter.function)
        for parts in functions:
            if parts:
                dotted = routines.function_name(parts, ns).dotted
                found.append(access("execute", "function", dotted))
    elif isinstance(command, commands.CreateCatalog):
        found.append(access("create", "catalog", command.name))
    elif isinstance(command, commands.DropCatalog):
        found.append(access("drop", "catalog", command.name))
    elif isinstance(command, commands.ShowSchemas) and command.catalog:
        found.append(access("describe", "catalog", command.catalog))
    elif isinstance(command, commands.ShowTables) and command.namespace:
        catalog, schema = namespace(command.namespace, ns)
        found.append(access("describe", "schema", f"{catalog}.{schema}"))
    elif isinstance(command, commands.ShowTables):
        found.append(access("describe", "schema", f"{ns.catalog}.{ns.schema}"))
    elif isinstance(
        command,
        (
            commands.ShowTblProperties,
            commands.ShowColumns,
            commands.ShowCreateTable,
            commands.DescribeDetail,
        ),
    ):
        name = relation(command.table, ns)
        if name:
            found.append(access("describe", "relation", name))
    elif isinstance(command, commands.DescribeCatalog):
        found.append(access("describe", "catalog", command.name))
    elif isinstance(command, commands.DescribeQuery):
        reads(command.query, ns, found, set())
    elif isinstance(command, commands.UnsetTblProperties):
        name = relation(command.table, ns)
        if name:
            found.append(access("amend", "view" if command.view else "table", name))
    elif isinstance(command, commands.AlterViewAs):
        name = relation(command.view, ns)
        if name:
            found.append(access("alter", "view", name))
        reads(command.query, ns, found, set())
    elif isinstance(command, (commands.SetOwner, commands.SetProperties)):
        _owner_or_properties(command, ns, found)
    elif isinstance(command, commands.Maintenance) and command.table:
        name = relation(command.table, ns)
        if name:
            found.append(access("write", "table", name))


def _owner_or_properties(
    command: commands.SetOwner | commands.SetProperties, ns: Namespace, found: list
) -> None:
    kind = command.kind
    action: Action = "transfer" if isinstance(command, commands.SetOwner) else "alter"
    if kind == "CATALOG":
        found.append(access(action, "catalog", command.name[-1]))
    elif kind in ("SCHEMA", "DATABASE"):
        catalog, schema = namespace(command.name, ns)
        found.append(access(action, "schema", f"{catalog}.{schema}"))
    elif kind == "FUNCTION":
        function = routines.function_name(command.name, ns).dotted
        found.append(access(action, "function", function))
    else:
        name = relation(command.name, ns)
        if name:
            found.append(access(action, "view" if kind == "VIEW" else "table", name))


def _comment(command: commands.CommentOn, ns: Namespace, found: list) -> None:
    kind = command.kind
    if kind == "CATALOG":
        found.append(access("amend", "catalog", command.name[-1]))
    elif kind == "SCHEMA":
        catalog, schema = namespace(command.name, ns)
        found.append(access("amend", "schema", f"{catalog}.{schema}"))
    else:
        parts = command.name[:-1] if kind == "COLUMN" else command.name
        name = relation(parts, ns)
        if name:
            found.append(access("amend", "view" if kind == "VIEW" else "table", name))


def _tags(command: commands.TagChange, ns: Namespace, found: list) -> None:
    if command.kind == "CATALOG":
        found.append(access("tag", "catalog", command.name[-1]))
    elif command.kind == "SCHEMA":
        catalog, schema = namespace(command.name, ns)
        found.append(access("tag", "schema", f"{catalog}.{schema}"))
    else:
        name = relation(command.name, ns)
        if name:
            found.append(access("tag", "view" if command.kind == "VIEW" else "table", name))
