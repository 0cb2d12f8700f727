"""The TCLIService calls of a Databricks SQL warehouse, as the connector makes them."""

from __future__ import annotations

import contextvars
import functools
import logging
import time
from collections.abc import Callable
from typing import Any, TypeVar

from databricks.sql.thrift_api.TCLIService import TCLIService, ttypes

from ..api import Engine, Principal, Session, WarehouseError
from ..audit import METADATA
from . import metadata
from .audit import catalog_call
from .operations import InvalidHandle, Operation, Registry, SessionEntry
from .params import bind

logger = logging.getLogger(__name__)

_V = ttypes.TProtocolVersion
_OT = ttypes.TOperationType
_OK = ttypes.TStatus(statusCode=ttypes.TStatusCode.SUCCESS_STATUS)
# V8 is the first version with native statement parameters, which params.py binds.
SERVER_PROTOCOL_VERSION = _V.SPARK_CLI_SERVICE_PROTOCOL_V8
# How long a call holds on to wait for a statement to finish. Short, because the connector
# sends CancelOperation on the same connection only after the pending call returns.
DIRECT_RESULTS_WAIT = 0.25
STATUS_POLL_WAIT = 0.25

# Who sent the request being handled: set by the HTTP layer once the token is checked.
current_principal: contextvars.ContextVar[Principal] = contextvars.ContextVar("principal")
# Which warehouse the request is for (its HTTP path's id): set by the HTTP layer.
current_warehouse: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "warehouse", default=None
)

_Resp = TypeVar("_Resp")


def _error_status(message: str, sqlstate: str | None = None, invalid: bool = False) -> Any:
    return ttypes.TStatus(
        statusCode=(
            ttypes.TStatusCode.INVALID_HANDLE_STATUS if invalid else ttypes.TStatusCode.ERROR_STATUS
        ),
        sqlState=sqlstate,
        errorCode=0,
        errorMessage=message,
        displayMessage=message,
    )


