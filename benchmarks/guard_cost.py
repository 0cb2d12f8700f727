"""What the write guard's analysis costs per statement, over the statements dbt-databricks sends
(tests/unit/fixtures/dbt_statements.sql, each with dbt's query comment) plus long ones.

Prints the median and 95th percentile of one `analyze` call, for reads and for writes.
Target: well under 1 ms for reads.

    .venv/bin/python benchmarks/guard_cost.py [--repeat N]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from dbt.adapters.databricks_envs.guard import analyze

CORPUS = Path(__file__).parent.parent / "tests" / "unit" / "fixtures" / "dbt_statements.sql"
QUERY_COMMENT = (
    '/* {"app": "dbt", "dbt_version": "1.10.13", "dbt_databricks_version": "1.12.7", '
    '"databricks_sql_connector_version": "4.1.3", "profile_name": "jaffle_shop", '
    '"target_name": "dev", "invocation_id": "b9c5a0ad-3b68-4c3e-9f5e-3c0f0a4f0c1d", '
    '"node_id": "model.jaffle_shop.orders"} */'
)
CATALOG = "dev"


def corpus() -> list[str]:
    statements = []
    for block in CORPUS.read_text().split("\n-- case: ")[1:]:
        lines = block.splitlines()[1:]
        sql = "\n".join(line for line in lines if not line.startswith("-- expect: "))
        statements.append(sql.replace("{{catalog}}", CATALOG).replace("{{comment}}", QUERY_COMMENT))
    return statements


def long_statements() -> list[str]:
    """A 2,000-line model built as a table, the same query read for its columns, a seed batch."""
    body = "\nunion all\n".join(
        f"select {n} as id, 'row {n}' as label, current_date() as d from raw.shop.orders"
        for n in range(2000)
    )
    bindings = ",".join(["(%s,%s,%s,%s,%s,%s)"] * 5000)
    return [
        f"{QUERY_COMMENT}\ncreate or replace table `dev`.`s`.`big` using delta as\n{body}",
        f"{QUERY_COMMENT}\nselect * from (\n{body}\n) as __dbt_sbq where false limit 0",
        f"{QUERY_COMMENT}\ninsert overwrite `dev`.`s`.`seed` values {bindings}",
    ]


def timings(statements: list[str], repeat: int) -> tuple[list[float], list[float]]:
    """Seconds per call, pooled over statements and repetitions: (reads, writes)."""
    reads: list[float] = []
    writes: list[float] = []
    for sql in statements:
        pool = writes if analyze(sql, CATALOG).writes else reads
        for _ in range(repeat):
            started = time.perf_counter()
            analyze(sql, CATALOG)
            pool.append(time.perf_counter() - started)
    return reads, writes


def line(label: str, seconds: list[float]) -> str:
    if not seconds:
        return f"  {label:8} (none)"
    ordered = sorted(seconds)
    p95 = ordered[int(0.95 * (len(ordered) - 1))]
    return (
        f"  {label:8} median {statistics.median(ordered) * 1e6:7.1f} µs"
        f"   p95 {p95 * 1e6:7.1f} µs   ({len(ordered)} calls)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=200, help="calls per statement")
    repeat = parser.parse_args().repeat
    statements = corpus()
    reads, writes = timings(statements, repeat)
    print(f"dbt-databricks corpus: {len(statements)} statements, {repeat} calls each")
    print(line("reads", reads))
    print(line("writes", writes))
    print(line("all", reads + writes))
    long_reads, long_writes = timings(long_statements(), max(repeat // 10, 5))
    sizes = ", ".join(f"{len(sql) // 1000} kB" for sql in long_statements())
    print(f"long statements ({sizes}):")
    print(line("reads", long_reads))
    print(line("writes", long_writes))


if __name__ == "__main__":
    main()
