"""The files of external tables: where a LOCATION lives on disk, and reading and writing a
table's rows there in its format.

A LOCATION resolves under the warehouse's data directory, never outside it:

- ``file:/abs/path``, ``file:///abs/path`` or ``/abs/path``: that folder, which must be inside
  the data directory (and outside the warehouse's own files);
- a cloud URI (``s3://bucket/x``, ``abfss://container@account.dfs.core.windows.net/x``,
  ``gs://bucket/x``, ...): ``<data dir>/external/<scheme>/<authority>/<path>``, so a project
  whose ``location_root`` names a bucket builds locally unchanged;
- anything else (a relative path) is refused: a table's location needs a scheme or a root.

The folder holds the rows in the declared format: ``part-00000-<uuid>.<ext>`` files (Parquet,
CSV or JSON lines), as Spark names them. A Delta table is Parquet files in a folder with no
``_delta_log``: other Delta readers do not recognise it as a Delta table.
"""

from __future__ import annotations

import os
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import duckdb

from dbt.adapters.databricks_envs.local.engine import errors
from dbt.adapters.databricks_envs.local.engine.storage.names import ident, literal

# Where cloud URIs land inside the data directory.
EXTERNAL_DIR = "external"
# The warehouse's own files in the data directory (see storage/catalogs.py, server/datadir.py,
# audit/log.py): a location may neither be nor contain them.
_OWN_ENTRIES = frozenset({"catalogs", ".server", "audit", "grants.json"})

FORMATS = ("delta", "parquet", "csv", "json")
_EXTENSIONS = {"delta": "parquet", "parquet": "parquet", "csv": "csv", "json": "json"}
_CLOUD_URI = re.compile(r"^([a-z][a-z0-9+.-]*)://([^/]*)(/.*)?$", re.IGNORECASE)
_FILE_URI = re.compile(r"^file:(//)?(/.*)$", re.IGNORECASE)


@dataclass(frozen=True)
class Location:
    # As the statement wrote it, which is what Databricks reports.
    uri: str
    path: Path


def resolve(uri: str, data_dir: Path) -> Location:
    root = data_dir.resolve()
    file_uri = _FILE_URI.match(uri)
    cloud = _CLOUD_URI.match(uri)
    if file_uri:
        path = Path(file_uri.group(2))
    elif uri.startswith("/"):
        path = Path(uri)
    elif cloud and cloud.group(2):
        scheme, authority, rest = cloud.group(1).lower(), cloud.group(2), cloud.group(3) or ""
        path = root / EXTERNAL_DIR / scheme / authority / rest.strip("/")
    else:
        raise errors.error(
            "INVALID_LOCATION",
            "42K05",
            f"The location '{uri}' is not a valid path: give a cloud URI (s3://bucket/path), a "
            f"file: URI or an absolute path inside the local warehouse's data directory {root}.",
        )
    resolved = Path(_normalized(path))
    inside = resolved.relative_to(root) if resolved.is_relative_to(root) else None
    if inside is None or not inside.parts:
        raise errors.error(
            "LOCATION_OUTSIDE_DATA_DIRECTORY",
            "42K05",
            f"The location '{uri}' is outside the local warehouse's data directory {root}. "
            f"External tables live inside it: use a path under {root}, or a cloud URI "
            f"(s3://bucket/path), which maps to {root / EXTERNAL_DIR}/<scheme>/<bucket>/<path>.",
        )
    if inside.parts[0] in _OWN_ENTRIES:
        raise errors.error(
            "INVALID_PARAMETER_VALUE.LOCATION_OVERLAP",
            "22023",
            f"Input path url '{uri}' overlaps with managed storage within 'CreateTable' call. "
            f"({root / inside.parts[0]} holds the local warehouse's own files.)",
        )
    return Location(uri, resolved)


def _normalized(path: Path) -> str:
    # ".." is resolved before the check, so it cannot climb out of the data directory.
    return str(Path(os.path.normpath(path)).resolve())


def overlaps(a: Path, b: Path) -> bool:
    return a == b or a.is_relative_to(b) or b.is_relative_to(a)


