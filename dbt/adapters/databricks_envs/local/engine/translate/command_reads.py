"""Parsing SHOW, DESCRIBE (DETAIL, CATALOG, QUERY), SET and INSERT ... REPLACE ON on their
tokens (see ``command_parser.py``)."""

from __future__ import annotations

from sqlglot import exp

from dbt.adapters.databricks_envs.local.engine import errors
from dbt.adapters.databricks_envs.local.engine.translate.commands import (
    Command,
    DescribeCatalog,
    DescribeDetail,
    DescribeQuery,
    Name,
    ParseQuery,
    ReplaceOn,
    ShowCatalogs,
    ShowColumns,
    ShowConfig,
    ShowCreateTable,
    ShowSchemas,
    ShowTables,
    ShowTblProperties,
)
from dbt.adapters.databricks_envs.local.engine.translate.tokens import TokenStream


def one_part(s: TokenStream, name: Name) -> str:
    if len(name) != 1:
        raise s.syntax_error()
    return name[0]


_UNSUPPORTED_SHOW = {
    "GRANTS": "SHOW GRANTS",
    "GRANT": "SHOW GRANTS",
    "FUNCTIONS": "SHOW FUNCTIONS",
    "USER": "SHOW USER FUNCTIONS",
    "SYSTEM": "SHOW SYSTEM FUNCTIONS",
    "PARTITIONS": "SHOW PARTITIONS",
    "VOLUMES": "volumes",
    "SHARES": "Delta Sharing",
    "PROVIDERS": "Delta Sharing",
    "RECIPIENTS": "Delta Sharing",
    "CONNECTIONS": "Lakehouse Federation",
    "EXTERNAL": "external locations",
    "STORAGE": "storage credentials",
    "CREDENTIALS": "storage credentials",
    "GROUPS": "SHOW GROUPS",
    "USERS": "SHOW USERS",
}


def _pattern(s: TokenStream) -> str | None:
    s.accept("LIKE")
    pattern = s.maybe_string()
    s.ensure_done()
    return pattern


def show(s: TokenStream) -> Command:
    if s.accept("CATALOGS"):
        return ShowCatalogs(_pattern(s))
    if s.accept_any("SCHEMAS", "DATABASES"):
        catalog = None
        if s.accept_any("IN", "FROM"):
            catalog = one_part(s, s.name())
        return ShowSchemas(catalog, _pattern(s))
    if s.accept("TABLE", "EXTENDED"):
        namespace = s.name() if s.accept_any("IN", "FROM") else None
        return ShowTables(namespace, _pattern(s), extended=True)
    views = s.accept_any("TABLES", "VIEWS")
    if views:
        namespace = s.name() if s.accept_any("IN", "FROM") else None
        return ShowTables(namespace, _pattern(s), views_only=views == "VIEWS")
    if s.accept("TBLPROPERTIES"):
        table = s.name()
        key = None
        if s.accept("("):
            key = s.maybe_string() or ".".join(s.name())
            s.expect(")")
        s.ensure_done()
        return ShowTblProperties(table, key)
    if s.accept("COLUMNS"):
        if not s.accept_any("IN", "FROM"):
            raise s.syntax_error()
        table = s.name()
        if s.accept_any("IN", "FROM"):
            table = s.name() + table
        s.ensure_done()
        return ShowColumns(table)
    if s.accept("CREATE", "TABLE"):
        table = s.name()
        s.accept("AS", "SERDE")
        s.ensure_done()
        return ShowCreateTable(table)
    word = s.peek_word()
    if word in _UNSUPPORTED_SHOW:
        raise errors.not_supported(_UNSUPPORTED_SHOW[word])
    raise s.syntax_error()


def set_statement(s: TokenStream) -> Command:
    if s.done or s.accept("-", "V"):
        return ShowConfig(None)
    if s.accept("TIME", "ZONE"):
        raise errors.not_supported("SET TIME ZONE")
    key = s.rest()
    return ShowConfig(key.strip())


def describe(s: TokenStream, parse_query: ParseQuery) -> Command:
    if s.accept("DETAIL"):
        table = s.name()
        s.ensure_done()
        return DescribeDetail(table)
    if s.accept("CATALOG"):
        extended = s.accept("EXTENDED")
        name = one_part(s, s.name())
        s.ensure_done()
        return DescribeCatalog(name, extended)
    if s.accept("QUERY"):
        return DescribeQuery(parse_query(s.rest()))
    raise s.syntax_error()


def replace_on(s: TokenStream, parse_query: ParseQuery) -> Command:
    s.expect("INTO")
    s.accept("TABLE")
    target = s.name()
    target_alias = None
    if s.accept("AS") or s.peek_word() != "REPLACE":
        target_alias = s.name()[0]
    s.expect("REPLACE", "ON")
    start, end = s.skip_balanced()
    condition = parse_query("SELECT " + s.text_between(start, end))
    query_start, query_end = s.skip_balanced()
    source_alias = None
    if s.accept("AS") or not s.done:
        source_alias = s.name()[0]
    s.ensure_done()
    source = parse_query(s.text_between(query_start, query_end))
    if not isinstance(condition, exp.Select) or len(condition.expressions) != 1:
        raise s.syntax_error()
    return ReplaceOn(target, target_alias, condition.expressions[0], source, source_alias)
