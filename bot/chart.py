"""The digest's picture: each organization's steps by status, and steps done week by week.

A chart is read on a phone in a Slack channel, by people some of whom cannot tell red from
green: so one column of bars (never side by side), large type, the Okabe-Ito palette with a
hatch on the two states that call for attention (blocked, overdue), and the count written in
every segment wide enough to hold it, so no reading depends on colour alone. The same numbers
go into the alt text, which is what a screen reader (or a failed image load) gets.

matplotlib is imported inside :func:`render_png` only: the web process never draws, and the
clock pays the import once per digest, not at start-up.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from bot.blocks.commitments import count_of
from core.i18n import N_, _, ngettext
from core.i18n_dates import month_day

# Okabe & Ito (2008), "Color Universal Design": distinguishable with every common colour-vision
# deficiency, and in greyscale by lightness.
STATUS_STYLES: tuple[tuple[str, str, str, str], ...] = (
    # field, label (translated where drawn), colour, hatch
    ("done", N_("Done"), "#009E73", ""),
    ("in_progress", N_("In progress"), "#56B4E9", ""),
    ("open", N_("Not started"), "#CCCCCC", ""),
    ("blocked", N_("Blocked"), "#D55E00", "//"),
    ("overdue", N_("Overdue"), "#E69F00", ".."),
)
# A phone shows an image at its screen's width, about 360 points: a narrow figure drawn at a
# high resolution keeps 11-point labels at about 11 points there (990 px wide).
WIDTH_INCHES = 4.4
DPI = 225
MAX_ORGANIZATIONS = 12
MAX_WEEKS = 12
ALT_TEXT_LIMIT = 1000  # Slack's alt_txt limit


@dataclass(frozen=True)
class OrgBar:
    """One organization's steps, each counted once (overdue apart from open and in progress)."""

    name: str
    done: int = 0
    in_progress: int = 0
    open: int = 0
    blocked: int = 0
    overdue: int = 0

    @property
    def total(self) -> int:
        return self.done + self.in_progress + self.open + self.blocked + self.overdue


@dataclass(frozen=True)
class ChartInput:
    """What the picture shows: bars per organization and completions per week (oldest first)."""

    title: str
    organizations: Sequence[OrgBar]
    weeks: Sequence[tuple[date, int]]


def shown_organizations(organizations: Sequence[OrgBar]) -> list[OrgBar]:
    """At most MAX_ORGANIZATIONS bars, the rest summed into one, so the picture stays legible."""
    ranked = sorted(organizations, key=lambda o: (-o.total, o.name.lower()))
    if len(ranked) <= MAX_ORGANIZATIONS:
        return ranked
    kept, rest = ranked[: MAX_ORGANIZATIONS - 1], ranked[MAX_ORGANIZATIONS - 1 :]
    others = OrgBar(
        ngettext("{count} other organization", "{count} other organizations", len(rest)).format(
            count=len(rest)
        ),
        **{field: sum(getattr(o, field) for o in rest) for field, *_ in STATUS_STYLES},
    )
    return [*kept, others]


def shown_weeks(weeks: Sequence[tuple[date, int]]) -> list[tuple[date, int]]:
    return list(weeks)[-MAX_WEEKS:]


def _week_label(day: date) -> str:
    return month_day(day)


def _count_words(field: str, count: int) -> str:
    """``3 done``, ``2 not started``: one segment of a bar in words, as the digest and Home count
    the same states (bot.blocks.commitments.count_of); only "open" reads "not started" here."""
    if field == "open":
        return ngettext("{count} not started", "{count} not started", count).format(count=count)
    return count_of(field.replace("_", "-"), count)


