"""Statements sqlglot does not parse into a tree, recognised on their tokens."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlglot import exp

from dbt.adapters.databricks_envs.local.engine.translate.history_commands import (
    DescribeHistory,
    RestoreTable,
)

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


@dataclass(frozen=True)
class TagChange:
    """ALTER ... SET / UNSET TAGS, ALTER ... ALTER COLUMN c SET / UNSET TAGS, SET / UNSET TAG ON."""

    # CATALOG, SCHEMA, TABLE or VIEW (TABLE also names a view, as SET TAG ON TABLE does).
    kind: str
    name: Name
    column: str | None
    assign: tuple[tuple[str, str], ...] = ()
    remove: tuple[str, ...] = ()
    # SET TAG ON: fails if the object has the tag already.
    new_only: bool = False


@dataclass(frozen=True)
class RowFilterChange:
    """ALTER TABLE t SET ROW FILTER f ON (...) / DROP ROW FILTER (``function`` None)."""

    table: Name
    function: Name | None
    # (a column's name, True) or (a literal's SQL, False).
    arguments: tuple[tuple[str, bool], ...] = ()


@dataclass(frozen=True)
class ColumnMaskChange:
    """ALTER TABLE t ALTER COLUMN c SET MASK f [USING COLUMNS (...)] / DROP MASK."""

    table: Name
    column: str
    function: Name | None
    using: tuple[tuple[str, bool], ...] = ()


@dataclass(frozen=True)
class CreateWithPolicies:
    """CREATE TABLE with ``WITH ROW FILTER f ON (...)`` or columns' ``MASK f``, which sqlglot
    does not read: the statement without them, and them."""

    create: exp.Create
    row_filter: RowFilterChange | None
    masks: tuple[ColumnMaskChange, ...]


@dataclass(frozen=True)
class CloneTable:
    """CREATE [OR REPLACE] TABLE [IF NOT EXISTS] t [SHALLOW | DEEP] CLONE src
    [VERSION | TIMESTAMP AS OF ...]."""

    target: Name
    source: Name
    # SHALLOW or DEEP.
    kind: str
    replace: bool
    if_not_exists: bool
    properties: tuple[tuple[str, str], ...] = ()
    # The source's version cloned: (VERSION or TIMESTAMP, the value as DuckDB SQL).
    version: tuple[str, str] | None = None


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
    | TagChange
    | RowFilterChange
    | ColumnMaskChange
    | CreateWithPolicies
    | CloneTable
    | DescribeHistory
    | RestoreTable
)
