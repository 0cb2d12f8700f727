"""dbt-tests-adapter's incremental suites: unique keys, predicates, exclude columns,
on_schema_change, microbatch."""

from __future__ import annotations

import pytest
from dbt.tests.adapter.incremental.test_incremental_merge_exclude_columns import (
    BaseMergeExcludeColumns,
)
from dbt.tests.adapter.incremental.test_incremental_microbatch import BaseMicrobatch
from dbt.tests.adapter.incremental.test_incremental_on_schema_change import (
    BaseIncrementalOnSchemaChange,
)
from dbt.tests.adapter.incremental.test_incremental_predicates import BaseIncrementalPredicates
from dbt.tests.adapter.incremental.test_incremental_unique_id import BaseIncrementalUniqueKey

# dbt-databricks merges with `merge into ... as DBT_INTERNAL_DEST`: predicates name that alias.
PREDICATE_MODEL = """
{{ config(materialized='incremental', unique_key='id') }}

{% if not is_incremental() %}

select 1 as id, 'hello' as msg, 'blue' as color
union all
select 2 as id, 'goodbye' as msg, 'red' as color

{% else %}

-- delete will not happen on the above record where id = 2, so new record will be inserted
select 1 as id, 'hey' as msg, 'blue' as color
union all
select 2 as id, 'yo' as msg, 'green' as color
union all
select 3 as id, 'anyway' as msg, 'purple' as color

{% endif %}
"""


class TestIncrementalUniqueKey(BaseIncrementalUniqueKey):
    pass


class TestIncrementalPredicatesMerge(BaseIncrementalPredicates):
    @pytest.fixture(scope="class")
    def project_config_update(self) -> dict[str, object]:
        return {"models": {"+incremental_predicates": ["DBT_INTERNAL_DEST.id != 2"]}}

    @pytest.fixture(scope="class")
    def models(self) -> dict[str, str]:
        return {"delete_insert_incremental_predicates.sql": PREDICATE_MODEL}


class TestPredicatesMerge(TestIncrementalPredicatesMerge):
    @pytest.fixture(scope="class")
    def project_config_update(self) -> dict[str, object]:
        return {"models": {"+predicates": ["DBT_INTERNAL_DEST.id != 2"]}}


class TestMergeExcludeColumns(BaseMergeExcludeColumns):
    pass


class TestIncrementalOnSchemaChange(BaseIncrementalOnSchemaChange):
    pass


class TestIncrementalOnSchemaChangeAppend(BaseIncrementalOnSchemaChange):
    @pytest.fixture(scope="class")
    def project_config_update(self) -> dict[str, object]:
        return {"models": {"+incremental_strategy": "append"}}


class TestMicrobatch(BaseMicrobatch):
    pass
