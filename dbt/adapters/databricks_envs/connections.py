"""The connection manager of ``type: databricks_envs``: dbt-databricks', plus

- the write guard's gate on every session it opens (``gate.py``);
- a bounded reachability check of the host before the first connection;
- ``host: local``, the embedded local warehouse;
- the run's record of what its statements wrote, which decides when a metadata question can be
  answered without a round trip (``knowledge.py``, ``known_answers.py``).
"""

from __future__ import annotations

import os
import threading
from multiprocessing.context import SpawnContext
from typing import TYPE_CHECKING, Any, cast

from dbt.adapters.contracts.connection import AdapterRequiredConfig, Connection
from dbt.adapters.databricks.connections import DatabricksConnectionManager, DatabricksDBTConnection
from dbt.adapters.events.logging import AdapterLogger

from dbt.adapters.databricks_envs import environment, knowledge, local_mode, reachability
from dbt.adapters.databricks_envs.credentials import DatabricksEnvsCredentials
from dbt.adapters.databricks_envs.known_answers import KnownAnswers

if TYPE_CHECKING:
    from dbt.adapters.databricks_envs import gate

logger = AdapterLogger("databricks_envs")


def environment_inputs(config: Any) -> dict[str, Any]:
    """The routing rules' inputs as Python sees them: top-level vars and this process's env."""
    credentials = cast(DatabricksEnvsCredentials, config.credentials)
    project_vars = getattr(getattr(config, "vars", None), "vars", None) or {}
    return environment.inputs(
        profile_environment=credentials.environment,
        raw_settings=environment.raw_settings_from_vars(
            project_vars, getattr(config, "cli_vars", None) or {}
        ),
        target_name=config.target_name,
    )


def run_knowledge_enabled() -> bool:
    """``DBT_DATABRICKS_ENVS_RUN_KNOWLEDGE=off`` sends every metadata question to the warehouse."""
    setting = os.environ.get("DBT_DATABRICKS_ENVS_RUN_KNOWLEDGE", "on").strip().lower()
    return setting not in ("off", "0", "false", "no")


class DatabricksEnvsConnectionManager(DatabricksConnectionManager):
    TYPE: str = "databricks_envs"

    def __init__(self, profile: AdapterRequiredConfig, mp_context: SpawnContext) -> None:
        super().__init__(profile, mp_context)
        credentials = cast(DatabricksEnvsCredentials, profile.credentials)
        if credentials.host == local_mode.LOCAL_HOST:
            local_mode.resolve_paths(credentials, getattr(profile, "project_root", None))
        local_mode.install_probe_shortcut(credentials.host)
        self._guard: gate.WriteGuard | None = None
        self._guard_lock = threading.Lock()
        # Round trips: what this run's statements wrote, and the answers it may reuse.
        self.known = KnownAnswers(knowledge.RunKnowledge(enabled=run_knowledge_enabled()))

    @property
    def write_guard(self) -> gate.WriteGuard:
        # Imported with the first connection, not with the adapter: the gate brings the guard's
        # SQL reader (sqlglot), which `dbt parse` and `dbt ls` never need.
        from dbt.adapters.databricks_envs import gate

        if self._guard is None:
            with self._guard_lock:
                if self._guard is None:
                    credentials = cast(DatabricksEnvsCredentials, self.profile.credentials)
                    self._guard = gate.WriteGuard.for_profile(
                        mode=credentials.write_guard,
                        environment=environment.resolve(environment_inputs(self.profile)),
                        write_catalogs=credentials.write_catalogs,
                        write_metastore=credentials.write_metastore,
                        catalog=credentials.database,
                    )
        return self._guard

    def set_connection_name(self, *args: Any, **kwargs: Any) -> Connection:
        from dbt.adapters.databricks_envs import gate

        # Every dbt connection is named here before it opens; `open` (a classmethod) finds the
        # guard on it and puts it on the session.
        connection = super().set_connection_name(*args, **kwargs)
        setattr(connection, gate.GUARD_ATTRIBUTE, self.write_guard)
        setattr(connection, knowledge.KNOWLEDGE_ATTRIBUTE, self.known.knowledge)
        return connection

    @classmethod
    def open(cls, connection: Connection) -> Connection:
        if connection.state == "open":
            return connection
        from dbt.adapters.databricks_envs import gate

        credentials = cast(DatabricksEnvsCredentials, connection.credentials)
        local_mode.start(credentials)
        databricks_connection = cast(DatabricksDBTConnection, connection)
        if databricks_connection.http_path == local_mode.PLACEHOLDER_HTTP_PATH:
            databricks_connection.http_path = credentials.http_path or ""
        reachability.ensure_reachable(credentials.host or "")
        # A model on another compute reaches its own warehouse on a local one too.
        connection.credentials = local_mode.for_http_path(
            credentials, databricks_connection.http_path
        )
        opened = super().open(connection)
        # A new session starts in the profile's catalog.
        write_guard = getattr(connection, gate.GUARD_ATTRIBUTE, None)
        gate.attach(opened.handle, write_guard, credentials.database)
        run_knowledge = getattr(connection, knowledge.KNOWLEDGE_ATTRIBUTE, None)
        if run_knowledge is not None:
            knowledge.observe(opened.handle, run_knowledge)
        return opened
