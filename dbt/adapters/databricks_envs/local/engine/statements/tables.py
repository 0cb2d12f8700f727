"""CREATE [OR REPLACE] TABLE / SCHEMA, with or without a query, row filter or column masks."""

from __future__ import annotations

from sqlglot import exp

from dbt.adapters.databricks_envs.local.engine.plan import Plan
from dbt.adapters.databricks_envs.local.engine.security import Access, SecurableKind
from dbt.adapters.databricks_envs.local.engine.statements.family import Family
from dbt.adapters.databricks_envs.local.engine.translate import (
    commands,
    create,
    create_policies,
    routines,
    row_policies,
)
from dbt.adapters.databricks_envs.local.engine.translate.access_parts import (
    access,
    namespace,
    reads_besides,
    relation,
    target_of,
)
from dbt.adapters.databricks_envs.local.engine.translate.context import Context
from dbt.adapters.databricks_envs.local.engine.translate.names import Namespace, parts_of


def kind_of(node: exp.Expr) -> str:
    return str(node.args.get("kind") or "").upper()


def create_accesses(node: exp.Create, ns: Namespace, found: list[Access]) -> None:
    """CREATE of a schema, table or view: creating it (and replacing it), then its reads."""
    target = target_of(node)
    if target is not None:
        _creating(node, parts_of(target), ns, found)
    reads_besides(node, ns, found, target)


def _creating(node: exp.Create, parts: tuple[str, ...], ns: Namespace, found: list) -> None:
    kind = kind_of(node)
    if kind in ("SCHEMA", "DATABASE"):
        catalog, schema = namespace(parts, ns)
        found.append(access("create", "schema", f"{catalog}.{schema}"))
        return
    properties = node.args.get("properties")
    if properties and any(isinstance(p, exp.TemporaryProperty) for p in properties.expressions):
        return
    name = relation(parts, ns)
    securable: SecurableKind = "view" if kind == "VIEW" else "table"
    if name:
        found.append(access("create", securable, name))
        if node.args.get("replace"):
            found.append(access("replace", securable, name))


def _with_policies_accesses(
    command: commands.CreateWithPolicies, ns: Namespace, found: list[Access]
) -> None:
    create_accesses(command.create, ns, found)
    called = [m.function for m in command.masks]
    if command.row_filter is not None:
        called.append(command.row_filter.function)
    for parts in called:
        if parts:
            found.append(access("execute", "function", routines.function_name(parts, ns).dotted))


def _plan_with_policies(command: commands.CreateWithPolicies, ctx: Context) -> Plan:
    extra = row_policies.create_details(command.row_filter, command.masks, ctx)
    return create.plan_create(command.create, ctx, extra)


TABLES = Family(
    "create table or schema",
    (exp.Create,),
    create.plan_create,
    accesses=create_accesses,
    accepts=lambda node: kind_of(node) not in ("VIEW", "FUNCTION") or node.args.get("clone"),
)
WITH_POLICIES = Family(
    "create table with a row filter or column masks",
    (commands.CreateWithPolicies,),
    _plan_with_policies,
    accesses=_with_policies_accesses,
    tokens=lambda s, sql, parse_query: create_policies.create_with_policies(sql, parse_query),
)
FAMILIES = (TABLES, WITH_POLICIES)
