"""Reading a table's earlier version: ``t VERSION AS OF n``, ``t TIMESTAMP AS OF expr`` and
``t@v<n>`` in a query (https://docs.databricks.com/aws/en/tables/history).

Which DuckDB table holds the version depends on the catalog's state, and plans are cached by
statement text: translation puts a placeholder where the table was, and the placeholder is
bound to the version's table each time the query runs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timezone

from sqlglot import exp

from dbt.adapters.databricks_envs.local.api import WarehouseError
from dbt.adapters.databricks_envs.local.engine import errors
from dbt.adapters.databricks_envs.local.engine.plan import Runtime
from dbt.adapters.databricks_envs.local.engine.storage import history
from dbt.adapters.databricks_envs.local.engine.storage.model import RelationInfo
from dbt.adapters.databricks_envs.local.engine.storage.names import RelName, ident
from dbt.adapters.databricks_envs.local.engine.translate import versions

_PLACEHOLDER = "__uc_time_travel_"
_AT_VERSION = re.compile(r"v(\d+)", re.IGNORECASE)


@dataclass(frozen=True)
class TimeTravel:
    placeholder: str
    name: RelName
    # VERSION or TIMESTAMP.
    kind: str
    # The version or timestamp, as DuckDB SQL.
    value_sql: str


def version_of(table: exp.Table) -> exp.Version | None:
    """The table reference's VERSION / TIMESTAMP AS OF, or its ``@v<n>`` suffix (which sqlglot
    reads as an alias), as a Version node."""
    version = table.args.get("version")
    if isinstance(version, exp.Version):
        return version
    alias = table.args.get("alias")
    parameter = alias.this if isinstance(alias, exp.TableAlias) else None
    if isinstance(parameter, exp.Parameter):
        match = _AT_VERSION.fullmatch(parameter.name)
        if match:
            return exp.Version(
                this="VERSION", expression=exp.Literal.number(match.group(1)), kind="AS OF"
            )
    return None


def replace(
    table: exp.Table, version: exp.Version, resolved: object, found: list[TimeTravel]
) -> None:
    """Puts a placeholder where the versioned table was; the version is read when the query
    runs (see ``bind``)."""
    if not isinstance(resolved, RelName):
        raise unsupported_view()
    kind = str(version.this).upper()
    placeholder = f"{_PLACEHOLDER}{len(found)}"
    found.append(TimeTravel(placeholder, resolved, kind, version.expression.sql(dialect="duckdb")))
    alias = table.args.get("alias")
    if not isinstance(alias, exp.TableAlias) or isinstance(alias.this, exp.Parameter):
        alias = exp.TableAlias(this=exp.to_identifier(table.name, quoted=True))
    table.replace(exp.Table(this=exp.to_identifier(placeholder, quoted=True), alias=alias))


def bind(rt: Runtime, sql: str, found: list[TimeTravel]) -> str:
    """The query with each placeholder naming the DuckDB table of the version it reads."""
    for travel in found:
        info = rt.mirror.relation(travel.name)
        if info is None:
            raise errors.table_not_found(*travel.name.parts)
        if info.is_view:
            raise unsupported_view()
        if info.protected:
            raise errors.not_supported("time travel on a table with a row filter or column masks")
        chosen = pick(rt, info, travel.kind, travel.value_sql, restore=False)
        sql = sql.replace(ident(travel.placeholder), data_of(info, chosen).duck)
    return sql


def versions_of(rt: Runtime, info: RelationInfo, limit: int | None = None) -> list[history.Version]:
    """The table's versions, newest first."""
    key = versions.key_of(info)
    return history.versions(rt.cursor, info.name, key, versions.origin(info), limit)


def pick(
    rt: Runtime, info: RelationInfo, kind: str, value_sql: str, restore: bool
) -> history.Version:
    """The version a VERSION / TIMESTAMP AS OF names, failing as Databricks fails (RESTORE
    has error classes of its own)."""
    found = versions_of(rt, info)
    newest, oldest = found[0], found[-1]
    if kind == "VERSION":
        number = _value(rt, f"CAST(({value_sql}) AS BIGINT)")
        match = next((v for v in found if v.version == number), None)
        if match is None:
            if restore:
                raise errors.error(
                    "DELTA_CANNOT_RESTORE_TABLE_VERSION",
                    "22003",
                    f"Cannot restore table to version {number}. Available versions: "
                    f"[{oldest.version}, {newest.version}].",
                )
            raise errors.error(
                "DELTA_VERSION_NOT_FOUND",
                "22003",
                f"Cannot time travel Delta table to version {number}. Available versions: "
                f"[{oldest.version}, {newest.version}].",
            )
        return match
    when = _value(rt, f"CAST(({value_sql}) AS TIMESTAMPTZ)")
    if not isinstance(when, datetime):
        raise errors.error(
            "DELTA_TIMESTAMP_INVALID",
            "42816",
            f"The provided timestamp ({value_sql}) cannot be converted to a valid timestamp.",
        )
    if when > newest.timestamp:
        if restore:
            raise errors.error(
                "DELTA_CANNOT_RESTORE_TIMESTAMP_GREATER",
                "22003",
                f"Cannot restore table to timestamp ({_shown(when)}) as it is after the latest "
                f"version available. Please use a timestamp before ({_shown(newest.timestamp)})",
            )
        raise errors.error(
            "DELTA_TIMESTAMP_GREATER_THAN_COMMIT",
            "42816",
            f"The provided timestamp ({_shown(when)}) is after the latest version available to "
            f"this table ({_shown(newest.timestamp)}). Please use a timestamp before or at "
            f"{_shown(newest.timestamp, fraction=False)}.",
        )
    earlier = [v for v in found if v.timestamp <= when]
    if not earlier:
        raise errors.error(
            "DELTA_TIMESTAMP_EARLIER_THAN_COMMIT_RETENTION",
            "42816",
            f"The provided timestamp ({_shown(when)}) is before the earliest version available "
            f"to this table ({_shown(oldest.timestamp)}). Please use a timestamp after "
            f"{_shown(oldest.timestamp, fraction=False)}.",
        )
    return earlier[0]


def data_of(info: RelationInfo, version: history.Version) -> RelName:
    found = history.data_of(info.name, version)
    if found is None:
        raise errors.not_supported(
            f"reading version {version.version} of {info.name.dotted}: the local warehouse "
            f"keeps the data of a table's last {history.DATA_RETAINED} earlier states only "
            "(and of none replaced by a row-level write to a table of more than "
            f"{history.COPY_LIMIT} rows); its metadata is still in DESCRIBE HISTORY"
        )
    return found


def unsupported_view() -> WarehouseError:
    return errors.error(
        "DELTA_UNSUPPORTED_TIME_TRAVEL_VIEWS",
        "0AKDC",
        "Cannot time travel views, subqueries, streams or change data feed queries.",
    )


def _value(rt: Runtime, sql: str) -> object:
    ((value,),) = rt.cursor.execute(f"SELECT {sql}").fetchall()
    return value


def _shown(when: datetime, fraction: bool = True) -> str:
    """As Delta prints a timestamp (java.sql.Timestamp, in UTC)."""
    utc = when.astimezone(timezone.utc).replace(tzinfo=None)
    text = f"{utc:%Y-%m-%d %H:%M:%S}"
    if not fraction:
        return text
    return text + "." + (f"{utc.microsecond:06d}".rstrip("0") or "0")
