"""DuckDB types seen through Databricks' eyes: names, JSON descriptions, and the casts that make
results carry the type Databricks would report."""

from __future__ import annotations

import functools
from typing import Any

import duckdb

_SCALAR_NAMES = {
    "boolean": "boolean",
    "tinyint": "tinyint",
    "smallint": "smallint",
    "integer": "int",
    "bigint": "bigint",
    "float": "float",
    "double": "double",
    "varchar": "string",
    "blob": "binary",
    "date": "date",
    # Databricks timestamps are kept as DuckDB TIMESTAMP holding UTC wall time (see
    # translate/expressions.py); timestamp_ntz shares the representation.
    "timestamp": "timestamp",
    "interval": "interval",
    "null": "void",
    "variant": "variant",
}

# DuckDB types with no Databricks counterpart, and the DuckDB type whose Databricks name is the
# one a Databricks warehouse would have produced (sum(bigint) is bigint there, hugeint here).
_REPLACEMENTS = {
    "hugeint": "BIGINT",
    "uhugeint": "DECIMAL(38,0)",
    "bignum": "DECIMAL(38,0)",
    "utinyint": "SMALLINT",
    "usmallint": "INTEGER",
    "uinteger": "BIGINT",
    "ubigint": "DECIMAL(20,0)",
    "timestamp_s": "TIMESTAMP",
    "timestamp_ms": "TIMESTAMP",
    "timestamp_ns": "TIMESTAMP",
    "timestamp with time zone": "TIMESTAMP",
    "time": "VARCHAR",
    "time with time zone": "VARCHAR",
    "uuid": "VARCHAR",
    "enum": "VARCHAR",
    "bit": "VARCHAR",
    "union": "VARCHAR",
}


def _field_name(name: str) -> str:
    if name.replace("_", "a").isalnum() and not name[:1].isdigit():
        return name
    return "`" + name.replace("`", "``") + "`"


def _duck_field(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _child(t: duckdb.sqltypes.DuckDBPyType, index: int) -> duckdb.sqltypes.DuckDBPyType:
    child = t.children[index][1]
    assert isinstance(child, duckdb.sqltypes.DuckDBPyType)
    return child


def _fields(t: duckdb.sqltypes.DuckDBPyType) -> list[tuple[str, duckdb.sqltypes.DuckDBPyType]]:
    return [(name, _child(t, i)) for i, (name, _) in enumerate(t.children)]


def databricks_name(t: duckdb.sqltypes.DuckDBPyType) -> str:
    """The type as DESCRIBE and information_schema spell it: ``decimal(10,2)``,
    ``array<string>``, ``struct<a:int,b:map<string,bigint>>``."""
    return _name_of(str(t), t)


def _name_of(key: str, t: duckdb.sqltypes.DuckDBPyType) -> str:
    type_id = t.id
    if type_id == "decimal":
        precision, scale = (v for _, v in t.children)
        return f"decimal({precision},{scale})"
    if type_id in ("list", "array"):
        return f"array<{databricks_name(_child(t, 0))}>"
    if type_id == "map":
        return f"map<{databricks_name(_child(t, 0))},{databricks_name(_child(t, 1))}>"
    if type_id == "struct":
        fields = ",".join(
            f"{_field_name(name)}:{databricks_name(child)}" for name, child in _fields(t)
        )
        return f"struct<{fields}>"
    if type_id in _SCALAR_NAMES:
        return _SCALAR_NAMES[type_id]
    replacement = _REPLACEMENTS.get(type_id)
    if replacement is not None:
        return databricks_name(duckdb.sqltype(replacement))
    return type_id


@functools.lru_cache(maxsize=4096)
def databricks_name_of(duck_type: str) -> str:
    """``databricks_name`` for a DuckDB type string as ``duckdb_columns()`` reports it."""
    return databricks_name(duckdb.sqltype(duck_type))


def result_cast(t: duckdb.sqltypes.DuckDBPyType) -> str | None:
    """The DuckDB type to cast a result column to so it matches Databricks, or None."""
    return _cast_for(str(t))


@functools.lru_cache(maxsize=4096)
def _cast_for(type_text: str) -> str | None:
    return _normalize(duckdb.sqltype(type_text))


def _normalize(t: duckdb.sqltypes.DuckDBPyType) -> str | None:
    """The replacement DuckDB type text, or None when the type needs no cast."""
    type_id = t.id
    if type_id in _REPLACEMENTS:
        return _REPLACEMENTS[type_id]
    if type_id in ("list", "array"):
        # Fixed-size arrays become lists: Databricks arrays have no length.
        element = _child(t, 0)
        changed = type_id == "array" or _normalize(element) is not None
        return f"{_normalize(element) or element}[]" if changed else None
    if type_id == "map":
        key, value = _child(t, 0), _child(t, 1)
        if _normalize(key) is None and _normalize(value) is None:
            return None
        return f"MAP({_normalize(key) or key}, {_normalize(value) or value})"
    if type_id == "struct":
        if all(_normalize(child) is None for _, child in _fields(t)):
            return None
        fields = ", ".join(f"{_duck_field(n)} {_normalize(c) or c}" for n, c in _fields(t))
        return f"STRUCT({fields})"
    if str(t) == "JSON":
        return "VARCHAR"
    return None


def json_type(t: duckdb.sqltypes.DuckDBPyType) -> dict[str, Any]:
    """The ``type`` object of ``DESCRIBE TABLE ... AS JSON``."""
    type_id = t.id
    if type_id == "decimal":
        precision, scale = (v for _, v in t.children)
        return {"name": "decimal", "precision": precision, "scale": scale}
    if type_id in ("list", "array"):
        return {
            "name": "array",
            "element_type": json_type(_child(t, 0)),
            "element_nullable": True,
        }
    if type_id == "map":
        return {
            "name": "map",
            "key_type": json_type(_child(t, 0)),
            "value_type": json_type(_child(t, 1)),
            "value_nullable": True,
        }
    if type_id == "struct":
        return {
            "name": "struct",
            "fields": [
                {"name": name, "type": json_type(child), "nullable": True}
                for name, child in _fields(t)
            ],
        }
    name = databricks_name(t)
    return {"name": "timestamp_ltz" if name == "timestamp" else name}


def info_schema_data_type(type_name: str) -> str:
    """information_schema.columns.data_type: the upper-case base name (``DECIMAL``, ``ARRAY``)."""
    base = type_name.split("<", 1)[0].split("(", 1)[0]
    return base.upper()


def decimal_precision_scale(type_name: str) -> tuple[int, int] | None:
    if not type_name.startswith("decimal("):
        return None
    precision, scale = type_name[len("decimal(") : -1].split(",")
    return int(precision), int(scale)
