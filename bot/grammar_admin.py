"""The TA provider's `/plan` sub-commands: organizations, people, sessions, resources, outreach.

Split from :mod:`bot.grammar` only to keep files small; import from there. The grammar does not
check roles: a participant typing these gets the command object and the service layer refuses.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, time

from bot.grammar_commands import (
    Command,
    DigestCmd,
    IntroCmd,
    MemberAddCmd,
    MemberRemoveCmd,
    NudgeCmd,
    OrgAddCmd,
    OrgListCmd,
    ResourceAddCmd,
    ResourceRemoveCmd,
    SessionAddCmd,
    SessionListCmd,
    SessionMoveCmd,
    SessionRemoveCmd,
    ShareCmd,
    TaAddCmd,
    TaRemoveCmd,
)
from bot.grammar_privacy import MEMBER_FORGET
from bot.grammar_settings import settings
from bot.grammar_text import (
    Args,
    Handler,
    Token,
    group,
    no_arguments,
    one_line,
    plain_text,
    span_text,
)
from bot.grammar_usage import SPHERES
from bot.grammar_values import (
    HANDLE_MAX,
    HANDLE_RE,
    NOTE_MAX,
    ORG_NAME_MAX,
    checked_tag,
    http_url,
    is_number,
    limited,
    mention,
    mention_id,
    not_a_mention,
    number,
    number_of,
    org_ref,
    tag_of,
    target,
    user_id,
)
from core.i18n import N_, _
from core.time import ClockError, DateError, parse_clock, parse_date

SESSION_TITLE_MAX = 150
RESOURCE_TITLE_MAX = 200
_ORG_NAME_EXAMPLE = '`/plan org add "Acme Health"`'


# --------------------------------------------------------------------------- organizations


def _handle(args: Args) -> str:
    """The handle after ``as``: lower-case words joined by single dashes, at most HANDLE_MAX."""
    token = args.next(_("Give the handle after as, like `as acme-health`."))
    handle = "" if token.quoted else token.inner.lower()
    if not HANDLE_RE.fullmatch(handle) or len(handle) > HANDLE_MAX:
        args.fail(
            _(
                "“{typed}” can't be a handle: use lower-case letters and digits joined by "
                "single dashes, at most {limit} characters, like acme-health."
            ).format(typed=token.text, limit=HANDLE_MAX)
        )
    return handle


def _sphere(args: Args) -> str:
    """The sphere after ``sphere``."""
    token = args.next(_("Give the sphere: {spheres}.").format(spheres=", ".join(SPHERES)))
    sphere = "" if token.quoted else token.inner.lower()
    if sphere not in SPHERES:
        args.fail(
            _("“{typed}” isn't a sphere. Use one of {spheres}.").format(
                typed=token.text, spheres=", ".join(SPHERES)
            )
        )
    return sphere


def _org_add(args: Args, today: date) -> Command:
    """``org add "<name>" [as <handle>] [sphere <sphere>]``, options in either order."""
    token = args.next(
        _("Give the organization's name in double quotes, like {example}.").format(
            example=_ORG_NAME_EXAMPLE
        )
    )
    if not token.quoted:
        args.fail(
            _("Put the organization's name in double quotes, like {example}.").format(
                example=_ORG_NAME_EXAMPLE
            )
        )
    name = one_line(token.text)
    if not name:
        args.fail(
            _("The organization's name is empty; try {example}.").format(example=_ORG_NAME_EXAMPLE)
        )
    if len(name) > ORG_NAME_MAX:
        args.fail(
            _("An organization's name can be at most {limit} characters.").format(
                limit=ORG_NAME_MAX
            )
        )
    handle: str | None = None
    sphere: str | None = None
    while (option := args.take()) is not None:
        if option.is_word("as") and handle is None:
            handle = _handle(args)
        elif option.is_word("sphere") and sphere is None:
            sphere = _sphere(args)
        else:
            args.fail(_("I didn't expect “{typed}” there.").format(typed=option.text))
    return OrgAddCmd(name, handle, sphere)


# --------------------------------------------------------------------------- people


def _mentions(args: Args, tokens: list[Token]) -> tuple[str, ...]:
    """User ids from mention tokens (comma-separated ones too), deduplicated in order."""
    found: list[str] = []
    for token in tokens:
        pieces = [token.raw] if token.quoted else [p for p in token.raw.split(",") if p]
        for piece in pieces:
            user = None if token.quoted else mention_id(piece)
            if user is None:
                args.fail(not_a_mention(token.text if token.quoted else plain_text(piece)))
            if user not in found:
                found.append(user)
    return tuple(found)


def _member_add(args: Args, today: date) -> Command:
    """``member add <org> @person [@person ...]``."""
    example = "`/plan member add acme-health @maria @sam`"
    token = args.next(_("Which organization, and who? Like {example}.").format(example=example))
    if user_id(token) is not None:
        args.fail(
            _("Name the organization first, then the people: {example}.").format(example=example)
        )
    org = org_ref(args, token)
    users = _mentions(args, args.remaining())
    if not users:
        args.fail(_("Mention at least one person to add, like {example}.").format(example=example))
    return MemberAddCmd(org, users)


def _single_mention(build: Callable[[str], Command], example: str) -> Handler:
    """A handler for sub-commands taking exactly one @mention."""

    def handler(args: Args, today: date) -> Command:
        user = mention(args, _("Who? Mention them, like `{example}`.").format(example=example))
        if not args.empty():
            args.fail(_("Mention one person at a time, like `{example}`.").format(example=example))
        return build(user)

    return handler


# --------------------------------------------------------------------------- sessions, resources


def _day_and_clock(args: Args, today: date, no_date: str, no_time: str) -> tuple[date, time]:
    """A date then a clock time (``10 am`` may be two words), as session add and move take."""
    day_token = args.next(no_date)
    try:
        day = parse_date(day_token.text, today)
    except DateError as error:
        args.fail(str(error))
    clock_token = args.next(no_time)
    clock_text = clock_token.text
    suffix = args.peek()
    if suffix is not None and suffix.is_word("am", "pm", "a.m.", "p.m."):
        args.take()
        clock_text += suffix.inner
    try:
        at = parse_clock(clock_text)
    except ClockError as error:
        args.fail(str(error))
    return day, at


def _session_add(args: Args, today: date) -> Command:
    """``session add <date> <HH:MM> <title>``."""
    example = "`/plan session add 2026-12-15 10:00 Session 3: Scheduling`"
    day, at = _day_and_clock(
        args,
        today,
        _("Give the date, time and title, like {example}.").format(example=example),
        _("Give the time and title too, like {example}.").format(example=example),
    )
    title = one_line(args.rest_text() or "")
    if not title:
        args.fail(_("Give the session a title, like {example}.").format(example=example))
    if len(title) > SESSION_TITLE_MAX:
        args.fail(
            _("A session title can be at most {limit} characters.").format(limit=SESSION_TITLE_MAX)
        )
    return SessionAddCmd(day, at, title)


def _session_number(args: Args, example: str) -> int:
    return number(
        args,
        _("Which session? Give its number, like `{example}`.").format(example=example),
        "session",
    )


def _session_move(args: Args, today: date) -> Command:
    """``session move <n> <date> <HH:MM>``: a new time, the same number."""
    example = "/plan session move 3 2026-12-16 14:00"
    found = _session_number(args, example)
    day, at = _day_and_clock(
        args,
        today,
        _("Give the new date and time, like `{example}`.").format(example=example),
        _("Give the new time too, like `{example}`.").format(example=example),
    )
    if not args.empty():
        args.fail(
            _("Give only the number, the new date and the time, like `{example}`.").format(
                example=example
            )
        )
    return SessionMoveCmd(found, day, at)


def _session_remove(args: Args, today: date) -> Command:
    """``session remove <n>``; ``confirm`` is what the confirmation button sends back."""
    found = _session_number(args, "/plan session remove 3")
    confirm = args.take()
    if confirm is not None and not confirm.is_word("confirm"):
        args.fail(_("Give only the session's number, like `/plan session remove 3`."))
    args.done()
    return SessionRemoveCmd(found, confirmed=confirm is not None)


def _resource_remove(args: Args, today: date) -> Command:
    """``resource remove <n>``."""
    example = "/plan resource remove 4"
    found = number(
        args,
        _("Which resource? Give its number, like `{example}`.").format(example=example),
        "resource",
    )
    if not args.empty():
        args.fail(_("Remove one resource at a time, like `{example}`.").format(example=example))
    return ResourceRemoveCmd(found)


def _resource_tail(
    args: Args, tokens: list[Token]
) -> tuple[list[Token], tuple[str, ...], int | None]:
    """Peel trailing ``#tag`` words and one ``session <n>`` (in any order) off the title."""
    tags: list[str] = []
    session: int | None = None
    while tokens:
        last = tokens[-1]
        if (
            session is None
            and len(tokens) >= 2
            and tokens[-2].is_word("session")
            and is_number(last)
        ):
            session = number_of(args, last, "session")
            tokens = tokens[:-2]
        elif (tag := tag_of(last)) is not None:
            tags.insert(0, checked_tag(args, tag, last.text))
            tokens = tokens[:-1]
        else:
            break
    return tokens, tuple(dict.fromkeys(tags)), session


