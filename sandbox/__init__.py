"""A stand-in for a Slack workspace, so the bot can be run and tested without Slack.

`SlackStandIn` answers the Web API over real HTTP (and Socket Mode); `SlackDriver` plays Slack's
side toward the bot (commands, clicks, modal submissions, events), signed like Slack.
"""

from sandbox.api import SlackStandIn
from sandbox.driver import DriverResponse, SlackDriver
from sandbox.payloads import DriverError
from sandbox.ratelimit import RateLimit, slack_like_limits
from sandbox.state import RecordedCall

__all__ = [
    "DriverError",
    "DriverResponse",
    "RateLimit",
    "RecordedCall",
    "SlackDriver",
    "SlackStandIn",
    "slack_like_limits",
]
