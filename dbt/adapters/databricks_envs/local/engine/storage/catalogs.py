"""Catalog files: one DuckDB database per Unity Catalog catalog, ATTACHed to one instance so
that queries and views can span catalogs."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import duckdb

from dbt.adapters.databricks_envs.local.engine.storage import names, objects

DEFAULT_SCHEMA = "default"


class CatalogFiles:
    def __init__(self, root: duckdb.DuckDBPyConnection, directory: Path) -> None:
        self._root = root
        self._directory = directory
        # The warehouse's data directory, which holds external tables' locations too.
        self.data_dir = directory.parent
        directory.mkdir(parents=True, exist_ok=True)

    def path(self, catalog: str) -> Path:
        return self._directory / names.file_name(catalog)

    def on_disk(self) -> list[str]:
        found = (names.catalog_of_file(p) for p in sorted(self._directory.iterdir()))
        return [c for c in found if c]

    def attach(self, catalog: str) -> None:
        # ATTACH is instance-wide: every session's cursor sees the catalog.
        with self._root.cursor() as cursor:
            cursor.execute(
                f"ATTACH IF NOT EXISTS {names.literal(str(self.path(catalog)))} "
                f"AS {names.ident(names.alias(catalog))}"
            )
            objects.create_store(cursor, catalog)

    def create(self, catalog: str, owner: str, comment: str | None, now: datetime) -> None:
        """Creates the file with its ``default`` schema and the catalog's metadata row."""
        self.attach(catalog)
        try:
            with self._root.cursor() as cursor:
                cursor.execute("BEGIN")
                cursor.execute(
                    f"CREATE SCHEMA IF NOT EXISTS {names.duck_schema(catalog, DEFAULT_SCHEMA)}"
                )
                for schema, name, kind in (
                    ("", "", objects.KIND_CATALOG),
                    (DEFAULT_SCHEMA, "", objects.KIND_SCHEMA),
                ):
                    objects.write(
                        cursor,
                        catalog,
                        objects.ObjectRow(
                            kind=kind,
                            schema=schema,
                            name=name,
                            owner=owner,
                            created=now,
                            last_altered=now,
                            last_altered_by=owner,
                            comment=comment if kind == objects.KIND_CATALOG else None,
                        ),
                    )
                cursor.execute("COMMIT")
        except BaseException:
            self.drop(catalog)
            raise

    def drop(self, catalog: str) -> None:
        with self._root.cursor() as cursor:
            cursor.execute(f"DETACH DATABASE IF EXISTS {names.ident(names.alias(catalog))}")
        path = self.path(catalog)
        for leftover in (path, path.with_name(path.name + ".wal")):
            leftover.unlink(missing_ok=True)
