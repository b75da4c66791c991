"""bot.grammar: the participant's `/plan` sub-commands, Slack escaping, quotes and errors."""

from __future__ import annotations

from datetime import date

import pytest

from bot.grammar import (
    HELP_HINT,
    USAGE,
    AddCmd,
    AskCmd,
    CloseCmd,
    DoneCmd,
    HelpCmd,
    ListCmd,
    NoteCmd,
    OpenAddModalCmd,
    OrgRef,
    ParseError,
    PauseCmd,
    ReopenCmd,
    ResourceAddCmd,
    ResourcesCmd,
    ResumeCmd,
    StatusCmd,
    parse,
)
from bot.grammar_text import plain_text, tokenize

TODAY = date(2026, 12, 15)  # a Tuesday
FRIDAY = date(2026, 12, 18)


def p(text: str) -> object:
    return parse(text, TODAY)


def error(text: str) -> ParseError:
    with pytest.raises(ParseError) as caught:
        parse(text, TODAY)
    assert "\n" not in caught.value.message
    return caught.value


# --------------------------------------------------------------------------- tokens and markup


def test_tokenize_keeps_quoted_phrases_and_markup_whole() -> None:
    tokens = tokenize('add "Acme Health": x <https://a.org|A label> “curly one”')
    assert [t.inner for t in tokens] == [
        "add",
        "Acme Health",
        ":",
        "x",
        "<https://a.org|A label>",
        "curly one",
    ]
    assert [t.quoted for t in tokens] == [False, True, False, False, False, True]
    assert tokens[2].start == tokens[1].end


def test_tokenize_flags_unterminated_quote() -> None:
    tokens = tokenize('say "hello there')
    assert tokens[-1].unterminated
    assert tokens[-1].inner == "hello there"


@pytest.mark.parametrize(
    ("raw", "typed"),
    [
        ("Fish &amp; chips", "Fish & chips"),
        ("a &lt;b&gt; c", "a <b> c"),
        ("&amp;lt; stays", "&lt; stays"),
        ("ask <@U123|maria>", "ask @maria"),
        ("ask <@U123>", "ask <@U123>"),
        ("in <#C1|general>", "in #general"),
        ("in <#C1>", "in <#C1>"),
        ("hey <!here> and <!channel>", "hey @here and @channel"),
        ("<!subteam^S1|@ta-team> help", "@ta-team help"),
        ("see <https://x.org/a>", "see https://x.org/a"),
        ("see <http://x.org|x.org>", "see x.org"),
        ("see <https://x.org/a|the guide>", "see the guide (https://x.org/a)"),
        ("see <https://x.org/?a=1&amp;b=2>", "see https://x.org/?a=1&b=2"),
        ("mail <mailto:a@b.org|a@b.org>", "mail a@b.org"),
        ("odd <|x> <> end", "odd x  end"),
    ],
)
def test_plain_text_is_what_the_person_typed(raw: str, typed: str) -> None:
    assert plain_text(raw) == typed


# --------------------------------------------------------------------------- list


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", ListCmd("default", None)),
        ("   ", ListCmd("default", None)),
        ("list", ListCmd("default", None)),
        ("LIST", ListCmd("default", None)),
        ("list mine", ListCmd("mine", None)),
        ("list ALL", ListCmd("all", None)),
        ("list acme-health", ListCmd("org", OrgRef("acme-health"))),
        ("list Acme-Health", ListCmd("org", OrgRef("acme-health"))),
        ('list "Acme Health"', ListCmd("org", OrgRef("Acme Health"))),
        ("list “Acme  Health”", ListCmd("org", OrgRef("Acme Health"))),
        ('list "mine"', ListCmd("org", OrgRef("mine"))),
        ('list "Fish &amp; Co"', ListCmd("org", OrgRef("Fish & Co"))),
    ],
)
def test_list(text: str, expected: ListCmd) -> None:
    assert p(text) == expected


