"""information_schema tables as Arrow tables, built from the catalog mirror.

A table is rebuilt only when the mirror changed since it was last built, and a session
registers it again on its cursor only when it holds an older build, so the many metadata
queries dbt sends between two changes cost what a small query on an Arrow table costs, and a
change costs nothing until somebody asks.
"""

from __future__ import annotations

import itertools
import threading
from typing import Protocol

import duckdb
import pyarrow as pa

from dbt.adapters.databricks_envs.local.engine.introspect.info_rows import (
    PER_RELATION,
    ROWS,
    Rows,
    relations,
)
from dbt.adapters.databricks_envs.local.engine.introspect.information_schema import (
    TABLES,
    arrow_schema,
    view_name,
)
from dbt.adapters.databricks_envs.local.engine.storage.mirror import Mirror
from dbt.adapters.databricks_envs.local.engine.storage.model import RelationInfo
from dbt.adapters.databricks_envs.local.engine.storage.names import RelName, ident

PRIVILEGE_TABLES = (
    "catalog_privileges",
    "schema_privileges",
    "table_privileges",
    "routine_privileges",
)


def create_constant_tables(cursor: duckdb.DuckDBPyConnection) -> None:
    """The information_schema tables that are always empty here (constraints, tags, masks,
    filters, privileges), as tables of the in-memory database: nothing to register, ever."""
    for table in TABLES:
        if is_constant(table):
            columns = ", ".join(f"{ident(c)} {t}" for c, t in TABLES[table][0])
            cursor.execute(f"CREATE TABLE memory.main.{ident(view_name(table))} ({columns})")


def is_constant(table: str) -> bool:
    return not (table in ROWS or table in PER_RELATION or table in PRIVILEGE_TABLES)


# Tables with a row per declared key (or key column) only: a handful, so queries may join
# them as freely as the always-empty ones and still run at once (translate/query.py).
KEY_TABLES = frozenset(
    {"table_constraints", "key_column_usage", "referential_constraints", "constraint_column_usage"}
)


def is_small(table: str) -> bool:
    """Whether a join with this table cannot make a query long (empty, or a few key rows)."""
    return is_constant(table) or table in KEY_TABLES


class PrivilegeSource(Protocol):
    """Where the privilege tables' rows come from (the engine's access control)."""

    @property
    def version(self) -> int: ...

    def privilege_rows(self, table: str, mirror: Mirror) -> Rows: ...


class Snapshots:
    """The current Arrow table of each information_schema table, and its generation: a
    number that changes when, and only when, its content changes."""

    def __init__(self, mirror: Mirror) -> None:
        self._mirror = mirror
        # Without one, the privilege tables are empty.
        self.privileges: PrivilegeSource | None = None
        # table -> ((mirror generation, privileges version) seen, generation of the content,
        # the content)
        self._built: dict[str, tuple[tuple[int, int], int, pa.Table]] = {}
        self._content_generations = itertools.count(1)
        self._lock = threading.Lock()
        self._building = threading.Lock()
        # table -> relation name -> (the relation, its rows) as last built: relations are
        # immutable and replaced when they change, so a rebuild computes the rows of the
        # replaced ones only, and sees whether they changed. Used by builds only.
        self._relation_rows: dict[str, dict[RelName, tuple[RelationInfo, Rows]]] = {}

    def generation(self, table: str) -> int:
        return 0 if is_constant(table) else self.get(table)[0]

    def get(self, table: str) -> tuple[int, pa.Table]:
        with self._lock:
            built = self._built.get(table)
        if built is not None and built[0] == self._seen(table):
            return built[1], built[2]
        # One build at a time: whether the rows changed is known against the last build, so
        # a build must start from the one before it, and replace it together with its rows.
        with self._building:
            seen = self._seen(table)
            built = self._built.get(table)
            if built is not None and built[0] == seen:
                return built[1], built[2]
            content, arrow = self._build(table, built, seen)
            with self._lock:
                self._built[table] = (seen, content, arrow)
            return content, arrow

    def _seen(self, table: str) -> tuple[int, int]:
        """What the table's content follows: the mirror (only `tables` shows last_altered,
        which row changes move) and the privileges, which change what each principal sees."""
        source = self.privileges
        return (
            self._mirror.generation if table == "tables" else self._mirror.structure,
            source.version if source else 0,
        )

    def _build(
        self, table: str, built: tuple[tuple[int, int], int, pa.Table] | None, seen: tuple[int, int]
    ) -> tuple[int, pa.Table]:
        """The table's content generation and content, from the mirror as it is now."""
        source = self.privileges
        same_privileges = built is not None and built[0][1] == seen[1]
        # Whether the rows changed since the last build; None: known only by comparing.
        changed: bool | None = None
        if table in PER_RELATION:
            rows, changed = self._rows_by_relation(table)
        elif table in ROWS:
            rows = ROWS[table](self._mirror)
        else:
            rows = source.privilege_rows(table, self._mirror) if source else []
        if built is not None and same_privileges and changed is False:
            # Unchanged content keeps its generation, so sessions need not register it again.
            return built[1], built[2]
        arrow = as_arrow(table, rows)
        compare = changed is None and same_privileges
        if compare and built is not None and arrow.equals(built[2]):
            return built[1], built[2]
        return next(self._content_generations), arrow

    def _rows_by_relation(self, table: str) -> tuple[Rows, bool]:
        """The table's rows, and whether they changed since it was last built (called while
        building, so alone)."""
        rows_of = PER_RELATION[table]
        known = self._relation_rows.get(table, {})
        current: dict[RelName, tuple[RelationInfo, Rows]] = {}
        rows: Rows = []
        changed = False
        for relation in relations(self._mirror):
            cached = known.get(relation.name)
            if cached is None or cached[0] is not relation:
                entry = (relation, rows_of(relation))
                changed = changed or cached is None or cached[1] != entry[1]
                cached = entry
            current[relation.name] = cached
            rows.extend(cached[1])
        # Dropped relations, or the same ones in another order.
        changed = changed or list(current) != list(known)
        self._relation_rows[table] = current
        return rows, changed


def has_relation_rows(table: str) -> bool:
    """Whether the table holds rows for each relation (and only for relations)."""
    return table in PER_RELATION


def relation_rows(table: str, relation: RelationInfo) -> Rows:
    """The rows a table with rows per relation holds for ``relation``."""
    return PER_RELATION[table](relation)


def as_arrow(table: str, rows: Rows) -> pa.Table:
    """Rows of the table as an Arrow table of its schema."""
    schema = arrow_schema(table)
    values = list(zip(*rows, strict=True)) if rows else [()] * len(schema)
    return pa.Table.from_arrays(
        [pa.array(v, type=f.type) for v, f in zip(values, schema, strict=True)], schema=schema
    )
