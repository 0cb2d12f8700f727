"""Who exists in the workspace: users, service principals, groups and their tokens.

Users are named by email, service principals by their application id (a UUID, which is what
``current_user()`` returns for them), groups by display name. Groups may contain users, service
principals and other groups; a principal belongs to every group that contains it, directly or
through another group. Service principals may hold OAuth client secrets (only a digest of each
is kept) and exchange them for OAuth access tokens, which are kept apart from personal access
tokens: they are accepted alike but never listed. The directory is shared by the HTTP threads,
so every change takes its lock and replaces what readers may hold.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field, replace

from ..api import Principal

Clock = Callable[[], float]

# Every principal belongs to this group, as every identity of an account does.
ACCOUNT_USERS = "account users"


@dataclass(frozen=True)
class Token:
    principal: Principal
    # Seconds since the epoch; None never expires.
    expires_at: float | None = None
    created_at: float = 0.0
    comment: str = ""


@dataclass(frozen=True)
class Identity:
    """A user (``name`` an email) or a service principal (``name`` its application id)."""

    name: str
    display_name: str
    service_principal: bool = False


@dataclass(frozen=True)
class Secret:
    """An OAuth client secret of a service principal, known by a digest of its value."""

    application_id: str
    digest: str
    created_at: float = 0.0
    # Seconds since the epoch; None never expires.
    expires_at: float | None = None


# Expired OAuth tokens are kept this long, so a client presenting one hears that it expired.
_EXPIRED_OAUTH_KEPT_SECONDS = 3600.0


def scim_id(name: str) -> str:
    """A stable numeric id for a principal or group, shaped like a workspace's SCIM ids."""
    return str(int(hashlib.sha256(name.encode()).hexdigest()[:13], 16))


def token_id(value: str) -> str:
    """A token's public id: derived from the secret, and revealing nothing about it."""
    return hashlib.sha256(b"token-id:" + value.encode()).hexdigest()


def secret_digest(value: str) -> str:
    return hashlib.sha256(b"client-secret:" + value.encode()).hexdigest()


def secret_id(value: str) -> str:
    """A client secret's public id (64 hex digits, as a workspace shows them)."""
    return hashlib.sha256(b"secret-id:" + value.encode()).hexdigest()


@dataclass
class _State:
    identities: dict[str, Identity] = field(default_factory=dict)
    groups: dict[str, frozenset[str]] = field(default_factory=dict)
    tokens: dict[str, Token] = field(default_factory=dict)
    # secret id -> secret
    secrets: dict[str, Secret] = field(default_factory=dict)
    oauth_tokens: dict[str, Token] = field(default_factory=dict)


