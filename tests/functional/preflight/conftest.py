"""The fixtures of preflight's end-to-end tests (helpers in preflight_env.py)."""

from preflight_env import admin, project, warehouse

__all__ = ["admin", "project", "warehouse"]
