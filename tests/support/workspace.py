"""Who is in the tests' Slack workspace, and the instant the tests call "now" by default."""

from __future__ import annotations

from datetime import UTC, datetime

SIGNING_SECRET = "test-signing-secret"
TA = "UTA0000001"
TA2 = "UTA0000002"
HEALTH_1 = "UHEALTH001"
HEALTH_2 = "UHEALTH002"
LABOR_1 = "ULABOR0001"
OUTSIDER = "UOUTSIDE01"
#: A Tuesday, 09:00 in Chicago: every test's clock starts here unless it pins another instant.
START = datetime(2026, 12, 1, 15, 0, tzinfo=UTC)
DIGEST_CHANNEL = "C0DIGEST01"
TA_CHANNEL = "C0TATEAM01"
