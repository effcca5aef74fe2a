"""An instruction to call 112 is no 112 confirmation, but the short answer to it is (guide: alarm).

Found on the first split's measure writers once they became development writers: "Gerda, bel 112!" was
counted as the first 112 call, so the time to 112 came out minutes early, and "bel nu" in answer to it
was missed. These sentences are written for the test, in the phrasings of that family.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from analysis import analyse
from analysis.tagger import tag_texts
from exportgen.chat import Chat, Message
from exportgen.render import render
from parsers import read_chat


@pytest.mark.parametrize(
    "text",
    [
        "Gerda, bel 112!",
        "Kees bel 112!!",
        "Ja Ria, bel 112, hij is er nu nog",
        "Heeft hij een armbandje of pasje met naam? En bel 112 Hiba",
        "Anja laat haar ophangen!! En bel de politie",
        "dan bel ik 112 even af dat het niks was",
    ],
)
def test_an_instruction_or_a_call_off_is_no_alarm(text: str) -> None:
    assert not tag_texts([text]).iloc[0]["alarm"]


@pytest.mark.parametrize(
    "text",
    [
        "ik bel 112",
        "Nu bel ik de politie",
        "Marek belt 112",
        "Wim heeft al gebeld, verder niemand meer bellen aub",
        "de buurvrouw van de melder heeft net gebeld",
        "NIEMAND erop af. Licht aan en afstand houden. Politie komt",
        "Ja, ik blijf aan de lijn. Ze vragen welke kant ze op gaan.",
        "112 gebeld, zeggen dat ik afstand moet houden en niks aanraken",
        "Ik heb de agenten het kenteken en de richting gegeven, ze rijden er nog achteraan.",
        "DRINGEND. In onze groep: meneer Van Dam (84) is zoek. Familie heeft de politie gebeld.",
        # found on w14-w17 once they became development writers; written for the test
        "Er is al twee keer gebeld, niet allemaal bellen",
        "Karin heeft gebeld, verder niemand meer bellen",
        "was net aan het bellen, ze komen eraan",
        "I'm calling now",
        "Told the dispatcher which way he went",
        "They say a car is on its way, I'm staying on the line",
        "Reported. They want to know the colour of the van",
    ],
)
def test_saying_the_police_know_is_an_alarm(text: str) -> None:
    assert tag_texts([text]).iloc[0]["alarm"]


@pytest.mark.parametrize(
    "text",
    ["Oma heeft gebeld of we komen eten", "I am on the phone now, be right back", "Is er al gebeld?"],
)
def test_a_phone_call_that_is_not_about_112_is_no_alarm(text: str) -> None:
    assert not tag_texts([text]).iloc[0]["alarm"]


def test_the_short_answer_to_an_instruction_is_the_first_112_call() -> None:
    """'Anouk, bel 112' at 14:01 asks; Anouk's 'bel nu' at 14:03 is the call: 3 minutes to 112, not 1."""
    records = [
        Message(
            datetime(2026, 2, 7, 14, 0),
            "Els",
            "Jongetje van een jaar of 5 loopt alleen huilend over de Dorpsstraat",
        ),
        Message(datetime(2026, 2, 7, 14, 1), "Els", "Ik ga naar hem toe. Anouk, bel 112"),
        Message(datetime(2026, 2, 7, 14, 3), "Anouk", "bel nu"),
        Message(datetime(2026, 2, 7, 14, 20), "Els", "Moeder is gevonden, alles goed"),
    ]
    chat = read_chat(render(Chat("Buurtpreventie Proefdorp", records), "android-nl").encode(), name="x.txt")
    result = analyse(chat)
    messages = result.messages[result.messages["kind"] != "system"]
    assert list(messages["alarm"]) == [False, False, True, False]
    assert len(result.incidents) == 1
    assert result.incidents.iloc[0]["minutes_to_112"] == pytest.approx(3.0)
