"""Values inside `/plan` text: mentions, numbers, organizations, targets, tags and links.

Each helper reads one token and either returns a typed value or fails with the sub-command's
usage, so sub-command parsers read as a list of what they expect.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from bot.grammar_commands import AllTarget, OrgRef, Target, UserTarget
from bot.grammar_text import Args, Token, decode_entities, one_line
from core.i18n import N_, _

HANDLE_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
HANDLE_MAX = 40
ORG_NAME_MAX = 100
NOTE_MAX = 2000
TAG_MAX = 40
MAX_NUMBER = 2_147_483_647  # fits every database's integer column

_USER_RE = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>")
_CHANNEL_RE = re.compile(r"<#([CG][A-Z0-9]+)(?:\|([^>]*))?>")
_NUMBER_RE = re.compile(r"#?([0-9]+)")
_TAG_RE = re.compile(r"[a-z0-9][a-z0-9_-]*")


def mention_id(raw: str) -> str | None:
    """The user id in raw ``<@U…>`` / ``<@U…|name>`` markup (W ids too), else None."""
    match = _USER_RE.fullmatch(raw)
    return match[1] if match else None


def user_id(token: Token) -> str | None:
    """The user id of a mention token, else None (a quoted phrase is never a mention)."""
    return None if token.quoted else mention_id(token.raw)


def channel_id(token: Token) -> str | None:
    """The channel id in a ``<#C…>`` / ``<#C…|name>`` mention token, else None."""
    match = None if token.quoted else _CHANNEL_RE.fullmatch(token.raw)
    return match[1] if match else None


def not_a_mention(shown: str) -> str:
    """The one-line complaint for something that should have been an @mention."""
    return _(
        "“{typed}” isn't a mention. Pick the person from Slack's @ list so it becomes a link."
    ).format(typed=shown)


def mention(args: Args, missing: str) -> str:
    """Consume exactly one user mention."""
    token = args.next(missing)
    found = user_id(token)
    if found is None:
        args.fail(not_a_mention(token.text))
    return found


def is_number(token: Token) -> bool:
    """Whether a token is shaped like ``#12`` or ``12``."""
    return not token.quoted and _NUMBER_RE.fullmatch(token.raw) is not None


#: What a number names, as people read it in a refusal ("There is no session #0").
THINGS = {"commitment": N_("commitment"), "session": N_("session"), "resource": N_("resource")}


def number_of(args: Args, token: Token, what: str) -> int:
    """``#12`` or ``12`` as a positive int that fits a database column."""
    match = None if token.quoted else _NUMBER_RE.fullmatch(token.raw)
    thing = _(THINGS.get(what, what))
    if match is None:
        args.fail(
            _("“{typed}” isn't a {thing} number. Use its number, like #12.").format(
                typed=token.text, thing=thing
            )
        )
    value = int(match[1]) if len(match[1]) <= 10 else MAX_NUMBER + 1
    if not 1 <= value <= MAX_NUMBER:
        args.fail(
            _("There is no {thing} #{number}; numbers start at 1.").format(
                thing=thing, number=match[1]
            )
        )
    return value


def number(args: Args, missing: str, what: str = "commitment") -> int:
    """Consume a ``#12`` or ``12`` number."""
    return number_of(args, args.next(missing), what)


def org_ref(args: Args, token: Token) -> OrgRef:
    """An organization: a handle (lower-cased) or a full name in double quotes."""
    if token.quoted:
        name = one_line(token.text)
        if not name:
            args.fail(_("The organization's name in quotes is empty."))
        if len(name) > ORG_NAME_MAX:
            args.fail(
                _("An organization's name can be at most {limit} characters.").format(
                    limit=ORG_NAME_MAX
                )
            )
        return OrgRef(name)
    if user_id(token) is not None:
        args.fail(
            _(
                "“{typed}” is a person; name an organization by its handle or its name in quotes."
            ).format(typed=token.text)
        )
    handle = token.raw.lower()
    if not HANDLE_RE.fullmatch(handle) or len(handle) > HANDLE_MAX:
        args.fail(
            _(
                "“{typed}” isn't an organization handle. Use its handle (like acme-health) "
                'or its full name in double quotes (like "Acme Health").'
            ).format(typed=token.text)
        )
    return OrgRef(handle)


def target(args: Args, missing: str) -> Target:
    """``all``, an @mention or an organization."""
    token = args.next(missing)
    if token.is_word("all", "everyone"):
        return AllTarget()
    found = user_id(token)
    if found is not None:
        return UserTarget(found)
    return org_ref(args, token)


def tag_of(token: Token) -> str | None:
    """A ``#tag`` token's tag, lower-case without ``#``; None if the token is not tag-shaped.

    Slack turns ``#word`` into a channel mention when such a channel exists, so a labelled channel
    mention counts as a tag too.
    """
    if token.quoted:
        return None
    match = _CHANNEL_RE.fullmatch(token.raw)
    if match and match[2]:
        return match[2].lower()
    if token.raw.startswith("#") and len(token.raw) > 1:
        return decode_entities(token.raw[1:]).lower()
    return None


def checked_tag(args: Args, tag: str, shown: str) -> str:
    """Fail unless ``tag`` is a simple word (letters, digits, - and _), at most TAG_MAX long."""
    if not _TAG_RE.fullmatch(tag) or len(tag) > TAG_MAX:
        args.fail(
            _("“{typed}” isn't a tag I can use: one word of letters, digits, - or _.").format(
                typed=shown
            )
        )
    return tag


def http_url(args: Args, token: Token) -> tuple[str, str | None]:
    """(url, label) from ``<https://…>``, ``<https://…|label>`` or a bare link; only http(s)."""
    raw, label = token.raw, None
    if raw.startswith("<") and raw.endswith(">"):
        raw, _bar, label_text = raw[1:-1].partition("|")
        label = one_line(decode_entities(label_text)) or None
    url = decode_entities(raw).strip()
    parts = urlsplit(url)
    if token.quoted or parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        args.fail(_("Only http and https links can be shared."))
    return url, label


def limited(args: Args, text: str | None, limit: int, what: str) -> str | None:
    """Fail when free text is longer than its column allows, saying the limit."""
    if text is not None and len(text) > limit:
        args.fail(
            _("{what} can be at most {limit} characters (yours has {length}).").format(
                what=_(what), limit=limit, length=len(text)
            )
        )
    return text
