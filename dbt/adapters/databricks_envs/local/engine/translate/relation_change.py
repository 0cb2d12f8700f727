"""Changing what the engine records about an existing object: a relation's metadata row (and
DuckDB's own catalog, in the same transaction), or a schema's or catalog's row.

Shared by ALTER TABLE / VIEW, COMMENT ON, tags, row filters and column masks.
"""

from __future__ import annotations

from collections.abc import Callable

from dbt.adapters.databricks_envs.local.api import Result
from dbt.adapters.databricks_envs.local.engine import errors
from dbt.adapters.databricks_envs.local.engine.plan import Plan, Runtime, empty
from dbt.adapters.databricks_envs.local.engine.storage import objects
from dbt.adapters.databricks_envs.local.engine.storage.history import Operation
from dbt.adapters.databricks_envs.local.engine.storage.model import TABLE, Owned, RelationInfo
from dbt.adapters.databricks_envs.local.engine.storage.names import RelName
from dbt.adapters.databricks_envs.local.engine.translate import checks, external, versions
from dbt.adapters.databricks_envs.local.engine.translate.context import Context
from dbt.adapters.databricks_envs.local.engine.translate.names import resolve_parts

# One change of a relation: may run DuckDB statements and change the metadata row.
Step = Callable[[Runtime, RelationInfo, objects.ObjectRow], None]
# One change of a schema's or catalog's metadata row.
RowChange = Callable[[Runtime, objects.ObjectRow], None]


def relation_name(parts: tuple[str, ...], ctx: Context) -> RelName:
    resolved = resolve_parts(parts, ctx.ns)
    if not isinstance(resolved, RelName):
        raise errors.not_supported("altering information_schema or temporary views")
    return resolved


def runner(
    name: RelName,
    kind: str | None,
    steps: list[Step],
    new_name: RelName | None = None,
    operation: Operation | None = None,
) -> Callable[[Runtime], Result]:
    """Runs ``steps`` on the relation, which must be a ``kind`` (None: a table or a view),
    then writes its row; the mirror learns of the change once committed. ``operation`` is
    the version of a table's history it commits, if any."""

    def run(rt: Runtime) -> Result:
        def work() -> Result:
            info = checks.relation(rt, name)
            if kind is not None and info.kind != kind:
                found = info.kind.replace("_", " ")
                raise errors.invalid(
                    f"EXPECT_{kind}_NOT_{info.kind}.USE_ALTER_{info.kind}",
                    f"'ALTER {kind}' expects a {kind.lower()}, but {name.dotted} is a "
                    f"{found.lower()}. Please use ALTER {found} instead.",
                    "42809",
                )
            row = row_of(rt, info)
            for step in steps:
                step(rt, info, row)
            versions.metadata_change(rt, info, operation)
            row.last_altered, row.last_altered_by = rt.now(), rt.principal.name
            objects.write(rt.cursor, name.catalog, row)
            if info.location is not None:
                # Columns added, dropped or renamed: the files say so too.
                external.changed(rt, info, new_name or name)
            rt.after_commit(lambda: rt.mirror.load_relation(rt.cursor, name))
            if new_name is not None:
                rt.after_commit(lambda: rt.mirror.load_relation(rt.cursor, new_name))
            return empty()

        return rt.write(work)

    return run


def any_kind_runner(name: RelName, step: Step) -> Callable[[Runtime], Result]:
    """A runner for a table or a view, whichever the relation is (TABLE if it is missing, for
    the error)."""

    def run(rt: Runtime) -> Result:
        info = rt.mirror.relation(name)
        return runner(name, info.kind if info is not None else TABLE, [step])(rt)

    return run


def row_of(rt: Runtime, info: RelationInfo) -> objects.ObjectRow:
    """The relation's metadata row, or one made from its description if it has none."""
    row = objects.read_one(rt.cursor, *info.name.parts)
    if row is not None:
        return row
    return objects.ObjectRow(
        kind=objects.kind_of(info.kind),
        schema=info.name.schema,
        name=info.name.name,
        owner=info.owner,
        created=info.created,
        last_altered=info.last_altered,
        last_altered_by=info.last_altered_by,
        properties=dict(info.properties),
        details={"provider": info.provider} if info.provider else {},
    )


def namespace_of(kind: str, parts: tuple[str, ...], ctx: Context) -> tuple[str, str]:
    """(catalog, schema) of a SCHEMA or CATALOG name; the schema is "" for a catalog."""
    if kind == "CATALOG":
        return parts[-1], ""
    return (ctx.ns.catalog, parts[0]) if len(parts) == 1 else (parts[-2], parts[-1])


def namespace_change(catalog: str, schema: str, change: RowChange) -> Plan:
    """A change of a schema's (or, with ``schema`` "", a catalog's) metadata row only."""

    def run(rt: Runtime) -> Result:
        def work() -> Result:
            info: Owned
            if schema:
                info = checks.schema(rt, catalog, schema).info
            else:
                info = checks.catalog(rt, catalog).info
            row = objects.read_one(rt.cursor, catalog, schema, "") or objects.ObjectRow(
                kind=objects.KIND_SCHEMA if schema else objects.KIND_CATALOG,
                schema=schema,
                name="",
                owner=info.owner,
                created=info.created,
                last_altered=info.last_altered,
                last_altered_by=info.last_altered_by,
                comment=info.comment,
                properties=dict(info.properties),
            )
            change(rt, row)
            row.last_altered, row.last_altered_by = rt.now(), rt.principal.name
            objects.write(rt.cursor, catalog, row)
            if schema:
                rt.after_commit(lambda: rt.mirror.load_schema(rt.cursor, catalog, schema))
            else:
                rt.after_commit(lambda: rt.mirror.load_catalog(rt.cursor, catalog))
            return empty()

        return rt.write(work)

    return Plan(run=run)


# Details that hold metadata per column, by column name.
_BY_COLUMN = ("column_tags",)


def rename_column_metadata(row: objects.ObjectRow, old: str, new: str) -> None:
    """Moves what the row records about column ``old`` to ``new``."""
    lowered = old.lower()
    for key in ("partition_by", "cluster_by"):
        row.details[key] = [new if c.lower() == lowered else c for c in row.details.get(key, [])]
    for key in _BY_COLUMN:
        found = row.details.get(key, {})
        row.details[key] = {(new if k.lower() == lowered else k): v for k, v in found.items()}


def drop_column_metadata(row: objects.ObjectRow, column: str) -> None:
    """Forgets what the row records about a dropped column."""
    lowered = column.lower()
    for key in _BY_COLUMN:
        found = row.details.get(key, {})
        row.details[key] = {k: v for k, v in found.items() if k.lower() != lowered}
