"""Finding the relation a SHOW or DESCRIBE statement names, temporary views included, and the
shared formatting of its metadata."""

from __future__ import annotations

import re
from datetime import datetime, timezone

from dbt.adapters.databricks_envs.local.engine import errors
from dbt.adapters.databricks_envs.local.engine.plan import Runtime
from dbt.adapters.databricks_envs.local.engine.storage.model import VIEW, RelationInfo
from dbt.adapters.databricks_envs.local.engine.storage.names import RelName
from dbt.adapters.databricks_envs.local.engine.translate import checks
from dbt.adapters.databricks_envs.local.engine.translate.names import (
    InfoSchemaTable,
    Namespace,
    SystemTable,
    TempView,
    resolve_parts,
)

_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def resolve(parts: tuple[str, ...], ns: Namespace) -> RelName | TempView:
    resolved = resolve_parts(parts, ns)
    if isinstance(resolved, InfoSchemaTable):
        raise errors.not_supported("describing information_schema tables")
    if isinstance(resolved, SystemTable):
        raise errors.not_supported("describing system tables")
    return resolved


def namespace(rt: Runtime) -> Namespace:
    """The session's names as they are now (temporary views come and go)."""
    return Namespace(rt.state.catalog, rt.state.schema, frozenset(rt.state.temp_views))


def find(rt: Runtime, target: RelName | TempView) -> RelationInfo:
    if isinstance(target, TempView):
        return temp_view(rt, target.name)
    return checks.relation(rt, target)


def temp_view(rt: Runtime, name: str) -> RelationInfo:
    if name not in rt.state.temp_views:
        raise errors.table_not_found(name)
    columns = rt.state.temp_view_columns[name]
    return RelationInfo(
        owner=rt.principal.name,
        created=_EPOCH,
        last_altered=_EPOCH,
        last_altered_by=rt.principal.name,
        comment=None,
        properties={},
        name=RelName("", "", name),
        kind=VIEW,
        columns=columns,
    )


def java_time(value: datetime) -> str:
    """Times as Databricks' SHOW TABLE EXTENDED and DESCRIBE EXTENDED print them."""
    return value.astimezone(timezone.utc).strftime("%a %b %d %H:%M:%S UTC %Y")


def properties_text(properties: dict[str, str]) -> str:
    return "[" + ",".join(f"{k}={v}" for k, v in sorted(properties.items())) + "]"


def shown_properties(info: RelationInfo) -> dict[str, str]:
    """Table properties as SHOW TBLPROPERTIES lists them, with the clustering keys Databricks
    adds for liquid-clustered tables."""
    shown = dict(info.properties)
    if info.cluster_by:
        shown["clusteringColumns"] = "[" + ",".join(f'["{c}"]' for c in info.cluster_by) + "]"
    if info.cluster_auto:
        shown["clusterByAuto"] = "true"
    return shown


def like(pattern: str | None, name: str) -> bool:
    """SHOW ... LIKE: ``*`` is any text, ``|`` separates alternatives, otherwise a regular
    expression, matched case-insensitively against the whole name."""
    if pattern is None:
        return True
    for alternative in pattern.strip().split("|"):
        regex = alternative.strip().replace("*", ".*")
        try:
            if re.fullmatch(regex, name, flags=re.IGNORECASE):
                return True
        except re.error:
            if alternative.strip().lower() == name.lower():
                return True
    return False
