"""`/plan report` as people read it: short lines that fit a phone, a percentage always with the
counts behind it ("3 of 4, 75%"), and "—" where there is nothing to divide or take a median of.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import timedelta
from zoneinfo import ZoneInfo

from bot.blocks.commitments import sphere_label
from bot.blocks.reply import (
    MAX_BLOCKS,
    RESPONSE_URL_USES,
    Block,
    Reply,
    context,
    header,
    section,
    split_messages,
)
from bot.mrkdwn import bold, escape
from core.figures import Evidence, Figures, OrgRow, Ratio, TaFigures, Window
from core.i18n import N_, _, ngettext
from core.i18n_dates import month_day, short_day
from core.time import to_local
from core.vocabulary import SPHERE_LABELS

NOTHING = "—"
NEXT_STEPS = N_(
    "`/plan report <org>` or `/plan report <sphere>` for one · `/plan export` for the same "
    "figures in engagement.csv · `/plan nudge <org>` to check in with an organization"
)
PARTICIPANT_NEXT = N_(
    "`/plan list` shows your commitments · `/plan done #N` or `/plan note #N` updates one · "
    "`/plan ask` reaches the TA team"
)


def ratio(value: Ratio) -> str:
    """``3 of 4, 75%``; ``0 of 0, —`` when there is nothing to divide."""
    percent = NOTHING if value.percent is None else f"{value.percent}%"
    return _("{part} of {whole}, {percent}").format(
        part=value.part, whole=value.whole, percent=percent
    )


def hours(value: float | None) -> str:
    return NOTHING if value is None else _("{hours} h").format(hours=f"{value:.1f}")


def figure_lines(f: Figures) -> list[str]:
    """One group's figures over one window, one short line each."""
    return [
        _("Commitments: {count} · done {done}").format(
            count=f.commitments, done=ratio(f.completion)
        ),
        _("Overdue: {overdue} · blocked: {blocked}").format(overdue=f.overdue, blocked=f.blocked),
        _("Nudges answered: {answered}").format(answered=ratio(f.nudge_answers)),
        _("Median time to an update: {hours}").format(hours=hours(f.median_hours_to_update)),
        _("Resources: {shared} shared, {opened} opened").format(
            shared=f.resources_shared, opened=f.resources_opened
        ),
        _("Questions answered: {answered}").format(answered=ratio(f.question_answers)),
        _("Median time to an answer: {hours}").format(hours=hours(f.median_hours_to_answer)),
        _("Help requests answered: {answered}").format(answered=ratio(f.help_answers)),
        _("Introductions: {count}").format(count=f.introductions),
    ]


def ta_lines(t: TaFigures) -> list[str]:
    return [
        _("Resources shared: {count} ({deliveries} deliveries)").format(
            count=t.resources_shared, deliveries=t.shares
        ),
        _("Questions answered: {answered}").format(answered=t.questions_answered),
        _("Median time to an answer: {hours}").format(hours=hours(t.median_hours_to_answer)),
        _("Help requests answered: {answered}").format(answered=t.help_answered),
        _("Introductions: {count}").format(count=t.introductions),
    ]


def _window_label(evidence: Evidence, window: Window) -> str:
    if window.start is None:
        return _("_Whole collaborative_")
    zone = ZoneInfo(evidence.data.timezone)
    first = to_local(window.start + timedelta(seconds=1), zone).date()
    last = to_local(window.end, zone).date()
    return _("_Last 4 weeks_ ({first} – {last})").format(
        first=month_day(first), last=month_day(last)
    )


def _both(evidence: Evidence, title: str, figures_of: Callable[[Window], list[str]]) -> Block:
    """A titled section with the whole collaborative's figures, then the last four weeks'."""
    lines = [title]
    for window in (evidence.whole, evidence.recent):
        lines.append(_window_label(evidence, window))
        lines += [f"• {line}" for line in figures_of(window)]
    return section("\n".join(lines))


