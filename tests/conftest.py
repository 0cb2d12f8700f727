"""Settings every test tier shares."""

from __future__ import annotations

import os

# dbt would otherwise try to send usage statistics over the network from every invocation.
os.environ["DBT_SEND_ANONYMOUS_USAGE_STATS"] = "false"
os.environ.setdefault("DBT_PARTIAL_PARSE", "false")
