"""What dbt-databricks 1.12 sends to build one small project, statement by statement.

Taken from runs of dbt against the local warehouse (query comments dropped): a seed, a table,
a view, an incremental model merged twice, persisted docs, a snapshot, a data test and the
metadata dbt reads around each. Used as a test of the whole flow and as the statement mix of
the speed measurement (run this file).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

UC_TABLES = """SELECT
  table_name,
  if(table_type IN ('EXTERNAL', 'MANAGED', 'MANAGED_SHALLOW_CLONE', 'EXTERNAL_SHALLOW_CLONE'),
    'table', lower(table_type)) AS table_type,
  lower(data_source_format) AS file_format,
  table_owner,
  if(
    table_type IN (
      'EXTERNAL',
      'MANAGED',
      'MANAGED_SHALLOW_CLONE',
      'EXTERNAL_SHALLOW_CLONE'
    ),
    lower(table_type),
    NULL
  ) AS databricks_table_type
FROM `system`.`information_schema`.`tables`
WHERE table_catalog = 'main'
  AND table_schema = '{schema}'{table}"""

ROW_FILTERS = """SELECT
    table_catalog,
    table_schema,
    table_name,
    filter_name,
    target_columns
  FROM `main`.`information_schema`.`row_filters`
  WHERE table_catalog = 'main'
    AND table_schema = '{schema}'
    AND table_name = '{name}'"""

SEED_VALUES = ",".join(
    f"({i}.0,'name {i}','198{i % 10}-05-20 06:46:51.000000')" for i in range(1, 21)
)


def _relation(schema: str, name: str) -> str:
    return f"`main`.`{schema}`.`{name}`"


def uc_tables(schema: str, name: str | None = None) -> str:
    """dbt-databricks' get_uc_tables query for one schema (and one table)."""
    table = f"\n  AND table_name = '{name}'" if name else ""
    return UC_TABLES.format(schema=schema, table=table)


def model_statements(schema: str, i: int) -> list[str]:
    seed, table, view, inc, snap = (
        _relation(schema, f"{kind}_{i}") for kind in ("seed", "tbl", "view", "inc", "snap")
    )
    temp = f"inc_{i}__dbt_tmp"
    snap_temp = f"snap_{i}__dbt_tmp"
    return [
        "SHOW SCHEMAS IN `main`",
        uc_tables(schema),
        f"create table {seed} (`id` bigint ,`name` string ,`some_date` timestamp ) using delta",
        f"insert overwrite {seed} values {SEED_VALUES}",
        uc_tables(schema, f"seed_{i}"),
        ROW_FILTERS.format(schema=schema, name=f"tbl_{i}"),
        f"create or replace table {table}\n      using delta\n      as\n"
        f"      select id, name, some_date from {seed}",
        "SELECT current_catalog()",
        f"create or replace view {view}\n  as (\n    select id, name from {table}\n  )",
        f"COMMENT ON TABLE {table} IS 'Model {i}'",
        f"DESCRIBE TABLE EXTENDED {table} AS JSON",
        f"COMMENT ON COLUMN {table}.`id` IS 'The id'",
        # The incremental model, first run.
        ROW_FILTERS.format(schema=schema, name=f"inc_{i}"),
        f"create or replace table {inc}\n      using delta\n      as\n"
        f"      select id, name from {seed} where id <= 10",
        # Its second run: merge the new rows.
        uc_tables(schema, f"inc_{i}"),
        f"create or replace temporary view `{temp}` as\n"
        f"    select id, upper(name) as name from {seed} where id > 5",
        f"DESCRIBE TABLE EXTENDED `{temp}` AS JSON",
        f"DESCRIBE TABLE EXTENDED {inc} AS JSON",
        f"SHOW TBLPROPERTIES {inc}",
        f"describe extended {inc}",
        f"""merge
    into
        {inc} as DBT_INTERNAL_DEST
    using
        `{temp}` as DBT_INTERNAL_SOURCE
    on
        DBT_INTERNAL_SOURCE.`id` <=> DBT_INTERNAL_DEST.`id`
    when matched
        then update set
            *
    when not matched
        then insert
            *""",
        # The snapshot, first run and a check run.
        f"create or replace table {snap}\n      using delta\n      as\n"
        "      select *, md5(coalesce(cast(id as string), '') || '|' || "
        "coalesce(cast(current_timestamp() as string), '')) as dbt_scd_id, "
        "current_timestamp() as dbt_updated_at, current_timestamp() as dbt_valid_from, "
        f"cast(null as timestamp) as dbt_valid_to from {table}",
        f"create or replace temporary view `{snap_temp}` as\n"
        f"    select s.id, s.name, s.some_date, s.dbt_scd_id, s.dbt_updated_at, "
        f"s.dbt_valid_from, current_timestamp() as dbt_valid_to, 'update' as dbt_change_type "
        f"from {snap} s join {table} t on s.id = t.id where t.id = 1",
        f"""merge into {snap} as DBT_INTERNAL_DEST
    using `{snap_temp}` as DBT_INTERNAL_SOURCE
    on DBT_INTERNAL_SOURCE.dbt_scd_id = DBT_INTERNAL_DEST.dbt_scd_id
    when matched
     and DBT_INTERNAL_DEST.dbt_valid_to is null
     and DBT_INTERNAL_SOURCE.dbt_change_type in ('update', 'delete')
        then update
        set dbt_valid_to = DBT_INTERNAL_SOURCE.dbt_valid_to
    when not matched
     and DBT_INTERNAL_SOURCE.dbt_change_type = 'insert'
        then insert *""",
        # A not_null test.
        "select\n      count(*) as failures,\n      count(*) != 0 as should_warn,\n"
        "      count(*) != 0 as should_error\n    from (\n"
        f"    select id from {table} where id is null\n    ) dbt_internal_test",
        # docs generate.
        f"SHOW TABLE EXTENDED IN `main`.`{schema}` LIKE 'tbl_{i}|view_{i}|inc_{i}'",
    ]


def project_statements(schema: str, models: int) -> list[str]:
    statements = [f"create schema if not exists `main`.`{schema}`"]
    for i in range(models):
        statements += model_statements(schema, i)
    return statements


def measure(models: int = 40) -> tuple[float, float, int]:
    """Server-side time per statement: (p50 ms, p95 ms, statements), one session."""
    from dbt.adapters.databricks_envs.local.api import Principal
    from dbt.adapters.databricks_envs.local.engine import DuckDBEngine

    with tempfile.TemporaryDirectory() as directory:
        engine = DuckDBEngine(Path(directory))
        session = engine.open_session(Principal("bench"), "main", "default")
        timings = []
        for statement in project_statements("bench", models):
            started = time.perf_counter()
            session.execute(statement)
            timings.append((time.perf_counter() - started) * 1000)
        engine.close()
    timings.sort()
    return statistics.median(timings), timings[int(len(timings) * 0.95)], len(timings)


if __name__ == "__main__":
    p50, p95, count = measure(int(sys.argv[1]) if len(sys.argv) > 1 else 40)
    print(f"{count} statements: p50 {p50:.2f} ms, p95 {p95:.2f} ms")
