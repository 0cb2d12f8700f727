"""HTTP: Thrift over POST at the warehouse paths, host metadata, OAuth, and the REST API.

A threaded HTTP/1.1 server: every client connection keeps its own thread and socket, so
a connector's requests cost one round trip each, with no connection set-up.
"""

from __future__ import annotations

import contextlib
import json
import logging
import re
import socket
import socketserver
import threading
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any
from urllib.parse import parse_qsl

from databricks.sql.thrift_api.TCLIService import TCLIService
from thrift.protocol.TBinaryProtocol import TBinaryProtocolAccelerated
from thrift.transport.TTransport import TMemoryBuffer

from .auth import Authenticator, Denied
from .compute import Compute
from .oauth import DISCOVERY_PATH, OIDC_PREFIX, TOKEN_PATH, OAuthServer
from .rest import RestApi, RestRequest
from .thrift_handler import current_principal, current_warehouse
from .warehouse_acl import USE, WarehouseAcl, refusal

logger = logging.getLogger(__name__)

# Both spellings a workspace accepts; `?o=<workspace id>` may follow.
_THRIFT_PATH = re.compile(r"/sql/1\.0/(?:warehouses|endpoints)/(?P<id>[^/?]+)/?")
_MAX_BODY = 256 * 1024 * 1024
WORKSPACE_ID = "1000000000000001"


@dataclass(frozen=True)
class Services:
    """What a request may reach, shared by all connection threads."""

    processor: TCLIService.Processor
    authenticator: Authenticator
    rest: RestApi
    compute: Compute
    oauth: OAuthServer
    # Who may use each warehouse; checked on every Thrift request.
    acl: WarehouseAcl


class WarehouseHTTPServer(socketserver.ThreadingMixIn, HTTPServer):
    daemon_threads = True
    # A dbt run opens one connection per thread, and tests open many at once.
    request_queue_size = 128

    # Set before serving starts: binding the port comes first, so a taken port fails fast.
    services: Services

    def __init__(self, address: tuple[str, int]) -> None:
        super().__init__(address, _RequestHandler)
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()

    def process_request(self, request: Any, client_address: Any) -> None:
        with self._connections_lock:
            self._connections.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self._connections_lock:
            self._connections.discard(request)
        super().shutdown_request(request)

    def close_connections(self) -> None:
        """Ends every open keep-alive connection, so no request arrives after shutdown."""
        with self._connections_lock:
            connections = list(self._connections)
        for connection in connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)


