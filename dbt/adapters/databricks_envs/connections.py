"""The connection manager of ``type: databricks_envs``: dbt-databricks', plus

- the write guard, checking every statement before it is sent;
- a bounded reachability check of the host before the first connection;
- ``host: local``, the embedded local warehouse.
"""

from __future__ import annotations

import threading
from multiprocessing.context import SpawnContext
from typing import Any, cast

from dbt.adapters.contracts.connection import AdapterRequiredConfig, Connection
from dbt.adapters.databricks.connections import DatabricksConnectionManager, DatabricksDBTConnection
from dbt.adapters.events.logging import AdapterLogger
from dbt_common.exceptions import DbtRuntimeError

from dbt.adapters.databricks_envs import environment, local_mode, reachability
from dbt.adapters.databricks_envs.credentials import DatabricksEnvsCredentials

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


class WriteGuard:
    """Refuses (or warns about) SQL writing outside the catalogs this environment may write to."""

    def __init__(self, credentials: DatabricksEnvsCredentials, env: str) -> None:
        self.mode = credentials.write_guard
        self.environment = env
        self.allowed: frozenset[str] | None
        if credentials.write_catalogs is not None:
            self.allowed = frozenset(credentials.write_catalogs)
        elif env in ("dev", "ci"):
            self.allowed = frozenset({(credentials.database or "").lower()})
        else:
            self.allowed = None

    def inspect(self, sql: str, current_catalog: str) -> str:
        """Checks ``sql``; returns the session's current catalog after it."""
        from dbt.adapters.databricks_envs import guard

        try:
            analysis = guard.analyze(sql, current_catalog)
        except guard.UnparsableWrite as unparsable:
            self._refuse(str(unparsable), str(unparsable))
            return current_catalog
        for violation in guard.check(analysis, self.allowed, self.environment):
            self._refuse(violation.message, violation.reason)
        return analysis.current_catalog

    def _refuse(self, message: str, reason: str) -> None:
        if self.mode == "enforce":
            raise DbtRuntimeError(message)
        logger.warning(f"dbt-databricks-envs write guard (write_guard: warn): {reason}")


class DatabricksEnvsConnectionManager(DatabricksConnectionManager):
    TYPE: str = "databricks_envs"

    def __init__(self, profile: AdapterRequiredConfig, mp_context: SpawnContext) -> None:
        super().__init__(profile, mp_context)
        credentials = cast(DatabricksEnvsCredentials, profile.credentials)
        if credentials.host == local_mode.LOCAL_HOST:
            local_mode.resolve_paths(credentials, getattr(profile, "project_root", None))
        local_mode.install_probe_shortcut(credentials.host)
        self._guard: WriteGuard | None = None
        self._guard_lock = threading.Lock()

    @property
    def write_guard(self) -> WriteGuard:
        if self._guard is None:
            with self._guard_lock:
                if self._guard is None:
                    credentials = cast(DatabricksEnvsCredentials, self.profile.credentials)
                    env = environment.resolve(environment_inputs(self.profile))
                    self._guard = WriteGuard(credentials, env)
        return self._guard

    def add_query(self, sql: str, *args: Any, **kwargs: Any) -> tuple[Connection, Any]:
        guard = self.write_guard
        if guard.mode != "off":
            connection = self.get_thread_connection()
            current = getattr(connection, "current_catalog", None) or (
                connection.credentials.database or ""
            )
            # Tracked per connection: each dbt thread has its own session and USE state.
            connection.current_catalog = guard.inspect(sql, current)  # type: ignore[attr-defined]
        return super().add_query(sql, *args, **kwargs)

    @classmethod
    def open(cls, connection: Connection) -> Connection:
        if connection.state == "open":
            return connection
        credentials = cast(DatabricksEnvsCredentials, connection.credentials)
        local_mode.start(credentials)
        databricks_connection = cast(DatabricksDBTConnection, connection)
        if databricks_connection.http_path == local_mode.PLACEHOLDER_HTTP_PATH:
            databricks_connection.http_path = credentials.http_path or ""
        reachability.ensure_reachable(credentials.host or "")
        # A new session starts in the profile's catalog.
        connection.current_catalog = None  # type: ignore[attr-defined]
        return super().open(connection)
