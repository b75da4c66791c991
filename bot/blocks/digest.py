"""How the digest looks in Slack: a short summary for the channel, the details in its thread.

The digest is read by health-care organizations, labor and worker-advocacy partners and the TA
team together, so its words celebrate what moved, ask for help plainly and never shame: an
organization with no update is invited back, not called out. It never @-mentions anyone: a
weekly channel post should not notify people, least of all those who are away.

Nothing is clipped by Slack. A long title or help request is shortened at a word and says where
to read all of it (`/plan show #N`); lines longer than a section are split at spaces (never
inside an escaped entity), sections are packed up to Slack's 3,000 characters, and organizations
are packed into as many thread messages as needed, each within 50 blocks. Everything people
typed (titles, notes, names) is escaped before it reaches mrkdwn.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from bot.blocks.commitments import count_of, sphere_label, status_label, title_mrkdwn
from bot.blocks.reply import (
    MAX_BLOCKS,
    SECTION_LIMIT,
    Block,
    Reply,
    context,
    divider,
    header,
    pack_lines,
    section,
)
from bot.blocks.sessions import session_name
from bot.mrkdwn import bold, escape
from bot.shorten import shorten
from core.digest import Digest, DigestItem, NextSession, OrgSection, PausedMember, TaDelivery
from core.i18n import _, ngettext
from core.time import format_day, format_moment

__all__ = ["DigestMessages", "digest_messages", "digest_title", "preview_replies"]

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_ENTITY_MAX = len("&amp;")
_FOREVER = timedelta(days=366)  # a pause longer than this reads as "for now", not a far date
#: How much of a help request a digest line shows (characters as read), as the Home tab does.
SHOWN_HELP = 200


@dataclass
class DigestMessages:
    """The summary goes to the shared channel; each detail message goes in its thread, in order."""

    summary: Reply
    details: list[Reply]

    @property
    def all(self) -> list[Reply]:
        return [self.summary, *self.details]


def digest_messages(digest: Digest) -> DigestMessages:
    """Render a digest as a channel summary and as many thread messages as its details need."""
    title = digest_title(digest)
    top = [
        header(title),
        *_sections(_totals_lines(digest)),
        *_sections([_countdown_line(digest)]),
        *_sections([_ta_line(digest.ta, _this_period(digest))]),
        divider(),
    ]
    overview = _sections(_overview_line(s, _this_period(digest)) for s in digest.organizations)
    room = max(MAX_BLOCKS - len(top) - 1, 0)
    shown, rest = overview[:room], overview[room:]
    summary_blocks = [*top, *shown, context(_closing_note(digest, overflow=bool(rest)))]
    chunks: list[list[Block]] = []
    if rest:
        chunks.append([section(_("*Overview, continued*")), *rest, divider()])
    chunks.extend(_org_blocks(s, digest) for s in digest.organizations)
    return DigestMessages(
        summary=Reply(text=_summary_text(digest, title), blocks=summary_blocks),
        details=_detail_replies(title, chunks),
    )


def preview_replies(digest: Digest) -> list[Reply]:
    """For `/plan digest preview`: the summary, then the details, as the caller's own replies."""
    return digest_messages(digest).all


def digest_title(digest: Digest) -> str:
    """``Weekly digest · Nov 23 – Nov 29``; a whole month reads ``Monthly digest · May 2026``."""
    period = digest.period
    kind = _("Monthly digest") if _reads_as_month(digest) else _("Weekly digest")
    first, last = period.first_day, period.last_day
    whole_month = (
        first.day == 1
        and (first.year, first.month) == (last.year, last.month)
        and (last + timedelta(days=1)).month != last.month
    )
    if period.monthly and whole_month:
        return f"{kind} · {_MONTH_NAMES[first.month - 1]} {first.year}"
    if first == last:
        return f"{kind} · {_day_label(first, first.year != last.year)}"
    with_year = first.year != last.year
    return f"{kind} · {_day_label(first, with_year)} – {_day_label(last, with_year)}"


# --------------------------------------------------------------------------- summary


def _this_period(digest: Digest) -> str:
    """``this week`` or ``this month``: said whole, since in Spanish the two differ in gender
    (``esta semana``, ``este mes``)."""
    return _("this month") if _reads_as_month(digest) else _("this week")


