"""Existence checks against the catalog mirror, failing as Databricks fails."""

from __future__ import annotations

from dbt.adapters.databricks_envs.local.engine import errors
from dbt.adapters.databricks_envs.local.engine.plan import Runtime
from dbt.adapters.databricks_envs.local.engine.storage.model import (
    TABLE,
    VIEW,
    CatalogState,
    RelationInfo,
    SchemaState,
)
from dbt.adapters.databricks_envs.local.engine.storage.names import RelName


def catalog(rt: Runtime, name: str) -> CatalogState:
    state = rt.mirror.catalog(name)
    if state is None:
        raise errors.catalog_not_found(name)
    return state


def schema(rt: Runtime, catalog_name: str, schema_name: str) -> SchemaState:
    state = catalog(rt, catalog_name).schemas.get(schema_name)
    if state is None:
        raise errors.schema_not_found(catalog_name, schema_name)
    return state


def relation(rt: Runtime, name: RelName, kind: str | None = None) -> RelationInfo:
    """The relation, which must exist (and be a ``kind`` if given)."""
    info = rt.mirror.relation(name)
    if info is None:
        raise errors.table_not_found(*name.parts)
    if kind is not None and info.kind != kind:
        raise errors.wrong_object_type(name.parts, kind, info.kind)
    return info


def table(rt: Runtime, name: RelName) -> RelationInfo:
    return relation(rt, name, TABLE)


def view(rt: Runtime, name: RelName) -> RelationInfo:
    return relation(rt, name, VIEW)
