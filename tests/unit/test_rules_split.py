"""The routing rules are compiled on their own (``rules.call``): only correct while they call
nothing outside ``macros/rules/`` and nothing else redefines one of them."""

from __future__ import annotations

import re

from dbt.adapters.databricks_envs import rules

DEFINED = re.compile(r"\{%-?\s*macro\s+(\w+)\s*\(")
CALLED = re.compile(r"databricks_envs\.(\w+)")


def _text(directories: tuple[object, ...]) -> str:
    return "".join(
        path.read_text()  # type: ignore[attr-defined]
        for directory in directories
        for path in sorted(directory.glob("*.sql"))  # type: ignore[attr-defined]
    )


def test_the_rules_call_only_rules() -> None:
    text = _text((rules.RULES_DIR,))
    defined = set(DEFINED.findall(text))
    assert defined
    assert set(CALLED.findall(text)) <= defined


def test_nothing_else_redefines_a_rule() -> None:
    routing = set(DEFINED.findall(_text((rules.RULES_DIR,))))
    others = DEFINED.findall(_text(tuple(d for d in rules.PURE_DIRS if d != rules.RULES_DIR)))
    assert others
    assert routing.isdisjoint(others)


def _answer(macros: dict[str, object], *args: object) -> object:
    try:
        macros["_dbenvs_answer"](*args)  # type: ignore[operator]
    except rules._Return as returned:
        return returned.value
    raise AssertionError("no value returned")


def test_rules_compiled_alone_answer_as_with_everything() -> None:
    given = {
        "profile_environment": None,
        "raw_settings": {"prod": {"catalogs": {"analytics": "prod_analytics"}}},
        "invocation_context": "",
        "target_name": "prod",
        "ci_env": {},
    }
    alone, everything = rules._macros((rules.RULES_DIR,)), rules._macros()
    assert "_dbenvs_pf_select" not in alone and "_dbenvs_pf_select" in everything
    expected = {
        ("environment", None, None): "prod",
        ("schema", "finance", "core"): "finance",
        ("database", "analytics", "prod"): "prod_analytics",
    }
    for question, answer in expected.items():
        assert rules.call("_dbenvs_answer", *question, given) == answer
        assert _answer(alone, *question, given) == answer
        assert _answer(everything, *question, given) == answer
