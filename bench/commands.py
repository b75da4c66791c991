"""Benchmarks 1 and 3: `/plan list` against a bare Bolt app, for latency and for memory.

Both apps run in processes of their own (see `bench.child`) behind the same stand-in and the same
signed driver, and receive the same number of sequential `/plan` commands, alternating one to
each so that a slow moment of the machine costs both alike. Two times per command:

- ack: from sending the signed request to its HTTP answer. Slack gives up after 3 s.
- reply: from sending to the arrival at the stand-in of the last response-URL post of the answer
  (a TA's `/plan list` of 200 commitments takes several messages; the bare app sends one "ok").

The same run yields each process's peak RSS, over its whole life and while serving the measured
commands. RSS rather than tracemalloc: tracemalloc would slow the very requests being timed, and
RSS is what a host bills and kills for.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.child import BARE, BOT
from bench.children import Child
from bench.report import Row, below, mib, ms, percentile, ratio
from bench.seed import TA, Size, add_people, seed
from sandbox.api import SlackStandIn
from sandbox.driver import SlackDriver
from sandbox.state import RecordedCall

SIGNING_SECRET = "bench-signing-secret"
COMMAND_TEXT = "list"
ACK_TARGET_SECONDS = 0.3  # a tenth of Slack's 3 s
REPLY_TARGET_SECONDS = 1.0
PEAK_RSS_TARGET_BYTES = 256 * 1024 * 1024  # half of the smallest common 512 MB container
#: What each app's answer starts with: the TA's listing of every open commitment, and "ok".
EXPECTED = {BOT: "Open commitments", BARE: "ok"}


@dataclass(frozen=True)
class CommandConfig:
    """How many commands, on how big a collaborative, within what time."""

    requests: int = 200
    warmup: int = 5
    size: Size = field(default_factory=lambda: Size(organizations=20, commitments_per_org=10))
    request_timeout: float = 10.0
    #: Replies still arriving this long after the last one are not part of the same answer.
    settle_seconds: float = 0.5
    budget_seconds: float = 60.0


@dataclass
class Arm:
    """What one app did: its timings, how many replies an answer took, and its memory."""

    name: str
    ack: list[float] = field(default_factory=list)
    reply: list[float] = field(default_factory=list)
    replies_per_command: int = 0
    #: The fallback text of the first answer, checked so an error reply can't pass for speed.
    sample: str = ""
    memory: dict[str, Any] = field(default_factory=dict)


@dataclass
class CommandResult:
    bot: Arm
    bare: Arm
    config: CommandConfig
    completed: int

    def latency_rows(self) -> list[Row]:
        name = f"/plan {COMMAND_TEXT} x{self.completed}"
        rows = []
        for metric, ours, base, target in (
            ("ack p50", self.bot.ack, self.bare.ack, None),
            ("ack p95", self.bot.ack, self.bare.ack, ACK_TARGET_SECONDS),
            ("reply p50", self.bot.reply, self.bare.reply, None),
            ("reply p95", self.bot.reply, self.bare.reply, REPLY_TARGET_SECONDS),
        ):
            pct = 50 if metric.endswith("p50") else 95
            mine, theirs = percentile(ours, pct), percentile(base, pct)
            rows.append(
                Row(
                    bench=name,
                    metric=metric,
                    ours=ms(mine),
                    baseline=f"{ms(theirs)} bare Bolt",
                    ratio=ratio(mine, theirs),
                    target="-" if target is None else below(target * 1000, "ms"),
                    ok=None if target is None else mine < target,
                )
            )
        rows.append(
            Row(
                bench=name,
                metric="messages per answer",
                ours=str(self.bot.replies_per_command),
                baseline=f"{self.bare.replies_per_command} bare Bolt",
                ratio=None,
                target="-",
                ok=None,
            )
        )
        return rows

    def memory_rows(self) -> list[Row]:
        name = f"memory, /plan x{self.completed}"
        ours, base = self.bot.memory, self.bare.memory
        grow_ours = max(0, ours["hwm"] - ours["baseline"])
        grow_base = max(0, base["hwm"] - base["baseline"])
        during = "peak RSS during load" if ours.get("reset") else "peak RSS (life)"
        return [
            Row(
                bench=name,
                metric="peak RSS (process life)",
                ours=mib(ours["life_hwm"]),
                baseline=f"{mib(base['life_hwm'])} bare Bolt",
                ratio=ratio(ours["life_hwm"], base["life_hwm"]),
                target=below(PEAK_RSS_TARGET_BYTES / 2**20, "MiB"),
                ok=ours["life_hwm"] < PEAK_RSS_TARGET_BYTES,
            ),
            Row(
                bench=name,
                metric=during,
                ours=mib(ours["hwm"]),
                baseline=f"{mib(base['hwm'])} bare Bolt",
                ratio=ratio(ours["hwm"], base["hwm"]),
                target="-",
                ok=None,
            ),
            Row(
                bench=name,
                metric="RSS growth during load",
                ours=mib(grow_ours),
                baseline=f"{mib(grow_base)} bare Bolt",
                ratio=ratio(grow_ours, grow_base),
                target="-",
                ok=None,
            ),
        ]


class ReplyClock:
    """Notes when each response-URL post reaches the stand-in, keyed by the URL's token.

    It listens to the stand-in's call log as calls are recorded, so an arrival is timed when it
    happens rather than when a poll happens to notice it.
    """

    def __init__(self, standin: SlackStandIn) -> None:
        self.arrivals: dict[str, list[float]] = {}
        self.texts: dict[str, list[str]] = {}
        self._waiters: dict[str, tuple[int, asyncio.Future[None]]] = {}
        self._unsubscribe = standin.subscribe(self._on_call)

    @staticmethod
    def token(url: str) -> str:
        return url.rstrip("/").rsplit("/", 1)[-1]

    def _on_call(self, call: RecordedCall) -> None:
        if call.method != "response_url":
            return
        key = self.token(str(call.args.get("response_url", "")))
        times = self.arrivals.setdefault(key, [])
        times.append(time.perf_counter())
        self.texts.setdefault(key, []).append(str(call.args.get("text") or ""))
        waiter = self._waiters.get(key)
        if waiter is not None and len(times) >= waiter[0] and not waiter[1].done():
            waiter[1].set_result(None)

    async def wait(self, url: str, count: int, limit: float) -> float:
        """The arrival time of the `count`-th post to `url` (waiting at most `limit` s)."""
        key = self.token(url)
        times = self.arrivals.setdefault(key, [])
        if len(times) < count:
            future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
            self._waiters[key] = (count, future)
            try:
                await asyncio.wait_for(future, timeout=limit)
            except TimeoutError:
                raise TimeoutError(
                    f"{len(times)} of {count} replies to {url} within {limit} s"
                ) from None
            finally:
                self._waiters.pop(key, None)
        return times[count - 1]

    def close(self) -> None:
        self._unsubscribe()


async def _one(
    driver: SlackDriver, replies: ReplyClock, count: int, limit: float
) -> tuple[float, float, str]:
    started = time.perf_counter()
    response = await driver.command(TA, COMMAND_TEXT)
    acked = time.perf_counter()
    if response.status != 200 or response.response_url is None:
        raise RuntimeError(f"/plan {COMMAND_TEXT} answered {response.status}: {response.body}")
    arrived = await replies.wait(response.response_url, count, limit)
    return acked - started, arrived - started, response.response_url


async def _learn_answer(
    driver: SlackDriver, replies: ReplyClock, config: CommandConfig, arm: Arm, expect: str
) -> None:
    """How many messages one answer takes (wait for the first, then until no more arrive), and
    that it is the answer expected rather than an error reply that would be fast for nothing."""
    _, _, url = await _one(driver, replies, 1, config.request_timeout)
    key = ReplyClock.token(url)
    for _ in range(int(config.request_timeout / config.settle_seconds)):
        seen = len(replies.arrivals[key])
        await asyncio.sleep(config.settle_seconds)
        if len(replies.arrivals[key]) == seen:
            arm.replies_per_command = seen
            arm.sample = replies.texts[key][0]
            if expect not in arm.sample:
                raise RuntimeError(f"{arm.name} answered {arm.sample!r}, expected {expect!r}")
            return
    raise RuntimeError("replies kept arriving; cannot tell where an answer ends")


async def _start_children(
    standin: SlackStandIn, database_url: str, workdir: Path
) -> tuple[Child, Child]:
    common = {
        "api_url": standin.api_url,
        "bot_token": standin.bot_token,
        "signing_secret": SIGNING_SECRET,
    }
    started = await asyncio.gather(
        Child.start(BOT, workdir / "bot.stderr", database_url=database_url, ta=TA, **common),
        Child.start(BARE, workdir / "bare.stderr", **common),
        return_exceptions=True,
    )
    children = [c for c in started if isinstance(c, Child)]
    failure = next((c for c in started if isinstance(c, BaseException)), None)
    if failure is not None:
        for child in children:
            await child.close()
        raise failure
    bot, bare = started
    assert isinstance(bot, Child) and isinstance(bare, Child)
    return bot, bare


async def run(
    config: CommandConfig, workdir: Path, progress: Callable[[str], None] = print
) -> CommandResult:
    """Seed, start both apps, warm them up, then time `config.requests` commands to each."""
    database_url = f"sqlite+aiosqlite:///{workdir / 'commands.sqlite3'}"
    await seed(database_url, config.size, datetime.now(UTC))
    standin = SlackStandIn()
    add_people(standin, config.size)
    await standin.start()
    replies = ReplyClock(standin)
    arms = {BOT: Arm(BOT), BARE: Arm(BARE)}
    completed = 0
    try:
        bot, bare = await _start_children(standin, database_url, workdir)
        children = {BOT: bot, BARE: bare}
        drivers = {k: SlackDriver(c.url, SIGNING_SECRET, standin) for k, c in children.items()}
        try:
            for kind, driver in drivers.items():
                await _learn_answer(driver, replies, config, arms[kind], EXPECTED[kind])
                for _ in range(config.warmup):
                    await _one(
                        driver, replies, arms[kind].replies_per_command, config.request_timeout
                    )
            for kind, child in children.items():
                arms[kind].memory["mark"] = await child.ask("mark")
            progress(f"  commands: {config.requests} to each app, alternating")
            deadline = time.monotonic() + config.budget_seconds
            for _ in range(config.requests):
                if time.monotonic() > deadline:
                    progress(f"  commands: time budget spent after {completed} each")
                    break
                for kind in (BARE, BOT):
                    arm = arms[kind]
                    ack, reply, _ = await _one(
                        drivers[kind], replies, arm.replies_per_command, config.request_timeout
                    )
                    arm.ack.append(ack)
                    arm.reply.append(reply)
                completed += 1
            for kind, child in children.items():
                stats = await child.ask("stop")
                arms[kind].memory.update(stats)
        finally:
            for driver in drivers.values():
                await driver.close()
            for child in children.values():
                await child.close()
    finally:
        replies.close()
        await standin.stop()
    for arm in arms.values():
        # The peak over the whole life is the HWM before the reset, or after it if it never was.
        mark = arm.memory.get("mark", {})
        arm.memory["life_hwm"] = max(arm.memory["hwm"], int(mark.get("life_hwm", 0)))
    return CommandResult(bot=arms[BOT], bare=arms[BARE], config=config, completed=completed)
