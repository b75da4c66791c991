"""The digest chart's rules: legible whatever the collaborative's size, described in words."""

from __future__ import annotations

import io
from datetime import date, timedelta

from PIL import Image

from bot.chart import (
    ALT_TEXT_LIMIT,
    MAX_ORGANIZATIONS,
    ChartInput,
    OrgBar,
    alt_text,
    render_png,
    shown_organizations,
)

WEEKS = [(date(2026, 9, 21) + timedelta(weeks=i), i % 3) for i in range(12)]


def many(count: int) -> list[OrgBar]:
    return [OrgBar(f"Organization number {i:04d}", done=i % 5, open=2) for i in range(count)]


def test_a_big_collaborative_keeps_the_largest_bars_and_sums_the_rest() -> None:
    bars = shown_organizations(many(1000))
    assert len(bars) == MAX_ORGANIZATIONS
    assert bars[-1].name == f"{1000 - MAX_ORGANIZATIONS + 1} other organizations"
    assert sum(b.total for b in bars) == sum(b.total for b in many(1000))  # nothing lost


def test_a_small_collaborative_shows_every_organization_largest_first() -> None:
    bars = shown_organizations([OrgBar("Small", open=1), OrgBar("Large", done=3, blocked=1)])
    assert [b.name for b in bars] == ["Large", "Small"]


def test_alt_text_fits_slack_and_ends_on_a_whole_word() -> None:
    long_names = [
        OrgBar("Community Health Workers Association " * 3 + str(i), 1, 2, 3, 4, 5)
        for i in range(12)
    ]
    text = alt_text(ChartInput("A collaborative", long_names, WEEKS))
    assert len(text) <= ALT_TEXT_LIMIT
    assert text.endswith("…") and not text.endswith(" …")


def test_alt_text_reads_every_count_and_skips_empty_states() -> None:
    data = ChartInput("Lakeshore", [OrgBar("Westside", done=2, overdue=1)], WEEKS[-2:])
    assert alt_text(data) == (
        "Lakeshore. Steps by status for each organization: Westside: 2 done, 1 overdue. "
        "Steps done each week, week of: Nov 30 1, Dec 7 2."
    )


def test_the_picture_stays_phone_sized_for_a_thousand_organizations() -> None:
    small = Image.open(io.BytesIO(render_png(ChartInput("x", many(2), WEEKS))))
    large = Image.open(io.BytesIO(render_png(ChartInput("x", many(1000), WEEKS))))
    assert small.width == large.width >= 900
    assert large.height <= 3 * large.width  # a dozen bars, not a thousand
