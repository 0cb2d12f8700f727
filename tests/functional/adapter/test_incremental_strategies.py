"""dbt-databricks' incremental strategies and merge options, each checked against the rows
Databricks leaves behind after a first build and one incremental run."""

from __future__ import annotations

import pytest
from dbt.tests import util

# First build: ids 1 and 2. Incremental run: id 2 changed, id 3 new, id 1 absent.
MODEL = """
{{{{ config(materialized='incremental', {config}) }}}}
{{% if not is_incremental() %}}
select cast(1 as bigint) as id, 'hello' as msg, 'blue' as color
union all
select cast(2 as bigint) as id, 'goodbye' as msg, 'red' as color
{{% else %}}
select cast(2 as bigint) as id, 'yo' as msg, 'green' as color
union all
select cast(3 as bigint) as id, 'anyway' as msg, 'purple' as color
{{% endif %}}
"""

HEADER = "id,msg,color\n"


class IncrementalStrategy:
    """One model built twice; `expected` holds the rows left after the incremental run."""

    config = ""
    expected = ""

    @pytest.fixture(scope="class")
    def models(self) -> dict[str, str]:
        return {"model.sql": MODEL.format(config=self.config)}

    @pytest.fixture(scope="class")
    def seeds(self) -> dict[str, str]:
        return {"expected.csv": HEADER + self.expected}

    def test_incremental_run(self, project: object) -> None:
        util.run_dbt(["seed"])
        util.run_dbt(["run"])
        util.run_dbt(["run"])
        util.check_relations_equal(project.adapter, ["model", "expected"])  # type: ignore[attr-defined]


class TestAppend(IncrementalStrategy):
    config = "incremental_strategy='append'"
    expected = "1,hello,blue\n2,goodbye,red\n2,yo,green\n3,anyway,purple\n"


class TestMerge(IncrementalStrategy):
    config = "incremental_strategy='merge', unique_key='id'"
    expected = "1,hello,blue\n2,yo,green\n3,anyway,purple\n"


class TestMergeCompositeKey(IncrementalStrategy):
    config = "incremental_strategy='merge', unique_key=['id', 'color']"
    expected = "1,hello,blue\n2,goodbye,red\n2,yo,green\n3,anyway,purple\n"


class TestMergeUpdateColumns(IncrementalStrategy):
    config = "unique_key='id', merge_update_columns=['msg']"
    expected = "1,hello,blue\n2,yo,red\n3,anyway,purple\n"


class TestMergeExcludeColumns(IncrementalStrategy):
    config = "unique_key='id', merge_exclude_columns=['msg']"
    expected = "1,hello,blue\n2,goodbye,green\n3,anyway,purple\n"


class TestMergeSkipMatched(IncrementalStrategy):
    config = "unique_key='id', skip_matched_step=true"
    expected = "1,hello,blue\n2,goodbye,red\n3,anyway,purple\n"


class TestMergeSkipNotMatched(IncrementalStrategy):
    config = "unique_key='id', skip_not_matched_step=true"
    expected = "1,hello,blue\n2,yo,green\n"


class TestMergeMatchedCondition(IncrementalStrategy):
    config = (
        "unique_key='id', matched_condition='DBT_INTERNAL_DEST.color <> DBT_INTERNAL_SOURCE.color',"
        " not_matched_condition='DBT_INTERNAL_SOURCE.id < 3'"
    )
    expected = "1,hello,blue\n2,yo,green\n"


class TestMergeNotMatchedBySourceDelete(IncrementalStrategy):
    config = "unique_key='id', not_matched_by_source_action='delete'"
    expected = "2,yo,green\n3,anyway,purple\n"


class TestMergeNotMatchedBySourceUpdate(IncrementalStrategy):
    config = (
        "unique_key='id', not_matched_by_source_action=\"update set msg = 'gone'\","
        " not_matched_by_source_condition='DBT_INTERNAL_DEST.id = 1'"
    )
    expected = "1,gone,blue\n2,yo,green\n3,anyway,purple\n"


class TestMergeIncrementalPredicates(IncrementalStrategy):
    # The predicate hides id 2 from the merge: its new row is inserted beside the old one.
    config = "unique_key='id', incremental_predicates=['DBT_INTERNAL_DEST.id <> 2']"
    expected = "1,hello,blue\n2,goodbye,red\n2,yo,green\n3,anyway,purple\n"


class TestInsertOverwrite(IncrementalStrategy):
    # Without partitions, Databricks overwrites the whole table.
    config = "incremental_strategy='insert_overwrite'"
    expected = "2,yo,green\n3,anyway,purple\n"


