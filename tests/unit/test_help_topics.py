"""Every `/plan` sub-command has help with an example, and a TA provider may read all of it."""

from __future__ import annotations

from bot.commands.help import EVERYONE, PARTICIPANT, TA
from bot.commands.help_topics import GUIDES, TOPICS
from bot.grammar import USAGE
from bot.grammar_usage import GUIDE_TOPICS


def test_every_command_is_explained_with_an_example() -> None:
    assert set(TOPICS) == set(USAGE)
    for key, (what, example) in TOPICS.items():
        assert what.endswith("."), key
        assert example.startswith("/plan " + key.split()[0]), (key, example)


def test_every_command_is_listed_for_some_role() -> None:
    assert set(USAGE) == set(PARTICIPANT + EVERYONE + TA)


def test_every_help_topic_that_is_no_command_is_explained() -> None:
    assert set(GUIDES) == set(GUIDE_TOPICS)
    for key, (what, example) in GUIDES.items():
        assert what.endswith("."), key
        assert example.startswith("/plan "), (key, example)
