"""Expected values for the suites, stated as Databricks reports them."""

from __future__ import annotations

import copy
from typing import Any


class OneOf:
    """Equal to any of the given values: Databricks names some types two ways (bigint, long)."""

    def __init__(self, *values: object) -> None:
        self.values = values

    def __eq__(self, other: object) -> bool:
        return other in self.values

    def __repr__(self) -> str:
        return f"<one of {self.values!r}>"


class AnyText:
    """Any string or None: the owner of a relation is whoever the workspace says."""

    def __eq__(self, other: object) -> bool:
        return other is None or isinstance(other, str)

    def __repr__(self) -> str:
        return "<any string or None>"


class StatsDict:
    """Table statistics as dbt-databricks reports them: a dict that says whether it has any."""

    def __eq__(self, other: object) -> bool:
        return isinstance(other, dict) and "has_stats" in other

    def __repr__(self) -> str:
        return "<statistics dict>"


BIGINT = OneOf("bigint", "long")
INT = OneOf("int", "integer", "bigint", "long")


def catalog_types() -> dict[str, Any]:
    """The keyword arguments dbt-tests-adapter's expected catalogs take, for Databricks."""
    return {
        "role": AnyText(),
        "id_type": INT,
        "text_type": "string",
        "time_type": "timestamp",
        "view_type": "view",
        "table_type": "table",
        "model_stats": StatsDict(),
    }


def zero_based_columns(catalog: dict[str, Any]) -> dict[str, Any]:
    """dbt-tests-adapter's references catalog counts columns from 1; Databricks' from 0."""
    catalog = copy.deepcopy(catalog)
    # The seed's and the source's nodes share one dict of columns: shift each column once.
    columns = {
        id(column): column
        for group in ("nodes", "sources")
        for node in catalog[group].values()
        for column in node["columns"].values()
    }
    for column in columns.values():
        column["index"] -= 1
    return catalog
