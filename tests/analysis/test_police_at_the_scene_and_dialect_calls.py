"""112 in regional spellings, the police done or told at the scene, and "zonder afspraak", as families.

Found on w54-w61 (the eleventh measure writers) once they became development writers. Regional spellings of
the words the 112 rules read are written the standard way before any rule reads them: Limburgish "ich bel",
"polies kump", Groningen "plietsie het", "bie mie west", "vot", and "bel nou" for "bel nu". The police done at
the scene (the guide: `alarm`, and `closure` when nothing closed the incident before) in more word orders:
"... en de politie ook weer", "politie weg", "kwam aan en is alweer weg", "hier geweest"; the police holding
what a member told them ("politie heeft het kenteken"), writing it down, and a member showing them the way;
German border phones ("die Polizei ist auch wieder weg", "ich rufe jetzt 110 an"). The writer's own call now
stays an alarm beside words that read like a warning, and "zonder afspraak" at the door is no talk about the
group's agreements. Not alarms: an arrest alone (`closure`), the police only present ("politie is er": the
contract's `update`), a plan or an instruction in the same dialect. The sentences are written for this test;
the rules are checked alone (``tag_texts`` without models).

Closures in the same writers' words: the police stopping someone now ("houdt hem aan", "zetten de bus klem",
"cuffed"; the corpus labels 8 of its 9 hand-labelled stops `closure`), an innocent explanation that names who
it was ("dat is mijn neef", "dat zijn wij", "is Harm zelf", "vriend van ons"), the person reached
("heb haar!", "hij is eruit"), a fire out in English or German, everybody allowed back in, "weg iig".
"""

from __future__ import annotations

import pytest

from tests.rule_tags import rule_tags as _tags


@pytest.mark.parametrize(
    "text",
    [
        # regional spellings of an own call and of the police coming
        "Ich bel 112, blief binne",
        "Zie ze bij de schuur. Ik bel nou 112",
        "Ik bel noe de politie",
        "Polies kump eraan",
        # the police done at the scene, in more word orders and spellings
        "Plietsie is weer vot, niks meer te zien",
        "Plietsie bie mie west, ze hebben foto's van het raam gemaakt",
        "De scooters zijn weg en de politie ook weer",
        "Politie weg, iedereen kan gaan slapen",
        "Agenten kwamen kijken en zijn alweer weg",
        "De politie is bij de bakker geweest",
        # the police holding what was told, writing it down; showing them the way
        "Plietsie het t kenteken van de bus",
        "112 heeft de beschrijving en de richting",
        "Politie heeft alles opgeschreven",
        "Agenten zijn er, ik wijs ze de achterkant van de loods",
        # German phones on the border
        "Die Polizei ist auch wieder weg, nichts gefunden",
        "Ich rufe jetzt 110 an",
        "Ich habe das Kennzeichen durchgegeben",
        # the writer's own call beside words that read like a warning
        "Doe niet open, de thuiszorg komt nooit zonder afspraak. Ik bel nu 112.",
        # a call back that says the police come or send someone; Frisian "belle" after "haw" is "gebeld"
        "Meldkamer belde me terug, ze sturen nog een wagen",
        "Wijkagent belde terug, ze komen vanavond langs",
        "Ik haw de plysje belle",
    ],
)
def test_dialect_calls_and_police_done_at_the_scene_are_alarms(text: str) -> None:
    assert "alarm" in _tags(text)[0]


@pytest.mark.parametrize(
    "text",
    [
        "Politie heeft hem aangehouden bij de rotonde",
        "Politie is er",
        "Ich bel 112 als hij terugkomt",
        "Bel nou 112!",
        "Plietsie het nog niks laten weten over de inbraak van vorige maand, vorige week gebeurd",
        "Kerkstraat 112 is weer vrij",
        # a call back with only the outcome is the closure; Limburgish "belle" is "bellen" (an instruction)
        "Politie belde me terug: ze hebben de bestelbus bij de brug staande gehouden",
        "Eerst 112 belle, dan pas appe!",
        "Ik heb de meldkamer teruggebeld dat het opgelost is",
    ],
)
def test_arrests_presence_plans_and_instructions_are_no_alarms(text: str) -> None:
    assert "alarm" not in _tags(text)[0]


def test_a_visitor_without_an_appointment_is_a_report_not_group_business() -> None:
    labels, violations = _tags("Er staat een man zonder afspraak aan de deur, zegt dat hij van de meter komt")
    assert "signal" in labels


def test_the_groups_own_agreement_is_still_group_business() -> None:
    labels, violations = _tags("Onze afspraak is: eerst 112 bellen, dan pas appen")
    assert not labels and "offtopic" not in violations


@pytest.mark.parametrize(
    "text",
    [
        # the police stopping someone now (the corpus labels a stop as the outcome)
        "Agenten houden de bestuurder aan bij de pomp",
        "Twee burgerauto's zetten de bestelbus klem op de dijk",
        "They pinned him down by the bridge, cuffed",
        "Die Polizei hat den Transporter an der Grenze gestoppt",
        # an innocent explanation naming who it was
        "Haha dat is mijn neef, hij komt de grasmaaier lenen",
        "Oh dat zijn wij, we laden de aanhanger in",
        "Is Harm zelf, hij was zijn sleutel vergeten",
        "Ja klopt, vriend van ons, hij zocht de bel",
        "Yes it's my cousin, sorry everyone",
        # the person reached, the fire out, everybody back in
        "Heb haar! Ze zat bij de vijver",
        "Hij is eruit, ligt op de kant met een deken",
        "Flames are out, only smoke now",
        "Das Feuer ist aus",
        "Iedereen mag weer naar binnen",
        "Weg iig, ik ga slapen",
        "Ze zijn echt weg nu",
    ],
)
def test_stops_innocent_explanations_and_rescues_are_closures(text: str) -> None:
    assert "closure" in _tags(text)[0]


@pytest.mark.parametrize(
    "text",
    [
        "Er loopt een man door de tuin van mijn buurman",
        "Mijn buurman ziet een man bij de schuur",
        "Er staat een man bij de vriend van de buren",
        "Hou hem staande tot de politie er is!",
    ],
)
def test_neighbours_named_in_a_report_and_a_call_to_stop_someone_are_no_closures(text: str) -> None:
    assert "closure" not in _tags(text)[0]
