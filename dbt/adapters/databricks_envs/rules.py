"""Evaluates the package's pure Jinja macros (``pure/``) from Python.

Environment resolution and routing (``pure/rules/``), preflight's checks (``pure/preflight/``)
and the CI lifecycle (``pure/ci/``) are written once, as macros that read nothing but their
arguments, because both install paths must evaluate them. With the plain ``type: databricks``
package dbt parses them as macros of the package. With ``type: databricks_envs`` dbt never
parses them (its include project reads ``macros/`` only): the adapter runs those very files here,
a file at a time when first called, and serves them to dbt's Jinja as
``databricks_envs.<macro>`` (:mod:`.macro_namespace`). Nothing keeps a Python copy that could
drift from them, and a full ``dbt parse`` does not pay for 77 KB of macros it never calls.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
import jinja2.bccache
import jinja2.runtime

from dbt.include.databricks_envs import PACKAGE_PATH

PURE_PATH = Path(PACKAGE_PATH) / "pure"
RULES_DIR = PURE_PATH / "rules"
PURE_DIRS = (RULES_DIR, PURE_PATH / "preflight", PURE_PATH / "ci")


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
    (routing: one file; preflight's http_path check: one more), never the whole package.

    ``as_dbt``: undefined values as dbt's Jinja has them when it runs a macro (Jinja's default
    ``Undefined``: a missing key or attribute reads as false and empty, and using it further
    fails; ``dbt_common``'s chainable kind is only for capturing a node's macro calls), for
    macros served to dbt; or strict (the adapter's own calls and the tests: a typo fails
    instead of reading as empty)."""

    def __init__(self, as_dbt: bool) -> None:
        self.as_dbt = as_dbt

    def __getattr__(self, name: str) -> jinja2.runtime.Macro:
        path = _index().get(name)
        if path is None:
            raise AttributeError(name)
        return _compile(path, self.as_dbt)[name]

    def __getitem__(self, name: str) -> jinja2.runtime.Macro:
        try:
            return getattr(self, name)
        except AttributeError:
            raise KeyError(name) from None

    def __contains__(self, name: object) -> bool:
        return name in _index()


_NAMESPACE = _Namespace(as_dbt=False)
_DBT_NAMESPACE = _Namespace(as_dbt=True)


@cache
def _environment(as_dbt: bool = False) -> jinja2.Environment:
    # Unoptimized: Jinja's optimizer only folds constants, and costs more to compile these
    # macros than it could ever save running them.
    env = jinja2.Environment(
        extensions=["jinja2.ext.do"],
        undefined=jinja2.Undefined if as_dbt else jinja2.StrictUndefined,
        optimized=False,
        loader=jinja2.FunctionLoader(_load),
        bytecode_cache=_bytecode_cache("dbt" if as_dbt else "strict"),
    )
    env.context_class = _MacroContext
    return env


def _load(name: str) -> tuple[str, str, Callable[[], bool]]:
    return Path(name).read_text(), name, lambda: True


class _BytecodeCache(jinja2.FileSystemBytecodeCache):
    """Jinja's cache, but a cache: a file it cannot read or write (a full or read-only
    temporary directory) means compiling again, never a failed dbt command."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except OSError:
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def _bytecode_cache(flavour: str) -> jinja2.BytecodeCache | None:
    """Jinja's own cache of compiled templates, in its private per-user directory under the
    system's temporary directory (written atomically, checked against the source's checksum,
    the Python version and, through the file name, Jinja's version). Compiling the routing
    rules was most of the first node's routing (about 40 ms) in every `dbt parse`, and
    preflight's checks cost about 170 ms more. None (compile every time) where that directory
    cannot be made safely."""
    try:
        return _BytecodeCache(
            pattern=f"__dbt_databricks_envs_{flavour}_{jinja2.__version__}_%s.cache"
        )
    except (OSError, RuntimeError):
        return None


@cache
def _compile(path: Path, as_dbt: bool = False) -> dict[str, jinja2.runtime.Macro]:
    """The macros one file defines; they call each other, and the others, as
    ``databricks_envs.<name>``."""
    template = _environment(as_dbt).get_template(str(path))
    namespace = _DBT_NAMESPACE if as_dbt else _NAMESPACE
    context = template.new_context(
        {"return": _return, "exceptions": _Exceptions(), "databricks_envs": namespace}
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


def names() -> frozenset[str]:
    """The names of every pure macro (the files are read, not compiled)."""
    return frozenset(_index())


def call(macro: str, *args: Any, **kwargs: Any) -> Any:
    """Calls one of the pure macros with plain Python values, as dbt calls a macro: the value
    it passes to ``return()``, or else the text it renders. Strict about undefined values."""
    return _call(_NAMESPACE, macro, args, kwargs)


def call_as_dbt(macro: str, *args: Any, **kwargs: Any) -> Any:
    """The same, reading undefined values as dbt's Jinja does: for a macro dbt calls."""
    return _call(_DBT_NAMESPACE, macro, args, kwargs)


def _call(namespace: _Namespace, macro: str, args: Any, kwargs: Any) -> Any:
    if macro not in namespace:
        raise RuleError(f"no rule macro named {macro}")
    try:
        return namespace[macro](*args, **kwargs)
    except _Return as returned:
        return returned.value
