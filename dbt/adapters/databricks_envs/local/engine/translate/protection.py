"""Reading a table that has a row filter or column masks: as Databricks does, through them.

Each reference to a protected table becomes a subquery over it: its rows where the filter
function returns true, with each masked column replaced by its mask function's result on the
column (and the mask's USING COLUMNS). The functions compute for the reading session's
principal (they read its identity from the session, see ``functions.py``), and run whatever the
reader's privileges on them: the table's owner chose them.

A persistent view keeps DuckDB's own reference to the table, so it would read the rows unfiltered
for everyone: reading a view that reads a protected table (directly or through other views) is
refused as not supported. A temporary view, CREATE TABLE AS and INSERT ... SELECT read through
the filter and masks of whoever runs them, as on Databricks.
"""

from __future__ import annotations

from sqlglot import exp

from dbt.adapters.databricks_envs.local.engine import errors
from dbt.adapters.databricks_envs.local.engine.storage import names
from dbt.adapters.databricks_envs.local.engine.storage.model import PolicyArgument, RelationInfo
from dbt.adapters.databricks_envs.local.engine.storage.names import RelName
from dbt.adapters.databricks_envs.local.engine.storage.policies import Policies


def check_view(name: RelName, policies: Policies) -> None:
    if name in policies.guarded_views:
        raise errors.not_supported(
            f"reading a view ({name.dotted}) over a table with a row filter or column masks"
        )


def protected_source(
    table: exp.Table, relation: RelationInfo, alias: exp.TableAlias | None
) -> exp.Expr:
    """What reads the protected relation in place of ``table`` (its DuckDB reference)."""
    select = exp.select(_projection(relation)).from_(table)
    if relation.row_filter is not None:
        select = select.where(call(relation.row_filter.function, relation.row_filter.arguments))
    return exp.Subquery(
        this=select,
        alias=alias or exp.TableAlias(this=exp.to_identifier(relation.name.name, quoted=True)),
    )


def _projection(relation: RelationInfo) -> exp.Expr:
    if not relation.column_masks:
        return exp.Star()
    replaced = [
        exp.alias_(
            call(mask.function, ((column, True), *mask.using)),
            exp.to_identifier(column, quoted=True),
        )
        for column, mask in relation.column_masks.items()
    ]
    return exp.Star(replace=replaced)


def call(
    function: RelName, arguments: tuple[PolicyArgument, ...], qualifier: str | None = None
) -> exp.Expr:
    """The call of a row filter's or mask's function; columns qualified by ``qualifier``."""
    macro = exp.Anonymous(
        this=exp.to_identifier(function.name, quoted=True),
        expressions=[_argument(a, qualifier) for a in arguments],
    )
    return exp.Dot(
        this=exp.Dot(
            this=exp.to_identifier(names.alias(function.catalog), quoted=True),
            expression=exp.to_identifier(function.schema, quoted=True),
        ),
        expression=macro,
    )


def _argument(argument: PolicyArgument, qualifier: str | None) -> exp.Expr:
    text, is_column = argument
    if is_column:
        return exp.column(text, table=qualifier, quoted=True)
    return exp.maybe_parse(text, dialect="databricks")
