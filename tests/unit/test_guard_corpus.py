"""The write guard over statements as dbt-databricks sends them (fixtures/dbt_statements.sql).

Each case is rendered twice: building into the allowed catalog, where nothing may be refused,
and into a forbidden one, where exactly the statements that write there must be.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlglot
from sqlglot import exp
from sqlglot.errors import ParseError

from dbt.adapters.databricks_envs.guard import analyze, check

FIXTURE = Path(__file__).parent / "fixtures" / "dbt_statements.sql"
QUERY_COMMENT = (
    '/* {"app": "dbt", "dbt_version": "1.10.13", "dbt_databricks_version": "1.12.7", '
    '"databricks_sql_connector_version": "4.1.3", "profile_name": "jaffle_shop", '
    '"target_name": "dev", "invocation_id": "b9c5a0ad-3b68-4c3e-9f5e-3c0f0a4f0c1d", '
    '"node_id": "model.jaffle_shop.orders"} */'
)
SESSION = "dev"
WRITE_CATALOGS = frozenset({SESSION})


@dataclass(frozen=True)
class Case:
    name: str
    template: str
    # (action, catalog) with "{{catalog}}" or "session" for the catalog
    expected: frozenset[tuple[str, str]]

    def sql(self, catalog: str) -> str:
        return self.template.replace("{{catalog}}", catalog).replace("{{comment}}", QUERY_COMMENT)

    def writes(self, catalog: str) -> set[tuple[str, str]]:
        return {
            (action, catalog if where == "{{catalog}}" else SESSION)
            for action, where in self.expected
        }


def load_cases() -> list[Case]:
    cases = []
    for block in FIXTURE.read_text().split("\n-- case: ")[1:]:
        name, *lines = block.splitlines()
        expected = set()
        for line in lines:
            if line.startswith("-- expect: ") and line != "-- expect: nothing":
                action, where = line.removeprefix("-- expect: ").split()
                expected.add((action, where))
        sql = "\n".join(line for line in lines if not line.startswith("-- expect: "))
        cases.append(Case(name, sql, frozenset(expected)))
    return cases


CASES = load_cases()


def test_corpus_covers_what_dbt_sends() -> None:
    actions = {action for case in CASES for action, _ in case.expected}
    assert len(CASES) >= 100
    assert sum(not case.expected for case in CASES) >= 30  # metadata reads dominate a run
    assert {"create", "replace", "alter", "rename", "drop", "insert", "overwrite"} <= actions
    assert {"merge", "delete", "copy", "grant", "revoke", "comment", "optimize"} <= actions
    assert {"refresh"} <= actions


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_building_in_the_allowed_catalog_is_never_refused(case: Case) -> None:
    analysis = analyze(case.sql(SESSION), SESSION)
    assert {(write.action, write.catalog) for write in analysis.writes} == case.writes(SESSION)
    assert check(analysis, WRITE_CATALOGS, "dev") == []


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_building_in_a_forbidden_catalog_is_refused_where_it_writes(case: Case) -> None:
    analysis = analyze(case.sql("prod"), SESSION)
    assert {(write.action, write.catalog) for write in analysis.writes} == case.writes("prod")
    violations = check(analysis, WRITE_CATALOGS, "dev")
    assert {(v.write.action, v.write.catalog) for v in violations} == {
        (action, catalog) for action, catalog in case.writes("prod") if catalog == "prod"
    }
    for violation in violations:
        assert "`prod`." in violation.message
        assert "catalog 'prod' is not writable in environment 'dev'" in violation.message


# sqlglot's parser, where it understands a statement, is an independent opinion on the target.


def parsed_catalogs(sql: str) -> set[str] | None:
    """The catalogs sqlglot's parse tree says ``sql`` writes, or None where it cannot say."""
    try:
        trees = sqlglot.parse(sql, read="databricks")
    except ParseError:
        return None
    catalogs: set[str] = set()
    session = SESSION
    for tree in trees:
        if tree is None or isinstance(tree, (exp.Query, exp.Describe, exp.Set)):
            continue
        if isinstance(tree, exp.Use) and tree.text("kind").upper() == "CATALOG":
            session = tree.this.name.lower()
            continue
        targets = written_nodes(tree)
        if targets is None:
            return None
        for node, parts_in_full_name in targets:
            assert isinstance(node, (exp.Table, exp.Column)), node
            parts = [part.name for part in node.parts]
            catalogs.add(parts[0].lower() if len(parts) == parts_in_full_name else session)
    return catalogs


def written_nodes(tree: exp.Expr) -> list[tuple[exp.Expr, int]] | None:
    kind = tree.text("kind").upper()
    full = 2 if kind in ("SCHEMA", "DATABASE") else 3
    if isinstance(tree, (exp.Insert, exp.Merge, exp.Update, exp.Delete, exp.Copy)):
        return [(unwrap(tree.this), 3)]
    if isinstance(tree, exp.TruncateTable):
        return [(table, 3) for table in tree.expressions]
    if isinstance(tree, exp.Create):
        properties = tree.args.get("properties")
        if properties and properties.find(exp.TemporaryProperty):
            return []
        return [(unwrap(tree.this), full)]
    if isinstance(tree, exp.Drop):
        return [(table, full) for table in tree.args.get("tables") or [tree.this]]
    if isinstance(tree, exp.Alter):
        renamed = [action.this for action in tree.actions if isinstance(action, exp.AlterRename)]
        if any(len(name.parts) < full for name in renamed):
            return None  # an unqualified new name is next to the old one: not a session lookup
        return [(tree.this, full), *((name, full) for name in renamed)]
    if isinstance(tree, exp.Comment):
        return [(tree.this, 4 if kind == "COLUMN" else full)]
    if isinstance(tree, (exp.Grant, exp.Revoke)):
        return [(tree.args["securable"], full)]
    return None


def unwrap(node: exp.Expr) -> exp.Expr:
    while isinstance(node, (exp.Schema, exp.UserDefinedFunction)):
        node = node.this
    return node


def test_agrees_with_sqlglots_parser_where_it_has_an_opinion() -> None:
    compared = 0
    for case in CASES:
        for catalog in (SESSION, "prod"):
            sql = case.sql(catalog)
            expected = parsed_catalogs(sql)
            if expected is None:
                continue
            compared += 1
            assert {write.catalog for write in analyze(sql, SESSION).writes} == expected, case.name
    assert compared >= 100
