"""Threats and chases in the wordings the second measure writers used (rule 7: `vigilante`, `driving`).

Found on w14-w17 once they became development writers: threats with the suspect named first ("die gasten
pak ik"), "krijgt ie wat van mij", kicking people out, intercepting them, and following a car were missed;
"zonder knuppel" was read as carrying one. These sentences are written for the test, in those phrasings,
with the near misses a neighbour writes just as often.
"""

from __future__ import annotations

import pytest

from analysis.tagger import tag_texts


def _violations(text: str) -> set[str]:
    return set(tag_texts([text]).iloc[0]["violations"])


@pytest.mark.parametrize(
    "text",
    [
        "die gasten pak ik",
        "Dat joch grijp ik als hij nog een keer komt",
        "Als ie terugkomt krijgt ie wat van mij",
        "die krijgt van mij echt wat",
        "Die junks eruit schoppen",
        "ik ga ze onderscheppen bij de brug",
        "laat mij ze even opvangen bij de poort",
        "die komen hier niet meer weg",
    ],
)
def test_a_threat_or_a_plan_to_stop_someone_is_vigilante(text: str) -> None:
    assert "vigilante" in _violations(text)


@pytest.mark.parametrize(
    "text",
    [
        "die fiets pak ik morgen op",
        "ik vang de kinderen op bij school",
        "Krijgt iedereen wat van ons met kerst?",
        "Sta buiten, zonder stok hoor",
        "hij komt niet meer uit bed, die puber",
    ],
)
def test_the_same_words_without_a_threat_are_no_vigilante(text: str) -> None:
    assert "vigilante" not in _violations(text)


def test_following_a_car_is_driving_but_a_seat_in_class_is_not() -> None:
    assert "driving" in _violations("zit achter hem op de ringweg, hij rijdt hard")
    assert "driving" not in _violations("ik zit achter hem in de klas")
