"""DuckDB failures reworded as a Databricks warehouse words them.

DuckDB runs with ``errors_as_json``, so its errors carry their kind, subtype and the name they
concern as data. A missing table is named from the statement's own references: DuckDB's message
only has the last part of the name.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

import duckdb

from dbt.adapters.databricks_envs.local.api import WarehouseError
from dbt.adapters.databricks_envs.local.engine import errors
from dbt.adapters.databricks_envs.local.engine.storage.names import RelName

# Whether a relation exists right now (in DuckDB itself, whatever the mirror says).
Exists = Callable[[RelName], bool]

_OWN_CLASSES = {"[DIVIDE_BY_ZERO]": errors.divide_by_zero}
# Raised with error() by the translated functions (translate/semantics/), worded as Databricks
# words them: the class and its SQLSTATE.
_RAISED = {
    "INVALID_ARRAY_INDEX": "22003",
    "INVALID_ARRAY_INDEX_IN_ELEMENT_AT": "22003",
    "INVALID_INDEX_OF_ZERO": "22003",
    errors.NOT_SUPPORTED_CLASS: "0A000",
}


def details(exc: duckdb.Error) -> dict[str, Any]:
    text = str(exc)
    start = text.find("{")
    if start >= 0:
        try:
            parsed = json.loads(text[start:])
            if isinstance(parsed, dict):
                return parsed
        except ValueError:
            pass
    return {"exception_type": type(exc).__name__, "exception_message": text}


def translate(exc: duckdb.Error, relations: Sequence[RelName], exists: Exists) -> WarehouseError:
    info = details(exc)
    kind = str(info.get("exception_type", ""))
    message = str(info.get("exception_message", str(exc)))
    subtype = info.get("error_subtype")
    for prefix, make in _OWN_CLASSES.items():
        if message.startswith(prefix):
            return make()
    for error_class, sqlstate in _RAISED.items():
        if message.startswith(f"[{error_class}] "):
            text = message.split("\n")[0][len(error_class) + 3 :]
            if error_class == errors.NOT_SUPPORTED_CLASS:
                text = text.rsplit(" SQLSTATE", 1)[0]
            return errors.error(error_class, sqlstate, text)
    if isinstance(exc, duckdb.InterruptException) or kind == "INTERRUPT":
        return errors.cancelled()
    if "Values were not provided for the following parameters:" in message:
        # A parameter marker (:name) the statement came with no value for; Spark's error
        # conditions: UNBOUND_SQL_PARAMETER, SQLSTATE 42P02.
        name = message.split("parameters:", 1)[1].split("\n")[0].strip().split(",")[0]
        return errors.error(
            "UNBOUND_SQL_PARAMETER",
            "42P02",
            f"Found the unbound parameter: {name}. Please, fix `args` and provide a mapping of "
            "the parameter to either a SQL literal or collection constructor functions such as "
            "`map()`, `array()`, `struct()`.",
        )
    if kind == "Binder" and "map_extract_value" in message:
        # The array branch of translate/semantics/arrays.py INDEX_MACRO on a map with string keys.
        return errors.not_supported(
            "map[key] and element_at(map, key) with a key that is not a literal, on a map whose "
            "keys are not numbers"
        )
    if "Division by zero" in message:
        return errors.divide_by_zero()
    if kind == "Conversion":
        return errors.cast_invalid_input(message.split("\n")[0] + ".")
    if subtype == "COLUMN_NOT_FOUND":
        candidates = [c.strip().strip('"') for c in str(info.get("candidates", "")).split(",")]
        return errors.unresolved_column(str(info.get("name", "")), [c for c in candidates if c])
    if kind == "Binder" and "does not have a column named" in message:
        column = message.split("does not have a column named", 1)[1].split("\n")[0]
        return errors.unresolved_column(column.strip().strip('"'), [])
    if kind == "Catalog" and "Function with name" in message:
        return errors.unresolved_routine(str(info.get("name", "")).strip('"'))
    if kind == "Catalog" and ("does not exist" in message or subtype == "MISSING_ENTRY"):
        missing = next((r for r in relations if not exists(r)), None)
        if missing is not None:
            return errors.table_not_found(*missing.parts)
        return errors.table_not_found(str(info.get("name", "")).strip('"'))
    if subtype == "ENTRY_ALREADY_EXISTS" and relations:
        return errors.table_already_exists(*relations[0].parts)
    if kind == "Constraint" and message.startswith("NOT NULL constraint failed"):
        column = message.rsplit(".", 1)[-1].strip()
        return errors.invalid(
            "DELTA_NOT_NULL_CONSTRAINT_VIOLATED",
            f"NOT NULL constraint violated for column: {column}.",
            "23502",
        )
    if kind == "Constraint" and "CHECK constraint" in message:
        return errors.invalid(
            "DELTA_VIOLATE_CONSTRAINT_WITH_VALUES", message.split("\n")[0], "23001"
        )
    if kind == "Constraint":
        return errors.invalid("DELTA_CONSTRAINT_VIOLATION", message, "23000")
    if kind == "Out of Range":
        return errors.invalid("ARITHMETIC_OVERFLOW", message, "22003")
    if kind == "TransactionContext" and "Conflict" in message:
        return errors.invalid("DELTA_CONCURRENT_WRITE", message, "2D521")
    return errors.internal(f"{kind}: {message}")
