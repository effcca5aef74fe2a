"""112, closures, reactions, driving and swearing in the wordings of w30-w37, as families.

Found on w30-w33 (the sixth measure writers) and w34-w37 once they became development writers: Low Saxon and
Limburg spellings ("heb t deurgeven an de meldkamer", "112 heb ik belt", "ze bint vot", "ik goa kiek'n"), the
police taking a statement at the scene, a volunteer firefighter's pager, the coordinator's formal "melding
afgesloten", announcing a drive without driving yet ("ik rij er even langs"), abbreviated or regional swearing
("kk", "tuug"), terse reactions (lights on, first aid, a search that found nothing) and side-issue words
inside a report (a colour, a lamp post). The sentences are written for this test, in those phrasings, beside
the near misses a neighbour writes as often. The rules are checked alone (``tag_texts`` without models):
they are what the trained models build on.
"""

from __future__ import annotations

import pytest

from tests.rule_tags import rule_tags as _tags


@pytest.mark.parametrize(
    "text",
    [
        # Low Saxon participles without ge- and "an de" for "aan de"
        "heb de richting deurgeven an de meldkamer",
        "nummerbord heb ik deurgeven",
        "wij hebben ook belt",
        "de meldkamer heb ik de weg opgeven",
        "brandweer is belt, ze kommen mit spoed",
        "0900-8844 belt",
        "plysie wiet t",
        # the police have it, or are coming from somewhere
        "het kenteken ligt al bij de politie",
        "politie komt van de dorpskant zeggen ze",
        "Ze komen eraan zei ze",
        # calling now, in other word orders
        "ik bel ook even, voor de zekerheid",
        "we bellen nu samen 112",
        "mijn buurman is nu aan het bellen",
        "Karin zegt dat haar zoon net 112 belt",
        # the police taking a statement at the scene (the guide: alarm)
        "De agenten nemen nu zijn verhaal op",
        "Agenten praten nu met de buurvrouw van 12",
        # a member turning out with the fire brigade (the guide: alarm)
        "pieper gaat, ik moet weg",
        "Mijn pieper gaat, ik rij naar de kazerne",
    ],
)
def test_regional_and_scene_wordings_are_alarms(text: str) -> None:
    assert "alarm" in _tags(text)[0]


@pytest.mark.parametrize(
    "text",
    [
        "kun je het kenteken doorgeven aan de politie?",
        "Heeft iemand al gebeld?",
        "de brandweer vraagt naar beelden van de achterkant",
        # a police request relayed to the group gets no step label (guide, "Decided by the project")
        "politie vraagt of iemand camerabeelden heeft",
        "als de pieper gaat moet ik weg",
        "ik heb hun nummer, wacht",
    ],
)
def test_near_misses_are_no_alarms(text: str) -> None:
    assert "alarm" not in _tags(text)[0]


@pytest.mark.parametrize(
    "text",
    [
        # the coordinator's formal end
        "Melding gesloten.",
        "Bedankt allen. Incident gesloten.",
        "Geen nieuwe berichten meer, ik sluit deze melding af.",
        "Dan sluit ik dit af. Houd de deuren op slot.",
        "Voor mij is het klaar",
        # regional outcomes
        "zijn vot. ik gao weer op bed",
        "vuur is uut, alleen nog wat rook",
        "de schapen staan weer in de wei",
        "de pony zit weer in t land",
        "ze hebben de bestuurder aanhouden bie de rotonde",
        "politie heeft de bus an de kant zet bij de afrit",
        "GEVONDE! Hij zat bij de bakker",
        "het is de schutterij zelf, ze halen de tent op",
    ],
)
def test_formal_and_regional_outcomes_are_closures(text: str) -> None:
    assert "closure" in _tags(text)[0]


@pytest.mark.parametrize(
    "text",
    [
        "ik ga vanavond de schuur afsluiten",
        "Ze zijn weggerend richting het spoor",
        "Even voorstellen: ik ben de nieuwe coordinator van dit deel van de wijk",
        "wel even aan de kant zetten voordat je appt",
    ],
)
def test_near_misses_are_no_closures(text: str) -> None:
    assert "closure" not in _tags(text)[0]


@pytest.mark.parametrize(
    "text",
    [
        "ik rij er even langs",
        "Ik rij een rondje via de Molenweg",
        "ik rij erheen, ben er zo",
        "Ik rij naar de achterkant van de sporthal",
    ],
)
def test_announcing_a_drive_is_no_driving(text: str) -> None:
    steps, violations = _tags(text)
    assert "reaction" in steps
    assert "driving" not in violations


@pytest.mark.parametrize(
    "text",
    [
        "rij nou over de dijk, zie niks",
        "rij now langs de kerk",
        "zit er achter op de bosweg, ze rijden hard",
        "ik rij nu langs de sporthal",
    ],
)
def test_driving_now_is_driving(text: str) -> None:
    assert "driving" in _tags(text)[1]


@pytest.mark.parametrize(
    "text",
    ["kk fietsendieven", "kkr irritant dit", "godver, weer een auto open", "tuug is t", "wat een rotjochies"],
)
def test_abbreviated_and_regional_swearing_is_language(text: str) -> None:
    assert "language" in _tags(text)[1]


