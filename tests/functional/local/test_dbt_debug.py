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


def test_dbt_debug_says_in_one_line_whether_routing_is_active(
    server: ServerProcess, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(
        ["profile", "--data-dir", str(server.data_dir), "--port", str(server.port), "--type",
         "databricks_envs", "--profile-name", "local", "--catalog", "main", "--schema", "default"]
    )  # fmt: skip
    (project / "profiles.yml").write_text(capsys.readouterr().out)
    arguments = ["debug", "--project-dir", str(project), "--profiles-dir", str(project)]
    assert dbtRunner().invoke(arguments).success
    assert "routing: active (dbt-databricks-envs names every node)" in capsys.readouterr().out
    (project / "macros").mkdir()
    (project / "macros" / "naming.sql").write_text(
        "{% macro generate_schema_name(custom_schema_name, node) -%}"
        "{{ target.schema }}{%- endmacro %}\n"
    )
    assert dbtRunner().invoke(arguments).success
    second = capsys.readouterr().out
    assert "routing: NOT active — macros/naming.sql defines generate_schema_name" in second, second
