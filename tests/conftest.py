"""Settings every test tier shares, and the ``--profile`` option (here, at the root, so that
``pytest tests --profile databricks`` works as well as ``pytest tests/functional/adapter ...``)."""

from __future__ import annotations

import os

import pytest

# dbt would otherwise try to send usage statistics over the network from every invocation.
os.environ["DBT_SEND_ANONYMOUS_USAGE_STATS"] = "false"
os.environ.setdefault("DBT_PARTIAL_PARSE", "false")

# Where dbt-tests-adapter's suites (tests/functional/adapter) run: a local warehouse through
# `type: databricks_envs`, the same through plain `type: databricks`, or a real workspace.
PROFILES = ("local", "local_databricks", "databricks")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--profile",
        default="local",
        choices=PROFILES,
        help="where dbt-tests-adapter's suites run (default: a local warehouse)",
    )


@pytest.fixture(scope="session")
def profile_name(request: pytest.FixtureRequest) -> str:
    return str(request.config.getoption("--profile", default="local"))
