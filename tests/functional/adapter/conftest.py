"""dbt-tests-adapter's suites, run on the local warehouse or on a real workspace.

``--profile`` picks where they run:

- ``local`` (default): ``type: databricks_envs`` on a local warehouse;
- ``local_databricks``: plain ``type: databricks`` on a local warehouse;
- ``databricks``: ``type: databricks_envs`` on the workspace named by ``DBT_DATABRICKS_HOST``,
  ``DBT_DATABRICKS_HTTP_PATH`` and ``DBT_DATABRICKS_TOKEN`` (catalog from
  ``DBT_DATABRICKS_CATALOG``, default ``main``); skipped when they are absent.

Each pytest worker starts one local warehouse (``dbt-databricks-envs local serve`` in a child
process, data in a temporary directory) and every test class gets its own schema in it.

A test class with ``adapter_type = "databricks"`` runs with plain ``type: databricks`` whatever
the profile: the default run covers both adapter types on a representative subset.

``pytest tests`` loads this conftest only once collection reaches it, after the command line
is parsed: the option is then read with its default.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from typing import Any

import pytest
import yaml
from dbt.tests.fixtures.project import *  # noqa: F403 - dbt-tests-adapter's fixtures
from dbt.tests.util import write_file
from dbt_common import behavior_flags

from dbt.adapters.databricks_envs.local.server import ServerProcess
from dbt.adapters.databricks_envs.local.server.profile import profile_target

LOCAL_CATALOG = "main"
# The suites assume dbt's default naming (`<target schema>_<custom schema>`, `+database` as
# given); in dev these settings reproduce it through the adapter's routing.
DEFAULT_NAMING = {
    "databricks_envs": {"dev": {"custom_schemas": "prefix", "custom_databases": "as_is"}}
}
# The catalogs the suites write to: the target's, and the second catalog of cross-database tests.
WRITE_CATALOGS = ["main", "dev"]
WORKSPACE_VARIABLES = ("DBT_DATABRICKS_HOST", "DBT_DATABRICKS_HTTP_PATH", "DBT_DATABRICKS_TOKEN")


def calling_module() -> str:
    """What dbt's ``BehaviorFlagRendered._default_source`` answers (the first module on the
    stack outside behavior_flags), without ``inspect.stack()``.

    dbt builds every behavior flag of the adapter on each invocation, and the suites invoke dbt
    in this process hundreds of times; ``inspect.stack()`` reads the source of every frame and
    scans all of ``sys.modules`` for frames of generated code, which under pytest made it most
    of the suites' time (measured: every sampled stack of a slow worker was in it).
    """
    frame = sys._getframe(1)
    while frame is not None:
        name = frame.f_globals.get("__name__")
        if name and name != behavior_flags.__name__:
            return str(name)
        frame = frame.f_back
    return "Unknown"


behavior_flags.BehaviorFlagRendered._default_source = staticmethod(calling_module)  # type: ignore[method-assign]


@pytest.fixture(scope="session")
def local_warehouse(
    profile_name: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ServerProcess | None]:
    if profile_name == "databricks":
        yield None
        return
    data_dir = tmp_path_factory.mktemp("conformance_warehouse")
    with ServerProcess(data_dir) as server:
        yield server
    # What the server logged (tracebacks of internal errors), for whoever debugs a failure.
    (data_dir / "server.log").write_text("".join(server.output))


@pytest.fixture(scope="class")
def adapter_type(request: pytest.FixtureRequest, profile_name: str) -> str:
    plain = profile_name == "local_databricks" or getattr(request.cls, "adapter_type", None)
    return "databricks" if plain else "databricks_envs"


@pytest.fixture(scope="class")
def dbt_profile_target(adapter_type: str, local_warehouse: ServerProcess | None) -> dict[str, Any]:
    if local_warehouse is None:
        return workspace_target(adapter_type)
    target = profile_target(
        adapter_type=adapter_type,
        base_url=local_warehouse.base_url,
        warehouse_id=local_warehouse.warehouse_id,
        token=local_warehouse.token,
        catalog=LOCAL_CATALOG,
        schema="default",
    )
    if target["type"] == "databricks_envs":
        target["write_catalogs"] = WRITE_CATALOGS
    return target


def workspace_target(adapter_type: str) -> dict[str, Any]:
    missing = [name for name in WORKSPACE_VARIABLES if not os.environ.get(name)]
    if missing:
        pytest.skip(f"--profile databricks needs the environment variables {', '.join(missing)}")
    catalog = os.environ.get("DBT_DATABRICKS_CATALOG", "main")
    target = {
        "type": adapter_type,
        "host": os.environ["DBT_DATABRICKS_HOST"],
        "http_path": os.environ["DBT_DATABRICKS_HTTP_PATH"],
        "token": os.environ["DBT_DATABRICKS_TOKEN"],
        "catalog": catalog,
        "schema": "default",
        "threads": 4,
    }
    if adapter_type == "databricks_envs":
        target["write_catalogs"] = [catalog, *WRITE_CATALOGS]
    return target


@pytest.fixture(scope="class")
def dbt_project_yml(
    project_root: Any,
    project_config_update: dict[str, Any] | str,
    dbt_profile_target: dict[str, Any],
) -> dict[str, Any]:
    """dbt-tests-adapter's dbt_project.yml, plus the routing settings of dbt's default naming
    for ``type: databricks_envs`` (merged into any vars the test sets)."""
    project_config: dict[str, Any] = {
        "name": "test",
        "profile": "test",
        "flags": {"send_anonymous_usage_stats": False},
    }
    if isinstance(project_config_update, str):
        project_config_update = yaml.safe_load(project_config_update)
    project_config.update(project_config_update or {})
    if dbt_profile_target["type"] == "databricks_envs":
        project_config["vars"] = {**DEFAULT_NAMING, **project_config.get("vars", {})}
    write_file(yaml.safe_dump(project_config), project_root, "dbt_project.yml")
    return project_config
