"""`python -m bench` (`make bench`): every benchmark once, printed side by side as one table.

Each row sets our number against a baseline measured in the same run (a bare Bolt app, the
stand-in's rate limit, a trivial collaborative) with their ratio and the target it is checked
against. Timings live here and never in tests: a test that asserts on time fails on a busy
machine for reasons that have nothing to do with the code.

Progress goes to stderr, the table to stdout, so `python -m bench > bench.txt` keeps the table.
The exit status is 0 unless `--strict` is given and a target is missed.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench import commands, digest, outbox, recovery
from bench.report import Row, format_table
from bench.seed import Size

NOTES = (
    "ack: signed request sent -> its HTTP answer. Bolt waits for ack() by polling every 10 ms,",
    "     so ~10 ms is the floor for any Bolt app; reply can arrive before the ack does.",
    "reply: request sent -> the answer's last response_url post reached the stand-in.",
    "outbox: chat.postMessage limited per channel (1/s, burst 1) and workspace-wide; the rate",
    "     is counted after the burst. The no-limit row is the same job against no limits.",
    "crash: python -m jobs nudges SIGKILLed when 1/3 of the posts are stored (that post in",
    "     flight), restarted at the next tick; stranded = delivered after the restart.",
)


@dataclass(frozen=True)
class Plan:
    """The sizes of one run; `quick()` is the smallest that still exercises everything."""

    commands: commands.CommandConfig
    outbox: outbox.OutboxConfig
    digest: digest.DigestConfig
    recovery: recovery.RecoveryConfig

    @classmethod
    def full(cls, requests: int) -> Plan:
        return cls(
            commands.CommandConfig(requests=requests),
            outbox.OutboxConfig(),
            digest.DigestConfig(),
            recovery.RecoveryConfig(),
        )

    @classmethod
    def quick(cls) -> Plan:
        return cls(
            commands.CommandConfig(
                requests=3, warmup=0, size=Size(2, commitments_per_org=2), settle_seconds=0.1
            ),
            outbox.OutboxConfig(organizations=1, people_per_org=3),
            digest.DigestConfig(
                large=Size(2, commitments_per_org=3),
                trivial=Size(1, commitments_per_org=1),
                large_repeats=1,
                trivial_repeats=1,
            ),
            recovery.RecoveryConfig(organizations=2, people_per_org=3, kill_at=2, lose_answers=1),
        )


def _progress(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


async def run_all(plan: Plan, workdir: Path) -> list[Row]:
    """Run the benchmarks one after another (never overlapping: they would slow each other)."""
    rows: list[Row] = []
    _progress("1+3. /plan list vs a bare Bolt app (latency, memory)")
    result = await commands.run(plan.commands, workdir, progress=_progress)
    rows += result.latency_rows()
    _progress("2. outbox vs the stand-in's rate limit")
    rows += (await outbox.run(plan.outbox, workdir)).rows()
    _progress("2b. a sender SIGKILLed mid-fan-out and restarted")
    rows += (await recovery.run(plan.recovery, workdir)).rows()
    rows += result.memory_rows()
    _progress("4. digest, large vs trivial")
    rows += (await digest.run(plan.digest, workdir)).rows()
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=200, help="commands to each app")
    parser.add_argument("--quick", action="store_true", help="smallest sizes (a smoke run)")
    parser.add_argument("--strict", action="store_true", help="exit 1 if a target is missed")
    args = parser.parse_args(argv)
    plan = Plan.quick() if args.quick else Plan.full(args.requests)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="ft-bench-") as workdir:
        rows = asyncio.run(run_all(plan, Path(workdir)))
    elapsed = time.monotonic() - started
    print(
        f"Follow-through benchmarks: Python {platform.python_version()}, "
        f"{os.cpu_count()} CPUs, SQLite, {elapsed:.0f} s"
    )
    print()
    print(format_table(rows))
    print()
    print("\n".join(NOTES))
    missed = [r for r in rows if r.ok is False]
    if missed:
        print(
            f"\n{len(missed)} target(s) missed: "
            + "; ".join(f"{r.bench} {r.metric}" for r in missed)
        )
    return 1 if missed and args.strict else 0


if __name__ == "__main__":
    sys.exit(main())