def _resource_add(args: Args, today: date) -> Command:
    """``resource add <url> <title> [#tag ...] [session <n>]``."""
    example = "`/plan resource add https://example.org/guide Scheduling guide #scheduling`"
    url, label = http_url(
        args, args.next(_("Give the link and a title, like {example}.").format(example=example))
    )
    tokens, tags, session = _resource_tail(args, args.remaining())
    if tokens:
        title = span_text(args.source, tokens)
    elif label and label not in (url, url.split("://", 1)[-1]):
        title = label
    else:
        args.fail(
            _("Give the resource a title after the link, like {example}.").format(example=example)
        )
    if len(title) > RESOURCE_TITLE_MAX:
        args.fail(
            _("A resource title can be at most {limit} characters.").format(
                limit=RESOURCE_TITLE_MAX
            )
        )
    return ResourceAddCmd(url, title, tags, session)


# --------------------------------------------------------------------------- outreach


def _share(args: Args, today: date) -> Command:
    """``share <resource-number> <org|@person|all> [now]``."""
    found = number(
        args, _("Which resource? Give its number, like `/plan share 3 acme-health`."), "resource"
    )
    to = target(args, _("Share with whom? An organization, an @person or all."))
    now = _now_flag(args)
    if not args.empty():
        args.fail(_('Share with one organization, person or all; quote full names: "Acme Health".'))
    return ShareCmd(found, to, now)


