"""Evaluates the package's pure Jinja rules (``macros/rules/*.sql``) from Python.

Environment resolution and routing are written once, as macros, because dbt must evaluate them
for both install paths (the adapter and the plain ``type: databricks`` package). The adapter
runs those very files here rather than keeping a Python copy that could drift from them.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import jinja2
import jinja2.runtime

from dbt.include.databricks_envs import PACKAGE_PATH

RULES_DIR = Path(PACKAGE_PATH) / "macros" / "rules"
# Preflight's checks and the CI lifecycle are pure macros too: dbt evaluates them for the
# package, tests here.
PURE_DIRS = (
    RULES_DIR,
    Path(PACKAGE_PATH) / "macros" / "preflight" / "pure",
    Path(PACKAGE_PATH) / "macros" / "ci" / "pure",
)


class RuleError(ValueError):
    """A rule refused its input: the message names the setting and the fix."""


class _Return(Exception):
    def __init__(self, value: Any) -> None:
        super().__init__()
        self.value = value


def _return(value: Any) -> None:
    raise _Return(value)


class _Exceptions:
    @staticmethod
    def raise_compiler_error(message: str) -> None:
        raise RuleError(message)


class _MacroContext(jinja2.runtime.Context):
    """Gives macro calls dbt's semantics: ``{{ return(x) }}`` makes the call evaluate to x."""

    def call(__self, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().call(__obj, *args, **kwargs)
        except _Return as returned:
            if not isinstance(__obj, jinja2.runtime.Macro):
                raise
            return returned.value


@cache
def _macros(directories: tuple[Path, ...] = PURE_DIRS) -> dict[str, jinja2.runtime.Macro]:
    """Every macro of ``directories``, defined once; they call each other as
    ``databricks_envs.<name>``."""
    # Unoptimized: Jinja's optimizer only folds constants, and costs more to compile these
    # macros (every dbt invocation does, once) than it could ever save running them.
    env = jinja2.Environment(
        extensions=["jinja2.ext.do"], undefined=jinja2.StrictUndefined, optimized=False
    )
    env.context_class = _MacroContext
    source = "".join(
        path.read_text() for directory in directories for path in sorted(directory.glob("*.sql"))
    )
    template = env.from_string(source)
    context = template.new_context({"return": _return, "exceptions": _Exceptions()})
    for _ in template.root_render_func(context):
        pass
    macros = {k: v for k, v in context.vars.items() if isinstance(v, jinja2.runtime.Macro)}
    # The package's namespace, as dbt exposes it to package macros.
    context.vars["databricks_envs"] = macros
    return macros


def call(macro: str, *args: Any) -> Any:
    """Calls one of the rule macros with plain Python values and returns what it returns.

    The routing rules call only each other: they are compiled on their own, which is what
    every dbt invocation of the adapter needs (a fifth of the Jinja to compile); the rest
    (preflight, the CI lifecycle) is compiled the first time one of its macros is called.
    """
    routing = _macros((RULES_DIR,))
    macros = routing if macro in routing else _macros()
    try:
        macros[macro](*args)
    except _Return as returned:
        return returned.value
    raise RuleError(f"rule macro {macro} returned no value")  # pragma: no cover
