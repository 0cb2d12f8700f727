"""OAuth machine-to-machine for service principals, as a workspace serves it.

- ``GET /.well-known/databricks-config`` names ``oidc_endpoint`` (``<host>/oidc``), from which
  databricks-sdk (0.7x and later) reads ``<host>/oidc/.well-known/oauth-authorization-server``;
- that discovery document names the token endpoint, ``POST <host>/oidc/v1/token``:
  ``grant_type=client_credentials``, the client id and secret in HTTP Basic or in the form,
  ``scope=all-apis``. The answer is ``{"access_token", "token_type": "Bearer", "expires_in",
  "scope"}``; a wrong client or secret is ``invalid_client`` with HTTP 401, as on a workspace.

Access tokens are JWTs, as a workspace's are: the connector reads their ``exp`` to know when to
ask the SDK for a fresh one (an opaque token it would keep for an hour, expired or not), and
their ``iss`` to know they are this workspace's own rather than a federated token to exchange.
Their signature is for the shape only: the warehouse knows its tokens by value, as it knows
personal access tokens, and refuses an expired one the same way.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import math
import secrets
import uuid
from typing import Any
from urllib.parse import parse_qs

from ..security.directory import Directory, Token

JsonBody = dict[str, Any]
OIDC_PREFIX = "/oidc"
DISCOVERY_PATH = "/oidc/.well-known/oauth-authorization-server"
TOKEN_PATH = "/oidc/v1/token"
DEFAULT_SCOPE = "all-apis"


class OAuthServer:
    def __init__(self, directory: Directory, lifetime_seconds: float, workspace_id: str) -> None:
        self._directory = directory
        self.lifetime_seconds = lifetime_seconds
        self._workspace_id = workspace_id
        self._key = secrets.token_bytes(32)
        self._key_id = secrets.token_hex(8)

    def host_metadata(self, base_url: str) -> JsonBody:
        """``/.well-known/databricks-config``."""
        return {
            "host_type": "workspace",
            "workspace_id": self._workspace_id,
            "oidc_endpoint": base_url + OIDC_PREFIX,
        }

    def discovery(self, base_url: str) -> JsonBody:
        """``/oidc/.well-known/oauth-authorization-server``."""
        oidc = base_url + OIDC_PREFIX
        return {
            "issuer": oidc,
            "authorization_endpoint": f"{oidc}/v1/authorize",
            "token_endpoint": f"{oidc}/v1/token",
            "jwks_uri": f"{oidc}/jwks.json",
            "grant_types_supported": ["client_credentials"],
            "response_types_supported": ["code"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
            "scopes_supported": ["all-apis", "sql", "offline_access"],
        }

    def token(self, authorization: str | None, body: bytes, base_url: str) -> tuple[int, JsonBody]:
        """``POST /oidc/v1/token``: (HTTP status, answer)."""
        try:
            form = {k: v[0] for k, v in parse_qs(body.decode(), keep_blank_values=True).items()}
        except UnicodeDecodeError:
            form = {}
        grant = form.get("grant_type")
        if not grant:
            return _error(400, "invalid_request", "Missing required parameter: grant_type")
        if grant != "client_credentials":
            return _error(
                400,
                "unsupported_grant_type",
                f"Unsupported grant type: {grant}; the local warehouse issues tokens for "
                "client_credentials only.",
            )
        client_id, client_secret = _client_credentials(authorization, form)
        principal = self._directory.client(client_id, client_secret) if client_id else None
        if principal is None:
            return _error(401, "invalid_client", "Client authentication failed")
        scope = " ".join(form.get("scope", "").split()) or DEFAULT_SCOPE
        now = self._directory.clock()
        expires_at = now + self.lifetime_seconds
        value = self._jwt(
            {
                "client_id": principal.name,
                "scope": scope,
                "sub": principal.name,
                "iss": connector_issuer(base_url),
                "aud": self._workspace_id,
                "iat": int(now),
                "nbf": int(now),
                "exp": math.ceil(expires_at),
                "jti": str(uuid.uuid4()),
            }
        )
        self._directory.add_oauth_token(value, Token(principal, expires_at, now, "oauth"))
        return 200, {
            "access_token": value,
            "token_type": "Bearer",
            "expires_in": math.ceil(self.lifetime_seconds),
            "scope": scope,
        }

    def _jwt(self, claims: JsonBody) -> str:
        header = {"alg": "HS256", "typ": "JWT", "kid": self._key_id}
        signing_input = f"{_b64(json.dumps(header))}.{_b64(json.dumps(claims))}"
        signature = hmac.new(self._key, signing_input.encode(), hashlib.sha256).digest()
        return f"{signing_input}.{_b64(signature)}"


def connector_issuer(base_url: str) -> str:
    """The issuer databricks-sql-connector 4.x takes for its own workspace's.

    The connector exchanges any JWT whose issuer's host name is not its workspace's, and it
    finds that host name by prefixing ``https://`` to ``server_hostname`` whatever it holds
    (``auth.normalize_host_name``): for ``http://127.0.0.1:<port>``, as dbt-databricks passes
    the profile's host, the name it compares is ``http``. The issuer is written the same way,
    so the tokens count as this workspace's own and the connector never tries (and retries,
    for half a minute) an exchange at ``https://http://...``.
    """
    return "https://" + base_url + OIDC_PREFIX


def _b64(data: str | bytes) -> str:
    raw = data.encode() if isinstance(data, str) else data
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _client_credentials(authorization: str | None, form: dict[str, str]) -> tuple[str, str]:
    """The client id and secret: HTTP Basic (client_secret_basic) or the form's fields
    (client_secret_post)."""
    scheme, _, encoded = (authorization or "").partition(" ")
    if scheme.lower() == "basic":
        try:
            decoded = base64.b64decode(encoded.strip(), validate=True).decode()
        except (binascii.Error, UnicodeDecodeError):
            return "", ""
        # As the SDKs send them: not form-encoded first.
        client_id, _, client_secret = decoded.partition(":")
        return client_id, client_secret
    return form.get("client_id", ""), form.get("client_secret", "")


def _error(status: int, error: str, description: str) -> tuple[int, JsonBody]:
    return status, {
        "error": error,
        "error_id": str(uuid.uuid4()),
        "error_description": description,
    }
