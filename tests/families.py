"""The nine failure families of the tagger (docs/tagger.md): short conversations written and labelled from
the guide by a writer who never saw the tagger (tests/data/families/), run through ``analysis.analyse``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path

import yaml

FAMILY_DIR = Path(__file__).parent / "data" / "families"
FAMILIES = {
    1: "incidents that open late or without a clear report",
    2: "reports without a trigger noun",
    3: "side-issue words inside incident content",
    4: "112 phrasings and what is not an alarm",
    5: "reactions",
    6: "closures",
    7: "off-topic and no label",
    8: "English",
    9: "Dutch compounds",
}
GROUP = "Buurtpreventie Proefwijk"
FIRST_DAY = datetime(2026, 3, 2)


@dataclass(frozen=True)
class Judged:
    family: int
    case: int
    why: str
    text: str
    expected: frozenset[str]
    found: frozenset[str]
    expected_incident: str | None
    found_incident: str | None


@cache
def cases(family: int) -> list[dict]:
    return yaml.safe_load((FAMILY_DIR / f"family{family}.yaml").read_text(encoding="utf-8"))


@cache
def judged(family: int) -> tuple[Judged, ...]:
    """Every message of the family's cases with the expected and the found labels and violations.

    Each case is one evening of its own (a day apart), so cases never share an incident.
    """
    from analysis import analyse
    from exportgen.chat import Chat, Message
    from exportgen.render import render
    from parsers import read_chat

    records, expected = [], []
    for k, case in enumerate(cases(family)):
        day = FIRST_DAY + timedelta(days=2 * k)
        for message in case["messages"]:
            hour, minute = (int(x) for x in str(message["at"]).split(":"))
            records.append(Message(at=day.replace(hour=hour, minute=minute), author=message["author"],
                                   text=message["text"]))  # fmt: skip
            codes = set(message.get("labels", [])) | set(message.get("violations", []))
            expected.append((k, case["why"], message["text"], frozenset(codes), message.get("incident")))
    chat = read_chat(render(Chat(GROUP, records), "android-nl").encode("utf-8"), name=f"family{family}.txt")
    messages = analyse(chat).messages
    messages = messages[messages["kind"] != "system"].reset_index(drop=True)
    assert len(messages) == len(expected)
    out = []
    for (k, why, text, codes, letter), (_, row) in zip(expected, messages.iterrows(), strict=True):
        found = {label for label in ("signal", "alarm", "update", "reaction", "closure") if row[label]}
        found |= set(row["violations"] or ())
        incident = row["incident"] if isinstance(row["incident"], str) else None
        out.append(Judged(family, k, why, text, codes, frozenset(found), letter, incident))
    return tuple(out)


def same_grouping(items: list[Judged]) -> bool:
    """Whether the found incidents group a case's messages as the letters do (ids may differ)."""
    pairs = {}
    for item in items:
        if (item.expected_incident is None) != (item.found_incident is None):
            return False
        if item.expected_incident is not None:
            if pairs.setdefault(item.expected_incident, item.found_incident) != item.found_incident:
                return False
    return len(set(pairs.values())) == len(pairs)
