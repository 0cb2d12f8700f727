"""A `type: databricks_envs` profile whose warehouse is not running fails in seconds, naming the
host, instead of the Databricks SDK's five minutes of retries on its host-metadata call."""

from __future__ import annotations

import socket
import time
from pathlib import Path

import pytest
import yaml
from dbt.cli.main import dbtRunner

from dbt.adapters.databricks_envs.local.server.profile import profile_target

# The SDK's retry lasts 300 s; the adapter's probe gives up after 8 s.
WELL_UNDER_THE_SDK_RETRY = 60


def closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.parametrize("command", [["debug"], ["run"]])
def test_a_stopped_local_warehouse_fails_fast_naming_the_host(
    project: Path, command: list[str]
) -> None:
    base_url = f"http://127.0.0.1:{closed_port()}"
    target = profile_target(
        adapter_type="databricks_envs",
        base_url=base_url,
        warehouse_id="10ca1da7aba5e000",
        token="dapi-not-a-real-token",
        catalog="dev",
        schema="dbt_gone",
    )
    (project / "models").mkdir()
    (project / "models" / "one.sql").write_text("select 1 as id\n")
    profiles = {"local": {"target": "local", "outputs": {"local": target}}}
    (project / "profiles.yml").write_text(yaml.safe_dump(profiles))
    messages: list[str] = []
    runner = dbtRunner(callbacks=[lambda event: messages.append(str(event.info.msg))])
    started = time.monotonic()
    result = runner.invoke(
        [*command, "--project-dir", str(project), "--profiles-dir", str(project)]
    )
    elapsed = time.monotonic() - started
    log = "\n".join(messages)
    assert not result.success
    assert f"Cannot reach the Databricks host {base_url}" in log or (
        result.exception is not None and base_url in str(result.exception)
    ), log[-3000:]
    assert elapsed < WELL_UNDER_THE_SDK_RETRY, f"took {elapsed:.0f} s"
