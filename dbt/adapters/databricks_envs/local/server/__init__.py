"""The protocol server of the local warehouse: the SQL warehouse Thrift API over HTTP.

``start_embedded(data_dir)`` runs one in this process; ``dbt-databricks-envs local serve``
runs one in the foreground.
"""

from .config import ConfigError, WarehouseConfig, load_config
from .datadir import DataDirBusy
from .embedded import ServerProcess, start_embedded
from .warehouse import LocalWarehouse, open_warehouse

__all__ = [
    "ConfigError",
    "DataDirBusy",
    "LocalWarehouse",
    "ServerProcess",
    "WarehouseConfig",
    "load_config",
    "open_warehouse",
    "start_embedded",
]
