"""The local warehouse's SQL engine: Databricks SQL translated onto DuckDB.

Imports nothing from the adapter: only the standard library, duckdb, sqlglot and pyarrow, and
the engine/server contract in ``local/api.py``.
"""

from dbt.adapters.databricks_envs.local.engine.engine import DuckDBEngine
from dbt.adapters.databricks_envs.local.engine.errors import NOT_SUPPORTED_CLASS
from dbt.adapters.databricks_envs.local.engine.security import Access, Authorizer, allow_all
from dbt.adapters.databricks_envs.local.engine.session import DuckDBSession

__all__ = [
    "NOT_SUPPORTED_CLASS",
    "Access",
    "Authorizer",
    "DuckDBEngine",
    "DuckDBSession",
    "allow_all",
]