def test_list_errors() -> None:
    assert "double quotes" in error("list Acme Health").message
    assert error("list mine extra").message == "`/plan list` takes nothing after it."
    assert error("list acme_health").usage == USAGE["list"]
    assert "is a person" in error("list <@U1|maria>").message
    assert "empty" in error('list ""').message
    assert "at most 100" in error(f'list "{"x" * 101}"').message


# --------------------------------------------------------------------------- add


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("add Draft policy", AddCmd(None, "Draft policy", None, None)),
        ("add Draft policy due friday", AddCmd(None, "Draft policy", FRIDAY, None)),
        ("add Draft policy due Fri", AddCmd(None, "Draft policy", FRIDAY, None)),
        ("add Draft policy DUE 12/18", AddCmd(None, "Draft policy", FRIDAY, None)),
        ("add Draft policy due in 3 days", AddCmd(None, "Draft policy", FRIDAY, None)),
        ("add Draft policy due by friday.", AddCmd(None, "Draft policy", FRIDAY, None)),
        ("add Draft policy owner <@U1|maria>", AddCmd(None, "Draft policy", None, "U1")),
        ("add Draft policy owner <@W2>", AddCmd(None, "Draft policy", None, "W2")),
        ("add Draft due friday owner <@U1|maria>", AddCmd(None, "Draft", FRIDAY, "U1")),
        ("add Draft owner <@U1> due friday", AddCmd(None, "Draft", FRIDAY, "U1")),
        ("add Draft owner <@U1> due in 2 weeks", AddCmd(None, "Draft", date(2026, 12, 29), "U1")),
        ("add Review what's due due friday", AddCmd(None, "Review what's due", FRIDAY, None)),
        ('add "Review what\'s due" due friday', AddCmd(None, "Review what's due", FRIDAY, None)),
        ("add “Review what’s due” due friday", AddCmd(None, "Review what’s due", FRIDAY, None)),
        ("add Check what is due", AddCmd(None, "Check what is due", None, None)),
        ('add "due friday"', AddCmd(None, "due friday", None, None)),
        ("add Pay dues", AddCmd(None, "Pay dues", None, None)),
        ("add Find a building owner", AddCmd(None, "Find a building owner", None, None)),
        ("add Fish &amp; chips &lt;3", AddCmd(None, "Fish & chips <3", None, None)),
        ("add Call <@U9|sam> about it", AddCmd(None, "Call @sam about it", None, None)),
        ('add Buy 2" pipe', AddCmd(None, 'Buy 2" pipe', None, None)),
        ("add Read “Chapter 3” notes", AddCmd(None, "Read “Chapter 3” notes", None, None)),
        ("add   spaced    out  ", AddCmd(None, "spaced out", None, None)),
        (
            "add acme-health: Draft policy due friday",
            AddCmd(OrgRef("acme-health"), "Draft policy", FRIDAY, None),
        ),
        (
            'add "Acme Health": Draft policy',
            AddCmd(OrgRef("Acme Health"), "Draft policy", None, None),
        ),
        (
            "add “Acme Health”: Draft policy owner <@U1|m>",
            AddCmd(OrgRef("Acme Health"), "Draft policy", None, "U1"),
        ),
        ('add "Acme Health":Draft', AddCmd(OrgRef("Acme Health"), "Draft", None, None)),
        ("add Acme-Health: Draft", AddCmd(OrgRef("acme-health"), "Draft", None, None)),
        ('add "Acme Health" Draft', AddCmd(None, '"Acme Health" Draft', None, None)),
    ],
)
def test_add(text: str, expected: AddCmd) -> None:
    assert p(text) == expected


def test_add_without_text_opens_the_modal() -> None:
    assert p("add") == OpenAddModalCmd()
    assert p("ADD  ") == OpenAddModalCmd()


