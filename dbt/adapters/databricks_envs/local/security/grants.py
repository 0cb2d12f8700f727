"""The grants of a metastore: who holds which privilege on which securable, kept on disk.

Each securable's grants remember the object they were made on (its creation stamp or table
id), so grants on a dropped object never resurface on a new object of the same name, as on
Unity Catalog, without the engine telling us about drops. ``CREATE OR REPLACE TABLE`` keeps a
table's id, hence its grants, as Delta does.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from .privileges import SecurableType

Securable = tuple[SecurableType, str]


@dataclass(frozen=True)
class Held:
    """One grantee's privileges on one securable."""

    privileges: frozenset[str]
    grantor: str


@dataclass(frozen=True)
class _Entry:
    # What the grants were made on; grants of an earlier object of the same name are void.
    object_key: str
    holders: Mapping[str, Held]


class GrantStore:
    """Grants in memory, written through to ``path`` (JSON) on every change."""

    def __init__(self, path: Path | None) -> None:
        self._path = path
        self._entries: dict[Securable, _Entry] = {}
        self._lock = threading.Lock()
        # Counts changes, for the caches derived from grants.
        self.version = 0
        if path is not None and path.exists():
            self._entries = _load(path)

    def on(self, securable: Securable, object_key: str) -> Mapping[str, Held]:
        """The grants on the current object named ``securable``."""
        entry = self._entries.get(securable)
        if entry is None or entry.object_key != object_key:
            return {}
        return entry.holders

    def securables(self) -> list[tuple[Securable, str]]:
        """Every securable with grants, and the object key they were made on."""
        return [(s, e.object_key) for s, e in self._entries.items()]

    def grant(
        self,
        securable: Securable,
        object_key: str,
        grantee: str,
        privileges: Iterable[str],
        grantor: str,
    ) -> None:
        self._change(securable, object_key, grantee, set(privileges), grantor, add=True)

    def revoke(
        self, securable: Securable, object_key: str, grantee: str, privileges: Iterable[str]
    ) -> None:
        self._change(securable, object_key, grantee, set(privileges), "", add=False)

    def _change(
        self,
        securable: Securable,
        object_key: str,
        grantee: str,
        privileges: set[str],
        grantor: str,
        add: bool,
    ) -> None:
        with self._lock:
            entry = self._entries.get(securable)
            holders = dict(entry.holders) if entry and entry.object_key == object_key else {}
            held = holders.get(grantee)
            now = set(held.privileges) if held else set()
            now = now | privileges if add else now - privileges
            if now:
                holders[grantee] = Held(frozenset(now), grantor or (held.grantor if held else ""))
            else:
                holders.pop(grantee, None)
            entries = {k: v for k, v in self._entries.items() if k != securable}
            if holders:
                entries[securable] = _Entry(object_key, holders)
            self._entries = entries
            self.version += 1
            if self._path is not None:
                _save(self._path, entries)


def _save(path: Path, entries: Mapping[Securable, _Entry]) -> None:
    document = [
        {
            "type": kind,
            "name": name,
            "object": entry.object_key,
            "grants": [
                {"principal": p, "privileges": sorted(h.privileges), "grantor": h.grantor}
                for p, h in sorted(entry.holders.items())
            ],
        }
        for (kind, name), entry in sorted(entries.items())
    ]
    path.parent.mkdir(parents=True, exist_ok=True)
    # Written aside, then renamed over: a crash leaves the old file or the new one, never half.
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(json.dumps(document, indent=1), encoding="utf-8")
    os.replace(temporary, path)


def _load(path: Path) -> dict[Securable, _Entry]:
    entries: dict[Securable, _Entry] = {}
    for item in json.loads(path.read_text(encoding="utf-8")):
        holders = {
            g["principal"]: Held(frozenset(g["privileges"]), g.get("grantor", ""))
            for g in item["grants"]
        }
        entries[(item["type"], item["name"])] = _Entry(item["object"], holders)
    return entries
