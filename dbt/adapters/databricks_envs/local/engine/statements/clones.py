"""CREATE [OR REPLACE] TABLE [IF NOT EXISTS] t [SHALLOW | DEEP] CLONE source."""

from __future__ import annotations

from sqlglot import exp

from dbt.adapters.databricks_envs.local.engine.security import Access
from dbt.adapters.databricks_envs.local.engine.statements.family import Family
from dbt.adapters.databricks_envs.local.engine.translate import clone, commands
from dbt.adapters.databricks_envs.local.engine.translate.access_parts import access, relation
from dbt.adapters.databricks_envs.local.engine.translate.names import Namespace


def _clone(command: commands.CloneTable, ns: Namespace, found: list[Access]) -> None:
    target, source = relation(command.target, ns), relation(command.source, ns)
    if target:
        found.append(access("create", "table", target))
        if command.replace:
            found.append(access("replace", "table", target))
    if source:
        found.append(access("read", "relation", source))


def _lift(node: object) -> commands.CloneTable | None:
    if isinstance(node, exp.Create) and node.args.get("clone") is not None:
        return clone.from_tree(node)
    return None


CLONE = Family(
    "clone",
    (commands.CloneTable,),
    clone.plan_clone,
    accesses=_clone,
    lift=_lift,
    tokens=lambda s, sql, parse_query: clone.parse_clone(s),
)
FAMILIES = (CLONE,)
