"""Delta table history: DESCRIBE HISTORY and RESTORE TABLE (reads of an earlier version are
queries; see ``translate/time_travel.py``)."""

from __future__ import annotations

from sqlglot import exp

from dbt.adapters.databricks_envs.local.engine.statements.family import Family
from dbt.adapters.databricks_envs.local.engine.translate import history

HISTORY = Family(
    "history",
    history.COMMANDS,
    history.plan,
    accesses=history.accesses,
    lift=lambda node: history.from_tree(node) if isinstance(node, exp.Describe) else None,
    tokens=history.recognize,
)
FAMILIES = (HISTORY,)
