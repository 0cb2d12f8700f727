"""The warehouse through the unmodified databricks-sql-connector."""

from __future__ import annotations

import datetime as dt
import decimal
import threading
import time
from importlib.metadata import version
from typing import Any

import databricks.sql
import pytest
from databricks.sql.exc import DatabaseError, RequestError, ServerOperationError
from packaging.version import Version

from dbt.adapters.databricks_envs.local.server import results

# Slow enough to still run when the cancel arrives, on any machine: 10^10 row pairs.
LONG_STATEMENT = "SELECT count(*) FROM range(100000) a, range(100000) b WHERE a.range + b.range < 0"


def test_rows_and_description(connect: Any) -> None:
    with connect() as connection, connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1::BIGINT AS id, 'x' AS name, 2.50::DECIMAL(10,2) AS amount, "
            "DATE '2024-01-31' AS day, TIMESTAMP '2024-01-31 12:00:00' AS at, "
            "true AS flag, 1.5::DOUBLE AS ratio, NULL::INTEGER AS nothing"
        )
        assert [(d[0], d[1], d[4], d[5]) for d in cursor.description] == [
            ("id", "bigint", None, None),
            ("name", "string", None, None),
            ("amount", "decimal", 10, 2),
            ("day", "date", None, None),
            ("at", "timestamp", None, None),
            ("flag", "boolean", None, None),
            ("ratio", "double", None, None),
            ("nothing", "int", None, None),
        ]
        assert cursor.fetchall()[0].asDict() == {
            "id": 1,
            "name": "x",
            "amount": decimal.Decimal("2.50"),
            "day": dt.date(2024, 1, 31),
            "at": dt.datetime(2024, 1, 31, 12),
            "flag": True,
            "ratio": 1.5,
            "nothing": None,
        }


def test_results_larger_than_a_page_arrive_in_order(
    connect: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    pages: list[int] = []
    page = results.ResultSet.page

    def counting_page(self: results.ResultSet, offset: int, *args: Any) -> Any:
        pages.append(offset)
        return page(self, offset, *args)

    monkeypatch.setattr(results.ResultSet, "page", counting_page)
    with connect() as connection, connection.cursor(arraysize=4096) as cursor:
        cursor.execute("SELECT range AS n, 'row ' || range AS label FROM range(25000)")
        rows = cursor.fetchall()
    assert [row.n for row in rows] == list(range(25000))
    assert rows[-1].label == "row 24999"
    assert pages == list(range(0, 25000, 4096))


def test_fetchmany_and_arrow(connect: Any) -> None:
    with connect() as connection, connection.cursor(arraysize=1000) as cursor:
        cursor.execute("SELECT range AS n FROM range(12345)")
        assert [row.n for row in cursor.fetchmany(3)] == [0, 1, 2]
        table = cursor.fetchall_arrow()
        assert table.num_rows == 12342
        assert table.column("n")[0].as_py() == 3


def test_statement_error_carries_databricks_text_and_sqlstate(connect: Any) -> None:
    with connect() as connection, connection.cursor() as cursor:
        with pytest.raises(ServerOperationError) as raised:
            cursor.execute("SELECT * FROM no_such_table")
        assert str(raised.value).startswith("[TABLE_OR_VIEW_NOT_FOUND]")
        assert str(raised.value).endswith("SQLSTATE: 42P01")
        # The session is still usable after a failed statement.
        cursor.execute("SELECT 42 AS answer")
        assert cursor.fetchone().answer == 42


def test_cancel_interrupts_a_long_statement(connect: Any) -> None:
    with connect() as connection, connection.cursor() as cursor:
        failure: list[BaseException] = []

        def run() -> None:
            try:
                cursor.execute(LONG_STATEMENT)
            except BaseException as exc:
                failure.append(exc)

        started = time.monotonic()
        runner = threading.Thread(target=run)
        runner.start()
        while cursor.active_command_id is None and time.monotonic() - started < 5:
            time.sleep(0.01)
        cursor.cancel()
        runner.join(10)
        assert not runner.is_alive()
        assert time.monotonic() - started < 5
        assert failure and isinstance(failure[0], DatabaseError)
        assert "OPERATION_CANCELED" in str(failure[0])
        with connection.cursor() as again:
            again.execute("SELECT 1 AS one")
            assert again.fetchone().one == 1


def test_bad_token_is_refused_at_once(warehouse: Any) -> None:
    started = time.monotonic()
    with pytest.raises(RequestError) as raised:
        databricks.sql.connect(
            server_hostname="127.0.0.1",
            http_path=warehouse.http_path,
            access_token="dapi-not-a-token",
            _connection_uri=warehouse.connection_uri,
            enable_telemetry=False,
        )
    assert time.monotonic() - started < 2
    assert str(raised.value).strip() == "Error during request to server: : Invalid access token."


@pytest.mark.skipif(
    Version(version("databricks-sql-connector")) < Version("4.2.5"),
    reason="databricks-sql-connector before 4.2.5 retries a 404 on OpenSession for minutes",
)
def test_unknown_warehouse_is_refused_at_once(warehouse: Any) -> None:
    started = time.monotonic()
    with pytest.raises(RequestError):
        databricks.sql.connect(
            server_hostname="127.0.0.1",
            http_path="/sql/1.0/warehouses/nope",
            access_token=warehouse.token,
            _connection_uri=warehouse.base_url + "/sql/1.0/warehouses/nope",
            enable_telemetry=False,
        )
    assert time.monotonic() - started < 2


def test_unknown_initial_catalog_fails_the_connection(connect: Any) -> None:
    with pytest.raises(DatabaseError, match="NO_SUCH_CATALOG_EXCEPTION"):
        connect(catalog="nowhere")


def test_sessions_keep_their_own_catalog(connect: Any) -> None:
    seen: dict[str, set[str]] = {}
    errors: list[BaseException] = []

    def work(catalog: str) -> None:
        try:
            with (
                connect(catalog=catalog, schema="default") as connection,
                connection.cursor() as cursor,
            ):
                for _ in range(20):
                    cursor.execute("SELECT current_catalog()")
                    seen.setdefault(catalog, set()).add(cursor.fetchone()[0])
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(c,)) for c in ("dev", "prod", "qa") * 2]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert not errors
    assert seen == {"dev": {"dev"}, "prod": {"prod"}, "qa": {"qa"}}


