"""`/plan report [org|sphere]` and `/plan export [pseudonymized]` as the grammar reads them."""

from __future__ import annotations

from datetime import date

import pytest

from bot.grammar import USAGE, ExportCmd, OrgRef, ParseError, ReportCmd, parse

TODAY = date(2026, 12, 1)


def error(text: str) -> ParseError:
    with pytest.raises(ParseError) as caught:
        parse(text, TODAY)
    return caught.value


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("report", ReportCmd(None)),
        ("Report mercy", ReportCmd(OrgRef("mercy"))),
        ("report LABOR", ReportCmd(OrgRef("labor"))),  # sphere or handle: the handler decides
        ('report "Mercy Health Clinic"', ReportCmd(OrgRef("Mercy Health Clinic"))),
        ("export", ExportCmd()),
        ("Export", ExportCmd()),
        ("export pseudonymized", ExportCmd(pseudonymize=True)),
        ("export Pseudonymise", ExportCmd(pseudonymize=True)),
    ],
)
def test_report_and_export_read(text: str, expected: object) -> None:
    assert parse(text, TODAY) == expected


@pytest.mark.parametrize(
    ("text", "message", "key"),
    [
        ("report mercy labor", "Name one organization or sphere", "report"),
        ("report <@U0123ABCD>", "is a person", "report"),
        ("export now", "“now” isn't an export option", "export"),
        ("export pseudonymized now", "`/plan export` takes nothing after it.", "export"),
    ],
)
def test_report_and_export_mistakes_explain_with_usage(text: str, message: str, key: str) -> None:
    caught = error(text)
    assert message in caught.message
    assert caught.usage == USAGE[key]
