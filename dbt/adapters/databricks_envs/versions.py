"""Which dbt-core and dbt-databricks this release supports, and what happens on another.

The adapter wraps internals of both (the macro namespace, the connection's handle), so it is
tested on every supported minor (``make test-compat``). On any other version it refuses to load,
naming the versions, unless ``DBT_DATABRICKS_ENVS_ALLOW_UNSUPPORTED=1`` makes that a warning: a
write guard that silently stopped guarding would be worse than none.
"""

from __future__ import annotations

import os
from importlib.metadata import PackageNotFoundError, version

from packaging.version import InvalidVersion, Version

# Minor versions tested as a matrix. dbt-core 1.10 cannot be installed beside any
# dbt-databricks 1.12.x (they all require dbt-core>=1.11.2).
SUPPORTED: dict[str, tuple[str, ...]] = {
    "dbt-core": ("1.11", "1.12"),
    "dbt-databricks": ("1.12",),
}
ALLOW_VARIABLE = "DBT_DATABRICKS_ENVS_ALLOW_UNSUPPORTED"
SUPPORTED_SENTENCE = (
    "This release supports dbt-core 1.11 and 1.12 with dbt-databricks 1.12.x: "
    "pip install 'dbt-core>=1.11,<1.13' 'dbt-databricks>=1.12,<1.13'."
)


def installed(distribution: str) -> str:
    try:
        return version(distribution)
    except PackageNotFoundError:
        return "(not installed)"


def minor(text: str) -> str | None:
    try:
        parsed = Version(text)
    except InvalidVersion:
        return None
    return f"{parsed.major}.{parsed.minor}"


def unsupported(found: dict[str, str] | None = None) -> list[str]:
    """``distribution version`` for each installed distribution outside ``SUPPORTED``."""
    found = found if found is not None else {name: installed(name) for name in SUPPORTED}
    return [
        f"{name} {found[name]}"
        for name, minors in SUPPORTED.items()
        if minor(found[name]) not in minors
    ]


def check(found: dict[str, str] | None = None) -> str | None:
    """Raises ``RuntimeError`` on an unsupported version; returns a warning instead when
    ``DBT_DATABRICKS_ENVS_ALLOW_UNSUPPORTED=1``; None when everything is supported."""
    wrong = unsupported(found)
    if not wrong:
        return None
    message = (
        f"dbt-databricks-envs has not been tested with {' and '.join(wrong)}. {SUPPORTED_SENTENCE}"
    )
    if os.environ.get(ALLOW_VARIABLE) == "1":
        return f"{message} Running anyway ({ALLOW_VARIABLE}=1)."
    raise RuntimeError(f"{message} To try it anyway, set {ALLOW_VARIABLE}=1.")
