"""Makes ``databricks_envs.<macro>`` resolve with ``type: databricks_envs`` and no ``dbt deps``.

The package's macros call each other, and users call them (``databricks_envs.preflight_hook()``),
through the package namespace ``databricks_envs``. With plain ``type: databricks`` that namespace
is the installed package. With this adapter the same macro files arrive as the internal include
project ``dbt_databricks_envs``, which dbt only exposes flat; dbt has no hook for an adapter to
name its include project, so this aliases it when building each macro namespace.
"""

from __future__ import annotations

from typing import Any

from dbt.context.macros import MacroNamespace, MacroNamespaceBuilder

PACKAGE_NAME = "databricks_envs"
INCLUDE_PROJECT_NAME = "dbt_databricks_envs"

_original_build_namespace = MacroNamespaceBuilder.build_namespace


def _build_namespace(self: MacroNamespaceBuilder, *args: Any, **kwargs: Any) -> MacroNamespace:
    namespace = _original_build_namespace(self, *args, **kwargs)
    include = self.internal_packages.get(INCLUDE_PROJECT_NAME)
    # An installed `databricks_envs` package (same macro files) keeps precedence.
    if include is not None and PACKAGE_NAME not in namespace.packages:
        namespace.packages[PACKAGE_NAME] = include
    return namespace


def install() -> None:
    if MacroNamespaceBuilder.build_namespace is not _build_namespace:
        MacroNamespaceBuilder.build_namespace = _build_namespace  # type: ignore[method-assign]
