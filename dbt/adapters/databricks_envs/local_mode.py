"""``host: local``: the local warehouse, started inside the dbt process on first connection.

Also lets profiles that point at a local warehouse over plain ``http://`` (``host:
http://127.0.0.1:<port>``, as ``dbt-databricks-envs local profile`` prints them) skip
dbt-databricks' SPOG discovery probe, which only speaks https and would otherwise spend
its retry back-off on every run.
"""

from __future__ import annotations

import copy
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from dbt.adapters.databricks.credentials import DatabricksCredentialManager
from dbt_common.exceptions import DbtRuntimeError

if TYPE_CHECKING:
    from dbt.adapters.databricks_envs.credentials import DatabricksEnvsCredentials
    from dbt.adapters.databricks_envs.local.server import LocalWarehouse

LOCAL_HOST = "local"
DEFAULT_DATA_DIR = ".databricks_local"
# The http_path of a `host: local` profile until its warehouse has started.
PLACEHOLDER_HTTP_PATH = "/sql/1.0/warehouses/local"
LOOPBACK = ("127.0.0.1", "localhost", "::1")

_started: dict[Path, LocalWarehouse] = {}
_lock = threading.Lock()


def resolve_paths(credentials: DatabricksEnvsCredentials, project_root: str | None) -> None:
    """Anchors ``local_data_dir`` (default ``.databricks_local``) and ``local_config`` at the
    project, so a ``host: local`` run finds the same data whatever directory it starts in."""
    root = Path(project_root or ".")
    data = Path(credentials.local_data_dir or DEFAULT_DATA_DIR).expanduser()
    credentials.local_data_dir = str(data if data.is_absolute() else root / data)
    if credentials.local_config:
        config = Path(credentials.local_config).expanduser()
        credentials.local_config = str(config if config.is_absolute() else root / config)


def start(credentials: DatabricksEnvsCredentials) -> None:
    """Starts (once per data directory) the embedded warehouse and points the credentials at it."""
    if credentials.host != LOCAL_HOST:
        return
    try:
        from dbt.adapters.databricks_envs.local.server import start_embedded
    except ImportError as error:
        raise DbtRuntimeError(
            "`host: local` needs the local warehouse: pip install 'dbt-databricks-envs[local]'"
            f" ({error})"
        ) from None
    directory = Path(credentials.local_data_dir or DEFAULT_DATA_DIR).resolve()
    with _lock:
        warehouse = _started.get(directory)
        if warehouse is None:
            try:
                warehouse = start_embedded(directory, credentials.local_config)
            except Exception as error:
                raise DbtRuntimeError(
                    f"Could not start the local warehouse on {directory} "
                    f"(profile fields `local_data_dir` / `local_config`): {error}"
                ) from None
            _started[directory] = warehouse
        point_at(credentials, warehouse)


def point_at(credentials: DatabricksEnvsCredentials, warehouse: LocalWarehouse) -> None:
    parameters: dict[str, Any] = dict(credentials.connection_parameters or {})
    parameters.update(
        _connection_uri=warehouse.connection_uri,
        enable_telemetry=False,
        _retry_stop_after_attempts_count=1,
    )
    credentials.connection_parameters = parameters
    credentials.host = warehouse.base_url
    credentials.http_path = warehouse.http_path
    credentials.token = credentials.token or warehouse.token
    credentials._credentials_manager = DatabricksCredentialManager.create_from(credentials)


def for_http_path(credentials: DatabricksEnvsCredentials, http_path: str) -> Any:
    """The credentials a connection to ``http_path`` uses on a local warehouse.

    Profiles for a local warehouse carry the full Thrift URL in ``_connection_uri``, which the
    connector uses instead of building one from ``http_path``: a model on another compute
    (``databricks_compute``) would reach the profile's warehouse. This copy points that URL at
    the compute's own path. Anything else is returned unchanged.
    """
    parameters = credentials.connection_parameters or {}
    uri = parameters.get("_connection_uri")
    same = http_path == credentials.http_path
    if same or not is_local_http(credentials.host) or not uri or not http_path:
        return credentials
    parts = urlsplit(str(uri))
    path, _, query = http_path.partition("?")
    wanted = parts._replace(path="/" + path.lstrip("/"), query=query).geturl()
    if wanted == uri:
        return credentials
    routed = copy.copy(credentials)
    routed.connection_parameters = {**parameters, "_connection_uri": wanted}
    return routed


def is_local_http(host: str | None) -> bool:
    url = urlsplit(host or "")
    return url.scheme == "http" and url.hostname in LOOPBACK


def install_probe_shortcut(host: str | None) -> None:
    """Answers dbt-databricks' SPOG probe for a local warehouse without a request.

    The probe (``spog.probe.probe_host``, dbt-databricks 1.12.1 and later) builds
    ``https://<host>/.well-known/databricks-config`` and retries three times with back-off before
    giving up harmlessly; a local warehouse answers plain http only. dbt-databricks offers no
    setting to skip it, so the module function is wrapped, only once a local host is in use, and
    only where it has the shape this was tested on: otherwise the probe runs and merely costs
    its back-off.
    """
    if host != LOCAL_HOST and not is_local_http(host):
        return
    try:
        from dbt.adapters.databricks.spog import probe
    except ImportError:
        return
    original = getattr(probe, "probe_host", None)
    metadata = getattr(probe, "HostMetadata", None)
    if not callable(original) or metadata is None or getattr(original, "local_shortcut", False):
        return

    def probe_host(probed: str) -> Any:
        if probed == LOCAL_HOST or is_local_http(probed):
            return metadata(host_type="workspace")
        return original(probed)

    probe_host.local_shortcut = True  # type: ignore[attr-defined]
    probe.probe_host = probe_host  # type: ignore[assignment]
