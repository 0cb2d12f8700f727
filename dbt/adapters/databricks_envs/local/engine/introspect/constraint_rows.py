"""The rows of information_schema's constraint tables, from a table's informational constraints
(PRIMARY KEY and FOREIGN KEY, kept as DESCRIBE ... AS JSON renders them).

As Databricks documents them (information-schema/table_constraints, key_column_usage,
referential_constraints, constraint_column_usage): primary and foreign keys only (a CHECK
constraint is a table property, not a row here); ``is_deferrable`` is always 'YES',
``initially_deferred`` and ``enforced`` always 'NO'; a foreign key's
``unique_constraint_name`` is the primary key of the table it references.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from dbt.adapters.databricks_envs.local.engine.storage.model import RelationInfo

Rows = list[tuple[Any, ...]]

_QUOTED = r"`((?:[^`]|``)*)`"
_LIST = re.compile(_QUOTED)
_PRIMARY = re.compile(r"PRIMARY KEY \((.*)\)")
_FOREIGN = re.compile(rf"FOREIGN KEY \((.*?)\) REFERENCES ((?:{_QUOTED}\.?)+) \((.*)\)")


@dataclass(frozen=True)
class Key:
    name: str
    kind: str  # PRIMARY KEY or FOREIGN KEY
    columns: tuple[str, ...]
    # A foreign key's referenced table (catalog, schema, name) and columns.
    references: tuple[str, ...] = ()
    referenced_columns: tuple[str, ...] = ()


def _names(text: str) -> tuple[str, ...]:
    return tuple(part.replace("``", "`") for part in _LIST.findall(text))


def keys(r: RelationInfo) -> list[Key]:
    found = []
    for name, body in r.constraints:
        primary = _PRIMARY.fullmatch(body)
        if primary:
            found.append(Key(name, "PRIMARY KEY", _names(primary.group(1))))
            continue
        foreign = _FOREIGN.fullmatch(body)
        if foreign:
            found.append(
                Key(
                    name,
                    "FOREIGN KEY",
                    _names(foreign.group(1)),
                    _names(foreign.group(2)),
                    _names(foreign.group(foreign.lastindex or 0)),
                )
            )
    return found


def table_constraints(r: RelationInfo) -> Rows:
    catalog, schema, table = r.name.parts
    return [
        (catalog, schema, key.name, catalog, schema, table, key.kind, "YES", "NO", "NO", None)
        for key in keys(r)
    ]


def key_column_usage(r: RelationInfo) -> Rows:
    catalog, schema, table = r.name.parts
    rows: Rows = []
    for key in keys(r):
        for position, column in enumerate(key.columns, start=1):
            in_unique = position if key.kind == "FOREIGN KEY" else None
            rows.append((catalog, schema, key.name, catalog, schema, table, column, position,
                         in_unique))  # fmt: skip
    return rows


def constraint_column_usage(r: RelationInfo) -> Rows:
    """The columns each constraint uses: a primary key's own, a foreign key's referenced."""
    catalog, schema, table = r.name.parts
    rows: Rows = []
    for key in keys(r):
        if key.kind == "PRIMARY KEY":
            rows.extend((catalog, schema, table, c, catalog, schema, key.name) for c in key.columns)
        elif len(key.references) == 3:
            rows.extend(
                (*key.references, c, catalog, schema, key.name) for c in key.referenced_columns
            )
    return rows


def referential_constraints(relations: list[RelationInfo]) -> Rows:
    primary = {
        r.name.parts: key.name for r in relations for key in keys(r) if key.kind == "PRIMARY KEY"
    }
    rows: Rows = []
    for r in relations:
        catalog, schema, _ = r.name.parts
        for key in keys(r):
            if key.kind != "FOREIGN KEY" or len(key.references) != 3:
                continue
            unique = primary.get(key.references)
            rows.append(
                (catalog, schema, key.name, *key.references[:2], unique, "NONE", "NO ACTION",
                 "NO ACTION")
            )  # fmt: skip
    return rows
