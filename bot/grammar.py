"""The `/plan` grammar: Slack command text in, one typed command out.

``parse(text, today)`` returns a frozen dataclass per sub-command (see
:mod:`bot.grammar_commands`) or raises :class:`ParseError` with a one-line explanation and the
usage line of the sub-command concerned. It knows nothing about roles, the database or Slack's
API: it only reads what the person asked, so it can be tested exhaustively and fast.

Split across ``grammar_*`` modules to keep each small: ``grammar_text`` (tokens, Slack markup,
dispatch), ``grammar_values`` (mentions, numbers, orgs, links), ``grammar_usage`` (usage lines),
``grammar_commands`` (the dataclasses), ``grammar_admin`` (TA sub-commands) and
``grammar_settings``. Import everything from here.
"""

from __future__ import annotations

import difflib
from datetime import date

from bot.grammar_admin import ADMIN_COMMANDS
from bot.grammar_commands import (
    AddCmd,
    AllTarget,
    AskCmd,
    CloseCmd,
    Command,
    DigestCmd,
    DoneCmd,
    EditCmd,
    ExportCmd,
    HelpCmd,
    IntroCmd,
    LanguageCmd,
    ListCmd,
    MaybeDue,
    MemberAddCmd,
    MemberRemoveCmd,
    NoteCmd,
    NudgeCmd,
    OpenAddModalCmd,
    OrgAddCmd,
    OrgListCmd,
    OrgRef,
    PauseCmd,
    ReopenCmd,
    ReportCmd,
    ResourceAddCmd,
    ResourceRemoveCmd,
    ResourcesCmd,
    ResumeCmd,
    SessionAddCmd,
    SessionListCmd,
    SessionMoveCmd,
    SessionRemoveCmd,
    SettingsChannelCmd,
    SettingsDigestCmd,
    SettingsLanguageCmd,
    SettingsNudgeCmd,
    SettingsQuietCmd,
    SettingsShowCmd,
    SettingsTaChannelCmd,
    SettingsTimezoneCmd,
    SettingsWeekendsCmd,
    ShareCmd,
    ShowCmd,
    StatusCmd,
    TaAddCmd,
    TaRemoveCmd,
    Target,
    UserTarget,
)
from bot.grammar_language import SPANISH_ALIASES, language
from bot.grammar_privacy import PRIVACY_COMMANDS
from bot.grammar_text import (
    Args,
    Handler,
    ParseError,
    Token,
    no_arguments,
    span_text,
)
from bot.grammar_usage import (
    GROUP_USAGE,
    GROUPS,
    GUIDE_TOPICS,
    HELP_HINT,
    NUDGE_KEYS,
    SPHERES,
    STATUSES,
    USAGE,
)
from bot.grammar_values import (
    HANDLE_RE,
    NOTE_MAX,
    checked_tag,
    limited,
    number,
    org_ref,
    tag_of,
    user_id,
)
from core.i18n import N_, _
from core.time import DateError, parse_date
from core.vocabulary import TITLE_LIMIT

__all__ = [
    "GROUP_USAGE",
    "HELP_HINT",
    "NUDGE_KEYS",
    "SPHERES",
    "STATUSES",
    "TITLE_MAX",
    "USAGE",
    "AddCmd",
    "AllTarget",
    "AskCmd",
    "CloseCmd",
    "Command",
    "DigestCmd",
    "DoneCmd",
    "EditCmd",
    "ExportCmd",
    "HelpCmd",
    "IntroCmd",
    "LanguageCmd",
    "ListCmd",
    "MemberAddCmd",
    "MemberRemoveCmd",
    "NoteCmd",
    "NudgeCmd",
    "OpenAddModalCmd",
    "OrgAddCmd",
    "OrgListCmd",
    "OrgRef",
    "ParseError",
    "PauseCmd",
    "ReopenCmd",
    "ReportCmd",
    "ResourceAddCmd",
    "ResourceRemoveCmd",
    "ResourcesCmd",
    "ResumeCmd",
    "SessionAddCmd",
    "SessionListCmd",
    "SessionMoveCmd",
    "SessionRemoveCmd",
    "SettingsChannelCmd",
    "SettingsDigestCmd",
    "SettingsLanguageCmd",
    "SettingsNudgeCmd",
    "SettingsQuietCmd",
    "SettingsShowCmd",
    "SettingsTaChannelCmd",
    "SettingsTimezoneCmd",
    "SettingsWeekendsCmd",
    "ShareCmd",
    "ShowCmd",
    "StatusCmd",
    "TaAddCmd",
    "TaRemoveCmd",
    "Target",
    "UserTarget",
    "parse",
]

