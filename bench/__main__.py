"""`python -m bench` (`make bench`): every benchmark once per database, side by side in one table.

Each row sets our number against a baseline measured in the same run (a bare Bolt app, the
stand-in's rate limit, a small collaborative) with their ratio and the target it is checked
against. Timings live here and never in tests: a test that asserts on time fails on a busy
machine for reasons that have nothing to do with the code.

Every benchmark runs on SQLite, and again on PostgreSQL when the server at `BENCH_DATABASE_URL`
(default: the local `postgres` database) answers, each time on a fresh database created for it
and dropped after; rows carry the database's name. `--only` and `--database` narrow a run.

Progress goes to stderr, the table to stdout, so `python -m bench > bench.txt` keeps the table.
The exit status is 0 unless `--strict` is given and a target is missed.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import os
import platform
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench import commands, digest, imports, outbox, recovery
from bench.databases import POSTGRES, SQLITE, Database, admin_url, postgres_answers
from bench.report import Row, format_table
from bench.seed import Size

NOTES = (
    "ack: signed request sent -> its HTTP answer. Bolt waits for ack() by polling every 10 ms,",
    "     so ~10 ms is the floor for any Bolt app; reply can arrive before the ack does.",
    "reply: request sent -> the answer's last response_url post reached the stand-in.",
    "outbox: the nudge job (its own process) against chat.postMessage limited per channel",
    "     (1/s, burst 1) and workspace-wide at the rate shown; the rate is counted after the",
    "     burst; dup/missing are counted per recipient in the stand-in.",
    "crash: python -m jobs nudges SIGKILLed when 1/3 of the posts are stored (that post in",
    "     flight), restarted at the next tick; stranded = delivered after the restart.",
    "digest: SQL statements counted with a before_cursor_execute listener around the whole",
    "     digest job; peak memory is tracemalloc's peak during one read + build + render.",
    "import: python -m bench.imports child process; peak RSS is its VmHWM (high-water mark).",
)

BENCHMARKS = ("commands", "outbox", "recovery", "digest", "imports")


@dataclass(frozen=True)
class Plan:
    """The sizes of one run; `quick()` is the smallest that still exercises everything."""

    commands: commands.CommandConfig
    outbox: outbox.OutboxConfig
    digest: digest.DigestConfig
    recovery: recovery.RecoveryConfig
    imports: imports.ImportConfig
    #: Concurrent /plan commands the latency rows are measured at.
    levels: tuple[int, ...] = (1, 16)
    #: CommandConfig fields for the throughput steps (the quick run takes one small step).
    throughput: dict[str, Any] = dataclasses.field(default_factory=dict)

    @classmethod
    def full(cls, requests: int) -> Plan:
        return cls(
            commands.CommandConfig(requests=requests),
            outbox.OutboxConfig(),
            digest.DigestConfig(),
            recovery.RecoveryConfig(),
            imports.ImportConfig(),
        )

    @classmethod
    def quick(cls) -> Plan:
        return cls(
            commands.CommandConfig(
                requests=3, warmup=0, size=Size(2, commitments_per_org=2), settle_seconds=0.1
            ),
            outbox.OutboxConfig(organizations=2, people_per_org=3, per_second=20.0, burst=3),
            digest.DigestConfig(
                large=Size(4, commitments_per_org=3),
                baseline=Size(2, commitments_per_org=3),
                repeats=1,
            ),
            recovery.RecoveryConfig(organizations=2, people_per_org=3, kill_at=2, lose_answers=1),
            imports.ImportConfig(
                large=Size(4, commitments_per_org=5), baseline=Size(1, commitments_per_org=5)
            ),
            levels=(1, 2),
            throughput={"rates": (5.0,), "step_seconds": 1.0, "warmup": 0},
        )


def _progress(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def labelled(rows: Sequence[Row], label: str) -> list[Row]:
    """Rows named after the database they ran on (those that do not say it already)."""
    return [
        r if label in r.bench else dataclasses.replace(r, bench=f"{r.bench}, {label}") for r in rows
    ]


async def _commands(plan: Plan, db: Database, workdir: Path) -> list[Row]:
    """/plan list against a bare Bolt app at each concurrency of the plan, then the highest
    rate one process (and, on PostgreSQL, two) sustains. bench.commands makes its own database:
    on PostgreSQL it is given the server's admin URL."""
    server = None if db.kind == SQLITE else (db.admin or admin_url())
    config = dataclasses.replace(plan.commands, database_url=server)
    results = await commands.sweep(config, workdir, _progress, levels=plan.levels)
    rows = [row for result in results for row in result.latency_rows()]
    rows += results[0].memory_rows()
    throughput_config = dataclasses.replace(config, **plan.throughput)
    rows += await commands.throughput(throughput_config, workdir, _progress)
    return rows


