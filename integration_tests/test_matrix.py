"""The scenario matrix under pytest (`make test`): each scenario of scenarios.yml on each install
path it names, on its own local warehouse. See matrix.py for what is asserted."""

from __future__ import annotations

from pathlib import Path

import pytest
from matrix import Scenario, check_scenario, scenarios

CASES = [
    pytest.param(scenario, path, id=f"{scenario.name}-{path}")
    for scenario in scenarios()
    for path in scenario.paths
]


def test_there_are_enough_scenarios() -> None:
    assert len({case.values[0].name for case in CASES}) >= 30  # type: ignore[union-attr]


@pytest.mark.parametrize(("scenario", "install_path"), CASES)
def test_preflight_and_the_build_agree(
    scenario: Scenario, install_path: str, tmp_path: Path
) -> None:
    problems = check_scenario(scenario, install_path, tmp_path)
    assert not problems, f"{scenario.name} ({install_path}): {scenario.about}\n" + "\n".join(
        problems
    )
