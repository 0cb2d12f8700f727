"""Runs the benchmarks under benchmarks/, one after another, each in its own process.

    .venv/bin/python benchmarks/run.py            # every benchmark
    .venv/bin/python benchmarks/run.py parse guard_cost

`make bench BENCH="parse build"` passes the names through. Every benchmark reports ratios
against a baseline measured in the same run, never absolute pass/fail times.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
NOT_BENCHMARKS = {"common", "run"}


def available() -> list[str]:
    return sorted(p.stem for p in HERE.glob("*.py") if p.stem not in NOT_BENCHMARKS)


def main(names: list[str]) -> int:
    known = available()
    unknown = [name for name in names if name not in known]
    if unknown:
        print(f"Unknown benchmark {unknown[0]!r}; choose from: {', '.join(known)}.")
        return 2
    failed = []
    for name in names or known:
        print(f"\n==> benchmarks/{name}.py", flush=True)
        started = time.perf_counter()
        code = subprocess.call([sys.executable, str(HERE / f"{name}.py")], cwd=HERE)
        print(f"    ({time.perf_counter() - started:.0f} s)", flush=True)
        if code:
            failed.append(name)
    if failed:
        print(f"\nFailed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
