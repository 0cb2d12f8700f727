"""The one place that says which securables a statement touches, and how.

Computed from the parsed statement and the session's names only (never from the catalog's
state), before anything runs; see ``security.py`` for the meaning of each action.
"""

from __future__ import annotations

from sqlglot import exp

from dbt.adapters.databricks_envs.local.engine.introspect.information_schema import (
    INFORMATION_SCHEMA,
)
from dbt.adapters.databricks_envs.local.engine.security import Access, Action, SecurableKind
from dbt.adapters.databricks_envs.local.engine.storage.names import RelName
from dbt.adapters.databricks_envs.local.engine.translate import commands
from dbt.adapters.databricks_envs.local.engine.translate.names import (
    SYSTEM_CATALOG,
    InfoSchemaTable,
    Namespace,
    SystemTable,
    parts_of,
    resolve_parts,
)
from dbt.adapters.databricks_envs.local.engine.translate.parse import Statement


def of(statement: Statement, ns: Namespace) -> tuple[Access, ...]:
    found: list[Access] = []
    if isinstance(statement, exp.Expr):
        _tree(statement, ns, found)
    else:
        _command(statement, ns, found)
    return tuple(dict.fromkeys(found))


def _access(action: Action, kind: SecurableKind, name: str) -> Access:
    return Access(action, (kind, name))


def _relation(parts: tuple[str, ...], ns: Namespace) -> str | None:
    resolved = resolve_parts(parts, ns)
    if isinstance(resolved, RelName):
        return resolved.dotted
    if isinstance(resolved, InfoSchemaTable):
        return f"{resolved.catalog or SYSTEM_CATALOG}.{INFORMATION_SCHEMA}.{resolved.table}"
    if isinstance(resolved, SystemTable):
        return resolved.name
    return None


def _reads(tree: exp.Expr | None, ns: Namespace, found: list[Access], skip: set[int]) -> None:
    if tree is None:
        return
    ctes = {cte.alias_or_name.lower() for cte in tree.find_all(exp.CTE)}
    for table in tree.find_all(exp.Table):
        if id(table) in skip or not isinstance(table.this, exp.Identifier):
            continue
        parts = parts_of(table)
        if len(parts) == 1 and parts[0] in ctes:
            continue
        name = _relation(parts, ns)
        if name is not None:
            found.append(_access("read", "relation", name))


def _namespace(parts: tuple[str, ...], ns: Namespace) -> tuple[str, str]:
    return (ns.catalog, parts[0]) if len(parts) == 1 else (parts[-2], parts[-1])


def _tree(node: exp.Expr, ns: Namespace, found: list[Access]) -> None:
    target = node.this if isinstance(node.this, exp.Table) else None
    if isinstance(node.this, exp.Schema) and isinstance(node.this.this, exp.Table):
        target = node.this.this
    skip = {id(target)} if target is not None else set()
    if isinstance(node, exp.Create):
        _create(node, target, ns, found)
    elif isinstance(node, exp.Drop):
        for table in node.args.get("tables") or []:
            if isinstance(table, exp.Table):
                skip.add(id(table))
                _drop(node, table, ns, found)
    elif isinstance(node, (exp.Insert, exp.Merge, exp.Update, exp.Delete)) and target:
        name = _relation(parts_of(target), ns)
        if name:
            found.append(_access("write", "table", name))
    elif isinstance(node, exp.TruncateTable):
        for table in node.expressions:
            skip.add(id(table))
            name = _relation(parts_of(table), ns)
            if name:
                found.append(_access("write", "table", name))
    elif isinstance(node, exp.Alter) and target is not None:
        _alter(node, target, ns, found)
    elif isinstance(node, exp.Describe) and target is not None:
        _describe(node, target, ns, found)
        return
    elif isinstance(node, exp.Use) and target is not None:
        parts = parts_of(target)
        if str(node.args.get("kind") or "").upper() == "CATALOG":
            found.append(_access("use", "catalog", parts[0]))
        else:
            catalog, schema = _namespace(parts, ns)
            found.append(_access("use", "schema", f"{catalog}.{schema}"))
        return
    elif isinstance(node, (exp.Analyze, exp.Refresh)):
        tables = node.args.get("tables") or [node.this]
        name = _relation(parts_of(tables[0]), ns) if isinstance(tables[0], exp.Table) else None
        if name:
            found.append(_access("write", "table", name))
        return
    _reads(node, ns, found, skip)


def _create(node: exp.Create, target: exp.Table | None, ns: Namespace, found: list) -> None:
    if target is None:
        return
    kind = str(node.args.get("kind") or "").upper()
    parts = parts_of(target)
    if kind in ("SCHEMA", "DATABASE"):
        catalog, schema = _namespace(parts, ns)
        found.append(_access("create", "schema", f"{catalog}.{schema}"))
        return
    properties = node.args.get("properties")
    temporary = properties and any(
        isinstance(p, exp.TemporaryProperty) for p in properties.expressions
    )
    if temporary:
        return
    name = _relation(parts, ns)
    securable: SecurableKind = "view" if kind == "VIEW" else "table"
    if name:
        found.append(_access("create", securable, name))
        if node.args.get("replace"):
            found.append(_access("replace", securable, name))


def _drop(node: exp.Drop, target: exp.Table, ns: Namespace, found: list) -> None:
    kind = str(node.args.get("kind") or "").upper()
    parts = parts_of(target)
    if kind in ("SCHEMA", "DATABASE"):
        catalog, schema = _namespace(parts, ns)
        found.append(_access("drop", "schema", f"{catalog}.{schema}"))
    elif kind in ("TABLE", "VIEW"):
        if kind == "VIEW" and len(parts) == 1 and parts[0] in ns.temp_views:
            return
        name = _relation(parts, ns)
        if name:
            found.append(_access("drop", "view" if kind == "VIEW" else "table", name))


