"""Handlers for the between-session rhythm: ask, pause, resume, nudge, share, intro, digest."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.blocks.commitments import title_mrkdwn
from bot.blocks.digest import DigestMessages
from bot.blocks.reply import RESPONSE_URL_USES, Reply
from bot.commands.base import Request, handles, say
from bot.delivery.digest import post_digest, render_digest
from bot.delivery.outbox import deliver, queue
from bot.grammar import (
    AllTarget,
    AskCmd,
    DigestCmd,
    IntroCmd,
    NudgeCmd,
    PauseCmd,
    ResumeCmd,
    ShareCmd,
    Target,
    UserTarget,
)
from bot.mrkdwn import bold, escape
from bot.relay import relay_question, what_happens_next
from core import nudges, pause
from core.access import require_ta, resolve_organization
from core.context import Context
from core.errors import Refusal
from core.nudge_payload import message_payload
from core.nudges_rules import next_allowed, zone
from core.nudges_settings import planner_settings
from core.periods import Period
from core.time import format_day, format_moment, to_local
from core.vocabulary import ACTIVE_STATUSES, SPHERE_LABELS
from storage.models import OutboxMessage, Person
from storage.uow import UnitOfWork


@handles(AskCmd)
async def ask(cmd: AskCmd, req: Request) -> list[Reply]:
    uow, ctx = req.uow, req.ctx
    rows = await relay_question(uow, ctx, cmd.question)
    await uow.commit()
    await deliver(req.runtime, req.client, rows)
    return say(f":mailbox_with_mail: Your question went to the TA team. {what_happens_next(ctx)}")


@handles(PauseCmd)
async def pause_nudges(cmd: PauseCmd, req: Request) -> list[Reply]:
    resumes = await pause.pause(req.uow, req.ctx, cmd.until)
    if resumes == pause.INDEFINITE:
        return say(":palm_tree: Nudges are paused until you say `/plan resume`. Enjoy the break!")
    zone = await _zone(req.uow, req.ctx, req.ctx.user_id)
    return say(
        f":palm_tree: Nudges are paused until {format_moment(resumes, zone)}. "
        "When you're back, what is still due comes in one message."
    )


@handles(ResumeCmd)
async def resume_nudges(cmd: ResumeCmd, req: Request) -> list[Reply]:
    was_paused = await pause.resume(req.uow, req.ctx)
    if not was_paused:
        return say("Your nudges weren't paused: nothing to resume.")
    return say("Welcome back! Nudges are on again; what is still due comes in one message.")


async def _zone(uow: UnitOfWork, ctx: Context, user_id: str) -> ZoneInfo:
    person = await uow.repos.people.by_slack_id(ctx.collaborative.id, user_id)
    return ZoneInfo((person.timezone if person else None) or ctx.collaborative.timezone)


async def _recipients(
    uow: UnitOfWork, ctx: Context, target: Target, usage_key: str
) -> list[Person]:
    """Participants the target names: an organization's members, one person, or everyone."""
    cid = ctx.collaborative.id
    if isinstance(target, AllTarget):
        people = [p for p in await uow.repos.people.all(cid) if p.organization_id is not None]
    elif isinstance(target, UserTarget):
        person = await uow.repos.people.by_slack_id(cid, target.user_id)
        if person is None or person.organization_id is None:
            raise Refusal(f"<@{target.user_id}> isn't a member of any organization yet.", usage_key)
        people = [person]
    else:
        organization = await resolve_organization(uow, ctx, target.text, usage_key)
        people = list(await uow.repos.people.members(organization.id))
        if not people:
            raise Refusal(f"{organization.name} has no members yet.", usage_key)
    if not people:
        raise Refusal("No participants yet: add members first.", usage_key)
    return people


def _paused(people: list[Person], ctx: Context) -> list[Person]:
    return [p for p in people if pause.is_paused(p.paused_until, ctx.now)]


def _names(people: list[Person]) -> str:
    return ", ".join(f"<@{p.slack_user_id}>" for p in people)


def _arrival(person: Person, ctx: Context, right_away: bool) -> datetime:
    """When a TA's message may reach this person: now, or (unless the TA said ``now``) the end
    of their quiet hours or weekend, in their own time zone."""
    if right_away:
        return ctx.now
    settings = planner_settings(ctx.collaborative)
    return next_allowed(ctx.now, zone(person.timezone, settings.timezone), settings)


def _later_phrase(person: Person, ctx: Context, at: datetime) -> str:
    """``at 9:00 their time tomorrow``: when a held-back message arrives, as the person sees it."""
    tz = zone(person.timezone, ctx.collaborative.timezone)
    local, today = to_local(at, tz), to_local(ctx.now, tz).date()
    day = format_day(local.date(), today)
    when = "later today" if day == "today" else day if day == "tomorrow" else f"on {day}"
    return f"at {local.hour}:{local.minute:02d} their time {when}"