def org_title(org: OrgRow) -> str:
    sphere = escape(sphere_label(org.sphere))
    return f"{bold(org.name)} (`{escape(org.handle)}`) · {sphere}"


def org_block(evidence: Evidence, org: OrgRow) -> Block:
    return _both(evidence, org_title(org), lambda w: figure_lines(evidence.organization(org.id, w)))


def sphere_block(evidence: Evidence, sphere: str) -> Block:
    count = sum(1 for o in evidence.data.organizations if o.sphere == sphere)
    title = ngettext(
        "{sphere} ({count} organization)", "{sphere} ({count} organizations)", count
    ).format(sphere=bold(sphere_label(sphere)), count=count)
    return _both(evidence, title, lambda w: figure_lines(evidence.sphere(sphere, w)))


def ta_block(evidence: Evidence) -> Block:
    return _both(evidence, bold(_("What the TA team gave")), lambda w: ta_lines(evidence.ta(w)))


def _heading(evidence: Evidence, name: str) -> list[Block]:
    as_of = to_local(evidence.now, ZoneInfo(evidence.data.timezone))
    return [
        header(_("Report: {name}").format(name=name)[:150]),
        context(
            _("As of {moment} ({timezone})").format(
                moment=f"{short_day(as_of.date())}, {as_of:%H:%M}", timezone=evidence.data.timezone
            )
        ),
    ]


def organization_report(evidence: Evidence, org: OrgRow, *, for_ta: bool) -> list[Reply]:
    blocks = _heading(evidence, org.name)
    blocks.append(org_block(evidence, org))
    if for_ta:
        blocks.append(ta_block(evidence))
    blocks.append(context(_(NEXT_STEPS) if for_ta else _(PARTICIPANT_NEXT)))
    return [Reply(text=_("Report: {name}").format(name=org.name), blocks=blocks)]


def sphere_report(evidence: Evidence, sphere: str) -> list[Reply]:
    label = sphere_label(sphere)
    blocks = _heading(evidence, label)
    blocks.append(sphere_block(evidence, sphere))
    members = [o for o in evidence.data.organizations if o.sphere == sphere]
    blocks += [org_block(evidence, org) for org in members]
    blocks.append(context(_(NEXT_STEPS)))
    return _fit(_("Report: {name}").format(name=label), blocks)


def overview(evidence: Evidence, name: str) -> list[Reply]:
    """Everyone, the TA team, each sphere with organizations, then each organization."""
    organizations = evidence.data.organizations
    blocks = _heading(evidence, name)
    if not organizations:
        blocks.append(
            section(
                _(
                    "There are no organizations yet, so there is nothing to count. "
                    '`/plan org add "<name>"` adds one.'
                )
            )
        )
        return [Reply(text=_("Report: {name}").format(name=name), blocks=blocks)]
    count = len(organizations)
    title = ngettext(
        "{everyone} ({count} organization)", "{everyone} ({count} organizations)", count
    ).format(everyone=bold(_("Everyone")), count=count)
    blocks.append(_both(evidence, title, lambda w: figure_lines(evidence.everyone(w))))
    blocks.append(ta_block(evidence))
    spheres = [s for s in SPHERE_LABELS if any(o.sphere == s for o in organizations)]
    blocks += [sphere_block(evidence, sphere) for sphere in spheres]
    blocks += [org_block(evidence, org) for org in organizations]
    blocks.append(context(_(NEXT_STEPS)))
    return _fit(_("Report: {name}").format(name=name), blocks)


def _fit(text: str, blocks: Sequence[Block]) -> list[Reply]:
    """Spread over messages; past what one command may answer, say how to see the rest."""
    room = MAX_BLOCKS * RESPONSE_URL_USES
    if len(blocks) > room:
        left = len(blocks) - room + 1
        blocks = [
            *blocks[: room - 2],
            context(
                _("{count} more sections did not fit: `/plan report <org>` shows any one.").format(
                    count=left
                )
            ),
            blocks[-1],
        ]
    return split_messages(text, blocks)
