"""SQL functions: CREATE [OR REPLACE] FUNCTION, DROP FUNCTION, DESCRIBE FUNCTION."""

from __future__ import annotations

from sqlglot import exp

from dbt.adapters.databricks_envs.local.engine.introspect import describe_function
from dbt.adapters.databricks_envs.local.engine.plan import Plan
from dbt.adapters.databricks_envs.local.engine.security import Access
from dbt.adapters.databricks_envs.local.engine.statements.family import Family
from dbt.adapters.databricks_envs.local.engine.statements.tables import kind_of
from dbt.adapters.databricks_envs.local.engine.translate import functions, routines
from dbt.adapters.databricks_envs.local.engine.translate.access_parts import (
    access,
    reads_besides,
    target_of,
)
from dbt.adapters.databricks_envs.local.engine.translate.context import Context
from dbt.adapters.databricks_envs.local.engine.translate.names import Namespace, parts_of


def _create(node: exp.Create, ns: Namespace, found: list[Access]) -> None:
    udf = node.this
    if isinstance(udf, exp.UserDefinedFunction):
        function = routines.function_name(parts_of(udf.this), ns).dotted
        found.append(access("create", "function", function))
        if node.args.get("replace"):
            found.append(access("replace", "function", function))
    reads_besides(node, ns, found, udf.this if isinstance(udf, exp.UserDefinedFunction) else None)


def _drop(node: exp.Drop, ns: Namespace, found: list[Access]) -> None:
    tables = [t for t in node.args.get("tables") or [] if isinstance(t, exp.Table)]
    for table in tables:
        found.append(access("drop", "function", routines.function_name(parts_of(table), ns).dotted))
    reads_besides(node, ns, found, target_of(node), *tables)


def _describe(node: exp.Describe, ns: Namespace, found: list[Access]) -> None:
    function = routines.function_name(parts_of(node.this), ns).dotted
    found.append(access("describe", "function", function))


def _plan_describe(node: exp.Describe, ctx: Context) -> Plan:
    extended = str(node.args.get("style") or "").upper() == "EXTENDED"
    return describe_function.plan_describe_function(parts_of(node.this), extended, ctx)


CREATE_FUNCTION = Family(
    "create function",
    (exp.Create,),
    functions.plan_create_function,
    accesses=_create,
    accepts=lambda node: kind_of(node) == "FUNCTION",
)
DROP_FUNCTION = Family(
    "drop function",
    (exp.Drop,),
    functions.plan_drop_function,
    accesses=_drop,
    accepts=lambda node: kind_of(node) == "FUNCTION",
)
DESCRIBE_FUNCTION = Family(
    "describe function",
    (exp.Describe,),
    _plan_describe,
    accesses=_describe,
    accepts=lambda node: kind_of(node) == "FUNCTION" and isinstance(node.this, exp.Table),
)
FAMILIES = (CREATE_FUNCTION, DROP_FUNCTION, DESCRIBE_FUNCTION)
