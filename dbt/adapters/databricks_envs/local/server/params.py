"""Native statement parameters (``:name`` and ``?`` markers) bound into the SQL text.

The engine takes plain SQL, so each marker outside literals, quoted identifiers and comments
becomes ``CAST('<value>' AS <type>)``, which is how the connector describes a parameter.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from databricks.sql.thrift_api.TCLIService import ttypes

from ..api import WarehouseError

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_TYPE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(\(\s*\d+\s*(,\s*\d+\s*)?\))?")


def _error(message: str) -> WarehouseError:
    return WarehouseError(
        "UNBOUND_SQL_PARAMETER", "42P02", f"[UNBOUND_SQL_PARAMETER] {message} SQLSTATE: 42P02"
    )


def _literal(parameter: ttypes.TSparkParameter) -> str:
    kind = (parameter.type or "STRING").strip()
    if kind.upper() in ("ARRAY", "MAP", "STRUCT") or parameter.arguments:
        raise WarehouseError(
            "UNSUPPORTED_FEATURE",
            "0A000",
            f"[UNSUPPORTED_FEATURE] {kind.upper()} parameters are not supported by the local "
            "warehouse; pass the value inline. SQLSTATE: 0A000",
        )
    if not _TYPE.fullmatch(kind):
        raise _error(f"The parameter type `{kind}` is not a valid type.")
    value = parameter.value.stringValue if parameter.value else None
    if kind.upper() == "VOID" or value is None:
        return "NULL"
    escaped = value.replace("\\", "\\\\").replace("'", "\\'")
    return f"CAST('{escaped}' AS {kind})"


def bind(sql: str, parameters: Sequence[ttypes.TSparkParameter]) -> str:
    """The statement with its parameter markers replaced by literals."""
    named = {p.name.lower(): p for p in parameters if p.name}
    positional = [p for p in parameters if not p.name]
    out: list[str] = []
    position = 0
    i, n = 0, len(sql)
    while i < n:
        char = sql[i]
        if char in "'\"`":
            end = _skip_quoted(sql, i)
            out.append(sql[i:end])
            i = end
        elif sql.startswith("--", i):
            end = sql.find("\n", i)
            end = n if end < 0 else end
            out.append(sql[i:end])
            i = end
        elif sql.startswith("/*", i):
            end = sql.find("*/", i + 2)
            end = n if end < 0 else end + 2
            out.append(sql[i:end])
            i = end
        elif char == "?":
            if position >= len(positional):
                raise _error("The statement has more `?` markers than parameters.")
            out.append(_literal(positional[position]))
            position += 1
            i += 1
        elif char == ":" and (match := _NAME.match(sql, i + 1)) and sql[i - 1 : i] != ":":
            parameter = named.get(match.group(0).lower())
            if parameter is None:
                raise _error(f"Found the unbound parameter: {match.group(0)}.")
            out.append(_literal(parameter))
            i = match.end()
        else:
            out.append(char)
            i += 1
    return "".join(out)


def _skip_quoted(sql: str, start: int) -> int:
    quote = sql[start]
    i = start + 1
    while i < len(sql):
        if sql[i] == "\\" and quote != "`":
            i += 2
            continue
        if sql[i] == quote:
            # A doubled backtick is an escaped backtick inside an identifier.
            if quote == "`" and sql[i + 1 : i + 2] == "`":
                i += 2
                continue
            return i + 1
        i += 1
    return len(sql)
