"""GRANT, REVOKE and SHOW GRANTS, parsed on the token stream.

``GRANT <privilege>, ... ON CATALOG|SCHEMA|TABLE|VIEW <name> TO <principal>``,
``REVOKE ... FROM <principal>`` and ``SHOW GRANTS [<principal>] ON ... <name>``; a principal is
usually backticked (`` `alice@example.com` ``, `` `data-engineers` ``, an application id).
Names resolve against the session's current catalog and schema, as every other statement's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..engine import errors
from ..engine.translate.tokens import TokenStream
from .privileges import SecurableType, UnknownPrivilege, normalize

# Cheap enough to test every statement with: the first words of the statements handled here.
FIRST_WORDS = re.compile(r"\s*(?:grant|revoke|show\s+grants?)\s", re.IGNORECASE)

_KINDS: dict[str, SecurableType] = {
    "CATALOG": "catalog",
    "SCHEMA": "schema",
    "DATABASE": "schema",
    "TABLE": "table",
    "VIEW": "table",
    "FUNCTION": "function",
}


@dataclass(frozen=True)
class GrantStatement:
    revoke: bool
    privileges: tuple[str, ...]
    kind: SecurableType
    name: str
    principal: str


@dataclass(frozen=True)
class ShowGrants:
    principal: str | None
    kind: SecurableType
    name: str


def parse(sql: str, catalog: str, schema: str) -> GrantStatement | ShowGrants:
    s = TokenStream(sql)
    if s.accept("SHOW"):
        s.accept_any("GRANTS", "GRANT")
        principal = None if s.peek_word() == "ON" else _principal(s)
        s.expect("ON")
        kind, name = _securable(s, catalog, schema)
        s.ensure_done()
        return ShowGrants(principal, kind, name)
    revoke = s.accept_any("GRANT", "REVOKE") == "REVOKE"
    privileges = _privileges(s)
    kind, name = _securable(s, catalog, schema)
    s.expect("FROM" if revoke else "TO")
    principal = _principal(s)
    s.ensure_done()
    return GrantStatement(revoke, privileges, kind, name, principal)


def _privileges(s: TokenStream) -> tuple[str, ...]:
    privileges: list[str] = []
    words: list[str] = []
    while not s.done:
        word = s.peek_word()
        if word in (",", "ON"):
            if not words:
                raise s.syntax_error()
            privileges.append(_privilege(" ".join(words)))
            words = []
            s.pos += 1
            if word == "ON":
                return tuple(privileges)
            continue
        if not word:
            raise s.syntax_error()
        words.append(word)
        s.pos += 1
    raise s.syntax_error()


def _privilege(text: str) -> str:
    try:
        return normalize(text)
    except UnknownPrivilege as exc:
        raise errors.invalid("INVALID_PARAMETER_VALUE", str(exc), "22023") from None


def _securable(s: TokenStream, catalog: str, schema: str) -> tuple[SecurableType, str]:
    word = s.accept_any(*_KINDS)
    # Without a keyword, the name is a table's, as in Databricks SQL.
    kind: SecurableType = _KINDS[word] if word else "table"
    parts = s.name()
    if kind == "catalog":
        if len(parts) != 1:
            raise s.syntax_error()
        return kind, parts[0]
    wanted = 2 if kind == "schema" else 3
    if len(parts) > wanted:
        raise s.syntax_error()
    defaults = (catalog, schema)[: wanted - len(parts)]
    return kind, ".".join((*defaults, *parts))


def _principal(s: TokenStream) -> str:
    token = s.peek()
    if token is None:
        raise s.syntax_error()
    s.pos += 1
    # Principal names keep their case: emails and group names are matched as written.
    return token.text
