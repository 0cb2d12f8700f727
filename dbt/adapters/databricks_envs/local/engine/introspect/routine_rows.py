"""The rows of information_schema.routines and parameters, from the functions in the mirror."""

from __future__ import annotations

from typing import Any

from dbt.adapters.databricks_envs.local.engine import types
from dbt.adapters.databricks_envs.local.engine.storage.mirror import Mirror
from dbt.adapters.databricks_envs.local.engine.storage.model import FunctionInfo

Rows = list[tuple[Any, ...]]


def functions(mirror: Mirror) -> list[FunctionInfo]:
    found: list[FunctionInfo] = []
    for name in mirror.catalog_names():
        state = mirror.catalog(name)
        for schema in state.schemas.values() if state else []:
            found.extend(schema.functions.values())
    return found


def _type_columns(type_name: str) -> tuple[Any, ...]:
    """data_type, full_data_type, the two lengths, the numeric precision, radix and scale."""
    precision_scale = types.decimal_precision_scale(type_name)
    return (
        types.info_schema_data_type(type_name),
        type_name,
        None,
        None,
        precision_scale[0] if precision_scale else None,
        10 if precision_scale else None,
        precision_scale[1] if precision_scale else None,
    )


def routines(mirror: Mirror) -> Rows:
    rows: Rows = []
    for f in functions(mirror):
        parts = f.name.parts
        rows.append(
            (
                *parts,
                *parts,
                f.owner,
                "FUNCTION",
                *_type_columns(f.returns),
                None,
                None,
                None,
                None,
                "SQL",
                f.body,
                None,
                None,
                "SQL",
                "YES" if f.deterministic else "NO",
                f.data_access,
                "NO",
                None,
                "DEFINER",
                "NO",
                f.comment,
                f.created,
                f.owner,
                f.last_altered,
                f.last_altered_by,
            )
        )
    return rows


def parameters(mirror: Mirror) -> Rows:
    rows: Rows = []
    for f in functions(mirror):
        for position, p in enumerate(f.parameters):
            rows.append(
                (
                    *f.name.parts,
                    position,
                    "IN",
                    "NO",
                    "NO",
                    p.name,
                    *_type_columns(p.type_name),
                    None,
                    None,
                    None,
                    None,
                    p.default,
                    p.comment,
                )
            )
    return rows
