"""Corrections applied to the analysed messages: labels, violations and which incident a message is in.

The automatic analysis is left as it is and the corrections are laid over its result, in the order they
were made, so a correction always means what the coordinator saw when making it. The figures are then
counted again from the corrected messages (``analysis.corrected``). What each action does is written in
docs/store.md; the rules that keep the result a valid analysis:

- every incident opens with a signal: an incident whose report lost its signal (by hand, or because the
  report was taken out) opens at its next message, and disappears when none is left;
- follow-up labels (update, reaction, closure) mean nothing outside an incident: a message taken out of
  one loses them, as the automatic cut does; an alarm is kept (it still says the police were called);
- system lines carry no labels and belong to no incident, whatever a correction says.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from analysis.corrections import (
    JOIN_PREVIOUS,
    LEAVE_INCIDENT,
    MARK_112,
    NO_INCIDENT,
    SET_LABELS,
    START_INCIDENT,
    Correction,
)
from analysis.incidents import NS_PER_MINUTE, is_system, saar_steps
from analysis.model import LABELS, VIOLATIONS
from analysis.reasons import label_names

FOLLOW_UPS = ("update", "reaction", "closure")
NOT_IN_EXPORT = -1  # the row of a correction whose message is not in this export: it is skipped

#: Dutch words appended to a corrected message's reasons (the thread view shows them).
REASON_PREFIX = "Correctie"
ACTION_WORDS = {
    MARK_112: "112-melding",
    START_INCIDENT: "nieuw incident begint hier",
    JOIN_PREVIOUS: "hoort bij het incident ervoor",
    LEAVE_INCIDENT: "hoort niet bij dit incident",
    NO_INCIDENT: "geen incident",
}


@dataclass(frozen=True)
class Applied:
    """The corrected messages and, per row, whether a correction changed it and how many codes it changed."""

    messages: pd.DataFrame
    corrected: np.ndarray  # bool: a label, violation or the incident differs from the automatic analysis
    changed_codes: np.ndarray  # int64: label and violation codes that differ
    structure_changed: bool  # some incident was started, joined, split or removed
    new_openers: np.ndarray  # rows that open an incident the automatic analysis did not open


@dataclass
class _State:
    """The messages as arrays while the corrections are laid over them."""

    flags: dict[str, np.ndarray]
    incident: np.ndarray  # incident number per row, -1 outside
    group: np.ndarray
    times: np.ndarray  # int64 ns
    system: np.ndarray
    position: np.ndarray  # rank of each row in (group, time, row) order
    order: np.ndarray  # rows in that order
    gaps: np.ndarray  # quiet gap (ns) per row's group
    signal_removed: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    next_number: int = 0
    structure_changed: bool = False
    notes: dict[int, list[str]] = field(default_factory=dict)

    def members(self, number: int) -> np.ndarray:
        return np.flatnonzero(self.incident == number)

    def opener(self, number: int) -> int:
        """The incident's report: its earliest message with a signal (its earliest message without one)."""
        rows = self.members(number)
        signals = rows[self.flags["signal"][rows]]
        chosen = signals if len(signals) else rows
        return int(chosen[np.argmin(self.position[chosen])]) if len(chosen) else NOT_IN_EXPORT

    def clear_follow_ups(self, rows: np.ndarray) -> None:
        for name in ("signal", *FOLLOW_UPS):
            self.flags[name][rows] = False


def apply_to_messages(
    messages: pd.DataFrame,
    corrections: Sequence[Correction],
    rows: Sequence[int],
    quiet_gap_minutes: Mapping[str, float],
) -> Applied:
    """Lay ``corrections`` (in ``id`` order) over analysed ``messages``; ``rows[i]`` is the position of
    correction i's message in ``messages`` (NOT_IN_EXPORT when it is not there: that one does nothing).

    ``quiet_gap_minutes`` per group bounds a new incident started outside any incident, as in the cut.
    """
    state = _state(messages, quiet_gap_minutes)
    before = {name: flags.copy() for name, flags in state.flags.items()}
    before_openers = _opener_of_rows(state)
    for correction, row in sorted(zip(corrections, rows, strict=True), key=lambda pair: pair[0].id):
        if row == NOT_IN_EXPORT or state.system[row]:
            continue
        _apply_one(state, correction, int(row))
    _every_incident_opens_with_a_signal(state)
    after_openers = _opener_of_rows(state)
    changed = np.zeros(len(messages), dtype=np.int64)
    for name, flags in state.flags.items():
        changed += flags != before[name]
    corrected = (changed > 0) | (before_openers != after_openers)
    openers = np.unique(after_openers[after_openers >= 0])
    new_openers = openers[~np.isin(openers, before_openers[before_openers >= 0])]
    return Applied(
        messages=_messages(messages, state, corrected),
        corrected=corrected,
        changed_codes=changed,
        structure_changed=state.structure_changed,
        new_openers=new_openers,
    )


