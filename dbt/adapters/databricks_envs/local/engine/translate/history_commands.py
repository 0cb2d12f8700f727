"""The table history statements sqlglot does not parse into a tree (see history.py)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlglot import exp


@dataclass(frozen=True)
class DescribeHistory:
    """DESCRIBE HISTORY t [LIMIT n]."""

    table: tuple[str, ...]
    limit: int | None = None


@dataclass(frozen=True)
class RestoreTable:
    """RESTORE [TABLE] t [TO] VERSION AS OF n | TIMESTAMP AS OF expr."""

    table: tuple[str, ...]
    # VERSION or TIMESTAMP.
    kind: str
    value: exp.Expr
