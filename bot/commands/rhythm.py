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
from core import i18n_dates, nudges, pause
from core.access import require_ta, resolve_organization
from core.context import Context
from core.errors import Refusal
from core.i18n import _, ngettext
from core.nudge_payload import message_payload
from core.nudges_rules import next_allowed, zone
from core.nudges_settings import planner_settings
from core.periods import Period
from core.time import to_local
from core.vocabulary import ACTIVE_STATUSES, SPHERE_LABELS
from storage.models import OutboxMessage, Person
from storage.uow import UnitOfWork


@handles(AskCmd)
async def ask(cmd: AskCmd, req: Request) -> list[Reply]:
    uow, ctx = req.uow, req.ctx
    rows = await relay_question(uow, ctx, cmd.question)
    await uow.commit()
    await deliver(req.runtime, req.client, rows)
    return say(
        _(":mailbox_with_mail: Your question went to the TA team. {next_steps}").format(
            next_steps=what_happens_next(ctx)
        )
    )


@handles(PauseCmd)
async def pause_nudges(cmd: PauseCmd, req: Request) -> list[Reply]:
    resumes = await pause.pause(req.uow, req.ctx, cmd.until)
    if resumes == pause.INDEFINITE:
        return say(
            _(":palm_tree: Nudges are paused until you say `/plan resume`. Enjoy the break!")
        )
    zone = await _zone(req.uow, req.ctx, req.ctx.user_id)
    return say(
        _(
            ":palm_tree: Nudges are paused until {when}. "
            "When you're back, what is still due comes in one message."
        ).format(when=i18n_dates.moment(resumes, zone))
    )


@handles(ResumeCmd)
async def resume_nudges(cmd: ResumeCmd, req: Request) -> list[Reply]:
    was_paused = await pause.resume(req.uow, req.ctx)
    if not was_paused:
        return say(_("Your nudges weren't paused: nothing to resume."))
    return say(_("Welcome back! Nudges are on again; what is still due comes in one message."))


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
            raise Refusal(
                _("<@{user}> isn't a member of any organization yet.").format(user=target.user_id),
                usage_key,
            )
        people = [person]
    else:
        organization = await resolve_organization(uow, ctx, target.text, usage_key)
        people = list(await uow.repos.people.members(organization.id))
        if not people:
            raise Refusal(_no_members(organization.name), usage_key)
    if not people:
        raise Refusal(_("No participants yet: add members first."), usage_key)
    return people


def _no_members(organization: str) -> str:
    """The refusal for an organization nobody is in yet (its name escaped: people typed it)."""
    return _("{organization} has no members yet.").format(organization=escape(organization))


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
    time = f"{local.hour}:{local.minute:02d}"
    if local.date() == today:
        return _("at {time} their time later today").format(time=time)
    if local.date() == today + timedelta(days=1):
        return _("at {time} their time tomorrow").format(time=time)
    day = i18n_dates.day(local.date(), today)
    return _("at {time} their time on {day}").format(time=time, day=day)


def _count(n: int) -> str:
    return ngettext("{count} person", "{count} people", n).format(count=n)


def _undelivered(n: int) -> str:
    return ngettext(
        "{count} could not be delivered yet; I'll keep trying.",
        "{count} could not be delivered yet; I'll keep trying.",
        n,
    ).format(count=n)


def _delivery_summary(
    lead: str, sent_now: int, held: list[tuple[Person, datetime]], ctx: Context, **fields: str
) -> str:
    """``Check-in sent to 3 people now; 2 get it at 9:00 their time tomorrow.`` ``lead`` is a
    translated template with ``{people}`` where the count of those reached now goes, and the
    ``fields`` it also names."""
    sent = lead.format(people=_count(sent_now), **fields)
    if not held:
        return sent + "."
    groups = Counter(_later_phrase(person, ctx, at) for person, at in held)
    later = "; ".join(
        ngettext("{count} gets it {when}", "{count} get it {when}", n).format(count=n, when=phrase)
        for phrase, n in groups.items()
    )
    head = _("{sent} now").format(sent=sent) if sent_now else _("Nothing sent yet")
    return _(
        "{sent}; {later} (after their quiet hours or weekend). "
        "Add `now` to the command to send right away."
    ).format(sent=head, later=later)


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
    lead = _("Check-in sent to {people}")
    text = ":incoming_envelope: " + _delivery_summary(lead, len(report.sent), held, ctx)
    if paused:
        text += " " + _("Not sent to {people}: paused.").format(people=_names(paused))
    if report.failed or report.retry:
        text += " " + _undelivered(len(report.failed) + len(report.retry))
    return say(text)


