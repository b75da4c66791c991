"""The demo collaborative the sandbox starts with: a TA team, health and labor organizations.

It is seeded through the same services the `/plan` commands use, acting as a TA provider (and as
each participant for their own updates) at moments in the past, so what the page shows is what a
real collaborative would hold a few weeks in: sessions held, resources handed out, commitments in
every state, one overdue, one due soon, one blocked and waiting for help. Dates are relative to
the sandbox's today, so the demo is always "mid-collaborative" whenever it is started.

The blocked item is not written here: `seed` hands it back, and the launcher has its owner click
"Blocked – need help" on their Home tab and give the reason, so the TA alert in the TA channel
is the one a real block makes and a TA's reply in its thread reaches the participant.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from core.calendar import add_session
from core.commitments import NewCommitment, add_commitment, add_note, set_status
from core.context import Context, Profile, open_context
from core.library import add_resource
from core.preferences import set_digest_channel, set_ta_channel
from core.roster import add_members, add_organization, add_ta
from core.time import local_to_utc
from sandbox.workspace import Workspace
from storage.uow import UnitOfWork, UnitOfWorkFactory

TEAM_ID = "T0SANDBOX"
COLLABORATIVE_NAME = "Lakeshore Healthy Work Collaborative"
DIGEST_CHANNEL = ("C0COLLAB01", "healthy-work")
TA_CHANNEL = ("C0TATEAM01", "ta-team")
GENERAL_CHANNEL = "C0GENERAL"
SESSION_TIME = time(13, 0)
SESSION_WEEKDAY = 3  # Thursday
SESSION_GAP_DAYS = 14


@dataclass(frozen=True)
class DemoPerson:
    """Someone in the demo workspace; `org` is an organization handle, None for the TA team
    and for people not (yet) in any organization."""

    user_id: str
    handle: str
    real_name: str
    tz: str
    org: str | None = None
    #: Slack's locale for the person: Jorge reads Slack in Spanish, so the bot writes to him in it.
    locale: str = "en-US"

    @property
    def display_name(self) -> str:
        return self.real_name.split()[0]


@dataclass(frozen=True)
class DemoOrganization:
    name: str
    handle: str
    sphere: str


TA_PROVIDERS = (
    DemoPerson("U0DANA0001", "dana", "Dana Whitfield", "America/Chicago"),
    DemoPerson("U0MARCUS01", "marcus", "Marcus Bell", "America/Chicago"),
)

ORGANIZATIONS = (
    DemoOrganization("Westside Family Health Center", "westside", "health"),
    DemoOrganization("North Shore Community Clinic", "north-shore", "health"),
    DemoOrganization("Riverbend Public Health District", "riverbend", "health"),
    DemoOrganization("Lakeside Workers' Center", "workers-center", "labor"),
    DemoOrganization("Prairie Domestic Workers Alliance", "domestic-workers", "labor"),
)

PARTICIPANTS = (
    DemoPerson("U0MARIA001", "maria", "Maria Alvarez", "America/Chicago", "westside"),
    DemoPerson("U0SAM00001", "sam", "Sam Okafor", "America/New_York", "westside"),
    DemoPerson("U0PRIYA001", "priya", "Priya Raman", "America/Chicago", "north-shore"),
    DemoPerson("U0BEN00001", "ben", "Ben Carter", "America/Denver", "north-shore"),
    DemoPerson("U0ALICIA01", "alicia", "Alicia Gomez", "America/Chicago", "riverbend"),
    DemoPerson("U0TOM00001", "tom", "Tom Nguyen", "America/Chicago", "riverbend"),
    DemoPerson("U0JORGE001", "jorge", "Jorge Ruiz", "America/Chicago", "workers-center", "es-LA"),
    DemoPerson("U0FATIMA01", "fatima", "Fatima Hassan", "America/Chicago", "workers-center"),
    DemoPerson("U0ROSA0001", "rosa", "Rosa Medina", "America/Chicago", "domestic-workers"),
    DemoPerson("U0KIM00001", "kim", "Kim Tran", "America/Chicago", "domestic-workers"),
    DemoPerson("U0LUIS0001", "luis", "Luis Ortega", "America/New_York", "domestic-workers"),
)

#: In the workspace and the shared channel but in no organization yet: someone `/plan member
#: add` can add, not only move.
NEWCOMERS = (DemoPerson("U0JAMIE001", "jamie", "Jamie Brooks", "America/Chicago"),)

PEOPLE = TA_PROVIDERS + PARTICIPANTS + NEWCOMERS

SESSIONS = (
    "Precarious work and health: what we see",
    "Policy, systems and environment: choosing a lever",
    "Screening and referral across clinics and worker centers",
    "Paid leave, scheduling and the employers we are",
    "Share-out: what moved, what is stuck",
    "Sustaining the work after the collaborative",
)

#: (url, title, tags, session number)
RESOURCES = (
    (
        "https://example.org/healthy-work/precarious-work-primer",
        "Precarious work and health: a primer",
        ("primer",),
        1,
    ),
    (
        "https://example.org/healthy-work/pse-worksheet",
        "PSE change worksheet for action plans",
        ("pse", "worksheet"),
        2,
    ),
    (
        "https://example.org/healthy-work/screening-questions",
        "Screening for work-related social needs: sample questions",
        ("screening",),
        3,
    ),
    (
        "https://example.org/healthy-work/paid-leave-templates",
        "Paid sick leave policy templates",
        ("policy", "leave"),
        4,
    ),
    (
        "https://example.org/healthy-work/referral-agreements",
        "Referral agreements between clinics and worker centers",
        ("partnerships",),
        4,
    ),
    (
        "https://example.org/healthy-work/heat-safety-home-care",
        "Heat safety for home care workers: fact sheet",
        ("heat", "labor"),
        5,
    ),
)


@dataclass(frozen=True)
class Step:
    """A status change or note on a commitment, by its owner, `days_ago` before today."""

    days_ago: int
    status: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class BlockInSlack:
    """A block the launcher makes through Slack (its owner's click and reason), at start-up."""

    user_id: str
    number: int
    reason: str


#: The demo's help request: made through Slack so the TA channel holds its alert.
BLOCKED_REASON = "We need a short training deck in Spanish. Can the TA team help?"


@dataclass(frozen=True)
class DemoCommitment:
    """`due_in` is days from today (negative: past); `session` is where it was made."""

    org: str
    owner: str
    title: str
    session: int
    pse: str | None = None
    due_in: int | None = None
    steps: tuple[Step, ...] = field(default_factory=tuple)


COMMITMENTS = (
    DemoCommitment(
        "westside",
        "maria",
        "Add questions about work schedules and job security to the patient intake form",
        1,
        "systems",
        -10,
        (Step(12, "in-progress"), Step(3, "done", "Live in the EHR since Monday.")),
    ),
    DemoCommitment(
        "westside",
        "maria",
        "Draft a paid sick leave policy for our contracted cleaning staff",
        2,
        "policy",
        2,
        (Step(5, "in-progress", "First draft is with HR."),),
    ),
    DemoCommitment(
        "westside",
        "sam",
        "Meet with Lakeside Workers' Center about referrals for wage theft",
        3,
        "systems",
        -4,
    ),
    DemoCommitment(
        "north-shore",
        "priya",
        "Post a 'know your rights at work' board in the waiting room",
        1,
        "environment",
        None,
        (Step(30, "done"),),
    ),
    DemoCommitment(
        "north-shore",
        "priya",
        "Train front-desk staff to screen for precarious work",
        2,
        "systems",
        12,
        (
            Step(9, "in-progress"),
            Step(0, "blocked", BLOCKED_REASON),
        ),
    ),
    DemoCommitment(
        "north-shore",
        "ben",
        "Survey our own temp and agency staff about scheduling",
        3,
        "policy",
        None,
        (Step(6, "dropped", "The agency contract ended; we'll revisit in the spring."),),
    ),
    DemoCommitment(
        "riverbend",
        "alicia",
        "Add precarious work to the community health needs assessment",
        2,
        "policy",
        20,
    ),
    DemoCommitment(
        "riverbend",
        "tom",
        "Map employers in the district that rely on temp agencies",
        3,
        "systems",
        15,
        (Step(4, "in-progress", "Found 40 so far using the state staffing-agency registry."),),
    ),
    DemoCommitment(
        "workers-center",
        "jorge",
        "Host a health-care navigation night for members",
        2,
        "environment",
        9,
        (Step(8, "in-progress", "Venue booked; two clinics said yes."),),
    ),
    DemoCommitment(
        "workers-center",
        "fatima",
        "Share our wage-theft intake checklist with the health partners",
        3,
        "systems",
        None,
        (Step(6, "done", "Sent to all three clinics."),),
    ),
    DemoCommitment(
        "domestic-workers",
        "rosa",
        "Write a one-page brief on heat safety for home care workers",
        3,
        "policy",
        5,
    ),
    DemoCommitment(
        "domestic-workers",
        "kim",
        "Invite two clinics to our next member meeting",
        4,
        "systems",
        16,
        (Step(1, None, "Westside said yes; still asking North Shore."),),
    ),
)


def by_handle(handle: str) -> DemoPerson:
    return next(p for p in PEOPLE if p.handle == handle)


def populate_workspace(workspace: Workspace) -> None:
    """The people and channels Slack would have: users.info must answer for every one."""
    digest_id, digest_name = DIGEST_CHANNEL
    ta_id, ta_name = TA_CHANNEL
    workspace.add_channel(digest_id, digest_name, members=[p.user_id for p in PEOPLE])
    ta_members = [p.user_id for p in TA_PROVIDERS]
    workspace.add_channel(ta_id, ta_name, is_private=True, members=ta_members)
    for person in PEOPLE:
        workspace.add_user(
            person.user_id,
            person.handle,
            real_name=person.real_name,
            display_name=person.display_name,
            tz=person.tz,
            locale=person.locale,
        )


def session_days(today: date) -> list[date]:
    """Six fortnightly Thursdays, four held and the fifth three to nine days ahead."""
    first_ahead = today + timedelta(days=3)
    fifth = first_ahead + timedelta(days=(SESSION_WEEKDAY - first_ahead.weekday()) % 7)
    return [fifth + timedelta(days=SESSION_GAP_DAYS * (n - 5)) for n in range(1, 7)]


class _Seeder:
    """Opens a context for whoever acts, at the moment they act."""

    def __init__(self, uow_factory: UnitOfWorkFactory, timezone: str, today: date) -> None:
        self.uow_factory = uow_factory
        self.timezone = timezone
        self.tz = ZoneInfo(timezone)
        self.today = today

    def at(self, day: date, hour: int, minute: int = 0) -> datetime:
        return local_to_utc(day, time(hour, minute), self.tz)

    async def context(self, uow: UnitOfWork, user_id: str, now: datetime) -> Context:
        return await open_context(
            uow,
            team_id=TEAM_ID,
            user_id=user_id,
            now=now,
            default_timezone=self.timezone,
            ta_provider_ids=(TA_PROVIDERS[0].user_id,),
        )


def _profile(person: DemoPerson) -> Profile:
    return Profile(
        person.user_id, display_name=person.display_name, timezone=person.tz, locale=person.locale
    )


async def seed(uow_factory: UnitOfWorkFactory, now: datetime, timezone: str) -> list[BlockInSlack]:
    """Write the demo collaborative into an empty database, as of `now`; what is left to do
    through Slack (the blocked item) comes back."""
    today = now.astimezone(ZoneInfo(timezone)).date()
    seeder = _Seeder(uow_factory, timezone, today)
    days = session_days(today)
    lead = TA_PROVIDERS[0]
    start = seeder.at(days[0] - timedelta(days=10), 9)
    async with uow_factory() as uow:
        ctx = await seeder.context(uow, lead.user_id, start)
        ctx.collaborative.name = COLLABORATIVE_NAME
        assert ctx.actor is not None
        ctx.actor.display_name, ctx.actor.timezone = lead.display_name, lead.tz
        uow.session.add(ctx.collaborative)
        await uow.commit()
    async with uow_factory() as uow:
        ctx = await seeder.context(uow, lead.user_id, start)
        for other in TA_PROVIDERS[1:]:
            await add_ta(uow, ctx, other.user_id, _profile(other))
        for org in ORGANIZATIONS:
            await add_organization(uow, ctx, org.name, org.handle, org.sphere)
        for org in ORGANIZATIONS:
            members = [p for p in PARTICIPANTS if p.org == org.handle]
            await add_members(
                uow,
                ctx,
                org.handle,
                [p.user_id for p in members],
                {p.user_id: _profile(p) for p in members},
            )
        for day, title in zip(days, SESSIONS, strict=True):
            await add_session(uow, ctx, day, SESSION_TIME, title)
        await set_digest_channel(uow, ctx, DIGEST_CHANNEL[0])
        await set_ta_channel(uow, ctx, TA_CHANNEL[0])
    for url, title, tags, number in RESOURCES:
        async with uow_factory() as uow:
            when = seeder.at(days[min(number, 4) - 1], 16)
            ctx = await seeder.context(uow, TA_PROVIDERS[number % 2].user_id, when)
            await add_resource(uow, ctx, url, title, tags, number)
    return await _seed_commitments(seeder, days)


async def _seed_commitments(seeder: _Seeder, days: list[date]) -> list[BlockInSlack]:
    in_slack: list[BlockInSlack] = []
    for item in COMMITMENTS:
        owner = by_handle(item.owner)
        made = seeder.at(days[item.session - 1], 15, 30)
        async with seeder.uow_factory() as uow:
            ctx = await seeder.context(uow, owner.user_id, made)
            due = seeder.today + timedelta(days=item.due_in) if item.due_in is not None else None
            commitment = await add_commitment(
                uow, ctx, NewCommitment(title=item.title, due=due, pse_level=item.pse), "command"
            )
            number = commitment.number
        for step in item.steps:
            if step.status == "blocked":
                in_slack.append(BlockInSlack(owner.user_id, number, step.note or ""))
                continue
            when = seeder.at(seeder.today - timedelta(days=step.days_ago), 11, 15)
            async with seeder.uow_factory() as uow:
                ctx = await seeder.context(uow, owner.user_id, when)
                if step.status is not None:
                    await set_status(uow, ctx, number, step.status, step.note, "command")
                elif step.note is not None:
                    await add_note(uow, ctx, number, step.note, "command")
    return in_slack
