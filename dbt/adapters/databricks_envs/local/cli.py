"""``dbt-databricks-envs local serve | profile``: the local warehouse from a shell."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from types import FrameType

from .server.config import ConfigError, load_config
from .server.datadir import DataDirBusy, admin_token
from .server.embedded import READY_LINE
from .server.profile import ADAPTER_TYPES, render_profile
from .server.warehouse import DEFAULT_CATALOG, open_warehouse

DEFAULT_SCHEMA = "default"


def _parser(prog: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=prog, description="A local Databricks SQL warehouse for dbt, backed by DuckDB."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    serve = commands.add_parser(
        "serve",
        help="run the warehouse in the foreground on 127.0.0.1",
        description="Runs the warehouse on 127.0.0.1 until SIGINT (Ctrl+C) or SIGTERM, then "
        "closes it so every write is on disk.",
    )
    serve.add_argument("--data-dir", required=True, type=Path, help="where the data is kept")
    serve.add_argument(
        "--port", type=int, default=0, help="port to listen on (default: a free one)"
    )
    serve.add_argument(
        "--config",
        type=Path,
        help="YAML file: users, service principals, groups, tokens, warehouses, catalogs, grants",
    )

    profile = commands.add_parser(
        "profile",
        help="print a profiles.yml for a warehouse started with `serve`",
        description="Prints a complete profiles.yml that dbt can use as is.",
    )
    profile.add_argument(
        "--data-dir", required=True, type=Path, help="the warehouse's data directory"
    )
    profile.add_argument(
        "--port", required=True, type=int, help="the port the warehouse listens on"
    )
    profile.add_argument(
        "--type", choices=ADAPTER_TYPES, default="databricks_envs", dest="adapter_type"
    )
    profile.add_argument("--profile-name", required=True, help="the `profile:` of dbt_project.yml")
    profile.add_argument("--target", default="local", help="target name (default: local)")
    profile.add_argument("--catalog", default=DEFAULT_CATALOG, help=f"default: {DEFAULT_CATALOG}")
    profile.add_argument("--schema", default=DEFAULT_SCHEMA, help=f"default: {DEFAULT_SCHEMA}")
    profile.add_argument("--threads", type=int, default=4)
    profile.add_argument(
        "--token", help="token to connect with (default: the data directory's admin token)"
    )
    profile.add_argument(
        "--client-id", help="OAuth M2M instead of a token: a service principal's application id"
    )
    profile.add_argument("--client-secret", help="with --client-id: one of its OAuth secrets")
    profile.add_argument("--config", type=Path, help="the warehouse's configuration file, if any")
    return parser


def main(argv: Sequence[str] | None = None, prog: str = "dbt-databricks-envs local") -> int:
    options = _parser(prog).parse_args(argv)
    try:
        if options.command == "serve":
            return _serve(options)
        return _profile(options)
    except (ConfigError, DataDirBusy) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


def _profile(options: argparse.Namespace) -> int:
    config = load_config(options.config)
    token = options.token
    oauth = options.client_id is not None or options.client_secret is not None
    if oauth and (options.client_id is None or options.client_secret is None or token):
        print(
            "error: give --client-id with --client-secret (OAuth M2M), without --token.",
            file=sys.stderr,
        )
        return 1
    if token is None and not oauth:
        if config.tokens is not None:
            print(
                "error: the configuration declares its own tokens; choose one with --token.",
                file=sys.stderr,
            )
            return 1
        token = admin_token(options.data_dir)
    print(
        render_profile(
            profile_name=options.profile_name,
            target_name=options.target,
            adapter_type=options.adapter_type,
            base_url=f"http://127.0.0.1:{options.port}",
            warehouse_id=config.warehouse_id,
            token=token,
            catalog=options.catalog,
            schema=options.schema,
            threads=options.threads,
            client_id=options.client_id,
            client_secret=options.client_secret,
        ),
        end="",
    )
    return 0


def _serve(options: argparse.Namespace) -> int:
    try:
        warehouse = open_warehouse(options.data_dir, options.config, port=options.port)
    except OSError as exc:
        print(f"error: cannot start on 127.0.0.1:{options.port}: {exc}", file=sys.stderr)
        return 1
    stop = threading.Event()

    def request_stop(signum: int, frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)
    warehouse.start()
    catalog = (warehouse.config.catalogs or (DEFAULT_CATALOG,))[0]
    profile = render_profile(
        profile_name="local",
        adapter_type="databricks_envs",
        base_url=warehouse.base_url,
        warehouse_id=warehouse.warehouse_id,
        token=warehouse.token,
        catalog=catalog,
        schema=DEFAULT_SCHEMA,
    )
    print(
        f"Local Databricks SQL warehouse serving {options.data_dir}\n"
        f"  address:   {warehouse.base_url}\n"
        f"  http_path: {warehouse.http_path}\n"
        "\nA profiles.yml for it (`dbt-databricks-envs local profile` prints others):\n\n"
        f"{profile}\n{READY_LINE}",
        flush=True,
    )
    # A timed wait, so signal handlers run promptly on every platform.
    while not stop.wait(0.5):
        pass
    warehouse.stop()
    print("Stopped; all data is on disk.", flush=True)
    return 0
