"""The statement registry: every statement the parser can make has exactly one family, which
computes its accesses and plans it; the plan cache keeps plans by its one key and rule."""

from __future__ import annotations

import typing

import pytest

from dbt.adapters.databricks_envs.local.api import Principal, WarehouseError
from dbt.adapters.databricks_envs.local.engine import plan_cache, statements
from dbt.adapters.databricks_envs.local.engine.plan import Plan, SessionState, empty
from dbt.adapters.databricks_envs.local.engine.statements.family import Caching
from dbt.adapters.databricks_envs.local.engine.storage.policies import Policies
from dbt.adapters.databricks_envs.local.engine.translate import commands, parse
from dbt.adapters.databricks_envs.local.engine.translate.context import Context
from dbt.adapters.databricks_envs.local.engine.translate.expressions import SessionValues
from dbt.adapters.databricks_envs.local.engine.translate.names import Namespace

NS = Namespace("dev", "alice", frozenset({"tmp"}))


def _family(sql: str) -> str:
    (statement,) = parse.parse(sql)
    return statements.family_of(statements.lifted(statement)).name


def _accesses(sql: str) -> list[tuple[str, str, str]]:
    (statement,) = parse.parse(sql)
    found = statements.accesses(statements.lifted(statement), NS)
    return [(a.action, a.securable[0], a.securable[1]) for a in found]


def test_every_command_the_token_parser_makes_has_one_family() -> None:
    for command in typing.get_args(commands.Command):
        owners = [f.name for f in statements.REGISTRY if command in f.types]
        assert len(owners) == 1, (command.__name__, owners)


@pytest.mark.parametrize(
    ("sql", "family"),
    [
        ("SELECT 1", "query"),
        ("CREATE TABLE t (x INT)", "create table or schema"),
        ("CREATE SCHEMA s", "create table or schema"),
        ("CREATE VIEW v AS SELECT 1 AS x", "create view"),
        ("CREATE FUNCTION f(x INT) RETURNS INT RETURN x + 1", "create function"),
        ("DROP FUNCTION f", "drop function"),
        ("DROP TABLE t", "drop"),
        ("DESCRIBE FUNCTION f", "describe function"),
        ("DESCRIBE TABLE EXTENDED t", "describe"),
        ("CREATE TABLE t2 SHALLOW CLONE t", "clone"),
        ("CREATE MATERIALIZED VIEW mv AS SELECT 1 AS x", "materialized view"),
        ("REFRESH MATERIALIZED VIEW mv", "materialized view"),
        ("ALTER MATERIALIZED VIEW mv DROP SCHEDULE", "materialized view"),
        ("ALTER MATERIALIZED VIEW mv SET TAGS ('a' = 'b')", "tags"),
        ("DROP MATERIALIZED VIEW mv", "drop"),
        ("COMMENT ON TABLE t IS 'x'", "comment on"),
        ("ALTER TABLE t SET TAGS ('a' = 'b')", "tags"),
        ("ALTER TABLE t ADD COLUMNS (y INT)", "alter"),
        ("SHOW TABLES IN s", "show"),
        ("USE SCHEMA s", "use"),
        ("SET x = 1", "set"),
        ("MERGE INTO t USING s ON t.x = s.x WHEN MATCHED THEN DELETE", "merge"),
        ("TRUNCATE TABLE t", "truncate"),
        ("OPTIMIZE t", "maintenance"),
        # Read on their tokens, by the grammar their family declares.
        ("SHOW TBLPROPERTIES t", "show"),
        ("DESCRIBE DETAIL t", "describe detail, catalog or query"),
        ("DESCRIBE HISTORY t LIMIT 1", "history"),
        ("RESTORE TABLE t TO VERSION AS OF 1", "history"),
        ("CREATE CATALOG c", "create or drop catalog"),
        ("SET TAG ON TABLE t a = b", "tags"),
        ("ALTER TABLE t OWNER TO `bob`", "owner or properties"),
        ("ALTER TABLE t ALTER COLUMN x SET MASK m", "column mask"),
        ("INSERT INTO t REPLACE ON (t.x = s.x) (SELECT 1 AS x) AS s", "insert replace on"),
        ("VACUUM t", "maintenance"),
        ("EXPLAIN SELECT 1", "explain"),
    ],
)
def test_each_statement_goes_to_its_family(sql: str, family: str) -> None:
    assert _family(sql) == family