def _count(n: int) -> str:
    return f"{n} {'person' if n == 1 else 'people'}"


def _delivery_summary(
    lead: str, sent_now: int, held: list[tuple[Person, datetime]], ctx: Context
) -> str:
    """``Check-in sent to 3 people now; 2 get it at 9:00 their time tomorrow.`` ``lead`` holds
    ``{people}`` where the count of those reached now goes."""
    if not held:
        return lead.format(people=_count(sent_now)) + "."
    groups = Counter(_later_phrase(person, ctx, at) for person, at in held)
    later = "; ".join(
        f"{n} {'gets' if n == 1 else 'get'} it {phrase}" for phrase, n in groups.items()
    )
    head = lead.format(people=_count(sent_now)) + " now" if sent_now else "Nothing sent yet"
    return (
        f"{head}; {later} (after their quiet hours or weekend). "
        "Add `now` to the command to send right away."
    )


@handles(NudgeCmd)
async def nudge(cmd: NudgeCmd, req: Request) -> list[Reply]:
    uow, ctx = req.uow, req.ctx
    require_ta(ctx, "nudge")
    people = await _recipients(uow, ctx, cmd.target, "nudge")
    paused = _paused(people, ctx)
    rows: list[OutboxMessage] = []
    held: list[tuple[Person, datetime]] = []
    for person in people:
        if person in paused:
            continue
        assert person.organization_id is not None
        active = await uow.repos.commitments.for_organization(
            person.organization_id, ACTIVE_STATUSES
        )
        arrives = _arrival(person, ctx, cmd.now)
        # the day it arrives: it is that day's one nudge message (the scheduled one waits a day)
        day = to_local(arrives, zone(person.timezone, ctx.collaborative.timezone)).date()
        soon = day + timedelta(days=ctx.collaborative.due_soon_days)
        active_sorted = sorted(
            active,
            key=lambda c: (
                0 if c.due and c.due < day else 1 if c.due and c.due <= soon else 2,
                c.owner_slack_id != person.slack_user_id,
                c.number,
            ),
        )  # overdue, then due soon, then the person's own: the first three get buttons
        planned = nudges.PlannedMessage(
            recipient=person.slack_user_id,
            organization_id=person.organization_id,
            local_date=day,
            dedupe_key="",  # a TA's nudge is never deduplicated: bot.delivery.outbox.queue keys it
            items=(),
            commitment_numbers=tuple(c.number for c in active_sorted),
            resource_ids=(),
            session_id=None,
            next_session_id=None,
        )
        payload = {**message_payload(planned), "sender": ctx.user_id, "note": cmd.message}
        rows.append(
            await queue(
                uow,
                ctx.collaborative,
                ctx.now,
                kind="nudge",
                payload=payload,
                recipient=person.slack_user_id,
                due_at=arrives,
            )
        )
        if arrives > ctx.now:
            held.append((person, arrives))
    await uow.commit()
    report = await deliver(req.runtime, req.client, rows)
    lead = "Check-in sent to {people}"
    text = ":incoming_envelope: " + _delivery_summary(lead, len(report.sent), held, ctx)
    if paused:
        text += f" Not sent to {_names(paused)}: paused."
    if report.failed or report.retry:
        undelivered = len(report.failed) + len(report.retry)
        text += f" {undelivered} could not be delivered yet; I'll keep trying."
    return say(text)


@handles(ShareCmd)
async def share(cmd: ShareCmd, req: Request) -> list[Reply]:
    uow, ctx = req.uow, req.ctx
    require_ta(ctx, "share")
    resource = await uow.repos.resources.by_number(ctx.collaborative.id, cmd.resource_number)
    if resource is None:
        raise Refusal(
            f"There is no resource {cmd.resource_number}: `/plan resources` lists them.", "share"
        )
    people = await _recipients(uow, ctx, cmd.target, "share")
    rows: list[OutboxMessage] = []
    held: list[tuple[Person, datetime]] = []
    for person in people:
        arrives = _arrival(person, ctx, cmd.now)
        rows.append(
            await queue(
                uow,
                ctx.collaborative,
                ctx.now,
                kind="share",
                payload={
                    "resource_ids": [resource.id],
                    "organization_id": person.organization_id,
                    "sender": ctx.user_id,
                    "share_reason": "manual",
                },
                recipient=person.slack_user_id,
                due_at=arrives,
            )
        )
        if arrives > ctx.now:
            held.append((person, arrives))
    await uow.commit()
    report = await deliver(req.runtime, req.client, rows)
    lead = f"Shared {bold(resource.title)}".replace("{", "{{").replace("}", "}}")
    text = ":books: " + _delivery_summary(lead + " with {people}", len(report.sent), held, ctx)
    if report.failed or report.retry:
        undelivered = len(report.failed) + len(report.retry)
        text += f" {undelivered} could not be delivered yet; I'll keep trying."
    return say(text)


