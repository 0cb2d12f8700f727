"""What a name in a statement denotes, and which catalog holds it."""

from __future__ import annotations

from enum import Enum
from typing import NamedTuple

from dbt.adapters.databricks_envs.guard.lexer import CannotAnalyze, Cursor, Name, describe


class Level(Enum):
    """What a name denotes, which decides how many parts it has and where its catalog is."""

    CATALOG = 1
    SCHEMA = 2
    RELATION = 3
    COLUMN = 4
    # Metastore and workspace objects (shares, connections, locations, groups): in no catalog.
    OUTSIDE = 0


class Kind(NamedTuple):
    """An object kind as a statement spells it: its level and its words (``STORAGE
    CREDENTIAL``)."""

    level: Level
    label: str


MOST_PARTS = {Level.CATALOG: 1, Level.SCHEMA: 2, Level.RELATION: 3, Level.COLUMN: 4}

# Longest spelling first, so `MATERIALIZED VIEW` wins over a view named `materialized`.
KINDS: tuple[tuple[tuple[str, ...], Level], ...] = tuple(
    sorted(
        (
            *(((kind,), Level.RELATION) for kind in ("TABLE", "VIEW", "FUNCTION", "PROCEDURE")),
            (("VOLUME",), Level.RELATION),
            (("MATERIALIZED", "VIEW"), Level.RELATION),
            (("STREAMING", "TABLE"), Level.RELATION),
            (("EXTERNAL", "TABLE"), Level.RELATION),
            (("EXTERNAL", "VOLUME"), Level.RELATION),
            (("FOREIGN", "TABLE"), Level.RELATION),
            (("LIVE", "TABLE"), Level.RELATION),
            (("LIVE", "VIEW"), Level.RELATION),
            (("BLOOMFILTER", "INDEX", "ON", "TABLE"), Level.RELATION),
            (("BLOOMFILTER", "INDEX", "ON"), Level.RELATION),
            (("SCHEMA",), Level.SCHEMA),
            (("DATABASE",), Level.SCHEMA),
            (("NAMESPACE",), Level.SCHEMA),
            (("FOREIGN", "SCHEMA"), Level.SCHEMA),
            (("CATALOG",), Level.CATALOG),
            (("FOREIGN", "CATALOG"), Level.CATALOG),
            (("COLUMN",), Level.COLUMN),
            *(
                (kind, Level.OUTSIDE)
                for kind in (
                    ("METASTORE",),
                    ("SHARE",),
                    ("RECIPIENT",),
                    ("PROVIDER",),
                    ("CONNECTION",),
                    ("CREDENTIAL",),
                    ("STORAGE", "CREDENTIAL"),
                    ("SERVICE", "CREDENTIAL"),
                    ("EXTERNAL", "LOCATION"),
                    ("CLEAN", "ROOM"),
                    ("ANY", "FILE"),
                    ("ANONYMOUS", "FUNCTION"),
                    ("GROUP",),
                )
            ),
        ),
        key=lambda entry: -len(entry[0]),
    )
)

# `delta.`/path`` names a table by its storage location, outside any catalog.
FILE_FORMATS = frozenset(
    {"delta", "parquet", "orc", "json", "csv", "avro", "text", "binaryfile", "iceberg"}
)


def kind(cur: Cursor, *, default: Level | None = None) -> Kind:
    """Consume an object kind (``TABLE``, ``MATERIALIZED VIEW``, ``SCHEMA`` ...); without one,
    ``default`` if given."""
    for words, level in KINDS:
        if cur.accept(*words):
            return Kind(level, " ".join(words))
    if default is None:
        raise CannotAnalyze(f"unknown object kind {describe(cur.peek())}")
    return Kind(default, "")


def required_name(cur: Cursor) -> Name:
    """Consume the name that must come next."""
    name = cur.name()
    if name is None:
        raise CannotAnalyze(f"expected a name, found {describe(cur.peek())}")
    return name


def catalog_of(name: Name, level: Level, default: str) -> str:
    """The catalog holding ``name``; a name shorter than its level's full form is in
    ``default``."""
    most = MOST_PARTS[level]
    count = len(name.parts)
    if count > most or (level is Level.COLUMN and count < 2):
        raise CannotAnalyze(f"`{name.text}` is not a {level.name.lower()} name")
    if count == 2 and name.parts[0].lower() in FILE_FORMATS and "/" in name.parts[1]:
        # The path is not repeated: storage paths can carry tokens (`?sig=...`).
        raise CannotAnalyze("it names a storage path, not an object in a catalog")
    return name.parts[0].lower() if count == most else default


def shown(name: Name, level: Level) -> str:
    """The name as a message shows it: a bare name would not say it is a catalog or schema."""
    return name.text if level is Level.RELATION else f"{level.name} {name.text}"
