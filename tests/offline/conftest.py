"""Offline dbt tests: `dbt ls` / `dbt parse` against a fake host; nothing connects."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from offline_dbt import INSTALL_PATHS, make_project


@pytest.fixture(scope="session")
def projects(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("routing")
    return {path: make_project(root, path) for path in INSTALL_PATHS}


@pytest.fixture
def clean_ci_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., None]]:
    for name in ("DBT_CLOUD_PR_ID", "GITHUB_REF", "CI_MERGE_REQUEST_IID"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("DBT_CLOUD_INVOCATION_CONTEXT", raising=False)
    yield monkeypatch.setenv
