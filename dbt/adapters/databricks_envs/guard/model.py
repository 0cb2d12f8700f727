"""What the write guard reports: the writes a statement makes and the session it leaves."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Write:
    """One thing a statement writes to."""

    # Lower-case catalog name; unqualified names are resolved against the current catalog.
    catalog: str
    # The target as written: `prod.sales.orders`, `SCHEMA prod.sales`, `CATALOG prod`.
    target: str
    # What the statement does to it: "insert", "merge", "drop", "grant", "rename" ...
    action: str


@dataclass(frozen=True)
class Analysis:
    """Everything a piece of SQL writes to, and the session's current catalog afterwards."""

    writes: tuple[Write, ...]
    # Tracks USE CATALOG / USE SCHEMA c.s / SET CATALOG, for this input and the next ones.
    current_catalog: str


class UnparsableWrite(Exception):
    """A statement that may write, but whose targets cannot be determined."""

    def __init__(self, statement: str, reason: str) -> None:
        super().__init__(statement, reason)
        self.statement = statement
        self.reason = reason

    def __str__(self) -> str:
        return (
            "dbt-databricks-envs write guard: cannot tell which catalogs this statement writes "
            f"to: {self.reason}. Statement: {self.statement}. To send such statements unchecked, "
            "set write_guard: warn (or off) in the profile."
        )
