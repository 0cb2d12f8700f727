"""The plan cache: every reuse of a translation or of a result, with one key and one rule.

**Key.** A plan is kept under ``(statement text, current catalog, current schema, principal,
principal's groups, policy generation)``:

- a plan holds only what the text and the session's names determine (see ``plan.py``):
  everything that depends on the catalog's state is looked up when the plan runs, so a table
  created, dropped or altered since does not make a plan stale;
- the principal and groups, because reading a relation with a row filter or column masks is
  translated per reader (see ``translate/protection.py``);
- the policy generation (``Mirror.policy_generation``), which moves whenever a row filter or a
  mask is set or dropped, or a protected relation changes.

**Validity.** A kept plan is used only while every one-part name it resolved still resolves
the same way: to one of the session's temporary views, or not (``Plan.one_part``). That is the
only session state a translation reads besides the key.

**Families.** Whether a statement's plan is kept at all is declared by its family
(``statements/family.py``: ``Caching``); USE and SET change the session and are planned again.

**Results.** A plan whose family allows it and which reads nothing but information_schema or
system tables (``Plan.reusable_result``) also has its result kept, with the generations of
those tables when it ran; it is reused while they are the same. The access check runs again
on every reuse.

**Templates.** A query whose shape has parameters (``translate/templates.py``) is translated
once per shape: its layout and its binder are kept under the same key with the shape in place
of the text, and the plan they make is kept under the statement's own key.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

from dbt.adapters.databricks_envs.local.api import Principal, Result
from dbt.adapters.databricks_envs.local.engine.plan import Plan, SessionState
from dbt.adapters.databricks_envs.local.engine.results import Parameters
from dbt.adapters.databricks_envs.local.engine.translate.templates import Layout

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

# The text of a statement, or the shape of a query (see templates.py), then the session.
Key = tuple[Hashable, str, str, str, frozenset[str], int]


class LruCache(Generic[K, V]):
    """A bounded mapping that forgets the least recently used entry first."""

    def __init__(self, size: int = 4096) -> None:
        self._entries: OrderedDict[K, V] = OrderedDict()
        self._size = size
        self._lock = threading.Lock()

    def get(self, key: K) -> V | None:
        with self._lock:
            value = self._entries.get(key)
            if value is not None:
                self._entries.move_to_end(key)
            return value

    def put(self, key: K, value: V) -> None:
        with self._lock:
            self._entries[key] = value
            if len(self._entries) > self._size:
                self._entries.popitem(last=False)


def key(text: Hashable, state: SessionState, principal: Principal, policy_generation: int) -> Key:
    """The plan cache's one key (see the module's documentation)."""
    return (
        text,
        state.catalog,
        state.schema,
        principal.name,
        principal.groups,
        policy_generation,
    )


def valid(plan: Plan, temp_views: set[str]) -> bool:
    """The plan cache's one validity rule (see the module's documentation)."""
    return all((name in temp_views) == was_temp for name, was_temp in plan.one_part)


class PlanCache:
    def __init__(self) -> None:
        self._plans: LruCache[Key, list[Plan]] = LruCache()
        # Query shapes: which literals are parameters (False: none); then their binders by
        # the values of the fixed literals.
        self._layouts: LruCache[Key, Layout | bool] = LruCache()
        self._binders: LruCache[Hashable, Callable[[Parameters], Plan]] = LruCache()
        self._results: LruCache[Key, tuple[tuple[int, ...], Result]] = LruCache(1024)

    def plans(self, key: Key, temp_views: set[str]) -> list[Plan] | None:
        plans = self._plans.get(key)
        if plans is not None and all(valid(p, temp_views) for p in plans):
            return plans
        return None

    def keep(self, key: Key, plans: list[Plan]) -> None:
        if all(p.cacheable for p in plans):
            self._plans.put(key, plans)

    def layout(self, shape_key: Key) -> Layout | bool | None:
        return self._layouts.get(shape_key)

    def keep_layout(self, shape_key: Key, layout: Layout | bool) -> None:
        self._layouts.put(shape_key, layout)

    def binder(self, template_key: Hashable) -> Callable[[Parameters], Plan] | None:
        return self._binders.get(template_key)

    def keep_binder(self, template_key: Hashable, bind: Callable[[Parameters], Plan]) -> None:
        self._binders.put(template_key, bind)

    def result(self, key: Key, generations: tuple[int, ...]) -> Result | None:
        kept = self._results.get(key)
        return kept[1] if kept is not None and kept[0] == generations else None

    def keep_result(self, key: Key, generations: tuple[int, ...], result: Result) -> None:
        self._results.put(key, (generations, result))
