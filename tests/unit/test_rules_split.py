"""The pure macros are compiled a file at a time, when first called (``rules.call``): a dbt
invocation compiles the files it uses, never the whole package. Only correct while each macro
is defined once."""

from __future__ import annotations

import functools
import re
from collections import Counter
from pathlib import Path

import jinja2
import pytest

from dbt.adapters.databricks_envs import preflight, rules

DEFINED = re.compile(r"\{%-?\s*macro\s+(\w+)\s*\(")
GIVEN = {
    "profile_environment": None,
    "raw_settings": {"prod": {"catalogs": {"analytics": "prod_analytics"}}},
    "invocation_context": "",
    "target_name": "prod",
    "ci_env": {},
}


def _files() -> list[Path]:
    return [path for directory in rules.PURE_DIRS for path in sorted(directory.glob("*.sql"))]


@pytest.fixture
def compiled(monkeypatch: pytest.MonkeyPatch) -> set[Path]:
    """The files compiled while the test runs (from nothing compiled)."""
    seen: set[Path] = set()
    original = rules._compile.__wrapped__

    def recording(path: Path, as_dbt: bool = False) -> dict[str, object]:
        seen.add(path)
        return original(path, as_dbt)

    monkeypatch.setattr(rules, "_compile", functools.cache(recording))
    return seen


def test_every_pure_macro_is_defined_once() -> None:
    counts = Counter(name for path in _files() for name in DEFINED.findall(path.read_text()))
    assert counts
    assert [name for name, count in counts.items() if count > 1] == []


def test_routing_compiles_only_the_rules(compiled: set[Path]) -> None:
    assert rules.call("_dbenvs_answer", "database", "analytics", "prod", GIVEN) == "prod_analytics"
    assert compiled
    assert {path.parent for path in compiled} == {rules.RULES_DIR}


def test_the_adapters_http_path_rule_compiles_one_small_file(compiled: set[Path]) -> None:
    assert preflight.warehouse_id("/sql/1.0/warehouses/abc123") == "abc123"
    assert preflight.warehouse_id("/sql/1.0/endpoints/abc123") == "abc123"
    assert preflight.warehouse_id("sql/protocolv1/o/1/0123-cluster") is None
    assert [path.name for path in compiled] == ["_check.sql"]


def test_answers_are_those_of_everything_compiled() -> None:
    everything = rules._macros()
    alone = rules._macros((rules.RULES_DIR,))
    assert "_dbenvs_pf_select" not in alone and "_dbenvs_pf_select" in everything
    for question, answer in {
        ("environment", None, None): "prod",
        ("schema", "finance", "core"): "finance",
        ("database", "analytics", "prod"): "prod_analytics",
    }.items():
        assert rules.call("_dbenvs_answer", *question, GIVEN) == answer
        for macros in (alone, everything):
            try:
                macros["_dbenvs_answer"](*question, GIVEN)
            except rules._Return as returned:
                assert returned.value == answer
            else:
                raise AssertionError("no value returned")


def test_an_unknown_macro_is_a_rule_error() -> None:
    with pytest.raises(rules.RuleError, match="no rule macro named _dbenvs_nothing"):
        rules.call("_dbenvs_nothing")


UNDEFINED_CASES = (
    "{{ 'yes' if node.tags else 'no' }}",
    "{{ node.tags | length }}{% for t in node.tags %}{{ t }}{% endfor %}",
    "{{ node.get('config') is none }}{{ node.config is defined }}",
    "{{ node.config.meta }}",
    "{{ node.config.get('x') }}",
    "{{ node.missing() }}",
)


@pytest.mark.parametrize("template", UNDEFINED_CASES)
def test_macros_served_to_dbt_read_undefined_values_as_a_dbt_macro_does(template: str) -> None:
    """The oracle is dbt's own environment for running a macro (dbt_common's get_environment
    without capture_macros): a missing key reads as false and empty, using it further fails.
    The adapter's own calls stay strict: any use of a missing key fails."""
    from dbt_common.clients.jinja import get_environment

    def outcome(env: jinja2.Environment) -> str:
        try:
            return env.from_string(template).render({"node": {}})
        except jinja2.UndefinedError:
            return "UndefinedError"

    expected = outcome(get_environment())
    assert outcome(rules._environment(as_dbt=True)) == expected
    if "is defined" not in template:
        assert outcome(rules._environment()) == "UndefinedError"


def test_a_pure_macro_called_as_dbt_answers_as_called_strictly() -> None:
    nodes = {"model.p.a": {"name": "a", "tags": ["x"]}, "model.p.b": {"name": "b", "tags": []}}
    assert rules.call_as_dbt("_dbenvs_pf_select", nodes, "tag:x", None) == ["model.p.a"]
    assert rules.call("_dbenvs_pf_select", nodes, "tag:x", None) == ["model.p.a"]
    with pytest.raises(rules.RuleError, match="no rule macro named _nope"):
        rules.call_as_dbt("_nope")


def test_compiled_macros_come_back_from_jinja_s_bytecode_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A second process (here: fresh in-memory caches) loads the compiled rules from Jinja's
    bytecode cache instead of compiling them again, and they answer the same."""
    loaded: list[bool] = []

    class Recording(jinja2.FileSystemBytecodeCache):
        def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
            super().load_bytecode(bucket)
            loaded.append(bucket.code is not None)

    monkeypatch.setattr(rules, "_bytecode_cache", lambda flavour: Recording(str(tmp_path)))
    question = ("database", "analytics", "prod", GIVEN)
    try:
        for _ in range(2):
            rules._environment.cache_clear()
            rules._compile.cache_clear()
            assert rules.call("_dbenvs_answer", *question) == "prod_analytics"
        assert list(tmp_path.iterdir())
        files = len(loaded) // 2
        assert loaded[:files] == [False] * files  # first: compiled, then stored
        assert loaded[files:] == [True] * files  # second: read back
    finally:
        rules._environment.cache_clear()
        rules._compile.cache_clear()


def test_no_bytecode_cache_where_its_directory_cannot_be_made(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def refuse(self: object, *args: object, **kwargs: object) -> None:
        raise RuntimeError("Cannot create or use private cache directory")

    monkeypatch.setattr(jinja2.FileSystemBytecodeCache, "__init__", refuse)
    assert rules._bytecode_cache("strict") is None


def test_a_bytecode_cache_that_cannot_be_read_or_written_only_costs_a_compile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full or read-only temporary directory: the rules still answer (Jinja's own cache
    raises on a failed write, which would fail every dbt command)."""

    def no_space(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(jinja2.bccache.Bucket, "write_bytecode", no_space)
    monkeypatch.setattr(
        rules, "_bytecode_cache", lambda flavour: rules._BytecodeCache(str(tmp_path))
    )
    question = ("database", "analytics", "prod", GIVEN)
    try:
        rules._environment.cache_clear()
        rules._compile.cache_clear()
        assert rules.call("_dbenvs_answer", *question) == "prod_analytics"
        monkeypatch.setattr(jinja2.bccache.Bucket, "load_bytecode", no_space)
        (tmp_path / "x.cache").write_bytes(b"")
        monkeypatch.setattr(
            rules._BytecodeCache, "_get_cache_filename", lambda *a: str(tmp_path / "x.cache")
        )
        rules._environment.cache_clear()
        rules._compile.cache_clear()
        assert rules.call_as_dbt("_dbenvs_answer", *question) == "prod_analytics"
    finally:
        rules._environment.cache_clear()
        rules._compile.cache_clear()