def _now_flag(args: Args) -> bool:
    """Consume an unquoted ``now`` (send even in the recipient's quiet hours or weekend)."""
    token = args.peek()
    if token is not None and token.is_word("now"):
        args.take()
        return True
    return False


def _nudge(args: Args, today: date) -> Command:
    """``nudge <org|@person|all> [now] [message]``; a message starting with the word "now"
    is quoted (``"now is a good time"``)."""
    to = target(args, _("Nudge whom? An organization, an @person or all."))
    now = _now_flag(args)
    return NudgeCmd(to, limited(args, args.rest_text(), NOTE_MAX, N_("A message")), now)


def _intro(args: Args, today: date) -> Command:
    """``intro <org> <org> [message]``; the two must differ."""
    missing = _("Name two organizations, like `/plan intro acme-health local-12`.")
    first = org_ref(args, args.next(missing))
    second = org_ref(args, args.next(missing))
    if first.text.lower() == second.text.lower():
        args.fail(_("Pick two different organizations to introduce."))
    return IntroCmd(first, second, limited(args, args.rest_text(), NOTE_MAX, N_("A message")))


def _digest(args: Args, today: date) -> Command:
    """``digest preview|now``; bare ``digest`` previews, which is harmless (caller only)."""
    token = args.take()
    if token is None:
        return DigestCmd("preview")
    if not token.is_word("preview", "now"):
        args.fail(
            _("“{typed}” isn't a digest option: use preview or now.").format(typed=token.text)
        )
    args.done()
    return DigestCmd("now" if token.is_word("now") else "preview")


ADMIN_COMMANDS: dict[str, Handler] = {
    "org": group("org", {"add": _org_add, "list": no_arguments(OrgListCmd())}),
    "orgs": no_arguments(OrgListCmd()),
    "member": group(
        "member",
        {
            "add": _member_add,
            "remove": _single_mention(MemberRemoveCmd, "/plan member remove @maria"),
            "forget": MEMBER_FORGET,
        },
    ),
    "ta": group(
        "ta",
        {
            "add": _single_mention(TaAddCmd, "/plan ta add @maria"),
            "remove": _single_mention(TaRemoveCmd, "/plan ta remove @maria"),
        },
    ),
    "session": group(
        "session",
        {
            "add": _session_add,
            "list": no_arguments(SessionListCmd()),
            "move": _session_move,
            "remove": _session_remove,
        },
    ),
    "sessions": no_arguments(SessionListCmd()),
    "resource": group("resource", {"add": _resource_add, "remove": _resource_remove}),
    "share": _share,
    "nudge": _nudge,
    "intro": _intro,
    "digest": _digest,
    "settings": settings,
}
