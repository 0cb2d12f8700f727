"""Generated statements: every write is found whatever the quoting, casing, comments and
qualification, and reads of any catalog are never reported."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlglot.dialects.databricks import Databricks

from dbt.adapters.databricks_envs.guard import analyze, check

ALLOWED = ("dev", "sandbox")
FORBIDDEN = ("prod", "finance")
WRITE_CATALOGS = frozenset(ALLOWED)
SESSION = "dev"

SCHEMAS = ("sales", "default", "s1", "my schema", "date", "select", "x`y", "2024_q1")
TABLES = ("orders", "t", "table", "order items", "événements", "from", "tbl_2")
# Words the lexer treats specially must be quoted to be names, as in Databricks.
KEYWORDS = frozenset(word for word in Databricks.Tokenizer.KEYWORDS if " " not in word) | {
    "DEFAULT",
    "DATE",
    "SELECT",
    "TABLE",
    "FROM",
}

SEPARATORS = (
    " ",
    "\n",
    "\t ",
    "  \n    ",
    " /* a comment */ ",
    "/**/",
    " /* outer /* nested; drop table prod.s.t */ still outer */ ",
    " -- note; insert into prod.s.t values (1)\n",
    "\n-- drop catalog prod cascade\n",
)
LITERAL = "'it\\'s; insert into prod.s.t select 1 -- '"
QUERY_COMMENT = '/* {"app": "dbt", "node_id": "model.p.m; drop table prod.s.t"} */'

# (action, template): {N} the table written, {S} a schema, {C} a catalog, {COL} a column,
# {N2} the new name of {N}, {R} a table read from a forbidden catalog, {L} a string literal.
WRITES = (
    ("create", "CREATE TABLE {N} ( a INT , b STRING )"),
    ("create", "CREATE TABLE IF NOT EXISTS {N} AS SELECT 1 AS a"),
    (
        "replace",
        "CREATE OR REPLACE TABLE {N} USING DELTA CLUSTER BY ( a ) AS SELECT * FROM {R}",
    ),
    ("replace", "CREATE OR REPLACE VIEW {N} ( a COMMENT {L} ) AS SELECT a FROM {R}"),
    ("replace", "CREATE OR REPLACE MATERIALIZED VIEW {N} AS SELECT * FROM {R}"),
    ("create", "CREATE STREAMING TABLE {N} AS SELECT * FROM STREAM {R}"),
    ("replace", "REPLACE TABLE {N} AS SELECT 1"),
    ("replace", "CREATE OR REPLACE TABLE {N} SHALLOW CLONE {R}"),
    ("replace", "CREATE OR REPLACE FUNCTION {N} ( x INT ) RETURNS INT RETURN x + 1"),
    ("drop", "DROP TABLE IF EXISTS {N}"),
    ("drop", "DROP VIEW {N}"),
    ("drop", "DROP MATERIALIZED VIEW IF EXISTS {N}"),
    ("drop", "DROP FUNCTION {N}"),
    ("alter", "ALTER TABLE {N} SET TBLPROPERTIES ( 'k' = 'v' )"),
    ("alter", "ALTER TABLE {N} ADD COLUMNS ( c INT COMMENT {L} )"),
    ("alter", "ALTER TABLE {N} OWNER TO `team`"),
    ("alter", "ALTER TABLE {N} SET TAGS ( 'k' = 'v' )"),
    ("alter", "ALTER TABLE {N} UNSET TAGS ( 'k' )"),
    ("alter", "ALTER TABLE {N} CLUSTER BY ( a , b )"),
    ("alter", "ALTER TABLE {N} ADD CONSTRAINT fk FOREIGN KEY ( a ) REFERENCES {R} ( a )"),
    ("alter", "ALTER TABLE {N} ALTER COLUMN a SET MASK {R}"),
    ("alter", "ALTER VIEW {N} AS SELECT * FROM {R}"),
    ("rename", "ALTER TABLE {N} RENAME TO {N2}"),
    ("insert", "INSERT INTO {N} SELECT * FROM {R}"),
    ("insert", "INSERT INTO TABLE {N} VALUES ( 1 , {L} )"),
    ("insert", "INSERT INTO {N} BY NAME SELECT * FROM {R}"),
    ("insert", "WITH c AS ( SELECT * FROM {R} ) INSERT INTO {N} SELECT * FROM c"),
    ("overwrite", "INSERT OVERWRITE TABLE {N} SELECT * FROM {R}"),
    ("overwrite", "INSERT INTO {N} REPLACE WHERE d > 1 SELECT * FROM {R}"),
    (
        "merge",
        "MERGE INTO {N} AS t USING {R} AS s ON t.a = s.a WHEN MATCHED THEN UPDATE SET *",
    ),
    (
        "merge",
        "MERGE WITH SCHEMA EVOLUTION INTO {N} USING {R} ON FALSE WHEN NOT MATCHED THEN INSERT *",
    ),
    ("update", "UPDATE {N} SET a = 1 WHERE b IN ( SELECT b FROM {R} )"),
    ("delete", "DELETE FROM {N} WHERE a IN ( SELECT a FROM {R} )"),
    ("truncate", "TRUNCATE TABLE {N}"),
    ("copy", "COPY INTO {N} FROM 's3://bucket/path' FILEFORMAT = PARQUET"),
    ("grant", "GRANT SELECT ON TABLE {N} TO `analysts`"),
    ("grant", "GRANT SELECT , MODIFY ON {N} TO `a@b.com`"),
    ("revoke", "REVOKE ALL PRIVILEGES ON VIEW {N} FROM `interns`"),
    ("comment", "COMMENT ON TABLE {N} IS {L}"),
    ("optimize", "OPTIMIZE {N} ZORDER BY ( a )"),
    ("vacuum", "VACUUM {N} RETAIN 168 HOURS"),
    ("analyze", "ANALYZE TABLE {N} COMPUTE STATISTICS FOR ALL COLUMNS"),
    ("repair", "MSCK REPAIR TABLE {N}"),
    ("tag", "SET TAG ON TABLE {N} k = v"),
    ("tag", "UNSET TAG ON TABLE {N} k"),
    ("refresh", "REFRESH MATERIALIZED VIEW {N}"),
    ("refresh", "REFRESH TABLE {N} FULL"),
    ("comment", "COMMENT ON COLUMN {COL} IS {L}"),
    ("create", "CREATE SCHEMA IF NOT EXISTS {S}"),
    ("drop", "DROP SCHEMA {S} CASCADE"),
    ("alter", "ALTER SCHEMA {S} OWNER TO `team`"),
    ("grant", "GRANT USE SCHEMA , CREATE TABLE ON SCHEMA {S} TO `team`"),
    ("comment", "COMMENT ON SCHEMA {S} IS {L}"),
    ("create", "CREATE CATALOG IF NOT EXISTS {C}"),
    ("drop", "DROP CATALOG {C} CASCADE"),
    ("alter", "ALTER CATALOG {C} OWNER TO `team`"),
    ("grant", "GRANT USE CATALOG ON CATALOG {C} TO `team`"),
    ("revoke", "REVOKE USE CATALOG ON CATALOG {C} FROM `team`"),
    ("comment", "COMMENT ON CATALOG {C} IS {L}"),
)
READS = (
    "SELECT * FROM {R} WHERE a = {L}",
    "SELECT a , COUNT ( * ) FROM {R} GROUP BY a",
    "WITH c AS ( SELECT * FROM {R} ) SELECT * FROM c",
    "( SELECT * FROM {R} ) UNION ALL ( SELECT * FROM {R} )",
    "FROM {R} SELECT *",
    "VALUES ( 1 ) , ( 2 )",
    "SELECT * FROM ( DESCRIBE HISTORY {R} )",
    "SHOW TABLES IN {RS}",
    "SHOW GRANTS ON TABLE {R}",
    "SHOW TBLPROPERTIES {R}",
    "DESCRIBE TABLE EXTENDED {R} AS JSON",
    "DESCRIBE HISTORY {R}",
    "DESC {R}",
    "EXPLAIN INSERT INTO {R} SELECT 1",
    "EXPLAIN CREATE TABLE {R} AS SELECT 1",
    "CREATE OR REPLACE TEMPORARY VIEW v AS SELECT * FROM {R}",
    "CACHE TABLE {R}",
    "USE SCHEMA sales",
    "SET spark.sql.ansi.enabled = true",
)

CASINGS: tuple[Callable[[str], str], ...] = (str.lower, str.upper, str.title, str.swapcase)


def cased(draw: st.DrawFn, text: str) -> str:
    return draw(st.sampled_from(CASINGS))(text)


def identifier(draw: st.DrawFn, name: str) -> str:
    text = cased(draw, name)
    plain = name.isascii() and name.replace("_", "").isalnum()
    if not plain or name.upper() in KEYWORDS or draw(st.booleans()):
        return "`" + text.replace("`", "``") + "`"
    return text


def relation_name(draw: st.DrawFn, catalog: str, session: str, *, parts: int = 3) -> str:
    """A name of ``parts`` levels in ``catalog``, written with fewer parts when ``catalog`` is
    the session's and now and then through IDENTIFIER('...')."""
    names = [catalog, draw(st.sampled_from(SCHEMAS)), draw(st.sampled_from(TABLES))][:parts]
    written = draw(st.integers(1, parts)) if catalog == session else parts
    text = ".".join(identifier(draw, name) for name in names[parts - written :])
    if draw(st.integers(0, 9)) == 0 and "'" not in text:
        return f"{cased(draw, 'identifier')}('{text}')"
    return text