TITLE_MAX = TITLE_LIMIT
_DUE_HINT = N_(
    "If “due” is part of the title, put the title in quotes: "
    '`/plan add "Review what\'s due" due friday`.'
)
_STATUS_WORDS = {status: status for status in STATUSES} | {
    "inprogress": "in-progress",
    "in_progress": "in-progress",
}


# --------------------------------------------------------------------------- list and add


def _list(args: Args, today: date) -> Command:
    """``list``, ``list mine``, ``list all``, ``list <org>``."""
    token = args.take()
    if token is None:
        return ListCmd("default", None)
    if token.is_word("mine", "all"):
        args.done()
        return ListCmd("mine" if token.is_word("mine") else "all", None)
    org = org_ref(args, token)
    if not args.empty():
        args.fail(_('Put a full organization name in double quotes: `/plan list "Acme Health"`.'))
    return ListCmd("org", org)


def _org_prefix(args: Args) -> tuple[OrgRef | None, Args]:
    """Split ``acme-health: …`` or ``"Acme Health": …`` into the org and the rest."""
    first = args.peek()
    if first is None:  # pragma: no cover - the caller checked
        return None, args
    if first.quoted and len(args.tokens) > 1:
        after = args.tokens[1]
        if after.start == first.end and after.raw.startswith(":"):
            return org_ref(args, first), Args(args.source[after.start + 1 :], "add")
    if not first.quoted and first.raw.endswith(":"):
        handle = first.raw[:-1].lower()
        if HANDLE_RE.fullmatch(handle):
            return OrgRef(handle), Args(args.source[first.end :], "add")
    return None, args


def _peel_owner(args: Args, tokens: list[Token]) -> tuple[list[Token], str | None]:
    """Take a trailing ``owner @person`` clause off ``tokens``."""
    if len(tokens) >= 2 and tokens[-2].is_word("owner"):
        found = user_id(tokens[-1])
        if found is not None:
            return tokens[:-2], found
        if tokens[-1].raw.startswith("@"):
            args.fail(
                _(
                    "“{typed}” isn't a mention. After owner, pick the person from "
                    "Slack's @ list so it turns into a link."
                ).format(typed=tokens[-1].text)
            )
    return tokens, None


def _due_date(args: Args, words: list[Token], today: date) -> date:
    """Read the words after ``due`` (an optional ``by``/``on`` first) as a date."""
    if len(words) > 1 and words[0].is_word("by", "on", "para"):
        words = words[1:]
    text = " ".join(token.text for token in words)
    if any(token.is_word("owner") for token in words):
        args.fail(
            _(
                "I couldn't read “{typed}” as a date with an owner: put the person after owner as "
                "an @mention, like `owner @maria`."
            ).format(typed=text)
        )
    try:
        return parse_date(text, today)
    except DateError as error:
        args.fail(f"{error} {_(_DUE_HINT)}")


def _last_due(tokens: list[Token]) -> int | None:
    """Index of the last unquoted ``due`` that has words after it."""
    for index in range(len(tokens) - 2, -1, -1):
        if tokens[index].is_word("due"):
            return index
    return None


#: Words that start a date phrase at the end of a title typed without ``due``: "by friday",
#: "in 2 weeks", "next friday", "end of month", "el viernes", "en 2 semanas", "fin de mes",
#: "pasado mañana". A bare "friday" or "12/20" is left
#: alone: at the end of a title it is as likely a name ("Plan Friday") as a deadline.
_DATE_PHRASE_STARTS = frozenset(
    {"by", "on", "before", "in", "next", "this", "end", "el", "para"}
    | {"en", "dentro", "próximo", "proximo", "fin", "pasado", "a"}  # "en 2 semanas", ...
)
_DATE_CONNECTORS = frozenset({"by", "on", "before", "para", "a"})
_DATE_ALONE = frozenset({"today", "tomorrow", "hoy", "mañana", "manana"})
_LONGEST_DATE_PHRASE = 6  # "by the end of the month"


def _trailing_date(tokens: list[Token], today: date) -> tuple[list[Token], date | None]:
    """Take a date phrase off the end of a title typed without ``due``.

    "/plan add Draft a flyer in 2 weeks" means a due date, and leaving "in 2 weeks" in the title
    with no date would hide the deadline from every nudge and the digest. Only unquoted words are
    read, and at least one word of title always stays.
    """
    for length in range(min(_LONGEST_DATE_PHRASE, len(tokens) - 1), 0, -1):
        phrase = tokens[-length:]
        if any(token.quoted for token in phrase):
            continue
        first = phrase[0].inner.lower()
        if first not in _DATE_PHRASE_STARTS and not (length == 1 and first in _DATE_ALONE):
            continue
        words = phrase[1:] if first in _DATE_CONNECTORS and length > 1 else phrase
        try:
            return tokens[:-length], parse_date(" ".join(t.text for t in words), today)
        except DateError:
            continue
    return tokens, None


