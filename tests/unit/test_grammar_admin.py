"""bot.grammar: the TA provider's `/plan` sub-commands and settings."""

from __future__ import annotations

from datetime import date, time

import pytest

from bot.grammar import (
    GROUP_USAGE,
    USAGE,
    AllTarget,
    DigestCmd,
    IntroCmd,
    MemberAddCmd,
    MemberRemoveCmd,
    NudgeCmd,
    OrgAddCmd,
    OrgListCmd,
    OrgRef,
    ParseError,
    ResourceAddCmd,
    ResourceRemoveCmd,
    SessionAddCmd,
    SessionListCmd,
    SessionMoveCmd,
    SessionRemoveCmd,
    SettingsChannelCmd,
    SettingsDigestCmd,
    SettingsNudgeCmd,
    SettingsQuietCmd,
    SettingsShowCmd,
    SettingsTaChannelCmd,
    SettingsTimezoneCmd,
    SettingsWeekendsCmd,
    ShareCmd,
    TaAddCmd,
    TaRemoveCmd,
    UserTarget,
    parse,
)

TODAY = date(2026, 12, 15)


def p(text: str) -> object:
    return parse(text, TODAY)


def error(text: str, key: str | None = None) -> ParseError:
    with pytest.raises(ParseError) as caught:
        parse(text, TODAY)
    assert "\n" not in caught.value.message
    if key is not None:
        assert caught.value.usage == USAGE[key]
    return caught.value


# --------------------------------------------------------------------------- org


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('org add "Acme Health"', OrgAddCmd("Acme Health", None, None)),
        ("org add “Acme Health”", OrgAddCmd("Acme Health", None, None)),
        ('ORG ADD "Acme Health" as acme', OrgAddCmd("Acme Health", "acme", None)),
        ('org add "Acme Health" as Acme-Health', OrgAddCmd("Acme Health", "acme-health", None)),
        ('org add "Local 12" sphere LABOR', OrgAddCmd("Local 12", None, "labor")),
        (
            'org add "Local 12" sphere labor as local-12',
            OrgAddCmd("Local 12", "local-12", "labor"),
        ),
        (
            'org add "Local 12" as local-12 sphere workforce',
            OrgAddCmd("Local 12", "local-12", "workforce"),
        ),
        ('org add "Fish &amp; Co"', OrgAddCmd("Fish & Co", None, None)),
        ('org add "  Acme   Health "', OrgAddCmd("Acme Health", None, None)),
    ],
)
def test_org_add(text: str, expected: OrgAddCmd) -> None:
    assert p(text) == expected


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("org add", "in double quotes"),
        ("org add Acme Health", "Put the organization's name in double quotes"),
        ('org add "Acme Health', "never closed"),
        ('org add ""', "name is empty"),
        ('org add "Acme" as', "Give the handle after as"),
        ('org add "Acme" as acme_health', "can't be a handle"),
        ('org add "Acme" as acme--health', "can't be a handle"),
        ('org add "Acme" as -acme', "can't be a handle"),
        ('org add "Acme" as "acme"', "can't be a handle"),
        ('org add "Acme" sphere', "Give the sphere"),
        ('org add "Acme" sphere government', "“government” isn't a sphere"),
        ('org add "Acme" as acme as acme2', "I didn't expect “as” there"),
        ('org add "Acme" health', "I didn't expect “health” there"),
    ],
)
def test_org_add_errors(text: str, fragment: str) -> None:
    assert fragment in error(text, "org add").message


def test_org_add_limits() -> None:
    assert p(f'org add "{"n" * 100}"') == OrgAddCmd("n" * 100, None, None)
    assert "at most 100" in error(f'org add "{"n" * 101}"', "org add").message
    assert p(f'org add "A" as {"h" * 40}') == OrgAddCmd("A", "h" * 40, None)
    assert "can't be a handle" in error(f'org add "A" as {"h" * 41}', "org add").message


