"""What a pseudonymized export replaces, and what it leaves alone."""

from __future__ import annotations

from core.pseudonyms import SOMEONE, Pseudonymizer, code_for

NAMES = {"UMARIA0001": "Maria Lopez", "USAM000001": "Sam Okafor", "USAM000002": "Sam Reyes"}
CODER = Pseudonymizer("secret", NAMES)
MARIA, OKAFOR, REYES = (code_for("secret", uid) for uid in NAMES)


def test_codes_are_stable_per_person_and_depend_on_the_secret() -> None:
    assert CODER.code("UMARIA0001") == MARIA == Pseudonymizer("secret", {}).code("UMARIA0001")
    assert code_for("another", "UMARIA0001") != MARIA
    assert len({MARIA, OKAFOR, REYES}) == 3 and MARIA.startswith("P-")


def test_ids_mentions_and_names_become_codes() -> None:
    text = "<@UMARIA0001|maria> and <@USAM000001> saw UMARIA0001 and W0NEWPERSON1"
    assert CODER.text(text) == (
        f"{MARIA} and {OKAFOR} saw {MARIA} and {code_for('secret', 'W0NEWPERSON1')}"
    )
    assert CODER.text("MARIA LOPEZ told Lopez and Okafor") == f"{MARIA} told {MARIA} and {OKAFOR}"


def test_at_names_become_codes_unless_ambiguous_broadcasts_and_emails_stay() -> None:
    assert CODER.text("@maria and @okafor") == f"{MARIA} and {OKAFOR}"
    assert CODER.text("@sam and @zed") == f"{SOMEONE} and {SOMEONE}"  # two Sams; nobody
    assert CODER.text("@here: write to maria@example.org") == "@here: write to maria@example.org"


def test_ordinary_words_and_uppercase_words_stay() -> None:
    assert CODER.text("Sample the WORKFORCE maria-less UNITED") == (
        "Sample the WORKFORCE maria-less UNITED"
    )


def test_csv_cells_keep_their_quoting_and_formula_guard() -> None:
    text = 'note,actor\n"Maria Lopez, again",UMARIA0001\n\'=1+1,\n'
    assert CODER.csv_text(text) == f'note,actor\n"{MARIA}, again",{MARIA}\n\'=1+1,\n'
