"""Which writes the profile allows, and the message a refused one gets."""

from __future__ import annotations

from dataclasses import dataclass

from dbt.adapters.databricks_envs.guard.model import Analysis, Write

# How each action reads in "refused to <phrase> <target>".
_PHRASES = {
    "insert": "insert into",
    "overwrite": "overwrite",
    "merge": "merge into",
    "delete": "delete from",
    "copy": "copy into",
    "grant": "grant privileges on",
    "revoke": "revoke privileges on",
    "deny": "deny privileges on",
    "comment": "comment on",
    "analyze": "compute statistics of",
    "convert": "convert to Delta",
    "sync": "sync into",
    "generate": "generate manifests for",
    "load": "load data into",
}


@dataclass(frozen=True)
class Violation:
    """A write into a catalog the environment may not write to."""

    write: Write
    environment: str
    allowed_catalogs: frozenset[str]

    @property
    def reason(self) -> str:
        """What is wrong, in one clause (for a warning, or to build another message)."""
        phrase = _PHRASES.get(self.write.action, self.write.action)
        allowed = ", ".join(sorted(self.allowed_catalogs))
        return (
            f"{phrase} {self.write.target} — catalog '{self.write.catalog}' is not writable in "
            f"environment '{self.environment}' (write_catalogs: [{allowed}])"
        )

    @property
    def message(self) -> str:
        """The refusal, with the settings that would allow the write."""
        return (
            f"dbt-databricks-envs write guard: refused to {self.reason}. Nothing was sent to "
            f"Databricks. To allow it, add '{self.write.catalog}' to write_catalogs in the "
            "profile, or set write_guard: warn."
        )


def check(
    analysis: Analysis, allowed_catalogs: frozenset[str] | None, environment: str
) -> list[Violation]:
    """The writes outside ``allowed_catalogs``; ``None`` allows every catalog."""
    if allowed_catalogs is None:
        return []
    allowed = frozenset(catalog.lower() for catalog in allowed_catalogs)
    return [
        Violation(write, environment, allowed)
        for write in analysis.writes
        if write.catalog not in allowed
    ]