def _reads_as_month(digest: Digest) -> bool:
    """A monthly digest that covers a month. The first one after the sessions covers only the
    days since the last weekly digest, and is called what it covers: a week."""
    period = digest.period
    return period.monthly and (period.last_day - period.first_day).days >= 27


def _day_label(day: date, with_year: bool) -> str:
    label = f"{_MONTHS[day.month - 1]} {day.day}"
    return f"{label}, {day.year}" if with_year else label


def _totals_lines(digest: Digest) -> list[str]:
    totals, period = digest.totals, _this_period(digest)
    lines = [
        _("{collaborative} — here's where our action plans stand.").format(
            collaborative=bold(digest.collaborative_name)
        )
    ]
    if totals.commitments == 0:
        lines.append(
            _(":seedling: No commitments yet — the first ones usually come out of a session.")
        )
        return lines
    if totals.done_in_period:
        lines.append(
            ngettext(
                ":tada: *{count} step done {period}* — thank you, everyone!",
                ":tada: *{count} steps done {period}* — thank you, everyone!",
                totals.done_in_period,
            ).format(count=totals.done_in_period, period=period)
        )
    counts = [
        ngettext("{count} commitment", "{count} commitments", totals.commitments).format(
            count=totals.commitments
        )
    ]
    for status, count in totals.by_status.items():
        if count == 0:
            continue
        extra = f" ({totals.percent_done}%)" if status == "done" else ""
        counts.append(count_of(status, count) + extra)
    lines.append(":bar_chart: " + " · ".join(counts))
    lines.append(
        ngettext(
            ":busts_in_silhouette: {active} of {count} organization shared an update {period}.",
            ":busts_in_silhouette: {active} of {count} organizations shared an update {period}.",
            totals.organizations,
        ).format(active=totals.organizations_active, count=totals.organizations, period=period)
    )
    return lines


def _countdown_line(digest: Digest) -> str:
    session = digest.next_session
    if session is None:
        if digest.period.monthly:
            return _(
                ":calendar: The sessions are complete — thank you for keeping the work going. "
                "Check-ins and digests now come once a month."
            )
        return _(":calendar: No upcoming session is on the calendar yet.")
    when = format_moment(session.starts_at, ZoneInfo(digest.timezone))
    name = f"*{session_name(session.number, session.title)}*"
    if session.days_until <= 0:
        return _(":calendar: {session} is today, {when}. See you there!").format(
            session=name, when=when
        )
    return _(
        ":calendar: {session} is {countdown} ({when}). "
        "A quick update on your commitments before then lets the session build on them."
    ).format(session=name, countdown=_countdown(session), when=when)


def _countdown(session: NextSession) -> str:
    if session.days_until == 1:
        return _("tomorrow")
    days = session.days_until
    return ngettext("in {count} day", "in {count} days", days).format(count=days)


def _ta_line(ta: TaDelivery, period: str) -> str:
    if not ta.anything:
        return _(
            ":handshake: *The TA team is here for you:* ask anything about the sessions "
            "with `/plan ask`."
        )
    parts = []
    if ta.shares:
        shared = ngettext(
            "{count} resource shared", "{count} resources shared", ta.resources_shared
        ).format(count=ta.resources_shared)
        if ta.organizations_reached:
            shared += " " + ngettext(
                "with {count} organization", "with {count} organizations", ta.organizations_reached
            ).format(count=ta.organizations_reached)
        parts.append(shared)
    if ta.questions_answered:
        count = ta.questions_answered
        if ta.median_hours_to_answer is None:
            answered = ngettext(
                "{count} question answered", "{count} questions answered", count
            ).format(count=count)
        else:
            answered = ngettext(
                "{count} question answered in {speed}",
                "{count} questions answered, half of them within {speed}",
                count,
            ).format(count=count, speed=_duration(ta.median_hours_to_answer))
        parts.append(answered)
    if ta.help_answered:
        parts.append(
            ngettext(
                "{count} help request answered", "{count} help requests answered", ta.help_answered
            ).format(count=ta.help_answered)
        )
    if ta.introductions:
        parts.append(
            ngettext(
                "{count} introduction made", "{count} introductions made", ta.introductions
            ).format(count=ta.introductions)
        )
    if ta.questions_open:
        parts.append(
            ngettext(
                "{count} question still open — we're on it",
                "{count} questions still open — we're on it",
                ta.questions_open,
            ).format(count=ta.questions_open)
        )
    return _(":handshake: *From the TA team {period}:* {parts}.").format(
        period=period, parts=" · ".join(parts)
    )