def _answers(response: type[Any]) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Turns a failed call into its response carrying an error status, as the server does."""

    def decorate(call: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(call)
        def wrapper(self: ThriftHandler, req: Any) -> Any:
            try:
                return call(self, req)
            except InvalidHandle as exc:
                return response(status=_error_status(str(exc), "HY000", invalid=True))
            except WarehouseError as exc:
                return response(status=_error_status(exc.message, exc.sqlstate))
            except Exception as exc:
                logger.exception("The local warehouse failed on %s", call.__name__)
                message = f"[INTERNAL_ERROR] The local warehouse failed: {exc!r} SQLSTATE: XX000"
                return response(status=_error_status(message, "XX000"))

        return wrapper

    return decorate


def _unsupported(name: str) -> WarehouseError:
    return WarehouseError(
        "UNSUPPORTED_FEATURE",
        "0A000",
        f"[UNSUPPORTED_FEATURE] {name} is not supported by the local warehouse. SQLSTATE: 0A000",
    )


class ThriftHandler(TCLIService.Iface):
    def __init__(self, engine: Engine, registry: Registry) -> None:
        self._engine = engine
        self._registry = registry
        # An optional statistics hook, called with the seconds from receiving each
        # ExecuteStatement to its reply (the benchmarks' server-side latency). None: nothing is
        # timed or kept.
        self.on_statement: Callable[[float], None] | None = None

    @property
    def _principal(self) -> Principal:
        return current_principal.get()

    # Sessions

    @_answers(ttypes.TOpenSessionResp)
    def OpenSession(self, req: ttypes.TOpenSessionReq) -> ttypes.TOpenSessionResp:
        namespace = req.initialNamespace
        catalog = namespace.catalogName if namespace else None
        schema = namespace.schemaName if namespace else None
        session = self._engine.open_session(self._principal, catalog or None, schema or None)
        entry = SessionEntry(session, self._principal, current_warehouse.get())
        self._registry.add_session(entry)
        requested = req.client_protocol_i64 or req.client_protocol or SERVER_PROTOCOL_VERSION
        version = min(requested, SERVER_PROTOCOL_VERSION)
        return ttypes.TOpenSessionResp(
            status=_OK,
            serverProtocolVersion=version,
            sessionHandle=entry.handle(),
            configuration={},
            initialNamespace=ttypes.TNamespace(
                catalogName=session.current_catalog, schemaName=session.current_schema
            ),
            canUseMultipleCatalogs=True,
        )

    @_answers(ttypes.TCloseSessionResp)
    def CloseSession(self, req: ttypes.TCloseSessionReq) -> ttypes.TCloseSessionResp:
        self._registry.close_session(self._registry.session(req.sessionHandle, self._principal))
        return ttypes.TCloseSessionResp(status=_OK)

    @_answers(ttypes.TGetInfoResp)
    def GetInfo(self, req: ttypes.TGetInfoReq) -> ttypes.TGetInfoResp:
        self._registry.session(req.sessionHandle, self._principal)
        names = {
            ttypes.TGetInfoType.CLI_SERVER_NAME: "Spark SQL",
            ttypes.TGetInfoType.CLI_DBMS_NAME: "Spark SQL",
            ttypes.TGetInfoType.CLI_DBMS_VER: "3.5.0",
        }
        if req.infoType not in names:
            raise _unsupported(f"GetInfo({req.infoType})")
        return ttypes.TGetInfoResp(
            status=_OK, infoValue=ttypes.TGetInfoValue(stringValue=names[req.infoType])
        )

    # Statements

    @_answers(ttypes.TExecuteStatementResp)
    def ExecuteStatement(self, req: ttypes.TExecuteStatementReq) -> ttypes.TExecuteStatementResp:
        hook = self.on_statement
        if hook is None:
            return self._execute_statement(req)
        started = time.perf_counter()
        try:
            return self._execute_statement(req)
        finally:
            hook(time.perf_counter() - started)

    def _execute_statement(self, req: ttypes.TExecuteStatementReq) -> ttypes.TExecuteStatementResp:
        entry = self._registry.session(req.sessionHandle, self._principal)
        statement: str = req.statement or ""
        parameters = req.parameters or []

        def work(session: Session) -> Any:
            sql = bind(statement, parameters) if parameters else statement
            return session.execute(sql)

        arrow_types, row_limit = req.useArrowNativeTypes, req.resultRowLimit
        operation = Operation(entry, _OT.EXECUTE_STATEMENT, work, arrow_types, row_limit, statement)
        session = entry.session
        return self._start(
            operation,
            ttypes.TExecuteStatementResp,
            req.getDirectResults,
            DIRECT_RESULTS_WAIT if req.runAsync else None,
            # With parameters, what runs is known only once they are bound.
            None if parameters else lambda: session.reads_metadata_only(statement),
        )

    def _start(
        self,
        operation: Operation,
        response: type[_Resp],
        direct: ttypes.TSparkGetDirectResults | None,
        wait: float | None = DIRECT_RESULTS_WAIT,
        quick: Callable[[], bool] | None = None,
    ) -> _Resp:
        self._registry.start(operation, quick)
        if direct is None or not operation.wait(wait):
            return response(status=_OK, operationHandle=operation.handle())  # type: ignore[call-arg]
        results = ttypes.TSparkDirectResults(operationStatus=operation.status())
        if operation.result is not None:
            results.resultSetMetadata = operation.result.metadata()
            results.resultSet = self._page(operation, direct.maxRows, direct.maxBytes)
            done = not results.resultSet.hasMoreRows
        else:
            # A failed statement has nothing more to give: close it with the reply.
            done = True
        if done:
            self._registry.close_operation(operation)
            results.closeOperation = ttypes.TCloseOperationResp(status=_OK)
        return response(  # type: ignore[call-arg]
            status=_OK, operationHandle=operation.handle(), directResults=results
        )

    def _page(
        self, operation: Operation, max_rows: int | None, max_bytes: int | None
    ) -> ttypes.TFetchResultsResp:
        assert operation.result is not None
        rows = operation.result.page(operation.offset, max_rows, max_bytes)
        operation.offset += sum(batch.rowCount for batch in rows.arrowBatches)
        return ttypes.TFetchResultsResp(
            status=_OK,
            hasMoreRows=operation.offset < operation.result.num_rows,
            results=rows,
        )

    @_answers(ttypes.TGetOperationStatusResp)
    def GetOperationStatus(
        self, req: ttypes.TGetOperationStatusReq
    ) -> ttypes.TGetOperationStatusResp:
        operation = self._registry.operation(req.operationHandle, self._principal)
        if operation.running:
            operation.wait(STATUS_POLL_WAIT)
        return operation.status()

    @_answers(ttypes.TGetResultSetMetadataResp)
    def GetResultSetMetadata(
        self, req: ttypes.TGetResultSetMetadataReq
    ) -> ttypes.TGetResultSetMetadataResp:
        return self._finished(req.operationHandle).metadata()

    @_answers(ttypes.TFetchResultsResp)
    def FetchResults(self, req: ttypes.TFetchResultsReq) -> ttypes.TFetchResultsResp:
        operation = self._registry.operation(req.operationHandle, self._principal)
        result = self._finished(req.operationHandle)
        if req.fetchType == 1:
            # fetchType 1 asks for the operation's log, which a SQL warehouse does not keep.
            return ttypes.TFetchResultsResp(
                status=_OK, hasMoreRows=False, results=ttypes.TRowSet(startRowOffset=0, rows=[])
            )
        if req.orientation == ttypes.TFetchOrientation.FETCH_FIRST:
            operation.offset = 0
        page = self._page(operation, req.maxRows, req.maxBytes)
        if req.includeResultSetMetadata:
            page.resultSetMetadata = result.metadata()
        return page

    def _finished(self, handle: ttypes.TOperationHandle) -> Any:
        operation = self._registry.operation(handle, self._principal)
        if operation.result is not None:
            return operation.result
        if operation.error is not None:
            raise operation.error
        raise WarehouseError(
            "INVALID_STATE",
            "55000",
            "[INVALID_STATE] The statement has not finished yet. SQLSTATE: 55000",
        )

    @_answers(ttypes.TCancelOperationResp)
    def CancelOperation(self, req: ttypes.TCancelOperationReq) -> ttypes.TCancelOperationResp:
        # A statement may finish, and be closed with its reply, while the cancel is on its way:
        # then there is nothing left to cancel.
        operation = self._registry.open_operation(req.operationHandle, self._principal)
        if operation is not None:
            operation.cancel()
        return ttypes.TCancelOperationResp(status=_OK)

    @_answers(ttypes.TCloseOperationResp)
    def CloseOperation(self, req: ttypes.TCloseOperationReq) -> ttypes.TCloseOperationResp:
        operation = self._registry.operation(req.operationHandle, self._principal)
        self._registry.close_operation(operation)
        return ttypes.TCloseOperationResp(status=_OK)

    # Catalog calls: run as statements on the caller's session.

    def _metadata_call(
        self, req: Any, operation_type: int, response: type[_Resp], call: Callable[..., Any]
    ) -> _Resp:
        entry = self._registry.session(req.sessionHandle, self._principal)
        text = catalog_call(req)
        operation = Operation(entry, operation_type, call, None, None, text=text, kind=METADATA)
        # Catalog calls read catalog metadata only.
        return self._start(operation, response, req.getDirectResults, quick=lambda: True)

    @_answers(ttypes.TGetCatalogsResp)
    def GetCatalogs(self, req: ttypes.TGetCatalogsReq) -> ttypes.TGetCatalogsResp:
        return self._metadata_call(
            req, _OT.GET_CATALOGS, ttypes.TGetCatalogsResp, metadata.get_catalogs
        )

    @_answers(ttypes.TGetSchemasResp)
    def GetSchemas(self, req: ttypes.TGetSchemasReq) -> ttypes.TGetSchemasResp:
        return self._metadata_call(
            req,
            _OT.GET_SCHEMAS,
            ttypes.TGetSchemasResp,
            lambda s: metadata.get_schemas(s, req.catalogName, req.schemaName),
        )

    @_answers(ttypes.TGetTablesResp)
    def GetTables(self, req: ttypes.TGetTablesReq) -> ttypes.TGetTablesResp:
        return self._metadata_call(
            req,
            _OT.GET_TABLES,
            ttypes.TGetTablesResp,
            lambda s: metadata.get_tables(
                s, req.catalogName, req.schemaName, req.tableName, req.tableTypes
            ),
        )

    @_answers(ttypes.TGetColumnsResp)
    def GetColumns(self, req: ttypes.TGetColumnsReq) -> ttypes.TGetColumnsResp:
        return self._metadata_call(
            req,
            _OT.GET_COLUMNS,
            ttypes.TGetColumnsResp,
            lambda s: metadata.get_columns(
                s, req.catalogName, req.schemaName, req.tableName, req.columnName
            ),
        )

    # Calls the connector never makes.

    @_answers(ttypes.TGetTypeInfoResp)
    def GetTypeInfo(self, req: Any) -> Any:
        raise _unsupported("GetTypeInfo")

    @_answers(ttypes.TGetTableTypesResp)
    def GetTableTypes(self, req: Any) -> Any:
        raise _unsupported("GetTableTypes")

    @_answers(ttypes.TGetFunctionsResp)
    def GetFunctions(self, req: Any) -> Any:
        raise _unsupported("GetFunctions")

    @_answers(ttypes.TGetPrimaryKeysResp)
    def GetPrimaryKeys(self, req: Any) -> Any:
        raise _unsupported("GetPrimaryKeys")

    @_answers(ttypes.TGetCrossReferenceResp)
    def GetCrossReference(self, req: Any) -> Any:
        raise _unsupported("GetCrossReference")

    @_answers(ttypes.TGetDelegationTokenResp)
    def GetDelegationToken(self, req: Any) -> Any:
        raise _unsupported("GetDelegationToken")

    @_answers(ttypes.TCancelDelegationTokenResp)
    def CancelDelegationToken(self, req: Any) -> Any:
        raise _unsupported("CancelDelegationToken")

    @_answers(ttypes.TRenewDelegationTokenResp)
    def RenewDelegationToken(self, req: Any) -> Any:
        raise _unsupported("RenewDelegationToken")
