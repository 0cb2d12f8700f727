"""The CI lifecycle end to end, on a local warehouse, driven by the workflow files the README
offers (examples/ci/): their dbt commands are parsed out and run as the CI system would run them.

prod build -> artifacts kept -> a model changed -> the pull request job of PR 101 (preflight in
Markdown to the job summary, `state:modified+ --defer`) into its own labelled schema -> the same
for PR 102 -> cleanup of PR 101 (dry run, then the close job) -> the nightly job drops the
expired schemas, keeps the pinned ones, and never touches a hand-made `dbt_ci_pr_999`.
Through `type: databricks_envs` and through plain `type: databricks` with the package.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from matrix import CI_RUNNER, Run, Scenario

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "ci"
SHELL_OPERATORS = {">", ">>", "|", "||", "&&", ";"}
LABEL = "dbt_databricks_envs."


def dbt_commands(lines: list[str], substitutions: dict[str, str]) -> list[list[str]]:
    """The dbt invocations among shell lines, as argument lists (redirections dropped)."""
    commands = []
    for line in lines:
        for name, value in substitutions.items():
            line = line.replace(name, value)
        words = shlex.split(line)
        if not words or words[0] != "dbt":
            continue
        cut = next((i for i, w in enumerate(words) if w in SHELL_OPERATORS), len(words))
        commands.append(words[1:cut])
    return commands


def github_job(job: str, pr: str) -> list[list[str]]:
    workflow = yaml.safe_load((EXAMPLES / "github-actions.yml").read_text())
    lines = [
        line
        for step in workflow["jobs"][job]["steps"]
        for line in str(step.get("run", "")).splitlines()
    ]
    return dbt_commands(lines, {"${{ github.event.pull_request.number }}": pr})


def gitlab_job(job: str, pr: str) -> list[list[str]]:
    pipeline = yaml.safe_load((EXAMPLES / "gitlab-ci.yml").read_text())
    lines = [*pipeline["default"]["before_script"], *pipeline[job]["script"]]
    return dbt_commands(lines, {"$CI_MERGE_REQUEST_IID": pr})


@pytest.fixture(params=["adapter", "package"])
def lifecycle(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Run]:
    scenario = Scenario(name="ci_lifecycle", about="the CI lifecycle", target="ci")
    with Run(scenario, request.param, tmp_path) as run:
        config = yaml.safe_load((run.project / "dbt_project.yml").read_text())
        config["vars"]["databricks_envs"]["ci"] = {}  # the pull request comes from the CI system
        (run.project / "dbt_project.yml").write_text(yaml.safe_dump(config, sort_keys=False))
        yield run


def run_job(run: Run, commands: list[list[str]], env: dict[str, str]) -> None:
    """Runs a CI job's dbt commands as its runner would: on a fresh checkout (no target/ from
    an earlier job), with the CI system's variables set."""
    shutil.rmtree(run.project / "target", ignore_errors=True)
    saved = {name: os.environ.get(name) for name in env}
    os.environ.update(env)
    try:
        for command in commands:
            outcome = run.dbt(command)
            assert outcome.success, f"dbt {' '.join(command)} failed:\n{outcome.log[-6000:]}"
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def schemas(run: Run) -> list[str]:
    rows = run.query(
        "select schema_name from system.information_schema.schemata "
        "where catalog_name = 'dev' and schema_name like 'dbt_ci_pr_%' order by schema_name"
    )
    return [str(row[0]) for row in rows]


def labels(run: Run, schema: str) -> dict[str, str]:
    rows = run.query(f"describe schema extended dev.{schema}")
    properties = dict(rows)["Properties"].strip("()")
    found = dict(pair.strip("()").split(",", 1) for pair in properties.split("), ("))
    return {k.removeprefix(LABEL): v for k, v in found.items() if k.startswith(LABEL)}


def pull_request(pr: str, tmp: Path) -> dict[str, str]:
    return {
        "GITHUB_REF": f"refs/pull/{pr}/merge",
        "GITHUB_SHA": f"{pr}abc0123456789",
        "GITHUB_STEP_SUMMARY": str(tmp / f"summary-{pr}.md"),
    }


def production_then_a_change(run: Run) -> None:
    """Production builds and keeps its artifacts, the CI principal may read production's
    staging schema, and a pull request changes one mart."""
    assert run.dbt(["build", "--target", "prod"]).success
    (run.project / "target").rename(run.project / "prod-artifacts")
    run.sql(
        [
            f"grant use catalog on catalog prod to `{CI_RUNNER}`",
            f"grant use schema, select on schema prod.staging to `{CI_RUNNER}`",
        ]
    )
    model = run.project / "models" / "marts" / "customer_orders.sql"
    model.write_text(model.read_text() + "\n-- a change under review\n")


