"""112, outcomes, driving and group business in the wordings of w50-w53, as families.

Found on w50-w53 (the tenth measure writers) once they became development writers. 112: further
units requested or sent ("hondengeleider aangevraagd", "they requested a dog unit"; the guide: `alarm` like
police on the way), services close by ("politie is er al bijna"), the writer's own call in another word
order ("112 bel ik nu"), the suspect noticing the call, others passing it on ("ze geven het door aan de
politie"), telling the police at the scene in English ("gave them the description", "they took my name"),
the police done in English ("police left"; the guide: `alarm`, and `closure` besides), short English calls
("me, calling now", a "112?:" field answered "yes called"), and Frisian ("plysje komt der oan", "plysje
hat hjir west"). An explicit call is no group business because a campsite or building "beheerder" made it.
Group business: a coordinator sending chat elsewhere ("graag privé", "niet hier aub", "straatapp!"), a
member introducing themselves. No call: telling 112 it was nothing in English or calling 112 back to say the
person was found, a coordinator's monthly overview. Outcomes and driving in English and Frisian. The
sentences are written for this test, beside the near misses a neighbour writes as often. The rules are
checked alone (``tag_texts`` without models).
"""

from __future__ import annotations

import pytest

from tests.rule_tags import rule_tags as _tags


@pytest.mark.parametrize(
    "text",
    [
        # further units requested or sent, services close by
        "Ze hebben er een hondengeleider bij aangevraagd",
        "Agenten zijn bij het hek, ze laten de ambulance komen voor de vrouw",
        "De heli is opgeroepen, hij hangt zo boven het bos",
        "Niet naar buiten gaan, de politie is er al bijna",
        "The operator says they requested the helicopter",
        "Police will send another unit when one is free",
        # the writer's own call in another word order; the suspect noticing it; others passing it on
        "Hij loopt nu de tuin van 9 in. 112 bel ik nu",
        "Ze zagen dat ik belde en renden weg",
        "De brandweer geeft het kenteken door aan de politie",
        # telling the police at the scene, and the police done, in English
        "Walked over and gave them the description of the van",
        "Told the officers which way they went",
        "They took our details and left",
        "Police have left, nobody found",
        "The cops drove around the block twice, nothing",
        # short English calls, and a report form's "112?" field
        "Me, calling now",
        "112?: yes called",
        "112?: calling right now",
        # Frisian
        "Plysje seit se komme der oan",
        "De plysje hat hjir west en se hawwe myn ferhaal opnommen",
        "Ik haw it kenteken trochjûn oan 0900-8844",
        # an explicit call is not group business because a manager made it
        "Het kind is al een half uur weg, 112 is gebeld door de beheerder van de camping",
    ],
)
def test_further_units_word_orders_english_and_frisian_are_alarms(text: str) -> None:
    assert "alarm" in _tags(text)[0]


@pytest.mark.parametrize(
    "text",
    [
        "112 bellen!",
        "112 bel ik als hij terugkomt",
        "Geef het kenteken door aan de politie",
        "De hondengeleider was er vorige keer ook bij",
        "I told them to leave my bike alone",
        "Give me a call if you see him",
        # telling 112 it was nothing (the guide: no alarm), a coordinator's monthly overview
        "Told the police it's fine now, they won't come",
        "I'll let 112 know it was a false alarm",
        "Zijn vrouw belt 112 terug dat hij thuis is",
        "📋 Overzicht oktober\n• Meldingen: 3\n– 4/10 inbraak schuur: 112 gebeld, dader weg",
    ],
)
def test_instructions_plans_and_other_telling_are_no_alarms(text: str) -> None:
    assert "alarm" not in _tags(text)[0]


@pytest.mark.parametrize(
    "text",
    [
        "Police left, they did not find him",
        "They're taking him away now",
        "Talked to them, they are the new tenants of 12. All normal",
        "Is har broer, neat oan de hân",
    ],
)
def test_outcomes_in_english_and_frisian_are_closures(text: str) -> None:
    assert "closure" in _tags(text)[0]


@pytest.mark.parametrize(
    "text",
    [
        "on my bike behind them now, they turn into the park",
        "cycling home rn and I see two guys at the bike shed",
        "Sit op 'e trekker nei Wâldsein, sjoch neat",
    ],
)
def test_riding_a_bike_or_a_tractor_while_writing_is_driving(text: str) -> None:
    assert "driving" in _tags(text)[1]


@pytest.mark.parametrize(
    "text",
    [
        "Jongens, graag privé verder hierover",
        "Leuk idee, maar niet hier aub",
        "Marja, straatapp! 😉",
        "Kun je dat in de dorpsapp zetten?",
        "Please use private messages for this",
        "Hallo allemaal, ik ben Sanne, studente, ik woon sinds kort op 14",
        "Hi all, I'm Lars, we live at number 8 since May. Nice to meet you",
    ],
)
def test_redirects_and_introductions_are_group_business_not_offtopic(text: str) -> None:
    labels, violations = _tags(text)
    assert "offtopic" not in labels | violations


@pytest.mark.parametrize(
    "text",
    [
        "Bij de ingang van de straatapp-flat staat een man aan de fietsen te trekken",
        "Die man is niet hier, hij rent nu richting het park",
    ],
)
def test_a_report_that_names_an_app_or_says_not_here_stays_a_report(text: str) -> None:
    assert _tags(text)[0] & {"signal", "update"}
