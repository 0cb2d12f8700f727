"""What this run's own statements changed in the warehouse, and since when.

dbt-databricks asks the warehouse, model after model, things the run can already tell (see
``known_answers.py``). An answer the run learnt earlier stays true while nothing changes the
relation it is about; this module keeps the record that decides it.

Every statement any session of the adapter sends passes ``observe``'s wrapper, on the method the
write guard's gate wraps (the connector session's ``execute_command``), so hooks, ``run_query``
and the raw handle count as much as materializations, from every thread. The guard's reader
(``guard.analyze``) names what a statement writes. Each relation written gets a stamp from one
counter when the statement starts and another when it ends, and counts as being written in
between; a write whose targets cannot be read (an unreadable statement, a schema dropped or
altered, a catalog or share changed, a Python model's job) stamps every relation.

An answer learnt from a statement sent at stamp ``s`` stays valid for relation ``r`` while ``r``
has no stamp after ``s`` and no write of it is under way (``unchanged_since``). Relations are
identified by their name's last part, lower case: a write to ``other_schema.orders`` also
invalidates what is known of ``main.sales.orders``, which costs a round trip, never a wrong
answer. A statement sent asynchronously may still be running when the connector returns: its
relations stay "being written" for the rest of the run.
"""

from __future__ import annotations

import re
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from dbt.adapters.events.logging import AdapterLogger

if TYPE_CHECKING:
    from dbt.adapters.databricks_envs import guard

logger = AdapterLogger("databricks_envs")

# Where the connection manager leaves the run's knowledge for ``open`` to observe with.
KNOWLEDGE_ATTRIBUTE = "_databricks_envs_knowledge"

# An unquoted part is a plain identifier: anything else (``IDENTIFIER('c.s.t')``, a function
# call, a quote) does not read as a name, so the write counts as a write of everything.
_PART = r"(?:`(?:[^`]|``)*`|\w+)"
_NAME = rf"{_PART}(?:\.{_PART})*"
_RELATION = re.compile(_NAME)
# `ALTER TABLE p DROP PRIMARY KEY | CONSTRAINT c CASCADE` (dbt-databricks' alter_unset_constraint
# sends it) also drops the foreign keys of other tables that reference p: they are not named.
_CASCADING_DROP = re.compile(
    r"\bDROP\s+(?:PRIMARY\s+KEY|CONSTRAINT)\b[^;]*\bCASCADE\b", re.IGNORECASE
)
_COLUMN = re.compile(rf"COLUMN ({_NAME})")
_RENAME = re.compile(rf"({_NAME}) to ({_NAME})")
_SCHEMA = re.compile(rf"(?:SCHEMA|DATABASE|NAMESPACE) {_NAME}")


def name_parts(name: str) -> list[str]:
    """The parts of a (possibly backticked) dotted name, unquoted, lower case."""
    parts = re.findall(_PART, name)
    return [
        (part[1:-1].replace("``", "`") if part.startswith("`") else part).lower() for part in parts
    ]


@dataclass(frozen=True)
class Writes:
    """What one statement writes: relation identifiers (lower case), or everything."""

    identifiers: tuple[str, ...] = ()
    everything: bool = False

    def __bool__(self) -> bool:
        return self.everything or bool(self.identifiers)


EVERYTHING = Writes(everything=True)


def writes_in(sql: str) -> Writes:
    """The relations ``sql`` may change; ``EVERYTHING`` when that cannot be told."""
    from dbt.adapters.databricks_envs import guard  # with the first statement, not at parse

    if _CASCADING_DROP.search(sql):
        return EVERYTHING
    try:
        analysis = guard.analyze(sql, "")
    except Exception:  # UnparsableWrite, or anything the reader did not expect
        return EVERYTHING
    identifiers: list[str] = []
    for write in analysis.writes:
        written = _identifiers(write)
        if written is None:
            return EVERYTHING
        identifiers.extend(written)
    return Writes(tuple(dict.fromkeys(identifiers)))