def alt_text(data: ChartInput) -> str:
    """The chart in words, within Slack's alt text limit: every bar's numbers, then the weeks."""
    parts = [_("{title}. Steps by status for each organization:").format(title=data.title)]
    for org in shown_organizations(data.organizations):
        counts = ", ".join(
            _count_words(field, getattr(org, field))
            for field, *_style in STATUS_STYLES
            if getattr(org, field)
        )
        parts.append(
            _("{organization}: {counts}.").format(
                organization=org.name, counts=counts or _("no steps")
            )
        )
    weeks = shown_weeks(data.weeks)
    if weeks:
        parts.append(
            _("Steps done each week, week of: {weeks}.").format(
                weeks=", ".join(f"{_week_label(d)} {n}" for d, n in weeks)
            )
        )
    text = " ".join(parts)
    if len(text) <= ALT_TEXT_LIMIT:
        return text
    return text[: ALT_TEXT_LIMIT - 1].rsplit(" ", 1)[0] + "…"


def render_png(data: ChartInput) -> bytes:
    """The chart as a PNG 990 px wide: readable at a phone's width without zooming."""
    from matplotlib.figure import Figure

    orgs = shown_organizations(data.organizations)
    weeks = shown_weeks(data.weeks)
    bar_rows = max(len(orgs), 1)
    figure = Figure(figsize=(WIDTH_INCHES, 4.6 + 0.55 * bar_rows), dpi=DPI, layout="constrained")
    top, bottom = figure.subplots(
        2, 1, height_ratios=[0.6 + 0.5 * bar_rows, 2.4], gridspec_kw={"hspace": 0.15}
    )
    figure.suptitle(textwrap.fill(data.title, 40), fontsize=13, fontweight="bold")

    rows = list(range(len(orgs)))[::-1]
    left = [0] * len(orgs)
    for field, label, colour, hatch in STATUS_STYLES:
        values = [getattr(o, field) for o in orgs]
        bars = top.barh(
            rows,
            values,
            left=left,
            height=0.5,
            color=colour,
            hatch=hatch,
            edgecolor="white",
            linewidth=1,
            label=_(label),
        )
        for bar, value in zip(bars, values, strict=True):
            if value:
                top.text(
                    bar.get_x() + bar.get_width() / 2,
                    bar.get_y() + bar.get_height() / 2,
                    str(value),
                    ha="center",
                    va="center",
                    fontsize=11,
                    color="black",
                    bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.8},
                )
        left = [a + b for a, b in zip(left, values, strict=True)]
    # Names above their bars, not beside them: the bars keep the phone's whole width.
    for row, org in zip(rows, orgs, strict=True):
        top.text(0, row + 0.3, _short(org.name), ha="left", va="bottom", fontsize=11)
    top.set_ylim(-0.6, len(orgs) - 0.1)
    top.set_yticks([])
    top.set_title(_("Steps by status"), fontsize=13, loc="left")
    top.tick_params(labelsize=11)
    top.xaxis.set_visible(False)
    for side in ("top", "right", "bottom", "left"):
        top.spines[side].set_visible(False)
    top.legend(
        loc="upper center",
        bbox_to_anchor=(0.5, -0.02),
        ncols=2,
        fontsize=10,
        frameon=False,
    )

    labels = [_week_label(d) for d, _count in weeks]
    counts = [n for _day, n in weeks]
    bottom.bar(labels, counts, color="#0072B2")
    for x, n in enumerate(counts):
        bottom.text(x, n, str(n), ha="center", va="bottom", fontsize=11)
    bottom.set_title(_("Steps done each week (week of)"), fontsize=13, loc="left")
    bottom.tick_params(axis="x", labelsize=10, labelrotation=45)
    bottom.yaxis.set_visible(False)
    bottom.set_ylim(0, max(counts, default=0) * 1.25 + 1)
    for side in ("top", "right", "left"):
        bottom.spines[side].set_visible(False)

    out = io.BytesIO()
    figure.savefig(out, format="png")
    return out.getvalue()


def _short(name: str, limit: int = 40) -> str:
    return name if len(name) <= limit else name[: limit - 1].rstrip() + "…"