def test_affected_rows_and_statements_without_results(connect: Any) -> None:
    with connect() as connection, connection.cursor() as cursor:
        cursor.execute("CREATE TABLE counted (n INTEGER)")
        assert cursor.fetchall() == []
        cursor.execute("INSERT INTO counted SELECT range FROM range(5)")
        cursor.execute("SELECT count(*) AS n FROM counted")
        assert cursor.fetchone().n == 5


def test_native_parameters(connect: Any) -> None:
    with connect() as connection, connection.cursor() as cursor:
        # The pass-through engine speaks DuckDB, so values stay clear of quotes here.
        cursor.execute(
            "SELECT :name AS name, :n + 1 AS next, ':n' AS literal", {"name": "ada", "n": 41}
        )
        assert cursor.fetchone().asDict() == {"name": "ada", "next": 42, "literal": ":n"}
        cursor.execute("SELECT ? AS a, ? AS b", [1, None])
        assert tuple(cursor.fetchone()) == (1, None)


def test_catalog_calls(connect: Any) -> None:
    with connect(catalog="dev") as connection, connection.cursor() as cursor:
        cursor.execute("CREATE TABLE orders (id BIGINT, amount DECIMAL(10,2))")
        cursor.execute("CREATE VIEW recent AS SELECT * FROM orders")
        cursor.catalogs()
        assert {"dev", "prod", "qa"} <= {row.TABLE_CAT for row in cursor.fetchall()}
        cursor.schemas(catalog_name="dev", schema_name="def%")
        assert [tuple(row) for row in cursor.fetchall()] == [("default", "dev")]
        cursor.tables(catalog_name="dev", schema_name="default", table_name="%")
        assert [(row.TABLE_NAME, row.TABLE_TYPE) for row in cursor.fetchall()] == [
            ("orders", "TABLE"),
            ("recent", "VIEW"),
        ]
        cursor.tables(catalog_name="dev", table_types=["VIEW"])
        assert [row.TABLE_NAME for row in cursor.fetchall()] == ["recent"]
        cursor.columns(catalog_name="dev", table_name="orders")
        assert [
            (
                row.COLUMN_NAME,
                row.DATA_TYPE,
                row.COLUMN_SIZE,
                row.DECIMAL_DIGITS,
                row.ORDINAL_POSITION,
            )
            for row in cursor.fetchall()
        ] == [("id", -5, 19, 0, 1), ("amount", 3, 10, 2, 2)]


def test_async_execution_is_polled_to_completion(connect: Any) -> None:
    with connect() as connection, connection.cursor() as cursor:
        cursor.execute_async("SELECT count(*) AS n FROM range(1000)")
        while cursor.is_query_pending():
            time.sleep(0.01)
        cursor.get_async_execution_result()
        assert cursor.fetchone().n == 1000


def test_closing_a_connection_closes_its_engine_session(connect: Any, engine: Any) -> None:
    with connect() as connection, connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    assert engine.sessions and all(session.closed for session in engine.sessions)


def test_cancelling_a_finished_statement_is_harmless(connect: Any) -> None:
    with connect() as connection, connection.cursor() as cursor:
        cursor.execute("SELECT 1 AS one")
        cursor.cancel()
        assert cursor.fetchone().one == 1