@handles(IntroCmd)
async def intro(cmd: IntroCmd, req: Request) -> list[Reply]:
    uow, ctx = req.uow, req.ctx
    require_ta(ctx, "intro")
    first = await resolve_organization(uow, ctx, cmd.first.text, "intro")
    second = await resolve_organization(uow, ctx, cmd.second.text, "intro")
    if first.id == second.id:
        raise Refusal("Introduce two different organizations.", "intro")
    groups = [list(await uow.repos.people.members(org.id)) for org in (first, second)]
    for org, members in zip((first, second), groups, strict=True):
        if not members:
            raise Refusal(f"{org.name} has no members yet.", "intro")
    # A group DM holds at most 8 people besides the bot: the TA, then members from each side.
    room = 7
    chosen: list[str] = []
    for index in range(max(len(g) for g in groups)):
        for members in groups:
            if index < len(members) and len(chosen) < room:
                chosen.append(members[index].slack_user_id)
    users = [ctx.user_id, *[u for u in chosen if u != ctx.user_id]]
    opened = await req.client.conversations_open(users=",".join(users))
    channel = (opened.get("channel") or {}).get("id")
    lines = [
        f":handshake: <@{ctx.user_id}> would like to introduce {bold(first.name)} "
        f"({SPHERE_LABELS[first.sphere].lower()}) and {bold(second.name)} "
        f"({SPHERE_LABELS[second.sphere].lower()}).",
    ]
    if cmd.message:
        lines.append(f"> {escape(cmd.message)}")
    for org, members in zip((first, second), groups, strict=True):
        names = ", ".join(f"<@{m.slack_user_id}>" for m in members if m.slack_user_id in chosen)
        active = await uow.repos.commitments.for_organization(org.id, ACTIVE_STATUSES)
        steps = "; ".join(title_mrkdwn(c.number, c.title, strong=False) for c in active[:3])
        lines.append(f"{bold(org.name)}: {names}" + (f" · working on: {steps}" if steps else ""))
    lines.append("Say hello here: a short call is often the best next step.")
    text = "\n".join(lines)
    # The organizations ride along so the figures can count introductions per organization.
    payload = {"text": text, "organization_ids": [first.id, second.id]}
    row = await queue(
        uow, ctx.collaborative, ctx.now, kind="intro", payload=payload, channel_id=channel
    )
    await uow.commit()
    await deliver(req.runtime, req.client, [row])
    left_out = sum(len(g) for g in groups) - len([u for u in chosen])
    extra = (
        f" ({left_out} more members weren't added: a group DM holds 8 people.)"
        if left_out > 0
        else ""
    )
    return say(f"Introduced {escape(first.name)} and {escape(second.name)} in a group DM.{extra}")


#: Slack's answers when the digest channel is out of the bot's reach: a setup mistake to explain.
CANNOT_POST = ("not_in_channel", "channel_not_found", "is_archived")


async def _preview_in_dm(client: AsyncWebClient, user_id: str, messages: DigestMessages) -> None:
    """A preview too long for the reply goes to the caller's DM, laid out as the real digest."""
    opened = await client.conversations_open(users=user_id)
    channel = opened["channel"]["id"]
    summary = await client.chat_postMessage(channel=channel, **messages.summary.payload())
    for detail in messages.details:
        await client.chat_postMessage(channel=channel, thread_ts=summary["ts"], **detail.payload())


@handles(DigestCmd)
async def digest(cmd: DigestCmd, req: Request) -> list[Reply]:
    uow, ctx = req.uow, req.ctx
    require_ta(ctx, "digest")
    period = Period(start=ctx.now - timedelta(days=7), end=ctx.now, monthly=False)
    if cmd.mode == "preview":
        messages = await render_digest(uow, ctx.collaborative, period.start, period.end, False)
        if len(messages.all) <= RESPONSE_URL_USES:
            return messages.all
        await _preview_in_dm(req.client, ctx.user_id, messages)
        return say(
            f":newspaper: The preview takes {len(messages.all)} messages, more than a reply "
            "holds: I've sent it to you in a direct message, with the details in its thread."
        )
    if not ctx.collaborative.digest_channel_id:
        raise Refusal(
            "Set the shared channel first: `/plan settings channel #channel`.", "settings channel"
        )
    channel = ctx.collaborative.digest_channel_id
    # Posting runs units of work of its own; end this one's transaction first (nothing was
    # written) so it doesn't hold SQLite's write lock against them.
    await uow.commit(repeatable=True)
    try:
        ts = await post_digest(req.runtime.uow, req.client, ctx.collaborative, period)
    except SlackApiError as error:
        if error.response.get("error") not in CANNOT_POST:
            raise
        raise Refusal(
            f"I can't post in <#{channel}>: invite me there (`/invite @Follow-through`) "
            "or choose another channel, then try again.",
            "settings channel",
        ) from error
    if ts is None:
        return say("The digest for this moment was already posted.")
    return say(f":newspaper: The digest is posted in <#{channel}>.")
