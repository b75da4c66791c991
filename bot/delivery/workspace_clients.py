"""Which Web API client speaks for a workspace: the one bot token, or that workspace's install.

With `SLACK_BOT_TOKEN` the deployment serves one workspace and every job uses its one client.
In OAuth mode each workspace has its own bot token in the installation store, and a workspace
that uninstalled the app has none: the jobs ask here per collaborative and skip it when the
answer is None, so nothing is posted (or even tried) with a token Slack revoked.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, runtime_checkable

from slack_sdk.oauth.installation_store.async_installation_store import (
    AsyncInstallationStore,
)
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy import select

from storage.models import Collaborative, Workspace
from storage.uow import UnitOfWorkFactory


@runtime_checkable
class WorkspaceClients(Protocol):
    """The client for a collaborative's (or a team's) workspace, None when it has none."""

    @property
    def per_workspace(self) -> bool:
        """True when the answer differs by workspace (so callers look rows' owners up first)."""
        ...

    async def for_collaborative(self, collaborative_id: int) -> AsyncWebClient | None: ...

    async def for_team(self, team_id: str) -> AsyncWebClient | None: ...


class SingleWorkspace:
    """Token mode: one client for everything (what the jobs always did)."""

    per_workspace = False

    def __init__(self, client: AsyncWebClient) -> None:
        self.client = client

    async def for_collaborative(self, collaborative_id: int) -> AsyncWebClient | None:
        return self.client

    async def for_team(self, team_id: str) -> AsyncWebClient | None:
        return self.client


class InstalledWorkspaces:
    """OAuth mode: each workspace's bot token from the installation store, read each time
    (an uninstall must stop the next run), with one client kept per token so retries and
    connection pools are not rebuilt for every message."""

    per_workspace = True

    def __init__(
        self,
        store: AsyncInstallationStore,
        uow_factory: UnitOfWorkFactory,
        make_client: Callable[[str], AsyncWebClient],
    ) -> None:
        self.store = store
        self.uow_factory = uow_factory
        self.make_client = make_client
        self._clients: dict[str, AsyncWebClient] = {}

    async def team_of(self, collaborative_id: int) -> str | None:
        async with self.uow_factory() as uow:
            team_id = await uow.session.scalar(
                select(Workspace.team_id)
                .join(Collaborative, Collaborative.workspace_id == Workspace.id)
                .where(Collaborative.id == collaborative_id)
            )
        return str(team_id) if team_id else None

    async def for_collaborative(self, collaborative_id: int) -> AsyncWebClient | None:
        team_id = await self.team_of(collaborative_id)
        return await self.for_team(team_id) if team_id else None

    async def for_team(self, team_id: str) -> AsyncWebClient | None:
        bot = await self.store.async_find_bot(enterprise_id=None, team_id=team_id)
        if bot is None or not bot.bot_token:
            return None
        client = self._clients.get(bot.bot_token)
        if client is None:
            client = self._clients[bot.bot_token] = self.make_client(bot.bot_token)
        return client


def as_workspace_clients(clients: AsyncWebClient | WorkspaceClients) -> WorkspaceClients:
    """Callers (and many tests) still hand the jobs one client: that is token mode."""
    if isinstance(clients, AsyncWebClient):
        return SingleWorkspace(clients)
    return clients


class RunClients:
    """One job run's view: each collaborative asked once per run, however many rows it has."""

    def __init__(self, clients: WorkspaceClients) -> None:
        self.clients = clients
        self._by_collaborative: dict[int, AsyncWebClient | None] = {}

    @property
    def per_workspace(self) -> bool:
        return self.clients.per_workspace

    async def for_collaborative(self, collaborative_id: int) -> AsyncWebClient | None:
        if collaborative_id not in self._by_collaborative:
            found = await self.clients.for_collaborative(collaborative_id)
            self._by_collaborative[collaborative_id] = found
        return self._by_collaborative[collaborative_id]

    async def for_team(self, team_id: str) -> AsyncWebClient | None:
        return await self.clients.for_team(team_id)

    def skipped(self) -> set[int]:
        """Collaboratives found with no workspace client in this run."""
        return {cid for cid, client in self._by_collaborative.items() if client is None}
