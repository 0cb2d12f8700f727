"""``mode: active``: create and drop a scratch schema and table in each writable catalog.

The statements run through a callable, so this module holds only the sequence and its clean-up
rule: whatever step fails, everything created so far is dropped before the next catalog.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from typing import Any

Execute = Callable[[str], Any]


def scratch_schema() -> str:
    return f"dbt_preflight_probe_{uuid.uuid4().hex[:12]}"


def probe_catalog(execute: Execute, catalog: str, schema: str) -> dict[str, Any]:
    """One catalog's probe: {ok, object} or {ok: false, step, error[, leftover]}."""
    qualified = f"`{catalog}`.`{schema}`"
    table = f"{qualified}.`probe`"
    steps = [
        ("create schema", f"create schema {qualified}"),
        ("create table", f"create table {table} (id int)"),
        ("insert", f"insert into {table} values (1)"),
    ]
    created: list[str] = []
    sent = 0
    outcome: dict[str, Any] = {"ok": True, "object": f"{catalog}.{schema}.probe"}
    for step, sql in steps:
        sent += 1
        try:
            execute(sql)
        except Exception as error:
            outcome = {"ok": False, "step": step, "error": first_line(error)}
            break
        if step == "create schema":
            created.append(f"drop schema if exists {qualified} cascade")
    leftovers = []
    for sql in reversed(created):
        sent += 1
        try:
            execute(sql)
        except Exception as error:
            leftovers.append(f"{catalog}.{schema} ({first_line(error)})")
    if leftovers:
        outcome = {
            "ok": False,
            "step": outcome.get("step", "drop schema"),
            "error": outcome.get("error", "the scratch schema could not be dropped"),
            "leftover": ", ".join(leftovers),
        }
    outcome["statements"] = sent
    return outcome


def probe(execute: Execute, catalogs: Iterable[str]) -> dict[str, dict[str, Any]]:
    return {catalog: probe_catalog(execute, catalog, scratch_schema()) for catalog in catalogs}


def first_line(error: BaseException) -> str:
    """The error's first meaningful line, e.g. Databricks' ``[INSUFFICIENT_PERMISSIONS] ...``."""
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    return " ".join(lines[:2])[:300] if lines else type(error).__name__
