"""CREATE [OR REPLACE] MATERIALIZED VIEW, REFRESH MATERIALIZED VIEW and ALTER MATERIALIZED
VIEW ... SCHEDULE (parsed in ``translate/mv_statements.py``, planned in
``translate/materialized_views.py``). DROP MATERIALIZED VIEW is the drop family's; ALTER
MATERIALIZED VIEW ... SET TAGS, the tags family's."""

from __future__ import annotations

from dbt.adapters.databricks_envs.local.engine.statements.family import Family
from dbt.adapters.databricks_envs.local.engine.translate import materialized_views

MATERIALIZED_VIEW = Family(
    "materialized view",
    materialized_views.STATEMENTS,
    materialized_views.plan,
    accesses=materialized_views.accesses,
)
FAMILIES = (MATERIALIZED_VIEW,)
