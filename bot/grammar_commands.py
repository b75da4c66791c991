"""The typed commands the `/plan` grammar produces (re-exported by :mod:`bot.grammar`).

One frozen dataclass per sub-command, so the service layer pattern-matches on types instead of
re-reading text, and a command is a plain value that tests can compare with ``==``. Roles are not
checked here: the grammar only says what was asked, the service layer decides who may ask it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time
from typing import Literal, TypeAlias

ListScope = Literal["default", "mine", "all", "org"]
DigestMode = Literal["preview", "now"]


@dataclass(frozen=True)
class OrgRef:
    """An organization as the person named it: a lower-cased handle or a full name as typed.

    Which one it is does not matter to the lookup: both are matched case-insensitively against
    the organization's handle and name.
    """

    text: str


@dataclass(frozen=True)
class UserTarget:
    """One person, by Slack user id (``U…`` or ``W…``)."""

    user_id: str


@dataclass(frozen=True)
class AllTarget:
    """Everyone in the collaborative."""


Target: TypeAlias = OrgRef | UserTarget | AllTarget


@dataclass(frozen=True)
class ListCmd:
    """``/plan``, ``/plan list [mine|all|<org>]``; ``org`` is set only when scope is "org"."""

    scope: ListScope
    org: OrgRef | None


@dataclass(frozen=True)
class AddCmd:
    """``/plan add [<org>:] <text> [due <date>] [owner @person]``; owner is a Slack user id."""

    org: OrgRef | None
    title: str
    due: date | None
    owner: str | None
    #: A date typed at the end of the title without ``due`` or a connector ("Call Rosa friday"):
    #: as likely a name as a deadline, so the reply asks instead of guessing.
    maybe_due: MaybeDue | None = None


@dataclass(frozen=True)
class MaybeDue:
    """The words at the end of a title that read as a date, and the date they would mean."""

    words: str
    due: date
    title_without: str


@dataclass(frozen=True)
class OpenAddModalCmd:
    """``/plan add`` with nothing after it: open the modal with the same fields."""


@dataclass(frozen=True)
class DoneCmd:
    """``/plan done #N [note]``."""

    number: int
    note: str | None


@dataclass(frozen=True)
class StatusCmd:
    """``/plan status #N <status> [note]``; status is one of the five canonical spellings."""

    number: int
    status: str
    note: str | None


@dataclass(frozen=True)
class NoteCmd:
    """``/plan note #N <text>``."""

    number: int
    text: str


@dataclass(frozen=True)
class EditCmd:
    """``/plan edit #N``: opens the form that changes title, detail, owner, due date, level."""

    number: int


@dataclass(frozen=True)
class ShowCmd:
    """``/plan show #N``: the whole text of one commitment and its history."""

    number: int


@dataclass(frozen=True)
class AskCmd:
    """``/plan ask <question>``."""

    question: str


@dataclass(frozen=True)
class ResourcesCmd:
    """``/plan resources [tag]``; the tag is lower-case without ``#``."""

    tag: str | None


@dataclass(frozen=True)
class PauseCmd:
    """``/plan pause [until <date>]``; ``until`` None means until ``/plan resume``."""

    until: date | None


@dataclass(frozen=True)
class ResumeCmd:
    """``/plan resume``."""


@dataclass(frozen=True)
class OrgAddCmd:
    """``/plan org add "<name>" [as <handle>] [sphere <sphere>]``; None means derive/unset."""

    name: str
    handle: str | None
    sphere: str | None


@dataclass(frozen=True)
class OrgListCmd:
    """``/plan org list``."""


@dataclass(frozen=True)
class MemberAddCmd:
    """``/plan member add <org> @person [@person ...]``; ids deduplicated, order kept."""

    org: OrgRef
    user_ids: tuple[str, ...]


@dataclass(frozen=True)
class MemberRemoveCmd:
    """``/plan member remove @person``."""

    user_id: str


@dataclass(frozen=True)
class TaAddCmd:
    """``/plan ta add @person``."""

    user_id: str


@dataclass(frozen=True)
class TaRemoveCmd:
    """``/plan ta remove @person``."""

    user_id: str


@dataclass(frozen=True)
class SessionAddCmd:
    """``/plan session add <date> <HH:MM> <title>``; local to the collaborative's zone."""

    day: date
    at: time
    title: str


@dataclass(frozen=True)
class SessionListCmd:
    """``/plan session list``."""


@dataclass(frozen=True)
class SessionMoveCmd:
    """``/plan session move <n> <date> <HH:MM>``; the session keeps its number."""

    number: int
    day: date
    at: time


@dataclass(frozen=True)
class SessionRemoveCmd:
    """``/plan session remove <n>``; ``confirmed`` comes from the confirmation button."""

    number: int
    confirmed: bool = False


@dataclass(frozen=True)
class ResourceRemoveCmd:
    """``/plan resource remove <n>``: out of the library; its shares and opens still count."""

    number: int


