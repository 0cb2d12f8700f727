"""The ``databricks_envs`` dbt adapter plugin.

``Plugin`` is built on first access, so the command-line tool (which lives in this package)
starts without importing dbt-databricks.
"""

from __future__ import annotations

from typing import Any


def __getattr__(name: str) -> Any:
    if name != "Plugin":
        raise AttributeError(name)
    from dbt.adapters.base import AdapterPlugin
    from dbt.adapters.events.logging import AdapterLogger
    from dbt_common.exceptions import DbtRuntimeError

    from dbt.adapters.databricks_envs import versions

    try:
        warning = versions.check()
    except RuntimeError as error:
        raise DbtRuntimeError(str(error)) from None
    if warning:
        AdapterLogger("databricks_envs").warning(warning)

    from dbt.adapters.databricks_envs import macro_namespace
    from dbt.adapters.databricks_envs.credentials import DatabricksEnvsCredentials
    from dbt.adapters.databricks_envs.impl import DatabricksEnvsAdapter
    from dbt.include import databricks_envs

    macro_namespace.install()
    plugin = AdapterPlugin(
        adapter=DatabricksEnvsAdapter,  # type: ignore[arg-type]
        credentials=DatabricksEnvsCredentials,
        include_path=databricks_envs.PACKAGE_PATH,
        dependencies=["databricks"],
    )
    globals()["Plugin"] = plugin
    return plugin
