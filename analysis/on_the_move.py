"""Rule 7 across a writer's own messages: typing during a chase, stopping, and the chase that was lost.

The guide: writing during or straight after a car chase is `driving` unless the writer says they stopped,
parked or are a passenger, and "was hem toch al kwijt" after one's own chase is `vigilante`. The messages
typed during a chase rarely repeat that the writer is at the wheel ("ze zien me. laden in. rijden weg"),
so these labels follow the writer through the incident for a few minutes; and a message that says the
writer stopped is never `driving`, whatever its other words (or a model) suggest.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from analysis.reasons import explain

REASON_STILL_DRIVING = (
    "schreef {minutes} min eerder in dit incident al onderweg, en zegt niet gestopt te zijn"
)
REASON_CHASE_LOST = "meldt het einde van de eigen achtervolging (eerder in dit incident)"
REASON_CHASE_NEWS = "meldt hoe de eigen achtervolging of blokkade verloopt (eerder in dit incident)"
REASON_STOPPED = "zegt gestopt of geparkeerd te staan, label vervalt"


@dataclass(frozen=True)
class MoveRules:
    """How long a writer counts as still on the move, and the words that end it or report a lost chase."""

    minutes: float
    stopped: re.Pattern[str]  # stopped now: never `driving`, and the move ends
    ended: re.Pattern[str]  # no longer on the move (on foot, home, a passenger): the move ends
    lost: re.Pattern[str]
    news: re.Pattern[str]  # how one's own chase or blockade goes: got past, caught up with, stuck

    @classmethod
    def from_words(
        cls,
        minutes: float,
        stopped: tuple[str, ...],
        ended: tuple[str, ...],
        lost: tuple[str, ...],
        news: tuple[str, ...],
    ) -> MoveRules:
        return cls(minutes, _words(stopped), _words(ended), _words(lost), _words(news))


@dataclass(frozen=True)
class Moves:
    """What the writer's own messages change: violations added (with reasons) and `driving` taken away."""

    added: dict[int, list[tuple[str, str]]]
    stopped: list[int]


def _words(words: tuple[str, ...]) -> re.Pattern[str]:
    if not words:
        return re.compile(r"(?!)")
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"\b(?:{alternatives})\b", re.IGNORECASE)


def carried_violations(
    positions: np.ndarray,
    incident_of: np.ndarray,
    author_at: Callable[[int], str],
    minutes: np.ndarray,
    violations_at: Callable[[int], tuple[str, ...]],
    labelled: np.ndarray,
    text_at: Callable[[int], str],
    rules: MoveRules,
) -> Moves:
    """Rule-7 changes at sorted ``positions`` (inside incidents, in time order).

    ``driving`` carries on from a message flagged `driving` to the writer's later messages about the
    incident (``labelled``: an update, reaction or closure) for ``rules.minutes`` after their last message on
    the move, until a message of theirs says they stopped or left the car; a message that says they stopped
    loses `driving`; a message of theirs within that time after their own `vigilante` message that says the
    chase was lost, or how it goes (the suspects got past them, ran into their blockade, are caught up with or
    stuck; being seen alone is not), is `vigilante` (the guide: "only on messages that themselves report
    following, catching up with or losing").
    """
    added: dict[int, list[tuple[str, str]]] = {}
    stopped_rows: list[int] = []
    moving_since: dict[tuple[int, str], float] = {}
    chasing_since: dict[tuple[int, str], float] = {}
    for pos in positions.tolist():
        incident = int(incident_of[pos])
        if incident < 0:
            continue
        key = (incident, author_at(pos))
        now = float(minutes[pos])
        codes = violations_at(pos)
        text = text_at(pos)
        if rules.stopped.search(text):
            moving_since.pop(key, None)
            if "driving" in codes:
                stopped_rows.append(pos)
        elif "driving" in codes:
            moving_since[key] = now
        elif key in moving_since:
            gap = now - moving_since[key]
            if gap > rules.minutes or rules.ended.search(text):
                del moving_since[key]
            elif labelled[pos]:
                reason = REASON_STILL_DRIVING.format(minutes=round(gap))
                added.setdefault(pos, []).append(("driving", explain("driving", reason)))
                moving_since[key] = now
        if "vigilante" in codes:
            chasing_since[key] = now
        elif key in chasing_since and now - chasing_since[key] <= rules.minutes:
            if rules.lost.search(text):
                added.setdefault(pos, []).append(("vigilante", explain("vigilante", REASON_CHASE_LOST)))
            elif rules.news.search(text):
                added.setdefault(pos, []).append(("vigilante", explain("vigilante", REASON_CHASE_NEWS)))
    return Moves(added, stopped_rows)
