"""DROP TABLE / VIEW / SCHEMA, and CREATE / DROP CATALOG."""

from __future__ import annotations

from sqlglot import exp

from dbt.adapters.databricks_envs.local.engine.security import Access, Action
from dbt.adapters.databricks_envs.local.engine.statements.family import Family
from dbt.adapters.databricks_envs.local.engine.statements.tables import kind_of
from dbt.adapters.databricks_envs.local.engine.translate import command_parser, commands, drop
from dbt.adapters.databricks_envs.local.engine.translate.access_parts import (
    access,
    namespace,
    reads_besides,
    relation,
    target_of,
)
from dbt.adapters.databricks_envs.local.engine.translate.names import Namespace, parts_of


def _drop(node: exp.Drop, ns: Namespace, found: list[Access]) -> None:
    kind = kind_of(node)
    tables = [t for t in node.args.get("tables") or [] if isinstance(t, exp.Table)]
    for table in tables:
        parts = parts_of(table)
        if kind in ("SCHEMA", "DATABASE"):
            catalog, schema = namespace(parts, ns)
            found.append(access("drop", "schema", f"{catalog}.{schema}"))
        elif kind in ("TABLE", "VIEW"):
            if kind == "VIEW" and len(parts) == 1 and parts[0] in ns.temp_views:
                continue
            name = relation(parts, ns)
            if name:
                found.append(access("drop", "view" if kind == "VIEW" else "table", name))
    reads_besides(node, ns, found, target_of(node), *tables)


def _catalog(command: commands.CreateCatalog | commands.DropCatalog) -> list[Access]:
    action: Action = "create" if isinstance(command, commands.CreateCatalog) else "drop"
    return [access(action, "catalog", command.name)]


DROP = Family(
    "drop",
    (exp.Drop,),
    drop.plan_drop,
    accesses=_drop,
    accepts=lambda node: kind_of(node) != "FUNCTION",
)
CATALOGS = Family(
    "create or drop catalog",
    (commands.CreateCatalog, commands.DropCatalog),
    lambda command, ctx: (
        drop.plan_create_catalog(command)
        if isinstance(command, commands.CreateCatalog)
        else drop.plan_drop_catalog(command)
    ),
    accesses=lambda command, ns, found: found.extend(_catalog(command)),
    tokens=lambda s, sql, parse_query: (
        command_parser.create_catalog(s) or command_parser.drop_catalog(s)
    ),
)
FAMILIES = (DROP, CATALOGS)
