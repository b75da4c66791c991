"""The bot under test and the people who talk to it, shared by the fixtures in conftest."""

from __future__ import annotations

from typing import Any

from bot.serve import BotProcess
from config.settings import Settings
from sandbox.api import SlackStandIn
from sandbox.driver import SlackDriver
from tests.support import FakeClock, visible
from tests.support.workspace import SIGNING_SECRET, TA


def bot_settings(standin: SlackStandIn, database_url: str, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "bot_token": standin.bot_token,
        "signing_secret": SIGNING_SECRET,
        "api_url": standin.api_url,
        "database_url": database_url,
        "host": "127.0.0.1",
        "port": 0,
        "ta_provider_ids": (TA,),
        "default_timezone": "America/Chicago",
        "scheduler": False,
    }
    values.update(overrides)
    return Settings(**values)


class BotHarness:
    """The bot under test, restartable on the same database (to show nothing is lost)."""

    def __init__(self, settings: Settings, clock: FakeClock) -> None:
        self.settings = settings
        self.clock = clock
        self.process = BotProcess(settings, clock)

    @property
    def url(self) -> str:
        return self.process.url

    @property
    def runtime(self) -> Any:
        return self.process.runtime

    async def start(self) -> None:
        await self.process.start()

    async def restart(self) -> None:
        port = self.process.port
        await self.process.stop()
        self.process = BotProcess(self.settings, self.clock)
        await self.process.start(port=port)


class Person:
    """Someone in the workspace typing `/plan …`; `plan()` returns what they were shown."""

    def __init__(self, user_id: str, slack: SlackDriver, standin: SlackStandIn) -> None:
        self.user_id = user_id
        self.slack = slack
        self.standin = standin

    async def plan(self, text: str, channel_id: str = "C0GENERAL") -> str:
        replies = await self.plan_replies(text, channel_id)
        return "\n".join(visible(reply) for reply in replies)

    async def plan_replies(
        self, text: str, channel_id: str = "C0GENERAL", count: int = 1
    ) -> list[dict[str, Any]]:
        response = await self.slack.command(self.user_id, text, channel_id=channel_id)
        assert response.status == 200, (response.status, response.body)
        assert "Traceback" not in response.body
        url = response.response_url
        assert url is not None

        def arrived() -> list[dict[str, Any]] | None:
            found = self.standin.responses_to(url)
            return found if len(found) >= count else None

        return await self.standin.wait_for(arrived)
