"""dbt-databricks models with `location_root` and `file_format` on a local warehouse: external
tables whose files live under the data directory, built as dbt-databricks builds them (Delta:
CREATE OR REPLACE; other formats: DROP then CREATE, and INSERT INTO / INSERT OVERWRITE
incrementally)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from dbt_project import DbtProject
from uc_workspace import Workspace, started

ADMIN_TOKEN = "dapi-admin-external"
CONFIG = f"""
tokens: [{{token: {ADMIN_TOKEN}, principal: admin@localhost}}]
catalogs: [dev]
"""
INCREMENTAL = """
{{{{ config(materialized='incremental', file_format='{file_format}',
            location_root='{root}', incremental_strategy='{strategy}'{extra}) }}}}
select * from values (1, 'a'), (2, 'b') as v(id, name)
{{% if is_incremental() %}} where id = 2 {{% endif %}}
"""
TABLE = """
{{{{ config(materialized='table', file_format='{file_format}', location_root='{root}'{extra}) }}}}
select * from values (1, 'a'), (2, 'b') as v(id, name)
"""
CSV_OPTIONS = ", options={'header': 'true'}"


@pytest.fixture(scope="module")
def uc(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    with started(tmp_path_factory.mktemp("external"), CONFIG, ADMIN_TOKEN) as workspace:
        yield workspace


def data_dir(uc: Workspace) -> Path:
    return uc.root / "data"


def project(uc: Workspace, path: Path, schema: str) -> DbtProject:
    return DbtProject(path, uc.warehouse, {"dev": ("dev", schema, uc.admin_token)})


def file_rows(folder: Path, file_format: str) -> list[tuple[object, ...]]:
    extension = "parquet" if file_format == "delta" else file_format
    pattern = str(folder / f"*.{extension}")
    reader = {
        "parquet": f"read_parquet('{pattern}')",
        "csv": f"read_csv('{pattern}', header = true)",
        "json": f"read_json('{pattern}')",
    }["parquet" if file_format == "delta" else file_format]
    return sorted(duckdb.sql(f"select id, name from {reader}").fetchall())


def described(uc: Workspace, table: str) -> dict[str, str]:
    return {str(r[0]): str(r[1]) for r in uc.as_admin(f"describe table extended {table}")}


@pytest.mark.parametrize(
    ("file_format", "strategy"),
    [
        ("delta", "merge"),
        ("parquet", "append"),
        ("parquet", "insert_overwrite"),
        ("csv", "append"),
        ("json", "append"),
    ],
)
def test_incremental_built_twice(
    uc: Workspace, tmp_path: Path, file_format: str, strategy: str
) -> None:
    schema = f"inc_{file_format}_{strategy}"
    name = f"inc_{file_format}"
    extra = CSV_OPTIONS if file_format == "csv" else ""
    if strategy == "merge":
        extra += ", unique_key='id'"
    built = project(uc, tmp_path / schema, schema)
    root = f"s3://lake/{schema}"
    built.write(
        {
            f"models/{name}.sql": INCREMENTAL.format(
                file_format=file_format, root=root, strategy=strategy, extra=extra
            )
        }
    )
    built.dbt("run")
    built.dbt("run")
    folder = data_dir(uc) / "external" / "s3" / "lake" / schema / name
    expected = {
        "merge": [(1, "a"), (2, "b")],
        "append": [(1, "a"), (2, "b"), (2, "b")],
        "insert_overwrite": [(2, "b")],
    }[strategy]
    assert file_rows(folder, file_format) == expected
    assert sorted(uc.as_admin(f"select id, name from dev.{schema}.{name}")) == expected
    details = described(uc, f"dev.{schema}.{name}")
    assert (details["Type"], details["Provider"], details["Location"]) == (
        "EXTERNAL",
        file_format,
        f"{root}/{name}",
    )
    assert uc.as_admin(
        "select table_type, data_source_format from system.information_schema.tables "
        f"where table_schema = '{schema}' and table_name = '{name}'"
    ) == [("EXTERNAL", file_format.upper())]


@pytest.mark.parametrize("file_format", ["delta", "parquet", "csv", "json"])
def test_table_model(uc: Workspace, tmp_path: Path, file_format: str) -> None:
    schema = f"tbl_{file_format}"
    name = f"tbl_{file_format}"
    extra = CSV_OPTIONS if file_format == "csv" else ""
    built = project(uc, tmp_path / schema, schema)
    root = f"s3://lake/{schema}"
    built.write(
        {f"models/{name}.sql": TABLE.format(file_format=file_format, root=root, extra=extra)}
    )
    built.dbt("run")
    folder = data_dir(uc) / "external" / "s3" / "lake" / schema / name
    assert file_rows(folder, file_format) == [(1, "a"), (2, "b")]
    assert described(uc, f"dev.{schema}.{name}")["Type"] == "EXTERNAL"
    second = built.try_dbt("run")
    if file_format == "delta":
        # CREATE OR REPLACE TABLE rewrites the Delta table's files.
        assert second.success
    else:
        # dbt drops the table, which keeps its files, then creates it again AS SELECT at the
        # same, now non-empty, location: refused, as Databricks refuses it.
        assert not second.success
        message = str(second.result.results[0].message)
        assert "non-empty directory" in message
        assert uc.as_admin(f"show tables in dev.{schema}") == []
    assert file_rows(folder, file_format) == [(1, "a"), (2, "b")]


def test_drop_keeps_files(uc: Workspace, tmp_path: Path) -> None:
    built = project(uc, tmp_path / "dropped", "dropped")
    built.write(
        {"models/kept.sql": TABLE.format(file_format="parquet", root="s3://lake/dropped", extra="")}
    )
    built.dbt("run")
    uc.as_admin("drop table dev.dropped.kept")
    folder = data_dir(uc) / "external" / "s3" / "lake" / "dropped" / "kept"
    assert file_rows(folder, "parquet") == [(1, "a"), (2, "b")]
    uc.as_admin("create table dev.dropped.again using parquet location 's3://lake/dropped/kept'")
    assert sorted(uc.as_admin("select id, name from dev.dropped.again")) == [(1, "a"), (2, "b")]


def test_location_outside_data_dir_is_refused(uc: Workspace, tmp_path: Path) -> None:
    built = project(uc, tmp_path / "outside", "outside")
    elsewhere = tmp_path / "not_the_warehouse"
    built.write(
        {"models/far.sql": TABLE.format(file_format="parquet", root=str(elsewhere), extra="")}
    )
    result = built.try_dbt("run")
    assert not result.success
    message = str(result.result.results[0].message)
    assert "LOCATION_OUTSIDE_DATA_DIRECTORY" in message
    assert str(data_dir(uc).resolve()) in message
    assert not elsewhere.exists()


def test_privileges_as_for_a_managed_table(uc: Workspace) -> None:
    """CREATE TABLE on the schema, as for a managed table; the external location privileges
    Databricks also asks for are not modelled."""
    uc.as_admin(
        "create schema dev.shared_ext",
        "grant use catalog on catalog dev to `account users`",
        "grant use schema on schema dev.shared_ext to `account users`",
    )
    builder = uc.user("builder@example.com")
    reader = uc.user("reader@example.com")
    uc.as_admin("grant create table on schema dev.shared_ext to `builder@example.com`")
    uc.sql(
        builder,
        "create table dev.shared_ext.t using parquet location 's3://lake/priv/t' as select 1 as id",
    )
    with pytest.raises(Exception, match="User does not have CREATE TABLE on Schema"):
        uc.sql(
            reader,
            "create table dev.shared_ext.u using parquet location 's3://lake/priv/u' "
            "as select 1 as id",
        )
    assert not (data_dir(uc) / "external" / "s3" / "lake" / "priv" / "u").exists()
