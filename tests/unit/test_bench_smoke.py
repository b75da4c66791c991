"""The benchmarks still run: every one at its smallest size, checked for results, never for time.

Timings belong to `python -m bench`, which prints them side by side with their baselines; here
a bench that no longer starts, or breaks on a renamed API, fails fast instead of on release day.
"""

from __future__ import annotations

from pathlib import Path

from bench.__main__ import Plan, run_all
from bench.report import COLUMNS, format_table, percentile


async def test_every_benchmark_produces_its_rows(tmp_path: Path) -> None:
    rows, skipped = await run_all(Plan.quick(), tmp_path, databases=("sqlite",))

    assert skipped == []
    for bench in ("/plan list", "throughput", "outbox", "crash", "memory", "digest", "import"):
        assert any(row.bench.startswith(bench) for row in rows), bench
    assert all("SQLite" in row.bench for row in rows)  # every row says its database
    queries = [r for r in rows if r.bench.startswith("digest") and r.metric.startswith("SQL")]
    assert [r.ok for r in queries] == [True]  # a count, not a timing: the same for 4 and 2 orgs
    assert all(row.ours and row.baseline and row.target for row in rows)
    checked = [row for row in rows if row.ok is not None]
    assert checked  # some rows carry a target (whether it holds is the bench's business)
    table = format_table(rows)
    assert all(column in table.splitlines()[0] for column in COLUMNS)
    assert len(table.splitlines()) == len(rows) + 2


def test_percentile_is_defined_for_tiny_samples() -> None:
    assert percentile([3.0], 95) == 3.0
    assert percentile([1.0, 2.0, 3.0], 50) == 2.0
    assert percentile([1.0, 2.0, 3.0], 95) == 3.0
