"""The pieces every statement family's accesses are made of (see ``statements/family.py``)."""

from __future__ import annotations

from sqlglot import exp

from dbt.adapters.databricks_envs.local.engine.introspect.information_schema import (
    INFORMATION_SCHEMA,
)
from dbt.adapters.databricks_envs.local.engine.security import Access, Action, SecurableKind
from dbt.adapters.databricks_envs.local.engine.storage.names import RelName
from dbt.adapters.databricks_envs.local.engine.translate import routines
from dbt.adapters.databricks_envs.local.engine.translate.names import (
    SYSTEM_CATALOG,
    InfoSchemaTable,
    Namespace,
    SystemTable,
    parts_of,
    resolve_parts,
)


def access(action: Action, kind: SecurableKind, name: str) -> Access:
    return Access(action, (kind, name))


def relation(parts: tuple[str, ...], ns: Namespace) -> str | None:
    resolved = resolve_parts(parts, ns)
    if isinstance(resolved, RelName):
        return resolved.dotted
    if isinstance(resolved, InfoSchemaTable):
        return f"{resolved.catalog or SYSTEM_CATALOG}.{INFORMATION_SCHEMA}.{resolved.table}"
    if isinstance(resolved, SystemTable):
        return resolved.name
    return None


def reads(tree: exp.Expr | None, ns: Namespace, found: list[Access], skip: set[int]) -> None:
    if tree is None:
        return
    for _, _, function in routines.calls(tree, ns):
        found.append(access("execute", "function", function.dotted))
    ctes = {cte.alias_or_name.lower() for cte in tree.find_all(exp.CTE)}
    for table in tree.find_all(exp.Table):
        if id(table) in skip or not isinstance(table.this, exp.Identifier):
            continue
        parts = parts_of(table)
        if len(parts) == 1 and parts[0] in ctes:
            continue
        name = relation(parts, ns)
        if name is not None:
            found.append(access("read", "relation", name))


def namespace(parts: tuple[str, ...], ns: Namespace) -> tuple[str, str]:
    return (ns.catalog, parts[0]) if len(parts) == 1 else (parts[-2], parts[-1])


def target_of(node: exp.Expr) -> exp.Table | None:
    """The table a statement's tree is about (``CREATE TABLE t (...)`` names it in a schema)."""
    if isinstance(node.this, exp.Table):
        return node.this
    if isinstance(node.this, exp.Schema) and isinstance(node.this.this, exp.Table):
        return node.this.this
    return None


def reads_besides(
    node: exp.Expr, ns: Namespace, found: list[Access], *targets: exp.Expr | None
) -> None:
    """What the tree reads: every table it names but its ``targets``, and the functions it
    calls."""
    reads(node, ns, found, {id(t) for t in targets if t is not None})
