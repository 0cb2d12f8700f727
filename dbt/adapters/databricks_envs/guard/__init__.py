"""The write guard's pure core: which catalogs a piece of SQL writes to, and whether it may.

``analyze`` reads the SQL dbt-databricks is about to send (any number of statements, comments,
backticks, any casing) and returns every catalog it creates, replaces, alters, drops, inserts
into, merges into, updates, deletes from, truncates, copies into, renames, comments on, tags or
grants on, with unqualified names resolved against the session's current catalog. ``check``
compares that with the profile's ``write_catalogs``. Nothing here touches dbt's connections or
the network.
"""

from __future__ import annotations

from dbt.adapters.databricks_envs.guard.grammar import Session, writes_in
from dbt.adapters.databricks_envs.guard.model import Analysis, UnparsableWrite, Write
from dbt.adapters.databricks_envs.guard.policy import Violation, check

__all__ = ["Analysis", "UnparsableWrite", "Violation", "Write", "analyze", "check"]


def analyze(sql: str, current_catalog: str) -> Analysis:
    """Every write in ``sql`` when run in a session whose current catalog is
    ``current_catalog``. Raises ``UnparsableWrite`` for a statement that may write but whose
    targets cannot be determined."""
    session = Session(current_catalog.lower())
    writes = writes_in(sql, session)
    return Analysis(tuple(dict.fromkeys(writes)), session.catalog)
