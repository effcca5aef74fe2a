"""Hostile input through the analysis (issue 9, items 1 and 4): a giant word or message costs no more
than a normal one would at that many characters, and a name of thousands of characters (a system line
that adds forty members at once) is pseudonymised without a crash, in the dashboard's and the reports'
paths. Memory is asserted, not time: speed belongs to the benchmarks (``bench/bench_hostile.py``)."""

from __future__ import annotations

import tracemalloc

import pandas as pd

from analysis import analyse
from analysis.anonymise import Pseudonymiser, pseudonymise_analysis
from analysis.tagging_typos import TypoCorrector
from analysis.text_normalise import MAX_TEXT_CHARS
from parsers import read_chat
from reports import effectiveness_report, month_report

FORTY = ", ".join(f"Persoon{n} Achternaam{n}" for n in range(40))


def _chat(*lines: str) -> pd.DataFrame:
    text = "".join(
        f"0{1 + n // 50}-11-2026 {10 + n % 50 // 10}:{n % 10}5 - {line}\n" for n, line in enumerate(lines)
    )
    return read_chat(text.encode(), name="WhatsApp-chat met Buurt.txt")


def _peak_bytes(action) -> int:
    tracemalloc.start()
    try:
        action()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_400_kb_word_is_no_typo_and_is_not_remembered() -> None:
    corrector = TypoCorrector(["inbraak", "verdacht"], protected=[], variants={})
    word = "inbraak" * 60_000
    peak = _peak_bytes(lambda: corrector.correct(word))
    assert corrector.correct(word) is None
    assert corrector.correct("inbrak") == "inbraak"  # a real typo is still corrected
    assert peak < 2_000_000  # its deletes (400,000 strings of 400 KB) would take gigabytes


def test_a_5_mb_message_of_letters_is_analysed_within_bounded_memory() -> None:
    chat = _chat(
        "Anna de Vries: verdachte man bij de school, 112 gebeld",
        "Bob Smit: " + "x" * 5_000_000,
        "Carla: ik kijk even",
    )
    analysis = None

    def run() -> None:
        nonlocal analysis
        analysis = analyse(chat)

    peak = _peak_bytes(run)
    assert peak < 400_000_000
    texts = analysis.messages["text"].tolist()
    assert len(texts[1]) == 5_000_000  # the message itself is kept whole; only the tagger reads less
    assert analysis.messages["saar_step"].iat[0] == "signaleren"
    assert MAX_TEXT_CHARS >= 1_400  # the longest labelled message is read whole


def test_a_name_of_thousands_of_characters_is_pseudonymised() -> None:
    pseudonymiser = Pseudonymiser(["x" * 5_000, "y" * 3_000 + "a", "y" * 3_000 + "b", "Anna de Vries"])
    out = pseudonymiser.anonymise_text(pd.Series(["Anna de Vries zag het", "ok"]))
    assert out.iat[0].startswith("Lid ") and "Anna" not in out.iat[0]
    assert pseudonymiser.pseudonym("y" * 3_000 + "b") == "Lid 03"


def test_a_system_line_adding_forty_members_goes_through_both_reports() -> None:
    chat = _chat(
        f"Anna de Vries heeft {FORTY} toegevoegd",
        "Anna de Vries: Verdachte man bij de school, 112 gebeld",
        "Persoon3 Achternaam3: ik kom kijken",
        "Anna de Vries: politie is er, afgehandeld",
    )
    analysis = analyse(chat)
    private = pseudonymise_analysis(analysis)
    report = month_report(analysis, "2026-11")
    effectiveness_report(analysis, "2026-11", "2026-11")
    assert "Achternaam3" not in private.messages["text"].str.cat(sep=" ")
    assert "Achternaam3" not in str(report)
