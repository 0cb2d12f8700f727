"""dbt-tests-adapter's aliases and dbt_show suites."""

from __future__ import annotations

import pytest
from dbt.tests.adapter.aliases import fixtures
from dbt.tests.adapter.aliases.test_aliases import (
    BaseAliasErrors,
    BaseAliases,
    BaseSameAliasDifferentDatabases,
    BaseSameAliasDifferentSchemas,
)
from dbt.tests.adapter.dbt_show.test_dbt_show import BaseShowLimit, BaseShowSqlHeader

# The suite's `string_literal` only has a postgres implementation.
STRING_LITERAL = """
{% macro string_literal(s) -%}
  {{ adapter.dispatch('string_literal', macro_namespace='test')(s) }}
{%- endmacro %}

{% macro databricks__string_literal(s) -%}
  cast('{{ s }}' as string)
{%- endmacro %}
"""
MACROS = {"cast.sql": STRING_LITERAL, "expect_value.sql": fixtures.MACROS__EXPECT_VALUE_SQL}


class AliasMacros:
    @pytest.fixture(scope="class")
    def macros(self) -> dict[str, str]:
        return MACROS


class TestAliases(AliasMacros, BaseAliases):
    pass


class TestAliasErrors(AliasMacros, BaseAliasErrors):
    pass


class TestSameAliasDifferentSchemas(AliasMacros, BaseSameAliasDifferentSchemas):
    pass


class TestSameAliasDifferentDatabases(AliasMacros, BaseSameAliasDifferentDatabases):
    pass


class TestShowLimit(BaseShowLimit):
    pass


class TestShowSqlHeader(BaseShowSqlHeader):
    pass
