"""The scenario matrix: preflight's verdict against the build's real outcome.

Each scenario (scenarios.yml) is a workspace set up as an admin would set one up (SQL GRANTs,
REST calls, objects owned by someone else), an identity, a target, and a change to this
project. For each install path — `type: databricks_envs`, and plain `type: databricks` with the
package — the runner, on a fresh local warehouse:

1. runs `dbt run-operation preflight`, then the build, and asserts that they agree: preflight
   fails on a check that predicts the build (`PREDICTIVE`) exactly when the build fails;
2. asserts the checks the scenario names failed (or warned) as it says;
3. when preflight failed on privileges and the scenario says a GRANT fixes it, has the admin run
   what preflight wrote (`target/preflight_grants.sql`, or the report's grants with the
   package), then asserts that preflight and the build both pass.

    .venv/bin/python integration_tests/matrix.py [--scenario NAME] [--path adapter|package]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import databricks.sql
import requests
import yaml
from dbt.cli.main import dbtRunner

from dbt.adapters.databricks_envs.local.server import LocalWarehouse, start_embedded
from dbt.adapters.databricks_envs.local.server.profile import profile_target

HERE = Path(__file__).resolve().parent
REPOSITORY = HERE.parent
PROJECT_FILES = ("dbt_project.yml", "models", "snapshots", "seeds", "macros")
INSTALL_PATHS = ("adapter", "package")
# Checks whose FAIL means the build would fail; the others are policy (who runs production,
# isolation, a token about to expire) and do not predict the build.
PREDICTIVE = frozenset(
    {
        "config.host",
        "config.http_path",
        "warehouse.state",
        "compute.warehouse",
        "catalog.visible",
        "privilege.write",
        "privilege.read",
        "probe.write",
    }
)

ADMIN = "admin@localhost"
DEVELOPER = "dev@example.com"
PROD_RUNNER = "5e2b7c1a-9d3f-4b8e-a6c0-2f1d8e9b7a45"
CI_RUNNER = "c1c1c1c1-0d1e-4c43-9a55-6b1f0c9e2b7d"
IDENTITIES = {"admin": ADMIN, "developer": DEVELOPER, "prod_runner": PROD_RUNNER, "ci": CI_RUNNER}
TOKENS = {name: f"dapi-{name}-matrix-secret" for name in IDENTITIES}
WAREHOUSE = "10ca1da7aba5e000"
TARGETS = {  # target: (catalog, schema)
    "dev": ("dev", "dbt_dev"),
    "prod": ("prod", "core"),
    "ci": ("dev", "dbt_ci"),
    # Cleanups of pull request schemas build nothing: a target not named ci needs no PR number.
    "ci_cleanup": ("dev", "dbt_ci_cleanup"),
}
DEFAULT_IDENTITY = {"dev": "developer", "prod": "prod_runner", "ci": "ci", "ci_cleanup": "ci"}
BASE_SETUP = [
    "create schema if not exists raw.shop",
    "create or replace table raw.shop.customers as select 1 as id, 'Ada' as name",
    "create or replace table raw.shop.orders as select 10 as id, 1 as customer_id, 5 as amount",
    # Developers build into their own schemas in dev and read the raw catalog.
    "grant use catalog, create schema on catalog dev to `developers`",
    "grant use catalog on catalog raw to `developers`",
    "grant use schema, select on schema raw.shop to `developers`",
    # Production runs as a service principal into prod and prod_analytics.
    f"grant use catalog, create schema on catalog prod to `{PROD_RUNNER}`",
    f"grant use catalog, create schema on catalog prod_analytics to `{PROD_RUNNER}`",
    f"grant use catalog on catalog raw to `{PROD_RUNNER}`",
    f"grant use schema, select on schema raw.shop to `{PROD_RUNNER}`",
    # CI builds each pull request into dev, as its own service principal.
    f"grant use catalog, create schema on catalog dev to `{CI_RUNNER}`",
    f"grant use catalog on catalog raw to `{CI_RUNNER}`",
    f"grant use schema, select on schema raw.shop to `{CI_RUNNER}`",
]


@dataclass
class Scenario:
    name: str
    about: str
    target: str = "dev"
    identity: str | None = None
    setup: list[str] = field(default_factory=list)
    # statements run as another identity: {identity: [sql]}
    setup_as: dict[str, list[str]] = field(default_factory=dict)
    # REST calls the admin makes after the SQL set-up: [{method, path, body}]
    rest: list[dict[str, Any]] = field(default_factory=list)
    config: dict[str, Any] = field(default_factory=dict)  # replaces warehouse config keys
    files: dict[str, str | None] = field(default_factory=dict)  # project files (None: delete)
    project: dict[str, Any] = field(default_factory=dict)  # merged into dbt_project.yml
    profile: dict[str, Any] = field(default_factory=dict)  # merged into the target
    build: list[str] = field(default_factory=lambda: ["build"])
    preflight_args: dict[str, Any] = field(default_factory=dict)
    paths: tuple[str, ...] = INSTALL_PATHS
    # check id (or "id object") -> status expected somewhere in the report
    expect: dict[str, str] = field(default_factory=dict)
    fixable: bool = False  # the grants preflight writes make both pass
    token_days: dict[str, float] = field(default_factory=dict)  # identity -> lifetime in days
    # Production builds first and keeps its artifacts in prod-artifacts/ (for --defer).
    prod_artifacts: bool = False
    after_prod: list[str] = field(default_factory=list)  # SQL once production has built

    @property
    def who(self) -> str:
        return self.identity or DEFAULT_IDENTITY[self.target]


def scenarios() -> list[Scenario]:
    loaded = yaml.safe_load((HERE / "scenarios.yml").read_text())
    return [
        Scenario(**{**entry, "paths": tuple(entry.get("paths", INSTALL_PATHS))}) for entry in loaded
    ]


@dataclass
class Outcome:
    success: bool
    log: str
    report: dict[str, Any] | None = None

    def failed_checks(self) -> set[str]:
        checks = (self.report or {}).get("checks", [])
        return {c["id"] for c in checks if c["status"] == "FAIL"}

    def status(self, check: str) -> set[str]:
        check_id, _, obj = check.partition(" ")
        return {
            c["status"]
            for c in (self.report or {}).get("checks", [])
            if c["id"] == check_id and (not obj or c["object"] == obj)
        }


class Run:
    """One scenario on one install path: its warehouse, project and dbt invocations."""

    def __init__(self, scenario: Scenario, install_path: str, root: Path) -> None:
        self.scenario = scenario
        self.install_path = install_path
        self.root = root
        self.project = root / "project"
        self.warehouse: LocalWarehouse | None = None

    def __enter__(self) -> Run:
        self.warehouse = start_embedded(self.root / "warehouse", self._config())
        self.sql(BASE_SETUP)
        self.sql(self.scenario.setup)
        for identity, statements in self.scenario.setup_as.items():
            self.sql(statements, identity)
        for call in self.scenario.rest:
            self.call(call["method"], call["path"], call.get("body"))
        self._write_project(changes=not self.scenario.prod_artifacts)
        if self.scenario.prod_artifacts:
            built = self.dbt(["build", "--target", "prod"])
            assert built.success, built.log[-3000:]
            (self.project / "target").rename(self.project / "prod-artifacts")
            self.sql(self.scenario.after_prod)
            self._change_files()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.warehouse is not None:
            self.warehouse.stop()

    def _config(self) -> Path:
        config: dict[str, Any] = {
            "metastore_admin": ADMIN,
            "users": [DEVELOPER],
            "groups": [{"name": "developers", "members": [DEVELOPER]}],
            "service_principals": [
                {"application_id": PROD_RUNNER, "display_name": "prod-runner"},
                {"application_id": CI_RUNNER, "display_name": "ci-runner"},
            ],
            "tokens": [
                {
                    "token": TOKENS[name],
                    "principal": principal,
                    "lifetime_days": self.scenario.token_days.get(name, 90),
                }
                for name, principal in IDENTITIES.items()
            ],
            "warehouses": [{"id": WAREHOUSE}],
            "catalogs": ["main", "raw", "dev", "prod", "prod_analytics"],
        }
        config.update(self.scenario.config)
        path = self.root / "warehouse.yml"
        path.write_text(yaml.safe_dump(config, sort_keys=False))
        return path

    def sql(self, statements: list[str], identity: str = "admin") -> list[tuple[Any, ...]]:
        """Runs statements as ``identity`` (the admin by default); the last one's rows."""
        assert self.warehouse is not None
        rows: list[tuple[Any, ...]] = []
        if not statements:
            return rows
        with (
            databricks.sql.connect(
                server_hostname="127.0.0.1",
                http_path=f"/sql/1.0/warehouses/{WAREHOUSE}",
                access_token=TOKENS[identity],
                _connection_uri=f"{self.warehouse.base_url}/sql/1.0/warehouses/{WAREHOUSE}",
                enable_telemetry=False,
            ) as connection,
            connection.cursor() as cursor,
        ):
            for statement in statements:
                cursor.execute(statement)
                rows = [tuple(r) for r in cursor.fetchall()] if cursor.description else []
        return rows

    def query(self, sql: str) -> list[tuple[Any, ...]]:
        return self.sql([sql])

    def call(self, method: str, path: str, body: Any = None, identity: str = "admin") -> Any:
        assert self.warehouse is not None
        response = requests.request(
            method,
            self.warehouse.base_url + path,
            json=body,
            headers={"Authorization": f"Bearer {TOKENS[identity]}"},
            timeout=30,
        )
        response.raise_for_status()
        return response.json() if response.content else None

    def _write_project(self, changes: bool = True) -> None:
        assert self.warehouse is not None
        self.project.mkdir()
        for name in PROJECT_FILES:
            source = HERE / name
            if source.is_dir():
                shutil.copytree(source, self.project / name)
            elif source.exists():
                shutil.copy(source, self.project / name)
        config = yaml.safe_load((self.project / "dbt_project.yml").read_text())
        if self.install_path == "adapter":
            config.pop("dispatch", None)  # the adapter needs no dispatch and no dbt deps
        else:
            (self.project / "packages.yml").write_text(
                yaml.safe_dump({"packages": [{"local": str(REPOSITORY)}]})
            )
        _merge(config, self.scenario.project)
        (self.project / "dbt_project.yml").write_text(yaml.safe_dump(config, sort_keys=False))
        if changes:
            self._change_files()
        adapter_type = "databricks_envs" if self.install_path == "adapter" else "databricks"
        outputs = {}
        for target, (catalog, schema) in TARGETS.items():
            identity = (
                self.scenario.who if target == self.scenario.target else DEFAULT_IDENTITY[target]
            )
            output = profile_target(
                adapter_type=adapter_type,
                base_url=self.warehouse.base_url,
                warehouse_id=WAREHOUSE,
                token=TOKENS[identity],
                catalog=catalog,
                schema=schema,
                threads=2,
            )
            if target == self.scenario.target:
                _merge(output, self.scenario.profile)
            outputs[target] = output
        profiles = {"envs_shop": {"target": self.scenario.target, "outputs": outputs}}
        (self.project / "profiles.yml").write_text(yaml.safe_dump(profiles))
        if self.install_path == "package":
            self.dbt(["deps"])

    def _change_files(self) -> None:
        for relative, content in self.scenario.files.items():
            path = self.project / relative
            if content is None:
                path.unlink()
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(content)

    def dbt(self, args: list[str]) -> Outcome:
        messages: list[str] = []
        printed = io.StringIO()
        runner = dbtRunner(callbacks=[lambda event: messages.append(str(event.info.msg))])
        target = [] if "--target" in args else ["--target", self.scenario.target]
        with contextlib.redirect_stdout(printed):
            result = runner.invoke(
                [*args, *target, "--project-dir", str(self.project), "--profiles-dir",
                 str(self.project)]
            )  # fmt: skip
        return Outcome(bool(result.success), "\n".join(messages) + printed.getvalue())

    def preflight(self) -> Outcome:
        arguments = {**self.scenario.preflight_args, "format": "json"}
        outcome = self.dbt(["run-operation", "preflight", "--args", json.dumps(arguments)])
        outcome.report = _report(outcome.log)
        return outcome

    def build(self) -> Outcome:
        return self.dbt(self.scenario.build)

    def fix(self, report: dict[str, Any]) -> list[str]:
        """What the admin runs: the grants file (adapter), or the report's grants (package)."""
        grants = self.project / "target" / "preflight_grants.sql"
        if self.install_path == "adapter":
            text = "\n".join(
                line for line in grants.read_text().splitlines() if not line.startswith("--")
            )
            statements = [s.strip() for s in text.split(";") if s.strip()]
        else:
            statements = [g.rstrip(";") for g in report.get("grants", [])]
        self.sql(statements)
        return statements


