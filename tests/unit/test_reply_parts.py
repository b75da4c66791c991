"""How a reply in a check-in's thread is read into parts: the status words (English and
Spanish, before or after the number), the split at each of the check-in's numbers, and what is
left as the note. The end-to-end behaviour is in tests/integration/test_thread_reply_parts.py."""

from __future__ import annotations

from typing import Any

import pytest

from core.replies import understand
from storage.models import Commitment


def listed(*numbers: int, owner: str = "U0MARIA") -> list[Commitment]:
    return [Commitment(number=n, title=f"Step {n}", owner_slack_id=owner) for n in numbers]


def read(text: str, *numbers: int, replier: str = "U0SOMEONE") -> list[tuple[Any, ...]]:
    return [
        (p.commitment.number, p.status, p.note) for p in understand(text, listed(*numbers), replier)
    ]


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("#2 done", [(2, "done", None)]),
        ("#2: done.", [(2, "done", None)]),
        ("#2 - Done! sent it", [(2, "done", "sent it")]),
        ("done #2 sent it", [(2, "done", "sent it")]),
        ("#2 in-progress", [(2, "in-progress", None)]),
        ("#2 blocked on legal", [(2, "blocked", "on legal")]),
        ("#2 hecha", [(2, "done", None)]),
        ("#2 en curso: llamé", [(2, "in-progress", "llamé")]),
        ("bloqueado #2 falta firma", [(2, "blocked", "falta firma")]),
        ("#2 sent it", [(2, None, "sent it")]),
        ("Sent #2 to HR", [(2, None, "Sent #2 to HR")]),
        ("#2 doneness review", [(2, None, "doneness review")]),
        (
            "#2 done, #15 in progress - called them, waiting on a reply",
            [(2, "done", None), (15, "in-progress", "called them, waiting on a reply")],
        ),
        ("#2 done #15 in progress", [(2, "done", None), (15, "in-progress", None)]),
        (
            "done #2 and in progress #15 called",
            [(2, "done", None), (15, "in-progress", "called")],
        ),
        ("#2 hecho y #15 bloqueado", [(2, "done", None), (15, "blocked", None)]),
        ("#2 done, #99 is someone else's", [(2, "done", "#99 is someone else's")]),
    ],
)
def test_each_number_of_the_checkin_starts_a_part(text: str, parts: list[tuple[Any]]) -> None:
    assert read(text, 2, 15) == parts


def test_a_reply_naming_none_is_unclear_among_several_and_implied_with_one() -> None:
    assert read("done", 2, 15) == []
    assert read("ok", 2, 15) == []
    assert read("Done! the survey is out", 3) == [(3, "done", "the survey is out")]
    assert read("ok", 3) == [(3, None, "ok")]
    assert read("terminado", 2, 15, replier="U0MARIA") == []  # she owns both


def test_joining_words_are_dropped_between_parts_only() -> None:
    assert read("#2 sent it to Rey y", 2, 15) == [(2, None, "sent it to Rey y")]
    assert read("#2 met them and #15 too", 2, 15) == [(2, None, "met them"), (15, None, "too")]
