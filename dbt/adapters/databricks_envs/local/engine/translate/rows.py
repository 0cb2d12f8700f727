"""What every statement that changes rows shares: the target check, the transaction, the
last_altered bookkeeping and Databricks' result shape."""

from __future__ import annotations

from collections.abc import Callable

from dbt.adapters.databricks_envs.local.api import Result
from dbt.adapters.databricks_envs.local.engine import errors
from dbt.adapters.databricks_envs.local.engine.plan import BIGINT, Runtime, rows_result
from dbt.adapters.databricks_envs.local.engine.storage import objects
from dbt.adapters.databricks_envs.local.engine.storage.history import Operation
from dbt.adapters.databricks_envs.local.engine.storage.model import RelationInfo
from dbt.adapters.databricks_envs.local.engine.storage.names import RelName
from dbt.adapters.databricks_envs.local.engine.translate import checks, external, versions

AFFECTED = "num_affected_rows"
INSERTED = "num_inserted_rows"
UPDATED = "num_updated_rows"
DELETED = "num_deleted_rows"


def change_rows(
    rt: Runtime,
    name: RelName,
    change: Callable[[RelationInfo], dict[str, int]],
    rewrites: str | None = None,
    operation: Callable[[dict[str, int]], Operation] | None = None,
) -> Result:
    """Runs ``change`` on the existing table ``name`` in a write transaction; ``change``
    returns the counts to report, first the number of affected rows. ``rewrites`` names the
    statement if it changes or deletes existing rows, which a row filter or column masks would
    restrict: refused on a protected table, as not supported. ``operation``, from the counts,
    is the version it commits (see versions.py)."""

    def work() -> Result:
        info = checks.table(rt, name)
        if rewrites is not None and info.protected:
            raise errors.not_supported(f"{rewrites} on a table with a row filter or column masks")
        prepared = versions.row_write(rt, info) if operation is not None else None
        counts = change(info)
        if info.location is not None:
            external.changed(rt, info)
        if operation is not None and prepared is not None:
            versions.commit_rows(rt, info, operation(counts), prepared)
        now, who = rt.now(), rt.principal.name
        objects.touch(rt.cursor, name.catalog, name.schema, name.name, now, who)
        rt.after_commit(lambda: rt.mirror.touch(name, now, who))
        return rows_result(
            [(key, BIGINT) for key in counts],
            [tuple(counts.values())],
            affected=counts[AFFECTED],
        )

    return rt.write(work)


def count(rt: Runtime, sql: str) -> int:
    row = rt.cursor.execute(sql).fetchone()
    return int(row[0]) if row else 0
