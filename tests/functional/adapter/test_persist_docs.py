"""dbt-tests-adapter's persist_docs suite: comments on tables, views and columns.

dbt-tests-adapter reads the comments back from catalog.json, but dbt-databricks' catalog never
carries column comments (it builds the catalog from ``SHOW TABLE EXTENDED``, whose schema lines
have none), on a real workspace as here. So the same models and properties are checked the way
Databricks exposes comments: ``DESCRIBE TABLE EXTENDED ... AS JSON``.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from dbt.tests import util
from dbt.tests.adapter.persist_docs import fixtures
from dbt.tests.adapter.persist_docs.test_persist_docs import BasePersistDocsBase

PERSIST_ALL = {"models": {"test": {"+persist_docs": {"relation": True, "columns": True}}}}


def comments(project: Any, name: str) -> tuple[str | None, dict[str, str | None]]:
    """The relation's comment and its columns' comments, as Databricks describes them."""
    relation = util.relation_from_name(project.adapter, name)
    (document,) = project.run_sql(f"describe table extended {relation} as json", fetch="one")
    described = json.loads(document)
    columns = {c["name"]: c.get("comment") for c in described["columns"]}
    return described.get("comment"), columns


class TestPersistDocs(BasePersistDocsBase):
    @pytest.fixture(scope="class")
    def project_config_update(self) -> dict[str, Any]:
        return PERSIST_ALL

    def test_table_comments(self, project: Any) -> None:
        table, columns = comments(project, "table_model")
        assert table is not None and table.startswith("Table model description")
        id_comment, name_comment = columns["id"], columns["name"]
        assert id_comment is not None and id_comment.startswith("id Column description")
        assert name_comment is not None
        assert name_comment.startswith("Some stuff here and then a call to")
        self._assert_common_comments(table, id_comment, name_comment)

    def test_view_comments(self, project: Any) -> None:
        view, columns = comments(project, "view_model")
        assert view is not None and view.startswith("View model description")
        id_comment = columns["id"]
        assert id_comment is not None and id_comment.startswith("id Column description")
        self._assert_common_comments(view, id_comment)
        assert columns["name"] is None

    def test_undocumented_view_has_none(self, project: Any) -> None:
        view, columns = comments(project, "no_docs_model")
        assert view is None
        assert columns == {"id": None, "name": None}


class TestPersistDocsColumnMissing(BasePersistDocsBase):
    @pytest.fixture(scope="class")
    def project_config_update(self) -> dict[str, Any]:
        return {"models": {"test": {"+persist_docs": {"columns": True}}}}

    @pytest.fixture(scope="class")
    def models(self) -> dict[str, str]:
        return {"missing_column.sql": fixtures._MODELS__MISSING_COLUMN}

    @pytest.fixture(scope="class")
    def properties(self) -> dict[str, str]:
        return {"schema.yml": fixtures._PROPERTIES__SCHEMA_MISSING_COL}

    def test_missing_column(self, project: Any) -> None:
        _, columns = comments(project, "missing_column")
        id_comment = columns["id"]
        assert id_comment is not None and id_comment.startswith("test id column description")
        assert "column_that_does_not_exist" not in columns


class TestPersistDocsCommentOnQuotedColumn:
    @pytest.fixture(scope="class")
    def models(self) -> dict[str, str]:
        return {"quote_model.sql": fixtures._MODELS__MODEL_USING_QUOTE_UTIL}

    @pytest.fixture(scope="class")
    def properties(self) -> dict[str, str]:
        return {"properties.yml": fixtures._PROPERTIES__QUOTE_MODEL}

    @pytest.fixture(scope="class")
    def project_config_update(self) -> dict[str, Any]:
        return {"models": {"test": {"materialized": "table", **PERSIST_ALL["models"]["test"]}}}

    def test_quoted_column_comments(self, project: Any) -> None:
        util.run_dbt()
        _, columns = comments(project, "quote_model")
        comment = columns["2id"]
        assert comment is not None and comment.startswith("XXX")