def test_the_ci_lifecycle_of_the_github_workflow(lifecycle: Run, tmp_path: Path) -> None:
    run = lifecycle
    production_then_a_change(run)

    run_job(run, github_job("build", "101"), pull_request("101", tmp_path))
    assert schemas(run) == ["dbt_ci_pr_101"]
    built = run.query(
        "select table_name from system.information_schema.tables "
        "where table_catalog = 'dev' and table_schema = 'dbt_ci_pr_101'"
    )
    # Only what changed is built: its unchanged parents are read from prod (--defer).
    assert [row[0] for row in built] == ["customer_orders"]
    label = labels(run, "dbt_ci_pr_101")
    assert (label["ci"], label["pr_number"], label["created_by"]) == ("true", "101", CI_RUNNER)
    assert label["commit"] == "101abc0123456789"
    assert label["expires_at"] > label["created_at"]
    summary = tmp_path / "summary-101.md"
    if run.install_path == "adapter":
        assert summary.read_text().startswith("### dbt-databricks-envs preflight: passed")
        assert "| status | check | object | message | fix |" in summary.read_text()
    else:
        assert not summary.exists()  # a macro cannot write files: the README says so

    run_job(run, github_job("build", "102"), pull_request("102", tmp_path))
    briefly = "{databricks_envs: {ci: {ttl_days: 0.00001, pr_number: %s}}}"
    for pr in ("103", "104", "105"):
        assert run.dbt(["run", "--select", "stg_orders", "--vars", briefly % pr]).success
    run.sql(
        [
            f"alter schema dev.dbt_ci_pr_105 set dbproperties ('{LABEL}pinned' = 'true')",
            "create schema dev.dbt_ci_pr_999",  # made by hand: no labels
        ]
    )
    expected = [f"dbt_ci_pr_{n}" for n in (101, 102, 103, 104, 105, 999)]
    assert schemas(run) == expected
    time.sleep(1.5)  # 103, 104 and 105 expire

    dry = run.dbt(
        ["run-operation", "cleanup_ci_schemas", "--target", "ci_cleanup", "--args",
         "{pr_number: 101}"]
    )  # fmt: skip
    assert dry.success
    assert "would drop" in dry.log and "dbt_ci_pr_101" in dry.log
    assert schemas(run) == expected

    run_job(run, github_job("cleanup", "101"), pull_request("101", tmp_path))
    assert schemas(run) == expected[1:]

    config = yaml.safe_load((run.project / "dbt_project.yml").read_text())
    config["vars"]["databricks_envs"]["ci"] = {"pinned": ["dbt_ci_pr_104"]}
    (run.project / "dbt_project.yml").write_text(yaml.safe_dump(config, sort_keys=False))
    report = run.dbt(
        ["run-operation", "cleanup_ci_schemas", "--target", "ci_cleanup", "--args",
         "{expired: true, format: json}"]
    )  # fmt: skip
    planned = _json(report.log)
    actions = {row["schema"]: (row["action"], row["reason"]) for row in planned["schemas"]}
    assert actions == {
        "dbt_ci_pr_103": ("would drop", ""),
        "dbt_ci_pr_104": ("keep", "pinned"),
        "dbt_ci_pr_105": ("keep", "pinned"),
    }
    run_job(run, github_job("expire", ""), {})
    assert schemas(run) == ["dbt_ci_pr_102", "dbt_ci_pr_104", "dbt_ci_pr_105", "dbt_ci_pr_999"]


def test_cleanup_never_runs_in_a_protected_catalog(lifecycle: Run) -> None:
    refused = lifecycle.dbt(
        ["run-operation", "cleanup_ci_schemas", "--target", "prod", "--args", "{expired: true}"]
    )
    assert not refused.success
    assert "the target's catalog prod is protected" in refused.log


@pytest.mark.parametrize(
    ("arguments", "problem"),
    [
        ("{}", "exactly one of pr_number: N, expired: true or older_than_days: D"),
        ("{pr_number: 1, expired: true}", "exactly one of"),
        ("{expired: true, dry_run: maybe}", "`dry_run: maybe` must be true"),
        ("{expired: true, format: yaml}", "`format: yaml` is not a format"),
    ],
)
def test_cleanup_arguments_are_checked(lifecycle: Run, arguments: str, problem: str) -> None:
    outcome = lifecycle.dbt(
        ["run-operation", "cleanup_ci_schemas", "--target", "ci_cleanup", "--args", arguments]
    )
    assert not outcome.success
    assert problem in outcome.log


def test_the_gitlab_pipeline_builds_and_cleans_up(lifecycle: Run, tmp_path: Path) -> None:
    if lifecycle.install_path == "package":
        pytest.skip("the GitHub workflow covers the package; once is enough here")
    run = lifecycle
    production_then_a_change(run)
    merge_request = {"CI_MERGE_REQUEST_IID": "7", "CI_COMMIT_SHA": "feedface"}
    run_job(run, gitlab_job("dbt-ci", "7"), merge_request)
    assert schemas(run) == ["dbt_ci_pr_7"]
    assert labels(run, "dbt_ci_pr_7")["commit"] == "feedface"
    run_job(run, gitlab_job("dbt-ci-cleanup", "7"), merge_request)
    assert schemas(run) == []


def _json(log: str) -> dict[str, Any]:
    for line in reversed(log.splitlines()):
        if line.strip().startswith('{"catalog"'):
            found: dict[str, Any] = json.loads(line)
            return found
    raise AssertionError(f"no JSON report in:\n{log[-2000:]}")
