"""External tables: CREATE TABLE ... USING delta|parquet|csv|json [OPTIONS] LOCATION, their
files, how they are reported, and what Databricks refuses on them."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from engine_helpers import fails, one, rows

from dbt.adapters.databricks_envs.local.engine import DuckDBEngine, DuckDBSession


def files_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def read_back(folder: Path, file_format: str) -> list[tuple[object, ...]]:
    """The rows of the folder's files, read by DuckDB outside the warehouse."""
    pattern = str(folder / f"*.{'parquet' if file_format == 'delta' else file_format}")
    reader = {
        "delta": f"read_parquet('{pattern}')",
        "parquet": f"read_parquet('{pattern}')",
        "csv": f"read_csv('{pattern}', header = false)",
        "json": f"read_json('{pattern}')",
    }[file_format]
    return sorted(duckdb.sql(f"select * from {reader}").fetchall())


@pytest.mark.parametrize("file_format", ["delta", "parquet", "csv", "json"])
def test_ctas_writes_files_and_writes_keep_them_current(
    session: DuckDBSession, data_dir: Path, file_format: str
) -> None:
    folder = data_dir / "ext" / file_format
    session.execute(
        f"create table main.default.t using {file_format} location '{folder}' "
        "as select 1 as id, 'a' as name"
    )
    assert [n for n in files_in(folder) if n.startswith("part-")]
    assert read_back(folder, file_format) == [(1, "a")]

    session.execute("insert into main.default.t values (2, 'b')")
    assert read_back(folder, file_format) == [(1, "a"), (2, "b")]
    assert len([n for n in files_in(folder) if n.startswith("part-")]) == 1

    session.execute("insert overwrite main.default.t select 3, 'c'")
    assert read_back(folder, file_format) == [(3, "c")]
    assert rows(session, "select * from main.default.t") == [(3, "c")]


def test_cloud_uri_maps_under_external_folder(session: DuckDBSession, data_dir: Path) -> None:
    session.execute(
        "create table main.default.t using parquet location 's3://bucket/root/t' as select 1 as id"
    )
    folder = data_dir / "external" / "s3" / "bucket" / "root" / "t"
    assert read_back(folder, "parquet") == [(1,)]
    assert one(session, "describe detail main.default.t") == "parquet"
    detail = rows(session, "describe detail main.default.t")[0]
    assert detail[4] == "s3://bucket/root/t"


def test_file_uri_inside_data_dir(session: DuckDBSession, data_dir: Path) -> None:
    session.execute(
        f"create table main.default.t using json location 'file://{data_dir}/j' as select 1 as id"
    )
    assert read_back(data_dir / "j", "json") == [(1,)]


def test_location_outside_data_dir_is_refused(
    session: DuckDBSession, data_dir: Path, tmp_path: Path
) -> None:
    error = fails(
        session,
        f"create table main.default.t using parquet location '{tmp_path / 'elsewhere'}' "
        "as select 1 as id",
        "LOCATION_OUTSIDE_DATA_DIRECTORY",
    )
    assert str(data_dir.resolve()) in error.message
    fails(
        session,
        f"create table main.default.t using parquet location '{data_dir}/x/../../escape' "
        "as select 1 as id",
        "LOCATION_OUTSIDE_DATA_DIRECTORY",
    )
    fails(
        session,
        "create table main.default.t using parquet location 'relative/path' as select 1 as id",
        "INVALID_LOCATION",
    )
    fails(
        session,
        f"create table main.default.t using parquet location '{data_dir}/catalogs/x' "
        "as select 1 as id",
        "INVALID_PARAMETER_VALUE.LOCATION_OVERLAP",
    )
    assert rows(session, "show tables in main.default") == []


def test_reported_as_external(session: DuckDBSession, data_dir: Path) -> None:
    session.execute(
        "create table main.default.t (id int) using csv options (header 'true') location 's3://b/t'"
    )
    extended = dict((r[0], r[1]) for r in rows(session, "describe table extended main.default.t"))
    assert extended["Type"] == "EXTERNAL"
    assert extended["Location"] == "s3://b/t"
    assert extended["Provider"] == "csv"
    assert rows(
        session,
        "select table_type, data_source_format, storage_path from system.information_schema.tables"
        " where table_schema = 'default' and table_name = 't'",
    ) == [("EXTERNAL", "CSV", "s3://b/t")]
    detail = rows(session, "describe detail main.default.t")[0]
    assert (detail[0], detail[4], detail[9], detail[10]) == ("csv", "s3://b/t", 0, 0)
    session.execute("insert into main.default.t values (1)")
    detail = rows(session, "describe detail main.default.t")[0]
    assert detail[9] == 1 and detail[10] > 0
    created = one(session, "show create table main.default.t")
    assert "USING csv\nOPTIONS (\n  'header' = 'true')\nLOCATION 's3://b/t'" in created
    shown = rows(session, "show table extended in main.default like 't'")[0]
    assert "Type: EXTERNAL" in shown[-1] and "Location: s3://b/t" in shown[-1]


