"""Rows of results and the table `python -m bench` prints.

Every row puts our number next to its baseline, measured in the same run, with the ratio and the
target it is checked against. Ratios, not absolute timings, are what stay comparable between
machines; the absolute targets (Slack's 3 s, our own budgets) are checked on this machine only.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Row:
    """One measured quantity: ours, the baseline, their ratio, and whether the target holds.

    `ok` is None when a row is informational (no target of its own).
    """

    bench: str
    metric: str
    ours: str
    baseline: str
    ratio: float | None
    target: str
    ok: bool | None

    @property
    def verdict(self) -> str:
        return "-" if self.ok is None else ("PASS" if self.ok else "FAIL")


def percentile(values: Sequence[float], pct: float) -> float:
    """Nearest-rank percentile: defined for any non-empty sample, even of 3 (the smoke size)."""
    if not values:
        raise ValueError("percentile of no values")
    ordered = sorted(values)
    rank = max(1, math.ceil(pct / 100.0 * len(ordered)))
    return ordered[rank - 1]


def ratio(ours: float, baseline: float) -> float | None:
    """ours / baseline, or None when the baseline is zero (nothing to compare against)."""
    return ours / baseline if baseline > 0 else None


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def below(value: float, unit: str) -> str:
    """A target as people state it: "< 300 ms", not "< 300.0 ms"."""
    return f"< {value:g} {unit}"


def mib(n_bytes: float) -> str:
    return f"{n_bytes / (1024 * 1024):.1f} MiB"


COLUMNS = ("bench", "metric", "ours", "baseline", "ratio", "target", "ok")


def format_table(rows: Sequence[Row]) -> str:
    """A plain-text table that reads the same in a terminal and in a README code block."""
    cells = [COLUMNS] + [
        (
            r.bench,
            r.metric,
            r.ours,
            r.baseline,
            "-" if r.ratio is None else f"{r.ratio:.2f}x",
            r.target,
            r.verdict,
        )
        for r in rows
    ]
    widths = [max(len(row[i]) for row in cells) for i in range(len(COLUMNS))]
    lines = []
    for n, row in enumerate(cells):
        lines.append("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)
