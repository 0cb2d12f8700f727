"""The comments before a statement, which the engine skips before tokenizing it, and the comments
after its first token, blanked out as Spark's lexer finds them (``spark_comments``)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dbt.adapters.databricks_envs.local.api import WarehouseError
from dbt.adapters.databricks_envs.local.engine.translate.tokens import without_leading_comments

DBT_COMMENT = '/* {"app": "dbt", "node_id": "model.p.m"} */'


@pytest.mark.parametrize(
    ("sql", "rest"),
    [
        (f"{DBT_COMMENT}\n  select 1", "select 1"),
        ("-- back compat\n-- two lines\nmerge into t", "merge into t"),
        ("/* outer /* inner */ still outer */ select 1", "select 1"),
        # "/*/" opens a comment: the "*/" that follows it closes it, not the "*/" inside it.
        ("/*/ x */ select 1", "select 1"),
        ("/* a */-- b\n/* c */\tshow tables", "show tables"),
        ("select 1 /* trailing */", "select 1" + " " * 15),
        # Spark: a `--` comment continues past a backslash-newline...
        ("select 1 -- a \\\ndrop table t", "select 1" + " " * 7 + "\n" + " " * 12),
        # ... and `/*+` inside a comment opens no nested comment.
        ("/* a /*+ */ select 1 -- */", "select 1      "),
        ("select '--', `/*` from t", "select '--', `/*` from t"),
        ("-- only a comment", ""),
        ("/* a */ /* b */", ""),
    ],
)
def test_leading_comments_are_skipped(sql: str, rest: str) -> None:
    assert without_leading_comments(sql) == rest


@pytest.mark.parametrize("sql", ["/* never closed select 1", "/* a /* b */ select 1"])
def test_an_unterminated_comment_fails_as_on_databricks(sql: str) -> None:
    with pytest.raises(WarehouseError) as raised:
        without_leading_comments(sql)
    assert str(raised.value).startswith("[UNCLOSED_BRACKETED_COMMENT] Found an unclosed")


@given(
    st.lists(st.text(alphabet="ab */\n-", max_size=12), max_size=3),
    st.sampled_from(["select 1", "CREATE TABLE t (a int)"]),
)
def test_closed_comments_of_any_content_are_skipped(bodies: list[str], statement: str) -> None:
    # A body without "/*" or "*/" cannot open or close anything.
    comments = [f"/*{b.replace('/*', '').replace('*/', '')}*/" for b in bodies]
    comments = [c for c in comments if c.count("/*") == 1 and c.count("*/") == 1]
    assert without_leading_comments(" \n".join([*comments, statement])) == statement
