"""Evaluates the package's pure Jinja rules (``macros/rules/*.sql``) from Python.

Environment resolution and routing are written once, as macros, because dbt must evaluate them
for both install paths (the adapter and the plain ``type: databricks`` package). The adapter
runs those very files here rather than keeping a Python copy that could drift from them.
"""

from __future__ import annotations

import re
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


_DEFINED = re.compile(r"\{%-?\s*macro\s+(\w+)\s*\(")


@cache
def _index() -> dict[str, Path]:
    """Which file of the pure directories defines each macro (read, not compiled)."""
    where: dict[str, Path] = {}
    for directory in PURE_DIRS:
        for path in sorted(directory.glob("*.sql")):
            for name in _DEFINED.findall(path.read_text()):
                where.setdefault(name, path)
    return where


class _Namespace:
    """``databricks_envs`` as the pure macros see it: a macro is compiled, with the rest of its
    file, the first time anything asks for it. A dbt invocation compiles only what it calls
    (routing: one file; preflight's http_path check: one more), never the whole package."""

    def __getattr__(self, name: str) -> jinja2.runtime.Macro:
        path = _index().get(name)
        if path is None:
            raise AttributeError(name)
        return _compile(path)[name]

    def __getitem__(self, name: str) -> jinja2.runtime.Macro:
        try:
            return getattr(self, name)
        except AttributeError:
            raise KeyError(name) from None

    def __contains__(self, name: object) -> bool:
        return name in _index()


_NAMESPACE = _Namespace()


@cache
def _environment() -> jinja2.Environment:
    # Unoptimized: Jinja's optimizer only folds constants, and costs more to compile these
    # macros than it could ever save running them.
    env = jinja2.Environment(
        extensions=["jinja2.ext.do"], undefined=jinja2.StrictUndefined, optimized=False
    )
    env.context_class = _MacroContext
    return env


@cache
def _compile(path: Path) -> dict[str, jinja2.runtime.Macro]:
    """The macros one file defines; they call each other, and the others, as
    ``databricks_envs.<name>``."""
    template = _environment().from_string(path.read_text())
    context = template.new_context(
        {"return": _return, "exceptions": _Exceptions(), "databricks_envs": _NAMESPACE}
    )
    for _ in template.root_render_func(context):
        pass
    return {k: v for k, v in context.vars.items() if isinstance(v, jinja2.runtime.Macro)}


def _macros(directories: tuple[Path, ...] = PURE_DIRS) -> dict[str, jinja2.runtime.Macro]:
    """Every macro of ``directories`` (each file compiled once, when first needed)."""
    return {
        name: _NAMESPACE[name]
        for name, path in _index().items()
        if any(path.parent == directory for directory in directories)
    }


def call(macro: str, *args: Any) -> Any:
    """Calls one of the pure macros with plain Python values and returns what it returns."""
    if macro not in _NAMESPACE:
        raise RuleError(f"no rule macro named {macro}")
    try:
        _NAMESPACE[macro](*args)
    except _Return as returned:
        return returned.value
    raise RuleError(f"rule macro {macro} returned no value")  # pragma: no cover