async def run_on(
    plan: Plan, db: Database, workdir: Path, only: Sequence[str], skipped: list[str]
) -> list[Row]:
    """Every selected benchmark on one kind of database, one after another (never overlapping:
    they would slow each other)."""
    rows: list[Row] = []
    label = db.label
    if "commands" in only:
        _progress(f"[{label}] /plan list vs a bare Bolt app (latency, memory)")
        rows += await _commands(plan, db, workdir)
    if "outbox" in only:
        _progress(
            f"[{label}] outbox: {plan.outbox.size.organizations * plan.outbox.people_per_org}"
            f" nudges at {plan.outbox.per_second:g}/s"
        )
        rows += (await outbox.run(plan.outbox, db.fresh, label)).rows()
    if "recovery" in only:
        _progress(f"[{label}] a sender SIGKILLed mid-fan-out and restarted")
        rows += (await recovery.run(plan.recovery, db.fresh, label)).rows()
    if "digest" in only:
        large = plan.digest.large
        _progress(
            f"[{label}] digest, {large.organizations} organizations vs "
            f"{plan.digest.baseline.organizations}"
        )
        rows += (await digest.run(plan.digest, db.fresh, label)).rows()
    if "imports" in only:
        large = plan.imports.large
        _progress(
            f"[{label}] import of {large.organizations * large.commitments_per_org} commitments"
        )
        rows += (await imports.run(plan.imports, db.fresh, label)).rows()
    return labelled(rows, label)


async def run_all(
    plan: Plan,
    workdir: Path,
    *,
    only: Sequence[str] = BENCHMARKS,
    databases: Sequence[str] = (SQLITE, POSTGRES),
) -> tuple[list[Row], list[str]]:
    """The benchmarks on each database in turn; returns the rows and what was skipped, why."""
    rows: list[Row] = []
    skipped: list[str] = []
    for kind in databases:
        if kind == POSTGRES:
            why = await postgres_answers()
            if why is not None:
                skipped.append(f"PostgreSQL not reachable: skipped ({why})")
                _progress(skipped[-1])
                continue
        db = Database(kind, workdir, admin_url() if kind == POSTGRES else None)
        rows += await run_on(plan, db, workdir, only, skipped)
    return rows, skipped


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=200, help="commands to each app")
    parser.add_argument("--quick", action="store_true", help="smallest sizes, SQLite (a smoke run)")
    parser.add_argument("--strict", action="store_true", help="exit 1 if a target is missed")
    parser.add_argument(
        "--only", action="append", choices=BENCHMARKS, help="run this benchmark (repeatable)"
    )
    parser.add_argument(
        "--database",
        choices=("sqlite", "postgres", "both"),
        default=None,
        help="where to run (default: both; sqlite with --quick)",
    )
    args = parser.parse_args(argv)
    plan = Plan.quick() if args.quick else Plan.full(args.requests)
    choice = args.database or ("sqlite" if args.quick else "both")
    databases = (SQLITE, POSTGRES) if choice == "both" else (choice,)
    only = tuple(args.only or BENCHMARKS)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="ft-bench-") as workdir:
        rows, skipped = asyncio.run(run_all(plan, Path(workdir), only=only, databases=databases))
    elapsed = time.monotonic() - started
    ran = [name for name in ("SQLite", "PostgreSQL") if any(name in r.bench for r in rows)]
    print(
        f"Follow-through benchmarks: Python {platform.python_version()}, "
        f"{os.cpu_count()} CPUs, {' and '.join(ran) or 'no database'}, {elapsed:.0f} s"
    )
    for line in skipped:
        print(line)
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
