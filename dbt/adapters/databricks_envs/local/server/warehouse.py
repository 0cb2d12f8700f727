"""A running local warehouse: its engine, its sessions and its HTTP listener, as one handle."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from databricks.sql.thrift_api.TCLIService import TCLIService

from ..api import Engine, Principal
from ..audit import AuditLog, Record, select
from ..security.directory import Directory
from . import rest_identity, rest_oauth, rest_warehouse_acl
from .audit import StatementRecorder
from .auth import DirectoryAuthenticator, Token
from .compute import Compute
from .config import ADMIN, ConfigError, WarehouseConfig, load_config
from .datadir import DataDirLock, admin_token
from .http import WORKSPACE_ID, Services, WarehouseHTTPServer
from .oauth import OAuthServer
from .operations import Registry
from .rest import workspace_api
from .thrift_handler import ThriftHandler
from .warehouse_acl import WarehouseAcl

if TYPE_CHECKING:
    from ..engine import DuckDBEngine
    from ..security import UnityCatalog

# (data directory, configuration, the workspace's identities) -> the engine.
EngineFactory = Callable[[Path, WarehouseConfig, Directory], Engine]
# The catalog printed profiles use when the configuration declares none; the engine always
# has it.
DEFAULT_CATALOG = "main"
# Where the grants are kept, next to the catalogs' files.
GRANTS_FILE = "grants.json"


def duckdb_engine(data_dir: Path, config: WarehouseConfig, directory: Directory) -> Engine:
    """The DuckDB engine under Unity Catalog security, imported only when a warehouse starts.

    Without declared catalogs the engine creates its default ones, owned by the metastore
    admin; then the declared owners and grants are applied, as the metastore admin would.
    """
    from ..engine import DuckDBEngine
    from ..security import GrantStore, UnityCatalog

    owner = config.metastore_admin
    if config.catalogs:
        engine = DuckDBEngine(data_dir, initial_catalogs=list(config.catalogs), owner=owner)
    else:
        engine = DuckDBEngine(data_dir, owner=owner)
    try:
        unity = UnityCatalog(engine.mirror, directory, GrantStore(data_dir / GRANTS_FILE))
        engine.secure(unity)
        _apply(engine, unity, config)
    except BaseException:
        engine.close()
        raise
    return engine


def _apply(engine: DuckDBEngine, unity: UnityCatalog, config: WarehouseConfig) -> None:
    """The declared catalog owners and grants, applied by the metastore admin. A schema a
    grant names is created if missing, so a scenario needs no set-up statement for it."""
    owner = config.metastore_admin
    admin = Principal(owner, frozenset({owner}))
    session = engine.open_session(admin)
    try:
        for catalog, catalog_owner in config.catalog_owners.items():
            state = engine.mirror.catalog(catalog.lower())
            if state is not None and state.info.owner != catalog_owner:
                session.execute(f"ALTER CATALOG `{catalog}` OWNER TO `{catalog_owner}`")
        for index, grant in enumerate(config.grants):
            kind, name = grant.securable
            parts = name.split(".")
            if engine.mirror.catalog(parts[0]) is None:
                raise ConfigError(
                    f"`grants[{index}]`: the catalog {parts[0]!r} does not exist; declare it "
                    "under `catalogs`."
                )
            if kind == "schema":
                session.execute(f"CREATE SCHEMA IF NOT EXISTS `{parts[0]}`.`{parts[1]}`")
            elif kind == "table" and unity.policy.find("table", name) is None:
                raise ConfigError(
                    f"`grants[{index}]`: the table {name} does not exist yet; grant on its "
                    "schema instead, or create the table and then GRANT in SQL."
                )
            unity.change(admin, kind, name, grant.principal, grant.privileges, revoke=False)
    finally:
        session.close()


class LocalWarehouse:
    """A local SQL warehouse listening on ``host:port`` (port 0 picks a free one)."""

    def __init__(
        self,
        engine: Callable[[], Engine],
        config: WarehouseConfig,
        directory: Directory,
        token: str,
        host: str = "127.0.0.1",
        port: int = 0,
        audit_log: AuditLog | None = None,
    ) -> None:
        """Binds the port, then opens the engine ``engine()`` returns. Every statement is
        recorded in ``audit_log``, which the engine serves as ``system.query.history``."""
        self._http = WarehouseHTTPServer((host, port))
        try:
            self.engine = engine()
        except BaseException:
            self._http.server_close()
            raise
        self.config = config
        self.directory = directory
        # The warehouses' states; tests may set them (see compute.py).
        self.compute = Compute(config.warehouses)
        # Who may use, see and manage each warehouse (see warehouse_acl.py).
        self.acl = WarehouseAcl(directory, config.warehouses)
        # The token printed profiles carry; it is the only secret the handle holds.
        self.token = token
        self.audit_log = audit_log
        serve_history = getattr(self.engine, "serve_history", None)
        if audit_log is not None and serve_history is not None:
            serve_history(audit_log)
        self._registry = Registry(on_end=StatementRecorder(audit_log) if audit_log else None)
        self.handler = ThriftHandler(self.engine, self._registry)
        processor = TCLIService.Processor(self.handler)
        api = workspace_api(directory, self.compute, self.acl)
        rest_identity.add_routes(api, directory)
        rest_oauth.add_routes(api, directory)
        rest_warehouse_acl.add_routes(api, directory, self.compute, self.acl)
        unity = getattr(self.engine, "access", None)
        if unity is not None:
            from ..security.unity import UnityCatalog
            from . import rest_catalog

            if isinstance(unity, UnityCatalog):
                rest_catalog.add_routes(api, unity)
        oauth = OAuthServer(directory, config.oauth_token_lifetime_seconds, WORKSPACE_ID)
        self._http.services = Services(
            processor, DirectoryAuthenticator(directory), api, self.compute, oauth, self.acl
        )
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

    def audit(self, executed_by: str | None = None, session_id: str | None = None) -> list[Record]:
        """What the warehouse executed, oldest first: one record per statement and catalog
        call, with the columns of ``system.query.history`` (see ``local/audit/record.py``),
        optionally only those of one principal (a user's email, a service principal's
        application id) or one session (``connection.get_session_id_hex()``)."""
        if self.audit_log is None:
            return []
        records = select(self.audit_log.records(), executed_by, session_id)
        return [{**r, "compute": dict(r["compute"])} for r in records]

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
        # Each step runs even if one before it failed; the last registered runs first.
        with contextlib.ExitStack() as closing:
            if self._lock is not None:
                closing.callback(self._lock.release)
            closing.callback(self.engine.close)
            if self.audit_log is not None:
                closing.callback(self.audit_log.close)
            # Statements still open end now, cancelled: recorded before the log closes.
            self._registry.close()

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
    directory = config.directory()
    lock = DataDirLock(data_path)
    lock.acquire()
    audit_log: AuditLog | None = None
    try:
        audit_log = AuditLog(data_path)
        if config.tokens is None:
            token = admin_token(data_path)
            directory.add_token(token, Token(ADMIN, created_at=directory.clock()))
        else:
            token = next(iter(config.tokens), "")
        warehouse = LocalWarehouse(
            lambda: engine_factory(data_path, config, directory),
            config,
            directory,
            token,
            host,
            port,
            audit_log,
        )
    except BaseException:
        if audit_log is not None:
            audit_log.close()
        lock.release()
        raise
    warehouse._lock = lock
    return warehouse
