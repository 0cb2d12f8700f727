"""Row filters and column masks as the metadata row keeps them, and the snapshot of every
relation that has one, which translating a query needs.

A query reading a protected table reads it through its filter and masks, rewritten into the
query for the session's principal (see ``translate/protection.py``); so a translation depends
on which tables are protected, and how. ``Mirror.policy_generation`` changes whenever that may
have changed, and sessions key their cached translations by it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from dbt.adapters.databricks_envs.local.engine.storage.model import (
    CatalogState,
    ColumnMask,
    PolicyArgument,
    RelationInfo,
    RowFilter,
)
from dbt.adapters.databricks_envs.local.engine.storage.names import RelName

ROW_FILTER = "row_filter"
COLUMN_MASKS = "column_masks"


def _name(dotted: str) -> RelName:
    return RelName(*dotted.split(".", 2))


def _arguments(found: list[Any]) -> tuple[PolicyArgument, ...]:
    return tuple((str(text), bool(is_column)) for text, is_column in found)


def row_filter_of(details: Mapping[str, Any]) -> RowFilter | None:
    found = details.get(ROW_FILTER)
    if not found:
        return None
    return RowFilter(_name(found["function"]), _arguments(found.get("arguments", [])))


def masks_of(details: Mapping[str, Any], columns: set[str]) -> dict[str, ColumnMask]:
    """The masks of the columns the relation has (``columns`` by lower-case name), under the
    names they were set with."""
    found = details.get(COLUMN_MASKS, {})
    return {
        column: ColumnMask(_name(mask["function"]), _arguments(mask.get("using", [])))
        for column, mask in found.items()
        if column.lower() in columns
    }


def row_filter_detail(row_filter: RowFilter) -> dict[str, Any]:
    return {
        "function": row_filter.function.dotted,
        "arguments": [list(a) for a in row_filter.arguments],
    }


def mask_detail(mask: ColumnMask) -> dict[str, Any]:
    return {"function": mask.function.dotted, "using": [list(a) for a in mask.using]}


def shown(arguments: tuple[PolicyArgument, ...]) -> str:
    """Arguments as information_schema lists them: comma-separated."""
    return ",".join(text for text, _ in arguments)


@dataclass(frozen=True)
class Policies:
    """The protected relations (a row filter or column masks) at one policy generation, and
    the views that read one of them, directly or through other views."""

    generation: int = -1
    protected: Mapping[RelName, RelationInfo] = field(default_factory=dict)
    guarded_views: frozenset[RelName] = frozenset()


NONE = Policies()


def compute(generation: int, catalogs: Mapping[str, CatalogState]) -> Policies:
    protected: dict[RelName, RelationInfo] = {}
    views: dict[RelName, tuple[RelName, ...]] = {}
    for state in catalogs.values():
        for schema in state.schemas.values():
            for relation in schema.relations.values():
                if relation.protected:
                    protected[relation.name] = relation
                elif relation.is_view:
                    views[relation.name] = relation.reads
    if not protected:
        return Policies(generation)
    guarded: set[RelName] = set()
    settled: set[RelName] = set()

    def guards(view: RelName, path: frozenset[RelName]) -> bool:
        if view in settled:
            return view in guarded
        found = any(
            read in protected
            or (read in views and read not in path and guards(read, path | {read}))
            for read in views.get(view, ())
        )
        settled.add(view)
        if found:
            guarded.add(view)
        return found

    for view in views:
        guards(view, frozenset({view}))
    return Policies(generation, protected, frozenset(guarded))
