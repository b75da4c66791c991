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
from bot.grammar import USAGE, ListCmd, ParseError, ShowCmd, parse
from bot.grammar_usage import translated_usage
from bot.profiles import fetch_profile
from bot.runtime import Runtime
from core.context import Context, open_context
from core.errors import Refusal
from core.i18n import N_, _, speaking
from core.languages import person_language
from storage.db import ReadOnlyViolation
from storage.retry import DatabaseUnavailable, with_retries
from storage.uow import UnitOfWork

log = logging.getLogger(__name__)

UNEXPECTED = N_(
    "Something went wrong on my side and nothing was changed. Please try again in a minute; "
    "if it keeps happening, tell a TA provider."
)
#: Commands that only read: their unit of work starts read-only (storage.uow), so on SQLite
#: many at once read side by side instead of queueing for the write lock.
READ_ONLY_COMMANDS: tuple[type, ...] = (ListCmd, ShowCmd)

DATABASE_DOWN = N_(
    "I can't reach my database right now, so nothing was changed. Please try again in a few "
    "minutes; if it keeps happening, tell a TA provider."
)


async def _learn_profile(uow: UnitOfWork, ctx: Context, client: AsyncWebClient) -> None:
    """People added from TA_PROVIDER_IDS or a CSV have no time zone yet, and people known
    before the bot asked for Slack's locale have none: ask Slack once."""
    if ctx.actor is None or (ctx.actor.timezone is not None and ctx.actor.slack_locale):
        return
    try:
        profile = await fetch_profile(client, ctx.user_id)
    except SlackApiError as error:
        log.warning("users.info for %s failed: %s", ctx.user_id, error)
        return
    if profile is not None and (profile.timezone or profile.locale):
        ctx.actor.timezone = profile.timezone or ctx.actor.timezone
        ctx.actor.slack_locale = profile.locale or ctx.actor.slack_locale
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
    read_only = [_reads_only(text, now)]

    async def attempt() -> list[Reply]:
        if read_only[0]:
            try:
                return await attempt_in(read_only=True)
            except ReadOnlyViolation:
                # Something had to be written first (the workspace's first command, a TA
                # provider to bootstrap, a profile learned from Slack): nothing was, so run it
                # again as a writing unit of work.
                read_only[0] = False
        return await attempt_in(read_only=False)

    async def attempt_in(*, read_only: bool) -> list[Reply]:
        async with rt.uow(read_only=read_only) as uow:
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
            # Everything from here on (what they typed, read; the reply) is in their language.
            with speaking(person_language(ctx.actor)):
                command = parse(text, ctx.today)
                handler = HANDLERS.get(type(command))
                if handler is None:
                    return [
                        error_reply(_("That part of Follow-through isn't available yet."), None)
                    ]
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

    def refused(message: str, usage: str | None) -> list[Reply]:
        """A refusal in the asker's language (the message itself was written in it)."""
        shown = as_seen_by(usage, asker())
        return [error_reply(message, translated_usage(shown) if shown else None)]

    try:
        replies = await with_retries(attempt, what=f"/plan from {user_id}")
    except ParseError as error:
        with speaking(_language_of(asker())):
            return refused(error.message, error.usage)
    except Refusal as refusal:
        usage = USAGE.get(refusal.usage_key) if refusal.usage_key else None
        with speaking(_language_of(asker())):
            return refused(refusal.message, usage)
    except DatabaseUnavailable:
        log.exception("/plan %r from %s: the database is not answering", text, user_id)
        with speaking(_language_of(asker())):
            return [error_reply(_(DATABASE_DOWN), None)]
    except Exception:
        log.exception("/plan %r from %s failed", text, user_id)
        with speaking(_language_of(asker())):
            return [error_reply(_(UNEXPECTED), None)]
    with speaking(_language_of(asker())):  # the notice, if it goes, in their language too
        return await _first_contact(rt, asker(), replies, now)


def _reads_only(text: str, now: datetime) -> bool:
    """Whether `text` is a command that only reads. Read before the asker is known, with UTC's
    date: the kind of command does not depend on the date, and text that does not parse here
    is simply run as a writing one (where the parse is done properly)."""
    try:
        return isinstance(parse(text, now.date()), READ_ONLY_COMMANDS)
    except Exception:
        return False


def _language_of(ctx: Context | None) -> str:
    return person_language(ctx.actor if ctx else None)


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