def _alter(node: exp.Alter, target: exp.Table, ns: Namespace, found: list) -> None:
    name = _relation(parts_of(target), ns)
    if name is None:
        return
    kind: SecurableKind = "view" if str(node.args.get("kind")).upper() == "VIEW" else "table"
    actions = node.args.get("actions") or []
    if not actions:
        found.append(_access("alter", kind, name))
    for action in actions:
        found.append(_access(_alter_action(action), kind, name))
        if isinstance(action, exp.AlterRename) and isinstance(action.this, exp.Table):
            parts = parts_of(action.this)
            new = _relation(parts if len(parts) > 1 else (*name.split(".")[:2], parts[0]), ns)
            if new:
                found.append(_access("create", kind, new))


def _alter_action(action: exp.Expr) -> Action:
    """``amend`` for what changes columns or table properties, ``alter`` for the rest."""
    if isinstance(action, (exp.Schema, exp.ColumnDef, exp.AlterColumn)):
        return "amend"
    if isinstance(action, exp.Drop) and str(action.args.get("kind")).upper() in (
        "COLUMN",
        "COLUMNS",
    ):
        return "amend"
    if isinstance(action, exp.AlterSet) and set(action.args) <= {"expressions"}:
        return "amend"
    return "alter"


def _comment(command: commands.CommentOn, ns: Namespace, found: list) -> None:
    kind = command.kind
    if kind == "CATALOG":
        found.append(_access("amend", "catalog", command.name[-1]))
    elif kind == "SCHEMA":
        catalog, schema = _namespace(command.name, ns)
        found.append(_access("amend", "schema", f"{catalog}.{schema}"))
    else:
        parts = command.name[:-1] if kind == "COLUMN" else command.name
        name = _relation(parts, ns)
        if name:
            found.append(_access("amend", "view" if kind == "VIEW" else "table", name))


def _describe(node: exp.Describe, target: exp.Table, ns: Namespace, found: list) -> None:
    kind = str(node.args.get("kind") or "").upper()
    parts = parts_of(target)
    if kind in ("SCHEMA", "DATABASE"):
        catalog, schema = _namespace(parts, ns)
        found.append(_access("describe", "schema", f"{catalog}.{schema}"))
        return
    name = _relation(parts, ns)
    if name:
        found.append(_access("describe", "relation", name))


def _command(command: commands.Command, ns: Namespace, found: list[Access]) -> None:
    if isinstance(command, commands.MergeWithSchemaEvolution):
        _tree(command.merge, ns, found)
        target = command.merge.this
        name = _relation(parts_of(target), ns) if isinstance(target, exp.Table) else None
        if name:
            found.append(_access("amend", "table", name))
    elif isinstance(command, commands.ReplaceOn):
        name = _relation(command.target, ns)
        if name:
            found.append(_access("write", "table", name))
        _reads(command.source, ns, found, set())
    elif isinstance(command, commands.CommentOn):
        _comment(command, ns, found)
    elif isinstance(command, commands.CreateCatalog):
        found.append(_access("create", "catalog", command.name))
    elif isinstance(command, commands.DropCatalog):
        found.append(_access("drop", "catalog", command.name))
    elif isinstance(command, commands.ShowSchemas) and command.catalog:
        found.append(_access("describe", "catalog", command.catalog))
    elif isinstance(command, commands.ShowTables) and command.namespace:
        catalog, schema = _namespace(command.namespace, ns)
        found.append(_access("describe", "schema", f"{catalog}.{schema}"))
    elif isinstance(command, commands.ShowTables):
        found.append(_access("describe", "schema", f"{ns.catalog}.{ns.schema}"))
    elif isinstance(
        command,
        (
            commands.ShowTblProperties,
            commands.ShowColumns,
            commands.ShowCreateTable,
            commands.DescribeDetail,
        ),
    ):
        name = _relation(command.table, ns)
        if name:
            found.append(_access("describe", "relation", name))
    elif isinstance(command, commands.DescribeCatalog):
        found.append(_access("describe", "catalog", command.name))
    elif isinstance(command, commands.DescribeQuery):
        _reads(command.query, ns, found, set())
    elif isinstance(command, commands.UnsetTblProperties):
        name = _relation(command.table, ns)
        if name:
            found.append(_access("amend", "view" if command.view else "table", name))
    elif isinstance(command, commands.AlterViewAs):
        name = _relation(command.view, ns)
        if name:
            found.append(_access("alter", "view", name))
        _reads(command.query, ns, found, set())
    elif isinstance(command, (commands.SetOwner, commands.SetProperties)):
        _owner_or_properties(command, ns, found)
    elif isinstance(command, commands.Maintenance) and command.table:
        name = _relation(command.table, ns)
        if name:
            found.append(_access("write", "table", name))


def _owner_or_properties(
    command: commands.SetOwner | commands.SetProperties, ns: Namespace, found: list
) -> None:
    kind = command.kind
    action: Action = "transfer" if isinstance(command, commands.SetOwner) else "alter"
    if kind == "CATALOG":
        found.append(_access(action, "catalog", command.name[-1]))
    elif kind in ("SCHEMA", "DATABASE"):
        catalog, schema = _namespace(command.name, ns)
        found.append(_access(action, "schema", f"{catalog}.{schema}"))
    else:
        name = _relation(command.name, ns)
        if name:
            found.append(_access(action, "view" if kind == "VIEW" else "table", name))
