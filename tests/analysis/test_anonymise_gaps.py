"""Pseudonymisation gaps (issue 9, item 11): what the scrubber used to leave in tables and reports.

Two-letter first names, first names shared by members (of two groups), house numbers without a street
and after "nr", phone numbers in spaced groups, spaced plates, lower-case postcodes, and an address
that swallowed the "112" after it. The figures the reports rely on (112, 0900-8844, times) must stay.
"""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.anonymise import Pseudonymiser, pseudonymise_analysis, scrub_series, scrub_text
from tests.reports_support import GROUP_A, GROUP_B, make_analysis, table_text

# ------------------------------------------------------------------------------------------ names


def test_two_letter_first_name_alone_is_replaced() -> None:
    pseudonymiser = Pseudonymiser(["Henk de Vries", "Mo Amrani"])
    for text, expected in [
        ("Mo kijkt bij de schuur", "Lid 02 kijkt bij de schuur"),
        ("mo kijkt, henk belt 112", "Lid 02 kijkt, Lid 01 belt 112"),
        ("Goed gedaan Mo 👏", "Goed gedaan Lid 02 👏"),
        ("@mo kijk even", "@Lid 02 kijk even"),
        ("MO NIET ZELF ERHEEN", "Lid 02 NIET ZELF ERHEEN"),
    ]:
        assert pseudonymiser.anonymise_str(text) == expected
        assert pseudonymiser.anonymise_text(pd.Series([text])).tolist() == [expected]


@pytest.mark.parametrize(
    "text",
    ["Momenteel is het rustig", "moment, ik kijk", "een limo en een ijsje", "Mohammed van de bakker", "demo"],
)
def test_two_letter_first_name_is_not_found_inside_words(text: str) -> None:
    assert Pseudonymiser(["Mo Amrani"]).anonymise_str(text) == text


def test_two_letter_parts_that_are_no_first_name_stay() -> None:
    """Initials, abbreviations, titles, words: "J. de Vries", "BP Henk", "Mw Bos", "Op den Kamp"."""
    pseudonymiser = Pseudonymiser(["J. de Vries", "BP Henk", "Mw Bos", "Op den Kamp", "Jo Visser"])
    for text in [
        "j. kijkt ook",
        "BP is de afkorting van buurtpreventie",
        "mw van nr 3 is thuis",  # "nr 3" aside (scrubbed below): "mw" is no name
        "op de hoek, in de tuin",
        "jo wat een herrie",  # "jo" is a word too: lower case stays
    ]:
        assert pseudonymiser.anonymise_str(text, scrub=False) == text
    assert pseudonymiser.anonymise_str("daar loopt Jo", scrub=False) == "daar loopt Lid 05"


def test_first_name_of_members_of_two_groups_becomes_a_neutral_placeholder() -> None:
    # a Tom in each group, a Bas in each group ("Bas" is also a word: only where it reads as a name)
    pseudonymiser = Pseudonymiser(["Tom Bakker", "Bas Jansen", "Tom Visser", "Bas de Groot", "Anouk Meijer"])
    cases = [
        ("daar loopt Tom", "daar loopt [naam]"),
        ("tom, kijk jij even?", "[naam], kijk jij even?"),
        ("Bas is weg, Anouk belt", "[naam] is weg, Lid 05 belt"),
        ("@bas kijk even", "@[naam] kijk even"),
        ("Tom Bakker en Tom Visser kijken", "Lid 01 en Lid 03 kijken"),  # full names stay exact
        ("de bas van de buren", "de bas van de buren"),  # the word, not a name
    ]
    for text, expected in cases:
        assert pseudonymiser.anonymise_str(text) == expected, text
    texts = pd.Series([text for text, _ in cases], dtype="string")
    assert pseudonymiser.anonymise_text(texts).tolist() == [expected for _, expected in cases]


def test_shared_surname_alone_needs_a_capital_like_any_surname() -> None:
    pseudonymiser = Pseudonymiser(["Piet Groen", "Anna Groen"])
    assert pseudonymiser.anonymise_str("bij mevrouw Groen", scrub=False) == "bij mevrouw [naam]"
    assert pseudonymiser.anonymise_str("het licht is groen", scrub=False) == "het licht is groen"