@dataclass(frozen=True)
class ResourceAddCmd:
    """``/plan resource add <url> <title> [#tag ...] [session <n>]``."""

    url: str
    title: str
    tags: tuple[str, ...]
    session: int | None


@dataclass(frozen=True)
class ShareCmd:
    """``/plan share <resource-number> <org|@person|all> [now]``; ``now`` skips quiet hours."""

    resource_number: int
    target: Target
    now: bool = False


@dataclass(frozen=True)
class NudgeCmd:
    """``/plan nudge <org|@person|all> [now] [message]``; ``now`` skips quiet hours."""

    target: Target
    message: str | None
    now: bool = False


@dataclass(frozen=True)
class IntroCmd:
    """``/plan intro <org> <org> [message]``."""

    first: OrgRef
    second: OrgRef
    message: str | None


@dataclass(frozen=True)
class DigestCmd:
    """``/plan digest preview|now``."""

    mode: DigestMode


@dataclass(frozen=True)
class SettingsShowCmd:
    """``/plan settings``."""


@dataclass(frozen=True)
class SettingsChannelCmd:
    """``/plan settings channel #channel``: the shared channel for digests."""

    channel_id: str


@dataclass(frozen=True)
class SettingsTaChannelCmd:
    """``/plan settings ta-channel #channel``: where questions and help requests go."""

    channel_id: str


@dataclass(frozen=True)
class SettingsDigestCmd:
    """``/plan settings digest <weekday> <HH:MM>``; weekday 0 is Monday."""

    weekday: int
    at: time


@dataclass(frozen=True)
class SettingsTimezoneCmd:
    """``/plan settings timezone <Area/City>``; tz is the canonical IANA name."""

    tz: str


@dataclass(frozen=True)
class SettingsQuietCmd:
    """``/plan settings quiet <HH:MM>-<HH:MM>``; start == end (``quiet off``) means none."""

    start: time
    end: time


@dataclass(frozen=True)
class SettingsNudgeCmd:
    """``/plan settings nudge <key> <n>``; key is one of NUDGE_KEYS, value 0–60 days."""

    key: str
    value: int


@dataclass(frozen=True)
class SettingsWeekendsCmd:
    """``/plan settings weekends on|off``; allowed True means nudges may go out on weekends."""

    allowed: bool


@dataclass(frozen=True)
class ExportCmd:
    """``/plan export [pseudonymized]``."""

    pseudonymize: bool = False


@dataclass(frozen=True)
class ReportCmd:
    """``/plan report [org|sphere]``: which one it names is decided against the database."""

    target: OrgRef | None


@dataclass(frozen=True)
class HelpCmd:
    """``/plan help [topic]``; topic is a USAGE key or a group such as "org" (lower-case)."""

    topic: str | None


@dataclass(frozen=True)
class CloseCmd:
    """``/plan close``: end the collaborative's rhythm."""


@dataclass(frozen=True)
class ReopenCmd:
    """``/plan reopen``: resume the collaborative's rhythm."""


@dataclass(frozen=True)
class LanguageCmd:
    """``/plan language es|en`` (or ``idioma``): the language the bot writes to this person in."""

    language: str


@dataclass(frozen=True)
class SettingsLanguageCmd:
    """``/plan settings language es|en``: the language of the digest and the TA channel."""

    language: str


from bot.grammar_privacy_commands import (  # noqa: E402 - below the dataclasses it joins
    ForgetMeCmd,
    MemberForgetCmd,
    PrivacyCmd,
    SettingsRetentionCmd,
)

Command: TypeAlias = (
    ListCmd
    | AddCmd
    | OpenAddModalCmd
    | DoneCmd
    | StatusCmd
    | NoteCmd
    | ShowCmd
    | EditCmd
    | AskCmd
    | ResourcesCmd
    | PauseCmd
    | ResumeCmd
    | OrgAddCmd
    | OrgListCmd
    | MemberAddCmd
    | MemberRemoveCmd
    | TaAddCmd
    | TaRemoveCmd
    | SessionAddCmd
    | SessionListCmd
    | SessionMoveCmd
    | SessionRemoveCmd
    | ResourceAddCmd
    | ResourceRemoveCmd
    | ShareCmd
    | NudgeCmd
    | IntroCmd
    | DigestCmd
    | SettingsShowCmd
    | SettingsChannelCmd
    | SettingsTaChannelCmd
    | SettingsDigestCmd
    | SettingsTimezoneCmd
    | SettingsQuietCmd
    | SettingsNudgeCmd
    | SettingsWeekendsCmd
    | ExportCmd
    | ReportCmd
    | HelpCmd
    | CloseCmd
    | ReopenCmd
    | LanguageCmd
    | SettingsLanguageCmd
    | PrivacyCmd
    | ForgetMeCmd
    | MemberForgetCmd
    | SettingsRetentionCmd
)