def _duration(hours: float) -> str:
    """Hours as people say them: "40 minutes", "3.5 hours", "2 days"."""
    if hours < 1:
        minutes = max(round(hours * 60), 1)
        return ngettext("{count} minute", "{count} minutes", minutes).format(count=minutes)
    if hours < 48:
        shown = f"{hours:.1f}".removesuffix(".0") if hours < 10 else str(round(hours))
        return ngettext("{count} hour", "{count} hours", 1 if shown == "1" else 2).format(
            count=shown
        )
    days = round(hours / 24)
    return ngettext("{count} day", "{count} days", days).format(count=days)


def _overview_line(org: OrgSection, period: str) -> str:
    name = f"{bold(org.organization.name)}"
    if org.commitment_count == 0:
        return _("{organization} — no commitments yet").format(organization=name)
    counts = [
        (len(org.done), "done"),
        (len(org.in_progress), "in-progress"),
        (len(org.overdue), "overdue"),
        (len(org.blocked), "blocked"),
        (len(org.due_soon), "due-soon"),
        (len(org.planned), "planned"),
    ]
    parts = [count_of(kind, count) for count, kind in counts if count]
    if org.quiet:
        parts.append(_("_no update {period} yet_").format(period=period))
    return f"{name} — " + (" · ".join(parts) if parts else _("all wrapped up"))


def _closing_note(digest: Digest, overflow: bool) -> str:
    if not digest.organizations:
        return _("Organizations will show here once they join.")
    if overflow:
        note = _("The rest of the overview and each organization's details are in the thread.")
    else:
        note = _("Each organization's details are in the thread.")
    if any(s.blocked for s in digest.organizations):
        note += " " + _("Blocked steps say what help is needed: if you can help, reply there.")
    return note


def _summary_text(digest: Digest, title: str) -> str:
    """The notification line: numbers only, so nobody's typed text reaches it unescaped."""
    totals = digest.totals
    done = totals.done_in_period
    parts = [
        ngettext("{count} done {period}", "{count} done {period}", done).format(
            count=done, period=_this_period(digest)
        )
    ]
    blocked = totals.by_status.get("blocked", 0)
    if blocked:
        parts.append(count_of("blocked", blocked))
    if digest.next_session is not None:
        days = digest.next_session.days_until
        countdown = _("today") if days <= 0 else _countdown(digest.next_session)
        parts.append(_("next session {when}").format(when=countdown))
    return f"{title}: " + ", ".join(parts)


# --------------------------------------------------------------------------- details


def _org_blocks(org: OrgSection, digest: Digest) -> list[Block]:
    """One organization's sections, ending in a divider; split only where a section must end."""
    return [*_sections(_org_lines(org, digest)), divider()]


def _org_lines(org: OrgSection, digest: Digest) -> list[str]:
    period, today = _this_period(digest), digest.period.as_of
    sphere = sphere_label(org.organization.sphere)
    lines = [f"{bold(org.organization.name)} · _{escape(sphere)}_"]
    due_soon = _(":soon: *Due in the next {count} days*").format(count=digest.due_soon_days)
    # (heading, items, whether a line says "in progress": not where the heading already does)
    groups: Sequence[tuple[str, tuple[DigestItem, ...], bool]] = (
        (_(":tada: *Done {period}*").format(period=period), org.done, False),
        (_(":sos: *Blocked — help needed*"), org.blocked, False),
        (_(":hourglass: *Overdue*"), org.overdue, True),
        (due_soon, org.due_soon, True),
        (_(":large_blue_circle: *In progress*"), org.in_progress, False),
        (_(":white_circle: *Planned*"), org.planned, False),
    )
    for heading, items, show_status in groups:
        if items:
            lines.append(heading)
            lines.extend(_item_line(item, today, show_status) for item in items)
    if org.commitment_count == 0:
        lines.append(
            _(":seedling: No commitments yet — a first step, however small, is a great start.")
        )
    elif org.quiet:
        lines.append(
            _(
                ":wave: We haven't heard from {organization} {period} — "
                "a quick update helps everyone, even “no change yet”. "
                "Reply to a check-in or use `/plan note`."
            ).format(organization=escape(org.organization.name), period=period)
        )
    if org.paused:
        lines.append(_paused_line(org.paused, today))
    return lines