def test_shared_first_name_in_a_pseudonymised_analysis() -> None:
    """A "Karin" in group B too: "Karin" written alone in either group leaks neither of them."""
    base = make_analysis()
    messages = base.messages
    in_b = messages.index[(messages["group"] == GROUP_B) & (messages["kind"] == "message")][0]
    analysis = make_analysis({int(in_b): "Karin, kom jij ook kijken? Mo is al buiten"})
    pseudonymiser = Pseudonymiser.from_analysis(analysis)
    wider = Pseudonymiser([*pseudonymiser.mapping, "Karin Smit", "Mo Amrani"])  # both groups' members
    done = pseudonymise_analysis(analysis, wider)
    dump = table_text(done.messages) + table_text(done.incidents)
    assert "karin" not in dump and " mo " not in dump
    texts = done.messages["text"].tolist()
    assert "[naam], kom jij ook kijken? Lid 10 is al buiten" in texts
    assert any(t.startswith("[naam], mail me op [e-mail]") for t in texts)  # group A's Karin too


@pytest.mark.parametrize("text", ["mijn tante kreeg een appje", "Oma komt morgen", "meneer van de overkant"])
def test_family_words_and_titles_opening_contact_names_stay_words(text: str) -> None:
    pseudonymiser = Pseudonymiser(["Tante Joyce", "Tante Riek", "Oma Riet", "Meneer Jansen"])
    assert pseudonymiser.anonymise_str(text, scrub=False) == text


# ----------------------------------------------------------------------------------------- scrub


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # house numbers after "nr"/"nummer", with or without a street
        ("Hij staat bij Kerkstraat nr 14", "Hij staat bij [adres]"),
        ("bij Kerkstraat nr. 14a", "bij [adres]"),
        ("Kerkstraat nummer 14 heeft camera's", "[adres] heeft camera's"),
        ("Vannacht is er ingebroken bij nummer 8", "Vannacht is er ingebroken bij [huisnummer]"),
        ("Vannacht is er ingebroken bij nr 4", "Vannacht is er ingebroken bij [huisnummer]"),
        ("de zoon van nr. 14a", "de zoon van [huisnummer]"),
        ("Nu bij nr 17-19. Donkere jas", "Nu bij [huisnummer]. Donkere jas"),
        ("Carol from no. 58", "Carol from [huisnummer]"),
        ("bij Prins Hendrikkade nr 5", "bij [adres]"),
        # phone numbers in spaced or dashed groups
        ("Bel 06 - 12 34 56 78", "Bel [telefoon]"),
        ("Bel 06-1234-5678 of 06 123 456 78", "Bel [telefoon] of [telefoon]"),
        ("Bel 020 - 123 45 67", "Bel [telefoon]"),
        # plates with spaces or dashes (any sidecode)
        ("auto GX 123 B", "auto [kenteken]"),
        ("auto GX - 123 - B", "auto [kenteken]"),
        ("auto 12 KBX 3", "auto [kenteken]"),
        ("auto ZB 12 34 rijdt weg", "auto [kenteken] rijdt weg"),
        ("auto 1 KB 234", "auto [kenteken]"),
        ("auto 12-ABC-3", "auto [kenteken]"),
        ("auto GX-123-B", "auto [kenteken]"),
        ("auto gx-123-b", "auto [kenteken]"),
        ("Kenteken begon met 4-TX. Richting snelweg", "Kenteken begon met [kenteken]. Richting snelweg"),
        # lower-case postcodes
        ("postcode 1234 ab", "postcode [postcode]"),
        ("postcode 1234ab", "postcode [postcode]"),
        ("postcode 1234 Ab", "postcode [postcode]"),
    ],
)
def test_scrub_gaps_are_closed(text: str, expected: str) -> None:
    assert scrub_text(text) == expected
    assert scrub_series(pd.Series([text], dtype="string")).tolist() == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kerkstraat 14 - 112 gebeld", "[adres] - 112 gebeld"),
        ("Kerkstraat 14 -112 gebeld", "[adres] -112 gebeld"),
        ("Kerkstraat 14-112 gebeld", "[adres]-112 gebeld"),
        ("bij Burgemeester de Withstraat 3 - 112 gebeld", "bij [adres] - 112 gebeld"),
        ("Kerkstraat 14 om 22:40, 0900-8844 gebeld", "[adres] om 22:40, 0900-8844 gebeld"),
        ("Kerkstraat 22:40 man gezien", "Kerkstraat 22:40 man gezien"),
        ("bij nr 6 - 112 gebeld", "bij [huisnummer] - 112 gebeld"),
        ("Kerkstraat 14-2, 112 gebeld", "[adres], 112 gebeld"),
    ],
)
def test_addresses_leave_112_times_and_the_police_number(text: str, expected: str) -> None:
    assert scrub_text(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "112 gebeld om 22:40",
        "Ik bel 112 - ze komen eraan",
        "bel nummer 112",
        "bel nr 112 bij gevaar",
        "bel het nummer 0900-8844",
        "0900 - 8844 gebeld, politie komt",
        "ik bel ff 0900 8844",
        "06-12-2024 22:40 gezien",
        "Op 06-12-2024 om 22.40 uur",
        "het nr is onbekend",
        "welk nummer moet ik bellen?",
        "nr",
        "Wat is het nummer van de wijkagent?",
        "bus nummer 8 rijdt vannacht niet",
        "punt nr 3 van de agenda",
        "stap nr 2: 112 bellen",
        "in 2024 is het rustig gebleven",
        "1500 en nog wat",
        "1000km gereden, 1200 kg",
        "POLITIE IS ER OM 22 40",
        "NU 10 MIN WACHTEN",
        "Audi A4 stationwagen, P2 in de garage",
        "Max 5 minuten, 2 agenten en 3 auto's",
        "twee mannen van 1.80 en 1.90",
        "politie is onderweg",
    ],
)
def test_ordinary_sentences_stay_unchanged(text: str) -> None:
    assert scrub_text(text) == text
    pseudonymiser = Pseudonymiser(["Henk de Vries", "Tom Bakker", "Tom Visser", "Jo Bos"])
    assert pseudonymiser.anonymise_str(text) == text
    assert pseudonymiser.anonymise_text(pd.Series([text], dtype="string")).tolist() == [text]


