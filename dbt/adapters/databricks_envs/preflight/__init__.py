"""Preflight: prove, before building, that this run can succeed.

The checks themselves are pure macros (``macros/preflight/pure/``) because dbt must evaluate
them for both install paths; this package evaluates the very same files from Python (through
:mod:`dbt.adapters.databricks_envs.rules`), and holds the adapter's edges: the REST facts
(:mod:`.rest`), the write probe (:mod:`.probe`) and the files preflight writes (:mod:`.outputs`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, TypeVar

from dbt.adapters.databricks_envs import rules

STATUSES = ("PASS", "WARN", "FAIL", "SKIP")
REDACTED = "<redacted>"
T = TypeVar("T")


def select(nodes: Mapping[str, Any], spec: Any = None, exclude: Any = None) -> list[str]:
    """The unique ids ``select`` / ``exclude`` (preflight's subset of dbt's syntax) pick."""
    chosen: list[str] = rules.call("_dbenvs_pf_select", dict(nodes), spec, exclude)
    return chosen


def plan(
    nodes: Mapping[str, Any],
    sources: Mapping[str, Any],
    selected: Sequence[str],
    flags: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """What building ``selected`` writes (catalog.schema) and reads (sources, unbuilt refs);
    ``flags`` as the run has them (full_refresh, store_failures, deferred, which)."""
    result: dict[str, Any] = rules.call(
        "_dbenvs_pf_plan", dict(nodes), dict(sources), selected, dict(flags or {})
    )
    return result


def evaluate(inputs: Mapping[str, Any]) -> dict[str, Any]:
    """Every check over plain facts; the report the macro logs and the adapter writes."""
    report: dict[str, Any] = rules.call("_dbenvs_pf_evaluate", dict(inputs))
    return report


def render(report: Mapping[str, Any]) -> str:
    """The readable table of a report."""
    text: str = rules.call("_dbenvs_pf_render", dict(report))
    return text


def warehouse_id(http_path: str | None) -> str | None:
    """The SQL warehouse an http_path names (current or legacy path), else None."""
    parsed: dict[str, Any] = rules.call("_dbenvs_pf_http_path_check", http_path)
    return parsed["id"] if parsed["kind"] in ("warehouse", "endpoint") else None


def redact(value: T, secrets: Iterable[str]) -> T:
    """``value`` with every secret replaced: nothing preflight shows or writes may hold one,
    even when a server echoes a credential back in an error message."""
    text = json.dumps(value)
    for secret in secrets:
        if secret:
            text = text.replace(json.dumps(secret)[1:-1], REDACTED)
    redacted: T = json.loads(text)
    return redacted