def render(draw: st.DrawFn, template: str, names: dict[str, str]) -> str:
    pieces = []
    for token in template.split():
        if token.startswith("{"):
            pieces.append(names[token])
        elif token.replace("_", "").isalpha() and token.isupper():
            pieces.append(cased(draw, token))
        else:
            pieces.append(token)
    separators = draw(
        st.lists(st.sampled_from(SEPARATORS), min_size=len(pieces), max_size=len(pieces))
    )
    return "".join(piece + separator for piece, separator in zip(pieces, separators, strict=True))


def read_names(draw: st.DrawFn) -> dict[str, str]:
    return {
        "{R}": relation_name(draw, draw(st.sampled_from(FORBIDDEN)), SESSION),
        "{RS}": relation_name(draw, draw(st.sampled_from(FORBIDDEN)), SESSION, parts=2),
        "{L}": LITERAL,
    }


@dataclass(frozen=True)
class Script:
    sql: str
    writes: frozenset[tuple[str, str]]
    final_catalog: str


def join(draw: st.DrawFn, statements: list[str]) -> str:
    glue = [";" + draw(st.sampled_from(SEPARATORS)) for _ in statements]
    sql = "".join(
        statement + separator for statement, separator in zip(statements, glue, strict=True)
    )
    if draw(st.booleans()):
        sql = sql.rstrip().rstrip(";")
    return (QUERY_COMMENT + "\n" if draw(st.booleans()) else "") + sql


