"""Who is calling: bearer tokens mapped to principals."""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

from ..api import Principal


class Denied(Exception):
    """A request the workspace refuses before looking at it.

    ``status`` is the HTTP status a workspace answers: 401 when no usable credential was
    sent, 403 when the token is unknown or expired.
    """

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


class Authenticator(Protocol):
    def authenticate(self, authorization: str | None) -> Principal:
        """The principal behind an ``Authorization`` header. Raises Denied."""
        ...


@dataclass(frozen=True)
class Token:
    principal: Principal
    # Seconds since the epoch; None never expires.
    expires_at: float | None = None


def bearer_token(authorization: str | None) -> str:
    scheme, _, token = (authorization or "").partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        raise Denied(
            401, "Unauthorized: send a personal access token as 'Authorization: Bearer <token>'"
        )
    return token


class TokenAuthenticator:
    """Personal access tokens, each standing for one principal."""

    def __init__(self, tokens: Mapping[str, Token]) -> None:
        self._tokens = dict(tokens)

    def authenticate(self, authorization: str | None) -> Principal:
        presented = bearer_token(authorization)
        token = self._tokens.get(presented)
        if token is None:
            raise Denied(403, "Invalid access token")
        if token.expires_at is not None and token.expires_at <= time.time():
            raise Denied(403, "Token is expired")
        return token.principal
