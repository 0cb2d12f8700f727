"""Service principals' OAuth client secrets over REST, as
``WorkspaceClient.service_principal_secrets_proxy`` calls them, by the metastore admin (who
stands for the workspace admin):

- ``POST /api/2.0/accounts/servicePrincipals/{id}/credentials/secrets`` with an optional
  ``{"lifetime": "3600s"}`` (default and maximum 730 days): ``{"id", "secret", "secret_hash",
  "create_time", "update_time", "status": "ACTIVE", "expire_time"}``; the secret is shown once;
- ``GET`` the same path: ``{"secrets": [...]}``, the same without the secret;
- ``DELETE .../secrets/{secret_id}``.

``{id}`` is the service principal's SCIM id, as on a workspace, or (a local convenience) its
application id. Secrets made this way last as long as the warehouse process; declare them in
the configuration file (``service_principals[].secrets``) to keep them.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from ..security.directory import Directory, Secret, scim_id
from .rest import JsonBody, RestApi, RestError, RestRequest, permission_denied

_SECRETS = r"/api/2\.0/accounts/servicePrincipals/(?P<id>[^/]+)/credentials/secrets"
# Databricks' default and longest lifetime of a client secret.
MAX_LIFETIME_SECONDS = 730 * 86400


def add_routes(api: RestApi, directory: Directory) -> None:
    secrets = ClientSecrets(directory)
    api.add("POST", _SECRETS, secrets.create)
    api.add("GET", _SECRETS, secrets.list)
    api.add("DELETE", _SECRETS + r"/(?P<secret>[^/]+)", secrets.delete)


def _time(seconds: float) -> str:
    stamp = dt.datetime.fromtimestamp(seconds, dt.timezone.utc)
    return stamp.strftime("%Y-%m-%dT%H:%M:%S.") + f"{stamp.microsecond // 1000:03d}Z"


def _lifetime(value: Any) -> float:
    """``"3600s"`` (a protobuf duration, as the API takes it) or a number of seconds."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)s?\s*", str(value))
    seconds = float(match.group(1)) if match else 0.0
    if not 0 < seconds <= MAX_LIFETIME_SECONDS:
        raise RestError(
            400,
            "INVALID_PARAMETER_VALUE",
            f"lifetime must be a duration such as '3600s', up to {MAX_LIFETIME_SECONDS}s "
            "(730 days).",
        )
    return seconds


class ClientSecrets:
    def __init__(self, directory: Directory) -> None:
        self._directory = directory

    def _service_principal(self, request: RestRequest, match: re.Match[str]) -> str:
        if not self._directory.is_admin(request.principal):
            raise permission_denied(
                f"{request.principal.name} is not a workspace admin: only admins may manage "
                "service principal secrets."
            )
        wanted = match.group("id")
        for identity in self._directory.identities(True):
            if wanted in (identity.name, scim_id(identity.name)):
                return identity.name
        raise RestError(
            404, "RESOURCE_DOES_NOT_EXIST", f"Service principal {wanted} does not exist."
        )

    def _info(self, secret_id: str, secret: Secret) -> JsonBody:
        expired = secret.expires_at is not None and secret.expires_at <= self._directory.clock()
        info: JsonBody = {
            "id": secret_id,
            "secret_hash": secret.digest[:16],
            "create_time": _time(secret.created_at),
            "update_time": _time(secret.created_at),
            "status": "EXPIRED" if expired else "ACTIVE",
        }
        if secret.expires_at is not None:
            info["expire_time"] = _time(secret.expires_at)
        return info

    def create(self, request: RestRequest, match: re.Match[str]) -> JsonBody:
        application_id = self._service_principal(request, match)
        lifetime = request.json().get("lifetime")
        seconds = MAX_LIFETIME_SECONDS if lifetime is None else _lifetime(lifetime)
        value, secret_id, secret = self._directory.create_secret(application_id, seconds)
        return {"secret": value, **self._info(secret_id, secret)}

    def list(self, request: RestRequest, match: re.Match[str]) -> JsonBody:
        held = self._directory.secrets_of(self._service_principal(request, match))
        return {"secrets": [self._info(i, s) for i, s in held]}

    def delete(self, request: RestRequest, match: re.Match[str]) -> JsonBody:
        application_id = self._service_principal(request, match)
        wanted = match.group("secret")
        if not self._directory.delete_secret(application_id, wanted):
            raise RestError(404, "RESOURCE_DOES_NOT_EXIST", f"Secret {wanted} does not exist.")
        return {}