class TestInsertOverwritePartitions(IncrementalStrategy):
    # With partitions, only the partitions the new rows fall in are replaced.
    config = "incremental_strategy='insert_overwrite', partition_by='color'"
    expected = "1,hello,blue\n2,goodbye,red\n2,yo,green\n3,anyway,purple\n"


class TestInsertOverwritePartitionsReplaced(IncrementalStrategy):
    config = "incremental_strategy='insert_overwrite', partition_by='id'"
    expected = "1,hello,blue\n2,yo,green\n3,anyway,purple\n"


class TestReplaceWhere(IncrementalStrategy):
    config = "incremental_strategy='replace_where', incremental_predicates=['id >= 2']"
    expected = "1,hello,blue\n2,yo,green\n3,anyway,purple\n"


class TestReplaceWhereNoPredicates(IncrementalStrategy):
    # With no predicate, dbt-databricks sends a plain `insert into ... table <new rows>`.
    config = "incremental_strategy='replace_where'"
    expected = "1,hello,blue\n2,goodbye,red\n2,yo,green\n3,anyway,purple\n"


class TestLiquidClusteredMerge(IncrementalStrategy):
    config = "unique_key='id', liquid_clustered_by='id'"
    expected = "1,hello,blue\n2,yo,green\n3,anyway,purple\n"


# The incremental run adds `color`; with SYNC, it also drops `msg`.
EVOLVING_MODEL = """
{{{{ config(materialized='incremental', {config}) }}}}
{{% if not is_incremental() %}}
select cast(1 as bigint) as id, 'hello' as msg
union all
select cast(2 as bigint) as id, 'goodbye' as msg
{{% else %}}
select cast(2 as bigint) as id, {columns}
union all
select cast(3 as bigint) as id, {more_columns}
{{% endif %}}
"""


class SchemaChange(IncrementalStrategy):
    """A strategy and an on_schema_change setting, over a change of columns."""

    header = "id,msg,color\n"
    columns = "'yo' as msg, 'green' as color"
    more_columns = "'anyway' as msg, 'purple' as color"

    @pytest.fixture(scope="class")
    def models(self) -> dict[str, str]:
        sql = EVOLVING_MODEL.format(
            config=self.config, columns=self.columns, more_columns=self.more_columns
        )
        return {"model.sql": sql}

    @pytest.fixture(scope="class")
    def seeds(self) -> dict[str, str]:
        return {"expected.csv": self.header + self.expected}


class TestMergeAppendNewColumns(SchemaChange):
    config = "unique_key='id', on_schema_change='append_new_columns'"
    expected = "1,hello,\n2,yo,green\n3,anyway,purple\n"


class TestMergeWithSchemaEvolution(SchemaChange):
    config = "unique_key='id', merge_with_schema_evolution=true"
    expected = "1,hello,\n2,yo,green\n3,anyway,purple\n"


class TestMergeSyncAllColumns(SchemaChange):
    config = "unique_key='id', on_schema_change='sync_all_columns'"
    header = "id,color\n"
    columns = "'green' as color"
    more_columns = "'purple' as color"
    expected = "1,\n2,green\n3,purple\n"


class TestAppendAppendNewColumns(SchemaChange):
    config = "incremental_strategy='append', on_schema_change='append_new_columns'"
    expected = "1,hello,\n2,goodbye,\n2,yo,green\n3,anyway,purple\n"


class TestInsertOverwriteAppendNewColumns(SchemaChange):
    config = (
        "incremental_strategy='insert_overwrite', partition_by='id',"
        " on_schema_change='append_new_columns'"
    )
    expected = "1,hello,\n2,yo,green\n3,anyway,purple\n"


class TestReplaceWhereAppendNewColumns(SchemaChange):
    config = (
        "incremental_strategy='replace_where', incremental_predicates=['id >= 2'],"
        " on_schema_change='append_new_columns'"
    )
    expected = "1,hello,\n2,yo,green\n3,anyway,purple\n"


class TestInsertOverwriteReadingItself(IncrementalStrategy):
    # The incremental run reads the model's own rows through dbt-databricks' temporary view:
    # the overwrite must replace them with what the view read before they were replaced.
    config = "incremental_strategy='insert_overwrite'"
    expected = "11,hello,blue\n12,goodbye,red\n"

    @pytest.fixture(scope="class")
    def models(self) -> dict[str, str]:
        model = MODEL.format(config=self.config).split("{% else %}")[0]
        model += "{% else %}\nselect id + 10 as id, msg, color from {{ this }}\n{% endif %}\n"
        return {"model.sql": model}
