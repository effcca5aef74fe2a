"""Introductions and the coordinator's "not here, in the other group" are group business: no label (guide).

Found on w14-w17 once they became development writers: a member introducing themselves with only a name and an
address, and a coordinator sending a side issue to the residents' group, were called off-topic. The sentences
are written for the test; the near misses are reports that start with a place.
"""

from __future__ import annotations

import pytest

from analysis.tagger import tag_texts


@pytest.mark.parametrize(
    "text",
    [
        "Sandra, Meidoornlaan 14 👋",
        "Hoi! Fenna hier, Dorpsstraat 4",
        "yo mo portiek 3 nr 21",
        "Marleen, verloren sleutels graag in de bewonersgroep 🙂",
        "Kees, daar is de gewone buurtgroep voor",
        "Hier alleen meldingen die nu spelen, de rest via de buurtapp",
    ],
)
def test_introductions_and_redirects_carry_no_label(text: str) -> None:
    row = tag_texts([text]).iloc[0]
    assert not row["violations"] and not any(row[label] for label in ("signal", "alarm", "update"))


@pytest.mark.parametrize(
    "text",
    ["inbraak Dorpsstraat 12", "brand nr 12", "Henk, Dorpsstraat 12: er staat een busje met draaiende motor"],
)
def test_a_report_that_starts_with_a_place_stays_a_report(text: str) -> None:
    assert tag_texts([text]).iloc[0]["signal"]
