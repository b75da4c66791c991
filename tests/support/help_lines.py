"""Reading `/plan help` as a person would, and typing what it shows.

The help tests walk what help lists rather than a list of their own, so a command added to help
without a topic, or a usage form a participant would only be refused, fails a test.
"""

from __future__ import annotations

import re
from typing import Any

from bot.grammar import USAGE
from sandbox.api import SlackStandIn
from sandbox.driver import SlackDriver
from tests.support import visible

#: A listed command is a line of its own (a pointer inside a sentence is not a listing).
LISTED = re.compile(r"^`(/plan [^`]+)`$", re.MULTILINE)
#: `[optional]` or `<required>`, innermost first: `[due <date>]` is one optional group.
GROUP = re.compile(r"\[((?:[^\[\]<>]|<[^<>]*>)+)\]|<([^<>]+)>")
PLACEHOLDER = re.compile(r"<([^<>|]+)>|#N|@person")

#: What a person refused a command they were shown is told (core.access and the commands).
REFUSALS = (
    "Only TA providers",
    "only your own",
    "belongs to another organization",
    "You're not part of this collaborative",
    ":lock:",
    "I have no help",
    "Usage:",
)


def listed_forms(help_text: str) -> list[str]:
    """The usage forms a `/plan help` reply lists, one a line, as shown (without backticks)."""
    return LISTED.findall(help_text)


def key_of(form: str) -> str:
    """The USAGE key a listed form belongs to: the longest command it starts with."""
    words = form.removeprefix("/plan ")
    keys = [key for key in USAGE if words == key or words.startswith(key + " ")]
    assert keys, f"help lists {form!r}, which is no /plan command"
    return max(keys, key=len)


def _fill(text: str, values: dict[str, str]) -> str:
    def one(match: re.Match[str]) -> str:
        name = match.group(1) or match.group(0)
        return values[name]

    text = PLACEHOLDER.sub(one, text)
    return values.get(text, text)


def typed_forms(form: str, values: dict[str, str]) -> list[str]:
    """Every way a person could read a usage form: each optional part and each choice once,
    placeholders filled from `values` (keyed by the placeholder's name, `#N` and `@person`)."""
    body = form.removeprefix("/plan ")
    groups = list(GROUP.finditer(body))

    def choices(match: re.Match[str]) -> list[str]:
        inner = match.group(1) or match.group(2)
        return [_fill(alternative.strip(), values) for alternative in inner.split("|")]

    def typed(picks: dict[int, str]) -> str:
        out, last = [], 0
        for index, match in enumerate(groups):
            out.append(_fill(body[last : match.start()], values))
            if index in picks:
                out.append(picks[index])
            elif match.group(2) is not None:  # required: its first choice
                out.append(choices(match)[0])
            last = match.end()
        out.append(_fill(body[last:], values))
        return " ".join("".join(out).split())

    found = [typed({})]
    for index, match in enumerate(groups):
        found += [typed({index: choice}) for choice in choices(match)]
    return list(dict.fromkeys(found))


async def answer_to(
    slack: SlackDriver, standin: SlackStandIn, user_id: str, text: str, channel_id: str
) -> str:
    """What `/plan text` shows its typist: the reply, or the form it opened (`edit`)."""
    forms_before = len(standin.calls_to("views.open"))
    response = await slack.command(user_id, text, channel_id=channel_id)
    assert response.status == 200, (text, response.status, response.body)
    url = response.response_url
    assert url is not None

    def shown() -> list[Any] | None:
        replies = standin.responses_to(url)
        if replies:
            return [visible(reply) for reply in replies]
        opened = standin.calls_to("views.open")[forms_before:]
        return ["(a form opened)"] if opened else None

    return "\n".join(await standin.wait_for(shown))


def refusal_in(answer: str) -> str | None:
    """The refusal phrase an answer contains, if it is a refusal."""
    return next((phrase for phrase in REFUSALS if phrase in answer), None)
