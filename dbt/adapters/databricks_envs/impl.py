"""The adapter of ``type: databricks_envs``: dbt-databricks, environment-aware."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from dbt.adapters.base import BaseRelation, available
from dbt.adapters.base.impl import AdapterTrackingRelationInfo
from dbt.adapters.contracts.connection import AdapterResponse
from dbt.adapters.contracts.relation import RelationConfig
from dbt.adapters.databricks.impl import DatabricksAdapter
from dbt.adapters.events.logging import AdapterLogger
from dbt_common.behavior_flags import BehaviorFlag
from dbt_common.exceptions import CompilationError

from dbt.adapters import __about__ as about
from dbt.adapters.databricks_envs import (
    environment,
    known_answers,
    local_mode,
    preflight,
    shadowing,
)
from dbt.adapters.databricks_envs.__version__ import version
from dbt.adapters.databricks_envs.connections import (
    DatabricksEnvsConnectionManager,
    environment_inputs,
)
from dbt.adapters.databricks_envs.credentials import DatabricksEnvsCredentials
from dbt.adapters.databricks_envs.knowledge import EVERYTHING
from dbt.adapters.databricks_envs.preflight import outputs, probe, rest
from dbt.adapters.databricks_envs.rules import RuleError

if TYPE_CHECKING:
    from agate import Table

logger = AdapterLogger("databricks_envs")


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

    def debug_query(self) -> None:
        super().debug_query()
        # `dbt debug` shows what routing will do, in one line (shadowing.py).
        logger.info(shadowing.debug_line(self.config))

    def submit_python_job(self, parsed_model: dict, compiled_code: str) -> AdapterResponse:
        # Submitted through the Jobs API, not SQL: the gate never sees it.
        self.connections.write_guard.review_python_model(
            parsed_model.get("database"),
            str(parsed_model.get("schema")),
            str(parsed_model.get("alias") or parsed_model.get("name")),
        )
        # Nor does the run's record of its writes: its code may write anything.
        with self.connections.known.knowledge.writing(EVERYTHING):
            return super().submit_python_job(parsed_model, compiled_code)

    # Round trips (known_answers.py): metadata questions this run can already answer.

    @property
    def _behavior_flags(self) -> list[BehaviorFlag]:
        return known_answers.with_describe_as_json(super()._behavior_flags)

    def execute(
        self,
        sql: str,
        auto_begin: bool = False,
        fetch: bool = False,
        limit: int | None = None,
        *,
        staging_table: BaseRelation | None = None,
    ) -> tuple[AdapterResponse, Table]:
        if fetch and limit is None and staging_table is None:

            def send(text: str) -> tuple[AdapterResponse, Table]:
                return super(DatabricksEnvsAdapter, self).execute(
                    text, auto_begin=auto_begin, fetch=True
                )

            known = self.connections.known.answer(sql, send, self._listed_absent)
            if known is not None:
                return known
        return super().execute(
            sql, auto_begin=auto_begin, fetch=fetch, limit=limit, staging_table=staging_table
        )

    def _listed_absent(self, database: str, schema: str, identifier: str) -> bool:
        """Whether dbt's relation cache listed this schema and has no such relation in it."""
        if (database, schema) not in self.cache:
            return False
        wanted = identifier.lower()
        relations = self.cache.get_relations(database, schema)
        return all((relation.identifier or "").lower() != wanted for relation in relations)

    @available
    def databricks_envs_route(self, question: str, name: str | None, default: str | None) -> str:
        """The routing rules' answer (``_dbenvs_decide``) for this invocation, memoized.

        The inputs are read here rather than in Jinja: dbt asks twice per node, and every macro
        call and env_var() costs at parse time. dbt still re-parses when they change: vars,
        target and profile are in its partial-parsing check, and the env vars the rules read
        are added to it (``routing_env`` in credentials.py).
        """
        # Memoized per invocation: dbt makes one adapter each (adapter_management() resets
        # them), and the env vars the rules read do not change during one. Reading them per call
        # cost about 10 µs, three times per parsed node.
        routes: dict[tuple[Any, ...], str] = self.__dict__.setdefault("_dbenvs_routes", {})
        key = (question, name, default)
        answer = routes.get(key)
        if answer is None:
            try:
                given = environment_inputs(self.config)
                answer = routes[key] = environment.decide(question, name, default, given)
            except RuleError as error:
                raise CompilationError(str(error)) from None
        return answer

    # Preflight (macros/preflight/): the facts only the adapter can gather, and its files.

    @available
    def databricks_envs_preflight_rest(self, computes: list[str] | None = None) -> dict[str, Any]:
        """Who is calling, its tokens and the warehouse's state, over REST (three calls), each
        named compute's warehouse state and permissions (two calls each), and the http_path
        really used (``host: local`` learns it when its warehouse starts)."""
        credentials = cast(DatabricksEnvsCredentials, self.config.credentials)
        # Runs before any statement, so `host: local` may not have started its warehouse yet.
        local_mode.start(credentials)
        manager = credentials.authenticate()
        client = rest.RestClient(host=credentials.host or "", headers=manager.header_factory)
        warehouse_id = preflight.warehouse_id(credentials.http_path)
        defined = credentials.compute or {}
        named = {
            # "" for a compute that names no SQL warehouse (a cluster).
            name: preflight.warehouse_id((defined.get(name) or {}).get("http_path")) or ""
            if name in defined
            else None
            for name in computes or []
        }
        facts = rest.facts(client, warehouse_id, bool(credentials.token), named)
        facts.update(http_path=credentials.http_path, uses_token=bool(credentials.token))
        return preflight.redact(facts, self._preflight_secrets())

    @available
    def databricks_envs_preflight_probe(self, catalogs: list[str]) -> dict[str, Any]:
        """``mode: active``: a scratch schema and table created and dropped in each catalog."""

        def execute(sql: str) -> None:
            self.execute(sql, auto_begin=False, fetch=False)

        return preflight.redact(probe.probe(execute, catalogs), self._preflight_secrets())

    @available
    def databricks_envs_preflight_write(
        self, report: dict[str, Any], markdown: str = ""
    ) -> dict[str, str]:
        """Writes target/preflight.json and target/preflight_grants.sql, and appends the
        Markdown verdict to $GITHUB_STEP_SUMMARY when it is set; returns the paths written."""
        secrets = self._preflight_secrets()
        clean = preflight.redact(report, secrets)
        written = outputs.write(self.config.project_target_path, clean)
        summary = outputs.append_step_summary(preflight.redact(markdown, secrets))
        if summary:
            written["summary"] = summary
        return written

    @available
    def databricks_envs_state_relations(self, state: str) -> dict[str, dict[str, str]]:
        """unique_id -> {database, schema, alias} of the models, seeds and snapshots in the
        manifest of ``--state`` (what `--defer` reads instead of unselected nodes). A relative
        folder is found from the working directory, as dbt's --state is, else the project."""
        found = outputs.state_relations(state)
        if not found and not Path(state).is_absolute():
            found = outputs.state_relations(Path(self.config.project_root) / state)
        return found

    @available
    def databricks_envs_try_execute(self, sql: str) -> str | None:
        """Runs one statement; its error's text instead of raising (for an operation that
        reports each outcome in a table, like cleanup_ci_schemas)."""
        try:
            self.execute(sql, auto_begin=False, fetch=False)
        except Exception as error:
            text = " ".join(str(error).split())
            return preflight.redact(text, self._preflight_secrets())
        return None

    def _preflight_secrets(self) -> list[str]:
        credentials = cast(DatabricksEnvsCredentials, self.config.credentials)
        secrets = (credentials.token, credentials.client_secret, credentials.azure_client_secret)
        return [secret for secret in secrets if secret]
