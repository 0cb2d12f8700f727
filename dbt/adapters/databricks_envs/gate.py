"""The write guard's gate: the last point before the wire, one per Databricks session.

dbt-databricks sends every statement through a ``databricks.sql`` connection: ``add_query``,
``execute``, hooks, ``run_query``, the handle and cursor it hands to Jinja, ``run_sql_for_tests``
and preflight's probe all end in that connection's backend, whose ``execute_command`` receives
the final text — bindings already substituted, as dbt-databricks makes the connector render
them inline. The gate wraps that one method on each session dbt-databricks opens, so no route
around it exists: the text checked is the text sent.

The gate also knows the session's current catalog, which unqualified names resolve against. It
starts as the catalog the session was opened in, and changes only after the warehouse accepted
a ``USE``. When it cannot be known (a statement that may have changed it failed, or one the
guard could not read was sent in ``warn`` mode), the next unqualified write asks the session
(``SELECT current_catalog()``) rather than guess.
"""

from __future__ import annotations

from typing import Any

from dbt.adapters.events.logging import AdapterLogger
from dbt_common.exceptions import DbtRuntimeError

from dbt.adapters.databricks_envs import guard, versions

logger = AdapterLogger("databricks_envs")

# Stands for a current catalog the gate does not know; no real name can contain a NUL.
UNKNOWN = "\x00unknown"
# Where the connection manager leaves each connection's guard for ``open`` to attach.
GUARD_ATTRIBUTE = "_databricks_envs_guard"


class WriteRefused(DbtRuntimeError):
    """A statement the write guard stopped before it was sent."""

    def __str__(self, prefix: str = "! ") -> str:
        return self.msg


class WriteGuard:
    """What the profile allows: the catalogs this environment may write to, and whether it may
    change the metastore above them."""

    def __init__(
        self,
        mode: str,
        environment: str,
        allowed: frozenset[str] | None,
        metastore: bool,
    ) -> None:
        self.mode = mode
        self.environment = environment
        self.allowed = allowed
        self.metastore = metastore

    @classmethod
    def for_profile(
        cls,
        *,
        mode: str,
        environment: str,
        write_catalogs: list[str] | None,
        write_metastore: bool | None,
        catalog: str | None,
    ) -> WriteGuard:
        """Defaults: dev and ci write only the target's catalog and never above the catalogs;
        staging and prod are unrestricted unless the profile says otherwise."""
        restricted = environment in ("dev", "ci")
        allowed: frozenset[str] | None
        if write_catalogs is not None:
            allowed = frozenset(write_catalogs)
        elif restricted:
            allowed = frozenset({(catalog or "").lower()})
        else:
            allowed = None
        metastore = (not restricted) if write_metastore is None else write_metastore
        return cls(mode, environment, allowed, metastore)

    def read(self, sql: str, catalog: str) -> guard.Analysis | None:
        """What ``sql`` writes; None when the guard cannot tell, after refusing it (enforce)
        or logging that it goes unchecked (warn)."""
        try:
            return guard.analyze(sql, catalog)
        except guard.UnparsableWrite as unparsable:
            self._refuse(str(unparsable), f"{unparsable.kind} statement: {unparsable.reason}")
            return None

    def review_python_model(self, database: str | None, schema: str, identifier: str) -> None:
        """A Python model is submitted as a job, not SQL: its target relation is checked before
        the submission."""
        if self.mode == "off":
            return
        catalog = (database or "").lower()
        target = guard.Write(catalog, f"{database}.{schema}.{identifier}", "python")
        self.enforce(guard.Analysis((target,), catalog))

    def enforce(self, analysis: guard.Analysis) -> None:
        for violation in guard.check(
            analysis, self.allowed, self.environment, metastore=self.metastore
        ):
            self._refuse(violation.message, violation.reason)

    def _refuse(self, message: str, reason: str) -> None:
        if self.mode == "enforce":
            raise WriteRefused(message)
        logger.warning(f"dbt-databricks-envs write guard (write_guard: warn): {reason}")


class SessionGate:
    """Checks every statement one session sends, and tracks its current catalog."""

    def __init__(self, write_guard: WriteGuard, connection: Any, backend: Any, catalog: str):
        self._guard = write_guard
        self._connection = connection
        self.catalog: str | None = catalog.lower() if catalog else None
        self._send = backend.execute_command
        backend.execute_command = self.execute_command

    def execute_command(self, operation: str, *args: Any, **kwargs: Any) -> Any:
        changes, after = self._review(operation)
        try:
            result = self._send(operation, *args, **kwargs)
        except BaseException:
            if changes:
                self.catalog = None  # a USE in it may or may not have run
            raise
        if changes:
            # Sent asynchronously, it has not been accepted yet.
            self.catalog = None if kwargs.get("async_op") else after
        return result

    def _review(self, sql: str) -> tuple[bool, str | None]:
        """Whether ``sql`` may change the current catalog, and the catalog it leaves (None if
        that cannot be known)."""
        before = self.catalog if self.catalog is not None else UNKNOWN
        analysis = self._guard.read(sql, before)
        if analysis is not None and any(write.catalog == UNKNOWN for write in analysis.writes):
            self.catalog = before = self._ask()
            analysis = self._guard.read(sql, before)
        if analysis is None:
            return True, None
        self._guard.enforce(analysis)
        after = analysis.current_catalog
        return after != before, (None if after == UNKNOWN else after)

    def _ask(self) -> str:
        """The session's current catalog, from the session itself."""
        with self._connection.cursor() as cursor:
            cursor.execute("SELECT current_catalog()")
            row = cursor.fetchone()
        return str(row[0]).lower()


def attach(handle: Any, write_guard: WriteGuard | None, catalog: str | None) -> None:
    """Puts a gate on the session behind a dbt-databricks handle (``DatabricksHandle``)."""
    if write_guard is None:
        raise DbtRuntimeError(_cannot("this connection was opened without its write guard"))
    if write_guard.mode == "off":
        return
    connection = getattr(handle, "_conn", None)
    backend = getattr(getattr(connection, "session", None), "backend", None)
    if not callable(getattr(backend, "execute_command", None)) or not callable(
        getattr(connection, "cursor", None)
    ):
        raise DbtRuntimeError(_cannot("its session has a shape this release does not know"))
    SessionGate(write_guard, connection, backend, catalog or "")


def _cannot(why: str) -> str:
    found = ", ".join(
        f"{name} {versions.installed(name)}"
        for name in ("dbt-databricks", "databricks-sql-connector")
    )
    return (
        f"dbt-databricks-envs cannot put its write guard on this connection: {why} ({found}). "
        f"{versions.SUPPORTED_SENTENCE} To run without the guard, set write_guard: off."
    )
