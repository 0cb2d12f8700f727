"""CREATE [OR REPLACE] VIEW and ALTER VIEW ... AS."""

from __future__ import annotations

from sqlglot import exp

from dbt.adapters.databricks_envs.local.engine.security import Access
from dbt.adapters.databricks_envs.local.engine.statements.family import Family
from dbt.adapters.databricks_envs.local.engine.statements.tables import create_accesses, kind_of
from dbt.adapters.databricks_envs.local.engine.translate import (
    alter_metadata,
    commands,
    create_view,
)
from dbt.adapters.databricks_envs.local.engine.translate.access_parts import (
    access,
    reads,
    relation,
)
from dbt.adapters.databricks_envs.local.engine.translate.names import Namespace


def _alter_view_as(command: commands.AlterViewAs, ns: Namespace, found: list[Access]) -> None:
    name = relation(command.view, ns)
    if name:
        found.append(access("alter", "view", name))
    reads(command.query, ns, found, set())


CREATE_VIEW = Family(
    "create view",
    (exp.Create,),
    create_view.plan_view,
    accesses=create_accesses,
    accepts=lambda node: kind_of(node) == "VIEW" and not node.args.get("clone"),
)
ALTER_VIEW_AS = Family(
    "alter view as",
    (commands.AlterViewAs,),
    alter_metadata.plan_alter_view_as,
    accesses=_alter_view_as,
)
FAMILIES = (CREATE_VIEW, ALTER_VIEW_AS)
