"""Rule 7 in the wordings the third measure writers used (`vigilante`, `driving`), and 112 via the police.

Found on w18-w21 once they became development writers: typing on the move without "ik rij" (on the
tractor, on the ring road, in traffic, "rij er nu vlak achter"), detaining until the police come,
blocking the way out with a car, threats for "volgende keer", and the police's own words relayed ("Politie
zegt: ...", "heb ze de beschrijving gegeven"). These sentences are written for the test, in those
phrasings, with the near misses a neighbour writes just as often.
"""

from __future__ import annotations

import pytest

from tests.rule_tags import rule_tags as _tags


@pytest.mark.parametrize(
    "text",
    [
        "zit nu op de trekker, ben er zo",
        "sta al 20 min in de file op de A12, wie kan ff kijken?",
        "draai om en rij er nu langs via de Kerkstraat",
        "rij er nu vlak achter, ze gaan richting de dijk",
        "ik blijf achter hem rijden tot de rotonde",
        "typ ff achter het stuur dus kort: grijze golf",
        "onderweg naar huis in de auto, zie nu een man bij de garages",
        "Fahre gerade hinterher, silberner Transporter",
        "I'm in my car behind them on the main road",
    ],
)
def test_typing_on_the_move_is_driving(text: str) -> None:
    assert "driving" in _tags(text)[1]


@pytest.mark.parametrize(
    "text",
    [
        "Sta nu stil aan de kant bij de bushalte, kenteken XX-12-YY",
        "Hij zit in mijn auto met de verwarming aan!",
        "nooit appen achter het stuur mensen",
        "de file bij de brug was vanochtend erg",
        # announcements, and other people's cars
        "Ik pak de fiets en rij het pad langs het water af",
        "Pak de auto, rij de singel af",
        "Er rijdt al 10 min een grijze Skoda stapvoets rondjes door de wijk",
        "cops just pulled up at the bus stop",
        "Sven stop met appen achter het stuur!",
    ],
)
def test_stopped_announced_or_someone_elses_car_is_no_driving(text: str) -> None:
    assert "driving" not in _tags(text)[1]


@pytest.mark.parametrize(
    "text",
    [
        "Volgende keer hou ik hem vast tot de politie er is",
        "die jongen gaat nergens heen, ik sta bij de poort",
        "ik zet mijn auto voor de uitgang van het parkeerterrein",
        "We zetten het busje voor de inrit, dan kunnen ze nergens heen",
        "Laat m niet gaan Henk!",
        "Volgende keer krijgen ze een pak slaag van mij",
        "Neem een koevoet mee",
        "Park your car across the exit, then they're stuck",
    ],
)
def test_detaining_blocking_and_threats_are_vigilante(text: str) -> None:
    assert "vigilante" in _tags(text)[1]


@pytest.mark.parametrize(
    "text",
    [
        "Iedereen blijft binnen tot de politie er is",
        "Ze houden hem staande bij de Jumbo",
        "Hopelijk sluiten ze hem een jaar op",
        "Die knuppel gaat terug naar binnen, Dennis",
        "Ik zet de auto voor de garage, morgen wassen",
    ],
)
def test_waiting_indoors_and_the_police_detaining_are_no_vigilante(text: str) -> None:
    assert "vigilante" not in _tags(text)[1]


@pytest.mark.parametrize(
    "text",
    [
        "Politie zegt: blijf binnen, ze sturen een auto",
        "0900 zegt dat ze een wagen sturen",
        "Politie komt, ze hebben iemand in de buurt",
        "Politie heeft een hondengeleider onderweg",
        "Politie is er over 5 minuten",
        "Politie belde terug, ze komen langs",
        "heb ze de beschrijving gegeven",
        "Police coming, stay inside",
    ],
)
def test_the_police_words_relayed_mean_they_were_told(text: str) -> None:
    assert "alarm" in _tags(text)[0]


@pytest.mark.parametrize(
    "text",
    [
        "Politie komt hier nooit, dat is het probleem",
        "heb ze de groeten gedaan",
        "de buurvrouw zegt: blijf binnen",
    ],
)
def test_no_alarm_without_the_police_told(text: str) -> None:
    assert "alarm" not in _tags(text)[0]