def test_org_list_and_group_errors() -> None:
    assert p("org list") == OrgListCmd()
    assert p("orgs") == OrgListCmd()
    assert error("org list everything", "org list").message == (
        "`/plan org list` takes nothing after it."
    )
    bare = error("org")
    assert bare.message == "`/plan org` needs one of: add, list."
    assert bare.usage == GROUP_USAGE["org"]
    assert "/plan org add" in bare.usage and "/plan org list" in bare.usage
    assert error("org remove acme").message == "I don't know `/plan org remove`."


# --------------------------------------------------------------------------- members and TA


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("member add acme <@U1|maria>", MemberAddCmd(OrgRef("acme"), ("U1",))),
        ("member add acme <@U1>", MemberAddCmd(OrgRef("acme"), ("U1",))),
        (
            'member add "Acme Health" <@U1|maria> <@W2|sam> <@U1>',
            MemberAddCmd(OrgRef("Acme Health"), ("U1", "W2")),
        ),
        (
            "member add acme <@U1|maria>, <@U2|sam>,<@U3>",
            MemberAddCmd(OrgRef("acme"), ("U1", "U2", "U3")),
        ),
        ("member add acme <@U1|Maria Lopez>", MemberAddCmd(OrgRef("acme"), ("U1",))),
    ],
)
def test_member_add(text: str, expected: MemberAddCmd) -> None:
    assert p(text) == expected


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("member add", "Which organization"),
        ("member add acme", "Mention at least one person"),
        ("member add <@U1> acme", "Name the organization first"),
        ("member add acme <@U1> and <@U2>", "“and” isn't a mention"),
        ("member add acme @maria", "“@maria” isn't a mention"),
        ('member add acme "<@U1>"', "isn't a mention"),
        ("member add acme <#C1|general>", "“#general” isn't a mention"),
    ],
)
def test_member_add_errors(text: str, fragment: str) -> None:
    assert fragment in error(text, "member add").message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("member remove <@U1|maria>", MemberRemoveCmd("U1")),
        ("member remove <@W1>", MemberRemoveCmd("W1")),
        ("ta add <@U2|sam>", TaAddCmd("U2")),
        ("ta add <@U2>", TaAddCmd("U2")),
        ("TA remove <@U2|sam>", TaRemoveCmd("U2")),
    ],
)
def test_single_mention_commands(text: str, expected: object) -> None:
    assert p(text) == expected


@pytest.mark.parametrize(
    ("text", "key", "fragment"),
    [
        ("member remove", "member remove", "Who?"),
        ("member remove maria", "member remove", "“maria” isn't a mention"),
        ("member remove <@U1> <@U2>", "member remove", "one person at a time"),
        ("ta add", "ta add", "Who?"),
        ("ta add @sam", "ta add", "“@sam” isn't a mention"),
        ("ta remove <@U1> please", "ta remove", "one person at a time"),
    ],
)
def test_single_mention_errors(text: str, key: str, fragment: str) -> None:
    assert fragment in error(text, key).message


def test_ta_group_error() -> None:
    assert error("ta").usage == GROUP_USAGE["ta"]
    assert error("member list").usage == GROUP_USAGE["member"]


# --------------------------------------------------------------------------- sessions


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "session add 2026-12-15 10:00 Session 3: Scheduling",
            SessionAddCmd(date(2026, 12, 15), time(10, 0), "Session 3: Scheduling"),
        ),
        (
            "session add 2027-01-12 9:30 Kickoff &amp; goals",
            SessionAddCmd(date(2027, 1, 12), time(9, 30), "Kickoff & goals"),
        ),
        ("session add 1/12 2pm Two", SessionAddCmd(date(2027, 1, 12), time(14, 0), "Two")),
        ("session add 1/12 2 pm Two", SessionAddCmd(date(2027, 1, 12), time(14, 0), "Two")),
        (
            'session add 2026-12-15 10:00 "Quoted title"',
            SessionAddCmd(date(2026, 12, 15), time(10, 0), "Quoted title"),
        ),
    ],
)
def test_session_add(text: str, expected: SessionAddCmd) -> None:
    assert p(text) == expected


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("session add", "Give the date, time and title"),
        ("session add 2026-12-15", "Give the time and title too"),
        ("session add 2026-12-15 10:00", "Give the session a title"),
        ("session add 2026-02-30 10:00 X", "no such date"),
        ("session add someday 10:00 X", "couldn't read “someday” as a date"),
        ("session add 2026-12-15 25:00 X", "couldn't read “25:00” as a time"),
        ("session add 2026-12-15 10:00 " + "t" * 151, "at most 150"),
    ],
)
def test_session_add_errors(text: str, fragment: str) -> None:
    assert fragment in error(text, "session add").message


