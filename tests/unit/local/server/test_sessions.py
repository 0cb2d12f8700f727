"""Sessions belong to whoever opened them, checked on every call."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from databricks.sql.thrift_api.TCLIService import TCLIService, ttypes
from thrift.protocol.TBinaryProtocol import TBinaryProtocol
from thrift.transport.THttpClient import THttpClient

from dbt.adapters.databricks_envs.local.server import LocalWarehouse, open_warehouse

CONFIG = """
principals: [{name: alice@example.com}, {name: bob@example.com}]
tokens:
  - {token: dapi-alice, principal: alice@example.com}
  - {token: dapi-bob, principal: bob@example.com}
"""


@pytest.fixture
def shared(tmp_path: Path, engine_factory: Callable[..., Any]) -> Iterator[LocalWarehouse]:
    config = tmp_path / "warehouse.yml"
    config.write_text(CONFIG)
    with open_warehouse(tmp_path, config, engine_factory=engine_factory).start() as running:
        yield running


def client(warehouse: LocalWarehouse, token: str) -> Any:
    transport = THttpClient(warehouse.connection_uri)
    transport.setCustomHeaders({"Authorization": f"Bearer {token}"})
    return TCLIService.Client(TBinaryProtocol(transport))


def test_a_session_answers_only_its_owner(shared: LocalWarehouse) -> None:
    alice, bob = client(shared, "dapi-alice"), client(shared, "dapi-bob")
    session = alice.OpenSession(
        ttypes.TOpenSessionReq(
            client_protocol_i64=ttypes.TProtocolVersion.SPARK_CLI_SERVICE_PROTOCOL_V7
        )
    ).sessionHandle
    request = ttypes.TExecuteStatementReq(
        sessionHandle=session, statement="SELECT 1", runAsync=True
    )
    stolen = bob.ExecuteStatement(request)
    assert stolen.status.statusCode == ttypes.TStatusCode.INVALID_HANDLE_STATUS
    assert "belongs to another user" in stolen.status.errorMessage
    executed = alice.ExecuteStatement(request)
    assert executed.status.statusCode == ttypes.TStatusCode.SUCCESS_STATUS
    handle = executed.operationHandle
    peek = bob.FetchResults(ttypes.TFetchResultsReq(operationHandle=handle, maxRows=10))
    assert peek.status.statusCode == ttypes.TStatusCode.INVALID_HANDLE_STATUS
    closed = bob.CloseSession(ttypes.TCloseSessionReq(sessionHandle=session))
    assert closed.status.statusCode == ttypes.TStatusCode.INVALID_HANDLE_STATUS
    assert alice.CloseSession(ttypes.TCloseSessionReq(sessionHandle=session)).status.statusCode == 0


def test_forged_and_closed_handles_are_invalid(shared: LocalWarehouse) -> None:
    alice = client(shared, "dapi-alice")
    opened = alice.OpenSession(ttypes.TOpenSessionReq(client_protocol_i64=7))
    assert opened.serverProtocolVersion == 7
    session = opened.sessionHandle
    forged = ttypes.TSessionHandle(
        sessionId=ttypes.THandleIdentifier(guid=session.sessionId.guid, secret=b"x" * 16)
    )
    request = ttypes.TExecuteStatementReq(sessionHandle=forged, statement="SELECT 1")
    assert alice.ExecuteStatement(request).status.statusCode == 4
    alice.CloseSession(ttypes.TCloseSessionReq(sessionHandle=session))
    request.sessionHandle = session
    answer = alice.ExecuteStatement(request)
    assert answer.status.statusCode == ttypes.TStatusCode.INVALID_HANDLE_STATUS
    assert "does not exist or was closed" in answer.status.errorMessage
