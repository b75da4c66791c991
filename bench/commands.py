"""Benchmarks 1 and 3: `/plan list <org>` against a bare Bolt app, for latency, load and memory.

Both apps run in processes of their own (see `bench.child`) behind the same stand-in and the same
signed driver, and receive the same `/plan` commands: the TA lists one organization of
`commitments_per_org` commitments in a collaborative of `organizations`. Two times per command:

- ack: from sending the signed request to its HTTP answer. Slack gives up after 3 s.
- reply: from sending to the arrival at the stand-in of the last response-URL post of the answer
  (a listing too long for one message takes several; the bare app sends one "ok").

`concurrency` commands are kept in flight at once (each worker sends its next command as soon as
its previous one is answered), in blocks that alternate between the two apps, so that a slow
moment of the machine costs both alike. At 1 this is the sequential measurement of old.

`database_url` None is SQLite in the work folder; a PostgreSQL URL names a server on which a
database of the run's own (`ft_bench_<random>`) is created, and dropped afterwards.

The same run yields each process's peak RSS, over its whole life and while serving the measured
commands. RSS rather than tracemalloc: tracemalloc would slow the very requests being timed, and
RSS is what a host bills and kills for.

`throughput` is the open-loop measurement: commands arrive at a fixed rate whatever the bot is
doing (as people type them), stepping the rate up until p99 ack reaches 300 ms or p99 reply
1 s, for one bot process and for two sharing the load (PostgreSQL: two processes on one SQLite
file is refused).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import time
import uuid
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from bench.child import BARE, BOT
from bench.children import Child
from bench.report import Row, below, mib, ms, percentile, ratio
from bench.seed import TA, TIMEZONE, TITLE, Size, add_people, handle, person_id, seed
from sandbox.api import SlackStandIn
from sandbox.driver import SlackDriver
from sandbox.state import RecordedCall

SIGNING_SECRET = "bench-signing-secret"
ACK_TARGET_SECONDS = 0.3  # a tenth of Slack's 3 s
REPLY_TARGET_SECONDS = 1.0
#: Under concurrent load our ack may cost at most this many times a bare Bolt app's (issue 11).
ACK_RATIO_TARGET = 2.0
PEAK_RSS_TARGET_BYTES = 256 * 1024 * 1024  # half of the smallest common 512 MB container
#: The organization listed: the first, so the smallest collaborative has it too.
LISTED_ORG = 1


@dataclass(frozen=True)
class CommandConfig:
    """How many commands, on how big a collaborative, how many at once, on which database.

    `organizations` and `commitments_per_org` (None: take them from `size`) shape the
    collaborative; the listed organization has `commitments_per_org` commitments and every other
    one `background_per_org` (None: as many). The listing reads only its own organization's
    rows, so the others only need to exist; fewer of them keeps seeding (the import: about
    3.5 ms a commitment) from dominating the run.
    """

    requests: int = 200
    warmup: int = 5
    size: Size = field(default_factory=lambda: Size(organizations=300, commitments_per_org=50))
    request_timeout: float = 10.0
    #: Replies still arriving this long after the last one are not part of the same answer.
    settle_seconds: float = 0.5
    budget_seconds: float = 60.0
    concurrency: int = 1
    database_url: str | None = None
    organizations: int | None = None
    commitments_per_org: int | None = None
    background_per_org: int | None = 10
    #: Open-loop arrival rates (commands/s) tried in turn by `throughput`, each for this long.
    rates: tuple[float, ...] = (10, 20, 30, 40, 50, 60, 80, 100, 120, 150)
    step_seconds: float = 6.0

    @property
    def shape(self) -> Size:
        return Size(
            organizations=self.organizations or self.size.organizations,
            commitments_per_org=self.commitments_per_org or self.size.commitments_per_org,
        )

    @property
    def command_text(self) -> str:
        return f"list {handle(LISTED_ORG)}"

    @property
    def database_kind(self) -> str:
        return "SQLite" if _is_sqlite(self.database_url) else "PostgreSQL"


def _is_sqlite(url: str | None) -> bool:
    return url is None or url.startswith("sqlite")


def expected_answer(config: CommandConfig) -> dict[str, str]:
    """What each app's answer starts with (the listing's header, and "ok"), checked so an error
    reply can't pass for speed."""
    return {BOT: f"Organization {LISTED_ORG:03d} for Worker Health", BARE: "ok"}


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
    #: The process's CPU seconds spent while serving the measured commands.
    cpu: float = 0.0