def _merge(into: dict[str, Any], changes: dict[str, Any]) -> None:
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            _merge(into[key], value)
        else:
            into[key] = value


def _report(output: str) -> dict[str, Any] | None:
    """The JSON report preflight printed (format: json)."""
    for line in reversed(output.splitlines()):
        line = line.strip()
        if line.startswith("{") and '"checks"' in line:
            report: dict[str, Any] = json.loads(line)
            return report
    return None


def verdict(outcome: Outcome) -> bool:
    """Whether preflight predicts a failing build: a predictive check failed, or preflight
    could not even run (the warehouse refused it: an expired token, a deleted warehouse)."""
    if outcome.report is None:
        return not outcome.success
    return bool(outcome.failed_checks() & PREDICTIVE)


def check_scenario(scenario: Scenario, install_path: str, root: Path) -> list[str]:
    """Runs one scenario on one install path; returns what disagreed (nothing: it passed)."""
    problems: list[str] = []
    with Run(scenario, install_path, root) as run:
        before = run.preflight()
        if before.report is None and before.success:
            return [f"preflight printed no report:\n{_tail(before.log)}"]
        built = run.build()
        if verdict(before) == built.success:
            said = sorted(before.failed_checks() & PREDICTIVE)
            problems.append(
                f"preflight {'failed on ' + str(said) if verdict(before) else 'passed'}"
                f" but the build {'succeeded' if built.success else 'failed'}:\n"
                + _tail(built.log if not built.success else before.log)
            )
        for check, status in scenario.expect.items():
            found = before.status(check)
            if install_path == "package" and check.split()[0] in ADAPTER_ONLY:
                continue
            if status not in found:
                problems.append(
                    f"expected {check} {status}, found {sorted(found) or 'no such check'}"
                )
        if scenario.fixable and verdict(before) and not problems:
            applied = run.fix(before.report)
            if not applied:
                problems.append("preflight failed but wrote no GRANT to fix it")
            after = run.preflight()
            rebuilt = run.build()
            if verdict(after) or not rebuilt.success:
                problems.append(
                    f"after the admin ran {applied}: preflight failed on "
                    f"{sorted(after.failed_checks())}, build success={rebuilt.success}\n"
                    + _tail(rebuilt.log)
                )
    return problems


# Checks the package on plain `type: databricks` reports as SKIP (they need the adapter).
ADAPTER_ONLY = frozenset({"warehouse.state", "token.expiry", "probe.write", "compute.warehouse"})


def _tail(text: str, lines: int = 40) -> str:
    return "\n".join(text.splitlines()[-lines:])


@contextlib.contextmanager
def scratch() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="matrix-") as folder:
        yield Path(folder)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", action="append")
    parser.add_argument("--path", choices=INSTALL_PATHS, action="append")
    args = parser.parse_args()
    os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")
    failures = 0
    for scenario in scenarios():
        if args.scenario and scenario.name not in args.scenario:
            continue
        for install_path in args.path or scenario.paths:
            with scratch() as root:
                problems = check_scenario(scenario, install_path, root)
            print(f"{'ok  ' if not problems else 'FAIL'} {scenario.name} ({install_path})")
            for problem in problems:
                print("     " + problem.replace("\n", "\n     "))
            failures += bool(problems)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
