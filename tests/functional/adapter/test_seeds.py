"""dbt-tests-adapter's simple_seed suite."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from dbt.tests.adapter.simple_seed import fixtures, seeds
from dbt.tests.adapter.simple_seed.test_seed import (
    BaseSeedConfigFullRefreshOff,
    BaseSeedCustomSchema,
    BaseSeedParsing,
    BaseSeedSpecificFormats,
    BaseSeedWithEmptyDelimiter,
    BaseSeedWithUniqueDelimiter,
    BaseSeedWithWrongDelimiter,
    BaseSimpleSeedEnabledViaConfig,
    BaseSimpleSeedWithBOM,
    BaseTestEmptySeed,
    SeedTestBase,
)
from dbt.tests.adapter.simple_seed.test_seed_type_override import BaseSimpleSeedColumnOverride
from dbt.tests.util import copy_file

# The suites' expected table, in Databricks types: Databricks has no TEXT.
EXPECTED_SQL = seeds.seeds__expected_sql.replace(" TEXT,", " STRING,")


class DatabricksExpected:
    """Creates the suites' expected table with Databricks types (replaces their setUp)."""

    @pytest.fixture(scope="class", autouse=True)
    def setUp(self, project: Any) -> None:
        project.run_sql(EXPECTED_SQL)


class TestSimpleSeed(DatabricksExpected, SeedTestBase):
    pass


class TestSeedConfigFullRefreshOff(DatabricksExpected, BaseSeedConfigFullRefreshOff):
    pass


class TestSeedCustomSchema(DatabricksExpected, BaseSeedCustomSchema):
    pass


class TestSeedWithUniqueDelimiter(DatabricksExpected, BaseSeedWithUniqueDelimiter):
    pass


class TestSeedWithWrongDelimiter(DatabricksExpected, BaseSeedWithWrongDelimiter):
    pass


class TestSeedWithEmptyDelimiter(DatabricksExpected, BaseSeedWithEmptyDelimiter):
    pass


class TestSimpleSeedEnabledViaConfig(BaseSimpleSeedEnabledViaConfig):
    pass


class TestSeedParsing(DatabricksExpected, BaseSeedParsing):
    pass


class TestSimpleSeedWithBOM(BaseSimpleSeedWithBOM):
    @pytest.fixture(scope="class", autouse=True)
    def setUp(self, project: Any) -> None:
        # The suite copies seed_bom.csv from the test's own folder: here, dbt-tests-adapter's.
        project.run_sql(EXPECTED_SQL)
        copy_file(
            str(Path(seeds.__file__).parent),
            "seed_bom.csv",
            Path(project.project_root) / "seeds" / "seed_bom.csv",
            "",
        )


class TestSeedSpecificFormats(BaseSeedSpecificFormats):
    pass


class TestEmptySeed(BaseTestEmptySeed):
    pass


# The suite's column types are Postgres'; these are the same checks in Databricks' names.
DATABRICKS_TYPES = {
    "type: text": "type: string",
    "type: integer": "type: bigint",
    "type: timestamp without time zone": "type: timestamp",
}


class TestSimpleSeedColumnOverride(BaseSimpleSeedColumnOverride):
    @pytest.fixture(scope="class")
    def models(self) -> dict[str, str]:
        properties = fixtures.properties__schema_yml
        for postgres, databricks in DATABRICKS_TYPES.items():
            properties = properties.replace(postgres, databricks)
        return {"schema.yml": properties}

    @staticmethod
    def seed_enabled_types() -> dict[str, str]:
        return {"seed_id": "string", "birthday": "date"}

    @staticmethod
    def seed_tricky_types() -> dict[str, str]:
        return {
            "seed_id_str": "string",
            "looks_like_a_bool": "string",
            "looks_like_a_date": "string",
        }
