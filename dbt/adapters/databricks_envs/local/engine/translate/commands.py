"""Statements sqlglot does not parse into a tree, recognised on their tokens."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlglot import exp

from dbt.adapters.databricks_envs.local.engine import errors
from dbt.adapters.databricks_envs.local.engine.translate.tokens import TokenStream

Name = tuple[str, ...]
# Parses one statement with sqlglot (used for the parts of a command that are plain SQL).
ParseQuery = Callable[[str], exp.Expr]


@dataclass(frozen=True)
class ShowCatalogs:
    pattern: str | None


@dataclass(frozen=True)
class ShowSchemas:
    catalog: str | None
    pattern: str | None


@dataclass(frozen=True)
class ShowTables:
    namespace: Name | None
    pattern: str | None
    views_only: bool = False
    extended: bool = False


@dataclass(frozen=True)
class ShowTblProperties:
    table: Name
    key: str | None


@dataclass(frozen=True)
class ShowColumns:
    table: Name


@dataclass(frozen=True)
class ShowCreateTable:
    table: Name


@dataclass(frozen=True)
class CreateCatalog:
    name: str
    if_not_exists: bool
    comment: str | None


@dataclass(frozen=True)
class DropCatalog:
    name: str
    if_exists: bool
    cascade: bool


@dataclass(frozen=True)
class UnsetTblProperties:
    table: Name
    keys: tuple[str, ...]
    view: bool


@dataclass(frozen=True)
class SetProperties:
    """ALTER SCHEMA ... SET DBPROPERTIES / ALTER CATALOG ... SET PROPERTIES."""

    kind: str
    name: Name
    properties: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class AlterViewAs:
    view: Name
    query: exp.Expr
    text: str


@dataclass(frozen=True)
class SetOwner:
    kind: str
    name: Name
    owner: str


@dataclass(frozen=True)
class Maintenance:
    """OPTIMIZE, VACUUM and the like: accepted and ignored once the table is known to exist."""

    table: Name | None


@dataclass(frozen=True)
class ShowConfig:
    key: str | None


@dataclass(frozen=True)
class DescribeDetail:
    table: Name


@dataclass(frozen=True)
class DescribeCatalog:
    name: str
    extended: bool


@dataclass(frozen=True)
class DescribeQuery:
    query: exp.Expr


@dataclass(frozen=True)
class ReplaceOn:
    """INSERT INTO t [AS a] REPLACE ON (cond) (query) [AS s]: delete the target rows matching
    some source row, then insert the source."""

    target: Name
    target_alias: str | None
    condition: exp.Expr
    source: exp.Expr
    source_alias: str | None


@dataclass(frozen=True)
class Explain:
    statement: str


@dataclass(frozen=True)
class CommentOn:
    kind: str
    name: Name
    comment: str | None


@dataclass(frozen=True)
class MergeWithSchemaEvolution:
    merge: exp.Merge


Command = (
    ShowCatalogs
    | ShowSchemas
    | ShowTables
    | ShowTblProperties
    | ShowColumns
    | ShowCreateTable
    | CreateCatalog
    | DropCatalog
    | UnsetTblProperties
    | SetProperties
    | AlterViewAs
    | SetOwner
    | Maintenance
    | ShowConfig
    | DescribeDetail
    | DescribeCatalog
    | DescribeQuery
    | ReplaceOn
    | CommentOn
    | Explain
    | MergeWithSchemaEvolution
)

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


def parse_command(sql: str, parse_query: ParseQuery) -> Command | exp.Expr:
    """Parses a statement sqlglot could not; raises PARSE_SYNTAX_ERROR or NOT_SUPPORTED."""
    s = TokenStream(sql)
    if s.accept("SHOW"):
        return _show(s)
    if s.accept("CREATE", "CATALOG") or s.accept("CREATE", "DATABASE", "CATALOG"):
        if_not_exists = s.accept("IF", "NOT", "EXISTS")
        name = s.name()
        comment = None
        while not s.done:
            if s.accept("COMMENT"):
                comment = s.string()
            elif s.accept("MANAGED", "LOCATION"):
                raise errors.not_supported("catalog managed locations")
            elif s.accept("USING", "SHARE"):
                raise errors.not_supported("Delta Sharing")
            else:
                raise s.syntax_error()
        return CreateCatalog(_one_part(s, name), if_not_exists, comment)
    if s.accept("DROP", "CATALOG"):
        if_exists = s.accept("IF", "EXISTS")
        name = s.name()
        cascade = s.accept_any("CASCADE", "RESTRICT") == "CASCADE"
        s.ensure_done()
        return DropCatalog(_one_part(s, name), if_exists, cascade)
    if s.accept("ALTER"):
        return _alter(s, parse_query)
    if s.accept("COMMENT", "ON"):
        return comment_on(s)
    if s.accept("EXPLAIN"):
        s.accept_any("EXTENDED", "CODEGEN", "COST", "FORMATTED")
        return Explain(s.rest())
    if s.accept_any("OPTIMIZE", "VACUUM"):
        return Maintenance(s.name())
    if s.accept_any("CACHE", "UNCACHE", "CLEAR", "MSCK", "FSCK"):
        return Maintenance(None)
    if s.accept("SET"):
        return _set(s)
    if s.accept_any("DESCRIBE", "DESC"):
        return _describe(s, parse_query)
    if s.accept("INSERT"):
        return _replace_on(s, parse_query)
    if s.accept("MERGE", "WITH", "SCHEMA", "EVOLUTION"):
        merged = parse_query("MERGE " + s.rest())
        if not isinstance(merged, exp.Merge):
            raise s.syntax_error()
        return MergeWithSchemaEvolution(merged)
    first = s.peek_word()
    if first in ("GRANT", "REVOKE", "DENY"):
        raise errors.not_supported(f"{first} (Unity Catalog privileges)")
    if first == "COPY":
        raise errors.not_supported("COPY INTO")
    if first in ("RESTORE", "CONVERT", "REORG", "SYNC", "UNDROP"):
        raise errors.not_supported(first)
    raise s.syntax_error()


def _one_part(s: TokenStream, name: Name) -> str:
    if len(name) != 1:
        raise s.syntax_error()
    return name[0]


def _pattern(s: TokenStream) -> str | None:
    s.accept("LIKE")
    pattern = s.maybe_string()
    s.ensure_done()
    return pattern


def comment_on(s: TokenStream) -> CommentOn:
    kind = s.accept_any("TABLE", "VIEW", "COLUMN", "SCHEMA", "DATABASE", "CATALOG")
    if kind is None:
        raise s.syntax_error()
    name = s.name()
    s.expect("IS")
    comment = None if s.accept("NULL") else s.string()
    s.ensure_done()
    return CommentOn("SCHEMA" if kind == "DATABASE" else kind, name, comment)


def _show(s: TokenStream) -> Command:
    if s.accept("CATALOGS"):
        return ShowCatalogs(_pattern(s))
    if s.accept_any("SCHEMAS", "DATABASES"):
        catalog = None
        if s.accept_any("IN", "FROM"):
            catalog = _one_part(s, s.name())
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


def _alter(s: TokenStream, parse_query: ParseQuery) -> Command | exp.Expr:
    kind = s.accept_any("TABLE", "VIEW", "SCHEMA", "DATABASE", "CATALOG")
    if kind is None:
        if s.accept("MATERIALIZED", "VIEW") or s.accept("STREAMING", "TABLE"):
            raise errors.not_supported("materialized views and streaming tables")
        raise s.syntax_error()
    name_start = s.pos
    name = s.name()
    name_text = s.text_between(s.tokens[name_start].start, s.tokens[s.pos - 1].end + 1)
    if kind == "TABLE" and s.accept("CHANGE"):
        # Hive's CHANGE [COLUMN] c ... is ALTER COLUMN c ...: reparse it as such.
        s.accept("COLUMN")
        return parse_query(f"ALTER TABLE {name_text} ALTER COLUMN {s.rest()}")
    if s.accept("OWNER", "TO") or s.accept("SET", "OWNER", "TO"):
        owner = s.maybe_string() or ".".join(s.name())
        s.ensure_done()
        return SetOwner(kind, name, owner)
    if kind in ("TABLE", "VIEW") and s.accept("UNSET", "TBLPROPERTIES"):
        s.accept("IF", "EXISTS")
        keys = tuple(s.paren_strings())
        s.ensure_done()
        return UnsetTblProperties(name, keys, kind == "VIEW")
    if kind == "VIEW" and s.accept("AS"):
        text = s.rest()
        return AlterViewAs(name, parse_query(text), text)
    if kind in ("SCHEMA", "DATABASE", "CATALOG") and (
        s.accept("SET", "DBPROPERTIES") or s.accept("SET", "PROPERTIES")
    ):
        properties = s.paren_pairs()
        s.ensure_done()
        return SetProperties(kind, name, tuple(properties.items()))
    if s.accept("SET", "TAGS") or s.accept("UNSET", "TAGS") or _column_tags(s):
        raise errors.not_supported("tags (SET TAGS / UNSET TAGS)")
    if _column_action(s, "MASK"):
        raise errors.not_supported("column masks")
    if s.accept("SET", "ROW", "FILTER") or s.accept("DROP", "ROW", "FILTER"):
        raise errors.not_supported("row filters")
    if s.accept("SET", "LOCATION"):
        raise errors.not_supported("table locations (external tables)")
    raise s.syntax_error()


def _column_tags(s: TokenStream) -> bool:
    return _column_action(s, "TAGS")


def _column_action(s: TokenStream, thing: str) -> bool:
    """ALTER COLUMN c SET|UNSET|DROP <thing>."""
    start = s.pos
    if s.accept("ALTER", "COLUMN") or s.accept("ALTER"):
        s.name()
        if s.accept_any("SET", "UNSET", "DROP") and s.accept(thing):
            return True
    s.pos = start
    return False


def _set(s: TokenStream) -> Command:
    if s.done or s.accept("-", "V"):
        return ShowConfig(None)
    if s.accept("TIME", "ZONE"):
        raise errors.not_supported("SET TIME ZONE")
    key = s.rest()
    return ShowConfig(key.strip())


def _describe(s: TokenStream, parse_query: ParseQuery) -> Command:
    if s.accept("DETAIL"):
        table = s.name()
        s.ensure_done()
        return DescribeDetail(table)
    if s.accept("CATALOG"):
        extended = s.accept("EXTENDED")
        name = _one_part(s, s.name())
        s.ensure_done()
        return DescribeCatalog(name, extended)
    if s.accept("QUERY"):
        return DescribeQuery(parse_query(s.rest()))
    if s.accept("HISTORY"):
        raise errors.not_supported("DESCRIBE HISTORY (table history)")
    raise s.syntax_error()


def _replace_on(s: TokenStream, parse_query: ParseQuery) -> Command:
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
