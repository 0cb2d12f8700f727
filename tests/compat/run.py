"""`make test-compat`: the compatibility matrix, one virtual environment per supported dbt-core
minor, each running the offline tests, the routing tests on both install paths, the preflight,
guard and round-trip end-to-end tests and the demo.

| column | what it installs |
| --- | --- |
| dbt-core 1.11 | the oldest set pyproject.toml allows: dbt-core 1.11.2, dbt-databricks 1.12.0 |
| dbt-core 1.12 | what `pip install` gives new users: dbt-core 1.12.5, dbt-databricks 1.12.7 |

(`make test` runs everything on the newest 1.11, pinned by constraints.txt.) Each column is pinned
by its constraints file here; `--latest` resolves the newest releases of that minor instead.

    python tests/compat/run.py [--column 1.12] [--latest] [--workers 2]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPOSITORY = HERE.parents[1]
ENVIRONMENTS = REPOSITORY / ".venv-compat"
SUITES = [
    "tests/unit",
    "tests/offline",
    "tests/functional/guard",
    "tests/functional/preflight",
    # Round trips: answers from the run's knowledge leave the warehouse as plain dbt-databricks
    # does, with each dbt-databricks' own macros and relation-config loading.
    "tests/functional/roundtrips",
    # dbt clone through the adapter: dbt-core looks the view materialization up by adapter type
    # (the adapter's materialization_view_databricks_envs), and the preflight clone check.
    "integration_tests/test_matrix.py::test_preflight_and_the_build_agree"
    "[clone_into_the_pull_request_schema-adapter]",
]
SHOWN = ("dbt-core", "dbt-databricks", "dbt-adapters", "databricks-sql-connector", "sqlglot")


@dataclass(frozen=True)
class Column:
    dbt_core: str  # the minor
    placeholder: bool  # needs the dbt-core-experimental-parser stand-in

    @property
    def constraints(self) -> Path:
        return HERE / f"constraints-dbt-core-{self.dbt_core}.txt"


MATRIX = (Column("1.11", placeholder=False), Column("1.12", placeholder=True))


def say(message: str) -> None:
    print(f"[test-compat {time.strftime('%H:%M:%S')}] {message}", flush=True)


def run(command: list[str], **kwargs: object) -> None:
    subprocess.run(command, check=True, cwd=REPOSITORY, **kwargs)


def install(column: Column, latest: bool) -> Path:
    """The column's virtual environment, made anew when its inputs changed."""
    venv = ENVIRONMENTS / f"dbt-core-{column.dbt_core}{'-latest' if latest else ''}"
    python = venv / "bin" / "python"
    inputs = [REPOSITORY / "pyproject.toml", HERE / "placeholder.py", column.constraints]
    digest = hashlib.sha256(b"".join(path.read_bytes() for path in inputs)).hexdigest()[:16]
    stamp = venv / f".installed-{digest}"
    if stamp.exists() and not latest:
        say(f"dbt-core {column.dbt_core}: environment {venv.name} is up to date")
        return python
    say(f"dbt-core {column.dbt_core}: installing into {venv.relative_to(REPOSITORY)}")
    shutil.rmtree(venv, ignore_errors=True)
    run([sys.executable, "-m", "venv", str(venv)])
    pip = [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    run([*pip, "--upgrade", "pip"])
    wheels = venv / "wheels"
    if column.placeholder:
        run([sys.executable, str(HERE / "placeholder.py"), str(wheels)], stdout=subprocess.DEVNULL)
    pinning = (
        [f"dbt-core>={column.dbt_core}.0,<{next_minor(column.dbt_core)}"]
        if latest
        else ["-c", str(column.constraints)]
    )
    finds = ["--find-links", str(wheels)] if column.placeholder else []
    run([*pip, *finds, *pinning, "-e", ".[local,test]"])
    stamp.touch()
    return python


def next_minor(minor: str) -> str:
    major, number = minor.split(".")
    return f"{major}.{int(number) + 1}"


def versions(python: Path) -> dict[str, str]:
    script = (
        f"from importlib.metadata import version\nfor name in {SHOWN!r}: print(name, version(name))"
    )
    output = subprocess.run(
        [str(python), "-c", script], check=True, capture_output=True, text=True
    ).stdout
    return dict(line.split(" ", 1) for line in output.splitlines())


def check(column: Column, python: Path, workers: int) -> None:
    found = versions(python)
    say(f"dbt-core {column.dbt_core}: " + ", ".join(f"{k} {v}" for k, v in found.items()))
    if not found["dbt-core"].startswith(f"{column.dbt_core}."):
        raise SystemExit(f"expected dbt-core {column.dbt_core}.x, found {found['dbt-core']}")
    env = {**os.environ, "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    say(f"dbt-core {column.dbt_core}: pytest {' '.join(SUITES)}")
    run([str(python), "-m", "pytest", "-q", "-n", str(workers), "-p", "no:cacheprovider", *SUITES],
        env=env)  # fmt: skip
    say(f"dbt-core {column.dbt_core}: examples/demo.py")
    run([str(python), "examples/demo.py"], env=env)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--column", action="append", choices=[c.dbt_core for c in MATRIX])
    parser.add_argument("--latest", action="store_true", help="newest releases, not the pins")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    chosen = [c for c in MATRIX if not args.column or c.dbt_core in args.column]
    outcomes: dict[str, str] = {}
    for column in chosen:
        started = time.monotonic()
        try:
            check(column, install(column, args.latest), args.workers)
            outcome = "passed"
        except (subprocess.CalledProcessError, SystemExit) as error:
            outcome = f"FAILED ({error})"
        outcomes[column.dbt_core] = f"{outcome} in {time.monotonic() - started:.0f} s"
        say(f"dbt-core {column.dbt_core}: {outcomes[column.dbt_core]}")
    print("\ncompatibility matrix:")
    for minor, outcome in outcomes.items():
        print(f"  dbt-core {minor}: {outcome}")
    return 0 if all(o.startswith("passed") for o in outcomes.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
