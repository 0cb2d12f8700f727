"""What translating a statement may depend on: the session's names and identity."""

from __future__ import annotations

from dataclasses import dataclass, field

from dbt.adapters.databricks_envs.local.engine.storage.policies import NONE, Policies
from dbt.adapters.databricks_envs.local.engine.translate.expressions import SessionValues
from dbt.adapters.databricks_envs.local.engine.translate.names import Namespace


@dataclass(frozen=True)
class Context:
    ns: Namespace
    values: SessionValues
    # The statement's own text, for what must be kept verbatim (a view's query).
    text: str
    # The tables read through a row filter or column masks (see protection.py).
    policies: Policies = field(default=NONE)

    def raw(self) -> Context:
        """This context for what must read tables as they are: a persistent view's query or
        a function's body, which others use later."""
        return Context(self.ns, self.values, self.text)