def test_a_statement_no_family_takes_is_refused_by_name() -> None:
    with pytest.raises(WarehouseError, match="not supported by the local warehouse"):
        statements.plan(parse.parse("GRANT SELECT ON TABLE t TO `bob`")[0], _context())


def test_accesses_name_the_target_first_and_skip_it_among_the_reads() -> None:
    assert _accesses("CREATE OR REPLACE TABLE t AS SELECT * FROM prod.s.src") == [
        ("create", "table", "dev.alice.t"),
        ("replace", "table", "dev.alice.t"),
        ("read", "relation", "prod.s.src"),
    ]
    assert _accesses("INSERT INTO t SELECT * FROM tmp") == [("write", "table", "dev.alice.t")]
    assert _accesses("DROP VIEW tmp") == []
    assert _accesses(
        "MERGE WITH SCHEMA EVOLUTION INTO t USING u ON t.x = u.x WHEN MATCHED THEN UPDATE SET *"
    ) == [
        ("write", "table", "dev.alice.t"),
        ("read", "relation", "dev.alice.u"),
        ("amend", "table", "dev.alice.t"),
    ]


def _context() -> Context:
    return Context(
        ns=NS,
        values=SessionValues(catalog="dev", schema="alice", user="alice", groups=frozenset()),
        text="",
        policies=Policies(),
    )


def test_session_statements_are_never_cached_and_queries_may_reuse_results() -> None:
    use = statements.plan(parse.parse("USE SCHEMA s")[0], _context())
    query = statements.plan(parse.parse("SELECT 1")[0], _context())
    assert not use.cacheable
    assert query.cacheable
    by_name = {f.name: f for f in statements.REGISTRY}
    assert by_name["query"].caching is Caching.RESULT
    assert by_name["use"].caching is by_name["set"].caching is Caching.NEVER


def test_the_plan_cache_key_and_rule() -> None:
    state = SessionState(catalog="dev", schema="alice")
    alice = Principal("alice", frozenset({"devs"}))
    key = plan_cache.key("SELECT * FROM t", state, alice, 3)
    assert key != plan_cache.key("SELECT * FROM t", state, Principal("bob", frozenset()), 3)
    assert key != plan_cache.key("SELECT * FROM t", state, alice, 4)
    assert key != plan_cache.key("SELECT * FROM t", SessionState("dev", "bob"), alice, 3)

    cache = plan_cache.PlanCache()
    reads_t = Plan(run=lambda rt: empty(), one_part=(("t", False),))
    cache.keep(key, [reads_t])
    assert cache.plans(key, set()) == [reads_t]
    # Once ``t`` names a temporary view of the session, the plan no longer says what it means.
    assert cache.plans(key, {"t"}) is None
    cache.keep(key, [Plan(run=lambda rt: empty(), cacheable=False)])
    assert cache.plans(key, set()) == [reads_t]

    result = empty()
    cache.keep_result(key, (1, 2), result)
    assert cache.result(key, (1, 2)) is result
    assert cache.result(key, (1, 3)) is None


def test_every_family_declares_accesses_or_touches_nothing() -> None:
    # A family without an accesses function would let its statements run unchecked: only
    # those that touch nothing (EXPLAIN) or are refused anyway may leave it out.
    untouched = {"explain", "grant or revoke", "copy into"}
    for family in statements.REGISTRY:
        declared = family.accesses.__name__ != "_nothing"
        assert declared or family.name in untouched, family.name


def test_the_accesses_of_materialized_views() -> None:
    assert _accesses("CREATE OR REPLACE MATERIALIZED VIEW mv AS SELECT * FROM prod.s.src") == [
        ("create", "materialized_view", "dev.alice.mv"),
        ("replace", "materialized_view", "dev.alice.mv"),
        ("read", "relation", "prod.s.src"),
    ]
    assert _accesses("REFRESH MATERIALIZED VIEW prod.s.mv FULL") == [
        ("refresh", "materialized_view", "prod.s.mv")
    ]
    assert _accesses("ALTER MATERIALIZED VIEW mv ADD SCHEDULE EVERY 1 HOUR") == [
        ("alter", "materialized_view", "dev.alice.mv")
    ]
    assert _accesses("DROP MATERIALIZED VIEW IF EXISTS mv") == [("drop", "view", "dev.alice.mv")]
