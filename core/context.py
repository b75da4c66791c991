"""Who is asking, in which collaborative, and when: the values every use case starts from."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from storage.models import Collaborative, Person, Workspace
from storage.uow import UnitOfWork


@dataclass(frozen=True)
class Profile:
    """What Slack says about a person (users.info), reduced to what the rules need."""

    user_id: str
    display_name: str | None = None
    timezone: str | None = None
    is_bot: bool = False
    deleted: bool = False
    #: Slack's ``locale`` (``es-ES``, ``en-US``): the language the person reads until they choose.
    locale: str | None = None


@dataclass
class Context:
    collaborative: Collaborative
    actor: Person | None
    user_id: str
    now: datetime

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.collaborative.timezone)

    @property
    def viewer_tz(self) -> ZoneInfo:
        """People see times in their own zone (from Slack); dates they type stay collaborative."""
        zone = self.actor.timezone if self.actor else None
        return ZoneInfo(zone) if zone else self.tz

    @property
    def today(self) -> date:
        """Dates people type ("tomorrow") mean the collaborative's calendar, not UTC's."""
        return self.now.astimezone(self.tz).date()

    @property
    def is_ta(self) -> bool:
        return bool(self.actor and self.actor.is_ta)

    @property
    def organization_id(self) -> int | None:
        return self.actor.organization_id if self.actor else None


#: The team id under which `python -m bot import` files a collaborative when it has no bot token
#: to ask Slack which workspace it serves. The first workspace that uses the bot adopts it.
IMPORT_TEAM_ID = "T_IMPORT"


async def _adopt_import(uow: UnitOfWork, team_id: str) -> Workspace | None:
    """Give the import's placeholder workspace its real team id, if there is one to adopt.

    One deployment serves one workspace, so a roster imported before anyone used `/plan`
    belongs to whoever comes first; creating a second collaborative instead would leave every
    imported organization invisible in Slack.
    """
    if team_id == IMPORT_TEAM_ID:
        return None
    placeholder = await uow.repos.collaboratives.workspace(IMPORT_TEAM_ID)
    if placeholder is None:
        return None
    placeholder.team_id = team_id
    await uow.flush()
    return placeholder


async def ensure_collaborative(
    uow: UnitOfWork, team_id: str, now: datetime, default_timezone: str
) -> tuple[Collaborative, bool]:
    """The workspace's collaborative, created on first contact with the configured defaults
    (or adopted from a command-line import that came first). The flag says something was
    written and needs committing."""
    repos = uow.repos
    known = await repos.collaboratives.for_team(team_id)
    if known is not None:  # every command but the workspace's first
        return known, False
    workspace = await repos.collaboratives.workspace(team_id)
    created = False
    if workspace is None:
        workspace = await _adopt_import(uow, team_id)
        created = workspace is not None
    if workspace is None:
        workspace = Workspace(team_id=team_id, created_at=now)
        await repos.collaboratives.add(workspace)
        created = True
    collaborative = await repos.collaboratives.for_workspace(workspace.id)
    if collaborative is None:
        collaborative = Collaborative(
            workspace_id=workspace.id, timezone=default_timezone, created_at=now
        )
        await repos.collaboratives.add(collaborative)
        created = True
    return collaborative, created


async def bootstrap_ta_providers(
    uow: UnitOfWork,
    collaborative: Collaborative,
    user_ids: Sequence[str],
    now: datetime,
    known: dict[str, Person] | None = None,
) -> bool:
    """Give TA_PROVIDER_IDS the role once; after that `/plan ta add|remove` is the authority.

    `known` holds the people already looked up by Slack id (every command looks its asker up
    together with the TA ids, in one query); the people made here are added to it."""
    if known is None:
        known = await uow.repos.people.by_slack_ids(collaborative.id, user_ids)
    changed = False
    for user_id in user_ids:
        if user_id not in known:
            person = Person(
                collaborative_id=collaborative.id,
                slack_user_id=user_id,
                is_ta=True,
                created_at=now,
            )
            await uow.repos.people.add(person)
            known[user_id] = person
            changed = True
    return changed


async def open_context(
    uow: UnitOfWork,
    *,
    team_id: str,
    user_id: str,
    now: datetime,
    default_timezone: str,
    ta_provider_ids: Sequence[str] = (),
) -> Context:
    collaborative, created = await ensure_collaborative(uow, team_id, now, default_timezone)
    known = await uow.repos.people.by_slack_ids(collaborative.id, [*ta_provider_ids, user_id])
    bootstrapped = await bootstrap_ta_providers(uow, collaborative, ta_provider_ids, now, known)
    if created or bootstrapped:
        await uow.commit(repeatable=True)  # running this again finds them made
    return Context(collaborative=collaborative, actor=known.get(user_id), user_id=user_id, now=now)
