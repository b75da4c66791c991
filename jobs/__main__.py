"""`python -m jobs` — the scheduler alone (the clock process; run any number on PostgreSQL, one
leads at a time, see jobs.leader);
`python -m jobs nudges|digest|retention [--now ISO] [--dry-run]` — one job, as if run at that
instant (retention: the purge of people's data after close, and its notice; no dry run)."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import signal
import sys
from datetime import UTC, datetime

from bot.app import workspace_clients
from bot.blocks.reply import Reply
from bot.runtime import Runtime, process_clock, system_clock
from config.cli import start_cli
from config.settings import Settings
from config.single import SingleProcessError, hold_single_process
from jobs.digest_job import run_digests
from jobs.nudge_job import run_nudges
from jobs.retention_job import run_retention
from storage.db import create_engine, session_factory
from storage.migrate import upgrade
from storage.uow import UnitOfWorkFactory


def parse_now(text: str | None) -> datetime:
    if text is None:
        return system_clock()
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise SystemExit(f"--now {text!r} is not an ISO time like 2026-12-07T15:00:00Z") from None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def printable(reply: Reply) -> str:
    lines = [reply.text]
    for block in reply.blocks:
        text = block.get("text")
        if isinstance(text, dict) and block.get("type") != "header":
            lines.append("  " + str(text.get("text", "")).replace("\n", "\n  "))
    return "\n".join(lines)


async def run_once(settings: Settings, job: str, now: datetime, dry_run: bool) -> int:
    engine = create_engine(settings.database_url)
    await upgrade(engine)
    uow = UnitOfWorkFactory(session_factory(engine))
    rt = Runtime(settings=settings, uow=uow)
    client = None if dry_run else workspace_clients(rt, engine)
    try:
        if job == "retention":
            if client is None:
                print("The retention job deletes data: it has no dry run.", file=sys.stderr)
                return 2
            report = await run_retention(uow, client, now)
            print(f"retention at {now.isoformat()}: {len(report.sent)} notice(s) sent")
        elif job == "nudges":
            report = await run_nudges(uow, client, now, dry_run=dry_run)
            for recipient, reply in report.previews:
                print(f"--- to {recipient}\n{printable(reply)}")
            if dry_run:
                print(f"{len(report.previews)} nudge message(s) would be sent at {now.isoformat()}")
            else:
                sent, failed = len(report.sent), len(report.failed)
                print(
                    f"{sent} sent, {failed} failed, {len(report.retry)} to retry, "
                    f"{len(report.unknown)} unknown (to check against Slack's history)"
                )
        else:
            posted = await run_digests(uow, client, now, dry_run=dry_run)
            for collaborative, period, messages in posted:
                label = f"{period.start.isoformat()} – {period.end.isoformat()}"
                if messages is None:
                    state = "already posted" if dry_run else "posted"
                    print(f"collaborative {collaborative.id}: digest for {label} {state}")
                    continue
                print(f"--- to <#{collaborative.digest_channel_id}> for {label}")
                for reply in messages.all:
                    print(printable(reply))
            if not posted:
                print(f"no digest to post at {now.isoformat()} (none due, or already posted)")
    finally:
        await engine.dispose()
    return 0


async def run_clock(settings: Settings, stop: asyncio.Event | None = None) -> int:
    """The clock process: tick every CLOCK_TICK_SECONDS, running the jobs while it leads (see
    jobs.leader), until SIGTERM/SIGINT, when it lets a tick in flight finish and hands the lead
    over at once."""
    from jobs.leader import leadership_for
    from jobs.scheduler import holder, start_scheduler

    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    engine = create_engine(settings.database_url)
    await upgrade(engine)
    rt = Runtime(
        settings=settings,
        uow=UnitOfWorkFactory(session_factory(engine)),
        clock=process_clock(settings),
    )
    scheduler = start_scheduler(
        rt,
        workspace_clients(rt, engine),
        leadership_for(engine, name=f"clock {holder()}"),
    )
    try:
        await stop.wait()
    finally:
        await scheduler.stop()
        await engine.dispose()
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m jobs", description=__doc__)
    parser.add_argument("job", nargs="?", choices=["nudges", "digest", "retention"])
    parser.add_argument("--now", help="run as if at this ISO time (UTC unless it has an offset)")
    parser.add_argument("--dry-run", action="store_true", help="print what would be sent")
    args = parser.parse_args(argv)
    settings = start_cli()
    if settings is None:
        return 2
    if args.job is None:
        if not settings.bot_token and not settings.oauth:
            print(
                "python -m jobs needs SLACK_BOT_TOKEN, or SLACK_CLIENT_ID and "
                "SLACK_CLIENT_SECRET (the clock process posts to Slack).",
                file=sys.stderr,
            )
            return 2
        try:
            lock = hold_single_process(settings.database_url)
        except SingleProcessError as error:
            print(error, file=sys.stderr)
            return 2
        try:
            with contextlib.suppress(KeyboardInterrupt):
                return asyncio.run(run_clock(settings))
        finally:
            if lock is not None:
                lock.release()
        return 0
    if not args.dry_run and not settings.bot_token and not settings.oauth:
        print(
            "Set SLACK_BOT_TOKEN (or SLACK_CLIENT_ID and SLACK_CLIENT_SECRET), or use --dry-run "
            "to see what would be sent.",
            file=sys.stderr,
        )
        return 2
    return asyncio.run(run_once(settings, args.job, parse_now(args.now), args.dry_run))


if __name__ == "__main__":
    sys.exit(main())
