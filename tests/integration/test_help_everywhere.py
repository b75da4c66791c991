"""`/plan help` as people read it, over signed HTTP: every command it lists has a topic with an
example, a participant is shown only what a participant may do, and every example works when
typed into the sandbox's demo collaborative."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date, time
from pathlib import Path

import pytest

from bot.commands.help import PARTICIPANT
from bot.commands.help_topics import PARTICIPANT_TOPICS, TOPICS
from sandbox import demo
from sandbox.api import SlackStandIn
from sandbox.driver import SlackDriver
from sandbox.launch import Sandbox
from sandbox.web_text import as_slack_sends
from tests.support.days import at
from tests.support.harness import BotHarness, Person
from tests.support.help_lines import (
    answer_to,
    key_of,
    listed_forms,
    refusal_in,
    typed_forms,
)
from tests.support.rhythm import setup_collaborative
from tests.support.workspace import HEALTH_1, HEALTH_2


async def test_every_command_help_lists_has_a_topic_with_an_example(
    bot: BotHarness, people: dict[str, Person]
) -> None:
    await setup_collaborative(people)
    await people["maria"].plan("add Draft a predictable-scheduling policy")
    for who in ("ta", "maria", "pat"):
        forms = listed_forms(await people[who].plan("help"))
        assert forms, who
        for form in forms:
            key = key_of(form)
            answer = await people[who].plan(f"help {key}")
            assert "Example: `/plan " in answer, (who, form, answer)
            assert refusal_in(answer) is None, (who, form, answer)


async def test_help_undo_explains_the_button_and_what_to_type_after_the_minute(
    bot: BotHarness, people: dict[str, Person]
) -> None:
    await setup_collaborative(people)
    help_page = await people["maria"].plan("help")
    assert "`/plan help undo`" in help_page
    answer = await people["maria"].plan("help undo")
    assert "Undo" in answer and "For a minute" in answer
    assert "Example: `/plan status #2 in-progress`" in answer
    assert refusal_in(answer) is None


async def test_a_participant_is_refused_nothing_their_help_lists(
    bot: BotHarness, people: dict[str, Person], slack: SlackDriver, standin: SlackStandIn
) -> None:
    """Every line of Sam's help, read every way it can be (each choice, each optional part,
    `<org>` as any organization), typed by Sam: none is refused by core.access."""
    await setup_collaborative(people)
    await people["sam"].plan("add Draft a predictable-scheduling policy")
    values = {
        "text": "Call the HR lead",
        "date": "friday",
        "note": "Spoke to HR",
        "tag": "basics",
        "command": "add",
        "question": "Is there a template?",
        "org": '"Workers United Center"',  # help says any organization: not only Sam's own
        "#N": "#1",
        "@person": f"<@{HEALTH_1}|maria>",
    }
    forms = listed_forms(await people["sam"].plan("help"))
    assert {key_of(form) for form in forms} >= set(PARTICIPANT)
    for form in forms:
        for typed in typed_forms(form, values):
            answer = await answer_to(slack, standin, HEALTH_2, typed, "C0GENERAL")
            assert refusal_in(answer) is None, (form, typed, answer)


async def test_a_participant_refused_a_wider_form_is_shown_their_own(
    people: dict[str, Person],
) -> None:
    """Sam asking for another organization's list or report is told why, with the form he may
    use, not the TA's `<org>` form that got him there."""
    await setup_collaborative(people)
    sam = people["sam"]
    listing = await sam.plan('list "Workers United Center"')
    assert listing.endswith("Usage: `/plan list [mine|all]`"), listing
    report = await sam.plan("report labor")
    assert report.endswith("Usage: `/plan report`"), report
    # a TA provider refused the same way still sees the whole form
    ta_reply = await people["ta"].plan("report nowhere")
    assert ta_reply.endswith("Usage: `/plan report [org|sphere]`")


# ------------------------------------------------------------------ the examples, in the demo


@pytest.fixture
async def demo_sandbox(tmp_path: Path) -> AsyncIterator[Sandbox]:
    """The sandbox `make run` starts (no browser), its clock on Tuesday Dec 1 2026, 09:00."""
    start = at(date(2026, 12, 1), time(9, 0))
    instance = Sandbox(sqlite_path=tmp_path / "sandbox.sqlite3", real_clock=lambda: start)
    await instance.start()
    yield instance
    await instance.stop()


async def test_every_help_example_works_in_the_demo_collaborative(
    demo_sandbox: Sandbox,
) -> None:
    """Each example typed as the sandbox page sends it: a participant's by Maria (Westside),
    the rest by Dana (TA); where a participant's help has its own example, Maria types that
    one and Dana the TA's. None is refused, none names what the demo does not hold."""
    workspace = demo_sandbox.standin.workspace
    maria = demo.by_handle("maria").user_id
    dana = demo.TA_PROVIDERS[0].user_id
    tries = [
        (maria if key in PARTICIPANT and key not in PARTICIPANT_TOPICS else dana, topic)
        for key, topic in TOPICS.items()
    ]
    tries += [(maria, topic) for topic in PARTICIPANT_TOPICS.values()]
    for who, (_, example) in tries:
        typed = as_slack_sends(example.removeprefix("/plan "), workspace, command=True)
        answer = await answer_to(
            demo_sandbox.driver, demo_sandbox.standin, who, typed, demo.GENERAL_CHANNEL
        )
        assert refusal_in(answer) is None, (example, answer)
        assert "I don't know" not in answer and "There is no" not in answer, (example, answer)
