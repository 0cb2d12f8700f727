"""Databricks statements the local warehouse does not model, recognized by their first words
and refused by name ("not supported by the local warehouse: <feature>"), before any other
parsing could call them a syntax error. Statements sqlglot parses into trees are refused where
they are planned (``statements/refused.py``), functions where they are called
(``expressions.py``)."""

from __future__ import annotations

import itertools

from dbt.adapters.databricks_envs.local.api import WarehouseError
from dbt.adapters.databricks_envs.local.engine import errors
from dbt.adapters.databricks_envs.local.engine.translate.tokens import TokenStream

# Leading words (after CREATE [OR REPLACE] for CREATE statements) and the feature they use.
_CREATED = {
    ("VOLUME",): "volumes",
    ("EXTERNAL", "VOLUME"): "volumes",
    ("MANAGED", "VOLUME"): "volumes",
    ("CONNECTION",): "Lakehouse Federation (connections)",
    ("FOREIGN", "CATALOG"): "Lakehouse Federation (foreign catalogs)",
    ("FOREIGN", "SCHEMA"): "Lakehouse Federation (foreign catalogs)",
    ("SHARE",): "Delta Sharing",
    ("RECIPIENT",): "Delta Sharing",
    ("PROVIDER",): "Delta Sharing",
    ("EXTERNAL", "LOCATION"): "external locations",
    ("STORAGE", "CREDENTIAL"): "storage credentials",
    ("SERVICE", "CREDENTIAL"): "service credentials",
    ("CLEAN", "ROOM"): "clean rooms",
}
_LEADING = {
    ("REFRESH", "STREAMING", "TABLE"): "streaming tables",
    ("REFRESH", "FOREIGN"): "Lakehouse Federation (foreign catalogs)",
    ("PUT",): "volumes (file commands)",
    ("GET",): "volumes (file commands)",
    ("REMOVE",): "volumes (file commands)",
    ("EXECUTE", "IMMEDIATE"): "EXECUTE IMMEDIATE",
    ("INSERT", "OVERWRITE", "DIRECTORY"): "INSERT OVERWRITE DIRECTORY",
    ("INSERT", "OVERWRITE", "LOCAL", "DIRECTORY"): "INSERT OVERWRITE DIRECTORY",
    ("GENERATE",): "GENERATE (Delta manifests)",
}
_DESCRIBE_WORDS = frozenset(
    {"DETAIL", "HISTORY", "CATALOG", "QUERY", "SCHEMA", "DATABASE", "FUNCTION", "EXTENDED"}
)
_KINDS = ("SCHEMA", "DATABASE", "CATALOG", "TABLE")
_PREDICTIVE = ("ENABLE", "DISABLE", "INHERIT")


def refuse(s: TokenStream) -> None:
    """Raises NOT_SUPPORTED for a statement of an unmodelled feature; leaves ``s`` as it was
    otherwise."""
    start = s.pos
    try:
        if s.accept("CREATE"):
            _refuse_create(s)
            return
        first = s.peek_word()
        if first in ("GRANT", "REVOKE", "DENY"):
            raise errors.not_supported(f"{first} (Unity Catalog privileges)")
        if first == "COPY":
            raise errors.not_supported("COPY INTO")
        if first in ("CONVERT", "REORG", "SYNC", "UNDROP"):
            raise errors.not_supported(first)
        for words, feature in _LEADING.items():
            if s.accept(*words):
                raise errors.not_supported(feature)
        if s.accept("ALTER") and s.accept_any(*_KINDS):
            s.name()
            if s.accept_any(*_PREDICTIVE) and s.accept("PREDICTIVE", "OPTIMIZATION"):
                raise errors.not_supported("predictive optimization")
        elif s.accept_any("DESCRIBE", "DESC") and _names_a_column(s):
            raise errors.not_supported("DESCRIBE of a column")
    finally:
        s.pos = start


def _names_a_column(s: TokenStream) -> bool:
    """After DESCRIBE: whether it is ``DESCRIBE [TABLE] [EXTENDED] t column``."""
    s.accept("TABLE")
    s.accept_any("EXTENDED", "FORMATTED")
    if s.peek_word() in _DESCRIBE_WORDS:
        return False
    try:
        s.name()
    except WarehouseError:
        return False
    return not s.done and s.peek_word() not in ("AS", "PARTITION")


def _refuse_create(s: TokenStream) -> None:
    """CREATE statements of objects the local warehouse does not model, some of which sqlglot
    may not read (a metric view's YAML)."""
    head = {s.peek_word(i) for i in range(0, 5)}
    if "STREAMING" in head:
        raise errors.not_supported("streaming tables")
    words = [t.text.upper() for t in s.tokens]
    if "VIEW" in head and any(a == "WITH" and b == "METRICS" for a, b in itertools.pairwise(words)):
        raise errors.not_supported("metric views")
    s.accept("OR", "REPLACE")
    for created, feature in _CREATED.items():
        if s.accept(*created):
            raise errors.not_supported(feature)
