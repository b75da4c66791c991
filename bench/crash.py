"""A sender SIGKILLed in the middle of a fan-out, and restarted: the scenario the crash test
asserts on and the bench times.

Each run is the real `python -m jobs nudges --now …` in a subprocess, against the stand-in's
URL and a database on disk. The stand-in kills the process with SIGKILL at the very moment it
stores the Nth post — before the answer is written, so that post is in flight — and may lose a
few answers on top. The next run starts at the next scheduler tick (5 minutes later, past the
sender's lease) and must deliver everything the crash held back, once.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select

from sandbox.api import SlackStandIn
from sandbox.state import RecordedCall
from storage.db import create_engine
from storage.models import OutboxMessage

ROOT = Path(__file__).resolve().parents[1]
POST = "chat.postMessage"
#: The scheduler's tick: a restarted clock process runs the job again this much later.
TICK = timedelta(minutes=5)


@dataclass
class RunRecord:
    """One `python -m jobs nudges` process: when it started, how it ended, what it left."""

    now: datetime
    started: float
    exit_code: int | None = None
    killed: bool = False
    #: Rows left `sending` when the process died: held back until a later run checks them.
    held_back: int = 0
    first_post: float | None = None
    last_post: float | None = None


@dataclass
class CrashResult:
    runs: list[RunRecord] = field(default_factory=list)
    per_recipient: Counter[str] = field(default_factory=Counter)
    statuses: Counter[str] = field(default_factory=Counter)
    lost_answers: int = 0
    #: Stand-in clock time at which each recipient's (first) message was stored.
    delivered_at: dict[str, float] = field(default_factory=dict)

    def exactly_once(self, people: Sequence[str]) -> bool:
        return all(self.per_recipient[p] == 1 for p in people) and sum(
            self.per_recipient.values()
        ) == len(people)


def _environment(standin: SlackStandIn, database_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DATABASE_"))}
    env.update(
        SLACK_BOT_TOKEN=standin.bot_token,
        SLACK_API_URL=standin.api_url,
        DATABASE_URL=database_url,
        SLACK_SIGNING_SECRET="crash-test-signing-secret",
        SCHEDULER="off",
        PYTHONPATH=str(ROOT),
    )
    return env


async def _statuses(database_url: str) -> Counter[str]:
    engine = create_engine(database_url)
    try:
        async with engine.connect() as connection:
            rows = await connection.execute(
                select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)
            )
            return Counter({str(status): int(count) for status, count in rows})
    finally:
        await engine.dispose()


async def crash_and_restart(
    standin: SlackStandIn,
    database_url: str,
    people: Sequence[str],
    now: datetime,
    *,
    kill_after: Sequence[int],
    lose_answers: int = 0,
    lose_every: int = 50,
    timeout: float = 180.0,  # noqa: ASYNC109 - bounds several subprocesses, not one await
) -> CrashResult:
    """Run the nudge job, SIGKILLing it when the stand-in has stored each `kill_after` count of
    posts (cumulative), restarting it one tick later each time, until a run ends by itself."""
    result = CrashResult()
    if lose_answers:
        standin.faults.lose_answer(POST, times=lose_answers, every=lose_every)
    stored = 0
    thresholds = list(kill_after)
    current: dict[str, asyncio.subprocess.Process | RunRecord] = {}

    def on_call(call: RecordedCall) -> None:
        nonlocal stored
        if call.method != POST or not call.ok:
            return
        stored += 1
        record = current.get("record")
        assert isinstance(record, RunRecord)
        record.first_post = record.first_post if record.first_post is not None else call.at
        record.last_post = call.at
        recipient = str(call.args.get("channel"))
        result.delivered_at.setdefault(recipient, call.at)
        if thresholds and stored >= thresholds[0]:
            thresholds.pop(0)
            process = current.get("process")
            assert isinstance(process, asyncio.subprocess.Process)
            record.killed = True
            os.kill(process.pid, signal.SIGKILL)  # before this post's answer is written

    unsubscribe = standin.subscribe(on_call)
    env = _environment(standin, database_url)
    deadline = time.monotonic() + timeout
    try:
        moment = now
        while True:
            record = RunRecord(now=moment, started=standin.state.clock())
            process = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "jobs",
                "nudges",
                "--now",
                moment.isoformat(),
                cwd=str(ROOT),
                env=env,
                stdout=asyncio.subprocess.DEVNULL,
                stderr=asyncio.subprocess.PIPE,
            )
            current.update(process=process, record=record)
            result.runs.append(record)
            try:
                _, stderr = await asyncio.wait_for(
                    process.communicate(), max(1.0, deadline - time.monotonic())
                )
            except TimeoutError:
                process.kill()
                await process.wait()
                raise
            record.exit_code = process.returncode
            if record.killed:
                record.held_back = (await _statuses(database_url))["sending"]
                moment += TICK
                continue
            if process.returncode != 0:
                raise RuntimeError(f"the nudge job failed:\n{stderr.decode()[-3000:]}")
            break
    finally:
        unsubscribe()
    result.statuses = await _statuses(database_url)
    result.lost_answers = sum(1 for c in standin.calls_to(POST) if not c.answered)
    for person in people:
        result.per_recipient[person] = len(standin.dm_messages(person))
    return result
