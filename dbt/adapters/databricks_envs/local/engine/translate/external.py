"""External tables: CREATE TABLE ... USING delta|parquet|csv|json [OPTIONS (...)] LOCATION.

As on Databricks (https://docs.databricks.com/aws/en/tables/external), the catalog holds the
table's metadata and the files at its location hold its rows: creating a table over files reads
them, every write rewrites them, and DROP TABLE forgets the table but keeps its files.

The rows are also kept in the table's DuckDB copy, which queries read: the files are written
when a change commits, not read again on every query. Files changed behind the warehouse's
back are seen once the table is created over them again. Where files live is
storage/external_files.py's concern.

MERGE, UPDATE and DELETE need a Delta table, as on Databricks
(https://docs.databricks.com/aws/en/sql/language-manual/delta-merge-into).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from dbt.adapters.databricks_envs.local.engine import errors
from dbt.adapters.databricks_envs.local.engine.plan import Runtime
from dbt.adapters.databricks_envs.local.engine.storage import external_files
from dbt.adapters.databricks_envs.local.engine.storage.model import RelationInfo
from dbt.adapters.databricks_envs.local.engine.storage.names import RelName
from dbt.adapters.databricks_envs.local.engine.translate.definitions import TableClauses


@dataclass(frozen=True)
class Spec:
    """What a CREATE TABLE says about its files."""

    uri: str
    file_format: str
    options: dict[str, str] = field(default_factory=dict)

    def details(self) -> dict[str, object]:
        return {"location": self.uri, "options": self.options}


def spec(clauses: TableClauses) -> Spec | None:
    """The statement's external table, or None for a managed table."""
    options = {k.lower(): v for k, v in clauses.options.items()}
    # Spark's older spelling of LOCATION is OPTIONS (path '...').
    uri = clauses.location or options.pop("path", None)
    if uri is None:
        return None
    file_format = clauses.provider or "delta"
    if file_format not in external_files.FORMATS:
        raise errors.not_supported(f"external tables USING {file_format}")
    return Spec(uri, file_format, options)


def prepare(
    rt: Runtime,
    name: RelName,
    table: Spec,
    existing: RelationInfo | None,
    has_query: bool,
    replace: bool,
) -> external_files.Location:
    """Checks the location before the table is (re)created: inside the data directory, not
    overlapping another table's, and empty if a query is to fill it (but for CREATE OR
    REPLACE of a Delta table, which overwrites)."""
    location = external_files.resolve(table.uri, rt.files.data_dir)
    for other in _external_tables(rt):
        if other.name == name and existing is not None:
            continue
        assert other.location is not None
        other_path = external_files.resolve(other.location, rt.files.data_dir).path
        if external_files.overlaps(location.path, other_path):
            raise errors.error(
                "INVALID_PARAMETER_VALUE.LOCATION_OVERLAP",
                "22023",
                f"Input path url '{table.uri}' overlaps with other external tables or volumes "
                f"within 'CreateTable' call. Conflicting tables/volumes: {other.name.dotted}.",
            )
    if has_query and external_files.holds_files(location.path):
        if table.file_format != "delta":
            # Spark's check (spark.sql.legacy.allowNonEmptyLocationInCTAS is false). dbt
            # drops and recreates non-Delta tables, so a second build of a non-Delta table
            # model at the same location fails here, as it does on Databricks.
            raise errors.error(
                "_LEGACY_ERROR_TEMP_1241",
                "42000",
                "CREATE-TABLE-AS-SELECT cannot create table with location to a non-empty "
                f"directory {table.uri}. To allow overwriting the existing non-empty directory, "
                "set 'spark.sql.legacy.allowNonEmptyLocationInCTAS' to true.",
            )
        if not replace:
            raise errors.error(
                "DELTA_CREATE_TABLE_WITH_NON_EMPTY_LOCATION",
                "42601",
                f"Cannot create table ('{errors.quote_parts(*name.parts)}'). The associated "
                f"location ('{table.uri}') is not empty and also not a Delta table.",
            )
    return location


