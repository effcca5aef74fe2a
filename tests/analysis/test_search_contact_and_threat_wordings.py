"""Reactions, 112, closures and rule 7 in the wordings the fifth measure writers used (w26-w29), as families.

Found on w26-w29 once they became development writers: arriving at the scene ("Ben er."), a search that
found nothing ("niks bij de steigers"), calling someone other than 112 (the key holder, a daughter),
bringing help, hanging up on a scammer; pointing things out to the police and what only a caller hears
from them; outcomes in few words ("ze hebben em"); veiled threats ("die komt er niet mee weg"); driving
there while typing; and regional spellings ("'k ebbe aol gebeld", "an 't bellen", Frisian "plysje"). The
sentences are written for this test, in those phrasings, beside the near misses a neighbour writes as often.
The rules are checked alone (``tag_texts`` without models): they are what the trained models build on.
"""

from __future__ import annotations

import pytest

from tests.rule_tags import rule_tags as _tags


@pytest.mark.parametrize(
    "text",
    [
        # arriving at the scene
        "Ben er. Voordeur staat open, niemand binnen",
        "we staan nu voor de woning van Kees",
        # a search that found nothing (the guide: reaction only)
        "Niks bij het speeltuintje",
        "Bij de sporthal ook niemand te bekennen",
        "langs de vijver gefietst, niks",
        "rondje industrieterrein gedaan, niemand gezien",
        "checked the garages behind the school, nothing",
        # calling someone other than 112
        "ik bel de sleutelhouder even",
        "Dan bel ik haar dochter, die woont in Zwolle",
        "heb de bewoners wakker gebeld",
        "calling the owner now",
        # bringing help, staying with the victim
        "ik breng haar even een deken",
        "Stoel gebracht, ze zit nu",
        "I'm bringing some water",
        # hanging up on a scammer
        "heb meteen opgehangen toen hij naar mijn pincode vroeg",
        # taking the car to go there
        "ik pak de auto en rij naar de hoek",
    ],
)
def test_arrivals_searches_calls_and_help_are_reactions(text: str) -> None:
    assert "reaction" in _tags(text)[0]


@pytest.mark.parametrize(
    "text",
    [
        "heb de agent de plek aangewezen waar hij over het hek ging",
        "Heb ze verteld welke kant hij op liep",
        "Politie heeft het kenteken van mij gekregen",
        "politie zegt dat ze al in de wijk zijn",
        "De wijkagent zet vannacht extra surveillance in",
        "politie komt morgen nog langs voor de camerabeelden",
        "agent belde me terug: ze zijn er over 5 minuten",
        # regional spellings
        "'k ebbe aol gebeld",
        "mijn vrouw is an 't bellen",
        "Buurman hat 112 belle, plysje komt",
    ],
)
def test_what_only_a_caller_knows_is_alarm(text: str) -> None:
    assert "alarm" in _tags(text)[0]


@pytest.mark.parametrize(
    "text",
    [
        "Ze hebben em!",
        "ze nemen hem mee naar het bureau",
        "brandweer heeft het vuur snel geblust",
        "Pas op tijd geblokkeerd, er is niks van de rekening af",
    ],
)
def test_outcomes_in_few_words_are_closures(text: str) -> None:
    assert "closure" in _tags(text)[0]


@pytest.mark.parametrize(
    "text",
    [
        "die komt er niet mee weg",
        "ik kom eraan, die komen niet ver",
        "Die jochies gaan eraan",
        "dan zijn ze hier aan het verkeerde adres",
        "wie hier inbreekt gaat niet meer lopen",
        "die scooter haal ik wel in",
        "die gasten moet je gewoon van de scooter trappen",
        "een emmer water over ze heen en klaar",
        "ik laat de hond wel los in het achterpad",
        "had hem bijna bij zijn kraag",
        "als ik ze betrap zwaait er wat",
        "dan kunnen ze wat van me verwachten",
        "following them with my van",
    ],
)
def test_veiled_threats_and_chases_are_vigilante(text: str) -> None:
    assert "vigilante" in _tags(text)[1]


@pytest.mark.parametrize(
    "text",
    [
        "rij er nu heen",
        "ik rij d'r nou naartoe",
        "net thuis van het werk, rij de Kalmoesstraat in: iemand klimt over een schutting",
        "rij hier met een klant over de Dorpsweg, 3 jongens bij de bushalte",
        "fiets de kinderen naar school, man voelt aan autodeuren",
        "zit in de auto maar wilde even zeggen dat de lamp kapot is",
        "grijze golf komt me tegemoet met hoge snelheid",
        "I'm right behind them in my taxi",
    ],
)
def test_driving_or_cycling_there_while_typing_is_driving(text: str) -> None:
    assert "driving" in _tags(text)[1]


@pytest.mark.parametrize(
    "text, label",
    [
        # near misses: what a neighbour writes just as often
        ("niks aan de hand hier, gewoon de buren", "reaction"),
        ("Bij de bakker hebben ze weer verse appeltaart", "reaction"),
        ("ik bel je morgen wel over de vergadering", "reaction"),
        ("ik verwacht de politie morgen voor de aangifte", "signal"),
        ("we verwachten veel regen vannacht", "signal"),
        ("ze hebben hem gezien bij de brug", "closure"),
        ("de politie komt niet meer, zeggen ze", "closure"),
    ],
)
def test_near_misses_get_no_such_label(text: str, label: str) -> None:
    assert label not in _tags(text)[0]


@pytest.mark.parametrize(
    "text, violation",
    [
        ("die komt er niet mee weg als de politie hem pakt", "vigilante"),
        ("de politie haalt ze wel in", "vigilante"),
        ("ik rij morgen even langs", "driving"),
        ("sta nu stil aan de kant, rij er zo heen", "driving"),
        ("we gaan er zo aan werken", "vigilante"),
        ("ik verwacht dat de wijkagent langskomt", "vigilante"),
    ],
)
def test_near_misses_get_no_such_violation(text: str, violation: str) -> None:
    assert violation not in _tags(text)[1]