def test_add_unreadable_due_date_suggests_quoting_the_title() -> None:
    caught = error("add Check what's due next week")
    assert caught.message.startswith("I couldn't read “next week” as a date.")
    assert "put the title in quotes" in caught.message
    assert caught.usage == USAGE["add"]
    assert caught.usage == "Usage: `/plan add <text> [due <date>] [owner @person]`"


def test_add_impossible_due_date() -> None:
    assert "no such date" in error("add Draft due 2026-02-30").message
    assert "months go from 1 to 12" in error("add Draft due 13/1").message


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("add due friday", "Say what the commitment is"),
        ("add acme-health:", "Say what the commitment is"),
        ('add ""', "Say what the commitment is"),
        ("add Draft owner @maria", "“@maria” isn't a mention"),
        ("add Draft due friday owner maria", "owner as an @mention"),
        ('add Draft "policy', "never closed"),
        ("add “Draft policy", "never closed"),
    ],
)
def test_add_errors(text: str, fragment: str) -> None:
    caught = error(text)
    assert fragment in caught.message
    assert caught.usage == USAGE["add"]


def test_add_title_limit() -> None:
    assert p("add " + "x" * 3000) == AddCmd(None, "x" * 3000, None, None)
    caught = error("add " + "x" * 3001)
    assert "at most 3,000 characters" in caught.message
    assert "3,001" in caught.message


# --------------------------------------------------------------------------- done, status, note


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("done #12", DoneCmd(12, None)),
        ("done 12", DoneCmd(12, None)),
        ("Done #12 Filed with the board", DoneCmd(12, "Filed with the board")),
        ("done 12 Fish &amp; chips", DoneCmd(12, "Fish & chips")),
        ('done 12 "quoted note"', DoneCmd(12, "quoted note")),
        ('done 12 He said "call me', DoneCmd(12, 'He said "call me')),
        ("done 12 line one\nline two", DoneCmd(12, "line one\nline two")),
    ],
)
def test_done(text: str, expected: DoneCmd) -> None:
    assert p(text) == expected


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("done", "Which commitment?"),
        ("done twelve", "“twelve” isn't a commitment number"),
        ("done #0", "There is no commitment #0"),
        ("done #99999999999", "There is no commitment"),
        ("done -3", "isn't a commitment number"),
        ('done "12"', "isn't a commitment number"),
    ],
)
def test_done_errors(text: str, fragment: str) -> None:
    caught = error(text)
    assert fragment in caught.message
    assert caught.usage == USAGE["done"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("status #12 open", StatusCmd(12, "open", None)),
        ("status 12 in-progress", StatusCmd(12, "in-progress", None)),
        ("status 12 in progress", StatusCmd(12, "in-progress", None)),
        ("status 12 In Progress halfway", StatusCmd(12, "in-progress", "halfway")),
        ("status 12 inprogress", StatusCmd(12, "in-progress", None)),
        (
            "status 12 BLOCKED need the director's sign-off",
            StatusCmd(12, "blocked", "need the director's sign-off"),
        ),
        ("status 12 done", StatusCmd(12, "done", None)),
        ("status 12 dropped: no funding", StatusCmd(12, "dropped", "no funding")),
    ],
)
def test_status(text: str, expected: StatusCmd) -> None:
    assert p(text) == expected


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("status", "Which commitment?"),
        ("status 12", "Give a status"),
        ("status 12 finished", "“finished” isn't a status"),
        ("status 12 in", "“in” isn't a status"),
    ],
)
def test_status_errors(text: str, fragment: str) -> None:
    caught = error(text)
    assert fragment in caught.message
    assert caught.usage == USAGE["status"]


def test_note() -> None:
    assert p("note #3 Met the board &amp; the union") == NoteCmd(3, "Met the board & the union")
    assert "Say what to note" in error("note #3").message
    assert "Which commitment?" in error("note").message