def _state(messages: pd.DataFrame, quiet_gap_minutes: Mapping[str, float]) -> _State:
    n = len(messages)
    flags = {name: messages[name].to_numpy(bool).copy() for name in LABELS}
    violations = messages["violations"].to_numpy(object)
    for code in VIOLATIONS:
        flags[code] = np.fromiter((code in (v or ()) for v in violations), dtype=bool, count=n)
    number, _ = pd.factorize(messages["incident"].to_numpy(object))
    group = messages["group"].astype("string").fillna("").to_numpy(object)
    times = messages["timestamp"].to_numpy("datetime64[ns]").astype(np.int64)
    group_codes, _ = pd.factorize(group, sort=True)
    order = np.lexsort((np.arange(n), times, group_codes))
    position = np.empty(n, dtype=np.int64)
    position[order] = np.arange(n)
    gap_of = {g: float(m) * NS_PER_MINUTE for g, m in quiet_gap_minutes.items()}
    gaps = np.array([gap_of.get(g, 60.0 * NS_PER_MINUTE) for g in group], dtype=np.float64)
    return _State(
        flags=flags,
        incident=number.astype(np.int64),
        group=group,
        times=times,
        system=is_system(messages["kind"]),
        position=position,
        order=order,
        gaps=gaps,
        signal_removed=np.zeros(n, dtype=bool),
        next_number=int(number.max()) + 1 if n else 0,
    )


def _note(state: _State, row: int, what: str, correction: Correction) -> None:
    why = f" (waarom: {correction.note.strip()})" if correction.note.strip() else ""
    state.notes.setdefault(row, []).append(f"{REASON_PREFIX}: {what}{why}")


def _apply_one(state: _State, correction: Correction, row: int) -> None:
    action = correction.action
    if action in (SET_LABELS, MARK_112):
        names = label_names()
        for code, value in correction.changes().items():
            state.flags[code][row] = bool(value)
            if code == "signal":
                state.signal_removed[row] = not value
        words = ", ".join(f"{names[c]} {'aan' if v else 'uit'}" for c, v in correction.changes().items())
        _note(state, row, ACTION_WORDS[MARK_112] if action == MARK_112 else words, correction)
        return
    handlers = {
        START_INCIDENT: _start_incident,
        JOIN_PREVIOUS: _join_previous,
        LEAVE_INCIDENT: _leave_incident,
        NO_INCIDENT: _no_incident,
    }
    if handlers[action](state, row):
        state.structure_changed = True
        _note(state, row, ACTION_WORDS[action], correction)


def _start_incident(state: _State, row: int) -> bool:
    """A new incident opens at ``row``: the rest of its incident from there on, or, outside any incident,
    the messages after it until the conversation stops (a quiet gap, another incident, a closure)."""
    new = state.next_number
    state.next_number += 1
    old = int(state.incident[row])
    state.flags["signal"][row], state.flags["update"][row] = True, False
    state.signal_removed[row] = False
    if old >= 0:
        rows = state.members(old)
        state.incident[rows[state.position[rows] >= state.position[row]]] = new
        return True
    state.incident[row] = new
    last = state.times[row]
    for later in state.order[state.position[row] + 1 :].tolist():
        if state.group[later] != state.group[row]:
            break
        if state.system[later]:
            continue
        if state.incident[later] >= 0 or state.times[later] - last > state.gaps[row]:
            break
        state.incident[later] = new
        last = state.times[later]
        if state.flags["closure"][later]:
            break
    return True


