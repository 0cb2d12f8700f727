"""The profiles.yml that points dbt at a local warehouse, with no environment variable.

The shape avoids two waits built into dbt-databricks and the Databricks SDK, which assume
``https://<host>``:

- ``host`` carries an explicit ``http://`` scheme. The SDK keeps it, so its host-metadata
  call (``/.well-known/databricks-config``, retried for 300 s on a connection error)
  reaches this server over plain HTTP and gets an answer at once.
- ``_connection_uri`` gives the connector the full Thrift URL, scheme included; without it
  the connector would build ``https://<host>:443/<http_path>``.
- ``enable_telemetry: false`` stops the connector's feature-flag and telemetry calls.
- ``_retry_stop_after_attempts_count: 1``: a local warehouse has no transient failures, so
  when it is gone a statement fails in seconds instead of being retried for 15 minutes.

dbt-databricks' SPOG probe still builds ``https://http://...`` from such a host; it fails at
once (no such host name) and dbt carries on as for a classic workspace, after about
1.5 s of the probe's back-off.
"""

from __future__ import annotations

from typing import Any

import yaml

ADAPTER_TYPES = ("databricks", "databricks_envs")


def profile_target(
    *,
    adapter_type: str,
    base_url: str,
    warehouse_id: str,
    token: str | None,
    catalog: str,
    schema: str,
    threads: int = 4,
    client_id: str | None = None,
    client_secret: str | None = None,
) -> dict[str, Any]:
    """One ``outputs:`` entry of profiles.yml: with a personal access token, or, given
    ``client_id`` and ``client_secret``, OAuth machine-to-machine as a service principal."""
    if adapter_type not in ADAPTER_TYPES:
        raise ValueError(f"adapter_type must be one of {ADAPTER_TYPES}, not {adapter_type!r}")
    if (client_id is None) != (client_secret is None) or (client_id is None) == (token is None):
        raise ValueError("give a token, or a client_id with its client_secret")
    http_path = f"/sql/1.0/warehouses/{warehouse_id}"
    credentials: dict[str, Any] = {"token": token}
    if client_id is not None:
        credentials = {
            "auth_type": "oauth",
            "client_id": client_id,
            "client_secret": client_secret,
        }
    return {
        "type": adapter_type,
        "host": base_url,
        "http_path": http_path,
        **credentials,
        "catalog": catalog,
        "schema": schema,
        "threads": threads,
        "connection_parameters": {
            "_connection_uri": base_url + http_path,
            "enable_telemetry": False,
            "_retry_stop_after_attempts_count": 1,
        },
    }


def render_profile(
    *,
    profile_name: str,
    target_name: str = "local",
    **target: Any,
) -> str:
    """A complete profiles.yml holding one profile with one target."""
    document = {
        profile_name: {
            "target": target_name,
            "outputs": {target_name: profile_target(**target)},
        }
    }
    header = f"# dbt profile for the local Databricks SQL warehouse at {target['base_url']}\n"
    return header + yaml.safe_dump(document, sort_keys=False, default_flow_style=False)
