"""The one place that says which securables a statement touches, and how.

Computed from the parsed statement and the session's names only (never from the catalog's
state), before anything runs; see ``security.py`` for the meaning of each action.
"""

from __future__ import annotations

from sqlglot import exp

from dbt.adapters.databricks_envs.local.engine.security import Access, Action, SecurableKind
from dbt.adapters.databricks_envs.local.engine.translate import (
    command_accesses,
    materialized_views,
    routines,
)
from dbt.adapters.databricks_envs.local.engine.translate.access_parts import (
    access,
    namespace,
    reads,
    relation,
)
from dbt.adapters.databricks_envs.local.engine.translate.names import (
    Namespace,
    parts_of,
)
from dbt.adapters.databricks_envs.local.engine.translate.parse import Statement


def of(statement: Statement, ns: Namespace) -> tuple[Access, ...]:
    found: list[Access] = []
    if isinstance(statement, exp.Expr):
        _tree(statement, ns, found)
    elif isinstance(statement, materialized_views.STATEMENTS):
        materialized_views.accesses(statement, ns, found)
    else:
        command_accesses.of_command(statement, ns, found, _tree)
    return tuple(dict.fromkeys(found))


def _tree(node: exp.Expr, ns: Namespace, found: list[Access]) -> None:
    target = node.this if isinstance(node.this, exp.Table) else None
    if isinstance(node.this, exp.Schema) and isinstance(node.this.this, exp.Table):
        target = node.this.this
    skip = {id(target)} if target is not None else set()
    if isinstance(node, exp.Create):
        _create(node, target, ns, found)
        if isinstance(node.this, exp.UserDefinedFunction):
            skip.add(id(node.this.this))
    elif isinstance(node, exp.Drop):
        for table in node.args.get("tables") or []:
            if isinstance(table, exp.Table):
                skip.add(id(table))
                _drop(node, table, ns, found)
    elif isinstance(node, (exp.Insert, exp.Merge, exp.Update, exp.Delete)) and target:
        name = relation(parts_of(target), ns)
        if name:
            found.append(access("write", "table", name))
    elif isinstance(node, exp.TruncateTable):
        for table in node.expressions:
            skip.add(id(table))
            name = relation(parts_of(table), ns)
            if name:
                found.append(access("write", "table", name))
    elif isinstance(node, exp.Alter) and target is not None:
        _alter(node, target, ns, found)
    elif isinstance(node, exp.Describe) and target is not None:
        _describe(node, target, ns, found)
        return
    elif isinstance(node, exp.Use) and target is not None:
        parts = parts_of(target)
        if str(node.args.get("kind") or "").upper() == "CATALOG":
            found.append(access("use", "catalog", parts[0]))
        else:
            catalog, schema = namespace(parts, ns)
            found.append(access("use", "schema", f"{catalog}.{schema}"))
        return
    elif isinstance(node, (exp.Analyze, exp.Refresh)):
        tables = node.args.get("tables") or [node.this]
        name = relation(parts_of(tables[0]), ns) if isinstance(tables[0], exp.Table) else None
        if name:
            found.append(access("write", "table", name))
        return
    reads(node, ns, found, skip)


def _create(node: exp.Create, target: exp.Table | None, ns: Namespace, found: list) -> None:
    kind = str(node.args.get("kind") or "").upper()
    if kind == "FUNCTION" and isinstance(node.this, exp.UserDefinedFunction):
        function = routines.function_name(parts_of(node.this.this), ns).dotted
        found.append(access("create", "function", function))
        if node.args.get("replace"):
            found.append(access("replace", "function", function))
        return
    if target is None:
        return
    parts = parts_of(target)
    if kind in ("SCHEMA", "DATABASE"):
        catalog, schema = namespace(parts, ns)
        found.append(access("create", "schema", f"{catalog}.{schema}"))
        return
    properties = node.args.get("properties")
    temporary = properties and any(
        isinstance(p, exp.TemporaryProperty) for p in properties.expressions
    )
    if temporary:
        return
    name = relation(parts, ns)
    securable: SecurableKind = "view" if kind == "VIEW" else "table"
    if name:
        found.append(access("create", securable, name))
        if node.args.get("replace"):
            found.append(access("replace", securable, name))


def _drop(node: exp.Drop, target: exp.Table, ns: Namespace, found: list) -> None:
    kind = str(node.args.get("kind") or "").upper()
    parts = parts_of(target)
    if kind in ("SCHEMA", "DATABASE"):
        catalog, schema = namespace(parts, ns)
        found.append(access("drop", "schema", f"{catalog}.{schema}"))
    elif kind == "FUNCTION":
        found.append(access("drop", "function", routines.function_name(parts, ns).dotted))
    elif kind in ("TABLE", "VIEW"):
        if kind == "VIEW" and len(parts) == 1 and parts[0] in ns.temp_views:
            return
        name = relation(parts, ns)
        if name:
            found.append(access("drop", "view" if kind == "VIEW" else "table", name))


def _alter(node: exp.Alter, target: exp.Table, ns: Namespace, found: list) -> None:
    name = relation(parts_of(target), ns)
    if name is None:
        return
    kind: SecurableKind = "view" if str(node.args.get("kind")).upper() == "VIEW" else "table"
    actions = node.args.get("actions") or []
    if not actions:
        found.append(access("alter", kind, name))
    for action in actions:
        found.append(access(_alter_action(action), kind, name))
        if isinstance(action, exp.AlterRename) and isinstance(action.this, exp.Table):
            parts = parts_of(action.this)
            new = relation(parts if len(parts) > 1 else (*name.split(".")[:2], parts[0]), ns)
            if new:
                found.append(access("create", kind, new))


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


def _describe(node: exp.Describe, target: exp.Table, ns: Namespace, found: list) -> None:
    kind = str(node.args.get("kind") or "").upper()
    parts = parts_of(target)
    if kind in ("SCHEMA", "DATABASE"):
        catalog, schema = namespace(parts, ns)
        found.append(access("describe", "schema", f"{catalog}.{schema}"))
        return
    if kind == "FUNCTION":
        function = routines.function_name(parts, ns).dotted
        found.append(access("describe", "function", function))
        return
    name = relation(parts, ns)
    if name:
        found.append(access("describe", "relation", name))