def test_drop_keeps_files_and_a_new_table_reads_them(
    session: DuckDBSession, data_dir: Path
) -> None:
    folder = data_dir / "ext" / "p"
    session.execute(
        f"create table main.default.t using parquet location '{folder}' "
        "as select * from values (1, 'a'), (2, 'b') as v(id, name)"
    )
    session.execute("drop table main.default.t")
    assert read_back(folder, "parquet") == [(1, "a"), (2, "b")]

    session.execute(f"create table main.default.again using parquet location '{folder}'")
    assert rows(session, "select * from main.default.again order by id") == [(1, "a"), (2, "b")]
    session.execute("drop table main.default.again")

    session.execute(
        f"create table main.default.typed (id bigint, name string) using parquet "
        f"location '{folder}'"
    )
    assert rows(session, "select * from main.default.typed order by id") == [(1, "a"), (2, "b")]


def test_csv_without_header_reads_by_position(session: DuckDBSession, data_dir: Path) -> None:
    folder = data_dir / "ext" / "c"
    folder.mkdir(parents=True)
    (folder / "part-00000.csv").write_text("1,x\n2,y\n")
    session.execute(
        f"create table main.default.c (id int, name string) using csv location '{folder}'"
    )
    assert rows(session, "select * from main.default.c order by id") == [(1, "x"), (2, "y")]
    session.execute("drop table main.default.c")
    session.execute(f"create table main.default.inferred using csv location '{folder}'")
    assert rows(session, "select _c0, _c1 from main.default.inferred order by 1") == [
        ("1", "x"),
        ("2", "y"),
    ]


def test_ctas_into_non_empty_location(session: DuckDBSession, data_dir: Path) -> None:
    folder = data_dir / "ext" / "n"
    session.execute(
        f"create table main.default.p using parquet location '{folder}' as select 1 as id"
    )
    session.execute("drop table main.default.p")
    fails(
        session,
        f"create table main.default.p using parquet location '{folder}' as select 2 as id",
        "_LEGACY_ERROR_TEMP_1241",
    )
    delta = data_dir / "ext" / "d"
    session.execute(
        f"create or replace table main.default.d using delta location '{delta}' as select 1 as id"
    )
    session.execute("drop table main.default.d")
    fails(
        session,
        f"create table main.default.d using delta location '{delta}' as select 2 as id",
        "DELTA_CREATE_TABLE_WITH_NON_EMPTY_LOCATION",
    )
    session.execute(
        f"create or replace table main.default.d using delta location '{delta}' as select 3 as id"
    )
    assert read_back(delta, "delta") == [(3,)]
    session.execute(
        f"create or replace table main.default.d using delta location '{delta}' as select 4 as id"
    )
    assert read_back(delta, "delta") == [(4,)]


def test_overlapping_locations_are_refused(session: DuckDBSession, data_dir: Path) -> None:
    session.execute("create table main.default.a (id int) using delta location 's3://b/x'")
    for location in ("s3://b/x", "s3://b/x/y", "s3://b"):
        error = fails(
            session,
            f"create table main.default.other (id int) using delta location '{location}'",
            "INVALID_PARAMETER_VALUE.LOCATION_OVERLAP",
        )
        assert "main.default.a" in error.message
    session.execute("create table main.default.b (id int) using delta location 's3://b/xy'")


def test_merge_update_delete_need_delta(session: DuckDBSession) -> None:
    session.execute(
        "create table main.default.p using parquet location 's3://b/p' as select 1 as id"
    )
    fails(session, "delete from main.default.p where id = 1", "DELTA_UNSUPPORTED_SOURCE")
    fails(session, "update main.default.p set id = 2", "DELTA_UNSUPPORTED_SOURCE")
    error = fails(
        session,
        "merge into main.default.p t using (select 1 as id) s on t.id = s.id "
        "when matched then delete",
        "DELTA_UNSUPPORTED_SOURCE",
    )
    assert error.message.startswith("[DELTA_UNSUPPORTED_SOURCE] MERGE destination only")
    assert rows(session, "select id from main.default.p") == [(1,)]


