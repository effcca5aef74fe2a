"""The nine failure families: conversations written and labelled from the guide by someone who never saw
the tagger (tests/data/families/, docs/tagger.md). Each family keeps a floor: the share of messages whose
labels and violations are exactly the guide's, and of conversations whose incidents are grouped as labelled.
Raise a floor when the tagger gets better. Never lower one for a rule change; when retrained models move a
family, lower it once and write down which messages changed and why (below)."""

from __future__ import annotations

import pytest

from tests.families import FAMILIES, cases, judged, same_grouping

#: family -> (messages exactly right, conversations grouped right): a little below docs/tagger.md.
#: 2026-12-06: families 2 and 9 lowered (from 0.88 and 0.78/0.90) once, when the shipped models were
#: retrained on 20 writers (w14-w17 added): with the same rules the new models get one message of family 2,
#: and two messages and one conversation's grouping of family 9, wrong that the 16-writer models got right
#: (docs/tagger.md, "The nine failure families").
#: 2026-12-06 (third session): family 4 lowered from 0.87 when the models were retrained on 24 writers
#: (w18-w21 added): the rules still get all three right, but the new context model adds a reaction to "ik bel
#: even" and takes the closure from "Hij is weg, ... Als hij terugkomt bel ik meteen" and "was de thuiszorg
#: voor 112"; it gets "Heb de politie het kenteken ... gegeven" right that the 20-writer models missed.
FLOORS: dict[int, tuple[float, float]] = {
    1: (0.75, 0.85),
    2: (0.87, 0.95),
    3: (0.85, 0.90),
    4: (0.85, 0.95),
    5: (0.77, 0.85),
    6: (0.83, 0.85),
    7: (0.87, 0.95),
    8: (0.68, 0.90),
    9: (0.74, 0.85),
}


def test_every_family_has_twenty_guide_labelled_conversations() -> None:
    assert set(FLOORS) == set(FAMILIES)
    for family in FAMILIES:
        conversations = cases(family)
        assert len(conversations) == 20
        assert sum(case["why"].startswith("near miss") for case in conversations) >= 5


@pytest.mark.parametrize("family", list(FAMILIES), ids=[f"{k}-{v[:30]}" for k, v in FAMILIES.items()])
def test_family_floor(family: int) -> None:
    items = judged(family)
    wrong = [
        f"{i.text[:70]!r}: guide {sorted(i.expected)}, tagger {sorted(i.found)}"
        for i in items
        if i.expected != i.found
    ]
    share = 1 - len(wrong) / len(items)
    by_case: dict[int, list] = {}
    for item in items:
        by_case.setdefault(item.case, []).append(item)
    grouped = sum(same_grouping(found) for found in by_case.values()) / len(by_case)
    messages_floor, grouping_floor = FLOORS[family]
    assert share >= messages_floor, f"family {family}: {share:.0%} right\n" + "\n".join(wrong)
    assert grouped >= grouping_floor, (
        f"family {family}: incidents grouped right in {grouped:.0%} of the cases"
    )


def test_a_short_answer_to_who_calls_is_a_112_confirmation_but_not_elsewhere() -> None:
    """Family 4 in miniature: 'ja ik' answers 'wie belt 112?'; after a party invitation it does not."""
    from datetime import datetime

    from analysis import analyse
    from exportgen.chat import Chat, Message
    from exportgen.render import render
    from parsers import read_chat

    records = [
        Message(
            datetime(2026, 3, 2, 21, 0), "Karin", "Er loopt een man met een zaklamp door de achtertuinen"
        ),
        Message(datetime(2026, 3, 2, 21, 1), "Piet", "Wie belt er 112?"),
        Message(datetime(2026, 3, 2, 21, 2), "Joop", "ja ik"),
        Message(datetime(2026, 3, 4, 10, 0), "Karin", "Komt er iemand naar de nieuwjaarsborrel?"),
        Message(datetime(2026, 3, 4, 10, 1), "Piet", "ja ik"),
    ]
    chat = read_chat(render(Chat("Buurtpreventie Proefwijk", records), "android-nl").encode(), name="x.txt")
    messages = analyse(chat).messages
    messages = messages[messages["kind"] != "system"]
    assert list(messages["alarm"]) == [False, False, True, False, False]