def _item_line(item: DigestItem, today: date, show_status: bool) -> str:
    parts = [f"• `#{item.number}` {title_mrkdwn(item.number, item.title, strong=False)}"]
    if item.owner_name:
        parts.append(escape(item.owner_name))
    if show_status and item.status == "in-progress":
        parts.append(status_label("in-progress").lower())
    if item.due is not None and item.status != "done":
        parts.append(_due_words(item, today))
    if item.status == "blocked":
        parts.append(_help_words(item))
    return " · ".join(parts)


def _help_words(item: DigestItem) -> str:
    """What a blocked step asks for, escaped and on one line; a long request is shortened (as
    titles are) and says where to read all of it, so one step cannot crowd out the others."""
    if not item.help_needed:
        return _("_help needed — a note on what would unblock it lets others pitch in_")
    full = escape(_one_line(item.help_needed))
    short = shorten(full, SHOWN_HELP)
    words = _("help needed: “{help}”").format(help=short)
    if short != full:
        words += " " + _("(`/plan show #{number}` for all of it)").format(number=item.number)
    return words


def _due_words(item: DigestItem, today: date) -> str:
    assert item.due is not None
    day = format_day(item.due, today)
    if item.days_late > 0:
        return ngettext(
            "{count} day past due ({day})", "{count} days past due ({day})", item.days_late
        ).format(count=item.days_late, day=day)
    return _("due {day}").format(day=day)


def _paused_line(paused: Sequence[PausedMember], today: date) -> str:
    people = []
    for member in paused:
        who = escape(member.name) if member.name else _("a member")
        if member.until - today > _FOREVER:
            people.append(_("{who} for now").format(who=who))
        else:
            people.append(
                _("{who} until {day}").format(who=who, day=format_day(member.until, today))
            )
    return _(":palm_tree: Taking a break (no nudges meanwhile): {people}").format(
        people=" · ".join(people)
    )


def _one_line(text: str) -> str:
    """Collapse line breaks so a note stays on its bullet."""
    return " ".join(text.split())


def _detail_replies(title: str, chunks: Sequence[list[Block]]) -> list[Reply]:
    """Pack organizations into thread messages, each starting with a 'part i of n' context."""
    messages = _pack_messages(chunks, MAX_BLOCKS - 1)
    total = len(messages)
    replies = []
    for number, blocks in enumerate(messages, start=1):
        label = _("{title} · details, part {number} of {total}").format(
            title=title, number=number, total=total
        )
        replies.append(Reply(text=label, blocks=[context(label), *blocks]))
    return replies


def _pack_messages(chunks: Sequence[list[Block]], capacity: int) -> list[list[Block]]:
    """Keep an organization in one message when it fits; a very long one continues in the next."""
    messages: list[list[Block]] = []
    current: list[Block] = []
    for chunk in chunks:
        if current and len(current) + len(chunk) > capacity:
            messages.append(current)
            current = []
        for block in chunk:
            if len(current) == capacity:
                messages.append(current)
                current = []
            current.append(block)
    if current:
        messages.append(current)
    trimmed = (_without_trailing_dividers(m) for m in messages)
    return [m for m in trimmed if m]


def _without_trailing_dividers(blocks: list[Block]) -> list[Block]:
    while blocks and blocks[-1]["type"] == "divider":
        blocks = blocks[:-1]
    return blocks


# --------------------------------------------------------------------------- fitting text


def _sections(lines: Iterable[str]) -> list[Block]:
    """Sections holding every line, each within Slack's limit, nothing clipped."""
    return pack_lines(piece for line in lines for piece in _fit(line))


def _fit(line: str, limit: int = SECTION_LIMIT) -> list[str]:
    """Split a line too long for one section at spaces (or, failing that, outside an entity)."""
    pieces = []
    while len(line) > limit:
        cut = line.rfind(" ", limit // 2, limit + 1)
        if cut > 0:
            pieces.append(line[:cut])
            line = line[cut + 1 :]
            continue
        cut = limit
        amp = line.rfind("&", cut - _ENTITY_MAX + 1, cut)
        if amp != -1 and ";" not in line[amp:cut]:
            cut = amp
        pieces.append(line[:cut])
        line = line[cut:]
    pieces.append(line)
    return pieces
