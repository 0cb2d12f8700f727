"""How Unity Catalog names map onto DuckDB names and files.

Every catalog is ATTACHed under the alias ``uc_<name>``: a fixed prefix keeps every catalog name
clear of the names DuckDB reserves (``main``, ``memory``, ``system``, ``temp``) and of each other,
and is stable across restarts, which matters because DuckDB views store the aliases they
reference. Schemas and relations keep their own names.
"""

from __future__ import annotations

import urllib.parse
from dataclasses import dataclass
from pathlib import Path

ALIAS_PREFIX = "uc_"
FILE_SUFFIX = ".duckdb"
# The DuckDB schema holding engine metadata inside every catalog file; never shown.
META_SCHEMA = "__uc"
# DuckDB creates this schema in every file; it is shown only if a user created it.
DUCKDB_DEFAULT_SCHEMA = "main"


def alias(catalog: str) -> str:
    return ALIAS_PREFIX + catalog


def file_name(catalog: str) -> str:
    return urllib.parse.quote(catalog, safe="") + FILE_SUFFIX


def catalog_of_file(path: Path) -> str | None:
    if not path.name.endswith(FILE_SUFFIX):
        return None
    return urllib.parse.unquote(path.name[: -len(FILE_SUFFIX)])


def ident(name: str) -> str:
    """A DuckDB quoted identifier."""
    return '"' + name.replace('"', '""') + '"'


def literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


@dataclass(frozen=True, order=True)
class RelName:
    """A relation's Unity Catalog name, lower case."""

    catalog: str
    schema: str
    name: str

    @property
    def dotted(self) -> str:
        return f"{self.catalog}.{self.schema}.{self.name}"

    @property
    def parts(self) -> tuple[str, str, str]:
        return (self.catalog, self.schema, self.name)

    @property
    def duck(self) -> str:
        """The fully qualified DuckDB reference."""
        return f"{ident(alias(self.catalog))}.{ident(self.schema)}.{ident(self.name)}"


def duck_schema(catalog: str, schema: str) -> str:
    return f"{ident(alias(catalog))}.{ident(schema)}"