def _join_previous(state: _State, row: int) -> bool:
    """``row`` joins the latest incident of its group that opened before it (with its own incident,
    when it was that incident's report); a report that joins becomes an update."""
    own = int(state.incident[row])
    same_group = np.flatnonzero((state.group == state.group[row]) & (state.incident >= 0))
    candidates = {int(n) for n in np.unique(state.incident[same_group])} - {own}
    openers = {n: state.opener(n) for n in candidates}
    before = [n for n, o in openers.items() if state.position[o] < state.position[row]]
    if not before:
        return False
    previous = max(before, key=lambda n: state.position[openers[n]])
    if own >= 0 and state.opener(own) == row:
        state.incident[state.members(own)] = previous
    else:
        state.incident[row] = previous
    if state.flags["signal"][row]:
        state.flags["signal"][row], state.flags["update"][row] = False, True
    return True


def _leave_incident(state: _State, row: int) -> bool:
    """``row`` leaves its incident and its follow-up labels; when it was the report, the next message
    of the incident opens it."""
    own = int(state.incident[row])
    if own < 0:
        return False
    state.incident[row] = -1
    state.clear_follow_ups(np.array([row]))
    return True


def _no_incident(state: _State, row: int) -> bool:
    """The incident of ``row`` is no incident: its messages leave it and lose their follow-up labels."""
    own = int(state.incident[row])
    if own < 0:
        return False
    rows = state.members(own)
    state.incident[rows] = -1
    state.clear_follow_ups(rows)
    return True


def _every_incident_opens_with_a_signal(state: _State) -> None:
    """An incident without a signal opens at its earliest message whose signal was not removed by hand;
    without such a message it is no incident."""
    inside = np.flatnonzero(state.incident >= 0)
    if len(inside) == 0:
        return
    with_signal = np.unique(state.incident[inside[state.flags["signal"][inside]]])
    for number in np.setdiff1d(np.unique(state.incident[inside]), with_signal).tolist():
        rows = state.members(number)
        rows = rows[np.argsort(state.position[rows])]
        allowed = rows[~state.signal_removed[rows]]
        if len(allowed):
            state.flags["signal"][allowed[0]], state.flags["update"][allowed[0]] = True, False
        else:
            state.incident[rows] = -1
            state.clear_follow_ups(rows)
        state.structure_changed = True


def _opener_of_rows(state: _State) -> np.ndarray:
    """Per row, the row of its incident's report (-1 outside): incident membership that ignores ids."""
    result = np.full(len(state.incident), -1, dtype=np.int64)
    for number in np.unique(state.incident[state.incident >= 0]).tolist():
        result[state.members(number)] = state.opener(number)
    return result


def _messages(messages: pd.DataFrame, state: _State, corrected: np.ndarray) -> pd.DataFrame:
    """The corrected messages: labels, violations, saar_step, incident ids and reasons."""
    out = messages.copy()
    touched = np.flatnonzero(corrected)
    for name in LABELS:
        out[name] = state.flags[name]
    violations = out["violations"].to_numpy(object).copy()
    for row in touched.tolist():
        violations[row] = tuple(code for code in VIOLATIONS if state.flags[code][row])
    out["violations"] = violations
    out["saar_step"] = saar_steps(out)
    if state.structure_changed:
        out["incident"] = pd.array(_incident_ids(state), dtype="string")
    reasons = out["reasons"].to_numpy(object).copy()
    for row, notes in state.notes.items():
        reasons[row] = (*tuple(reasons[row] or ()), *notes)
    out["reasons"] = reasons
    return out


def _incident_ids(state: _State) -> np.ndarray:
    """Ids "<group>#<YYYY-MM-DD>#<n>" as the cut gives them: n counts a group's incidents of a day."""
    numbers = np.unique(state.incident[state.incident >= 0]).tolist()
    openers = np.array([state.opener(n) for n in numbers], dtype=np.int64)
    days = pd.to_datetime(state.times[openers]).strftime("%Y-%m-%d").to_numpy(object)
    frame = pd.DataFrame({"number": numbers, "group": state.group[openers], "day": days})
    frame = frame.iloc[np.argsort(state.position[openers], kind="stable")]
    frame["n"] = frame.groupby(["group", "day"], sort=False).cumcount() + 1
    labels = frame["group"] + "#" + frame["day"] + "#" + frame["n"].astype(str)
    names = dict(zip(frame["number"], labels, strict=True))
    ids = np.full(len(state.incident), None, dtype=object)
    inside = state.incident >= 0
    ids[inside] = [names[n] for n in state.incident[inside].tolist()]
    return ids
