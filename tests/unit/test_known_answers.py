"""Metadata questions answered from what the run knows (known_answers.py): recognised in the
exact text the installed dbt-databricks' macros render, answered as the warehouse would have,
and asked again whenever the run may have changed the answer."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import dbt.include.databricks
import jinja2
import pytest
from dbt.adapters.contracts.connection import AdapterResponse
from dbt_common.clients.agate_helper import table_from_data_flat

from dbt.adapters.databricks_envs.knowledge import EVERYTHING, RunKnowledge, Writes
from dbt.adapters.databricks_envs.known_answers import (
    DESCRIBE_AS_JSON_FLAG,
    ROW_FILTER_COLUMNS,
    KnownAnswers,
    with_describe_as_json,
)

MACROS = Path(dbt.include.databricks.__file__).parent / "macros"


class Relation:
    def __init__(self, database: str, schema: str, identifier: str) -> None:
        self.database, self.schema, self.identifier = database, schema, identifier

    def render(self) -> str:
        return f"`{self.database}`.`{self.schema}`.`{self.identifier}`"


def rendered(path: str, macro: str, relation: Relation) -> str:
    """What the installed dbt-databricks' macro renders (the text `adapter.execute` receives)."""
    environment = jinja2.Environment(extensions=["jinja2.ext.do"])
    module = environment.from_string((MACROS / path).read_text()).make_module({})
    return str(getattr(module, macro)(relation))


def row_filters_sql(relation: Relation) -> str:
    return rendered("relations/components/row_filter.sql", "fetch_row_filters_sql", relation)


def describe_sql(relation: Relation) -> str:
    return rendered("adapters/metadata.sql", "describe_table_extended_as_json_sql", relation)


def columns_sql(relation: Relation) -> str:
    return rendered("adapters/columns.sql", "get_columns_comments_as_json_sql", relation)


class Warehouse:
    """Answers the statements sent, and records them."""

    def __init__(self, row_filters: list[dict[str, Any]] | None = None) -> None:
        self.row_filters = row_filters or []
        self.sent: list[str] = []
        self.table_type = "MANAGED"

    def fetch(self, sql: str) -> tuple[AdapterResponse, Any]:
        self.sent.append(sql)
        if "row_filters" in sql:
            rows = [
                r
                for r in self.row_filters
                if f"'{r['table_name']}'" in sql or "AND table_name" not in sql
            ]
            return AdapterResponse(_message="OK"), table_from_data_flat(rows, ROW_FILTER_COLUMNS)
        metadata = {"type": self.table_type, "columns": [{"name": "id"}], "n": len(self.sent)}
        return AdapterResponse(_message="OK"), table_from_data_flat(
            [{"json_metadata": json.dumps(metadata)}], ["json_metadata"]
        )


def filter_row(table: str) -> dict[str, Any]:
    return {
        "table_catalog": "main",
        "table_schema": "sales",
        "table_name": table,
        "filter_name": "main.sales.only_mine",
        "target_columns": '["region"]',
    }


def listed(*absent: str) -> Any:
    return lambda catalog, schema, table: table in absent


def test_a_table_listed_as_absent_and_never_written_has_no_row_filter() -> None:
    warehouse, answers = Warehouse([filter_row("orders")]), KnownAnswers(RunKnowledge())
    _, table = answers.answer(
        row_filters_sql(Relation("Main", "Sales", "Orders")), warehouse.fetch, listed("orders")
    )
    assert warehouse.sent == []
    assert tuple(table.column_names) == ROW_FILTER_COLUMNS
    assert len(table.rows) == 0


def test_absent_but_written_since_is_asked() -> None:
    knowledge = RunKnowledge()
    warehouse, answers = Warehouse([filter_row("orders")]), KnownAnswers(knowledge)
    with knowledge.writing(Writes(("orders",))):
        pass
    _, table = answers.answer(
        row_filters_sql(Relation("main", "sales", "orders")), warehouse.fetch, listed("orders")
    )
    assert len(warehouse.sent) == 1
    assert [row["table_name"] for row in table.rows] == ["orders"]


