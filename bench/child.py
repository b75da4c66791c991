"""One app under measurement, in a process of its own: the bot, or a bare Bolt app.

Why a process each: the memory comparison must not count the stand-in, the driver or the other
app, and a peak RSS is only meaningful per process. The parent (which runs the stand-in and the
driver) talks to the child over stdin/stdout, one JSON object per line:

    child  -> {"port": 54321}                 once listening on 127.0.0.1
    parent -> mark                            warm-up done: reset the peak, note the baseline
    child  -> {"rss": ..., "life_hwm": ..., "reset": true, "cpu": ...}
    parent -> cpu
    child  -> {"cpu": ...}
    parent -> stop
    child  -> {"rss": ..., "hwm": ..., "baseline": ..., "reset": ..., "cpu": ...}   then it exits

`cpu` is the process's CPU time so far (user + system, seconds): the difference between mark
and stop, divided by the commands served, is what one command costs the process whatever the
machine's other load, the figure that bounds how many commands a second one process can serve.

Only the standard library is imported at module level, so the bare app's process never loads
the bot's modules (SQLAlchemy, Alembic, our listeners) and its memory is Bolt's alone.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

BARE = "bare"
BOT = "bot"
#: How long the child waits for its next instruction before giving up (bounds a lost parent).
IDLE_LIMIT_SECONDS = 300.0


def _status_kib(field: str) -> int | None:
    """A `VmRSS`/`VmHWM` line of /proc/self/status in KiB (None off Linux)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def rss_bytes() -> int:
    kib = _status_kib("VmRSS")
    return (kib if kib is not None else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss) * 1024


def peak_bytes() -> int:
    kib = _status_kib("VmHWM")
    return (kib if kib is not None else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss) * 1024


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def reset_peak() -> bool:
    """Reset VmHWM to the current RSS (Linux ≥ 4.0), so the peak covers only the measured load."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


async def start_bare(
    api_url: str, bot_token: str, signing_secret: str
) -> Callable[[], Awaitable[None]]:
    """The baseline: Bolt, the same HTTP edge and Web API client, and one command saying "ok"."""
    from aiohttp import web
    from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
    from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond
    from slack_sdk.http_retry.builtin_async_handlers import (
        AsyncConnectionErrorRetryHandler,
        AsyncRateLimitErrorRetryHandler,
        AsyncServerErrorRetryHandler,
    )
    from slack_sdk.web.async_client import AsyncWebClient

    client = AsyncWebClient(  # as bot.app.build_client builds it (not imported: see module doc)
        token=bot_token,
        base_url=api_url,
        retry_handlers=[
            AsyncConnectionErrorRetryHandler(max_retry_count=2),
            AsyncRateLimitErrorRetryHandler(max_retry_count=3),
            AsyncServerErrorRetryHandler(max_retry_count=2),
        ],
    )
    app = AsyncApp(client=client, signing_secret=signing_secret, process_before_response=False)

    @app.command("/plan")
    async def plan(ack: AsyncAck, respond: AsyncRespond) -> None:
        await ack()
        await respond(response_type="ephemeral", text="ok")

    async def slack_events(request: web.Request) -> web.Response:  # as bot.server does it
        bolt_request = await to_bolt_request(request)
        return await to_aiohttp_response(await app.async_dispatch(bolt_request))

    web_app = web.Application()
    web_app.router.add_post("/slack/events", slack_events)
    runner = web.AppRunner(web_app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    _say({"port": port})
    return runner.cleanup


async def start_bot(
    api_url: str, bot_token: str, signing_secret: str, database_url: str, ta: str
) -> Callable[[], Awaitable[None]]:
    """The real composition root, exactly as `python -m bot` and the tests run it."""
    from bot.serve import BotProcess
    from config.settings import Settings

    settings = Settings(
        bot_token=bot_token,
        signing_secret=signing_secret,
        api_url=api_url,
        database_url=database_url,
        host="127.0.0.1",
        port=0,
        ta_provider_ids=(ta,),
        default_timezone="America/Chicago",
        scheduler=False,
    )
    process = BotProcess(settings)
    await process.start(port=0)
    _say({"port": process.port})
    return process.stop


def _say(message: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


async def serve(args: argparse.Namespace) -> None:
    if args.kind == BARE:
        stop = await start_bare(args.api_url, args.bot_token, args.signing_secret)
    else:
        stop = await start_bot(
            args.api_url, args.bot_token, args.signing_secret, args.database_url, args.ta
        )
    baseline = rss_bytes()
    was_reset = False
    try:
        while True:
            line = await asyncio.wait_for(
                asyncio.to_thread(sys.stdin.readline), timeout=IDLE_LIMIT_SECONDS
            )
            command = line.strip()
            if command == "mark":
                life_peak = peak_bytes()
                baseline = rss_bytes()
                was_reset = reset_peak()
                _say(
                    {
                        "rss": baseline,
                        "life_hwm": life_peak,
                        "reset": was_reset,
                        "cpu": cpu_seconds(),
                    }
                )
            elif command == "cpu":
                _say({"cpu": cpu_seconds()})
            elif command in ("stop", ""):  # "" is end of input: the parent went away
                _say(
                    {
                        "rss": rss_bytes(),
                        "hwm": peak_bytes(),
                        "baseline": baseline,
                        "reset": was_reset,
                        "cpu": cpu_seconds(),
                    }
                )
                return
    finally:
        await stop()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("kind", choices=(BARE, BOT))
    parser.add_argument("--api-url", required=True)
    parser.add_argument("--bot-token", required=True)
    parser.add_argument("--signing-secret", required=True)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--ta", default="")
    asyncio.run(serve(parser.parse_args(argv)))


if __name__ == "__main__":
    main()