def test_session_list() -> None:
    assert p("session list") == SessionListCmd()
    assert p("sessions") == SessionListCmd()
    error("session list all", "session list")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("session move 3 2026-12-16 14:00", SessionMoveCmd(3, date(2026, 12, 16), time(14, 0))),
        ("session move #3 12/16 2 pm", SessionMoveCmd(3, date(2026, 12, 16), time(14, 0))),
        ("session remove 3", SessionRemoveCmd(3)),
        ("session remove 3 confirm", SessionRemoveCmd(3, confirmed=True)),
        ("resource remove 4", ResourceRemoveCmd(4)),
        ("resource remove #4", ResourceRemoveCmd(4)),
    ],
)
def test_session_move_and_remove_and_resource_remove(text: str, expected: object) -> None:
    assert p(text) == expected


@pytest.mark.parametrize(
    ("text", "key", "fragment"),
    [
        ("session move", "session move", "Which session? Give its number"),
        ("session move three 2026-12-16 14:00", "session move", "isn't a session number"),
        ("session move 3", "session move", "Give the new date and time"),
        ("session move 3 2026-12-16", "session move", "Give the new time too"),
        ("session move 3 someday 14:00", "session move", "couldn't read “someday” as a date"),
        ("session move 3 2026-12-16 25:00", "session move", "couldn't read “25:00” as a time"),
        ("session move 3 2026-12-16 14:00 now", "session move", "Give only the number"),
        ("session remove", "session remove", "Which session? Give its number"),
        ("session remove 3 4", "session remove", "Give only the session's number"),
        ("session remove 3 confirm now", "session remove", "takes nothing after it"),
        ("resource remove", "resource remove", "Which resource? Give its number"),
        ("resource remove 4 5", "resource remove", "one resource at a time"),
    ],
)
def test_session_move_and_remove_errors(text: str, key: str, fragment: str) -> None:
    assert fragment in error(text, key).message


# --------------------------------------------------------------------------- resources


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "resource add <https://x.org/guide> Scheduling guide",
            ResourceAddCmd("https://x.org/guide", "Scheduling guide", (), None),
        ),
        (
            "resource add <https://x.org/guide|x.org/guide> Guide #Policy #fair-work session 3",
            ResourceAddCmd("https://x.org/guide", "Guide", ("policy", "fair-work"), 3),
        ),
        (
            "resource add <https://x.org/g> Guide session #2 #policy #policy",
            ResourceAddCmd("https://x.org/g", "Guide", ("policy",), 2),
        ),
        (
            "resource add <https://x.org/g> Guide <#C1|scheduling>",
            ResourceAddCmd("https://x.org/g", "Guide", ("scheduling",), None),
        ),
        (
            "resource add <https://x.org/a?b=1&amp;c=2|The A guide>",
            ResourceAddCmd("https://x.org/a?b=1&c=2", "The A guide", (), None),
        ),
        (
            "resource add https://x.org/bare Bare link",
            ResourceAddCmd("https://x.org/bare", "Bare link", (), None),
        ),
        (
            "resource add <http://x.org|x.org> Top #5 tips for &amp; against",
            ResourceAddCmd("http://x.org", "Top #5 tips for & against", (), None),
        ),
        (
            'resource add <https://x.org> "Notes from session 2" #recap',
            ResourceAddCmd("https://x.org", "Notes from session 2", ("recap",), None),
        ),
    ],
)
def test_resource_add(text: str, expected: ResourceAddCmd) -> None:
    assert p(text) == expected


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("resource add", "Give the link and a title"),
        (
            "resource add <mailto:a@b.org|a@b.org> Mail us",
            "Only http and https links can be shared.",
        ),
        ("resource add <ftp://x.org/f> File", "Only http and https links can be shared."),
        ("resource add javascript:alert(1) X", "Only http and https links can be shared."),
        ("resource add x.org Guide", "Only http and https links can be shared."),
        ("resource add <@U1> Guide", "Only http and https links can be shared."),
        ("resource add <https://x.org|x.org>", "Give the resource a title"),
        ("resource add <https://x.org> #policy", "Give the resource a title"),
        ("resource add <https://x.org> Guide #bad!tag", "“#bad!tag” isn't a tag"),
        ("resource add <https://x.org> Guide session 0", "There is no session #0"),
    ],
)
def test_resource_add_errors(text: str, fragment: str) -> None:
    assert fragment in error(text, "resource add").message