def _bare_trailing_date(args: Args, tokens: list[Token], today: date) -> MaybeDue | None:
    """A date at the end of a title with nothing saying it is one ("Call Rosa friday",
    "Send the report 12/20"): the longest such phrase of up to three words, if any."""
    for length in range(min(3, len(tokens) - 1), 0, -1):
        phrase = tokens[-length:]
        if any(token.quoted for token in phrase):
            continue
        if not any(any(c.isalpha() for c in t.inner) or "/" in t.inner for t in phrase):
            continue  # "Call 3 people": a bare number is not a date
        try:
            due = parse_date(" ".join(t.text for t in phrase), today)
        except DateError:
            continue
        return MaybeDue(
            words=" ".join(t.text for t in phrase),
            due=due,
            title_without=span_text(args.source, tokens[:-length]),
        )
    return None


def _add(args: Args, today: date) -> Command:
    """``add [<org>:] <text> [due <date>] [owner @person]``, clauses in either order at the end."""
    if args.empty():
        return OpenAddModalCmd()
    org, args = _org_prefix(args)
    tokens, owner = _peel_owner(args, args.remaining())
    due = None
    index = _last_due(tokens)
    if index is not None:
        words = tokens[index + 1 :]
        if owner is None:
            words, owner = _peel_owner(args, words)
        due = _due_date(args, words, today)
        tokens = tokens[:index]
        if owner is None:
            tokens, owner = _peel_owner(args, tokens)
    else:
        tokens, due = _trailing_date(tokens, today)
    maybe_due = _bare_trailing_date(args, tokens, today) if due is None else None
    title = span_text(args.source, tokens) if tokens else ""
    if not title:
        args.fail(_("Say what the commitment is, like `/plan add Draft the scheduling policy`."))
    if len(title) > TITLE_MAX:
        args.fail(
            _(
                "A commitment can be at most {limit} characters (yours has {length}): "
                "keep the step itself here and add the rest with `/plan note` afterwards."
            ).format(limit=f"{TITLE_MAX:,}", length=f"{len(title):,}")
        )
    return AddCmd(org, title, due, owner, maybe_due)


# --------------------------------------------------------------------------- updates


def _note_text(args: Args, required: str | None = None) -> str | None:
    """The free-text tail of a command, at most NOTE_MAX characters."""
    text = limited(args, args.rest_text(), NOTE_MAX, N_("A note"))
    if text is None and required is not None:
        args.fail(required)
    return text


def _done(args: Args, today: date) -> Command:
    """``done #N [note]``."""
    found = number(args, _("Which commitment? Give its number, like `/plan done #12`."))
    return DoneCmd(found, _note_text(args))


def _status(args: Args, today: date) -> Command:
    """``status #N <status> [note]``; ``in progress`` may be two words."""
    found = number(args, _("Which commitment? Give its number, like `/plan status #12 blocked`."))
    token = args.next(_("Give a status: {statuses}.").format(statuses=", ".join(STATUSES)))
    word = "" if token.quoted else token.inner.lower().rstrip(":,.")
    following = args.peek()
    if word == "in" and following is not None and following.is_word("progress"):
        args.take()
        word = "in-progress"
    status = _STATUS_WORDS.get(word)
    if status is None:
        args.fail(
            _("“{typed}” isn't a status. Use one of {statuses}.").format(
                typed=token.text, statuses=", ".join(STATUSES)
            )
        )
    return StatusCmd(found, status, _note_text(args))


def _note(args: Args, today: date) -> Command:
    """``note #N <text>``."""
    found = number(
        args, _("Which commitment? Give its number, like `/plan note #12 Met the board`.")
    )
    text = _note_text(args, _("Say what to note, like `/plan note #12 Met the board`."))
    return NoteCmd(found, text or "")


def _edit(args: Args, today: date) -> Command:
    """``edit #N``: one number; the changes themselves are made in the form it opens."""
    found = number(args, _("Which commitment? Give its number, like `/plan edit #12`."))
    if not args.empty():
        args.fail(
            _(
                "`/plan edit` takes only the commitment number and opens a form for the changes, "
                "like `/plan edit #12`."
            )
        )
    return EditCmd(found)


def _show(args: Args, today: date) -> Command:
    """``show #N``: one number and nothing else."""
    found = number(args, _("Which commitment? Give its number, like `/plan show #12`."))
    if not args.empty():
        args.fail(_("`/plan show` takes one commitment number, like `/plan show #12`."))
    return ShowCmd(found)


