"""Benchmark: importing 10,000 commitments, next to importing 100, per commitment.

What a TA team does once per collaborative (`python -m bot import`): parse the roster and the
commitments CSV and write them in one transaction (`core.transfer.import_files`). Each import
runs in a process of its own (`python -m bench.imports`), on a freshly migrated database, so its
memory is its own: peak RSS is the child's high-water mark (`VmHWM`), reported with its
growth over the RSS the process had just before the import (interpreter and modules loaded).
Time covers parsing and importing, not the migration or the process start.
"""

from __future__ import annotations

import asyncio
import json
import resource
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.children import run_reporting_child
from bench.databases import Fresh
from bench.report import Row, mib, ratio
from bench.seed import Size, create, csv_files, import_csv

ROOT = Path(__file__).resolve().parents[1]
NOW = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)
PER_COMMITMENT_TARGET = 1.5  # the large import costs at most 1.5x per commitment the small one


@dataclass(frozen=True)
class ImportConfig:
    """10,000 commitments in 500 organizations (20 each, 2 people each), against 100."""

    large: Size = field(default_factory=lambda: Size(500, commitments_per_org=20, people_per_org=2))
    baseline: Size = field(
        default_factory=lambda: Size(5, commitments_per_org=20, people_per_org=2)
    )
    budget_seconds: float = 900.0


@dataclass(frozen=True)
class Imported:
    """One import as its process saw it."""

    commitments: int
    seconds: float
    rss_before: int
    rss_peak: int

    @property
    def per_commitment(self) -> float:
        return self.seconds / self.commitments

    @property
    def growth(self) -> int:
        return max(0, self.rss_peak - self.rss_before)


@dataclass
class ImportResult:
    config: ImportConfig
    large: Imported
    baseline: Imported
    database: str = "SQLite"

    def rows(self) -> list[Row]:
        big, small = self.large, self.baseline
        name = f"import {big.commitments} commitments, {self.database}"
        base = f"{small.commitments} commitments"
        per_ratio = ratio(big.per_commitment, small.per_commitment)
        return [
            Row(
                bench=name,
                metric="parse + import",
                ours=f"{big.seconds:.2f} s",
                baseline=f"{small.seconds:.2f} s {base}",
                ratio=ratio(big.seconds, small.seconds),
                target="-",
                ok=None,
            ),
            Row(
                bench=name,
                metric="per commitment",
                ours=f"{big.per_commitment * 1000:.2f} ms",
                baseline=f"{small.per_commitment * 1000:.2f} ms {base}",
                ratio=per_ratio,
                target=f"<= {PER_COMMITMENT_TARGET:g}x baseline",
                ok=per_ratio is not None and per_ratio <= PER_COMMITMENT_TARGET,
            ),
            Row(
                bench=name,
                metric="peak RSS (child process)",
                ours=mib(big.rss_peak),
                baseline=f"{mib(small.rss_peak)} {base}",
                ratio=ratio(big.rss_peak, small.rss_peak),
                target="-",
                ok=None,
            ),
            Row(
                bench=name,
                metric="RSS growth during import",
                ours=mib(big.growth),
                baseline=f"{mib(small.growth)} {base}",
                ratio=ratio(big.growth, small.growth),
                target="-",
                ok=None,
            ),
        ]


async def _import_in_child(database_url: str, size: Size, budget: float) -> Imported:
    await create(database_url, NOW)
    args = [
        database_url,
        str(size.organizations),
        str(size.commitments_per_org),
        str(size.people_per_org),
    ]
    report = await run_reporting_child("bench.imports", args, budget, "the import")
    return Imported(
        commitments=size.organizations * size.commitments_per_org,
        seconds=float(report["seconds"]),
        rss_before=int(report["rss_before"]),
        rss_peak=int(report["rss_peak"]),
    )


async def run(config: ImportConfig, fresh: Fresh, database: str = "SQLite") -> ImportResult:
    deadline = time.monotonic() + config.budget_seconds
    async with fresh("import-baseline") as url:
        baseline = await _import_in_child(url, config.baseline, config.budget_seconds)
    async with fresh("import-large") as url:
        large = await _import_in_child(url, config.large, max(1.0, deadline - time.monotonic()))
    return ImportResult(config=config, large=large, baseline=baseline, database=database)


def _status_kib(field: str) -> int | None:
    """A `VmRSS`/`VmHWM` line of /proc/self/status, in bytes (None off Linux)."""
    try:
        lines = Path("/proc/self/status").read_text().splitlines()
    except OSError:
        return None
    for line in lines:
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) * 1024
    return None


def _rss_now() -> int:
    return _status_kib("VmRSS") or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def _rss_peak() -> int:
    """The high-water mark. VmHWM starts afresh at exec; ru_maxrss may carry the parent's
    from before the exec, so it is only the fallback."""
    return _status_kib("VmHWM") or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


async def _child(argv: list[str]) -> dict[str, Any]:
    """Import a collaborative of the size given into the (migrated) database given."""
    database_url, organizations, per_org, people = argv
    size = Size(int(organizations), commitments_per_org=int(per_org), people_per_org=int(people))
    files = csv_files(size, NOW)  # the files exist before the import, as on a TA's disk
    rss_before = _rss_now()
    started = time.monotonic()
    await import_csv(database_url, files, NOW)
    seconds = time.monotonic() - started
    return {"seconds": seconds, "rss_before": rss_before, "rss_peak": _rss_peak()}


if __name__ == "__main__":
    print(json.dumps(asyncio.run(_child(sys.argv[1:]))))
