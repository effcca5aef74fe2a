"""The tagger's contract: output shape, record kinds, profile switches, incident types, normalising."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pyarrow as pa
import pytest

from analysis.lexicon import load_lexicon, number_digits
from analysis.model import INCIDENT_TYPES, LABELS, VIOLATIONS
from analysis.profile import default_profile
from analysis.reasons import label_names
from analysis.tagger import classify_incident_type, tag_messages, tag_texts
from analysis.tagging_columns import CODES, INSIDE_CODES
from analysis.tagging_typos import TypoCorrector, edit_distance_at_most_one
from analysis.text_normalise import normalise, split_sentences


def _chat(rows: list[dict]) -> pd.DataFrame:
    base = {"author": "Karin Bos", "text": "", "kind": "message", "media_type": None}
    frame = pd.DataFrame([{**base, **row} for row in rows])
    frame["text"] = frame["text"].astype("string")
    frame["author"] = frame["author"].astype("string")
    return frame


def _labels(row: pd.Series) -> set[str]:
    return {label for label in LABELS if row[label]}


def test_output_keeps_the_index_and_has_the_contract_columns() -> None:
    chat = _chat([{"text": "112 gebeld"}, {"text": "Bedankt!"}, {"text": "Verdachte man bij nr 4"}])
    chat.index = pd.Index([10, 7, 99])
    tags = tag_messages(chat, default_profile())
    assert list(tags.index) == [10, 7, 99]
    assert list(tags.columns)[:8] == [*LABELS, "violations", "reasons", "topic"]
    hidden = {
        "signal_score",
        "_rules",
        "_concepts",
        "_kind",
        "_closure_sure",
        "_side_issue",
        *(f"_z_{c}" for c in CODES),
        *(f"_zi_{c}" for c in INSIDE_CODES),
    }
    assert set(tags.columns[8:]) == hidden
    for label in LABELS:
        assert tags[label].dtype == bool
    assert all(isinstance(v, tuple) for v in tags["violations"])
    assert all(isinstance(r, tuple) and all(isinstance(x, str) for x in r) for r in tags["reasons"])
    assert tags.loc[10, "alarm"] and tags.loc[99, "signal"]
    assert tags.loc[7, "violations"] == ("offtopic",)


def test_empty_chat_gives_an_empty_frame() -> None:
    tags = tag_messages(_chat([{"text": "x"}]).iloc[:0], default_profile())
    assert len(tags) == 0 and list(tags.columns)[:8] == [*LABELS, "violations", "reasons", "topic"]


def test_system_records_and_deleted_messages_get_nothing() -> None:
    chat = _chat(
        [
            {"kind": "system", "author": None, "text": "Karin heeft 112 gebeld toegevoegd"},
            {"kind": "deleted", "text": "112 gebeld"},
            {"kind": "message", "text": "112 gebeld"},
        ]
    )
    tags = tag_messages(chat, default_profile())
    assert (
        not tags.iloc[0][list(LABELS)].any()
        and tags.iloc[0]["violations"] == ()
        and tags.iloc[0]["reasons"] == ()
    )
    assert not tags.iloc[1][list(LABELS)].any() and tags.iloc[1]["violations"] == ()
    assert tags.iloc[2]["alarm"]


def test_every_violation_is_a_known_code_and_has_a_reason() -> None:
    texts = [
        "pak hem",
        "Kut marokkanen",
        "LET OP nepagenten in de regio, DELEN!!",
        "vannacht ingebroken bij nr 4",
        "👍",
    ]
    tags = tag_texts(texts)
    for _, row in tags.iterrows():
        assert row["violations"], row
        assert set(row["violations"]) <= set(VIOLATIONS)
        for code in row["violations"]:
            assert any(reason.startswith(f"{label_names()[code]}: ") for reason in row["reasons"])


def test_reasons_say_which_sentence_fired() -> None:
    row = tag_texts(["Verdachte man bij de schuur. 112 is gebeld"]).iloc[0]
    alarm = [r for r in row["reasons"] if r.startswith("Alarmeren: ")]
    assert len(alarm) == 1 and "112 is gebeld" in alarm[0]


def test_reasons_name_the_words_that_triggered_them() -> None:
    """A coordinator sees the words that fired, not the whole sentence around them."""
    texts = [
        "Goedemiddag buren, net gezien: 112 is gebeld door de buurvrouw want er liep een man te morrelen",
        "Vannacht om drie uur is er bij de buren in de Lijsterlaan ingebroken, ze namen de fietsen mee",
        "Loos alarm, het was de glazenwasser die zijn ladder tegen de gevel zette bij de buren",
    ]
    reasons = tag_texts(texts)["reasons"].tolist()
    assert "Alarmeren: melding dat 112/politie gebeld of ingelicht is -> '112 is gebeld'" in reasons[0]
    assert any(r.startswith("Signaleren: ") and r.endswith("-> 'morrelen'") for r in reasons[0])
    assert reasons[1] == ("Niet acuut: gaat over iets dat eerder gebeurd is -> 'vannacht' + 'ingebroken'",)
    closure = [r for r in reasons[2] if r.startswith("Afsluiting: ")]
    assert closure == ["Afsluiting: afloop of alles veilig -> 'loos alarm'"]


def test_trigger_words_show_house_numbers_readably() -> None:
    (reason,) = tag_texts(["Hij loopt nu naar nr 12"])["reasons"].iloc[0]
    assert reason.endswith("-> 'loopt nu naar nr 12'")  # the normaliser writes "nr_12"


@pytest.mark.parametrize(
    ("switch", "text"),
    [
        ("allow_thanks", "Bedankt allemaal!"),
        ("allow_emoji_only", "👍👍"),
        ("allow_lost_pets", "Onze kat is kwijt, wie heeft hem gezien?"),
    ],
)
def test_profile_allows_what_the_group_allows(switch: str, text: str) -> None:
    strict = tag_texts([text], default_profile()).iloc[0]
    relaxed = tag_texts([text], replace(default_profile(), **{switch: True})).iloc[0]
    assert "offtopic" in strict["violations"]
    assert "offtopic" not in relaxed["violations"]


def test_rules_not_in_the_profile_are_not_reported() -> None:
    profile = replace(default_profile(), rules=("offtopic",))
    row = tag_texts(["rij erachteraan, pak hem"], profile).iloc[0]
    assert row["violations"] == ()
    assert not any(r.startswith(("vigilante", "driving")) for r in row["reasons"])


def test_emergency_numbers_come_from_the_profile() -> None:
    belgian = replace(default_profile(), emergency_numbers=("101", "112"))
    assert not tag_texts(["101 gebeld"]).iloc[0]["alarm"]
    assert tag_texts(["101 gebeld"], belgian).iloc[0]["alarm"]
    assert tag_texts(["1-0-1 gebeld"], belgian).iloc[0]["alarm"]
    assert not tag_texts(["Ik woon op de Kerkstraat 101"], belgian).iloc[0]["alarm"]


def test_safar_method_changes_no_labels() -> None:
    texts = ["Verdachte man bij de schuur, foto gemaakt", "Dit is hem"]
    saar = tag_texts(texts)
    safar = tag_texts(texts, replace(default_profile(), method="SAFAR"))
    pd.testing.assert_frame_equal(saar, safar)


def test_media_records_add_what_their_kind_says() -> None:
    chat = _chat(
        [
            {"kind": "media", "media_type": "image", "text": ""},
            {"kind": "media", "media_type": "image", "text": "Dit is hem, loopt richting het park"},
            {"kind": "media", "media_type": "sticker", "text": ""},
            {"kind": "location", "text": "https://maps.google.com/?q=52.09,5.12"},
            {"kind": "media", "media_type": "document", "text": "Huisregels"},
        ]
    )
    tags = tag_messages(chat, default_profile())
    assert tags.iloc[0]["update"] and any("foto" in r for r in tags.iloc[0]["reasons"])
    assert tags.iloc[1]["update"]
    assert tags.iloc[2]["violations"] == ("offtopic",) and not tags.iloc[2]["update"]
    assert tags.iloc[3]["update"]
    assert not tags.iloc[4][list(LABELS)].any()
    allowed = tag_messages(chat, replace(default_profile(), allow_emoji_only=True))
    assert allowed.iloc[2]["violations"] == ()


def test_duplicate_texts_are_tagged_alike() -> None:
    tags = tag_texts(["112 gebeld", "Bedankt", "112 gebeld", "Bedankt"])
    assert tags.iloc[0].equals(tags.iloc[2]) and tags.iloc[1].equals(tags.iloc[3])


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        (["Babbeltruc! Twee mannen bellen aan voor de waterleiding"], "babbeltruc"),
        (["Glasgerinkel bij nr 12, iemand in het huis"], "inbraak"),
        (["Er staat al een half uur een busje met draaiende motor"], "verdacht voertuig"),
        (["Verdachte man met capuchon in de straat"], "verdacht persoon"),
        (["Brand in de schuur van nr 14!"], "brand of medisch"),
        (["Mevrouw is gevallen, ambulance is gebeld"], "brand of medisch"),
        (["Inbraakalarm gaat af bij de buren"], "alarm of geluid"),
        (["Wat is dit nou weer?", "Hij rijdt nu weg in een grijze Golf"], "verdacht voertuig"),
        (["???"], "overig"),
        ([], "overig"),
    ],
)
def test_incident_type(texts: list[str], expected: str) -> None:
    assert classify_incident_type(texts) == expected
    assert expected in INCIDENT_TYPES


def test_typo_correction_reads_misspellings_of_key_words_only() -> None:
    lexicon = load_lexicon()
    corrector = TypoCorrector(lexicon.typo_targets, lexicon.typo_protected, lexicon.typo_variants)
    assert corrector.correct("inbaak") == "inbraak"  # one letter dropped
    assert corrector.correct("gebled") == "gebeld"  # two letters swapped
    assert corrector.correct("verdaagt") == "verdacht"  # written-out variant
    assert corrector.correct("politiek") is None  # a real word
    assert corrector.correct("auto") is None  # too short to guess
    assert edit_distance_at_most_one("gebeld", "gebled")
    assert not edit_distance_at_most_one("gebeld", "geteldd")


def test_normalising_marks_house_numbers_and_joins_emergency_numbers() -> None:
    lexicon = load_lexicon()
    texts = pa.array(
        ["Kerkstraat 112", "1-1-2 GEBELD", "0900 8844 gebeld", "Foto's van de Caddy"], type=pa.large_string()
    )
    assert normalise(texts, lexicon).to_pylist() == [
        "kerkstraat nr_112",
        "112 gebeld",
        "09008844 gebeld",
        "foto s van de caddy",
    ]
    assert number_digits("0900-8844") == "09008844"


def test_sentences_keep_their_question_mark() -> None:
    sentences, parent = split_sentences(
        pa.array(["heeft iemand gebeld? ik bel nu. ok!", ""], type=pa.large_string())
    )
    pairs = list(zip(parent.tolist(), sentences.to_pylist(), strict=True))
    assert (0, "heeft iemand gebeld?") in pairs and (0, "ik bel nu") in pairs
    assert any(p == 1 for p, _ in pairs)  # an empty text still has a sentence


def test_english_messages_in_a_dutch_group_are_read_too() -> None:
    tags = tag_texts(
        [
            "Called the police, they are on their way",
            "Has anyone called 112?",
            "Suspicious guy trying the car doors",
        ]
    )
    assert tags.iloc[0]["alarm"] and not tags.iloc[1]["alarm"] and tags.iloc[2]["signal"]