def _identifiers(write: guard.Write) -> list[str] | None:
    """The relations one write changes (``Write.target`` is the name as written, after a kind
    word for anything but a relation: ``COLUMN c.s.t.x``, ``SCHEMA c.s``, ``a to b`` for a
    rename); None when it may change relations it does not name."""
    if write.metastore:
        return None
    target = write.target
    if _RELATION.fullmatch(target):
        return name_parts(target)[-1:]
    column = _COLUMN.fullmatch(target)
    if column:
        parts = name_parts(column.group(1))
        return parts[-2:-1] if len(parts) >= 2 else None
    rename = _RENAME.fullmatch(target)
    if rename:
        return name_parts(rename.group(1))[-1:] + name_parts(rename.group(2))[-1:]
    if write.action == "create" and _SCHEMA.fullmatch(target):
        return []  # a new schema holds no relation yet; IF NOT EXISTS leaves one as it was
    return None


class RunKnowledge:
    """The stamps of this run's writes; one per adapter, shared by its threads."""

    def __init__(self, enabled: bool = True) -> None:
        self._enabled = enabled
        self._lock = threading.Lock()
        self._clock = 0
        self._stamps: dict[str, int] = {}
        self._under_way: Counter[str] = Counter()
        self._everything_stamp = 0
        self._everything_under_way = 0

    @property
    def enabled(self) -> bool:
        return self._enabled

    def disable(self, reason: str) -> None:
        """From now on nothing is known: every question goes to the warehouse."""
        if self._enabled:
            logger.debug(f"databricks_envs: answering metadata from the run is off: {reason}")
        self._enabled = False

    def now(self) -> int:
        """A stamp to take just before sending a statement whose answer will be kept."""
        with self._lock:
            self._clock += 1
            return self._clock

    def starting(self, writes: Writes) -> None:
        with self._lock:
            self._clock += 1
            for identifier in writes.identifiers:
                self._stamps[identifier] = self._clock
                self._under_way[identifier] += 1
            if writes.everything:
                self._everything_stamp = self._clock
                self._everything_under_way += 1

    def ended(self, writes: Writes, finished: bool = True) -> None:
        """``finished`` False: the statement may still be running on the warehouse."""
        with self._lock:
            self._clock += 1
            for identifier in writes.identifiers:
                self._stamps[identifier] = self._clock
                if finished:
                    self._under_way[identifier] -= 1
            if writes.everything:
                self._everything_stamp = self._clock
                if finished:
                    self._everything_under_way -= 1

    @contextmanager
    def writing(self, writes: Writes) -> Iterator[None]:
        self.starting(writes)
        try:
            yield
        finally:
            self.ended(writes)

    def unchanged_since(self, identifier: str, stamp: int) -> bool:
        """Whether no statement of this run may have changed relation ``identifier`` since
        ``stamp`` (taken with ``now``)."""
        with self._lock:
            return (
                self._enabled
                and not self._everything_under_way
                and self._everything_stamp < stamp
                and not self._under_way[identifier]
                and self._stamps.get(identifier, 0) < stamp
            )

    def never_written(self, identifier: str) -> bool:
        """Whether no statement of this run may have written relation ``identifier``."""
        with self._lock:
            return self._enabled and not self._written_at_all() and identifier not in self._stamps

    def _written_at_all(self) -> bool:
        return bool(self._everything_stamp or self._everything_under_way)


def observe(handle: Any, knowledge: RunKnowledge) -> None:
    """Records the writes of every statement sent through a dbt-databricks handle's session."""
    connection = getattr(handle, "_conn", None)
    backend: Any = getattr(getattr(connection, "session", None), "backend", None)
    send = getattr(backend, "execute_command", None)
    if not callable(send):
        knowledge.disable("a session of an unknown shape cannot be observed")
        return

    def execute_command(operation: str, *args: Any, **kwargs: Any) -> Any:
        writes = writes_in(operation)
        if not writes:
            return send(operation, *args, **kwargs)
        knowledge.starting(writes)
        finished = False
        try:
            result = send(operation, *args, **kwargs)
            finished = not kwargs.get("async_op")
            return result
        finally:
            # A statement that failed on this side (a timeout, a dropped connection) may still
            # be running on the warehouse: like an asynchronous one, it stays under way.
            knowledge.ended(writes, finished=finished)

    backend.execute_command = execute_command
