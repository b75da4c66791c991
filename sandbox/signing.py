"""Slack's request signing (`v0`), so the bot under test keeps its verification switched on."""

from __future__ import annotations

import hashlib
import hmac
import time

SIGNATURE_VERSION = "v0"


def signature(signing_secret: str, timestamp: int | str, body: bytes | str) -> str:
    """`v0=` + hex HMAC-SHA256 of `v0:{timestamp}:{body}`, exactly as Slack computes it."""
    raw = body.encode() if isinstance(body, str) else body
    base = f"{SIGNATURE_VERSION}:{timestamp}:".encode() + raw
    digest = hmac.new(signing_secret.encode(), base, hashlib.sha256).hexdigest()
    return f"{SIGNATURE_VERSION}={digest}"


def signed_headers(
    signing_secret: str,
    body: bytes | str,
    *,
    timestamp: int | None = None,
    bad_signature: bool = False,
) -> dict[str, str]:
    """The two headers Slack adds; `timestamp`/`bad_signature` let tests forge stale or bad ones."""
    stamp = int(time.time()) if timestamp is None else timestamp
    sig = signature(signing_secret, stamp, body)
    if bad_signature:
        sig = sig[:-1] + ("0" if sig[-1] != "0" else "1")
    return {"X-Slack-Request-Timestamp": str(stamp), "X-Slack-Signature": sig}
