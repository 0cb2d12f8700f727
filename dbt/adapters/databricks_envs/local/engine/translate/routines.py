"""Calls of SQL functions by qualified name: ``cat.sch.f(a)`` or ``sch.f(a)``.

sqlglot reads such a call as a dotted path ending in a function; it names a Unity Catalog
function, computed by the DuckDB macro of the same name in the catalog's file. The call is
rewritten to that macro, and each function called is an EXECUTE access. Unqualified calls are
left as they are: they name built-in functions.
"""

from __future__ import annotations

from sqlglot import exp

from dbt.adapters.databricks_envs.local.engine.storage import names
from dbt.adapters.databricks_envs.local.engine.storage.names import RelName
from dbt.adapters.databricks_envs.local.engine.translate.names import Namespace


def function_name(parts: tuple[str, ...], ns: Namespace) -> RelName:
    """A function's name, completed from the session's catalog and schema."""
    if len(parts) == 1:
        return RelName(ns.catalog, ns.schema, parts[0])
    if len(parts) == 2:
        return RelName(ns.catalog, parts[0], parts[1])
    return RelName(*parts[-3:])


def calls(tree: exp.Expr, ns: Namespace) -> list[tuple[exp.Dot, exp.Func, RelName]]:
    """Every qualified function call of the tree: (its node, the call, the function)."""
    found = []
    for dot in tree.find_all(exp.Dot):
        func = dot.expression
        if not isinstance(func, exp.Func) or isinstance(dot.parent, exp.Dot):
            continue
        qualifiers = _qualifiers(dot.this)
        if qualifiers is None or len(qualifiers) > 2:
            continue
        found.append((dot, func, function_name((*qualifiers, _name(func)), ns)))
    return found


def rewrite_calls(tree: exp.Expr, ns: Namespace) -> list[RelName]:
    """Rewrites every qualified call to the function's macro; returns the functions called."""
    called = []
    for dot, func, name in calls(tree, ns):
        macro = exp.Anonymous(
            this=exp.to_identifier(name.name, quoted=True), expressions=_args(func)
        )
        dot.replace(
            exp.Dot(
                this=exp.Dot(
                    this=exp.to_identifier(names.alias(name.catalog), quoted=True),
                    expression=exp.to_identifier(name.schema, quoted=True),
                ),
                expression=macro,
            )
        )
        called.append(name)
    return called


def _qualifiers(node: exp.Expr) -> tuple[str, ...] | None:
    if isinstance(node, exp.Identifier):
        return (node.name.lower(),)
    if isinstance(node, exp.Column) and not node.table:
        return (node.name.lower(),)
    if isinstance(node, exp.Dot):
        left, right = _qualifiers(node.this), _qualifiers(node.expression)
        return None if left is None or right is None else (*left, *right)
    return None


def _name(func: exp.Func) -> str:
    if isinstance(func, exp.Anonymous):
        return str(func.name).lower()
    return func.sql_name().lower()


def _args(func: exp.Func) -> list[exp.Expr]:
    if isinstance(func, exp.Anonymous):
        return list(func.expressions)
    found: list[exp.Expr] = []
    for key in type(func).arg_types:
        value = func.args.get(key)
        if isinstance(value, list):
            found.extend(value)
        elif isinstance(value, exp.Expr):
            found.append(value)
    return found
