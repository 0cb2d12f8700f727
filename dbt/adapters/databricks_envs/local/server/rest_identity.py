"""Identities and tokens over REST: SCIM Users, ServicePrincipals and Groups; personal access
tokens (``token/create``, ``token/list``, ``token/delete``) and tokens made on behalf of a
service principal (``token-management/on-behalf-of/tokens``).

Changing identities, and making tokens for others, is for the metastore admin (who stands
for the workspace admin here). Identities and tokens made this way last as long as the
warehouse process; declare them in the configuration file to keep them.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

from ..api import Principal
from ..security.directory import Directory, Identity, Token, scim_id, token_id
from .rest import JsonBody, RestApi, RestError, RestRequest, me, permission_denied

_SCIM = r"/api/2\.0/preview/scim/v2"
_LIST_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:ListResponse"
_GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group"
# Personal access tokens live at most two years on Databricks.
MAX_LIFETIME_SECONDS = 730 * 86400


def add_routes(api: RestApi, directory: Directory) -> None:
    identities = Identities(directory)
    for kind, service in (("Users", False), ("ServicePrincipals", True)):
        api.add("GET", f"{_SCIM}/{kind}", identities.lister(service))
        api.add("POST", f"{_SCIM}/{kind}", identities.creator(service))
        api.add("GET", f"{_SCIM}/{kind}/(?P<id>[^/]+)", identities.getter(service))
        api.add("DELETE", f"{_SCIM}/{kind}/(?P<id>[^/]+)", identities.deleter(service))
    api.add("GET", f"{_SCIM}/Groups", identities.list_groups)
    api.add("POST", f"{_SCIM}/Groups", identities.create_group)
    api.add("GET", f"{_SCIM}/Groups/(?P<id>[^/]+)", identities.get_group)
    api.add("PATCH", f"{_SCIM}/Groups/(?P<id>[^/]+)", identities.patch_group)
    api.add("DELETE", f"{_SCIM}/Groups/(?P<id>[^/]+)", identities.delete_group)
    tokens = Tokens(directory)
    api.add("GET", r"/api/2\.0/token/list", tokens.list)
    api.add("POST", r"/api/2\.0/token/create", tokens.create)
    api.add("POST", r"/api/2\.0/token/delete", tokens.delete)
    api.add("POST", r"/api/2\.0/token-management/on-behalf-of/tokens", tokens.on_behalf_of)


def _page(request: RestRequest, resources: list[JsonBody]) -> JsonBody:
    """One SCIM page: the SDK asks from ``startIndex`` (1-based) until a page is empty."""
    try:
        start = max(int(request.params.get("startIndex", "1")), 1)
        count = int(request.params.get("count", str(len(resources) or 1)))
    except ValueError as exc:
        raise RestError(400, "INVALID_PARAMETER_VALUE", f"Bad paging parameter: {exc}") from None
    page = resources[start - 1 : start - 1 + max(count, 0)]
    return {
        "schemas": [_LIST_SCHEMA],
        "totalResults": len(resources),
        "startIndex": start,
        "itemsPerPage": len(page),
        "Resources": page,
    }


def _filtered(request: RestRequest, resources: list[JsonBody]) -> list[JsonBody]:
    """The SCIM filters tools send most: ``<attribute> eq "<value>"``."""
    wanted = request.params.get("filter")
    if not wanted:
        return resources
    match = re.fullmatch(r'\s*(\w+)\s+eq\s+"?([^"]*)"?\s*', wanted)
    if match is None:
        raise RestError(400, "INVALID_PARAMETER_VALUE", f"Unsupported SCIM filter: {wanted}")
    attribute, value = match.groups()
    return [r for r in resources if str(r.get(attribute)) == value]


class Identities:
    def __init__(self, directory: Directory) -> None:
        self._directory = directory

    def _admin(self, request: RestRequest) -> None:
        if not self._directory.is_admin(request.principal):
            raise permission_denied(
                f"{request.principal.name} is not a workspace admin: only admins may change "
                "users, service principals and groups."
            )

    def _json(self, identity: Identity) -> JsonBody:
        principal = self._directory.principal(identity.name)
        assert principal is not None
        return me(self._directory, principal)

    def _by_id(self, scim: str, service: bool) -> Identity:
        for identity in self._directory.identities(service):
            if scim_id(identity.name) == scim:
                return identity
        kind = "Service principal" if service else "User"
        raise RestError(404, "RESOURCE_DOES_NOT_EXIST", f"{kind} {scim} not found.")

    def lister(self, service: bool) -> Any:
        def handler(request: RestRequest, match: re.Match[str]) -> JsonBody:
            found = [self._json(i) for i in self._directory.identities(service)]
            return _page(request, _filtered(request, found))

        return handler

    def getter(self, service: bool) -> Any:
        def handler(request: RestRequest, match: re.Match[str]) -> JsonBody:
            return self._json(self._by_id(match.group("id"), service))

        return handler

    def creator(self, service: bool) -> Any:
        def handler(request: RestRequest, match: re.Match[str]) -> JsonBody:
            self._admin(request)
            body = request.json()
            if service:
                name = str(body.get("applicationId") or uuid.uuid4())
            else:
                name = str(body.get("userName") or "")
                if "@" not in name:
                    raise RestError(
                        400, "INVALID_PARAMETER_VALUE", "userName must be the user's email."
                    )
            if self._directory.exists(name):
                raise RestError(409, "RESOURCE_ALREADY_EXISTS", f"{name} already exists.")
            display = str(body.get("displayName") or name)
            identity = Identity(name, display, service)
            self._directory.add_identity(identity)
            return self._json(identity)

        return handler

    def deleter(self, service: bool) -> Any:
        def handler(request: RestRequest, match: re.Match[str]) -> JsonBody:
            self._admin(request)
            self._directory.remove(self._by_id(match.group("id"), service).name)
            return {}

        return handler

    # Groups.

    def _group_json(self, name: str) -> JsonBody:
        members = self._directory.group_members(name) or frozenset()
        return {
            "schemas": [_GROUP_SCHEMA],
            "id": scim_id(name),
            "displayName": name,
            "members": [{"display": m, "value": scim_id(m)} for m in sorted(members)],
        }

    def _group(self, scim: str) -> str:
        for name in self._directory.group_names():
            if scim_id(name) == scim:
                return name
        raise RestError(404, "RESOURCE_DOES_NOT_EXIST", f"Group {scim} not found.")

    def _member(self, value: Any) -> str:
        """A member named by its SCIM id (as the SDK sends it) or by its name."""
        wanted = str(value)
        directory = self._directory
        for name in [i.name for s in (False, True) for i in directory.identities(s)] + [
            *directory.group_names()
        ]:
            if wanted in (name, scim_id(name)):
                return name
        raise RestError(404, "RESOURCE_DOES_NOT_EXIST", f"Member {wanted} not found.")

    def list_groups(self, request: RestRequest, match: re.Match[str]) -> JsonBody:
        found = [self._group_json(g) for g in self._directory.group_names()]
        return _page(request, _filtered(request, found))

    def get_group(self, request: RestRequest, match: re.Match[str]) -> JsonBody:
        return self._group_json(self._group(match.group("id")))

    def create_group(self, request: RestRequest, match: re.Match[str]) -> JsonBody:
        self._admin(request)
        body = request.json()
        name = str(body.get("displayName") or "")
        if not name:
            raise RestError(400, "INVALID_PARAMETER_VALUE", "displayName is required.")
        if self._directory.exists(name):
            raise RestError(409, "RESOURCE_ALREADY_EXISTS", f"Group {name} already exists.")
        members = [self._member(m.get("value")) for m in body.get("members") or []]
        self._directory.add_group(name, members)
        return self._group_json(name)

    def patch_group(self, request: RestRequest, match: re.Match[str]) -> JsonBody:
        """SCIM PatchOp: ``add`` / ``remove`` of ``members``."""
        self._admin(request)
        name = self._group(match.group("id"))
        members = set(self._directory.group_members(name) or ())
        for operation in request.json().get("Operations") or []:
            op = str(operation.get("op", "")).lower()
            values = operation.get("value") or []
            if isinstance(values, dict):
                values = values.get("members") or []
            path = str(operation.get("path") or "members")
            removed = re.fullmatch(r'members\[value eq "?([^"\]]+)"?\]', path)
            if op == "add":
                members |= {self._member(v.get("value")) for v in values}
            elif op == "remove" and removed:
                members.discard(self._member(removed.group(1)))
            elif op == "remove":
                members -= {self._member(v.get("value")) for v in values}
            else:
                raise RestError(400, "INVALID_PARAMETER_VALUE", f"Unsupported operation {op!r}.")
        self._directory.add_group(name, members)
        return {}

    def delete_group(self, request: RestRequest, match: re.Match[str]) -> JsonBody:
        self._admin(request)
        self._directory.remove(self._group(match.group("id")))
        return {}


class Tokens:
    def __init__(self, directory: Directory) -> None:
        self._directory = directory

    @staticmethod
    def info(token_id: str, token: Token) -> JsonBody:
        return {
            "token_id": token_id,
            "creation_time": int(token.created_at * 1000),
            "expiry_time": -1 if token.expires_at is None else int(token.expires_at * 1000),
            "comment": token.comment,
        }

    def list(self, request: RestRequest, match: re.Match[str]) -> JsonBody:
        held = self._directory.tokens_of(request.principal.name)
        return {"token_infos": [self.info(i, t) for i, t in held]}

    def create(self, request: RestRequest, match: re.Match[str]) -> JsonBody:
        body = request.json()
        return self._create(request.principal, body)

    def delete(self, request: RestRequest, match: re.Match[str]) -> JsonBody:
        wanted = str(request.json().get("token_id") or "")
        if not self._directory.revoke_token(request.principal.name, wanted):
            raise RestError(404, "RESOURCE_DOES_NOT_EXIST", f"Token {wanted} does not exist.")
        return {}

    def on_behalf_of(self, request: RestRequest, match: re.Match[str]) -> JsonBody:
        """A token for a service principal (and, as a local convenience a real workspace does
        not offer, for a user), made by the admin."""
        if not self._directory.is_admin(request.principal):
            raise permission_denied("Only workspace admins can create tokens on behalf of others.")
        body = request.json()
        name = str(body.get("application_id") or "")
        principal = self._directory.principal(name)
        if principal is None:
            raise RestError(
                404, "RESOURCE_DOES_NOT_EXIST", f"Service principal {name} does not exist."
            )
        answer = self._create(principal, body)
        answer["token_info"].update(
            owner_id=int(scim_id(name)),
            created_by_id=int(scim_id(request.principal.name)),
            created_by_username=request.principal.name,
        )
        return answer

    def _create(self, principal: Principal, body: JsonBody) -> JsonBody:
        lifetime = body.get("lifetime_seconds")
        if lifetime is not None and (
            not isinstance(lifetime, int) or lifetime > MAX_LIFETIME_SECONDS
        ):
            raise RestError(
                400,
                "INVALID_PARAMETER_VALUE",
                f"lifetime_seconds must be a whole number of seconds up to "
                f"{MAX_LIFETIME_SECONDS} (730 days).",
            )
        value, token = self._directory.create_token(
            principal, lifetime, str(body.get("comment") or "")
        )
        return {"token_value": value, "token_info": self.info(token_id(value), token)}
