"""Rule 7 follows the writer through an incident (analysis/on_the_move.py, the labelling guide).

"Writing during or straight after a car chase is `driving` unless the writer says they stopped, parked or
are a passenger", and "was hem toch al kwijt" after one's own chase is `vigilante`; the messages typed
during the chase rarely say so again.
"""

from __future__ import annotations

import pytest

from analysis import analyse
from parsers import read_chat

CHASE = """\
12-03-2025 21:40 - Ans: Man probeert autodeuren aan de Kerkstraat, 112 gebeld
12-03-2025 21:42 - Rob: rij nu achter hem aan richting de dijk
12-03-2025 21:44 - Rob: hij gaat rechtsaf de Dijkweg op, grijze jas
12-03-2025 21:45 - Rob: pfff
12-03-2025 21:46 - Rob: kwijt bij de rotonde
12-03-2025 21:47 - Rob: sta nu stil bij de rotonde, politie is er
12-03-2025 21:49 - Rob: ze rijden de Dijkweg af met zwaailicht
12-03-2025 21:50 - Ans: hij gaat rechtsaf de Molenweg op zegt de buurman
"""


@pytest.fixture(scope="module")
def chase() -> dict[str, set[str]]:
    result = analyse(read_chat(CHASE.encode(), group="Kerkbuurt"))
    messages = result.messages
    assert messages["incident"].notna().all(), "the whole chase is one incident"
    return {text: set(v) for text, v in zip(messages["text"], messages["violations"], strict=True)}


def test_messages_typed_during_the_chase_are_driving(chase: dict[str, set[str]]) -> None:
    assert "driving" in chase["rij nu achter hem aan richting de dijk"]
    assert "driving" in chase["hij gaat rechtsaf de Dijkweg op, grijze jas"]
    assert "driving" in chase["kwijt bij de rotonde"]


def test_losing_ones_own_chase_is_vigilante(chase: dict[str, set[str]]) -> None:
    assert "vigilante" in chase["kwijt bij de rotonde"]


def test_stopping_ends_it_and_others_are_not_carried(chase: dict[str, set[str]]) -> None:
    assert "driving" not in chase["sta nu stil bij de rotonde, politie is er"]
    assert "driving" not in chase["ze rijden de Dijkweg af met zwaailicht"]
    assert "driving" not in chase["hij gaat rechtsaf de Molenweg op zegt de buurman"]


def test_a_sigh_during_the_chase_says_nothing_about_the_incident(chase: dict[str, set[str]]) -> None:
    assert "driving" not in chase["pfff"]


BLOCKADE = """\
03-10-2025 23:10 - Kees: Twee man bij de schuur van Hendriks aan de Polderweg, ze laden een aanhanger vol
03-10-2025 23:11 - Marja: 112 gebeld, politie komt
03-10-2025 23:12 - Kees: ik zet mijn trekker voor de uitrit, dan kunnen ze nergens heen
03-10-2025 23:15 - Kees: ze zien de trekker en laten alles staan, rennen het veld in
03-10-2025 23:16 - Marja: ze rennen richting de Polderweg zegt mijn buurman
"""


def test_how_ones_own_blockade_goes_is_vigilante_and_others_reports_are_not() -> None:
    """The guide: `vigilante` on the messages that themselves report following, catching up or losing."""
    messages = analyse(read_chat(BLOCKADE.encode(), group="Polder")).messages
    violations = {text: set(v) for text, v in zip(messages["text"], messages["violations"], strict=True)}
    assert "vigilante" in violations["ik zet mijn trekker voor de uitrit, dan kunnen ze nergens heen"]
    assert "vigilante" in violations["ze zien de trekker en laten alles staan, rennen het veld in"]
    assert "vigilante" not in violations["ze rennen richting de Polderweg zegt mijn buurman"]


def test_only_being_seen_after_ones_own_threat_is_no_vigilante() -> None:
    chat = BLOCKADE.replace("ze zien de trekker en laten alles staan", "ze zien me staan en lopen weg")
    messages = analyse(read_chat(chat.encode(), group="Polder")).messages
    seen = messages.loc[messages["text"].str.startswith("ze zien me staan"), "violations"].iloc[0]
    assert "vigilante" not in set(seen)
