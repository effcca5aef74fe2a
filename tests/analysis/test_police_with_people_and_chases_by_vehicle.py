"""The police with a named person, searching and leaving; chases by vehicle; comply promises; as families.

Found on w62-w69 (the twelfth measure writers) once they became development writers. The guide counts a
victim, owner or the writer with the officers at the scene as giving them information (`alarm`), and the
police gone after a search as the police finished at the scene (`alarm`, with the closure); a search
finished without a result, the police not said to have left, is the outcome only (a guide entry of the
fourteenth session).
More ways of saying the police come (with units, at an hour, with the municipality) or were told (the writer
passing it on, 0900 or 112 quoted, English "on hold with 112", "took the description"). Chasing in few words
("met de auto achter ze aan?", ", zit vlak achter d'r", "ik ga er achter aan") is `vigilante`; cycling past or
home now is `driving`; a promise to comply ("ok ok ik doe het niet meer") and storm chatter are off-topic.
Not alarms: the police only present, or passing it on tomorrow; not a promise: a resolution about strangers.
The sentences are written for this test; the rules are checked alone (``tag_texts`` without models).
"""

from __future__ import annotations

import pytest

from tests.rule_tags import rule_tags as _tags


@pytest.mark.parametrize(
    "text",
    [
        # the police with a person at the scene
        "Agenten zijn er, ze praten nu met de buurvrouw van 14",
        "Politie is nu bij meneer Kuipers, hij is erg geschrokken",
        "Politie in burger zit bij ons aan tafel",
        "De eigenaar van de bus staat nu bij de agenten",
        "Cops are here, talking to the lady from the corner house",
        # the writer telling them: the plate, the story, the way
        "Politie is er, ik geef ze het kenteken",
        "Agent staat aan de deur, ik doe ze het verhaal",
        "Heb de agenten de richting van het fietspad op gewezen",
        "I showed to the officers where he climbed over",
        # the police came by, or searched and left
        "Politie is nog even langsgereden",
        "Agenten hebben de wijk afgezocht en gaan weer weg",
        "Police car drove through the street and left again",
        "Politie is toch even langs geweest",
        # the police coming, in more words
        "Politie komt met 3 wagens",
        "Wijkagent komt om half vijf",
        "Politie komt morgen met iemand van de gemeente kijken",
        "Er komt ook nog een speurhond",
        "KNRM is opgeroepen",
        # passing it on, 112 or 0900 quoted, on hold
        "Ik geef het kenteken door aan de politie",
        "0900 zegt dat er vannacht een auto langs komt",
        "Doe ik nu 0900",
        "On hold with 112 now, the line is busy",
        "112 took the description of the van",
    ],
)
def test_police_with_people_searching_coming_and_told_are_alarms(text: str) -> None:
    assert "alarm" in _tags(text)[0]


@pytest.mark.parametrize(
    "text",
    [
        "Politie is er",
        "Politie is bij ons in de straat",
        "Ik geef het morgen door aan de wijkagent",
        "Politie komt met 2 auto's het plein op",
        "Politie is vanochtend nog langs geweest voor de inbraak van vorige week",
    ],
)
def test_presence_and_passing_it_on_later_are_no_alarms(text: str) -> None:
    assert "alarm" not in _tags(text)[0]


@pytest.mark.parametrize(
    "text",
    [
        "Politie heeft nog rondgereden door de wijk, niemand gezien",
        "Agenten hebben alles afgezocht, niks gevonden",
    ],
)
def test_a_search_finished_without_a_result_is_the_outcome_not_an_alarm(text: str) -> None:
    # the guide (fourteenth session): the police not said to have left, the search's end is the outcome only
    steps = _tags(text)[0]
    assert "closure" in steps and "alarm" not in steps and "reaction" not in steps


@pytest.mark.parametrize(
    "text",
    [
        "Zal ik met de scooter achter ze aan?",
        "Ze gaan linksaf bij de kerk, zit vlak achter d'r",
        "Zie die Opel net wegrijden. Ik ga er achter aan",
        "Blijf hier staan tot de agenten er zijn",
        "Als ze nog eens door mijn tuin lopen, dan weet ik wel raad",
    ],
)
def test_chases_in_few_words_and_veiled_threats_are_vigilante(text: str) -> None:
    assert "vigilante" in _tags(text)[1]


def test_the_police_chasing_is_no_vigilante() -> None:
    assert "vigilante" not in _tags("Politieauto komt de straat in, ze gaan er achteraan")[1]


@pytest.mark.parametrize(
    "text",
    [
        "fiets er net langs, hij staat nog bij de schuur",
        "Twee man bij de containers, rij er nu voorbij",
        "Gelukkig, ik fiets weer naar huis",
    ],
)
def test_cycling_past_or_home_now_is_driving(text: str) -> None:
    assert "driving" in _tags(text)[1]


def test_telling_someone_else_to_cycle_home_is_no_driving() -> None:
    assert "driving" not in _tags("Joost, stop ermee. Fiets naar huis.")[1]


@pytest.mark.parametrize(
    "text",
    [
        "ok ok ik doe het niet meer",
        "Begrepen. Gebeurt niet weer",
        "Wat een wind vannacht, dakpannen in de tuin",
    ],
)
def test_promises_to_comply_and_storm_chatter_are_offtopic(text: str) -> None:
    assert "offtopic" in _tags(text)[1]


def test_a_resolution_about_strangers_is_no_promise_to_comply() -> None:
    assert "offtopic" not in _tags("Ik doe nooit meer open voor onbekenden na die nepmonteur")[1]
