"""An in-memory copy of every catalog's description, kept in step with DuckDB.

SHOW, DESCRIBE and information_schema answers come from here instead of querying DuckDB's
catalog functions each time. It is only ever refreshed from committed state, by the writer that
committed (writers are serialized by the engine), and readers see immutable snapshots: each
refresh replaces the affected mappings instead of mutating them.

``generation`` counts every change and ``structure`` every change but row changes (which only
move last_altered), for those who keep what they derived from the mirror.
"""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import datetime

import duckdb

from dbt.adapters.databricks_envs.local.engine.storage import functions, history, loader, policies
from dbt.adapters.databricks_envs.local.engine.storage.model import (
    CatalogState,
    FunctionInfo,
    RelationInfo,
    SchemaInfo,
    SchemaState,
)
from dbt.adapters.databricks_envs.local.engine.storage.names import RelName


class Mirror:
    def __init__(self) -> None:
        self._catalogs: dict[str, CatalogState] = {}
        self._lock = threading.Lock()
        self.generation = 0
        self.structure = 0
        # Changes whenever which relations have row filters or column masks (and how), or
        # which views read them, may have changed (see policies.py).
        self.policy_generation = 0
        self._protected: frozenset[RelName] = frozenset()
        self._policies = policies.NONE
        # Each table's latest version and kept tables, for writes (see history.py).
        self.versions = history.Tracker()

    # Readers.

    def catalog_names(self) -> list[str]:
        return sorted(self._catalogs)

    def catalog(self, name: str) -> CatalogState | None:
        return self._catalogs.get(name)

    def schema(self, catalog: str, schema: str) -> SchemaState | None:
        state = self._catalogs.get(catalog)
        return state.schemas.get(schema) if state else None

    def relation(self, name: RelName) -> RelationInfo | None:
        schema = self.schema(name.catalog, name.schema)
        return schema.relations.get(name.name) if schema else None

    def function(self, name: RelName) -> FunctionInfo | None:
        schema = self.schema(name.catalog, name.schema)
        return schema.functions.get(name.name) if schema else None

    def policies(self) -> policies.Policies:
        """The protected relations as they are now."""
        found = self._policies
        if found.generation == self.policy_generation:
            return found
        with self._lock:
            found = policies.compute(self.policy_generation, self._catalogs)
            self._policies = found
            return found

    # Refreshers: called with a cursor outside any transaction, after a commit.

    def load_catalog(self, cursor: duckdb.DuckDBPyConnection, catalog: str) -> None:
        info = loader.load_catalog_info(cursor, catalog)
        relations = loader.load_relations(cursor, catalog)
        routines = functions.read(cursor, catalog)
        schemas = {
            s.name: _schema_state(
                s,
                [r for r in relations if r.name.schema == s.name],
                [f for f in routines if f.name.schema == s.name],
            )
            for s in loader.load_schemas(cursor, catalog)
        }
        with self._lock:
            self._catalogs = {**self._catalogs, catalog: CatalogState(info=info, schemas=schemas)}
            self.structure += 1
            self.generation += 1
            self._rescan_policies()

    def forget_catalog(self, catalog: str) -> None:
        self.versions.forget_catalog(catalog)
        with self._lock:
            self._catalogs = {k: v for k, v in self._catalogs.items() if k != catalog}
            self.structure += 1
            self.generation += 1
            self._rescan_policies()

    def load_schema(self, cursor: duckdb.DuckDBPyConnection, catalog: str, schema: str) -> None:
        infos = loader.load_schemas(cursor, catalog, schema)
        relations = loader.load_relations(cursor, catalog, schema) if infos else []
        routines = functions.read(cursor, catalog, schema) if infos else []
        with self._lock:
            state = self._catalogs.get(catalog)
            if state is None:
                return
            schemas = {k: v for k, v in state.schemas.items() if k != schema}
            if infos:
                schemas[schema] = _schema_state(infos[0], relations, routines)
            self._replace(replace(state, schemas=schemas))
            self._rescan_policies()

    def add_schema(self, info: SchemaInfo) -> None:
        """A schema just created, with nothing in it: known without asking DuckDB."""
        with self._lock:
            state = self._catalogs.get(info.catalog)
            if state is not None:
                schemas = {**state.schemas, info.name: SchemaState(info=info)}
                self._replace(replace(state, schemas=schemas))

    def forget_schema(self, catalog: str, schema: str) -> None:
        with self._lock:
            state = self._catalogs.get(catalog)
            if state is not None:
                schemas = {k: v for k, v in state.schemas.items() if k != schema}
                self._replace(replace(state, schemas=schemas))
                self._rescan_policies()

    def forget_relation(self, name: RelName) -> None:
        self._set_relation(name, None)

    def load_relation(self, cursor: duckdb.DuckDBPyConnection, name: RelName) -> None:
        loaded = loader.load_relations(cursor, name.catalog, name.schema, name.name)
        self._set_relation(name, loaded[0] if loaded else None)

    def put_relation(self, info: RelationInfo) -> None:
        """Records a relation whose description the caller already has."""
        self._set_relation(info.name, info)

    def _set_relation(self, name: RelName, info: RelationInfo | None) -> None:
        with self._lock:
            state = self._catalogs.get(name.catalog)
            schema = state.schemas.get(name.schema) if state else None
            if state is None or schema is None:
                return
            # A replaced relation keeps its place, so listings keep their order.
            relations = dict(schema.relations)
            old = relations.pop(name.name, None) if info is None else relations.get(name.name)
            if info is not None:
                relations[name.name] = info
            schemas = {**state.schemas, name.schema: replace(schema, relations=relations)}
            self._replace(replace(state, schemas=schemas))
            self._relation_policies(name, old, info)

    def put_function(self, name: RelName, info: FunctionInfo | None) -> None:
        """Records a function just created or replaced, or (None) dropped."""
        with self._lock:
            state = self._catalogs.get(name.catalog)
            schema = state.schemas.get(name.schema) if state else None
            if state is None or schema is None:
                return
            found = {k: v for k, v in schema.functions.items() if k != name.name}
            if info is not None:
                found[name.name] = info
            schemas = {**state.schemas, name.schema: replace(schema, functions=found)}
            self._replace(replace(state, schemas=schemas))

    def touch(self, name: RelName, when: datetime, who: str) -> None:
        """Records a change of rows: only last_altered moves."""
        with self._lock:
            state = self._catalogs.get(name.catalog)
            schema = state.schemas.get(name.schema) if state else None
            relation = schema.relations.get(name.name) if schema else None
            if state is None or schema is None or relation is None:
                return
            updated = replace(relation, last_altered=when, last_altered_by=who)
            relations = {**schema.relations, name.name: updated}
            schemas = {**state.schemas, name.schema: replace(schema, relations=relations)}
            self._replace(replace(state, schemas=schemas), structural=False)

    def _relation_policies(
        self, name: RelName, old: RelationInfo | None, new: RelationInfo | None
    ) -> None:
        """Moves the policy generation if the relation's change may change a translation: it
        is or was protected, or it is a view and some relation is protected."""
        changed = bool(old and old.protected) or bool(new and new.protected)
        views = bool(old and old.is_view) or bool(new and new.is_view)
        if changed:
            kept = self._protected - {name}
            self._protected = kept | {name} if new and new.protected else kept
        if changed or (views and self._protected):
            self.policy_generation += 1

    def _rescan_policies(self) -> None:
        self._protected = frozenset(
            relation.name
            for state in self._catalogs.values()
            for schema in state.schemas.values()
            for relation in schema.relations.values()
            if relation.protected
        )
        self.policy_generation += 1

    def _replace(self, state: CatalogState, structural: bool = True) -> None:
        self._catalogs = {**self._catalogs, state.info.name: state}
        self.structure += structural
        self.generation += 1


def _schema_state(
    info: SchemaInfo, relations: list[RelationInfo], routines: list[FunctionInfo]
) -> SchemaState:
    return SchemaState(
        info=info,
        relations={r.name.name: r for r in relations},
        functions={f.name.name: f for f in routines},
    )