def test_notes_are_limited_to_2000_characters() -> None:
    assert p("note 3 " + "x" * 2000) == NoteCmd(3, "x" * 2000)
    caught = error("note 3 " + "x" * 2001)
    assert "at most 2000 characters" in caught.message
    assert caught.usage == USAGE["note"]
    assert "at most 2000" in error("done 3 " + "x" * 2001).message
    assert "at most 2000" in error("status 3 blocked " + "x" * 2001).message


# --------------------------------------------------------------------------- ask, resources


def test_ask() -> None:
    assert p("ask What counts as a systems change?") == AskCmd("What counts as a systems change?")
    assert p("ask Is A &gt; B?") == AskCmd("Is A > B?")
    assert "What would you like to ask?" in error("ask").message
    assert "at most 2000" in error("ask " + "x" * 2001).message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("resources", ResourcesCmd(None)),
        ("resources policy", ResourcesCmd("policy")),
        ("resources #Policy", ResourcesCmd("policy")),
        ("resources <#C1|scheduling>", ResourcesCmd("scheduling")),
        ('resources "wage-theft"', ResourcesCmd("wage-theft")),
    ],
)
def test_resources(text: str, expected: ResourcesCmd) -> None:
    assert p(text) == expected


def test_resources_add_is_read_as_resource_add() -> None:
    assert p("resources add <https://x.org|x.org> Guide") == ResourceAddCmd(
        "https://x.org", "Guide", (), None
    )


def test_resources_errors() -> None:
    assert error("resources policy extra").message == "`/plan resources` takes nothing after it."
    assert "isn't a tag" in error('resources "two words"').message


# --------------------------------------------------------------------------- pause, resume


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("pause", PauseCmd(None)),
        ("pause until friday", PauseCmd(FRIDAY)),
        ("pause till 12/18", PauseCmd(FRIDAY)),
        ("pause friday", PauseCmd(FRIDAY)),
        ("pause for 2 weeks", PauseCmd(date(2026, 12, 29))),
        ("pause until in 3 days", PauseCmd(FRIDAY)),
    ],
)
def test_pause(text: str, expected: PauseCmd) -> None:
    assert p(text) == expected


def test_pause_errors() -> None:
    caught = error("pause until funday")
    assert caught.message.startswith("I couldn't read “funday” as a date.")
    assert caught.usage == USAGE["pause"]
    assert "Until when?" in error("pause until").message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("resume", ResumeCmd()),
        ("close", CloseCmd()),
        ("reopen", ReopenCmd()),
        ("Reopen", ReopenCmd()),
    ],
)
def test_commands_without_arguments(text: str, expected: object) -> None:
    assert p(text) == expected
    caught = error(f"{text} now")
    assert caught.message == f"`/plan {text.lower()}` takes nothing after it."
    assert caught.usage == USAGE[text.lower()]


# --------------------------------------------------------------------------- help and unknown


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("help", None),
        ("help add", "add"),
        ("help ORG add", "org add"),
        ("help org", "org"),
        ("help /plan settings digest", "settings digest"),
    ],
)
def test_help(text: str, topic: str | None) -> None:
    assert p(text) == HelpCmd(topic)


def test_help_unknown_topic() -> None:
    caught = error("help frobnicate")
    assert "I have no help on “frobnicate”" in caught.message
    assert caught.usage == USAGE["help"]


def test_unknown_sub_command_points_to_help() -> None:
    caught = error("frobnicate the plan")
    assert caught.message == "I don't know `/plan frobnicate`."
    assert caught.usage == HELP_HINT == "Try `/plan help` to see what you can do."
    assert "Did you mean `/plan add`?" in error("ad Draft").message
    assert "Did you mean `/plan status`?" in error("stauts 12 done").message
    assert "I don't know" in error('"list"').message
    assert "never closed" in error('"list').message


def test_parse_error_string_has_message_and_usage() -> None:
    caught = error("done")
    assert str(caught) == f"{caught.message}\n{USAGE['done']}"
    assert isinstance(caught, ValueError)


