"""The ``dbt-databricks-envs`` command line."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

PROG = "dbt-databricks-envs"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog=PROG, description="Tools for dbt on Databricks across dev, CI and production."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    # Each group parses the rest of the line itself, so its module (and the local
    # warehouse's dependencies) load only when that group runs.
    commands.add_parser("local", help="run the local Databricks SQL warehouse", add_help=False)
    options, rest = parser.parse_known_args(argv)
    from .local.cli import main as local_main

    return local_main(rest, prog=f"{PROG} {options.command}")


if __name__ == "__main__":
    sys.exit(main())