@dataclass
class CommandResult:
    bot: Arm
    bare: Arm
    config: CommandConfig
    completed: int
    #: The machine's 1-minute load average when the level ended: above the CPU count, other
    #: work was competing with both apps (absolute times suffer more than the ratios).
    load: float = 0.0

    @property
    def name(self) -> str:
        shape = self.config.shape
        return (
            f"/plan {self.config.command_text} ({shape.commitments_per_org} of "
            f"{shape.organizations} orgs) {self.config.database_kind} "
            f"c{self.config.concurrency} x{self.completed}"
        )

    def latency_rows(self) -> list[Row]:
        rows = []
        loaded = self.config.concurrency > 1
        for metric, ours, base in (
            ("ack p50", self.bot.ack, self.bare.ack),
            ("ack p99", self.bot.ack, self.bare.ack),
            ("reply p50", self.bot.reply, self.bare.reply),
            ("reply p99", self.bot.reply, self.bare.reply),
        ):
            pct = 50 if metric.endswith("p50") else 99
            mine, theirs = percentile(ours, pct), percentile(base, pct)
            target, ok = "-", None
            if metric == "ack p99":
                ok = mine < ACK_TARGET_SECONDS
                target = below(ACK_TARGET_SECONDS * 1000, "ms")
                if loaded:  # the target under load: within 2x of Bolt's own
                    ok = ok and mine <= ACK_RATIO_TARGET * theirs
                    target = f"<= {ACK_RATIO_TARGET:g}x, {target}"
            elif metric == "reply p99":
                ok = mine < REPLY_TARGET_SECONDS
                target = below(REPLY_TARGET_SECONDS * 1000, "ms")
            rows.append(
                Row(
                    bench=self.name,
                    metric=metric,
                    ours=ms(mine),
                    baseline=f"{ms(theirs)} bare Bolt",
                    ratio=ratio(mine, theirs),
                    target=target,
                    ok=ok,
                )
            )
        per_command = [arm.cpu / max(1, self.completed) for arm in (self.bot, self.bare)]
        rows.append(
            Row(
                bench=self.name,
                metric="process CPU per command",
                ours=ms(per_command[0]),
                baseline=f"{ms(per_command[1])} bare Bolt, load {self.load:.1f}",
                ratio=ratio(per_command[0], per_command[1]),
                target="-",
                ok=None,
            )
        )
        rows.append(
            Row(
                bench=self.name,
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
        name = f"memory, /plan x{self.completed} c{self.config.concurrency}"
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


# --------------------------------------------------------------------------- the database


async def _pg_execute(url: str, statement: str) -> None:
    import asyncpg

    connection = await asyncpg.connect(url.replace("postgresql+asyncpg://", "postgresql://"))
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


@contextlib.asynccontextmanager
async def bench_database(config: CommandConfig, workdir: Path, label: str) -> AsyncIterator[str]:
    """A fresh, empty database for one run: a new SQLite file in `workdir`, or a new database
    on the PostgreSQL server `config.database_url` names, dropped (connections and all) after."""
    if _is_sqlite(config.database_url):
        yield f"sqlite+aiosqlite:///{workdir / f'{label}-{uuid.uuid4().hex[:6]}.sqlite3'}"
        return
    from config.settings import normalize_database_url

    assert config.database_url is not None
    admin = normalize_database_url(config.database_url)
    name = f"ft_bench_{uuid.uuid4().hex[:10]}"
    base = admin.rsplit("/", 1)[0]
    await _pg_execute(admin, f'CREATE DATABASE "{name}"')
    try:
        yield f"{base}/{name}"
    finally:
        await _pg_execute(admin, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


async def seed_listing(database_url: str, config: CommandConfig, now: datetime) -> None:
    """The collaborative of `config.shape`, its listed organization with all its commitments
    and the others with `background_per_org` (bench.seed imports both through the import)."""
    shape = config.shape
    background = config.background_per_org
    if background is None or background >= shape.commitments_per_org:
        await seed(database_url, shape, now)
        return
    await seed(database_url, Size(shape.organizations, background), now)
    await _import_more(database_url, shape.commitments_per_org - background, now)


async def _import_more(database_url: str, count: int, now: datetime) -> None:
    """`count` more commitments for the listed organization, after the seed's own."""
    import csv
    import io

    from core.transfer import import_files, parse
    from storage.db import create_engine, session_factory
    from storage.uow import UnitOfWorkFactory

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        ("organization", "title", "owner_slack_id", "due", "status", "pse_level", "session")
    )
    for n in range(count):
        due = now.date().toordinal() + (n % 21) - 7
        writer.writerow(
            (
                handle(LISTED_ORG),
                TITLE.format(n=f"extra-{n}"),
                person_id(LISTED_ORG, 1),
                date.fromordinal(due).isoformat(),
                ("open", "in-progress", "blocked", "done")[n % 4],
                "policy",
                "",
            )
        )
    engine = create_engine(database_url)
    try:
        async with UnitOfWorkFactory(session_factory(engine))() as uow:
            await import_files(uow, [parse(out.getvalue(), "more.csv")], now, TIMEZONE)
    finally:
        await engine.dispose()


# --------------------------------------------------------------------------- one command


async def _one(
    driver: SlackDriver,
    replies: ReplyClock,
    text: str,
    count: int,
    limit: float,
    started: float | None = None,
) -> tuple[float, float, str]:
    """Send one command; its ack and reply times from `started` (when it was due to be sent,
    for open-loop arrivals: a late sender must not hide its lateness) or from now."""
    started = time.perf_counter() if started is None else started
    response = await driver.command(TA, text)
    acked = time.perf_counter()
    if response.status != 200 or response.response_url is None:
        raise RuntimeError(f"/plan {text} answered {response.status}: {response.body}")
    arrived = await replies.wait(response.response_url, count, limit)
    return acked - started, arrived - started, response.response_url


async def _learn_answer(
    driver: SlackDriver,
    replies: ReplyClock,
    config: CommandConfig,
    arm: Arm,
    expect: str,
) -> None:
    """How many messages one answer takes (wait for the first, then until no more arrive), and
    that it is the answer expected rather than an error reply that would be fast for nothing."""
    _, _, url = await _one(driver, replies, config.command_text, 1, config.request_timeout)
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


async def _start(
    kinds: Sequence[str], standin: SlackStandIn, database_url: str, workdir: Path
) -> list[Child]:
    """Start the children together; if one fails, close the others and raise its error."""
    common = {
        "api_url": standin.api_url,
        "bot_token": standin.bot_token,
        "signing_secret": SIGNING_SECRET,
    }

    def options(kind: str) -> dict[str, str]:
        return {"database_url": database_url, "ta": TA, **common} if kind == BOT else common

    started = await asyncio.gather(
        *(
            Child.start(kind, workdir / f"{kind}{n}.stderr", **options(kind))
            for n, kind in enumerate(kinds)
        ),
        return_exceptions=True,
    )
    children = [c for c in started if isinstance(c, Child)]
    failure = next((c for c in started if isinstance(c, BaseException)), None)
    if failure is not None:
        for child in children:
            await child.close()
        raise failure
    return children


@dataclass
class _Stage:
    """The stand-in, its reply clock and a seeded database: what every measurement runs on."""

    standin: SlackStandIn
    replies: ReplyClock
    database_url: str


@contextlib.asynccontextmanager
async def _stage(config: CommandConfig, workdir: Path, label: str) -> AsyncIterator[_Stage]:
    async with bench_database(config, workdir, label) as database_url:
        await seed_listing(database_url, config, datetime.now(UTC))
        standin = SlackStandIn()
        add_people(standin, config.shape)
        await standin.start()
        replies = ReplyClock(standin)
        try:
            yield _Stage(standin, replies, database_url)
        finally:
            replies.close()
            await standin.stop()


# --------------------------------------------------------------------------- latency


async def _closed_loop(
    driver: SlackDriver,
    replies: ReplyClock,
    arm: Arm,
    config: CommandConfig,
    count: int,
    record: bool = True,
) -> None:
    """`count` commands, `config.concurrency` of them in flight at any moment."""
    left = count

    async def worker() -> None:
        nonlocal left
        while left > 0:
            left -= 1
            ack, reply, _ = await _one(
                driver,
                replies,
                config.command_text,
                arm.replies_per_command,
                config.request_timeout,
            )
            if record:
                arm.ack.append(ack)
                arm.reply.append(reply)

    await asyncio.gather(*(worker() for _ in range(max(1, config.concurrency))))


async def sweep(
    config: CommandConfig,
    workdir: Path,
    progress: Callable[[str], None] = print,
    levels: Sequence[int] = (1, 16),
) -> list[CommandResult]:
    """One seeded database and one pair of apps, measured at each concurrency in `levels`
    (`config.concurrency` is replaced by each level in turn)."""
    results: list[CommandResult] = []
    async with _stage(config, workdir, "commands") as stage:
        bot, bare = await _start((BOT, BARE), stage.standin, stage.database_url, workdir)
        children = {BOT: bot, BARE: bare}
        drivers = {
            k: SlackDriver(c.url, SIGNING_SECRET, stage.standin) for k, c in children.items()
        }
        expected = expected_answer(config)
        try:
            learned: dict[str, Arm] = {BOT: Arm(BOT), BARE: Arm(BARE)}
            for kind, driver in drivers.items():
                await _learn_answer(driver, stage.replies, config, learned[kind], expected[kind])
            marks: dict[str, dict[str, Any]] = {}
            for level in levels:
                level_config = _with_concurrency(config, level)
                arms = {
                    kind: Arm(kind, replies_per_command=a.replies_per_command, sample=a.sample)
                    for kind, a in learned.items()
                }
                for kind, driver in drivers.items():
                    await _closed_loop(
                        driver,
                        stage.replies,
                        arms[kind],
                        level_config,
                        config.warmup * max(1, level),
                        record=False,
                    )
                if not marks:  # memory: the peak from here on is the measured load's
                    marks = {kind: await child.ask("mark") for kind, child in children.items()}
                before = {kind: await child.ask("cpu") for kind, child in children.items()}
                completed = await _alternate(drivers, stage.replies, arms, level_config, progress)
                for kind, child in children.items():
                    arms[kind].cpu = (await child.ask("cpu"))["cpu"] - before[kind]["cpu"]
                results.append(
                    CommandResult(
                        arms[BOT], arms[BARE], level_config, completed, os.getloadavg()[0]
                    )
                )
            stats = {kind: await child.ask("stop") for kind, child in children.items()}
        finally:
            for driver in drivers.values():
                await driver.close()
            for child in children.values():
                await child.close()
    for result in results:  # the same two processes served every level: one memory reading
        for kind, arm in ((BOT, result.bot), (BARE, result.bare)):
            arm.memory.update(stats[kind], mark=marks[kind])
            # The peak over the whole life is the HWM before the reset, or after it if never.
            arm.memory["life_hwm"] = max(arm.memory["hwm"], int(marks[kind].get("life_hwm", 0)))
    return results


def _with_concurrency(config: CommandConfig, level: int) -> CommandConfig:
    from dataclasses import replace

    return replace(config, concurrency=level)


async def _alternate(
    drivers: dict[str, SlackDriver],
    replies: ReplyClock,
    arms: dict[str, Arm],
    config: CommandConfig,
    progress: Callable[[str], None],
) -> int:
    """`config.requests` commands to each app, in blocks alternating between them."""
    block = max(1, config.concurrency) * (1 if config.concurrency <= 1 else 4)
    progress(
        f"  commands: {config.requests} to each app at concurrency {config.concurrency}, "
        f"alternating in blocks of {block} ({config.database_kind})"
    )
    completed = 0
    deadline = time.monotonic() + config.budget_seconds
    while completed < config.requests:
        if time.monotonic() > deadline:
            progress(f"  commands: time budget spent after {completed} each")
            break
        count = min(block, config.requests - completed)
        for kind in (BARE, BOT):
            await _closed_loop(drivers[kind], replies, arms[kind], config, count)
        completed += count
    return completed


async def run(
    config: CommandConfig, workdir: Path, progress: Callable[[str], None] = print
) -> CommandResult:
    """Seed, start both apps, warm them up, then time `config.requests` commands to each at
    `config.concurrency`."""
    (result,) = await sweep(config, workdir, progress, levels=(config.concurrency,))
    return result


# --------------------------------------------------------------------------- throughput


@dataclass
class Step:
    """One arrival rate held for a while: what came back, and whether it stayed under target."""

    rate: float
    ack: list[float] = field(default_factory=list)
    reply: list[float] = field(default_factory=list)
    errors: int = 0

    @property
    def ack_p99(self) -> float:
        return percentile(self.ack, 99) if self.ack else float("inf")

    @property
    def reply_p99(self) -> float:
        return percentile(self.reply, 99) if self.reply else float("inf")

    @property
    def ok(self) -> bool:
        """Sustained: acks in time, and replies keeping up. Work waits its turn after the ack
        (bot.listeners.commands), so past capacity acks stay quick while replies pile up:
        the ack alone would overstate what a process sustains."""
        return (
            self.errors == 0
            and self.ack_p99 < ACK_TARGET_SECONDS
            and self.reply_p99 < REPLY_TARGET_SECONDS
        )


async def _open_loop(
    drivers: Sequence[SlackDriver],
    replies: ReplyClock,
    config: CommandConfig,
    per_answer: int,
    rate: float,
) -> Step:
    """Commands arriving every 1/rate s for `step_seconds`, alternated between the drivers."""
    step = Step(rate)
    count = max(1, int(rate * config.step_seconds))
    begin = time.perf_counter() + 0.05
    tasks = []
    for n in range(count):
        due = begin + n / rate
        delay = due - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(
            asyncio.ensure_future(
                _one(
                    drivers[n % len(drivers)],
                    replies,
                    config.command_text,
                    per_answer,
                    config.request_timeout,
                    started=due,
                )
            )
        )
    for outcome in await asyncio.gather(*tasks, return_exceptions=True):
        if isinstance(outcome, BaseException):
            step.errors += 1
        else:
            step.ack.append(outcome[0])
            step.reply.append(outcome[1])
    return step


@dataclass
class ThroughputResult:
    """The steps tried with `processes` processes of one app, and the highest rate that passed."""

    kind: str
    processes: int
    steps: list[Step]
    load: tuple[float, float] = (0.0, 0.0)  # the machine's 1-minute load average, before/after

    @property
    def best(self) -> Step | None:
        passed = [s for s in self.steps if s.ok]
        return passed[-1] if passed else None

    @property
    def first_miss(self) -> Step | None:
        return next((s for s in self.steps if not s.ok), None)


async def _step_up(
    stage: _Stage,
    config: CommandConfig,
    workdir: Path,
    kind: str,
    processes: int,
    rates: Sequence[float],
    progress: Callable[[str], None],
) -> ThroughputResult:
    """Start `processes` of `kind` on the stage, then try each rate until one misses."""
    result = ThroughputResult(kind, processes, [], (os.getloadavg()[0], 0.0))
    children = await _start([kind] * processes, stage.standin, stage.database_url, workdir)
    drivers = [SlackDriver(c.url, SIGNING_SECRET, stage.standin) for c in children]
    try:
        arm = Arm(kind)
        for driver in drivers:
            await _learn_answer(driver, stage.replies, config, arm, expected_answer(config)[kind])
            for _ in range(config.warmup):
                await _one(
                    driver,
                    stage.replies,
                    config.command_text,
                    arm.replies_per_command,
                    config.request_timeout,
                )
        for rate in rates:
            step = await _open_loop(drivers, stage.replies, config, arm.replies_per_command, rate)
            result.steps.append(step)
            progress(
                f"  throughput, {kind} x{processes}: {rate:g}/s -> ack p99 "
                f"{ms(step.ack_p99)}, reply p99 {ms(step.reply_p99)}, errors {step.errors}"
            )
            if not step.ok:
                break
            await asyncio.sleep(config.settle_seconds)  # let the previous step drain
    finally:
        for driver in drivers:
            await driver.close()
        for child in children:
            await child.close()
    result.load = (result.load[0], os.getloadavg()[0])
    return result


async def throughput(
    config: CommandConfig, workdir: Path, progress: Callable[[str], None] = print
) -> list[Row]:
    """The highest open-loop rate (of `config.rates`) at which one bot process, then two, keep
    p99 ack under 300 ms and p99 reply under 1 s; and a bare Bolt app at the same rates, up to
    the bot's first miss.

    Two processes share the load alternately, as a platform's router would. On SQLite only one
    process is measured: one SQLite file serves one process (issue 11). The bare app runs after
    the bot, not interleaved: read its row as what this machine and load generator allowed."""
    counts = (1,) if _is_sqlite(config.database_url) else (1, 2)
    results: list[ThroughputResult] = []
    async with _stage(config, workdir, "throughput") as stage:
        for n in counts:
            results.append(await _step_up(stage, config, workdir, BOT, n, config.rates, progress))
        miss = results[0].first_miss
        upto = [r for r in config.rates if miss is None or r <= miss.rate]
        bare = await _step_up(stage, config, workdir, BARE, 1, upto, progress)
    return _throughput_rows(config, results, bare)


def _rate(step: Step | None) -> str:
    return "below the first rate" if step is None else f"{step.rate:g}/s"


def _throughput_rows(
    config: CommandConfig, results: list[ThroughputResult], bare: ThroughputResult
) -> list[Row]:
    rows: list[Row] = []
    single = results[0].best
    for result in results:
        best, miss = result.best, result.first_miss
        name = f"throughput {config.database_kind}, {result.processes} bot process(es)"
        missed = "none missed" if miss is None else f"missed at {miss.rate:g}/s"
        if result.processes == 1:
            bare_best = bare.best
            baseline = f"{_rate(bare_best)} bare Bolt (1 process)"
            versus = bare_best.rate if bare_best is not None else 0.0
            if bare.first_miss is None:
                baseline = f">= {baseline}"
        else:
            baseline = f"{_rate(single)} one bot process"
            versus = single.rate if single is not None else 0.0
        rows.append(
            Row(
                bench=name,
                metric="commands/s, ack p99 < 300 ms, reply p99 < 1 s",
                ours=f"{_rate(best)} ({missed})",
                baseline=baseline,
                ratio=ratio(best.rate, versus) if best is not None else None,
                target="-",
                ok=None,
            )
        )
        if best is not None:
            rows.append(
                Row(
                    bench=name,
                    metric=f"at {best.rate:g}/s: ack / reply p99",
                    ours=f"{ms(best.ack_p99)} / {ms(best.reply_p99)}",
                    baseline=f"{len(best.ack)} commands, load {result.load[1]:.1f}",
                    ratio=None,
                    target=f"{below(ACK_TARGET_SECONDS * 1000, 'ms')} / "
                    f"{below(REPLY_TARGET_SECONDS * 1000, 'ms')}",
                    ok=best.ack_p99 < ACK_TARGET_SECONDS and best.reply_p99 < REPLY_TARGET_SECONDS,
                )
            )
    return rows
