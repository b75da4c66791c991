"""Pseudonymized exports: a stable code in place of every Slack user id and name.

Evaluators link rows about one person across files (their commitments, updates, nudges) without
learning who they are. The code is an HMAC of the Slack id under a secret kept in the
collaborative's row, so the same person gets the same code in every file and in every later
export, and the files alone do not lead back to the id (a plain hash would: anyone could hash
the workspace's member list).

The files are rewritten cell by cell after they are built, so every file, present or future, is
covered, free text included: a note that says "<@U024BE7LH> called Maria" loses both.
Names replaced are the ones the bot knows (each person's display name as Slack gave it).
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
import re
import secrets
from collections.abc import Iterable, Mapping

from storage.models import Collaborative
from storage.uow import UnitOfWork

#: A mention as Slack writes it, with or without the name after the bar.
_MENTION = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>")
#: A bare Slack user id: U or W, then capitals and digits with at least one digit.
_BARE_ID = re.compile(r"\b[UW](?=[A-Z0-9]*[0-9])[A-Z0-9]{6,}\b")
#: A named mention as `/plan` stores it ("@sam": Slack's username, which the bot does not keep);
#: not an e-mail address (a word or dot before the @).
_AT_NAME = re.compile(r"(?<![\w.])@(\w[\w.\-]*)")
_BROADCASTS = frozenset({"here", "channel", "everyone"})
#: What an @name nobody can be matched to becomes: it names nobody, and links nobody either.
SOMEONE = "@someone"
#: Parts of a name this short ("Al", "Jo") are left alone: as words they are too common.
_SHORTEST_NAME_PART = 3


def ensure_secret(collaborative: Collaborative) -> str:
    """The collaborative's pseudonym secret, made the first time (the caller commits)."""
    if not collaborative.pseudonym_secret:
        collaborative.pseudonym_secret = secrets.token_hex(32)
    return collaborative.pseudonym_secret


def code_for(secret: str, slack_user_id: str) -> str:
    digest = hmac.new(secret.encode(), slack_user_id.upper().encode(), hashlib.sha256)
    return "P-" + digest.hexdigest()[:10].upper()


class Pseudonymizer:
    """Rewrites text, replacing ids and known names with each person's code."""

    def __init__(self, secret: str, names: Mapping[str, str | None]) -> None:
        """``names``: Slack user id -> display name, for everyone the bot knows."""
        self.secret = secret
        # (text, code, whole name?): whole names match in any case; parts only capitalized, so
        # a person called Will leaves "will" alone.
        patterns: list[tuple[str, str, bool]] = []
        for slack_id, name in names.items():
            code = code_for(secret, slack_id)
            patterns.append((slack_id, code, True))  # known ids, however short
            if not name or not name.strip():
                continue
            patterns.append((name.strip(), code, True))
            patterns += [
                (part, code, False)
                for part in re.split(r"\s+", name.strip())
                if len(part) >= _SHORTEST_NAME_PART and part[:1].isupper()
            ]
        self._handles = _handles(secret, names)
        # The longest first, so "Maria Lopez" goes whole before "Maria" is tried.
        patterns.sort(key=lambda p: -len(p[0]))
        self._names = [
            (re.compile(rf"(?<!\w){re.escape(name)}(?!\w)", re.IGNORECASE if whole else 0), code)
            for name, code, whole in patterns
        ]

    def code(self, slack_user_id: str) -> str:
        return code_for(self.secret, slack_user_id)

    def text(self, value: str) -> str:
        value = _MENTION.sub(lambda m: self.code(m.group(1)), value)
        value = _BARE_ID.sub(lambda m: self.code(m.group(0)), value)
        value = _AT_NAME.sub(self._at_name, value)
        for pattern, code in self._names:
            value = pattern.sub(code, value)
        return value

    def _at_name(self, match: re.Match[str]) -> str:
        handle = match.group(1).lower()
        if handle in _BROADCASTS:
            return match.group(0)
        return self._handles.get(handle) or SOMEONE

    def csv_text(self, text: str) -> str:
        """A CSV file with every cell rewritten (the header too, harmlessly)."""
        rows = csv.reader(io.StringIO(text, newline=""))
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        for row in rows:
            writer.writerow([self.text(cell) for cell in row])
        return buffer.getvalue()

    def files(self, files: Mapping[str, str]) -> dict[str, str]:
        return {name: self.csv_text(text) for name, text in files.items()}


def _handles(secret: str, names: Mapping[str, str | None]) -> dict[str, str | None]:
    """What an "@name" may stand for: a display name (spaces removed) or one word of it, in
    lower case; a word two people share maps to None (ambiguous, so nobody's code)."""
    found: dict[str, str | None] = {}
    for slack_id, name in names.items():
        if not name or not name.strip():
            continue
        code = code_for(secret, slack_id)
        words = name.lower().split()
        for key in {"".join(words), ".".join(words), *words}:
            found[key] = code if found.get(key, code) == code else None
    return found


def pseudonymizer(
    collaborative: Collaborative, people: Iterable[tuple[str, str | None]]
) -> Pseudonymizer:
    """For ``collaborative`` (its secret made if needed) and its people (id, display name)."""
    return Pseudonymizer(ensure_secret(collaborative), dict(people))


async def pseudonymize_files(
    uow: UnitOfWork, collaborative: Collaborative | None, files: Mapping[str, str]
) -> dict[str, str]:
    """The export's files with codes for people; the secret is stored on first use, so the
    next export gives everyone the same code again."""
    if collaborative is None:  # headers only: nobody to hide
        return dict(files)
    people = await uow.repos.people.all(collaborative.id)
    coder = pseudonymizer(collaborative, [(p.slack_user_id, p.display_name) for p in people])
    await uow.commit()
    return coder.files(files)
