"""A whole small dbt project, as dbt-databricks sends it, through one session."""

from __future__ import annotations

import json

from dbt_statements import project_statements
from engine_helpers import one, rows

from dbt.adapters.databricks_envs.local.engine import DuckDBSession


def test_project_builds_and_reads_back(session: DuckDBSession) -> None:
    for statement in project_statements("flow", 2):
        session.execute(statement)
    assert one(session, "select count(*) from main.flow.seed_0") == 20
    assert rows(session, "select count(*), count(distinct name) from main.flow.inc_1") == [(20, 20)]
    assert one(session, "select name from main.flow.inc_1 where id = 7") == "NAME 7"
    assert one(session, "select name from main.flow.inc_1 where id = 3") == "name 3"
    assert rows(
        session, "select count(*) from main.flow.snap_0 where dbt_valid_to is not null"
    ) == [(1,)]
    metadata = json.loads(one(session, "DESCRIBE TABLE EXTENDED main.flow.tbl_0 AS JSON"))
    assert metadata["comment"] == "Model 0"
    assert metadata["columns"][0]["comment"] == "The id"
    assert rows(
        session,
        "select table_name, table_type from main.information_schema.tables "
        "where table_schema = 'flow' and table_name like '%_0' order by 1",
    ) == [
        ("inc_0", "MANAGED"),
        ("seed_0", "MANAGED"),
        ("snap_0", "MANAGED"),
        ("tbl_0", "MANAGED"),
        ("view_0", "VIEW"),
    ]