def test_row_filters_of_a_schema_are_asked_once_and_answered_per_table() -> None:
    knowledge = RunKnowledge()
    warehouse = Warehouse([filter_row("orders"), filter_row("returns")])
    answers = KnownAnswers(knowledge)
    first = answers.answer(
        row_filters_sql(Relation("main", "sales", "orders")), warehouse.fetch, listed()
    )
    assert warehouse.sent == [
        "SELECT table_catalog, table_schema, table_name, filter_name, target_columns "
        "FROM `main`.`information_schema`.`row_filters` "
        "WHERE table_catalog = 'main' AND table_schema = 'sales'"
    ]
    second = answers.answer(
        row_filters_sql(Relation("main", "sales", "customers")), warehouse.fetch, listed()
    )
    third = answers.answer(
        row_filters_sql(Relation("main", "sales", "returns")), warehouse.fetch, listed()
    )
    assert len(warehouse.sent) == 1
    assert first is not None and second is not None and third is not None
    assert [dict(row.items()) for row in first[1].rows] == [filter_row("orders")]
    assert len(second[1].rows) == 0
    assert [row["table_name"] for row in third[1].rows] == ["returns"]
    # Exactly the result the per-table statement would have given.
    _, direct = Warehouse([filter_row("orders")]).fetch(
        row_filters_sql(Relation("main", "sales", "orders"))
    )
    assert [type(t) for t in first[1].column_types] == [type(t) for t in direct.column_types]
    assert [row.values() for row in first[1].rows] == [row.values() for row in direct.rows]


def test_a_table_written_since_the_schema_was_asked_is_asked_again() -> None:
    knowledge = RunKnowledge()
    warehouse, answers = Warehouse([filter_row("orders")]), KnownAnswers(knowledge)
    sql = row_filters_sql(Relation("main", "sales", "orders"))
    answers.answer(sql, warehouse.fetch, listed())
    with knowledge.writing(Writes(("orders",))):
        warehouse.row_filters = []
    _, table = answers.answer(sql, warehouse.fetch, listed())
    assert len(warehouse.sent) == 2
    assert len(table.rows) == 0
    # Other schemas are other questions.
    answers.answer(row_filters_sql(Relation("main", "hr", "staff")), warehouse.fetch, listed())
    assert len(warehouse.sent) == 3


def test_a_described_table_is_described_once_until_written() -> None:
    knowledge = RunKnowledge()
    warehouse, answers = Warehouse(), KnownAnswers(knowledge)
    orders = Relation("main", "sales", "orders")
    first = answers.answer(describe_sql(orders), warehouse.fetch, listed())
    # get_columns_in_relation renders the same statement through another macro.
    again = answers.answer(columns_sql(orders), warehouse.fetch, listed())
    assert len(warehouse.sent) == 1
    assert again is first
    with knowledge.writing(Writes(("orders",))):
        pass
    answers.answer(columns_sql(orders), warehouse.fetch, listed())
    assert len(warehouse.sent) == 2
    with knowledge.writing(EVERYTHING):
        pass
    answers.answer(columns_sql(orders), warehouse.fetch, listed())
    assert len(warehouse.sent) == 3


@pytest.mark.parametrize("table_type", ["VIEW", "MATERIALIZED_VIEW", "STREAMING_TABLE"])
def test_views_and_pipelines_are_always_described_again(table_type: str) -> None:
    warehouse, answers = Warehouse(), KnownAnswers(RunKnowledge())
    warehouse.table_type = table_type
    sql = describe_sql(Relation("main", "sales", "v"))
    answers.answer(sql, warehouse.fetch, listed())
    answers.answer(sql, warehouse.fetch, listed())
    assert len(warehouse.sent) == 2


@pytest.mark.parametrize(
    "sql",
    [
        "DESCRIBE TABLE EXTENDED `orders__dbt_tmp` AS JSON",  # a session's temporary view
        "DESCRIBE TABLE EXTENDED `main`.`sales`.`orders`",
        "select * from `main`.`information_schema`.`row_filters`",
        "SELECT table_catalog, table_schema, table_name, filter_name, target_columns FROM "
        "`main`.`information_schema`.`row_filters` WHERE table_catalog = 'main' "
        "AND table_schema = 'sales' AND table_name = 'orders' OR 1 = 1",
        "show tblproperties `main`.`sales`.`orders`",
    ],
)
def test_other_statements_are_not_answered(sql: str) -> None:
    assert KnownAnswers(RunKnowledge()).answer(sql, Warehouse().fetch, listed("orders")) is None


def test_nothing_is_answered_when_knowledge_is_off() -> None:
    answers = KnownAnswers(RunKnowledge(enabled=False))
    sql = row_filters_sql(Relation("main", "sales", "orders"))
    assert answers.answer(sql, Warehouse().fetch, listed("orders")) is None


def test_describe_as_json_is_on_unless_the_project_turns_it_off() -> None:
    flags: list[Any] = [
        {"name": DESCRIBE_AS_JSON_FLAG, "default": False, "description": "d"},
        {"name": "other", "default": False},
    ]
    assert with_describe_as_json(flags) == [
        {"name": DESCRIBE_AS_JSON_FLAG, "default": True, "description": "d"},
        {"name": "other", "default": False},
    ]
    assert flags[0]["default"] is False
