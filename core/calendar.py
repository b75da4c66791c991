"""The session calendar.

Each session keeps the number it was given when it was added (stored, allocated from the
collaborative's counter), so "session 7" in a nudge, the digest or a resource means the same
session next week even after an earlier one is added, moved or removed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from core.access import require_ta
from core.context import Context
from core.errors import Refusal
from core.i18n import _
from core.time import local_to_utc
from storage.models import Session
from storage.uow import UnitOfWork


@dataclass(frozen=True)
class NumberedSession:
    number: int
    session: Session

    @property
    def starts_at(self) -> datetime:
        return self.session.starts_at


async def numbered_sessions(uow: UnitOfWork, collaborative_id: int) -> list[NumberedSession]:
    """The calendar in time order, each session with its stored number."""
    sessions = await uow.repos.sessions.all(collaborative_id)
    return [NumberedSession(s.number, s) for s in sessions]


async def next_session_number(uow: UnitOfWork, collaborative_id: int) -> int:
    """A number no session of the collaborative has had, from the collaborative's counter."""
    return await uow.repos.collaboratives.next_number(collaborative_id, "next_session_number")


def next_session(sessions: list[NumberedSession], now: datetime) -> NumberedSession | None:
    return next((s for s in sessions if s.starts_at > now), None)


async def add_session(
    uow: UnitOfWork, ctx: Context, day: date, at: time, title: str
) -> NumberedSession:
    require_ta(ctx, "session add")
    title = " ".join(title.split())
    if not title:
        raise Refusal(_("A session needs a title."), "session add")
    if len(title) > 150:
        raise Refusal(_("Keep the session title under 150 characters."), "session add")
    starts_at = local_to_utc(day, at, ctx.tz)
    if await uow.repos.sessions.at(ctx.collaborative.id, starts_at):
        raise Refusal(_("There is already a session at that time."), "session add")
    session = Session(
        collaborative_id=ctx.collaborative.id,
        number=await next_session_number(uow, ctx.collaborative.id),
        starts_at=starts_at,
        title=title,
        created_at=ctx.now,
    )
    await uow.repos.sessions.add(session)
    await uow.commit()
    return NumberedSession(session.number, session)


async def _session(uow: UnitOfWork, ctx: Context, number: int, usage: str) -> Session:
    session = await uow.repos.sessions.by_number(ctx.collaborative.id, number)
    if session is None:
        raise Refusal(
            _("There is no session {number}: `/plan session list` shows them.").format(
                number=number
            ),
            usage,
        )
    return session


@dataclass(frozen=True)
class MovedSession:
    session: Session
    was: datetime


async def move_session(
    uow: UnitOfWork, ctx: Context, number: int, day: date, at: time
) -> MovedSession:
    """A new time, the same number: what people already call it keeps meaning this session."""
    require_ta(ctx, "session move")
    session = await _session(uow, ctx, number, "session move")
    starts_at = local_to_utc(day, at, ctx.tz)
    if session.starts_at == starts_at:
        raise Refusal(
            _("Session {number} is already at that time.").format(number=number), "session move"
        )
    clash = await uow.repos.sessions.at(ctx.collaborative.id, starts_at)
    if clash is not None:
        raise Refusal(
            _("Session {number} is already at that time.").format(number=clash.number),
            "session move",
        )
    was = session.starts_at
    session.starts_at = starts_at
    await uow.commit()
    return MovedSession(session, was)


@dataclass(frozen=True)
class SessionRemoval:
    """What removing a session did, or why it is waiting for the TA's confirmation."""

    number: int
    title: str
    commitments: int
    resources: int
    removed: bool


async def remove_session(
    uow: UnitOfWork, ctx: Context, number: int, confirmed: bool
) -> SessionRemoval:
    """Remove at once when nothing names the session; otherwise only once confirmed, and then
    the commitments and resources stay, with no session. Its number is never given again."""
    require_ta(ctx, "session remove")
    session = await _session(uow, ctx, number, "session remove")
    commitments, resources = await uow.repos.sessions.pointing_at(session.id)
    removal = SessionRemoval(session.number, session.title, commitments, resources, False)
    if (commitments or resources) and not confirmed:
        return removal
    await uow.repos.sessions.remove(session)
    await uow.commit()
    return SessionRemoval(number, removal.title, commitments, resources, True)


async def list_sessions(uow: UnitOfWork, ctx: Context) -> list[NumberedSession]:
    """Open to anyone in the workspace, as the SPEC says: the calendar and links aren't secret."""
    return await numbered_sessions(uow, ctx.collaborative.id)
