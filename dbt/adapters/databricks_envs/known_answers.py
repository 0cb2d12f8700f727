"""Metadata questions dbt-databricks sends that this run can answer without a round trip.

Each statement is a network round trip on a workspace. Two questions dbt-databricks asks model
after model are recognised by their exact text (what its macros render, the same in every
1.12.x) and answered from what the run knows; anything else, or any doubt, goes to the
warehouse as before.

- **A table's row filters** (``fetch_row_filters``): the table, incremental and snapshot
  materializations ask before every ``CREATE OR REPLACE TABLE`` whether a table they replace has
  one to drop, and the incremental one again when it compares configurations.

  - A table dbt's relation cache listed as absent (its schema listed at the start of the run,
    the table not in it), that no statement of this run has written since, has none: the empty
    result, with no statement.
  - Otherwise the first question about a schema asks about the whole schema, in one statement
    (the same query without its ``table_name`` condition), and later questions about tables of
    that schema that nothing of this run wrote since are answered from it: one statement per
    schema instead of one per table. The answer is rebuilt from the rows of that table exactly
    as dbt-databricks builds a result.

- **``DESCRIBE TABLE EXTENDED c.s.t AS JSON``** (``get_columns_in_relation``; relation
  configurations with ``use_describe_as_json_for_relation_metadata``): the same statement
  about a managed or external table, sent again while nothing of this run has written it, gets
  the earlier result. Views are always asked again: their columns can follow their sources.

What "written since" means, across threads, hooks and Python models, is ``knowledge.py``'s.
A change made by someone else during the run is not seen — the assumption dbt's own relation
cache makes.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from dbt.adapters.contracts.connection import AdapterResponse
from dbt.adapters.events.logging import AdapterLogger
from dbt_common.behavior_flags import BehaviorFlag

from dbt.adapters.databricks_envs.knowledge import RunKnowledge, name_parts

if TYPE_CHECKING:
    from agate import Table

logger = AdapterLogger("databricks_envs")

Result = tuple[AdapterResponse, "Table"]
# Sends one statement and fetches its result.
Fetch = Callable[[str], Result]
# Whether dbt's relation cache listed this (catalog, schema) and has no such table in it.
ListedAbsent = Callable[[str, str, str], bool]

DESCRIBE_AS_JSON_FLAG = "use_describe_as_json_for_relation_metadata"
ROW_FILTER_COLUMNS = (
    "table_catalog",
    "table_schema",
    "table_name",
    "filter_name",
    "target_columns",
)
CACHED_TABLE_TYPES = frozenset({"MANAGED", "EXTERNAL"})

_QUOTED = r"`(?:[^`]|``)+`"
_LITERAL = r"'([^'\\]*)'"
_ROW_FILTERS = re.compile(
    f"SELECT {', '.join(ROW_FILTER_COLUMNS)} "
    rf"FROM ({_QUOTED})\.`information_schema`\.`row_filters` "
    rf"WHERE table_catalog = {_LITERAL} AND table_schema = {_LITERAL} AND table_name = {_LITERAL}"
)
_DESCRIBE_AS_JSON = re.compile(
    rf"DESCRIBE TABLE EXTENDED ({_QUOTED}\.{_QUOTED}\.{_QUOTED}) AS JSON", re.IGNORECASE
)


def with_describe_as_json(flags: list[BehaviorFlag]) -> list[BehaviorFlag]:
    """dbt-databricks' flags, with ``use_describe_as_json_for_relation_metadata`` on unless the
    project turns it off: one ``DESCRIBE TABLE EXTENDED ... AS JSON`` instead of five
    information_schema queries (non-null, primary and foreign keys, column masks, row filters)
    each time it reads an existing relation's configuration."""
    return [
        {**flag, "default": True} if flag["name"] == DESCRIBE_AS_JSON_FLAG else flag
        for flag in flags
    ]


def row_filters_of_schema_sql(source: str, catalog: str, schema: str) -> str:
    return (
        f"SELECT {', '.join(ROW_FILTER_COLUMNS)} "
        f"FROM {source}.`information_schema`.`row_filters` "
        f"WHERE table_catalog = '{catalog}' AND table_schema = '{schema}'"
    )