@pytest.mark.parametrize(
    "text",
    [
        "Ik kom zelf ook uit Polen en vind dit niet ok",
        'Woorden als "tuig" horen we hier niet, graag een beschrijving',
        "de rotonde bij de Hema is weer open",
    ],
)
def test_own_origin_and_quoted_rebukes_are_no_language(text: str) -> None:
    assert "language" not in _tags(text)[1]


@pytest.mark.parametrize(
    "text",
    [
        # Low Saxon going, standing and looking (w34's style, read once w34 was a development writer)
        "wi'j komt dr an",
        "ik goa noar buut'n",
        "ik goa effen kiek'n bie de schuur",
        "stoa bie de kruising met de trekker",
        "wiej kiekt in de stallen",
        # lights, fire-fighting, first aid and staying with someone
        "lampen an bij de loods",
        "Ik doe alle buitenlampen aan",
        "ik pak de brandblusser uit de keuken",
        "We koelen zijn arm met water",
        "heb zijn been afgebonden",
        "ik blijf wel even bij haar",
        "We blijven hier buiten staan",
        # a search that found nothing, in few words
        "Dorpsstraat tot de kerk niks",
        "speeltuin leeg",
        "Langs het station gefietst, daar is hij niet",
        # English
        "I stop my van by the gate",
        "I talked with the driver",
    ],
)
def test_regional_and_terse_actions_are_reactions(text: str) -> None:
    assert "reaction" in _tags(text)[0]


@pytest.mark.parametrize(
    "text",
    [
        "Man maakt foto's van de huizen aan de Beukenlaan en zet krijtstreepjes bij de deuren. Oranje hesje.",
        "Jongens gooien stenen naar de lantaarnpalen bij de speeltuin",
        "Er staan twee mannen aan de deur. Ze zeggen van het waterbedrijf, willen binnenkomen",
        "der lopt iemand mit n zaklamp bie de werktuigenschuur",
    ],
)
def test_reports_with_side_issue_words_are_signals(text: str) -> None:
    steps, violations = _tags(text)
    assert "signal" in steps
    assert "offtopic" not in violations


@pytest.mark.parametrize(
    "text", ["wie kijkt er zaterdag oranje?? 🇳🇱", "De lantaarnpaal bij nr 4 is kapot, wie meldt het?"]
)
def test_the_side_issues_themselves_stay_offtopic(text: str) -> None:
    assert "offtopic" in _tags(text)[1]


@pytest.mark.parametrize("text", ["kenteken heb ik deurgeven", "het kenteken ligt al bij de meldkamer"])
def test_passing_the_plate_to_the_police_is_alarm_not_update(text: str) -> None:
    steps, _ = _tags(text)
    assert "alarm" in steps
    assert "update" not in steps


@pytest.mark.parametrize(
    "text",
    [
        "Ik bel nu 0900-8844, is geen spoed toch?",
        "Politie komt naar de Kerkstraat",
        "De politie gaat morgen nog bij haar langs",
        "Ik bel nu alsnog met het kenteken",
        "I call 112 again for the ambulance",
        "Police is still on the phone with me",
    ],
)
def test_more_112_wordings_are_alarms(text: str) -> None:
    assert "alarm" in _tags(text)[0]


@pytest.mark.parametrize("text", ["Ik bel 112, of niet?", "Zal ik de politie bellen?"])
def test_asking_whether_to_call_is_no_alarm(text: str) -> None:
    assert "alarm" not in _tags(text)[0]


def test_the_second_look_cannot_drop_the_coordinators_formal_end() -> None:
    """The guide: the coordinator's "Melding afgesloten." is the incident's closure, also after its outcome.

    A context model that doubts every closure (closure bias -60) drops the outcome's closure but must keep
    the formal end the rules found.
    """
    from dataclasses import replace

    import numpy as np

    from analysis import analyse
    from analysis.models import shipped_models
    from parsers import read_chat

    models = shipped_models()
    assert models is not None
    context = models.context
    bias = np.array(context.bias, copy=True)
    bias[context.codes.index("closure")] = -60.0
    thresholds = np.array(context.thresholds, copy=True)
    thresholds[context.codes.index("closure")] = (0.5, 0.5)
    sceptical = replace(models, context=replace(context, bias=bias, thresholds=thresholds))
    lines = [
        "Karin Bos: Man met capuchon voelt aan autodeuren in de Weverstraat, nu bij nr 20",
        "Piet Smit: 112 gebeld, ze komen eraan",
        "Karin Bos: Hij is weg, niks meer gezien",
        "Anja de Wit: Melding afgesloten.",
    ]
    text = "".join(f"12-11-2026 21:{10 + 3 * n} - {line}\n" for n, line in enumerate(lines))
    chat = read_chat(text.encode(), name="WhatsApp-chat met Buurt.txt")
    closed = analyse(chat, models=sceptical).messages.set_index("text")["closure"]
    assert not closed["Hij is weg, niks meer gezien"]
    assert closed["Melding afgesloten."]
