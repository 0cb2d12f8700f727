"""The profile fields ``type: databricks_envs`` adds to dbt-databricks' own, validated."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from dbt.adapters.databricks.credentials import DatabricksCredentials
from dbt_common.exceptions import DbtValidationError

from dbt.adapters.databricks_envs.environment import ENVIRONMENTS, ROUTING_VARIABLES
from dbt.adapters.databricks_envs.local_mode import LOCAL_HOST, PLACEHOLDER_HTTP_PATH

WRITE_GUARD_MODES = ("enforce", "warn", "off")


@dataclass
class DatabricksEnvsCredentials(DatabricksCredentials):
    # Which kind of run this is: dev, ci, staging or prod. Wins over vars and target names.
    environment: str | None = None
    # Catalogs this target may write to. Default: in dev and ci only the target's catalog;
    # in staging and prod any catalog.
    write_catalogs: list[str] | None = None
    # What the write guard does with a write outside write_catalogs: enforce, warn or off.
    write_guard: str = "enforce"
    # Whether this target may change the metastore above the catalogs: shares, recipients,
    # providers, connections, credentials, external locations, metastore grants, groups, and
    # creating or dropping catalogs. Default: no in dev and ci, yes in staging and prod.
    write_metastore: bool | None = None
    # With `host: local`: where the embedded local warehouse keeps its data (default
    # .databricks_local beside the project) and its optional configuration file.
    local_data_dir: str | None = None
    local_config: str | None = None

    def __post_init__(self) -> None:
        if self.environment is not None and self.environment not in ENVIRONMENTS:
            raise DbtValidationError(
                f"Invalid profile field `environment: {self.environment}`: "
                f"use one of {', '.join(ENVIRONMENTS)}, or remove the field to resolve the "
                "environment from vars and the target name."
            )
        if self.write_guard not in WRITE_GUARD_MODES:
            raise DbtValidationError(
                f"Invalid profile field `write_guard: {self.write_guard}`: "
                f"use one of {', '.join(WRITE_GUARD_MODES)}."
            )
        if self.write_catalogs is not None:
            if isinstance(self.write_catalogs, str) or not all(
                isinstance(c, str) and c.strip() for c in self.write_catalogs
            ):
                raise DbtValidationError(
                    f"Invalid profile field `write_catalogs: {self.write_catalogs}`: "
                    "use a list of catalog names, like [dev, sandbox]."
                )
            self.write_catalogs = [c.strip().strip("`").lower() for c in self.write_catalogs]
        if self.host == LOCAL_HOST:
            # The embedded warehouse fills in the real address, path and token when it starts.
            self.http_path = self.http_path or PLACEHOLDER_HTTP_PATH
        super().__post_init__()

    def validate_creds(self) -> None:
        if self.host == LOCAL_HOST:
            return
        super().validate_creds()

    @property
    def type(self) -> str:
        return "databricks_envs"

    def _connection_keys(self, *, with_aliases: bool = False) -> tuple[str, ...]:
        keys = super()._connection_keys(with_aliases=with_aliases)
        # Exposed as target.environment to the macros, and shown by dbt debug.
        extra = (
            ("environment", "write_guard")
            + (("write_catalogs",) if self.write_catalogs else ())
            + (("write_metastore",) if self.write_metastore is not None else ())
        )
        return keys + extra

    def connection_info(self, *, with_aliases: bool = False) -> Iterable[tuple[str, Any]]:
        yield from super().connection_info(with_aliases=with_aliases)
        # dbt reuses a saved manifest (partial parsing) while these pairs are unchanged, and
        # does not notice env vars read by generate_schema_name: without this, a new pull
        # request number would keep the previous one's schema.
        used = [f"{name}={os.environ[name]}" for name in ROUTING_VARIABLES if os.environ.get(name)]
        yield "routing_env", " ".join(used)