def test_merge_on_external_delta_rewrites_files(session: DuckDBSession, data_dir: Path) -> None:
    session.execute(
        "create or replace table main.default.d using delta location 's3://b/d' "
        "as select * from values (1, 'a'), (2, 'b') as v(id, name)"
    )
    session.execute(
        "merge into main.default.d t using (select 2 as id, 'B' as name union all "
        "select 3, 'c') s on t.id = s.id when matched then update set * "
        "when not matched then insert *"
    )
    session.execute("delete from main.default.d where id = 1")
    folder = data_dir / "external" / "s3" / "b" / "d"
    assert read_back(folder, "delta") == [(2, "B"), (3, "c")]
    session.execute("alter table main.default.d add columns (extra int)")
    assert read_back(folder, "delta") == [(2, "B", None), (3, "c", None)]


def test_external_tables_survive_restart(data_dir: Path) -> None:
    from engine_helpers import ALICE

    engine = DuckDBEngine(data_dir)
    session = engine.open_session(ALICE, "main", "default")
    session.execute("create table main.default.t using json location 's3://b/j' as select 1 as id")
    session.close()
    engine.close()
    engine = DuckDBEngine(data_dir)
    session = engine.open_session(ALICE, "main", "default")
    assert (
        one(session, "select table_type from information_schema.tables where table_name = 't'")
        == "EXTERNAL"
    )
    session.execute("insert into main.default.t values (2)")
    assert read_back(data_dir / "external" / "s3" / "b" / "j", "json") == [(1,), (2,)]
    session.close()
    engine.close()


def test_json_form_and_inference(session: DuckDBSession, data_dir: Path) -> None:
    import json

    fails(
        session,
        "create table main.default.none using json location 's3://b/empty'",
        "UNABLE_TO_INFER_SCHEMA",
    )
    folder = data_dir / "external" / "s3" / "b" / "found"
    folder.mkdir(parents=True)
    (folder / "part-00000.json").write_text('{"id": 1, "name": "a"}\n{"id": 2, "name": "b"}\n')
    (folder / "_SUCCESS").write_text("")
    session.execute("create table main.default.found using json location 's3://b/found'")
    assert rows(session, "select id, name from main.default.found order by id") == [
        (1, "a"),
        (2, "b"),
    ]
    described = json.loads(one(session, "describe table extended main.default.found as json"))
    assert (described["type"], described["provider"], described["location"]) == (
        "EXTERNAL",
        "json",
        "s3://b/found",
    )


def test_location_stays_refused_where_databricks_has_none(session: DuckDBSession) -> None:
    fails(
        session,
        "create view main.default.v location 's3://b/v' as select 1 as id",
        "NOT_SUPPORTED_BY_LOCAL_WAREHOUSE",
    )
    fails(
        session,
        "create table main.default.a using avro location 's3://b/a' as select 1 as id",
        "NOT_SUPPORTED_BY_LOCAL_WAREHOUSE",
    )


def test_csv_options_header_and_separator(session: DuckDBSession, data_dir: Path) -> None:
    folder = data_dir / "ext" / "piped"
    folder.mkdir(parents=True)
    (folder / "part-00000.csv").write_text("id|name\n1|x\n")
    session.execute(
        "create table main.default.piped (id int, name string) using csv "
        f"options (header 'true', sep '|') location '{folder}'"
    )
    assert rows(session, "select * from main.default.piped") == [(1, "x")]
    session.execute("insert into main.default.piped values (2, 'y')")
    (written,) = [p for p in folder.iterdir() if p.name.startswith("part-")]
    assert written.read_text().splitlines() == ["id|name", "1|x", "2|y"]
    session.execute("drop table main.default.piped")
    session.execute(
        f"create table main.default.headless using csv options (sep '|') location '{folder}'"
    )
    assert rows(session, "select _c0, _c1 from main.default.headless order by 1") == [
        ("1", "x"),
        ("2", "y"),
        ("id", "name"),
    ]


def test_truncate_external_delta_only(session: DuckDBSession, data_dir: Path) -> None:
    session.execute(
        "create table main.default.p using parquet location 's3://b/tp' as select 1 as id"
    )
    fails(session, "truncate table main.default.p", "_LEGACY_ERROR_TEMP_1266")
    session.execute(
        "create or replace table main.default.d using delta location 's3://b/td' as select 1 as id"
    )
    session.execute("truncate table main.default.d")
    assert files_in(data_dir / "external" / "s3" / "b" / "td") == []
    assert rows(session, "select * from main.default.d") == []


def test_overwrite_reading_itself(session: DuckDBSession) -> None:
    session.execute(
        "create table main.default.p using parquet location 's3://b/op' as select 1 as id"
    )
    fails(
        session,
        "insert overwrite main.default.p select id + 1 from main.default.p",
        "UNSUPPORTED_OVERWRITE.TABLE",
    )
    session.execute(
        "create or replace table main.default.d using delta location 's3://b/od' as select 1 as id"
    )
    session.execute("insert overwrite main.default.d select id + 1 from main.default.d")
    assert rows(session, "select id from main.default.d") == [(2,)]