def _external_tables(rt: Runtime) -> list[RelationInfo]:
    found = []
    for catalog in rt.mirror.catalog_names():
        state = rt.mirror.catalog(catalog)
        for schema in state.schemas.values() if state else ():
            found += [r for r in schema.relations.values() if r.location is not None]
    return found


def inferred_query(rt: Runtime, table: Spec, location: external_files.Location) -> str:
    """The query that reads the files of a table created with neither columns nor a query."""
    files = external_files.data_files(location.path, table.file_format)
    if not files:
        kind = {"delta": "Parquet", "parquet": "Parquet", "csv": "CSV", "json": "JSON"}
        raise errors.error(
            "UNABLE_TO_INFER_SCHEMA",
            "42KD9",
            f"Unable to infer schema for {kind[table.file_format]}. It must be specified manually.",
        )
    return external_files.reader(files, table.file_format, table.options, None)


def created(
    rt: Runtime,
    name: RelName,
    table: Spec,
    location: external_files.Location,
    filled: bool,
) -> None:
    """After the DuckDB table is made with its columns: a table filled by its query writes its
    files; one declared over a location reads the files there (``filled`` False)."""
    if filled:
        _write(rt, name, table.file_format, table.options, location.path)
        return
    files = external_files.data_files(location.path, table.file_format)
    if not files:
        return
    columns = [
        (str(row[0]), str(row[1])) for row in rt.cursor.execute(f"DESCRIBE {name.duck}").fetchall()
    ]
    source = external_files.reader(files, table.file_format, table.options, columns)
    rt.cursor.execute(f"INSERT INTO {name.duck} {source}")


def changed(rt: Runtime, info: RelationInfo, name: RelName | None = None) -> None:
    """Rewrites the files of an external table whose rows (or columns) just changed, inside
    the statement's transaction: its last step, so that a failure leaves the old files."""
    assert info.location is not None
    location = external_files.resolve(info.location, rt.files.data_dir)
    _write(rt, name or info.name, info.provider or "delta", info.options, location.path)


def _write(
    rt: Runtime, name: RelName, file_format: str, options: Mapping[str, str], path: Path
) -> None:
    replaced = external_files.write(
        rt.cursor, f"SELECT * FROM {name.duck}", path, file_format, options
    )
    rt.after_commit(lambda: external_files.remove(replaced))


def files_of(rt: Runtime, info: RelationInfo) -> tuple[int, int]:
    """DESCRIBE DETAIL's numFiles and sizeInBytes of an external table."""
    assert info.location is not None
    path = external_files.resolve(info.location, rt.files.data_dir).path
    files = external_files.data_files(path, info.provider or "delta")
    return len(files), sum(f.stat().st_size for f in files)


def require_overwritable(info: RelationInfo) -> None:
    """INSERT OVERWRITE of a non-Delta external table from a query reading it: Spark would
    delete the files it reads
    (https://docs.databricks.com/aws/en/error-messages/unsupported-overwrite-error-class)."""
    if info.location is not None and (info.provider or "delta") != "delta":
        raise errors.error(
            "UNSUPPORTED_OVERWRITE.TABLE",
            "42902",
            "Can't overwrite the target that is also being read from. The target table is "
            f"{errors.quote_parts(*info.name.parts)}.",
        )


def require_delta(info: RelationInfo, operation: str) -> None:
    """MERGE, UPDATE and DELETE need a Delta table; Delta Lake's analysis refuses others."""
    provider = info.provider or "delta"
    if provider != "delta":
        raise errors.error(
            "DELTA_UNSUPPORTED_SOURCE",
            "0AKDD",
            f"{operation} destination only supports Delta sources.\n"
            f"{errors.quote_parts(*info.name.parts)} is a {provider} table.",
        )


def require_truncatable(info: RelationInfo) -> None:
    """TRUNCATE empties Delta tables, managed or external, but no other external table
    (https://docs.databricks.com/aws/en/sql/language-manual/sql-ref-syntax-ddl-truncate-table);
    Spark's words."""
    if info.location is not None and (info.provider or "delta") != "delta":
        raise errors.error(
            "_LEGACY_ERROR_TEMP_1266",
            "42000",
            "Operation not allowed: TRUNCATE TABLE on external tables: "
            f"{errors.quote_parts(*info.name.parts)}.",
        )
