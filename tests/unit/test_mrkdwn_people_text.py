"""The one way people's text is neutralized for mrkdwn, and the links a TA's answer keeps."""

from __future__ import annotations

from datetime import date

import pytest

from bot.blocks.commitments import title_mrkdwn
from bot.grammar import ParseError, parse
from bot.mrkdwn import bold, escape, escape_keeping_links


def test_formatting_characters_become_look_alikes() -> None:
    assert escape("*big* _meeting_ ~now~ `code`") == "∗big∗ ˍmeetingˍ ∼now∼ ˋcodeˋ"


def test_a_quote_at_a_line_start_stays_a_character() -> None:
    assert escape("> not a quote\nand > this\n>either") == (
        "\u200b&gt; not a quote\nand &gt; this\n\u200b&gt;either"
    )


def test_bold_and_plain_titles_show_the_same_characters() -> None:
    title = "*big* _meeting_ ~now~"
    assert title_mrkdwn(1, title) == f"*{title_mrkdwn(1, title, strong=False)}*"
    assert bold(title) == "*∗big∗ ˍmeetingˍ ∼now∼*"


def test_a_relayed_answer_keeps_bare_links_clickable() -> None:
    shown = escape_keeping_links("Try https://example.org/a_b?x=1&y=2 today.")
    assert shown == "Try <https://example.org/a_b?x=1&amp;y=2> today."


def test_a_labelled_link_as_decoded_keeps_its_address_clickable() -> None:
    # `<https://x.org/guide|the *guide*>` reaches the bot as "the *guide* (https://x.org/guide)"
    shown = escape_keeping_links("See the *guide* (https://x.org/guide).")
    assert shown == "See the ∗guide∗ (<https://x.org/guide>)."


def test_a_typed_link_markup_forges_no_label_and_pings_nobody() -> None:
    shown = escape_keeping_links("<https://evil.example|bank> <!channel> <@U1> _hi_")
    assert "|bank>" not in shown and "<!channel>" not in shown and "<@U1>" not in shown
    assert shown == ("&lt;<https://evil.example>|bank&gt; &lt;!channel&gt; &lt;@U1&gt; ˍhiˍ")
    assert escape_keeping_links("javascript:alert(1) ftp://x") == "javascript:alert(1) ftp://x"


def test_what_a_person_typed_is_escaped_in_a_refusal_too() -> None:
    """Slack sends typed `<!channel>` as `&lt;!channel&gt;`; quoting it back must not ping."""
    with pytest.raises(ParseError) as caught:
        parse("pause until &lt;!channel&gt; *soon*", date(2026, 12, 15))
    assert caught.value.message.startswith("I couldn't read “&lt;!channel&gt; ∗soon∗” as a date.")
