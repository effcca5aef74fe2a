"""112 and driving in the wordings of w38-w41, as families.

Found on w38-w41 (the seventh measure writers) once they became development writers: emergency numbers
dictated to speech-to-text ("nul negen honderd achtentachtig vierenveertig"), Papiamento calls ("mi a yama
112"), telling the police at the scene or the police taking the description away, "er is nu 3x gebeld",
"0900 weet ervan"; and what is *not* a call: a coordinator's advice ("daarom bellen we 112", "bij een vermist
kind meteen 112 bellen"), "dat is aan de politie" (up to them), telling 112 the person was found, "ik heb ze
net gesproken" about neighbours. For driving: somebody else or a suspect sitting in a car is not the writer
at the wheel. The sentences are written for this test, in those phrasings, beside the near misses a
neighbour writes as often. The rules are checked alone (``tag_texts`` without models).
"""

from __future__ import annotations

import pytest

from tests.rule_tags import rule_tags as _tags


@pytest.mark.parametrize(
    "text",
    [
        # dictated numbers
        "een een twee gebeld ze komen eraan",
        "heb honderdtwaalf gebeld",
        "nul negen honderd achtentachtig vierenveertig gebeld",
        "heb net nul negenhonderd gebeld",
        # Papiamento: "I called 112 too", "I am calling the police now", "the police are coming"
        "Mi a bel 112 tambe",
        "mi ta yama polis awor",
        "polis ta bini",
        # the police told at the scene, or taking the description with them
        "Ik ben naar de agenten op het plein gelopen en vertel ze welke kant hij op ging",
        "we lopen naar de politie bij de school en geven de beschrijving",
        "De agenten hebben het signalement opgeschreven",
        "Politie was er, hebben het kenteken genoteerd",
        # someone has called, counted or short
        "er is nu al 4x gebeld, niet meer doen",
        "0900 weet ervan",
        "0900 is op de hoogte",
        # a named member calls, said to someone asking
        "Nee Annie, Ruud belt. Jij blijft binnen.",
        # English: shown or told at the scene, a statement taken
        "I showed the officers where they climbed over",
        "two cops are taking our statement now",
    ],
)
def test_dictated_papiamento_and_scene_wordings_are_alarms(text: str) -> None:
    assert "alarm" in _tags(text)[0]


@pytest.mark.parametrize(
    "text",
    [
        # advice and feedback: how we call, not a call
        "Daarom bellen we eerst 112 en dan pas appen",
        "Bij een inbraak altijd meteen 112 bellen, ook als je twijfelt",
        "Eén tip: bij een vermiste oudere direct de politie bellen, niet eerst zelf zoeken",
        # up to the police, not told to them
        "Vasthouden doen we niet. Dat is aan de politie.",
        # telling 112 the person was found (the guide: no alarm)
        "Heb 112 teruggebeld dat ze gevonden is",
        "heb de politie gebeld dat hij weer thuis is",
        # talking to people who are not the police
        "Ik heb ze net gesproken, het zijn de nieuwe buren",
        # numbers that are not the emergency line
        "We wonen op nummer 112",
        "een twee drie vier, hoedje van papier",
        # the phone or the suspect calls
        "hij belt steeds",
        "ok, de telefoon belt",
    ],
)
def test_advice_results_and_other_people_are_no_alarms(text: str) -> None:
    assert "alarm" not in _tags(text)[0]


@pytest.mark.parametrize(
    "text",
    [
        "zit nu in de auto op de ringweg, ben er in 5 min",
        "Zit in de auto, rij erachteraan",
        "bedankt allemaal, zit nu in de auto naar huis",
    ],
)
def test_the_writer_in_a_car_is_driving(text: str) -> None:
    assert "driving" in _tags(text)[1]


@pytest.mark.parametrize(
    "text",
    [
        # someone else in a car: the victim brought home, a suspect searching a car, one in the police van
        "Meneer Jansen zit in de auto terug naar huis, alles goed",
        "man met capuchon zit in een auto bij nr 14 te rommelen",
        "Aangehouden, zit in de bus van de politie",
        "Die jongen zit in mijn auto!!",
    ],
)
def test_someone_else_in_a_car_is_not_driving(text: str) -> None:
    assert "driving" not in _tags(text)[1]
