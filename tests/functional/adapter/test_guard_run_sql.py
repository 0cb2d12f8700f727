"""`run_sql_for_tests`, the route dbt-tests-adapter's suites (and any Python test harness) use,
goes through the write guard like every other: the conformance profile may write to `main` and
`dev` only, so a write to `prod` is refused and the warehouse never sees it."""

from __future__ import annotations

from typing import Any

import pytest

from dbt.adapters.databricks_envs.gate import WriteRefused


class TestRunSqlForTestsIsGuarded:
    @pytest.fixture(scope="class", autouse=True)
    def local_only(self, profile_name: str, adapter_type: str) -> None:
        if profile_name == "databricks" or adapter_type != "databricks_envs":
            pytest.skip("needs the local warehouse's `prod` catalog and type: databricks_envs")

    def test_a_write_to_prod_is_refused_before_it_is_sent(self, project: Any) -> None:
        with pytest.raises(Exception) as raised:
            project.run_sql("create table prod.default.hack as select 1 as x")
        # dbt-databricks' run_sql_for_tests then fails in its `finally` (no cursor was made):
        # the refusal is the error it was handling.
        chain = []
        error: BaseException | None = raised.value
        while error is not None:
            chain.append(error)
            error = error.__context__
        assert any(isinstance(e, WriteRefused) for e in chain), chain
        assert any("refused to create prod.default.hack" in str(e) for e in chain)
        found = project.run_sql(
            "select count(*) from prod.information_schema.tables where table_name = 'hack'",
            fetch="one",
        )
        assert found[0] == 0

    def test_a_write_to_an_allowed_catalog_runs(self, project: Any) -> None:
        project.run_sql(f"create table {project.test_schema}.allowed as select 1 as x")
        found = project.run_sql(f"select x from {project.test_schema}.allowed", fetch="one")
        assert found[0] == 1
