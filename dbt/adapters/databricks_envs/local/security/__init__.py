"""Unity Catalog security for the local warehouse: identities, grants and their enforcement.

Imports nothing from the adapter; the engine sees it only through its ``AccessControl``
protocol (``engine/security.py``), and the server wires the two together.
"""

from .directory import ACCOUNT_USERS, Directory, Identity, Token, scim_id, token_id
from .grants import GrantStore
from .policy import Policy, insufficient
from .privileges import normalize, rest_name
from .unity import UnityCatalog

__all__ = [
    "ACCOUNT_USERS",
    "Directory",
    "GrantStore",
    "Identity",
    "Policy",
    "Token",
    "UnityCatalog",
    "insufficient",
    "normalize",
    "rest_name",
    "scim_id",
    "token_id",
]
