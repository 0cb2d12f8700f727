"""dbt-tests-adapter's docs generate suite: catalog.json as Databricks reports it."""

from __future__ import annotations

from typing import Any

import pytest
from dbt.tests.adapter.basic import expected_catalog
from dbt.tests.adapter.basic.test_docs_generate import BaseDocsGenerate, BaseDocsGenReferences
from expected import BIGINT, catalog_types, zero_based_columns


class TestDocsGenerate(BaseDocsGenerate):
    @pytest.fixture(scope="class")
    def expected_catalog(self, project: Any) -> dict[str, Any]:
        return expected_catalog.base_expected_catalog(project, **catalog_types())


class TestDocsGenReferences(BaseDocsGenReferences):
    @pytest.fixture(scope="class")
    def expected_catalog(self, project: Any) -> dict[str, Any]:
        return zero_based_columns(
            expected_catalog.expected_references_catalog(
                project, bigint_type=BIGINT, **catalog_types()
            )
        )