def data_files(path: Path, file_format: str) -> list[Path]:
    """The table's data files, as Spark reads them: names starting with ``_`` or ``.``
    (``_SUCCESS``, ``_delta_log``, checksums) are not data."""
    if not path.is_dir():
        return []
    extension = "." + _EXTENSIONS[file_format]
    return sorted(
        p
        for p in path.iterdir()
        if p.is_file() and p.suffix.lower() == extension and not p.name.startswith(("_", "."))
    )


def holds_files(path: Path) -> bool:
    """Whether the folder holds anything Spark would count as data (non-hidden entries)."""
    return path.is_dir() and any(not p.name.startswith(("_", ".")) for p in path.iterdir())


def _csv_header(options: Mapping[str, str]) -> bool:
    # Spark's CSV source reads and writes no header unless told.
    return options.get("header", "false").lower() == "true"


def _csv_delimiter(options: Mapping[str, str]) -> str:
    return options.get("sep", options.get("delimiter", ","))


def reader(
    files: list[Path],
    file_format: str,
    options: Mapping[str, str],
    columns: list[tuple[str, str]] | None,
) -> str:
    """DuckDB SQL reading ``files``; ``columns`` (name, DuckDB type) are the table's, or None
    to take them from the files (CSV without a header: ``_c0``, ``_c1``... as strings, as
    Spark names them)."""
    listed = "[" + ", ".join(literal(str(f)) for f in files) + "]"
    if file_format in ("delta", "parquet"):
        source = f"read_parquet({listed}, union_by_name = true)"
        if columns is None:
            return f"SELECT * FROM {source}"
        return f"SELECT {', '.join(ident(n) for n, _ in columns)} FROM {source}"
    if file_format == "json":
        if columns is None:
            return f"SELECT * FROM read_json({listed}, format = 'newline_delimited')"
        struct = ", ".join(f"{literal(n)}: {literal(t)}" for n, t in columns)
        return (
            f"SELECT * FROM read_json({listed}, format = 'newline_delimited', "
            f"columns = {{{struct}}})"
        )
    header = _csv_header(options)
    settings = (
        f"header = {str(header).lower()}, delim = {literal(_csv_delimiter(options))}, "
        "all_varchar = true"
    )
    source = f"read_csv({listed}, {settings})"
    if columns is None:
        if header:
            return f"SELECT * FROM {source}"
        names = _c_names(files, _csv_delimiter(options))
        return f"SELECT * FROM read_csv({listed}, {settings}, column_names = {names})"
    names = ", ".join(literal(n) for n, _ in columns)
    casts = ", ".join(f"CAST({ident(n)} AS {t}) AS {ident(n)}" for n, t in columns)
    return f"SELECT {casts} FROM read_csv({listed}, {settings}, column_names = [{names}])"


def _c_names(files: list[Path], delimiter: str) -> str:
    # Counted on the first line (quoted delimiters aside), as Spark names headerless columns.
    with files[0].open(encoding="utf-8", errors="replace") as first:
        line = first.readline()
    count = max(1, line.count(delimiter) + 1)
    return "[" + ", ".join(f"'_c{i}'" for i in range(count)) + "]"


def write(
    cursor: duckdb.DuckDBPyConnection,
    source_sql: str,
    path: Path,
    file_format: str,
    options: Mapping[str, str],
) -> list[Path]:
    """Writes the rows of ``source_sql`` as one new data file in ``path``; returns the data
    files it replaces, for the caller to delete once the change is committed. No file for no
    rows: an empty table has none, as on Databricks."""
    replaced = data_files(path, file_format)
    count = cursor.execute(f"SELECT count(*) FROM ({source_sql})").fetchone()
    if not count or not count[0]:
        return replaced
    path.mkdir(parents=True, exist_ok=True)
    target = path / f"part-00000-{uuid.uuid4()}.{_EXTENSIONS[file_format]}"
    if file_format in ("delta", "parquet"):
        settings = "FORMAT parquet"
    elif file_format == "json":
        settings = "FORMAT json"
    else:
        header = str(_csv_header(options)).lower()
        settings = f"FORMAT csv, HEADER {header}, DELIMITER {literal(_csv_delimiter(options))}"
    try:
        cursor.execute(f"COPY ({source_sql}) TO {literal(str(target))} ({settings})")
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return replaced


def remove(files: list[Path]) -> None:
    for stale in files:
        stale.unlink(missing_ok=True)
