"""OAuth mode's stand-in and bot, shared by every test here: a stand-in hosting two workspaces
(the same user ids in both) whose consent page sends installers back to this bot."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from sandbox.api import SlackStandIn
from tests.support import FakeClock
from tests.support.harness import BotHarness
from tests.support.oauth import oauth_settings, two_workspaces


@pytest.fixture
async def standin() -> AsyncIterator[SlackStandIn]:
    server = two_workspaces()
    await server.start()
    yield server
    await server.stop()


@pytest.fixture
async def bot(
    standin: SlackStandIn, database_url: str, clock: FakeClock
) -> AsyncIterator[BotHarness]:
    harness = BotHarness(oauth_settings(standin, database_url), clock)
    await harness.start()
    standin.oauth.redirect_uri = f"{harness.url}/slack/oauth_redirect"
    yield harness
    await harness.process.stop()
