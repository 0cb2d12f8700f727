"""Who is calling: bearer tokens mapped to principals."""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Protocol

from ..api import Principal
from ..security.directory import Directory, Token

__all__ = ["Authenticator", "Denied", "DirectoryAuthenticator", "Token", "TokenAuthenticator"]


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
        return _valid(self._tokens.get(presented), time.time()).principal


class DirectoryAuthenticator:
    """The directory's tokens, including those created through the REST API; the principal
    comes with its group memberships as they are now."""

    def __init__(self, directory: Directory) -> None:
        self._directory = directory

    def authenticate(self, authorization: str | None) -> Principal:
        directory = self._directory
        token = _valid(directory.token(bearer_token(authorization)), directory.clock())
        return directory.principal(token.principal.name) or token.principal


def _valid(token: Token | None, now: float) -> Token:
    if token is None:
        raise Denied(403, "Invalid access token")
    if token.expires_at is not None and token.expires_at <= now:
        raise Denied(403, "Token is expired")
    return token
