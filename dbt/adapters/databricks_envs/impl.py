"""The adapter of ``type: databricks_envs``: dbt-databricks, environment-aware."""

from __future__ import annotations

from typing import Any

from dbt.adapters.base import available
from dbt.adapters.databricks.impl import DatabricksAdapter
from dbt_common.exceptions import CompilationError

from dbt.adapters.databricks_envs import environment
from dbt.adapters.databricks_envs.connections import DatabricksEnvsConnectionManager
from dbt.adapters.databricks_envs.credentials import DatabricksEnvsCredentials
from dbt.adapters.databricks_envs.rules import RuleError


class DatabricksEnvsAdapter(DatabricksAdapter):
    ConnectionManager = DatabricksEnvsConnectionManager
    connections: DatabricksEnvsConnectionManager

    @property
    def _credentials(self) -> DatabricksEnvsCredentials:
        credentials: DatabricksEnvsCredentials = self.config.credentials
        return credentials

    def environment_inputs(self) -> dict[str, Any]:
        """The rules' inputs as Python sees them: top-level vars, this process's environment."""
        project_vars = getattr(getattr(self.config, "vars", None), "vars", None) or {}
        return environment.inputs(
            profile_environment=self._credentials.environment,
            raw_settings=environment.raw_settings_from_vars(
                project_vars, getattr(self.config, "cli_vars", None) or {}
            ),
            target_name=self.config.target_name,
        )

    @available
    def databricks_envs_decide(
        self, question: str, name: str | None, default: str | None, inputs: dict[str, Any]
    ) -> str:
        """The macros' rule evaluation (``_dbenvs_decide``), memoized in Python."""
        try:
            return environment.decide(question, name, default, inputs)
        except RuleError as error:
            raise CompilationError(str(error)) from None