def test_usage_lines_are_backticked_usage() -> None:
    for key, line in USAGE.items():
        assert line.startswith(f"Usage: `/plan {key}"), key
        assert line.count("`") % 2 == 0, key


# --------------------------------------------------------------------------- robustness

_WORDS = [
    *USAGE,
    "due",
    "owner",
    "until",
    "as",
    "sphere",
    "session",
    "all",
    "friday",
    "in",
    "2",
    "weeks",
    "#12",
    "12",
    "#0",
    "9" * 50,
    "²",
    "10:00",
    "9am",
    "18:00-09:00",
    "2026-02-30",
    "12/18",
    "acme-health:",
    '"Acme Health":',
    '"',
    "“",
    "”",
    "<@U1|maria>",
    "<@W2>",
    "<#C1|general>",
    "<#C2>",
    "<!here>",
    "<https://x.org|x.org>",
    "<mailto:a@b.org>",
    "&amp;",
    "&lt;",
    "<",
    ">",
    "@maria",
    "#policy",
    "on",
    "off",
    "America/Chicago",
    "x" * 250,
    "\u00a0",
    "\n",
]


def test_random_text_only_ever_raises_parse_error() -> None:
    """Whatever people type, the answer is a command or a ParseError, never a stack trace."""
    import random

    chooser = random.Random(20261215)
    for _ in range(3000):
        text = " ".join(chooser.choice(_WORDS) for _ in range(chooser.randint(0, 7)))
        try:
            parse(text, TODAY)
        except ParseError as caught:
            assert caught.message and caught.usage
            assert "\n" not in caught.message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("add Draft a flyer in 2 weeks", AddCmd(None, "Draft a flyer", date(2026, 12, 29), None)),
        ("add Draft a flyer by next friday", AddCmd(None, "Draft a flyer", FRIDAY, None)),
        ("add Draft a flyer next friday", AddCmd(None, "Draft a flyer", FRIDAY, None)),
        ("add Reunión con la junta el viernes", AddCmd(None, "Reunión con la junta", FRIDAY, None)),
        (
            "add Review budget by the end of the month",
            AddCmd(None, "Review budget", date(2026, 12, 31), None),
        ),
        ("add Call Jo tomorrow", AddCmd(None, "Call Jo", date(2026, 12, 16), None)),
        ("add Draft in 3 days owner <@U1>", AddCmd(None, "Draft", FRIDAY, "U1")),
        ("add Draft a flyer due next friday", AddCmd(None, "Draft a flyer", FRIDAY, None)),
        (
            "add Draft a flyer due end of month",
            AddCmd(None, "Draft a flyer", date(2026, 12, 31), None),
        ),
        ("add Draft a flyer due viernes", AddCmd(None, "Draft a flyer", FRIDAY, None)),
    ],
)
def test_add_reads_a_date_phrase_at_the_end_as_the_due_date(text: str, expected: AddCmd) -> None:
    assert parse(text, TODAY) == expected


@pytest.mark.parametrize(
    "text",
    [
        "add Plan Friday",  # a bare weekday may be a name
        "add Go by bus",  # "by" not followed by a date
        'add Work on "in 2 weeks"',  # quoted: the person's words
        "add in 2 weeks",  # nothing else would be left for the title
    ],
)
def test_add_leaves_words_that_are_not_a_date_in_the_title(text: str) -> None:
    command = parse(text, TODAY)
    assert isinstance(command, AddCmd) and command.due is None


def test_a_due_date_without_a_year_just_gone_stays_in_the_past_for_the_refusal() -> None:
    """On Dec 15, "12/1" is two weeks ago (refused by the add rule), not Dec 1 next year."""
    assert parse("add Draft due 12/1", TODAY) == AddCmd(None, "Draft", date(2026, 12, 1), None)
