"""Builds a test-only stand-in for the `dbt-core-experimental-parser` distribution.

dbt-core 1.12 depends on it, but its build downloads a binary from outside the package
registries, which this project's machines cannot reach. dbt-core only runs it as a subprocess
for `--use-v2-parser`, which nothing here uses, so a distribution of that name with no code
satisfies the dependency. It is never shipped: only `make test-compat` installs it, into its own
virtual environment.

    python tests/compat/placeholder.py DIR   # writes the wheel into DIR, prints its path
"""

from __future__ import annotations

import base64
import hashlib
import sys
import zipfile
from pathlib import Path

NAME = "dbt-core-experimental-parser"
VERSION = "2.0.0+placeholder"


def _record_hash(data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=")
    return f"sha256={digest.decode()}"


def build(directory: Path) -> Path:
    stem = f"{NAME.replace('-', '_')}-{VERSION}"
    info = f"{stem}.dist-info"
    files = {
        f"{info}/METADATA": (
            f"Metadata-Version: 2.1\nName: {NAME}\nVersion: {VERSION}\n"
            "Summary: Test-only placeholder with no code (dbt-databricks-envs make test-compat)\n"
        ).encode(),
        f"{info}/WHEEL": (
            b"Wheel-Version: 1.0\nGenerator: dbt-databricks-envs\nRoot-Is-Purelib: true\n"
            b"Tag: py3-none-any\n"
        ),
    }
    record = "".join(f"{name},{_record_hash(data)},{len(data)}\n" for name, data in files.items())
    files[f"{info}/RECORD"] = (record + f"{info}/RECORD,,\n").encode()
    directory.mkdir(parents=True, exist_ok=True)
    wheel = directory / f"{stem}-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return wheel


if __name__ == "__main__":
    print(build(Path(sys.argv[1])))
