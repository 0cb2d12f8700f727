"""What translating a statement may depend on: the session's names and identity."""

from __future__ import annotations

from dataclasses import dataclass

from dbt.adapters.databricks_envs.local.engine.translate.expressions import SessionValues
from dbt.adapters.databricks_envs.local.engine.translate.names import Namespace


@dataclass(frozen=True)
class Context:
    ns: Namespace
    values: SessionValues
    # The statement's own text, for what must be kept verbatim (a view's query).
    text: str
