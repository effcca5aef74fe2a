"""Anonymisation: what leaves the group must not name members or carry numbers, plates or addresses."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.anonymise import Pseudonymiser, pseudonymise_analysis, scrub_series, scrub_text, without_text
from parsers.schema import EXPORTER
from tests.reports_support import (
    ALL_NAMES,
    GROUP_A,
    analyse_sample,
    make_analysis,
    member_identifiers,
    read_sample,
    sample_export_paths,
    table_text,
)


@pytest.mark.parametrize(
    ("text", "placeholder"),
    [
        ("Bel 06-12345678", "[telefoon]"),
        ("Bel 06 12 34 56 78", "[telefoon]"),
        ("Bel 0612345678", "[telefoon]"),
        ("Bel +31 6 12345678", "[telefoon]"),
        ("Bel +31 (0)6-12345678", "[telefoon]"),
        ("Bel 0031612345678", "[telefoon]"),
        ("Bel 020-1234567", "[telefoon]"),
        ("Bel 020 123 45 67", "[telefoon]"),
        ("Bel 0499-123456", "[telefoon]"),
        ("Bel +32 470 12 34 56", "[telefoon]"),
        ("Zie @31612345678", "@[telefoon]"),
        ("Mail j.de.vries+buurt@example.co.uk", "[e-mail]"),
        ("Kenteken 12-ABC-3", "[kenteken]"),
        ("auto XX-99-99", "[kenteken]"),
        ("auto 99-99-XX", "[kenteken]"),
        ("auto 99-XX-99", "[kenteken]"),
        ("auto XX-99-XX", "[kenteken]"),
        ("auto XX-XX-99", "[kenteken]"),
        ("auto 99-XX-XX", "[kenteken]"),
        ("auto 99-xxx-9", "[kenteken]"),
        ("auto 9-XXX-99", "[kenteken]"),
        ("auto AB-123-C", "[kenteken]"),
        ("auto X-999-XX", "[kenteken]"),
        ("auto XXX-99-X", "[kenteken]"),
        ("auto X-99-XXX", "[kenteken]"),
        ("auto 1-AB-234", "[kenteken]"),
        ("auto 123-AB-4", "[kenteken]"),
        ("auto 12ABC3", "[kenteken]"),
        ("auto GXRT45", "[kenteken]"),
        ("kenteken begint met 12-AB", "[kenteken]"),
        ("Postcode 1234 AB", "[postcode]"),
        ("Postcode 1234AB", "[postcode]"),
        ("Hij staat bij Kerkstraat 112", "[adres]"),
        ("bij merelstraat 4a", "[adres]"),
        ("bij Merelstraat 4 A", "[adres]"),
        ("bij Laan van Nieuw Oost-Indië 12", "[adres]"),
        ("bij Burgemeester de Withstraat 3", "[adres]"),
        ("locatie: https://maps.google.com/?q=52.0907,5.1214", "[locatie]"),
    ],
)
def test_scrub_replaces_personal_data(text: str, placeholder: str) -> None:
    scrubbed = scrub_text(text)
    assert placeholder in scrubbed
    assert not re.search(r"\d{3}", scrubbed.replace(placeholder, "")), scrubbed


@pytest.mark.parametrize(
    "text",
    [
        "112 is gebeld",
        "0900-8844 gebeld, politie komt",
        "Op 01-02-2024 12:30 gezien",
        "Politie is onderweg 5 minuten",
        "In 2024 is het rustig gebleven",
        "vergadering 20 januari om 19:30",
        "twee mannen, ongeveer 1.80 lang",
        "ik ben weg",
    ],
)
def test_scrub_keeps_ordinary_text(text: str) -> None:
    assert scrub_text(text) == text


def test_scrub_series_keeps_missing_values_and_order() -> None:
    texts = pd.Series(["bel 06-12345678", None, "niets", "Kerkstraat 1"], dtype="string")
    out = scrub_series(texts)
    assert out.tolist()[0] == "bel [telefoon]"
    assert out.isna().tolist() == [False, True, False, False]
    assert out.tolist()[2:] == ["niets", "[adres]"]


def test_pseudonyms_follow_first_appearance_and_are_stable() -> None:
    analysis = make_analysis()
    first = Pseudonymiser.from_analysis(analysis)
    again = Pseudonymiser.from_analysis(make_analysis())
    assert first.mapping == again.mapping
    # group A's founder appears first in time (both groups start the same minute; A sorts first)
    assert first.pseudonym("Henk de Vries") == "Lid 01"
    assert sorted(first.mapping.values()) == [f"Lid {n:02d}" for n in range(1, len(ALL_NAMES) + 1)]


def test_pseudonymised_tables_contain_no_names_or_numbers() -> None:
    analysis = pseudonymise_analysis(make_analysis())
    for table in ("messages", "incidents", "members", "offtopic_leavers"):
        frame = getattr(analysis, table)
        dump = table_text(frame)
        for name in ALL_NAMES:
            assert name.casefold() not in dump, (table, name)
        assert "12345678" not in dump
        assert "karin@example.nl" not in dump
        assert "12-abc-3" not in dump


def test_same_member_gets_same_pseudonym_in_every_table() -> None:
    original = make_analysis()
    pseudonymiser = Pseudonymiser.from_analysis(original)
    done = pseudonymise_analysis(original, pseudonymiser)
    henk = pseudonymiser.pseudonym("Henk de Vries")
    assert henk in set(done.members["member"])
    assert henk in set(done.incidents["opened_by"])
    assert henk in set(done.messages["author"])
    assert done.messages["text"].str.contains(f"^{henk} heeft", regex=True).any()


def test_first_names_alone_become_a_pseudonym_only_when_unambiguous() -> None:
    pseudonymiser = Pseudonymiser(["Anna de Boer", "Anna Smit", "Fatima El Amrani", "Ben Visser"])
    out = pseudonymiser.anonymise_text(
        pd.Series(["anna kijkt, FATIMA belt", "ik ben buiten met Ben Visser", "Fatimaplein"]), scrub=False
    ).tolist()
    assert out[0] == "[naam] kijkt, Lid 03 belt"  # two members are called Anna: neither pseudonym, no name
    assert out[1] == "ik ben buiten met Lid 04"  # "ben" is a word, the full name is not
    assert out[2] == "Fatimaplein"  # word-bounded


def test_phone_number_members_and_exporter() -> None:
    pseudonymiser = Pseudonymiser(["\u202a+31\u00a06\u00a012345678\u202c", EXPORTER, "Karin Bos"])
    texts = pd.Series(
        ["\u202a+31 6 12345678\u202c heeft de groep verlaten", "You added Karin Bos", "@31612345678 kijk"]
    )
    out = pseudonymiser.anonymise_text(texts).tolist()
    assert out == ["Lid 01 heeft de groep verlaten", "You added Lid 03", "@Lid 01 kijk"]
    assert pseudonymiser.pseudonym(EXPORTER) == "Lid 02"
    assert pseudonymiser.pseudonym("+31 6 12345678") == "Lid 01"


def test_names_scrub_in_reasons_tuples() -> None:
    analysis = make_analysis()
    done = pseudonymise_analysis(analysis)
    reasons = [r for tup in done.messages["reasons"] for r in tup]
    assert reasons and all(isinstance(r, str) for r in reasons)
    assert not any("Henk" in r or "Karin," in r for r in reasons)
    assert done.messages.loc[done.messages["group"] == GROUP_A, "reasons"].map(type).eq(tuple).all()


@pytest.mark.parametrize("path", sample_export_paths(), ids=lambda p: getattr(p, "name", str(p)))
def test_sample_chats_pseudonymised_contain_no_names(path) -> None:
    chat = read_sample(path)
    identifiers = member_identifiers(chat)
    assert identifiers, "a sample export without members tests nothing"
    pseudonymiser = Pseudonymiser.from_messages(chat)
    done = pd.DataFrame(
        {
            "author": pseudonymiser.names(chat["author"]),
            "member": pseudonymiser.names(chat["member"]),
            "text": pseudonymiser.anonymise_text(chat["text"]),
        }
    )
    dump = table_text(done)
    for identifier in identifiers:
        assert identifier not in dump, identifier


@pytest.mark.parametrize("path", sample_export_paths(), ids=lambda p: getattr(p, "name", str(p)))
def test_sample_analyses_pseudonymised_contain_no_names(path) -> None:
    analysis = analyse_sample(path)
    identifiers = member_identifiers(analysis.messages)
    done = pseudonymise_analysis(analysis)
    for table in ("messages", "incidents", "members", "offtopic_leavers"):
        dump = table_text(getattr(done, table))
        for identifier in identifiers:
            assert identifier not in dump, (table, identifier)


def test_email_address_with_a_member_name_is_scrubbed_whole() -> None:
    pseudonymiser = Pseudonymiser(["Karin Bos"])
    out = pseudonymiser.anonymise_text(pd.Series(["Karin, mail karin@example.nl of karin.bos@buurt.nl"]))
    assert out.tolist() == ["Lid 01, mail [e-mail] of [e-mail]"]
    assert pseudonymiser.anonymise_str("karin@example.nl") == "[e-mail]"


def test_series_result_equals_text_by_text_result() -> None:
    """Texts are processed joined together; no pattern may run from one text into the next."""
    texts = [
        "kaart https://maps.google.com/?q=52.09,5.12",
        "Kerkstraat",
        "12 is het",
        "bel 06-",
        "12345678",
        "kenteken",
        "12-AB",
        "mail a@b.nl",
        "1234",
        "AB",
        "+31",
        "6 12345678",
        "",
    ]
    joined = scrub_series(pd.Series(texts, dtype="string")).tolist()
    assert joined == [scrub_text(t) for t in texts]


def test_surnames_alone_with_a_capital_and_common_first_names() -> None:
    pseudonymiser = Pseudonymiser(["Piet Jansen", "Kees Brand", "Jan de Vries", "Anna Jansen-Smit"])
    out = pseudonymiser.anonymise_text(
        pd.Series(["mevrouw Jansen belde, jansen is geen woord", "Brand bij Piet!", "Jan en piet kijken"]),
        scrub=False,
    ).tolist()
    assert out[0] == "mevrouw Lid 01 belde, jansen is geen woord"
    assert out[1] == "Brand bij Lid 01!"  # "brand" (fire) is a word; Kees's surname alone is kept
    assert out[2] == "Lid 03 en Lid 01 kijken"


_WORD_NAMES = ["Henk de Vries", "Bas Visser", "Wil Jansen", "Kees Brand", "Roos van Dijk", "van Leeuwen"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("daar wonen Henk en Bas", "daar wonen Lid 01 en Lid 02"),
        ("daar wonen Lid 08 en Bas", "daar wonen Lid 08 en Lid 02"),
        ("Roos, Bas en Wil kijken", "Lid 05, Lid 02 en Lid 03 kijken"),
        ("ik heb met Wil gesproken", "ik heb met Lid 03 gesproken"),
        ("aanbellen bij Visser", "aanbellen bij Lid 02"),  # a surname alone, capitalised mid-sentence
        ("@bas kijk even", "@Lid 02 kijk even"),  # a mention is a name in any case
        # a first name that is no common sentence opener: a capital at the start still means the person
        ("Bas is weg", "Lid 02 is weg"),
        ("Ben er zo. Bas komt ook", "Ben er zo. Lid 02 komt ook"),
        ("🚨 Bas belt 112", "🚨 Lid 02 belt 112"),
    ],
)
def test_name_words_replaced_where_they_read_as_names(text: str, expected: str) -> None:
    pseudonymiser = Pseudonymiser(_WORD_NAMES)
    assert pseudonymiser.anonymise_str(text, scrub=False) == expected
    assert pseudonymiser.anonymise_text(pd.Series([text]), scrub=False).tolist() == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "de bas van de buren",
        "Ik wil kijken",
        "Wil iemand even kijken?",  # "Wil" opens many sentences: kept there
        "Klaar. Wil iemand kijken?\nWil jij?",
        "Let op: Wil iemand kijken",
        "er staat een roos en een bas",
        "POLITIE IS ONDERWEG, WIL IEMAND KIJKEN",  # capitals only: shouting, not a name
        "Brand bij de buren",  # a surname alone at a sentence start stays a word
        "in de Van Goghstraat",  # name particles are never replaced alone
        "op 5 Mei",
    ],
)
def test_name_words_kept_as_ordinary_words(text: str) -> None:
    pseudonymiser = Pseudonymiser(_WORD_NAMES)
    assert pseudonymiser.anonymise_str(text, scrub=False) == text
    assert pseudonymiser.anonymise_text(pd.Series([text])).tolist() == [text]


def test_a_name_word_of_two_owners_is_hidden_but_points_at_neither() -> None:
    pseudonymiser = Pseudonymiser(["Bas Visser", "Bas de Groot"])
    assert pseudonymiser.anonymise_str("daar wonen Henk en Bas", scrub=False) == "daar wonen Henk en [naam]"


def test_pseudonym_digits_are_not_scrubbed() -> None:
    """Texts with nothing to scrub before names are not scrubbed after: "Lid 03" is no address."""
    pseudonymiser = Pseudonymiser(["Anna de Boer", "Piet Jansen", "Bas Visser"])
    text = "Van Bas gehoord dat het rustig is"
    assert pseudonymiser.anonymise_str(text) == "Van Lid 03 gehoord dat het rustig is"
    assert pseudonymiser.anonymise_text(pd.Series([text, None], dtype="string")).tolist()[0] == (
        "Van Lid 03 gehoord dat het rustig is"
    )


_PIECES = st.sampled_from(
    ["06", "-", " ", "12345678", "+31", "Kerkstraat", "12", "AB", "1234", "@", "a.b", ".nl", "kenteken",
     "maps.google.com/?q=", "52.1,", "5.1", "x", "\n", "Henk", "de", "Vries", "020", "1234567"]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(_PIECES, max_size=8).map("".join), min_size=1, max_size=6))
def test_joined_processing_never_crosses_texts(texts: list[str]) -> None:
    assert scrub_series(pd.Series(texts, dtype="string")).tolist() == [scrub_text(t) for t in texts]
    pseudonymiser = Pseudonymiser(["Henk de Vries", "+31 6 12345678"])
    together = pseudonymiser.anonymise_text(pd.Series(texts, dtype="string")).tolist()
    assert together == [pseudonymiser.anonymise_str(t) for t in texts]
    leak = re.compile(r"(?<![\w+])06[ -]?12345678(?!\d)|(?<!\w)henk\s+de\s+vries(?!\w)")
    assert not any(leak.search(t.casefold()) for t in together)


@pytest.mark.parametrize("path", sample_export_paths(), ids=lambda p: getattr(p, "name", str(p)))
def test_the_figures_only_analysis_has_the_same_pseudonyms_and_no_written_text(path) -> None:
    """``without_text`` (the dashboard's Overzicht with names hidden) names every member as
    ``pseudonymise_analysis`` does, so every count per member is the same, and holds no column of text a
    member wrote: nothing unscrubbed can be shown from it."""
    analysis = analyse_sample(path)
    identifiers = member_identifiers(analysis.messages)
    private, figures = pseudonymise_analysis(analysis), without_text(analysis)
    for table, written in (
        ("messages", {"text", "reasons"}),
        ("incidents", {"opening_text", "outcome"}),
        ("members", set()),
        ("offtopic_leavers", set()),
    ):
        frame = getattr(figures, table)
        assert not written & set(frame.columns), table
        kept = [column for column in getattr(private, table).columns if column not in written]
        pd.testing.assert_frame_equal(frame[kept], getattr(private, table)[kept], obj=table)
        dump = table_text(frame)
        for identifier in identifiers:
            assert identifier not in dump, (table, identifier)
    pd.testing.assert_frame_equal(figures.months, analysis.months)
