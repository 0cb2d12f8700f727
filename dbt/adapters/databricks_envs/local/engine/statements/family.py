"""What a statement family declares: how its statements are recognized, what they touch (for
Unity Catalog security), how they are planned and how their plans may be cached.

Adding a statement to the local warehouse means writing one module under ``statements/`` with
one ``Family`` and listing it in ``statements/__init__.py``; nothing else dispatches on the
kind of a statement.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from dbt.adapters.databricks_envs.local.engine.plan import Plan
from dbt.adapters.databricks_envs.local.engine.security import Access
from dbt.adapters.databricks_envs.local.engine.translate.command_parser import TokenGrammar
from dbt.adapters.databricks_envs.local.engine.translate.context import Context
from dbt.adapters.databricks_envs.local.engine.translate.names import Namespace
from dbt.adapters.databricks_envs.local.engine.translate.parse import Statement

# Appends the accesses of one statement of the family to the list.
Accesses = Callable[[Any, Namespace, list[Access]], None]
Planner = Callable[[Any, Context], Plan]


class Caching(enum.Enum):
    """How a family's plans may be reused (see ``plan_cache.py`` for the key and the rule)."""

    # The plan is kept in the plan cache and reused for the same key while it is valid.
    PLAN = "plan"
    # As PLAN, and a plan that reads nothing but information_schema or system tables may
    # also have its result reused while the generations of those tables stay the same.
    RESULT = "result"
    # The plan changes the session it runs in (USE, SET): planned again every time.
    NEVER = "never"


def _nothing(statement: Any, ns: Namespace, found: list[Access]) -> None:
    return None


@dataclass(frozen=True)
class Family:
    name: str
    # The classes of the parsed statements (sqlglot trees or the token-parsed commands of
    # ``translate/commands.py``) this family may take; ``accepts`` narrows them further.
    types: tuple[type, ...]
    plan: Planner
    accesses: Accesses = _nothing
    accepts: Callable[[Any], bool] | None = None
    caching: Caching = Caching.PLAN
    # A sqlglot tree this family reads better as one of its own commands (a tree sqlglot
    # parses but does not fully understand): the command, or None.
    lift: Callable[[Any], Statement | None] | None = None
    # How the family's statements sqlglot cannot read are recognized on their tokens: the
    # command, or None (consuming nothing) when the leading words are not the family's; it
    # raises PARSE_SYNTAX_ERROR once they are and the rest is not (translate/command_parser.py).
    tokens: TokenGrammar | None = None

    def takes(self, statement: Statement) -> bool:
        return self.accepts is None or self.accepts(statement)
