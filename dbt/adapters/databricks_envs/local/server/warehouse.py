"""A running local warehouse: its engine, its sessions and its HTTP listener, as one handle."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from databricks.sql.thrift_api.TCLIService import TCLIService

from ..api import Engine
from .auth import Authenticator, Token, TokenAuthenticator
from .config import ADMIN, WarehouseConfig, load_config
from .datadir import DataDirLock, admin_token
from .http import Services, WarehouseHTTPServer
from .operations import Registry
from .rest import workspace_api
from .thrift_handler import ThriftHandler

EngineFactory = Callable[[Path, WarehouseConfig], Engine]
# The catalog printed profiles use when the configuration declares none; the engine always
# has it.
DEFAULT_CATALOG = "main"


def duckdb_engine(data_dir: Path, config: WarehouseConfig) -> Engine:
    """The DuckDB engine, imported only when a warehouse starts.

    Without declared catalogs the engine creates its default ones. The first declared
    principal owns the catalogs it creates.
    """
    from ..engine import DuckDBEngine

    owner = next(iter(config.principals))
    if config.catalogs:
        return DuckDBEngine(data_dir, initial_catalogs=list(config.catalogs), owner=owner)
    return DuckDBEngine(data_dir, owner=owner)


class LocalWarehouse:
    """A local SQL warehouse listening on ``host:port`` (port 0 picks a free one)."""

    def __init__(
        self,
        engine: Callable[[], Engine],
        config: WarehouseConfig,
        authenticator: Authenticator,
        token: str,
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        """Binds the port, then opens the engine ``engine()`` returns."""
        self._http = WarehouseHTTPServer((host, port))
        try:
            self.engine = engine()
        except BaseException:
            self._http.server_close()
            raise
        self.config = config
        # The token printed profiles carry; it is the only secret the handle holds.
        self.token = token
        self._registry = Registry()
        self.handler = ThriftHandler(self.engine, self._registry)
        processor = TCLIService.Processor(self.handler)
        self._http.services = Services(processor, authenticator, workspace_api(config), config)
        self.host = host
        self.port: int = self._http.server_address[1]
        self._thread: threading.Thread | None = None
        self._lock: DataDirLock | None = None
        self._stopped = False

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def warehouse_id(self) -> str:
        return self.config.warehouse_id

    @property
    def http_path(self) -> str:
        return f"/sql/1.0/warehouses/{self.warehouse_id}"

    @property
    def connection_uri(self) -> str:
        """The Thrift URL, for the connector's ``_connection_uri``."""
        return self.base_url + self.http_path

    def start(self) -> LocalWarehouse:
        """Serves requests from a background thread."""
        self._thread = threading.Thread(
            target=self._http.serve_forever,
            kwargs={"poll_interval": 0.1},
            name=f"local-warehouse-{self.port}",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stops listening, closes every session, then the engine, so data is on disk."""
        if self._stopped:
            return
        self._stopped = True
        if self._thread is not None:
            self._http.shutdown()
            self._thread.join()
        self._http.server_close()
        self._http.close_connections()
        try:
            self._registry.close()
        finally:
            try:
                self.engine.close()
            finally:
                if self._lock is not None:
                    self._lock.release()

    def __enter__(self) -> LocalWarehouse:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def open_warehouse(
    data_dir: str | Path,
    config_path: str | Path | None = None,
    port: int = 0,
    engine_factory: EngineFactory = duckdb_engine,
    host: str = "127.0.0.1",
) -> LocalWarehouse:
    """A warehouse on ``data_dir``, holding its lock, not yet serving.

    Raises DataDirBusy if another warehouse holds the directory, ConfigError for a bad
    configuration file, OSError if the port is taken.
    """
    config = load_config(config_path)
    data_path = Path(data_dir)
    lock = DataDirLock(data_path)
    lock.acquire()
    try:
        if config.tokens is None:
            token = admin_token(data_path)
            tokens = {token: Token(ADMIN)}
        else:
            tokens = config.tokens
            token = next(iter(tokens), "")
        warehouse = LocalWarehouse(
            lambda: engine_factory(data_path, config),
            config,
            TokenAuthenticator(tokens),
            token,
            host,
            port,
        )
    except BaseException:
        lock.release()
        raise
    warehouse._lock = lock
    return warehouse
