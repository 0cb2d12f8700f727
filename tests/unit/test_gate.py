"""The write guard's settings and decisions as the gate applies them (no warehouse: the session
tests in tests/functional/guard put the gate on real sessions)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from dbt_common.exceptions import DbtRuntimeError

from dbt.adapters.databricks_envs import gate


def profile_guard(environment: str, **fields: Any) -> gate.WriteGuard:
    settings: dict[str, Any] = {
        "mode": "enforce",
        "write_catalogs": None,
        "write_metastore": None,
        "catalog": "Dev",
    }
    settings.update(fields)
    return gate.WriteGuard.for_profile(environment=environment, **settings)


@pytest.mark.parametrize(
    ("environment", "allowed", "metastore"),
    [
        ("dev", frozenset({"dev"}), False),
        ("ci", frozenset({"dev"}), False),
        ("staging", None, True),
        ("prod", None, True),
    ],
)
def test_defaults_per_environment(
    environment: str, allowed: frozenset[str] | None, metastore: bool
) -> None:
    guard = profile_guard(environment)
    assert (guard.allowed, guard.metastore) == (allowed, metastore)


def test_profile_settings_win_over_the_defaults() -> None:
    guard = profile_guard("prod", write_catalogs=["prod"], write_metastore=False)
    assert (guard.allowed, guard.metastore) == (frozenset({"prod"}), False)
    assert profile_guard("dev", write_metastore=True).metastore is True


@pytest.mark.parametrize(
    ("sql", "refused"),
    [
        ("create share s", "it changes the metastore above the catalogs"),
        ("drop catalog dev", "it changes the metastore above the catalogs"),
        ("grant create catalog on metastore to x", "it changes the metastore"),
        ("insert into prod.s.t values (1)", "catalog 'prod' is not writable"),
    ],
)
def test_dev_refusals(sql: str, refused: str) -> None:
    guard = profile_guard("dev")
    analysis = guard.read(sql, "dev")
    assert analysis is not None
    with pytest.raises(gate.WriteRefused, match=refused):
        guard.enforce(analysis)


def test_metastore_writes_pass_when_the_profile_allows_them() -> None:
    guard = profile_guard("dev", write_metastore=True)
    for sql in ("create share s", "alter share s add table dev.s.t", "create catalog dev"):
        analysis = guard.read(sql, "dev")
        assert analysis is not None
        guard.enforce(analysis)


def test_a_metastore_refusal_names_the_setting() -> None:
    guard = profile_guard("ci")
    analysis = guard.read("drop storage credential team", "dev")
    assert analysis is not None
    with pytest.raises(gate.WriteRefused) as raised:
        guard.enforce(analysis)
    assert str(raised.value) == (
        "dbt-databricks-envs write guard: refused to drop STORAGE CREDENTIAL team — it changes "
        "the metastore above the catalogs, which environment 'ci' may not (write_metastore: "
        "false). Nothing was sent to Databricks. To allow it, set write_metastore: true in the "
        "profile, or set write_guard: warn."
    )


def test_warn_mode_lets_statements_through() -> None:
    guard = profile_guard("dev", mode="warn")
    assert guard.read("call prod.s.p('secret-value')", "dev") is None
    analysis = guard.read("drop table prod.s.t", "dev")
    assert analysis is not None
    guard.enforce(analysis)


def test_an_unreadable_statement_is_refused_without_its_text() -> None:
    with pytest.raises(gate.WriteRefused) as raised:
        profile_guard("dev").read("call prod.s.p('secret-value')", "dev")
    assert "CALL statement" in str(raised.value)
    assert "secret-value" not in str(raised.value)


def test_a_python_model_is_checked_by_its_target() -> None:
    guard = profile_guard("dev")
    guard.review_python_model("dev", "s", "allowed")
    with pytest.raises(gate.WriteRefused) as raised:
        guard.review_python_model("prod", "s", "forbidden")
    assert "refused to build the Python model prod.s.forbidden" in str(raised.value)
    profile_guard("dev", mode="off").review_python_model("prod", "s", "forbidden")


class FakeBackend:
    def __init__(self) -> None:
        self.sent: list[str] = []

    def execute_command(self, operation: str, **kwargs: Any) -> str:
        if "fail" in operation:
            raise RuntimeError("refused by the warehouse")
        self.sent.append(operation)
        return "ok"


def test_attach_wraps_the_session_backend_and_refuses_before_sending() -> None:
    backend = FakeBackend()
    handle = SimpleNamespace(_conn=SimpleNamespace(session=SimpleNamespace(backend=backend),
                                                   cursor=lambda: None))  # fmt: skip
    gate.attach(handle, profile_guard("dev"), "dev")
    assert backend.execute_command(operation="insert into dev.s.t values (1)") == "ok"
    with pytest.raises(gate.WriteRefused):
        backend.execute_command(operation="insert into prod.s.t values (1)")
    assert backend.sent == ["insert into dev.s.t values (1)"]


def test_attach_leaves_an_off_guard_off() -> None:
    backend = FakeBackend()
    original = backend.execute_command
    handle = SimpleNamespace(_conn=SimpleNamespace(session=SimpleNamespace(backend=backend)))
    gate.attach(handle, profile_guard("dev", mode="off"), "dev")
    assert backend.execute_command == original


@pytest.mark.parametrize(
    "handle",
    [SimpleNamespace(), SimpleNamespace(_conn=SimpleNamespace(session=SimpleNamespace()))],
)
def test_an_unknown_session_shape_stops_with_the_supported_versions(handle: Any) -> None:
    with pytest.raises(DbtRuntimeError) as raised:
        gate.attach(handle, profile_guard("dev"), "dev")
    assert "cannot put its write guard on this connection" in str(raised.value)
    assert "supports dbt-core 1.11 and 1.12" in str(raised.value)
    assert "write_guard: off" in str(raised.value)


def test_a_connection_without_its_guard_is_not_used() -> None:
    with pytest.raises(DbtRuntimeError, match="opened without its write guard"):
        gate.attach(SimpleNamespace(), None, "dev")


def test_the_catalog_changes_only_after_the_warehouse_accepted_the_use() -> None:
    backend = FakeBackend()
    connection = SimpleNamespace(cursor=lambda: None)
    session = gate.SessionGate(profile_guard("prod"), connection, backend, "dev")
    backend.execute_command(operation="use catalog prod")
    assert session.catalog == "prod"
    with pytest.raises(RuntimeError):
        backend.execute_command(operation="use catalog fail_here")
    assert session.catalog is None
    backend.execute_command(operation="select 1")
    assert session.catalog is None
    backend.execute_command(operation="use catalog dev", async_op=True)
    assert session.catalog is None
