"""The adapter of ``type: databricks_envs``: dbt-databricks, environment-aware."""

from __future__ import annotations

from typing import Any

from dbt.adapters.base import available
from dbt.adapters.base.impl import AdapterTrackingRelationInfo
from dbt.adapters.contracts.relation import RelationConfig
from dbt.adapters.databricks.impl import DatabricksAdapter
from dbt_common.exceptions import CompilationError

from dbt.adapters import __about__ as about
from dbt.adapters.databricks_envs import environment
from dbt.adapters.databricks_envs.__version__ import version
from dbt.adapters.databricks_envs.connections import DatabricksEnvsConnectionManager
from dbt.adapters.databricks_envs.rules import RuleError


class DatabricksEnvsAdapter(DatabricksAdapter):
    ConnectionManager = DatabricksEnvsConnectionManager
    connections: DatabricksEnvsConnectionManager

    @classmethod
    def get_adapter_run_info(cls, config: RelationConfig) -> AdapterTrackingRelationInfo:
        # The base class derives the module from the class name ("databricksenvs").
        return AdapterTrackingRelationInfo(  # type: ignore[abstract]
            adapter_name="databricks_envs",
            base_adapter_version=about.version,
            adapter_version=version,
            model_adapter_details=cls._get_adapter_specific_run_info(config),
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