@st.composite
def scripts(draw: st.DrawFn, catalogs: tuple[str, ...]) -> Script:
    """One to four statements writing into ``catalogs``, some switching the current catalog
    first so that shorter names land there too."""
    session = SESSION
    statements: list[str] = []
    writes: set[tuple[str, str]] = set()
    for _ in range(draw(st.integers(1, 4))):
        if draw(st.integers(0, 3)) == 0:
            session = draw(st.sampled_from(catalogs))
            use = draw(
                st.sampled_from(
                    ("USE CATALOG {C}", "SET CATALOG {C}", "USE SCHEMA {CS}", "USE {CS}")
                )
            )
            catalog_name = identifier(draw, session)
            schema_name = f"{catalog_name}.{identifier(draw, 'sales')}"
            statements.append(render(draw, use, {"{C}": catalog_name, "{CS}": schema_name}))
        catalog = draw(st.sampled_from(catalogs))
        action, template = draw(st.sampled_from(WRITES))
        names = read_names(draw) | {
            "{N}": relation_name(draw, catalog, session),
            "{N2}": relation_name(draw, catalog, catalog),
            "{COL}": relation_name(draw, catalog, session) + "." + identifier(draw, "col"),
            "{S}": relation_name(draw, catalog, session, parts=2),
            "{C}": identifier(draw, catalog),
        }
        statements.append(render(draw, template, names))
        writes.add((catalog, action))
    return Script(join(draw, statements), frozenset(writes), session)


@st.composite
def reads(draw: st.DrawFn) -> str:
    count = draw(st.integers(1, 4))
    return join(
        draw, [render(draw, draw(st.sampled_from(READS)), read_names(draw)) for _ in range(count)]
    )


PROPERTY = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(scripts(FORBIDDEN))
def test_every_write_into_a_forbidden_catalog_is_refused(script: Script) -> None:
    analysis = analyze(script.sql, SESSION)
    assert {(write.catalog, write.action) for write in analysis.writes} == script.writes
    assert analysis.current_catalog == script.final_catalog
    refused = {(v.write.catalog, v.write.action) for v in check(analysis, WRITE_CATALOGS, "dev")}
    assert refused == script.writes


@PROPERTY
@given(scripts(ALLOWED))
def test_writes_into_allowed_catalogs_are_never_refused(script: Script) -> None:
    analysis = analyze(script.sql, SESSION)
    assert {(write.catalog, write.action) for write in analysis.writes} == script.writes
    assert analysis.current_catalog == script.final_catalog
    assert check(analysis, WRITE_CATALOGS, "dev") == []


@PROPERTY
@given(scripts(ALLOWED + FORBIDDEN))
def test_mixed_scripts_are_refused_exactly_where_they_write_outside(script: Script) -> None:
    analysis = analyze(script.sql, SESSION)
    refused = {(v.write.catalog, v.write.action) for v in check(analysis, WRITE_CATALOGS, "ci")}
    assert refused == {write for write in script.writes if write[0] in FORBIDDEN}


@PROPERTY
@given(reads(), st.sampled_from(ALLOWED))
def test_reads_of_forbidden_catalogs_are_never_refused(sql: str, session: str) -> None:
    analysis = analyze(sql, session)
    assert analysis.writes == ()
    assert analysis.current_catalog == session
    assert check(analysis, WRITE_CATALOGS, "dev") == []
