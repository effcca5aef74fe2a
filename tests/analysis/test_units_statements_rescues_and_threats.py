"""Units sent, statements taken, crews turning out; rescues and calls to others; threats in other idioms.

Found on w70-w77 (the thirteenth measure writers) once they became development writers. The guide counts
further units requested or sent (a dog, a helicopter, extra cars), a statement taken, the police given a
description, the police gone from the scene, a fire or lifeboat crew turning out and a member's repeated call
as `alarm`; English "on the line now" and German "ruft jetzt 112 an" too. A rescue, first aid, securing the
scene, moving people or animals to safety, switching a light on in a compound word and calling a named person
or relative are `reaction`; a hand-over to the ambulance or home is a `closure`. Threats in other idioms
("krijgt er van langs", "nog niet jarig", "vijf minuten met hem"), refusing to stand by and going after
suspects with a vehicle are `vigilante`. Not alarms: the police only arriving, a search without a result
the police are not said to have left (the guide: the outcome only), someone on the phone with a scammer.
Not reactions: "we nemen niet op", a call nobody in the group made, a light on the suspect's car.
The sentences are written for this test; the rules are checked alone (``tag_texts`` without models).
"""

from __future__ import annotations

import pytest

from tests.rule_tags import rule_tags as _tags


@pytest.mark.parametrize(
    "text",
    [
        # units requested, sent or put to work
        "Politie vraagt er een hondengeleider bij aan",
        "Ze hebben een speurhond aangevraagd",
        "Politie zet nu een drone in boven het weiland",
        "Helikopter is opgeroepen",
        "Ze hebben nog twee auto's gestuurd richting de snelweg",
        "Meldkamer stuurt extra motoragenten naar de dijk",
        "Brandweer en politie komen",
        "Politie komt met drie auto's zeggen ze",
        # a statement taken, a description given
        "Mijn verklaring is afgelegd, ze gaan verder zoeken",
        "Agenten nemen nu het verhaal van de buurvrouw op",
        "De agent loopt naar Kees voor zijn verklaring",
        "Agent komt zo bij ons langs",
        "Agenten hebben de beschrijving van de scooter gekregen",
        "Politie is er. Heb ze gezegd hoe hij eruitzag",
        # the police gone from the scene
        "Politie stopt met zoeken en gaat weg",
        "Agenten zijn ook nog even geweest",
        # a crew turning out, a call repeated, on the line
        "Pieper, we rukken uit",
        "Uitruk! Ik ben onderweg naar de kazerne",
        "Ik bel nog een keer 112, ze moeten opschieten",
        "Mevrouw blijft aan de lijn tot ze er zijn",
        "Ja ze komen",
        "on the phone with them now, they're sending a car",
        "Meine Frau ruft gerade 112 an",
        "Nein, ich rufe jetzt an",
    ],
)
def test_units_statements_turnouts_and_calls_are_alarms(text: str) -> None:
    assert "alarm" in _tags(text)[0]


@pytest.mark.parametrize(
    "text",
    [
        "Sirenes, politie en ambulance rijden de straat in",
        "Politie heeft de wijk afgezocht, niks gevonden",
        "Agenten stoppen de zoektocht",
        "Mijn vader zit nu aan de telefoon met iemand van de bank",
        "Police car just went past towards the school",
    ],
)
def test_police_arriving_searching_or_a_scammer_on_the_line_are_no_alarm(text: str) -> None:
    assert "alarm" not in _tags(text)[0]


@pytest.mark.parametrize(
    "text",
    [
        "Ik gooi hem de reddingsboei toe",
        "Ik verbind zijn arm met een theedoek",
        "Ik zet er nu een hangslot op",
        "Heb een plaat voor het raam gezet",
        "We hebben de kinderen naar binnen gehaald",
        "Ik doe het tuinlicht aan",
        "erflamp an",
        "Door de intercom gezegd dat ik niks koop",
        "Ik bel Joke haar zoon",
        "Ik bel Piet en Marja",
        "Ik heb de boswachter ook gebeld",
        "Kees neemt niet op",
    ],
)
def test_rescues_securing_lights_and_calls_to_others_are_reactions(text: str) -> None:
    assert "reaction" in _tags(text)[0]


@pytest.mark.parametrize(
    "text",
    [
        "We nemen niet op, het is weer dat nummer",
        "De sleutelhouder is gebeld",
        "Hij zit nu in de auto, binnenlicht aan",
        "Licht gaat aan bij de buren, ze kijken op",
        "Ja gebeld, ze komen",
    ],
)
def test_no_reaction_for_ignored_calls_calls_by_nobody_or_lights_on_their_side(text: str) -> None:
    assert "reaction" not in _tags(text)[0]


@pytest.mark.parametrize(
    "text",
    [
        "De ambulance neemt haar mee naar het ziekenhuis",
        "Agenten brengen hem met de auto naar huis",
        "Ze lopen naar buiten met de jongen, in de boeien",
    ],
)
def test_hand_overs_and_arrests_in_handcuffs_are_closures(text: str) -> None:
    assert "closure" in _tags(text)[0]


@pytest.mark.parametrize(
    "text",
    [
        "Dat joch krijgt er van langs als ik hem zie",
        "Als ik ze tref zijn ze nog niet jarig",
        "Als we ze snappen dan weten ze het wel",
        "Geef mij vijf minuten met hem",
        "Rammen die gast",
        "Gooi hem de gracht in gooien zou ik zeggen, die moet de gracht in gesmeten",
        "Ik neem wel een stok mee",
        "Had hem zelf wel even willen spreken",
        "Ik laat mijn schuur niet leeghalen door dat tuig",
        "Ik kijk niet toe hoe ze alles slopen",
        "We gaan erop af met de trekker",
        "Mijn zoons rijden der achteran",
        "Ik zit 50 meter erachter",
        "Rij nu achter die bestelbus aan de ringweg",
    ],
)
def test_threats_refusing_to_stand_by_and_chasing_by_vehicle_are_vigilante(text: str) -> None:
    assert "vigilante" in _tags(text)[1]


@pytest.mark.parametrize(
    "text",
    [
        "Ik neem de fiets mee naar de kapper",
        "Ik laat de hond niet alleen thuis",
    ],
)
def test_ordinary_sentences_with_the_same_words_are_no_vigilante(text: str) -> None:
    assert "vigilante" not in _tags(text)[1]
