"""The adapter of ``type: databricks_envs``: dbt-databricks, environment-aware."""

from __future__ import annotations

import os
from typing import Any

from dbt.adapters.base import available
from dbt.adapters.databricks.impl import DatabricksAdapter

from dbt.adapters.databricks_envs import environment
from dbt.adapters.databricks_envs.connections import DatabricksEnvsConnectionManager
from dbt.adapters.databricks_envs.credentials import DatabricksEnvsCredentials


class DatabricksEnvsAdapter(DatabricksAdapter):
    ConnectionManager = DatabricksEnvsConnectionManager
    connections: DatabricksEnvsConnectionManager

    @property
    def _credentials(self) -> DatabricksEnvsCredentials:
        credentials: DatabricksEnvsCredentials = self.config.credentials
        return credentials

    def _raw_settings(self) -> Any:
        project_vars = getattr(getattr(self.config, "vars", None), "vars", None) or {}
        return environment.raw_settings_from_vars(project_vars, self.config.cli_vars or {})

    @available
    def databricks_envs_environment(self) -> str:
        """The environment as the macros resolve it, from the profile, vars and target name."""
        return environment.resolve(
            profile_environment=self._credentials.environment,
            raw_settings=self._raw_settings(),
            invocation_context=os.environ.get("DBT_CLOUD_INVOCATION_CONTEXT"),
            target_name=self.config.target_name,
        )