def test_resource_title_limit() -> None:
    assert "at most 200" in error("resource add <https://x.org> " + "t" * 201).message


# --------------------------------------------------------------------------- share, nudge, intro


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("share 3 acme-health", ShareCmd(3, OrgRef("acme-health"))),
        ("share #3 all", ShareCmd(3, AllTarget())),
        ("share #3 ALL", ShareCmd(3, AllTarget())),
        ("share 3 everyone", ShareCmd(3, AllTarget())),
        ('share 3 "all"', ShareCmd(3, OrgRef("all"))),
        ("share 3 <@U1|maria>", ShareCmd(3, UserTarget("U1"))),
        ("share 3 <@U1>", ShareCmd(3, UserTarget("U1"))),
        ('share 3 "Acme Health"', ShareCmd(3, OrgRef("Acme Health"))),
    ],
)
def test_share(text: str, expected: ShareCmd) -> None:
    assert p(text) == expected


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("share", "Which resource?"),
        ("share guide acme", "“guide” isn't a resource number"),
        ("share 3", "Share with whom?"),
        ("share 3 Acme Health", "quote full names"),
        ("share 3 <#C1|general>", "isn't an organization handle"),
    ],
)
def test_share_errors(text: str, fragment: str) -> None:
    assert fragment in error(text, "share").message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("nudge acme", NudgeCmd(OrgRef("acme"), None)),
        ("nudge all Session 3 is next week!", NudgeCmd(AllTarget(), "Session 3 is next week!")),
        ("nudge <@U1|maria> How is it going?", NudgeCmd(UserTarget("U1"), "How is it going?")),
        ('nudge "Acme Health" Q&amp;A today', NudgeCmd(OrgRef("Acme Health"), "Q&A today")),
        ("nudge all <!channel> hi", NudgeCmd(AllTarget(), "@channel hi")),
    ],
)
def test_nudge(text: str, expected: NudgeCmd) -> None:
    assert p(text) == expected


def test_nudge_errors() -> None:
    assert "Nudge whom?" in error("nudge", "nudge").message
    assert "at most 2000" in error("nudge all " + "m" * 2001, "nudge").message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("intro acme local-12", IntroCmd(OrgRef("acme"), OrgRef("local-12"), None)),
        (
            'intro "Acme Health" local-12 You both work on scheduling',
            IntroCmd(OrgRef("Acme Health"), OrgRef("local-12"), "You both work on scheduling"),
        ),
    ],
)
def test_intro(text: str, expected: IntroCmd) -> None:
    assert p(text) == expected


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("intro", "Name two organizations"),
        ("intro acme", "Name two organizations"),
        ("intro acme acme", "two different organizations"),
        ('intro "Acme" ACME', "two different organizations"),
        ("intro acme <@U1>", "is a person"),
    ],
)
def test_intro_errors(text: str, fragment: str) -> None:
    assert fragment in error(text, "intro").message


def test_digest() -> None:
    assert p("digest preview") == DigestCmd("preview")
    assert p("digest NOW") == DigestCmd("now")
    assert p("digest") == DigestCmd("preview")
    assert "isn't a digest option" in error("digest later", "digest").message
    assert "takes nothing after it" in error("digest now please", "digest").message