def test_new_patterns_never_run_from_one_text_into_the_next() -> None:
    texts = [
        "Kerkstraat",
        "nr 14",
        "bel 06 -",
        "12 34 56 78",
        "GX",
        "123 B",
        "GX 123",
        "B",
        "1234",
        "ab",
        "nummer",
        "8",
        "Kerkstraat 14 -",
        "112 gebeld",
        "06-12-2024",
        "22:40",
    ]
    assert scrub_series(pd.Series(texts, dtype="string")).tolist() == [scrub_text(t) for t in texts]


def test_pseudonymised_analysis_has_no_gap_left_and_keeps_the_figures() -> None:
    base = make_analysis()
    in_a = base.messages.index[(base.messages["group"] == GROUP_A) & (base.messages["kind"] == "message")]
    planted = {
        int(in_a[0]): "Verdachte man bij Kerkstraat nr 14 - 112 gebeld om 22:40",
        int(in_a[1]): "Auto GX 123 B staat bij nummer 8, bel 06 - 12 34 56 78",
        int(in_a[2]): "Postcode 1234 ab, 0900-8844 gebeld",
    }
    done = pseudonymise_analysis(make_analysis(planted))
    dump = table_text(done.messages) + table_text(done.incidents)
    for leak in ("kerkstraat", "gx 123 b", "nummer 8", "12 34 56 78", "1234 ab"):
        assert leak not in dump, leak
    texts = done.messages["text"].tolist()
    assert "Verdachte man bij [adres] - 112 gebeld om 22:40" in texts
    assert "Auto [kenteken] staat bij [huisnummer], bel [telefoon]" in texts
    assert "Postcode [postcode], 0900-8844 gebeld" in texts
