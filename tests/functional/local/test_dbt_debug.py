"""`dbt debug` with a printed profile, for plain dbt-databricks and for this adapter."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from dbt.cli.main import dbtRunner

from dbt.adapters.databricks_envs.local.cli import main
from dbt.adapters.databricks_envs.local.server import ServerProcess


@pytest.mark.parametrize("adapter_type", ["databricks", "databricks_envs"])
def test_dbt_debug_passes_quickly(
    server: ServerProcess, project: Path, adapter_type: str, capsys: pytest.CaptureFixture[str]
) -> None:
    printed = main(
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
    assert printed == 0
    (project / "profiles.yml").write_text(capsys.readouterr().out)
    started = time.monotonic()
    # In this process, so the time measured is dbt's work, not its Python start-up, which
    # swings with the machine's load.
    result = dbtRunner().invoke(
        ["debug", "--project-dir", str(project), "--profiles-dir", str(project)]
    )
    elapsed = time.monotonic() - started
    output = capsys.readouterr().out
    assert result.success, output
    assert f"adapter type: {adapter_type}" in output
    assert elapsed < 10, f"dbt debug took {elapsed:.1f} s"
