"""A session: its own DuckDB cursor, current catalog and schema, temporary views and settings.

Every statement is parsed, planned (or taken from the plan cache), authorized, then run. Reads
run concurrently on each session's cursor; writes take the engine's write lock and run in one
transaction, so a failed statement leaves nothing half done.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Hashable
from datetime import datetime
from typing import TYPE_CHECKING, TypeVar

import duckdb
import pyarrow as pa

from dbt.adapters.databricks_envs.local.api import Principal, Result, WarehouseError
from dbt.adapters.databricks_envs.local.engine import duck_errors, errors, plan_cache, statements
from dbt.adapters.databricks_envs.local.engine.plan import Plan, SessionState
from dbt.adapters.databricks_envs.local.engine.storage.catalogs import CatalogFiles
from dbt.adapters.databricks_envs.local.engine.storage.mirror import Mirror
from dbt.adapters.databricks_envs.local.engine.storage.names import RelName
from dbt.adapters.databricks_envs.local.engine.translate import parse, templates, tokens
from dbt.adapters.databricks_envs.local.engine.translate.context import Context
from dbt.adapters.databricks_envs.local.engine.translate.expressions import SessionValues
from dbt.adapters.databricks_envs.local.engine.translate.functions import session_identity
from dbt.adapters.databricks_envs.local.engine.translate.names import Namespace

if TYPE_CHECKING:
    from dbt.adapters.databricks_envs.local.engine.engine import DuckDBEngine

T = TypeVar("T")

# Statements that read catalog metadata only, by their first word.
_METADATA_STATEMENTS = frozenset({"DESCRIBE", "DESC", "SHOW"})

# How often a statement waiting for the write lock checks whether it was cancelled.
_LOCK_POLL_SECONDS = 0.05


class DuckDBSession:
    def __init__(
        self, engine: DuckDBEngine, principal: Principal, catalog: str, schema: str
    ) -> None:
        self._engine = engine
        self._principal = principal
        self._cursor = engine.cursor()
        # Who calls a SQL function, for its current_user() (see functions.py).
        for statement in session_identity(principal.name, principal.groups):
            self._cursor.execute(statement)
        self._state = SessionState(catalog=catalog, schema=schema)
        self._pending: list[Callable[[], None]] = []
        self._interrupted = threading.Event()
        # The generation of each information_schema or system table registered on the cursor.
        self._registered: dict[str, int] = {}

    # The api.Session protocol.

    @property
    def current_catalog(self) -> str:
        return self._state.catalog

    @property
    def current_schema(self) -> str:
        return self._state.schema

    def execute(self, sql: str) -> Result:
        self._interrupted.clear()
        sql = tokens.without_leading_comments(sql)
        access = self._engine.access
        if access is not None:
            state = self._state
            granted = access.statement(self._principal, sql, state.catalog, state.schema)
            if granted is not None:
                return granted
        key = self._plan_key(sql)
        plans = self._known_plans(key, sql)
        if plans is not None:
            if len(plans) == 1 and plans[0].reusable_result:
                return self._reuse(key, plans[0])
            return self._run_all(plans)
        parsed = parse.parse(sql)
        if len(parsed) == 1:
            plan = statements.plan(parsed[0], self._context(sql))
            self._engine.plan_cache.keep(key, [plan])
            return self._run(plan)
        result = None
        for statement in parsed:
            result = self._run(statements.plan(statement, self._context(sql)))
        assert result is not None
        return result

    def reads_metadata_only(self, sql: str) -> bool:
        sql = tokens.without_leading_comments(sql)
        words = sql[:9].split(maxsplit=1)
        if words and words[0].upper() in _METADATA_STATEMENTS:
            return True
        plans = self._known_plans(self._plan_key(sql), sql)
        return plans is not None and all(p.metadata_only for p in plans)

    def interrupt(self) -> None:
        self._interrupted.set()
        self._cursor.interrupt()

    def close(self) -> None:
        self._cursor.close()

    # The plan.Runtime protocol.

    @property
    def cursor(self) -> duckdb.DuckDBPyConnection:
        return self._cursor

    @property
    def mirror(self) -> Mirror:
        return self._engine.mirror

    @property
    def files(self) -> CatalogFiles:
        return self._engine.files

    @property
    def principal(self) -> Principal:
        return self._principal

    @property
    def state(self) -> SessionState:
        return self._state

    def now(self) -> datetime:
        return self._engine.clock()

    def sees_catalog(self, catalog: str) -> bool:
        access = self._engine.access
        return access is None or access.sees_catalog(self._principal, catalog)

    def visible(self, table: str, rows: pa.Table) -> pa.Table:
        access = self._engine.access
        return rows if access is None else access.visible(self._principal, table, rows)

    def write(self, work: Callable[[], T]) -> T:
        with self._write_lock():
            self._pending = []
            self._cursor.execute("BEGIN")
            try:
                result = work()
                self._cursor.execute("COMMIT")
            except BaseException:
                self._rollback()
                raise
            self._after_commit()
            return result

    def after_commit(self, refresh: Callable[[], None]) -> None:
        self._pending.append(refresh)

    def exclusive(self, work: Callable[[], T]) -> T:
        with self._write_lock():
            return work()

    # Internals.

    def _plan_key(self, sql: Hashable) -> plan_cache.Key:
        return plan_cache.key(
            sql, self._state, self._principal, self._engine.mirror.policy_generation
        )

    def _context(self, sql: str) -> Context:
        state = self._state
        return Context(
            ns=Namespace(state.catalog, state.schema, frozenset(state.temp_views)),
            values=SessionValues(
                catalog=state.catalog,
                schema=state.schema,
                user=self._principal.name,
                groups=self._principal.groups,
            ),
            text=sql,
            policies=self._engine.mirror.policies(),
        )

    def _known_plans(self, key: plan_cache.Key, sql: str) -> list[Plan] | None:
        """The plans of ``sql`` from the plan cache or through its template, if it has one
        (then cached), without parsing it."""
        cache = self._engine.plan_cache
        plans = cache.plans(key, self._state.temp_views)
        if plans is not None:
            return plans
        templated = self._templated(sql)
        if templated is None:
            return None
        cache.keep(key, [templated])
        return [templated]

    def _templated(self, sql: str) -> Plan | None:
        """The plan of a query through its template, if its shape has one (templates.py)."""
        shape = templates.shape_of(sql)
        if shape is None or shape.parameterized is None:
            return None
        cache = self._engine.plan_cache
        shape_key = self._plan_key(shape.key)
        layout = cache.layout(shape_key)
        if layout is None:
            try:
                tree = parse.parse_one(shape.parameterized)
            except WarehouseError:
                tree = None
            layout = (tree is not None and templates.layout(tree, shape)) or False
            cache.keep_layout(shape_key, layout)
        if layout is False or layout is True:
            return None
        template_key = (shape_key, layout.fixed(shape))
        bind = cache.binder(template_key)
        if bind is None:
            bind = statements.template(layout.instantiate(shape), self._context(sql))
            cache.keep_binder(template_key, bind)
        plan = bind(layout.parameters(shape))
        return plan if plan_cache.valid(plan, self._state.temp_views) else None

    def _reuse(self, key: plan_cache.Key, plan: Plan) -> Result:
        """The result of the same question asked before, unless what it read has changed."""
        generations = tuple(self._engine.generation(t) for t in plan.info_tables)
        cache = self._engine.plan_cache
        reused = cache.result(key, generations)
        if reused is not None:
            self._engine.authorizer(self._principal, plan.accesses)
            return reused
        result = self._run(plan)
        cache.keep_result(key, generations, result)
        return result

    def _run_all(self, plans: list[Plan]) -> Result:
        result = None
        for plan in plans:
            result = self._run(plan)
        assert result is not None
        return result

    def _run(self, plan: Plan) -> Result:
        try:
            self._engine.authorizer(self._principal, plan.accesses)
            for table in plan.info_tables:
                self._register(table)
            return plan.run(self)
        except WarehouseError:
            raise
        except duckdb.Error as e:
            raise duck_errors.translate(e, plan.relations, self._exists) from None

    def _register(self, table: str) -> None:
        served = self._engine.served_table(table)
        if served is None:
            return
        view, generation, arrow = served
        if self._registered.get(table) != generation:
            self._cursor.register(view, self.visible(table, arrow))
            self._registered[table] = generation

    def _exists(self, name: RelName) -> bool:
        return self._engine.mirror.relation(name) is not None

    def _write_lock(self) -> _Held:
        lock = self._engine.write_lock
        while not lock.acquire(timeout=_LOCK_POLL_SECONDS):
            if self._interrupted.is_set():
                raise errors.cancelled()
        return _Held(lock)

    def _rollback(self) -> None:
        # A failure may already have ended the transaction: then there is nothing to undo.
        with contextlib.suppress(duckdb.Error):
            self._cursor.execute("ROLLBACK")

    def _after_commit(self) -> None:
        pending, self._pending = self._pending, []
        for refresh in pending:
            refresh()


class _Held:
    """A lock already acquired, released when the ``with`` block ends."""

    def __init__(self, lock: threading.Lock) -> None:
        self._lock = lock

    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        self._lock.release()
