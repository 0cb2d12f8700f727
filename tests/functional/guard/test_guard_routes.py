"""Every route a dbt project has to the warehouse, tried from dev against `prod` as the metastore
admin, so that only the write guard can stop the write. The oracle is the warehouse: prod's
contents, and its audit log of what it actually executed.

Each case is a dbt invocation on a small project, as a user would write it: hooks, `run_query`
sequences with `USE`, bindings that the connector renders into the text, the handle dbt hands to
Jinja, comments Databricks reads differently from sqlglot, statements above the catalogs, and a
Python model.
"""

from __future__ import annotations

import pytest
from guard_project import GuardProject

SECRET = "sekrit-aws-key-4242"


@pytest.mark.parametrize(
    ("pre_hook", "post_hook"),
    [
        ("use catalog prod", "insert into guarded.audit values (7)"),
        ("use prod.guarded", "insert into audit values (7)"),
        ("use catalog `PROD`", "delete from guarded.audit"),
    ],
)
def test_hooks_switching_catalog_cannot_write_to_prod(
    guarded: GuardProject, pre_hook: str, post_hook: str
) -> None:
    guarded.model("hooked", "select 1 as id", pre_hook=pre_hook, post_hook=post_hook)
    ok, log = guarded.dbt("run", "--select", "hooked")
    assert not ok
    assert "write guard: refused to" in log
    assert "catalog 'prod' is not writable in environment 'dev'" in log
    assert guarded.audit_rows() == [(1,)]
    guarded.assert_never_sent(post_hook)


@pytest.mark.parametrize(
    "statements",
    [
        ["use catalog prod", "insert into guarded.audit values (7)"],
        ["use schema prod.guarded", "drop table audit"],
        ["set catalog prod", "truncate table guarded.audit"],
        ["use catalog prod; insert into guarded.audit values (7)"],
    ],
)
def test_run_query_sequences_cannot_write_to_prod(
    guarded: GuardProject, statements: list[str]
) -> None:
    guarded.macro("sequence", *(f'{{% do run_query("{sql}") %}}' for sql in statements))
    ok, log = guarded.dbt("run-operation", "sequence")
    assert not ok
    assert "write guard: refused to" in log
    assert guarded.audit_rows() == [(1,)]
    guarded.assert_never_sent(statements[-1].split("; ")[-1])


def test_bindings_are_checked_as_the_connector_renders_them(guarded: GuardProject) -> None:
    """dbt-databricks has the connector render bindings inline: the text sent is the template
    with the value substituted, and that is what the guard reads."""
    guarded.macro(
        "bound",
        "{% do adapter.add_query('--%s', auto_begin=False,"
        " bindings=['\\ninsert into prod.guarded.audit values (9) --']) %}",
    )
    ok, log = guarded.dbt("run-operation", "bound")
    assert not ok
    assert "write guard: refused to insert into prod.guarded.audit" in log
    assert guarded.audit_rows() == [(1,)]
    guarded.assert_never_sent("values (9)")


def test_the_handle_dbt_hands_to_jinja_is_guarded(guarded: GuardProject) -> None:
    guarded.macro(
        "through_handle",
        "{% set conn, cursor = adapter.add_query('select 1', auto_begin=False) %}",
        "{% do conn.handle.execute('insert into prod.guarded.audit values (5)') %}",
    )
    ok, log = guarded.dbt("run-operation", "through_handle")
    assert not ok
    assert "write guard: refused to insert into prod.guarded.audit" in log
    assert guarded.audit_rows() == [(1,)]
    guarded.assert_never_sent("values (5)")


@pytest.mark.parametrize(
    "sql",
    [
        # Spark ends the outer comment at the first `*/`: `/*+` opens no nested comment.
        "/* note /*+ */ insert into prod.guarded.audit values (3) -- */",
        # A string holding `--` is no comment.
        "select '--'; insert into prod.guarded.audit values (3)",
    ],
)
def test_comments_are_read_as_databricks_reads_them(guarded: GuardProject, sql: str) -> None:
    guarded.macro("tricky", f'{{% do run_query("{sql}") %}}')
    ok, log = guarded.dbt("run-operation", "tricky")
    assert not ok
    assert "write guard: refused to insert into prod.guarded.audit" in log
    assert guarded.audit_rows() == [(1,)]
    guarded.assert_never_sent("values (3)")


