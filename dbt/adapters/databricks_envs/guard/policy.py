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
    "sync": "sync",
    "generate": "generate manifests for",
    "load": "load data into",
    "python": "build the Python model",
}
METASTORE_SETTING = "write_metastore"


@dataclass(frozen=True)
class Violation:
    """A write the environment may not make: into a catalog outside ``allowed_catalogs``, or
    above the catalogs (``write.metastore``) where the profile does not allow that."""

    write: Write
    environment: str
    allowed_catalogs: frozenset[str]
    # True when refused for changing the metastore rather than for its catalog.
    above_catalogs: bool = False

    @property
    def reason(self) -> str:
        """What is wrong, in one clause (for a warning, or to build another message)."""
        phrase = _PHRASES.get(self.write.action, self.write.action)
        if self.above_catalogs:
            return (
                f"{phrase} {self.write.target} — it changes the metastore above the catalogs, "
                f"which environment '{self.environment}' may not ({METASTORE_SETTING}: false)"
            )
        allowed = ", ".join(sorted(self.allowed_catalogs))
        return (
            f"{phrase} {self.write.target} — catalog '{self.write.catalog}' is not writable in "
            f"environment '{self.environment}' (write_catalogs: [{allowed}])"
        )

    @property
    def message(self) -> str:
        """The refusal, with the settings that would allow the write."""
        fix = (
            f"set {METASTORE_SETTING}: true in the profile"
            if self.above_catalogs
            else f"add '{self.write.catalog}' to write_catalogs in the profile"
        )
        return (
            f"dbt-databricks-envs write guard: refused to {self.reason}. Nothing was sent to "
            f"Databricks. To allow it, {fix}, or set write_guard: warn."
        )


def check(
    analysis: Analysis,
    allowed_catalogs: frozenset[str] | None,
    environment: str,
    *,
    metastore: bool = True,
) -> list[Violation]:
    """The writes outside ``allowed_catalogs`` (``None`` allows every catalog), and, unless
    ``metastore``, the writes above the catalogs."""
    allowed = (
        None
        if allowed_catalogs is None
        else frozenset(catalog.lower() for catalog in allowed_catalogs)
    )
    violations = []
    for write in analysis.writes:
        if write.metastore and not metastore:
            violations.append(Violation(write, environment, allowed or frozenset(), True))
        elif allowed is not None and write.catalog and write.catalog not in allowed:
            violations.append(Violation(write, environment, allowed))
    return violations
