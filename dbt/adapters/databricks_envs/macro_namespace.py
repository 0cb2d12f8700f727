"""Makes ``databricks_envs.<macro>`` resolve with ``type: databricks_envs`` and no ``dbt deps``.

The package's macros call each other, and users call them (``databricks_envs.preflight_hook()``),
through the package namespace ``databricks_envs``. With plain ``type: databricks`` that namespace
is the installed package. With this adapter the same macro files arrive as the internal include
project ``dbt_databricks_envs``, which dbt only exposes flat (and as ``dbt.<macro>``).

dbt has no hook for an adapter to name its include project, so this is the one patch of a dbt-core
internal the adapter keeps: it wraps ``MacroNamespaceBuilder.build_namespace`` and adds the alias
to what it returns. The namespace's shape differs between dbt-core versions:

- 1.11 and earlier: a ``MacroNamespace`` with a ``packages`` dict of per-package macro dicts,
  and the builder's ``internal_packages`` a dict keyed by package name;
- 1.12: a ``ChainMap`` of lookup dicts, whose per-package entries are the raw macro dicts of
  ``macros_by_package``.

An unknown shape (a dbt-core this release does not support) fails with a message naming the
supported versions, never with an ``AttributeError`` deep inside dbt.

The same wrapper does two more things to the namespace it returns, both for the speed of a full
``dbt parse`` (``benchmarks/parse.py``):

- ``databricks_envs.<macro>`` also answers the pure macros (``pure/``), which dbt never parses
  with this adapter: they are evaluated from Python (:mod:`.rules`), so they cost nothing
  until called (a full parse of the package's 77 KB of them was the largest part of what
  this adapter added to ``dbt parse``). Undefined values read as they do in a dbt macro, and
  a compile error they raise is dbt's ``CompilationError``, with the package's message.
- A root project with no macros of its own is absent from dbt's namespace, and every
  ``adapter.dispatch(..., 'dbt')`` (three per parsed node: database, schema and alias names)
  asks it for each adapter prefix, each time building and catching a
  ``PackageNotFoundForMacroError`` that scans the environment for secrets. The only caller of
  ``get_from_package`` is ``dispatch``, which treats that error as "not found": this namespace
  answers "not found" for such a root project without the exception.
"""

from __future__ import annotations

from collections import ChainMap
from collections.abc import Mapping, MutableMapping
from functools import cache
from typing import Any

from dbt.context.macros import MacroNamespace, MacroNamespaceBuilder
from dbt_common.exceptions import CompilationError, DbtRuntimeError

from dbt.adapters.databricks_envs import rules, versions

PACKAGE_NAME = "databricks_envs"
INCLUDE_PROJECT_NAME = "dbt_databricks_envs"

_original_build_namespace = MacroNamespaceBuilder.build_namespace


class PureMacro:
    """One pure macro as dbt's Jinja sees it: ``databricks_envs.<name>(...)`` evaluates the
    macro's file from Python and returns what the macro returns, like a dbt macro."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return rules.call_as_dbt(self.name, *args, **kwargs)
        except rules.RuleError as error:
            # What `exceptions.raise_compiler_error` raises when dbt runs the package's macros.
            raise CompilationError(str(error)) from None

    def __repr__(self) -> str:
        return f"<pure macro databricks_envs.{self.name}>"


@cache
def pure_macros() -> dict[str, PureMacro]:
    """Every pure macro by name (built once; nothing is compiled until called)."""
    return {name: PureMacro(name) for name in sorted(rules.names())}


def alias(builder: Any, namespace: Any, macros_by_package: Mapping[str, Any]) -> None:
    """Adds ``databricks_envs`` -> the include project's macros to ``namespace``, in place.

    An installed ``databricks_envs`` package (the same macro files) keeps precedence, and so
    does anything else already answering to that name.
    """
    if isinstance(namespace, ChainMap):
        include = macros_by_package.get(INCLUDE_PROJECT_NAME)
        if include is not None and PACKAGE_NAME not in namespace:
            # Last: every existing meaning of the name wins.
            namespace.maps.append({PACKAGE_NAME: ChainMap(include, pure_macros())})
        return
    packages = getattr(namespace, "packages", None)
    internal = getattr(builder, "internal_packages", None)
    if isinstance(packages, MutableMapping) and isinstance(internal, Mapping):
        include = internal.get(INCLUDE_PROJECT_NAME)
        if include is not None and PACKAGE_NAME not in packages:
            packages[PACKAGE_NAME] = ChainMap(include, pure_macros())
        return
    raise DbtRuntimeError(
        "dbt-databricks-envs cannot expose its macros as `databricks_envs.<macro>` on "
        f"dbt-core {versions.installed('dbt-core')}: dbt's macro namespace has a shape this "
        f"release does not know. {versions.SUPPORTED_SENTENCE}"
    )


def _build_namespace(
    self: MacroNamespaceBuilder, macros_by_package: Any, *args: Any, **kwargs: Any
) -> MacroNamespace:
    namespace = _original_build_namespace(self, macros_by_package, *args, **kwargs)
    alias(self, namespace, macros_by_package)
    quiet_absent_root(self, namespace, macros_by_package)
    return namespace


def quiet_absent_root(builder: Any, namespace: Any, macros_by_package: Mapping[str, Any]) -> None:
    """``namespace.get_from_package(<root project>, ...)`` answers None, as ``dispatch`` reads
    the error it would raise, when the root project has no macros (and so no namespace).
    Only with this adapter (its include project among the macros): in a process that also runs
    plain ``type: databricks`` (a test suite), dbt behaves as it always does there."""
    root = getattr(builder, "root_package", None)
    if (
        not isinstance(root, str)
        or root in macros_by_package
        or INCLUDE_PROJECT_NAME not in macros_by_package
        # A root project named like the package answers as the package (``alias``).
        or root == PACKAGE_NAME
    ):
        return
    found = namespace.get_from_package

    def get_from_package(package_name: str | None, name: str) -> Any:
        if package_name == root:
            return None
        return found(package_name, name)

    namespace.get_from_package = get_from_package


def install() -> None:
    if MacroNamespaceBuilder.build_namespace is not _build_namespace:
        MacroNamespaceBuilder.build_namespace = _build_namespace  # type: ignore[method-assign]
