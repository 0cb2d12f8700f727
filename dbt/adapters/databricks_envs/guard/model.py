"""What the write guard reports: the writes a statement makes and the session it leaves."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Write:
    """One thing a statement writes to."""

    # Lower-case catalog name; unqualified names are resolved against the current catalog.
    # Empty for a securable above every catalog (a share, a connection, the metastore).
    catalog: str
    # The target as written: `prod.sales.orders`, `SCHEMA prod.sales`, `SHARE s`.
    target: str
    # What the statement does to it: "insert", "merge", "drop", "grant", "rename" ...
    action: str
    # Whether it changes the metastore above the catalogs: shares, recipients, providers,
    # connections, credentials, external locations, clean rooms, metastore grants, groups,
    # and creating or dropping a catalog.
    metastore: bool = False


@dataclass(frozen=True)
class Analysis:
    """Everything a piece of SQL writes to, and the session's current catalog afterwards."""

    writes: tuple[Write, ...]
    # Tracks USE CATALOG / USE SCHEMA c.s / SET CATALOG, for this input and the next ones.
    current_catalog: str


class UnparsableWrite(Exception):
    """A statement that may write, but whose targets cannot be determined.

    The message names the statement's kind and the reason, never the statement's text: a
    refused statement may carry credentials (``COPY INTO ... CREDENTIAL (...)``).
    """

    def __init__(self, kind: str, reason: str) -> None:
        super().__init__(kind, reason)
        self.kind = kind
        self.reason = reason

    def __str__(self) -> str:
        return (
            f"dbt-databricks-envs write guard: cannot tell which catalogs this {self.kind} "
            f"statement writes to: {self.reason}. To send such statements unchecked, set "
            "write_guard: warn (or off) in the profile."
        )
