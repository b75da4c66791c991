"""From `/plan` text to replies: parse, check, run the use case, and turn every refusal into
one line plus the usage — never a stack trace, never silence."""

from __future__ import annotations

import logging
from datetime import datetime

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.blocks.reply import Reply, error_reply
from bot.commands import HANDLERS, Request
from bot.commands.help import as_seen_by
from bot.delivery.notice import claim_notice, with_notice
from bot.grammar import USAGE, ParseError, parse
from bot.profiles import fetch_profile
from bot.runtime import Runtime
from core.context import Context, open_context
from core.errors import Refusal
from storage.retry import DatabaseUnavailable, with_retries
from storage.uow import UnitOfWork

log = logging.getLogger(__name__)

UNEXPECTED = (
    "Something went wrong on my side and nothing was changed. Please try again in a minute; "
    "if it keeps happening, tell a TA provider."
)
DATABASE_DOWN = (
    "I can't reach my database right now, so nothing was changed. Please try again in a few "
    "minutes; if it keeps happening, tell a TA provider."
)


async def _learn_profile(uow: UnitOfWork, ctx: Context, client: AsyncWebClient) -> None:
    """People added from TA_PROVIDER_IDS or a CSV have no time zone yet: ask Slack once."""
    if ctx.actor is None or ctx.actor.timezone is not None:
        return
    try:
        profile = await fetch_profile(client, ctx.user_id)
    except SlackApiError as error:
        log.warning("users.info for %s failed: %s", ctx.user_id, error)
        return
    if profile is not None and profile.timezone:
        ctx.actor.timezone = profile.timezone
        ctx.actor.display_name = ctx.actor.display_name or profile.display_name
        await uow.commit(repeatable=True)


async def run_command(
    rt: Runtime,
    client: AsyncWebClient,
    *,
    team_id: str,
    user_id: str,
    text: str,
    trigger_id: str | None = None,
    channel_id: str | None = None,
) -> list[Reply]:
    now = rt.clock()

    seen: list[Context] = []  # who asked, once known: refusals show their form of the usage

    async def attempt() -> list[Reply]:
        async with rt.uow() as uow:
            ctx = await open_context(
                uow,
                team_id=team_id,
                user_id=user_id,
                now=now,
                default_timezone=rt.settings.default_timezone,
                ta_provider_ids=rt.settings.ta_provider_ids,
            )
            seen[:] = [ctx]
            await _learn_profile(uow, ctx, client)
            command = parse(text, ctx.today)
            handler = HANDLERS.get(type(command))
            if handler is None:
                return [error_reply("That part of Follow-through isn't available yet.", None)]
            request = Request(
                uow=uow,
                ctx=ctx,
                client=client,
                runtime=rt,
                trigger_id=trigger_id,
                channel_id=channel_id,
            )
            return await handler(command, request)

    def asker() -> Context | None:
        return seen[0] if seen else None

    try:
        replies = await with_retries(attempt, what=f"/plan from {user_id}")
    except ParseError as error:
        return [error_reply(error.message, as_seen_by(error.usage, asker()))]
    except Refusal as refusal:
        usage = USAGE.get(refusal.usage_key) if refusal.usage_key else None
        return [error_reply(refusal.message, as_seen_by(usage, asker()))]
    except DatabaseUnavailable:
        log.exception("/plan %r from %s: the database is not answering", text, user_id)
        return [error_reply(DATABASE_DOWN, None)]
    except Exception:
        log.exception("/plan %r from %s failed", text, user_id)
        return [error_reply(UNEXPECTED, None)]
    return await _first_contact(rt, asker(), replies, now)


async def _first_contact(
    rt: Runtime, ctx: Context | None, replies: list[Reply], now: datetime
) -> list[Reply]:
    """A participant's first `/plan` reply carries the privacy notice (bot.delivery.notice),
    claimed in its own transaction after the command's, so it can never undo the command."""
    if ctx is None or ctx.actor is None or not replies:
        return replies
    actor = ctx.actor
    if actor.is_ta or actor.notice_sent_at is not None:
        return replies
    try:
        async with rt.uow() as uow:
            person = await uow.repos.people.by_slack_id(ctx.collaborative.id, ctx.user_id)
            if not await claim_notice(uow, person, now):
                return replies
            await uow.commit(repeatable=True)
    except Exception:
        log.warning("the privacy notice could not be recorded; it goes with a later message")
        return replies
    return [*replies[:-1], with_notice(replies[-1])]
