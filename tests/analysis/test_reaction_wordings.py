"""Reactions in the wordings the third measure writers used, found once they became development writers.

Staying with the victim ("ik zit bij Gerda binnen"), calling the owner (the guide: calling someone other
than 112 is a reaction), putting out a fire, lighting up the scene, a named member going over, German
and English reactions; and the coordinator's "niet doen, binnen blijven" is advice, no reaction. These
sentences are written for the test, in those phrasings.
"""

from __future__ import annotations

import pytest

from analysis.tagger import tag_texts


def _labels(text: str) -> set[str]:
    row = tag_texts([text]).iloc[0]
    return {name for name in ("signal", "alarm", "update", "reaction", "closure") if row[name]}


@pytest.mark.parametrize(
    "text",
    [
        "Ik zit bij Marja binnen, ze is erg geschrokken",
        "ben bij Ingrid",
        "Eigenaar gebeld, hij komt eraan",
        "ik bel zijn dochter even",
        "Brandblusser erop gezet",
        "met de tuinslang geblust",
        "Koplampen van de auto op het hek gericht",
        "Ton loopt er even heen",
        "Ich komme gleich raus",
        "Wir sind bei ihm",
        "I knocked on the door, nobody answers",
        "going down with the kids now",
    ],
)
def test_acting_is_a_reaction(text: str) -> None:
    assert "reaction" in _labels(text)


@pytest.mark.parametrize(
    "text",
    [
        "Henk niet doen. Licht aan en binnen blijven",
        "Gerrit, blijf daar!",
        "hij loopt nu langs de kerk",
        "de brandblusser is gekeurd, staat in de gang",
    ],
)
def test_advice_and_a_suspects_moves_are_no_reaction(text: str) -> None:
    assert "reaction" not in _labels(text)