class KnownAnswers:
    """The answers this run keeps, each with the stamp (``RunKnowledge.now``) taken before the
    statement that learnt it was sent. One thread at a time learns a given answer; the others
    wait for it rather than ask the same question."""

    def __init__(self, knowledge: RunKnowledge) -> None:
        self.knowledge = knowledge
        self._lock = threading.Lock()
        self._learning: dict[tuple[str, ...], threading.Lock] = {}
        self._schema_row_filters: dict[tuple[str, ...], tuple[int, Table]] = {}
        self._descriptions: dict[tuple[str, ...], tuple[int, Result]] = {}

    def answer(self, sql: str, fetch: Fetch, listed_absent: ListedAbsent) -> Result | None:
        """The result of ``sql`` (sent with ``fetch`` if need be), or None if it is not a
        question answered here."""
        if not self.knowledge.enabled:
            return None
        text = " ".join(sql.split())
        match = _ROW_FILTERS.fullmatch(text)
        # The literals as sent: joining white space must not have changed a name.
        if match and all(f"'{value}'" in sql for value in match.groups()[1:]):
            source, catalog, schema, table = match.groups()
            return self._row_filters(sql, (source, catalog, schema, table), fetch, listed_absent)
        match = _DESCRIBE_AS_JSON.fullmatch(text)
        if match and match.group(1) in sql:
            return self._description(tuple(name_parts(match.group(1))), sql, fetch)
        return None

    def _row_filters(
        self,
        sql: str,
        names: tuple[str, str, str, str],
        fetch: Fetch,
        listed_absent: ListedAbsent,
    ) -> Result:
        """``names``: the catalog as the FROM clause quotes it, then the three literals."""
        source, catalog, schema, table = names
        identifier = table.lower()
        if listed_absent(catalog, schema, table) and self.knowledge.never_written(identifier):
            _answered(f"row filters of {catalog}.{schema}.{table}: not there at the start")
            return AdapterResponse(_message="OK"), _table([], ROW_FILTER_COLUMNS)
        key = (source, catalog, schema)
        with self._learning_lock(("row_filters", *key)):
            known = self._schema_row_filters.get(key)
            if known is not None and self.knowledge.unchanged_since(identifier, known[0]):
                _answered(f"row filters of {catalog}.{schema}.{table}: from the schema's")
            else:
                stamp = self.knowledge.now()
                _, rows = fetch(row_filters_of_schema_sql(source, catalog, schema))
                if tuple(rows.column_names) != ROW_FILTER_COLUMNS:
                    return fetch(sql)  # not the shape expected: ask as dbt-databricks did
                known = self._schema_row_filters[key] = (stamp, rows)
        schema_rows = known[1]
        columns = list(schema_rows.column_names)
        mine = [
            dict(zip(columns, row.values(), strict=True))
            for row in schema_rows.rows
            if row["table_name"] == table
        ]
        return AdapterResponse(_message="OK"), _table(mine, columns)

    def _description(self, key: tuple[str, ...], sql: str, fetch: Fetch) -> Result:
        with self._learning_lock(("description", *key)):
            known = self._descriptions.get(key)
            if known is not None and self.knowledge.unchanged_since(key[-1], known[0]):
                _answered(f"DESCRIBE TABLE EXTENDED {'.'.join(key)} AS JSON: described before")
                return known[1]
            stamp = self.knowledge.now()
            result = fetch(sql)
            if _table_type(result[1]) in CACHED_TABLE_TYPES:
                self._descriptions[key] = (stamp, result)
            else:
                self._descriptions.pop(key, None)
            return result

    def _learning_lock(self, key: tuple[str, ...]) -> threading.Lock:
        with self._lock:
            return self._learning.setdefault(key, threading.Lock())


def _table(rows: list[dict[str, Any]], column_names: Any) -> Table:
    """A result as dbt-databricks builds one from a cursor's rows."""
    from dbt_common.clients.agate_helper import table_from_data_flat

    return table_from_data_flat(rows, list(column_names))


def _table_type(result: Table) -> str | None:
    """``type`` of a DESCRIBE ... AS JSON result (MANAGED, EXTERNAL, VIEW, ...)."""
    try:
        (row,) = result.rows
        kind = json.loads(row["json_metadata"]).get("type")
    except Exception:
        return None
    return kind if isinstance(kind, str) else None


def _answered(what: str) -> None:
    logger.debug(f"databricks_envs: answered without a round trip: {what}")
