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
"""

from __future__ import annotations

from collections import ChainMap
from collections.abc import Mapping, MutableMapping
from typing import Any

from dbt.context.macros import MacroNamespace, MacroNamespaceBuilder
from dbt_common.exceptions import DbtRuntimeError

from dbt.adapters.databricks_envs import versions

PACKAGE_NAME = "databricks_envs"
INCLUDE_PROJECT_NAME = "dbt_databricks_envs"

_original_build_namespace = MacroNamespaceBuilder.build_namespace


def alias(builder: Any, namespace: Any, macros_by_package: Mapping[str, Any]) -> None:
    """Adds ``databricks_envs`` -> the include project's macros to ``namespace``, in place.

    An installed ``databricks_envs`` package (the same macro files) keeps precedence, and so
    does anything else already answering to that name.
    """
    if isinstance(namespace, ChainMap):
        include = macros_by_package.get(INCLUDE_PROJECT_NAME)
        if include is not None and PACKAGE_NAME not in namespace:
            # Last: every existing meaning of the name wins.
            namespace.maps.append({PACKAGE_NAME: include})
        return
    packages = getattr(namespace, "packages", None)
    internal = getattr(builder, "internal_packages", None)
    if isinstance(packages, MutableMapping) and isinstance(internal, Mapping):
        include = internal.get(INCLUDE_PROJECT_NAME)
        if include is not None and PACKAGE_NAME not in packages:
            packages[PACKAGE_NAME] = include
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
    return namespace


def install() -> None:
    if MacroNamespaceBuilder.build_namespace is not _build_namespace:
        MacroNamespaceBuilder.build_namespace = _build_namespace  # type: ignore[method-assign]
