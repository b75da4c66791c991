"""`now` on `/plan share` and `/plan nudge`: send even in the recipient's quiet hours."""

from __future__ import annotations

from datetime import date

import pytest

from bot.grammar import AllTarget, NudgeCmd, OrgRef, ParseError, ShareCmd, UserTarget, parse
from bot.grammar_usage import USAGE

TODAY = date(2026, 12, 15)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("share 3 all now", ShareCmd(3, AllTarget(), now=True)),
        ("share 3 acme NOW", ShareCmd(3, OrgRef("acme"), now=True)),
        ("share 3 acme", ShareCmd(3, OrgRef("acme"), now=False)),
        ("nudge all now", NudgeCmd(AllTarget(), None, now=True)),
        (
            "nudge <@U1|maria> now How is it going?",
            NudgeCmd(UserTarget("U1"), "How is it going?", now=True),
        ),
        ("nudge acme How is it going now?", NudgeCmd(OrgRef("acme"), "How is it going now?")),
        ('nudge acme "now" is a good time', NudgeCmd(OrgRef("acme"), '"now" is a good time')),
    ],
)
def test_now_is_read_only_right_after_the_target(text: str, expected: object) -> None:
    assert parse(text, TODAY) == expected


def test_anything_else_after_a_share_is_explained_with_the_usage() -> None:
    with pytest.raises(ParseError) as caught:
        parse("share 3 acme later", TODAY)
    assert "quote full names" in caught.value.message
    assert caught.value.usage == USAGE["share"]
    assert "[now]" in USAGE["share"] and "[now]" in USAGE["nudge"]
