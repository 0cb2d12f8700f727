"""Helpers shared by the benchmarks: generated projects, timing, reporting."""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import yaml

VENV_BIN = Path(sys.executable).parent
DBT = str(VENV_BIN / "dbt")


def write_profile(
    project_dir: Path, profile: str, target: dict[str, object], name: str = "bench"
) -> None:
    profiles = {profile: {"target": name, "outputs": {name: target}}}
    (project_dir / "profiles.yml").write_text(yaml.safe_dump(profiles, sort_keys=False))


def run_dbt(args: Sequence[str], project_dir: Path, env: dict[str, str] | None = None) -> float:
    """Runs one dbt command in a subprocess; returns its wall time in seconds."""
    return run_dbt_timed(args, project_dir, env)[0]


def run_dbt_timed(
    args: Sequence[str], project_dir: Path, env: dict[str, str] | None = None
) -> tuple[float, float]:
    """Runs one dbt command in a subprocess; returns its wall time and the CPU time (user and
    system) the dbt process used, in seconds. CPU time is the steadier measure of dbt's own
    work on a busy machine; wall time includes waiting for the warehouse."""
    command = [DBT, *args, "--project-dir", str(project_dir), "--profiles-dir", str(project_dir)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    completed = subprocess.run(
        command,
        env={**os.environ, "DBT_SEND_ANONYMOUS_USAGE_STATS": "false", **(env or {})},
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if completed.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed:\n{completed.stdout[-4000:]}")
    return elapsed, cpu


def ratio_report(title: str, baseline: list[float], candidate: list[float], target: float) -> str:
    ratio = statistics.median(candidate) / statistics.median(baseline)
    verdict = "meets" if ratio <= target else "MISSES"
    return (
        f"{title}\n"
        f"  baseline  median {statistics.median(baseline):8.3f} s  runs {fmt(baseline)}\n"
        f"  candidate median {statistics.median(candidate):8.3f} s  runs {fmt(candidate)}\n"
        f"  ratio {ratio:.3f} ({verdict} the target of at most {target})"
    )


def fmt(values: list[float]) -> str:
    return " ".join(f"{v:.2f}" for v in values)
