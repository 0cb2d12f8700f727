"""The connection manager of ``type: databricks_envs``: dbt-databricks', plus the write guard."""

from __future__ import annotations

from dbt.adapters.databricks.connections import DatabricksConnectionManager


class DatabricksEnvsConnectionManager(DatabricksConnectionManager):
    TYPE: str = "databricks_envs"
