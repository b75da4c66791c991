"""The tables. Plain SQLAlchemy 2 declarative models; no rules live here."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    Time,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from storage.installations import build_tables as build_installation_tables
from storage.types import UTCDateTime

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Workspace(Base):
    """A Slack workspace (team). Commitment numbers are unique within it."""

    __tablename__ = "workspaces"
    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32), unique=True)
    bot_user_id: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Collaborative(Base):
    """One collaborative per workspace, with the settings a TA provider can change."""

    __tablename__ = "collaboratives"
    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id"), unique=True)
    name: Mapped[str] = mapped_column(String(100), default="Collaborative")
    timezone: Mapped[str] = mapped_column(String(64))
    digest_channel_id: Mapped[str | None] = mapped_column(String(32))
    ta_channel_id: Mapped[str | None] = mapped_column(String(32))
    digest_weekday: Mapped[int] = mapped_column(Integer, default=0)
    digest_time: Mapped[time] = mapped_column(Time, default=time(9, 0))
    quiet_start: Mapped[time | None] = mapped_column(Time, default=time(18, 0))
    quiet_end: Mapped[time | None] = mapped_column(Time, default=time(9, 0))
    skip_weekends: Mapped[bool] = mapped_column(Boolean, default=True)
    checkin_days: Mapped[int] = mapped_column(Integer, default=2)
    checkin_time: Mapped[time] = mapped_column(Time, default=time(10, 0))
    due_soon_days: Mapped[int] = mapped_column(Integer, default=2)
    overdue_repeat_days: Mapped[int] = mapped_column(Integer, default=7)
    stale_days: Mapped[int] = mapped_column(Integer, default=10)
    before_session_days: Mapped[int] = mapped_column(Integer, default=2)
    next_commitment_number: Mapped[int] = mapped_column(Integer, default=1)
    next_resource_number: Mapped[int] = mapped_column(Integer, default=1)
    next_session_number: Mapped[int] = mapped_column(Integer, default=1)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The key of pseudonymized exports' person codes (hex), made by the first one (see 0005).
    pseudonym_secret: Mapped[str | None] = mapped_column(String(64))
    # What the digest and the TA channel's alerts are written in ("en", "es"; see 0007).
    language: Mapped[str] = mapped_column(String(8), default="en", server_default="en")
    # Days people's data is kept after close (NULL: core.retention's default); see 0008.
    retention_days: Mapped[int | None] = mapped_column(Integer)
    purge_notice_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    purged_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Organization(Base):
    __tablename__ = "organizations"
    __table_args__ = (UniqueConstraint("collaborative_id", "handle"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    collaborative_id: Mapped[int] = mapped_column(ForeignKey("collaboratives.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    handle: Mapped[str] = mapped_column(String(40))
    sphere: Mapped[str] = mapped_column(String(16), default="other")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Person(Base):
    """Someone the bot knows: a TA provider, a participant of one organization, or both."""

    __tablename__ = "people"
    __table_args__ = (UniqueConstraint("collaborative_id", "slack_user_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    collaborative_id: Mapped[int] = mapped_column(ForeignKey("collaboratives.id"), index=True)
    slack_user_id: Mapped[str] = mapped_column(String(32))
    display_name: Mapped[str | None] = mapped_column(String(120))
    timezone: Mapped[str | None] = mapped_column(String(64))
    is_ta: Mapped[bool] = mapped_column(Boolean, default=False)
    organization_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id"), index=True)
    paused_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    paused_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Chosen with `/plan language` (None: not chosen), and what Slack's users.info said; the
    # person reads the first, else the second's language, else English (see core.languages).
    language: Mapped[str | None] = mapped_column(String(8))
    slack_locale: Mapped[str | None] = mapped_column(String(16))
    # When the bot first told them what it records (the privacy notice): once per person.
    notice_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Session(Base):
    """An action-learning session on the calendar.

    `number` is allocated once from the collaborative's counter, like commitment numbers, so
    "Session 7" stays session 7 when an earlier session is added, moved or removed.
    """

    __tablename__ = "sessions"
    __table_args__ = (Index("uq_sessions_number", "collaborative_id", "number", unique=True),)
    id: Mapped[int] = mapped_column(primary_key=True)
    collaborative_id: Mapped[int] = mapped_column(ForeignKey("collaboratives.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    title: Mapped[str] = mapped_column(String(150))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Commitment(Base):
    __tablename__ = "commitments"
    __table_args__ = (UniqueConstraint("collaborative_id", "number"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    collaborative_id: Mapped[int] = mapped_column(ForeignKey("collaboratives.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    # Text, not String(200): action steps are paragraphs (TITLE_LIMIT is checked on the way in).
    title: Mapped[str] = mapped_column(Text)
    detail: Mapped[str | None] = mapped_column(Text)
    owner_slack_id: Mapped[str | None] = mapped_column(String(32))
    due: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default="open")
    pse_level: Mapped[str | None] = mapped_column(String(16))
    session_id: Mapped[int | None] = mapped_column(ForeignKey("sessions.id"))
    created_by_slack_id: Mapped[str | None] = mapped_column(String(32))
    snoozed_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class CommitmentUpdate(Base):
    """One change to a commitment: the history evaluators and the digest read."""

    __tablename__ = "commitment_updates"
    id: Mapped[int] = mapped_column(primary_key=True)
    commitment_id: Mapped[int] = mapped_column(ForeignKey("commitments.id"), index=True)
    actor_slack_id: Mapped[str | None] = mapped_column(String(32))
    at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    old_status: Mapped[str | None] = mapped_column(String(16))
    new_status: Mapped[str | None] = mapped_column(String(16))
    note: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(16))
    source_key: Mapped[str | None] = mapped_column(String(128), unique=True)
    # The commitment as it was before a status or snooze change, so Undo can put it all back.
    prior_snoozed_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    prior_updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class Resource(Base):
    __tablename__ = "resources"
    __table_args__ = (UniqueConstraint("collaborative_id", "number"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    collaborative_id: Mapped[int] = mapped_column(ForeignKey("collaboratives.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    url: Mapped[str] = mapped_column(String(2000))
    title: Mapped[str] = mapped_column(String(200))
    tags: Mapped[str] = mapped_column(String(400), default="")
    session_id: Mapped[int | None] = mapped_column(ForeignKey("sessions.id"))
    created_by_slack_id: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # Removed from the library but kept, so past shares and opens still count in the digest.
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class ResourceShare(Base):
    """A resource reaching an organization or a person, so each gets it once unless re-shared."""

    __tablename__ = "resource_shares"
    id: Mapped[int] = mapped_column(primary_key=True)
    resource_id: Mapped[int] = mapped_column(ForeignKey("resources.id"), index=True)
    organization_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id"))
    person_slack_id: Mapped[str | None] = mapped_column(String(32))
    shared_by_slack_id: Mapped[str | None] = mapped_column(String(32))
    reason: Mapped[str] = mapped_column(String(16))
    at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)


class ResourceOpen(Base):
    __tablename__ = "resource_opens"
    id: Mapped[int] = mapped_column(primary_key=True)
    resource_id: Mapped[int] = mapped_column(ForeignKey("resources.id"), index=True)
    person_slack_id: Mapped[str | None] = mapped_column(String(32))
    at: Mapped[datetime] = mapped_column(UTCDateTime())


class OutboxMessage(Base):
    """A message the bot owes someone. The unique key makes planning twice harmless."""

    __tablename__ = "outbox"
    id: Mapped[int] = mapped_column(primary_key=True)
    collaborative_id: Mapped[int] = mapped_column(ForeignKey("collaboratives.id"), index=True)
    dedupe_key: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(24))
    recipient_slack_id: Mapped[str | None] = mapped_column(String(32), index=True)
    channel_id: Mapped[str | None] = mapped_column(String(32))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    status: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    ts: Mapped[str | None] = mapped_column(String(32))
    error: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class PendingReply(Base):
    """A reply in a check-in's thread that could be about several commitments, kept until the
    person answers "which one?" with its number, so what they wrote is not lost (nor a restart
    able to lose it). One per person and thread: a newer unclear reply is added after it (see
    `storage.pending_repo.SEPARATOR`), so all of them are recorded once the number comes."""

    __tablename__ = "pending_replies"
    __table_args__ = (UniqueConstraint("channel_id", "thread_ts", "person_slack_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    collaborative_id: Mapped[int] = mapped_column(ForeignKey("collaboratives.id"), index=True)
    person_slack_id: Mapped[str] = mapped_column(String(32))
    channel_id: Mapped[str] = mapped_column(String(32))
    thread_ts: Mapped[str] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ProcessedEvent(Base):
    """Events API deliveries already handled, keyed by Slack's event id, so retries do nothing."""

    __tablename__ = "processed_events"
    event_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Question(Base):
    __tablename__ = "questions"
    id: Mapped[int] = mapped_column(primary_key=True)
    collaborative_id: Mapped[int] = mapped_column(ForeignKey("collaboratives.id"), index=True)
    asker_slack_id: Mapped[str] = mapped_column(String(32))
    organization_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id"))
    text: Mapped[str] = mapped_column(Text)
    asked_at: Mapped[datetime] = mapped_column(UTCDateTime())
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    answered_by_slack_id: Mapped[str | None] = mapped_column(String(32))


class Digest(Base):
    """One period's digest; the unique period keeps it to a single post however often jobs run."""

    __tablename__ = "digests"
    __table_args__ = (UniqueConstraint("collaborative_id", "period_end"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    collaborative_id: Mapped[int] = mapped_column(ForeignKey("collaboratives.id"), index=True)
    period_start: Mapped[datetime] = mapped_column(UTCDateTime())
    period_end: Mapped[datetime] = mapped_column(UTCDateTime())
    status: Mapped[str] = mapped_column(String(16), default="claimed")
    channel_id: Mapped[str | None] = mapped_column(String(32))
    ts: Mapped[str | None] = mapped_column(String(32))
    posted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class ClockTick(Base):
    """The last tick the leading clock completed, one row per clock name, so every process (web
    ones included, which run no clock) can report it on /healthz."""

    __tablename__ = "clock_ticks"
    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    ticked_at: Mapped[datetime] = mapped_column(UTCDateTime())
    holder: Mapped[str] = mapped_column(String(120))


# slack_sdk's installation and OAuth state tables belong to the schema too (migration 0009).
build_installation_tables(Base.metadata)
