"""The tagger's agreement with the hand-labelled sample chats may not fall below these floors.

The figures come from the full pipeline (render -> parsers.read_chat -> analysis.analyse), see
``python -m analysis.evaluate``. A floor is checked for every label, and for every violation that
occurs in the hand labels. Raise a floor when the tagger gets better; never lower one to pass.
"""

from __future__ import annotations

import pytest

from analysis.model import LABELS, VIOLATIONS

#: A little below the figures of docs/tagger.md (offtopic raised once replies in side-issue threads
#: counted); the issue's minimum is alarm 0.90, signal/reaction/offtopic 0.85 and 0.75 for the rest.
FLOORS: dict[str, float] = {
    "alarm": 0.95,
    "signal": 0.90,
    "reaction": 0.90,
    "closure": 0.90,
    "update": 0.85,
    "offtopic": 0.93,
    **{code: 0.80 for code in VIOLATIONS if code != "offtopic"},
}
INCIDENT_RECALL_FLOOR = 0.90
INCIDENT_PRECISION_FLOOR = 0.90


@pytest.fixture(scope="module")
def result():
    from analysis.evaluate import evaluate, source_files

    if not source_files():
        pytest.skip("no sample sources in sample_exports/source/ yet: nothing to evaluate against")
    return evaluate()


def test_floors_cover_every_label_and_violation() -> None:
    assert set(FLOORS) == set(LABELS) | set(VIOLATIONS)


def test_every_source_message_is_evaluated(result) -> None:
    assert result.messages >= 600
    assert sum(chat.unaligned for chat in result.chats) == 0


@pytest.mark.parametrize("code", list(FLOORS))
def test_f1_floor(result, code: str) -> None:
    score = result.micro[code]
    if code in VIOLATIONS and score.support == 0:
        pytest.skip(f"no hand-labelled {code} in the sample chats")
    assert score.support > 0 or code not in LABELS, f"no hand-labelled {code} at all"
    assert score.f1 >= FLOORS[code], (
        f"{code}: F1 {score.f1:.2f} < {FLOORS[code]} (P {score.precision:.2f}, R {score.recall:.2f})"
    )


def test_incidents_are_found(result) -> None:
    incidents = result.incidents
    assert incidents.recall >= INCIDENT_RECALL_FLOOR
    assert incidents.precision >= INCIDENT_PRECISION_FLOOR


def test_scores_count_like_the_textbook() -> None:
    from analysis.evaluate import Score

    score = Score(tp=8, fp=2, fn=8)
    assert score.precision == 0.8 and score.recall == 0.5
    assert abs(score.f1 - 2 * 0.8 * 0.5 / 1.3) < 1e-9
    assert Score().f1 == 1.0  # nothing to find and nothing claimed


def test_alignment_survives_a_row_the_parser_added() -> None:
    from analysis.evaluate import _align

    source = ["a", "b", "c", "d"]
    parsed = ["a", "b", "x", "c", "d"]
    assert _align(source, parsed) == {0: 0, 1: 1, 2: 3, 3: 4}