# --------------------------------------------------------------------------- settings


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("settings", SettingsShowCmd()),
        ("settings show", SettingsShowCmd()),
        ("settings channel <#C123|follow-through>", SettingsChannelCmd("C123")),
        ("settings channel <#C123>", SettingsChannelCmd("C123")),
        ("settings ta-channel <#G77|ta-team>", SettingsTaChannelCmd("G77")),
        ("settings ta-channel <#C9>", SettingsTaChannelCmd("C9")),
        ("settings digest monday 09:00", SettingsDigestCmd(0, time(9, 0))),
        ("settings digest Fri 4:30pm", SettingsDigestCmd(4, time(16, 30))),
        ("settings digest mondays at 9 am", SettingsDigestCmd(0, time(9, 0))),
        ("settings timezone America/Chicago", SettingsTimezoneCmd("America/Chicago")),
        ("settings timezone europe/london", SettingsTimezoneCmd("Europe/London")),
        ("settings tz UTC", SettingsTimezoneCmd("UTC")),
        ("settings quiet 18:00-09:00", SettingsQuietCmd(time(18, 0), time(9, 0))),
        ("settings quiet 20:00 - 07:30", SettingsQuietCmd(time(20, 0), time(7, 30))),
        ("settings quiet off", SettingsQuietCmd(time(0, 0), time(0, 0))),
        ("settings nudge checkin-days 2", SettingsNudgeCmd("checkin-days", 2)),
        ("settings nudge due-soon-days 0", SettingsNudgeCmd("due-soon-days", 0)),
        ("settings nudge stale-days 60", SettingsNudgeCmd("stale-days", 60)),
        ("settings nudge before-session-days 3", SettingsNudgeCmd("before-session-days", 3)),
        ("settings nudge check-in 4", SettingsNudgeCmd("checkin-days", 4)),
        ("settings nudge stale 14", SettingsNudgeCmd("stale-days", 14)),
        ("settings weekends on", SettingsWeekendsCmd(True)),
        ("settings weekends OFF", SettingsWeekendsCmd(False)),
    ],
)
def test_settings(text: str, expected: object) -> None:
    assert p(text) == expected


@pytest.mark.parametrize(
    ("text", "key", "fragment"),
    [
        ("settings channel", "settings channel", "Which channel?"),
        ("settings channel general", "settings channel", "isn't a channel mention"),
        ("settings channel #general", "settings channel", "isn't a channel mention"),
        ("settings channel <#C1> <#C2>", "settings channel", "takes nothing after it"),
        ("settings ta-channel <@U1>", "settings ta-channel", "isn't a channel mention"),
        ("settings digest", "settings digest", "Give a weekday and a time"),
        ("settings digest funday 09:00", "settings digest", "as a weekday"),
        ("settings digest monday", "settings digest", "Give the time too"),
        ("settings digest monday 9", "settings digest", "as a time of day"),
        ("settings digest monday 09:00 weekly", "settings digest", "takes nothing after it"),
        ("settings timezone", "settings timezone", "Which time zone?"),
        ("settings timezone Mars/Base", "settings timezone", "don't know the time zone"),
        ("settings timezone Central Time", "settings timezone", "don't know the time zone"),
        ("settings quiet", "settings quiet", "Give the quiet hours"),
        ("settings quiet evenings", "settings quiet", "as quiet hours"),
        ("settings quiet 18:00-25:00", "settings quiet", "as a time of day"),
        ("settings nudge", "settings nudge", "Which nudge?"),
        ("settings nudge overdue-days 3", "settings nudge", "isn't a nudge setting"),
        ("settings nudge stale-days", "settings nudge", "Give a number of days"),
        ("settings nudge stale-days 61", "settings nudge", "from 0 to 60"),
        ("settings nudge stale-days -1", "settings nudge", "from 0 to 60"),
        ("settings nudge stale-days ten", "settings nudge", "from 0 to 60"),
        ("settings weekends", "settings weekends", "Say on or off"),
        ("settings weekends maybe", "settings weekends", "isn't on or off"),
    ],
)
def test_settings_errors(text: str, key: str, fragment: str) -> None:
    assert fragment in error(text, key).message


def test_settings_unknown_key_lists_every_setting() -> None:
    caught = error("settings colour blue")
    assert caught.message == "I don't know `/plan settings colour`."
    assert caught.usage == GROUP_USAGE["settings"]
    for key in ("channel", "ta-channel", "digest", "timezone", "quiet", "nudge", "weekends"):
        assert f"/plan settings {key}" in caught.usage