def test_a_comment_continued_by_a_backslash_hides_nothing(guarded: GuardProject) -> None:
    """`-- ...\\` continues onto the next line in Spark: the insert there is a comment, so it is
    not refused, and the warehouse does not run it either."""
    guarded.macro(
        "continued",
        '{% do run_query("select 1 -- note \\\\\ninsert into prod.guarded.audit values (3)") %}',
    )
    ok, log = guarded.dbt("run-operation", "continued")
    assert ok, log
    assert guarded.audit_rows() == [(1,)]


@pytest.mark.parametrize(
    "sql",
    [
        "create share dev_share",
        "drop storage credential team_credential",
        "grant create catalog on metastore to `dev@example.com`",
        "create catalog if not exists dev",
        "drop catalog dev cascade",
        "alter share dev_share add table dev.guarded.t",
    ],
)
def test_dev_may_not_change_the_metastore(guarded: GuardProject, sql: str) -> None:
    guarded.macro("above", f'{{% do run_query("{sql}") %}}')
    ok, log = guarded.dbt("run-operation", "above")
    assert not ok
    assert "it changes the metastore above the catalogs" in log
    assert "write_metastore: true" in log
    guarded.assert_never_sent(sql)


def test_sync_counts_its_source_as_written(guarded: GuardProject) -> None:
    guarded.macro("sync", '{% do run_query("sync table dev.guarded.t from prod.guarded.audit") %}')
    ok, log = guarded.dbt("run-operation", "sync")
    assert not ok
    assert "refused to sync prod.guarded.audit" in log


def test_no_secret_in_any_refusal(guarded: GuardProject) -> None:
    """Refusals name the statement's kind and target, never its literals. (dbt-databricks logs
    each statement it runs at debug level; it redacts COPY INTO credentials written as Databricks
    documents them, with quoted keys.)"""
    copy = (
        "copy into prod.guarded.audit from 's3://bucket/path' fileformat = csv "
        "with (credential ('AWS_ACCESS_KEY' = 'AKIA0000', "
        f"'AWS_SECRET_KEY' = '{SECRET}', 'AWS_SESSION_TOKEN' = 'tok'))"
    )
    guarded.macro("secret_copy", f'{{% do run_query("{copy}") %}}')
    guarded.macro("secret_call", f"{{% do run_query(\"call prod.guarded.p('{SECRET}')\") %}}")
    for operation in ("secret_copy", "secret_call"):
        ok, log = guarded.dbt("run-operation", operation)
        assert not ok
        refusals = [line for line in log.splitlines() if "write guard:" in line]
        assert refusals
        assert not [line for line in refusals if SECRET in line]
    _, copy_log = guarded.dbt("run-operation", "secret_copy")
    assert SECRET not in copy_log
    assert SECRET not in guarded.dbt_log().split("secret_call")[0]


def test_a_python_model_into_prod_is_refused_before_submission(guarded: GuardProject) -> None:
    guarded.python_model(
        "py_prod",
        "def model(dbt, session):\n    dbt.config(database='prod', schema='guarded')\n"
        "    return session.createDataFrame([(1,)], ['id'])\n",
    )
    as_written = "{databricks_envs: {dev: {custom_databases: as_is, custom_schemas: as_is}}}"
    ok, log = guarded.dbt("run", "--select", "py_prod", "--vars", as_written)
    assert not ok
    assert "refused to build the Python model prod.guarded.py_prod" in log
    assert "No API found" not in log


def test_prod_may_do_all_of_it(guarded: GuardProject) -> None:
    guarded.macro(
        "sequence",
        '{% do run_query("use catalog prod") %}',
        '{% do run_query("insert into guarded.audit values (7)") %}',
    )
    ok, log = guarded.dbt("run-operation", "sequence", target="prod")
    assert ok, log
    assert guarded.audit_rows() == [(1,), (7,)]
