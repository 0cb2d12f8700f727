"""The local warehouse's statements, by family: the one registry the planner and the access
check loop over (see ``family.py`` for what each family declares).

A statement goes from text to a plan in three steps: ``translate/parse.py`` parses it (with
sqlglot, or on its tokens into one of ``translate/commands.py``'s commands); a family may lift
a sqlglot tree it reads better as one of its commands; then the first family that takes the
statement computes its accesses (from the untouched statement: planning rewrites trees in
place) and plans it. The plan carries both, and how it may be cached (``plan_cache.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from sqlglot import exp

from dbt.adapters.databricks_envs.local.engine import errors
from dbt.adapters.databricks_envs.local.engine.plan import Plan
from dbt.adapters.databricks_envs.local.engine.results import Parameters
from dbt.adapters.databricks_envs.local.engine.security import Access
from dbt.adapters.databricks_envs.local.engine.statements import (
    alters,
    clones,
    drops,
    functions,
    governance,
    history,
    introspection,
    materialized_views,
    queries,
    refused,
    session_statements,
    tables,
    views,
    writes,
)
from dbt.adapters.databricks_envs.local.engine.statements.family import Caching, Family
from dbt.adapters.databricks_envs.local.engine.translate import query
from dbt.adapters.databricks_envs.local.engine.translate.context import Context
from dbt.adapters.databricks_envs.local.engine.translate.names import Namespace
from dbt.adapters.databricks_envs.local.engine.translate.parse import Statement

# In the order they are asked: a family that narrows a statement class (``accepts``) comes
# before the one taking the rest of that class.
REGISTRY: tuple[Family, ...] = (
    *queries.FAMILIES,
    *functions.FAMILIES,
    *views.FAMILIES,
    *materialized_views.FAMILIES,
    *clones.FAMILIES,
    *history.FAMILIES,
    *tables.FAMILIES,
    *drops.FAMILIES,
    *writes.FAMILIES,
    *governance.FAMILIES,
    *alters.FAMILIES,
    *introspection.FAMILIES,
    *session_statements.FAMILIES,
    *refused.FAMILIES,
)

_LIFTS = tuple(f.lift for f in REGISTRY if f.lift is not None)
_BY_CLASS: dict[type, tuple[Family, ...]] = {}
for _family in REGISTRY:
    for _cls in _family.types:
        _BY_CLASS[_cls] = (*_BY_CLASS.get(_cls, ()), _family)


def family_of(statement: Statement) -> Family:
    """The family that takes the statement; NOT_SUPPORTED when none does."""
    for cls in type(statement).__mro__:
        for family in _BY_CLASS.get(cls, ()):
            if family.takes(statement):
                return family
    raise errors.not_supported(f"{type(statement).__name__.upper()} statements")


def lifted(statement: Statement) -> Statement:
    for lift in _LIFTS:
        command = lift(statement)
        if command is not None:
            return command
    return statement


def accesses(
    statement: Statement, ns: Namespace, family: Family | None = None
) -> tuple[Access, ...]:
    """What the statement touches, in the order the access check asks about it."""
    found: list[Access] = []
    (family or family_of(statement)).accesses(statement, ns, found)
    return tuple(dict.fromkeys(found))


def plan(statement: Statement, ctx: Context) -> Plan:
    statement = lifted(statement)
    family = family_of(statement)
    # From the untouched statement: planning rewrites trees in place.
    needed = accesses(statement, ctx.ns, family)
    result = family.plan(statement, ctx)
    return replace(
        result,
        accesses=needed,
        cacheable=family.caching is not Caching.NEVER,
        reusable_result=result.reusable_result and family.caching is Caching.RESULT,
    )


def template(tree: exp.Expr, ctx: Context) -> Callable[[Parameters], Plan]:
    """The plans of a parameterized query (see ``translate/templates.py``), by the values of
    its parameters."""
    needed = accesses(tree, ctx.ns)
    bind = query.template_query(tree, ctx)
    return lambda parameters: replace(bind(parameters), accesses=needed)
