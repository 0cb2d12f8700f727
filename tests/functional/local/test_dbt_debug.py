"""`dbt debug` with a printed profile, for plain dbt-databricks and for this adapter."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from dbt.adapters.databricks_envs.local.cli import main
from dbt.adapters.databricks_envs.local.server import ServerProcess

DBT = str(Path(sys.executable).with_name("dbt"))


@pytest.mark.parametrize("adapter_type", ["databricks", "databricks_envs"])
def test_dbt_debug_passes_quickly(
    server: ServerProcess, project: Path, adapter_type: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        main(
            [
                "profile",
                "--data-dir",
                str(server.data_dir),
                "--port",
                str(server.port),
                "--type",
                adapter_type,
                "--profile-name",
                "local",
                "--catalog",
                "main",
                "--schema",
                "default",
            ]
        )
        == 0
    )
    (project / "profiles.yml").write_text(capsys.readouterr().out)
    started = time.monotonic()
    debug = subprocess.run(
        [DBT, "debug", "--project-dir", str(project), "--profiles-dir", str(project)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    elapsed = time.monotonic() - started
    assert debug.returncode == 0, debug.stdout + debug.stderr
    assert "All checks passed!" in debug.stdout
    assert f"adapter type: {adapter_type}" in debug.stdout
    assert elapsed < 10, f"dbt debug took {elapsed:.1f} s"