def _ask(args: Args, today: date) -> Command:
    """``ask <question>``."""
    question = limited(args, args.rest_text(), NOTE_MAX, N_("A question"))
    if question is None:
        args.fail(_("What would you like to ask? Like `/plan ask How do we measure PSE change?`."))
    return AskCmd(question)


def _resources(args: Args, today: date) -> Command:
    """``resources [tag]`` (``resources add …`` is read as ``resource add …``)."""
    token = args.take()
    if token is None:
        return ResourcesCmd(None)
    if token.is_word("add") and not args.empty():
        return ADMIN_COMMANDS["resource"](Args(args.source, "resource"), today)
    tag = tag_of(token) or token.text.lower().removeprefix("#")
    args.done()
    return ResourcesCmd(checked_tag(args, tag, token.text))


def _pause(args: Args, today: date) -> Command:
    """``pause``, ``pause until <date>``, ``pause <date>``, ``pause for 2 weeks``."""
    tokens = args.remaining()
    if not tokens:
        return PauseCmd(None)
    words = [token.text for token in tokens]
    if tokens[0].is_word("until", "till", "til"):
        words = words[1:]
    elif tokens[0].is_word("for"):
        words = ["in", *words[1:]]
    if not words:
        args.fail(_("Until when? Like `/plan pause until friday`."))
    try:
        return PauseCmd(parse_date(" ".join(words), today))
    except DateError as error:
        args.fail(str(error))


def _report(args: Args, today: date) -> Command:
    """``report [org|sphere]``: one name, a handle or a sphere, or a full name in quotes."""
    token = args.take()
    if token is None:
        return ReportCmd(None)
    found = org_ref(args, token)
    if not args.empty():
        args.fail(
            _('Name one organization or sphere; quote full names: `/plan report "Acme Health"`.')
        )
    return ReportCmd(found)


_PSEUDONYM_WORDS = ("pseudonymized", "pseudonymised", "pseudonymize", "pseudonymise")


def _export(args: Args, today: date) -> Command:
    """``export [pseudonymized]``: codes instead of Slack ids and names, for researchers."""
    token = args.take()
    if token is None:
        return ExportCmd()
    if not token.is_word(*_PSEUDONYM_WORDS):
        args.fail(
            _("“{typed}” isn't an export option: add pseudonymized, or nothing.").format(
                typed=token.text
            )
        )
    args.done()
    return ExportCmd(pseudonymize=True)


def _help(args: Args, today: date) -> Command:
    """``help [topic]``; the topic must be something there is help on."""
    words = [token.inner.lower() for token in args.remaining()]
    if words[:1] == ["/plan"]:
        words = words[1:]
    topic = " ".join(words)
    if not topic:
        return HelpCmd(None)
    if topic not in USAGE and topic not in GROUPS and topic not in GUIDE_TOPICS:
        args.fail(_("I have no help on “{topic}”.").format(topic=topic))
    return HelpCmd(topic)


_COMMANDS: dict[str, Handler] = {
    "list": _list,
    "add": _add,
    "done": _done,
    "status": _status,
    "note": _note,
    "show": _show,
    "edit": _edit,
    "ask": _ask,
    "resources": _resources,
    "pause": _pause,
    "resume": no_arguments(ResumeCmd()),
    "export": _export,
    "report": _report,
    "close": no_arguments(CloseCmd()),
    "reopen": no_arguments(ReopenCmd()),
    "help": _help,
    "language": language,
    **PRIVACY_COMMANDS,
    **ADMIN_COMMANDS,
}


def _unknown(word: str) -> ParseError:
    """The error for a sub-command nobody has heard of, suggesting a near miss."""
    close = difflib.get_close_matches(word.lower(), list(_COMMANDS), n=1, cutoff=0.7)
    suggestion = (
        " " + _("Did you mean `/plan {command}`?").format(command=close[0]) if close else ""
    )
    return ParseError(
        _("I don't know `/plan {typed}`.").format(typed=word) + suggestion, _(HELP_HINT)
    )


def parse(text: str, today: date) -> Command:
    """Read the text after ``/plan`` (Slack-escaped) into a command.

    ``today`` is the caller's local date, used for relative dates (``friday``, ``in 2 weeks``).
    Raises :class:`ParseError` (message, usage) for every mistake; never anything else.
    """
    top = Args(text, "")
    first = top.peek()
    if first is None:
        return ListCmd("default", None)
    word = first.inner.lower()
    word = SPANISH_ALIASES.get(word, word)
    handler = None if first.quoted else _COMMANDS.get(word)
    if handler is None:
        raise _unknown(first.text)
    return handler(Args(text[first.end :], word), today)