class _RequestHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Replies are written in one piece; without this, Nagle's algorithm and delayed ACKs
    # can hold each reply back by tens of milliseconds.
    disable_nagle_algorithm = True
    server_version = "DatabricksLocalWarehouse"
    server: WarehouseHTTPServer

    def do_POST(self) -> None:
        self._dispatch()

    def do_GET(self) -> None:
        self._dispatch()

    def do_PUT(self) -> None:
        self._dispatch()

    def do_PATCH(self) -> None:
        self._dispatch()

    def do_DELETE(self) -> None:
        self._dispatch()

    def log_message(self, format: str, *args: Any) -> None:
        logger.debug("%s " + format, self.address_string(), *args)

    def _dispatch(self) -> None:
        services = self.server.services
        body = self._read_body()
        if body is None:
            return
        path, _, query = self.path.partition("?")
        if path == "/.well-known/databricks-config" and self.command == "GET":
            self._send_json(200, services.oauth.host_metadata(self._base_url()))
            return
        if path == OIDC_PREFIX or path.startswith(OIDC_PREFIX + "/"):
            self._oidc(services.oauth, path, body)
            return
        thrift = _THRIFT_PATH.fullmatch(path)
        if not (thrift or path.startswith("/api/")):
            self._send_json(404, {"error_code": "ENDPOINT_NOT_FOUND", "message": "Not found"})
            return
        try:
            principal = services.authenticator.authenticate(self.headers.get("Authorization"))
        except Denied as denied:
            self._send_denied(denied)
            return
        token = current_principal.set(principal)
        try:
            if thrift:
                self._thrift(services, thrift.group("id"), body)
            else:
                status, answer = services.rest.handle(
                    RestRequest(
                        method=self.command,
                        path=path,
                        principal=principal,
                        host=self.headers.get("Host") or "",
                        body=body,
                        params=dict(parse_qsl(query)),
                    )
                )
                self._send_json(status, answer)
        finally:
            current_principal.reset(token)

    def _base_url(self) -> str:
        """This server's URL as the client reached it, for the URLs an answer points to."""
        return "http://" + (self.headers.get("Host") or "{}:{}".format(*self.server.server_address))

    def _oidc(self, oauth: OAuthServer, path: str, body: bytes) -> None:
        """The OAuth endpoints, which take no bearer token."""
        if path == DISCOVERY_PATH and self.command == "GET":
            self._send_json(200, oauth.discovery(self._base_url()))
        elif path == TOKEN_PATH and self.command == "POST":
            status, answer = oauth.token(self.headers.get("Authorization"), body, self._base_url())
            # Token answers are never cached (RFC 6749, 5.1).
            headers = {"Cache-Control": "no-store", "Pragma": "no-cache"}
            self._send(status, json.dumps(answer).encode(), "application/json", headers)
        else:
            self._send_json(404, {"error_code": "ENDPOINT_NOT_FOUND", "message": "Not found"})

    def _read_body(self) -> bytes | None:
        length = self.headers.get("Content-Length")
        if self.headers.get("Transfer-Encoding") or (length is None and self.command == "POST"):
            self.close_connection = True
            self._send_text(411, "Send the request body with a Content-Length.")
            return None
        try:
            size = int(length or 0)
        except ValueError:
            size = -1
        if not 0 <= size <= _MAX_BODY:
            self.close_connection = True
            self._send_text(400, "Invalid Content-Length.")
            return None
        return self.rfile.read(size) if size else b""

    def _thrift(self, services: Services, warehouse_id: str, body: bytes) -> None:
        if self.command != "POST":
            self._send_text(405, "The SQL warehouse endpoint takes POST requests.")
            return
        # Only those who may use a warehouse reach it (and start it): refused at once, before
        # it starts, as a workspace refuses them.
        principal = current_principal.get()
        known = services.compute.warehouse(warehouse_id) is not None
        if known and not services.acl.may(warehouse_id, principal, USE):
            reason = "PERMISSION_DENIED: " + refusal(principal, warehouse_id, "use")
            self._send_denied(Denied(403, reason))
            return
        # A stopped warehouse starts now, as a real one does on the first request.
        if not services.compute.ready(warehouse_id):
            text = f"SQL warehouse {warehouse_id} does not exist or was deleted"
            # The connector shows this header's text in its error.
            headers = {"X-Databricks-Reason-Phrase": text}
            self._send(404, text.encode(), "text/plain; charset=utf-8", headers)
            return
        # Limits sized to the body stop a corrupt length prefix from allocating gigabytes.
        iprot = TBinaryProtocolAccelerated(
            TMemoryBuffer(body), string_length_limit=len(body), container_length_limit=len(body)
        )
        out = TMemoryBuffer()
        warehouse = current_warehouse.set(warehouse_id)
        try:
            services.processor.process(iprot, TBinaryProtocolAccelerated(out))
        except Exception as exc:
            logger.debug("Malformed Thrift request: %r", exc)
            self._send_text(400, f"Malformed Thrift request: {exc}")
            return
        finally:
            current_warehouse.reset(warehouse)
        self._send(200, out.getvalue(), "application/x-thrift")

    def _send_denied(self, denied: Denied) -> None:
        # The connector shows this header's text when it cannot read a Thrift reply.
        headers = {"X-Databricks-Reason-Phrase": denied.message}
        if self.path.startswith("/api/"):
            code = "UNAUTHENTICATED" if denied.status == 401 else "PERMISSION_DENIED"
            body = json.dumps({"error_code": code, "message": denied.message}).encode()
            self._send(denied.status, body, "application/json", headers)
        else:
            self._send(denied.status, denied.message.encode(), "text/plain", headers)

    def _send_json(self, status: int, answer: Any) -> None:
        self._send(status, json.dumps(answer).encode(), "application/json")

    def _send_text(self, status: int, text: str) -> None:
        self._send(status, text.encode(), "text/plain; charset=utf-8")

    def _send(
        self,
        status: int,
        body: bytes,
        content_type: str,
        headers: dict[str, str] | None = None,
    ) -> None:
        lines = [
            f"HTTP/1.1 {status} {HTTPStatus(status).phrase}",
            f"Content-Type: {content_type}",
            f"Content-Length: {len(body)}",
        ]
        lines.extend(f"{name}: {value}" for name, value in (headers or {}).items())
        if self.close_connection:
            lines.append("Connection: close")
        head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1", "replace")
        self.wfile.write(head + body)
