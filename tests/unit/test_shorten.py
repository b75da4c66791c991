"""Shortening and splitting people's long text for Slack: word boundaries, whole entities."""

from __future__ import annotations

import pytest

from bot.mrkdwn import escape
from bot.shorten import ELLIPSIS, shorten, split, visible_length


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        # exactly at the limit, or under it: unchanged, no ellipsis
        ("Draft the policy", 16, "Draft the policy"),
        ("Draft the policy", 40, "Draft the policy"),
        ("", 10, ""),
        # one over: cut at the last word boundary, ellipsis within the limit
        ("Draft the policy", 15, "Draft the…"),
        ("Draft the scheduling policy with the board", 25, "Draft the scheduling…"),
        # the limit falls exactly after a whole word
        ("Draft the scheduling policy", 21, "Draft the scheduling…"),
        # trailing punctuation before the ellipsis reads badly and goes
        ("Call them, then write it down", 12, "Call them…"),
        # one word longer than the limit: cut inside it, never beyond the limit
        ("x" * 50, 10, "x" * 9 + ELLIPSIS),
        ("Go " + "y" * 50, 10, "Go " + "y" * 6 + ELLIPSIS),
    ],
)
def test_shorten_cuts_at_a_word_boundary(text: str, limit: int, expected: str) -> None:
    shortened = shorten(text, limit)
    assert shortened == expected
    assert visible_length(shortened) <= limit


def test_an_entity_counts_as_one_character_and_is_never_cut() -> None:
    title = escape("Wages & hours & <benefits> for everyone at the clinic")
    assert shorten(title, visible_length(title)) == title  # at the limit: unchanged
    for limit in range(2, visible_length(title)):
        shortened = shorten(title, limit)
        assert shortened.endswith(ELLIPSIS)
        assert visible_length(shortened) <= limit
        body = shortened.removesuffix(ELLIPSIS)
        # every & left is the start of a whole entity
        for index, char in enumerate(body):
            if char == "&":
                assert body[index:].startswith(("&amp;", "&lt;", "&gt;")), (limit, shortened)


def test_a_word_of_entities_is_cut_between_entities() -> None:
    text = "&amp;" * 20
    assert shorten(text, 5) == "&amp;" * 4 + ELLIPSIS


def test_a_mention_or_link_is_never_cut_in_half() -> None:
    text = "Ask <@U0123ABCDEF> about the <https://example.org/guide|intake guide> soon"
    for limit in range(2, visible_length(text)):
        body = shorten(text, limit).removesuffix(ELLIPSIS)
        assert body.count("<") == body.count(">"), (limit, body)


def test_shorten_refuses_a_limit_with_no_room() -> None:
    with pytest.raises(ValueError):
        shorten("abc", 1)


@pytest.mark.parametrize("limit", [10, 37, 100, 3000])
def test_split_keeps_every_word_within_the_limit(limit: int) -> None:
    words = [f"word{n}" for n in range(1500)]
    text = " ".join(words)
    pieces = split(text, limit)
    assert all(len(piece) <= limit for piece in pieces)
    assert " ".join(pieces).split() == words
    if len(text) <= limit:
        assert pieces == [text]


def test_split_never_breaks_an_entity() -> None:
    text = escape("&" * 2000)  # 10,000 characters as sent, no spaces at all
    pieces = split(text, 3000)
    assert all(len(piece) <= 3000 for piece in pieces)
    assert "".join(pieces) == text
    assert all(piece.startswith("&amp;") and piece.endswith("&amp;") for piece in pieces)


def test_split_of_short_text_is_the_text() -> None:
    assert split("short", 3000) == ["short"]
    assert split("", 3000) == [""]
