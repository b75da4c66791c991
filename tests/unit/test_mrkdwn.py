"""People's text shown in mrkdwn: escaped, and unable to break the formatting around it."""

from __future__ import annotations

from bot.mrkdwn import bold, escape


def test_escape_defuses_pings_and_forged_links() -> None:
    assert escape("<!channel> & <https://evil.example|sign>") == (
        "&lt;!channel&gt; &amp; &lt;https://evil.example|sign&gt;"
    )
    assert escape("&lt;") == "&amp;lt;"  # shown as typed, not decoded


def test_bold_survives_asterisks_in_titles() -> None:
    assert bold("Fix *this* & <that>") == "*Fix ∗this∗ &amp; &lt;that&gt;*"
    assert bold("Plain") == "*Plain*"
