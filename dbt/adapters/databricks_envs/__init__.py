from dbt.adapters.base import AdapterPlugin

from dbt.adapters.databricks_envs import macro_namespace
from dbt.adapters.databricks_envs.credentials import DatabricksEnvsCredentials
from dbt.adapters.databricks_envs.impl import DatabricksEnvsAdapter
from dbt.include import databricks_envs

macro_namespace.install()

Plugin = AdapterPlugin(
    adapter=DatabricksEnvsAdapter,  # type: ignore[arg-type]
    credentials=DatabricksEnvsCredentials,
    include_path=databricks_envs.PACKAGE_PATH,
    dependencies=["databricks"],
)