class Directory:
    """The identities, groups and tokens of the local workspace.

    ``admin`` is the metastore admin (a principal or a group): it may do anything, as a
    metastore admin may on Unity Catalog.
    """

    def __init__(self, admin: str, clock: Clock = time.time) -> None:
        self.admin = admin
        self.clock = clock
        self._state = _State()
        self._lock = threading.Lock()
        # Counts changes, for whoever caches what it derived from group memberships.
        self.version = 0

    # Readers.

    def identity(self, name: str) -> Identity | None:
        return self._state.identities.get(name)

    def identities(self, service_principals: bool) -> list[Identity]:
        found = self._state.identities.values()
        return sorted(
            (i for i in found if i.service_principal == service_principals), key=lambda i: i.name
        )

    def group_members(self, name: str) -> frozenset[str] | None:
        return self._state.groups.get(name)

    def group_names(self) -> list[str]:
        return sorted(self._state.groups)

    def exists(self, name: str) -> bool:
        state = self._state
        return name in state.identities or name in state.groups or name == ACCOUNT_USERS

    def groups_of(self, name: str) -> frozenset[str]:
        """Every group ``name`` belongs to, directly or through nested groups."""
        return memberships(name, self._state.groups)

    def principal(self, name: str) -> Principal | None:
        identity = self._state.identities.get(name)
        if identity is None:
            return None
        return Principal(identity.name, self.groups_of(name), identity.service_principal)

    def is_admin(self, principal: Principal) -> bool:
        return principal.name == self.admin or self.admin in principal.groups

    def token(self, value: str) -> Token | None:
        """The personal access token or OAuth access token with this value."""
        state = self._state
        return state.tokens.get(value) or state.oauth_tokens.get(value)

    def oauth_tokens_of(self, name: str) -> list[tuple[str, Token]]:
        """(value, token) of the OAuth access tokens issued to ``name`` and not yet forgotten
        (expired ones are kept for an hour), oldest first."""
        held = [(v, t) for v, t in self._state.oauth_tokens.items() if t.principal.name == name]
        return sorted(held, key=lambda item: item[1].created_at)

    def secrets_of(self, application_id: str) -> list[tuple[str, Secret]]:
        """(secret id, secret) of every client secret of a service principal, oldest first."""
        held = [
            (i, s) for i, s in self._state.secrets.items() if s.application_id == application_id
        ]
        return sorted(held, key=lambda item: (item[1].created_at, item[0]))

    def client(self, client_id: str, client_secret: str) -> Principal | None:
        """The service principal whose application id and unexpired secret these are."""
        principal = self.principal(client_id)
        if principal is None or not principal.is_service_principal:
            return None
        digest = secret_digest(client_secret)
        now = self.clock()
        for _, secret in self.secrets_of(client_id):
            fresh = secret.expires_at is None or secret.expires_at > now
            if fresh and hmac.compare_digest(secret.digest, digest):
                return principal
        return None

    def tokens_of(self, name: str) -> list[tuple[str, Token]]:
        """(token id, token) of every token ``name`` holds, oldest first."""
        held = [(token_id(v), t) for v, t in self._state.tokens.items() if t.principal.name == name]
        return sorted(held, key=lambda item: (item[1].created_at, item[0]))

    # Writers.

    def add_identity(self, identity: Identity) -> None:
        with self._lock:
            self._state = replace(
                self._state, identities={**self._state.identities, identity.name: identity}
            )
            self.version += 1

    def add_group(self, name: str, members: Iterable[str] = ()) -> None:
        with self._lock:
            self._state = replace(
                self._state, groups={**self._state.groups, name: frozenset(members)}
            )
            self.version += 1

    def remove(self, name: str) -> bool:
        """Deletes a user, service principal or group, its memberships and its tokens."""
        with self._lock:
            state = self._state
            if name not in state.identities and name not in state.groups:
                return False
            self._state = _State(
                identities={k: v for k, v in state.identities.items() if k != name},
                groups={g: m - {name} for g, m in state.groups.items() if g != name},
                tokens={v: t for v, t in state.tokens.items() if t.principal.name != name},
                secrets={i: s for i, s in state.secrets.items() if s.application_id != name},
                oauth_tokens={
                    v: t for v, t in state.oauth_tokens.items() if t.principal.name != name
                },
            )
            self.version += 1
            return True

    def add_token(self, value: str, token: Token) -> None:
        with self._lock:
            self._state = replace(self._state, tokens={**self._state.tokens, value: token})

    def create_token(
        self, principal: Principal, lifetime_seconds: float | None, comment: str = ""
    ) -> tuple[str, Token]:
        """A new personal access token for ``principal``: (its value, the token)."""
        now = self.clock()
        value = "dapi" + secrets.token_hex(16)
        expires = now + lifetime_seconds if lifetime_seconds and lifetime_seconds > 0 else None
        token = Token(principal, expires, now, comment)
        self.add_token(value, token)
        return value, token

    def add_secret(
        self, application_id: str, value: str, expires_at: float | None = None
    ) -> tuple[str, Secret]:
        """Gives a service principal a client secret: (its id, the secret)."""
        secret = Secret(application_id, secret_digest(value), self.clock(), expires_at)
        with self._lock:
            self._state = replace(
                self._state, secrets={**self._state.secrets, secret_id(value): secret}
            )
        return secret_id(value), secret

    def create_secret(
        self, application_id: str, lifetime_seconds: float | None
    ) -> tuple[str, str, Secret]:
        """A new client secret: (its value, its id, the secret). Databricks' secrets start with
        ``dose``, which is how dbt-databricks tells them from Azure's."""
        value = "dose" + secrets.token_hex(16)
        expires = self.clock() + lifetime_seconds if lifetime_seconds else None
        found_id, secret = self.add_secret(application_id, value, expires)
        return value, found_id, secret

    def delete_secret(self, application_id: str, wanted_id: str) -> bool:
        with self._lock:
            found = self._state.secrets.get(wanted_id)
            if found is None or found.application_id != application_id:
                return False
            kept = {i: s for i, s in self._state.secrets.items() if i != wanted_id}
            self._state = replace(self._state, secrets=kept)
            return True

    def add_oauth_token(self, value: str, token: Token) -> None:
        """Keeps an OAuth access token; those expired for over an hour are forgotten."""
        horizon = self.clock() - _EXPIRED_OAUTH_KEPT_SECONDS
        with self._lock:
            kept = {
                v: t
                for v, t in self._state.oauth_tokens.items()
                if t.expires_at is None or t.expires_at > horizon
            }
            self._state = replace(self._state, oauth_tokens={**kept, value: token})

    def revoke_token(self, owner: str | None, wanted_id: str) -> bool:
        """Deletes the token with this id (only among ``owner``'s unless owner is None)."""
        with self._lock:
            tokens = self._state.tokens
            kept = {
                v: t
                for v, t in tokens.items()
                if token_id(v) != wanted_id or (owner is not None and t.principal.name != owner)
            }
            if len(kept) == len(tokens):
                return False
            self._state = replace(self._state, tokens=kept)
            return True


def memberships(name: str, groups: Mapping[str, AbstractSet[str]]) -> frozenset[str]:
    """Every group of ``groups`` (name -> members) that ``name`` belongs to, directly or
    through nested groups."""
    found: set[str] = set()
    frontier = {name}
    while frontier:
        frontier = {g for g, members in groups.items() if members & frontier} - found
        found |= frontier
    return frozenset(found)
