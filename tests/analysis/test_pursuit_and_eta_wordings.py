"""Rule 7 and 112 in the wordings the fourth measure writers used (w22-w25), as families.

Found on w22-w25 once they became development writers: the writer's own pursuit ("ik zit er 20 meter
achter", "hang erachter", "blijf erop"), blows given or urged ("geef hem een lel", "ram ze van de weg"),
detaining and cornering ("we houden em vast", "hij kan nergens heen"), weapons taken along, cycling or riding
while typing, the police's arrival time that only a caller can know ("politie zegt 4 min"), and short
answers to "wie belt?" with an apology or a reason. The sentences are written for this test, in those
phrasings, beside the near misses a neighbour writes just as often.
"""

from __future__ import annotations

import pytest

from analysis.tagger import tag_texts


def _tags(text: str) -> tuple[set[str], set[str], str]:
    row = tag_texts([text]).iloc[0]
    labels = {name for name in ("signal", "alarm", "update", "reaction", "closure") if row[name]}
    topic = row["topic"]
    return labels, set(row["violations"]), "" if topic != topic else str(topic)


@pytest.mark.parametrize(
    "text",
    [
        # the writer's own pursuit
        "ik zit er nu 30 meter achter, ze gaan richting centrum",
        "hang erachter, ze slaan de Dorpsstraat in",
        "ik blijf erop tot de brug",
        "ik keer om, zo zit ik er bovenop",
        "ze rennen weg, ik erachteraan",
        "rij met hem mee over de Stationsweg",
        # blows given or urged
        "geef die gast een dreun",
        "ram ze van de weg",
        "ik sleur die jongens van hun fietsen af",
        "die krijgt een trap onder zijn kont",
        "heb hem een kopstoot gegeven, nu is ie rustig",
        "volgende keer pak ik hem",
        "gaan we ze eens even leren",
        "wie hier wat komt halen krijgt met mij te maken",
        # weapons taken along
        "ik loop mee met de honkbalknuppel",
        "iedereen een riek achter de deur",
        # detaining and cornering
        "we houden die jongen vast tot de politie er is",
        "ik lig bovenop hem",
        "ik heb hem!!",
        "hij kan nergens heen",
        "langs ons komt hij niet",
        # other languages
        "Wenn ich den erwische, gibt's Prügel",
        "going after them in the van",
    ],
)
def test_pursuit_blows_detaining_and_weapons_are_vigilante(text: str) -> None:
    assert "vigilante" in _tags(text)[1]


@pytest.mark.parametrize(
    "text",
    [
        "ik zit achter de computer, wat is er aan de hand?",
        "ik blijf erop letten vannacht",
        "die kan nergens heen met al die boodschappen",
        "geef hem een compliment van mij",
        "ik heb hem gisteren nog gesproken",
        "the kids are chasing the ball in the street",
        "volgende keer neem ik taart mee",
        "politie zit er achter aan",
        "laat de politie hem maar vasthouden",
    ],
)
def test_near_misses_are_no_vigilante(text: str) -> None:
    assert "vigilante" not in _tags(text)[1]


@pytest.mark.parametrize(
    "text",
    [
        "fiets nu langs de school, niks te zien",
        "op de scooter nu, zie ze bij de kerk",
        "ben op de fiets, sta bij de brug en zie niemand",
        "ik rij met de auto langs het park",
        "typ even vanuit de auto: grijze bus",
        "ben net de rotonde op, ze gaan links",
        "kom net van mijn werk aanrijden, zie iemand bij de schuur",
        "cycling past the shop now, shutter is open",
    ],
)
def test_cycling_riding_and_driving_now_is_driving(text: str) -> None:
    assert "driving" in _tags(text)[1]


@pytest.mark.parametrize(
    "text",
    [
        "ik rij straks even langs",
        "fiets met de kinderen naar school morgen?",
        "mijn fiets is gisteren gestolen",
        "wie kan er op de fiets even gaan kijken?",
    ],
)
def test_later_or_someone_elses_ride_is_no_driving(text: str) -> None:
    assert "driving" not in _tags(text)[1]


@pytest.mark.parametrize(
    "text",
    [
        "politie komt er zo aan",
        "politie is 2 minuten weg",
        "politie zegt 4 min",
        "agenten zijn over 5 min hier",
        "2 auto's komen eraan",
        "0900 zegt dat er een auto langskomt",
        "ik heb ze ook aan de lijn",
        "hang aan de lijn",
        "De buurvrouw het 112 al beld",
        "Ik bel 112, als hij wegrijdt moeten ze het kenteken hebben",
        "Polizei weiß Bescheid, die schicken jemanden",
        "Ambulance still on its way, dispatcher said 8 minutes",
    ],
)
def test_arrival_time_and_on_the_line_is_alarm(text: str) -> None:
    assert "alarm" in _tags(text)[0]


@pytest.mark.parametrize(
    "text",
    [
        "de bus komt over 5 min",
        "ik ben er over 5 minuten",
        "hang aan de lijn met mijn moeder",
        "als hij terugkomt bel ik 112",
        "ik bel als hij terugkomt",
        "I uploaded the minutes of the meeting",
    ],
)
def test_near_misses_are_no_alarm(text: str) -> None:
    assert "alarm" not in _tags(text)[0]


@pytest.mark.parametrize(
    "text", ["Ik bel wel, zit vlakbij", "ik bel ze.", "nee sorry, doe ik nu", "ik dus 🙄", "Ich mach das"]
)
def test_short_answers_with_a_reason_answer_who_calls(text: str) -> None:
    assert _tags(text)[2] == "call_answer"


def test_a_longer_message_about_calling_someone_else_is_no_call_answer() -> None:
    assert _tags("ik bel wel eens met mijn zus over de buurt")[2] != "call_answer"