@handles(ShareCmd)
async def share(cmd: ShareCmd, req: Request) -> list[Reply]:
    uow, ctx = req.uow, req.ctx
    require_ta(ctx, "share")
    resource = await uow.repos.resources.by_number(ctx.collaborative.id, cmd.resource_number)
    if resource is None:
        raise Refusal(
            _("There is no resource {number}: `/plan resources` lists them.").format(
                number=cmd.resource_number
            ),
            "share",
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
    lead = _("Shared {title} with {people}")
    summary = _delivery_summary(lead, len(report.sent), held, ctx, title=bold(resource.title))
    text = ":books: " + summary
    if report.failed or report.retry:
        text += " " + _undelivered(len(report.failed) + len(report.retry))
    return say(text)


@handles(IntroCmd)
async def intro(cmd: IntroCmd, req: Request) -> list[Reply]:
    uow, ctx = req.uow, req.ctx
    require_ta(ctx, "intro")
    first = await resolve_organization(uow, ctx, cmd.first.text, "intro")
    second = await resolve_organization(uow, ctx, cmd.second.text, "intro")
    if first.id == second.id:
        raise Refusal(_("Introduce two different organizations."), "intro")
    groups = [list(await uow.repos.people.members(org.id)) for org in (first, second)]
    for org, members in zip((first, second), groups, strict=True):
        if not members:
            raise Refusal(_no_members(org.name), "intro")
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
        _(
            ":handshake: <@{user}> would like to introduce {first} ({first_sphere}) "
            "and {second} ({second_sphere})."
        ).format(
            user=ctx.user_id,
            first=bold(first.name),
            first_sphere=_(SPHERE_LABELS[first.sphere]).lower(),
            second=bold(second.name),
            second_sphere=_(SPHERE_LABELS[second.sphere]).lower(),
        ),
    ]
    if cmd.message:
        lines.append(f"> {escape(cmd.message)}")
    for org, members in zip((first, second), groups, strict=True):
        names = ", ".join(f"<@{m.slack_user_id}>" for m in members if m.slack_user_id in chosen)
        active = await uow.repos.commitments.for_organization(org.id, ACTIVE_STATUSES)
        steps = "; ".join(title_mrkdwn(c.number, c.title, strong=False) for c in active[:3])
        working = " · " + _("working on: {steps}").format(steps=steps) if steps else ""
        lines.append(f"{bold(org.name)}: {names}{working}")
    lines.append(_("Say hello here: a short call is often the best next step."))
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
        " "
        + ngettext(
            "({count} more members weren't added: a group DM holds 8 people.)",
            "({count} more members weren't added: a group DM holds 8 people.)",
            left_out,
        ).format(count=left_out)
        if left_out > 0
        else ""
    )
    return say(
        _("Introduced {first} and {second} in a group DM.{extra}").format(
            first=escape(first.name), second=escape(second.name), extra=extra
        )
    )


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
            _(
                ":newspaper: The preview takes {count} messages, more than a reply holds: I've "
                "sent it to you in a direct message, with the details in its thread."
            ).format(count=len(messages.all))
        )
    if not ctx.collaborative.digest_channel_id:
        raise Refusal(
            _("Set the shared channel first: `/plan settings channel #channel`."),
            "settings channel",
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
            _(
                "I can't post in <#{channel}>: invite me there (`/invite @Follow-through`) "
                "or choose another channel, then try again."
            ).format(channel=channel),
            "settings channel",
        ) from error
    if ts is None:
        return say(_("The digest for this moment was already posted."))
    return say(_(":newspaper: The digest is posted in <#{channel}>.").format(channel=channel))
