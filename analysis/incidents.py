"""Cutting a tagged chat into incidents, and the per-incident table the regiegroep reviews.

The tagger labels every message on its own; whether a message is part of a running incident
only shows in context. This module adds that context: it decides where incidents start and
stop, turns a second report about the same situation into an update, attaches a "112 gebeld"
sent just before the report, and clears follow-up labels that have no incident to follow up.
The rules are documented in docs/metrics.md; their numbers live in data/incident_rules.toml.

Speed: the work per message is vectorised (numpy over the chat sorted by group and time);
Python loops run only over signals/closures and over the few messages around them.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from importlib import resources

import numpy as np
import pandas as pd

from analysis.model import INCIDENT_COLUMNS, SAAR_STEPS

NS_PER_MINUTE = 60_000_000_000

#: Reasons this module adds to a message's ``reasons`` (Dutch: a coordinator reads them).
REASON_SIGNAL_TO_UPDATE = "update: nieuwe melding tijdens open incident"
REASON_NEW_SITUATION_LATE = "signal: nieuw incident, lang na de start van het open incident"
REASON_NEW_SITUATION_OTHER = "signal: nieuw incident, ander soort situatie op een andere plek"
REASON_EARLY_ALARM = "alarm: 112-melding vlak voor de melding, hoort bij dat incident"
REASON_OUTSIDE = "{label}: buiten een incident, label vervalt"

IncidentClassifier = Callable[[list[str]], str]


@dataclass(frozen=True)
class IncidentRules:
    """The tunable numbers of the incident cut (see data/incident_rules.toml)."""

    closure_grace_minutes: float = 10
    short_reply_max_chars: int = 200
    new_situation_after_minutes: float = 180
    place_suffixes: tuple[str, ...] = ()
    place_words: tuple[str, ...] = ()
    alarm_lookback_minutes: float = 10
    together_minutes: float = 2
    burst_min_messages: int = 5
    burst_window_minutes: float = 30
    leave_window_hours: float = 48
    _place_pattern: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        suffixes = "|".join(re.escape(s) for s in sorted(self.place_suffixes, key=len, reverse=True))
        words = "|".join(re.escape(w) for w in sorted(self.place_words, key=len, reverse=True))
        parts = [p for p in (suffixes and rf"\w{{2,}}(?:{suffixes})", words) if p]
        pattern = rf"\b(?:{'|'.join(parts)})\b" if parts else r"(?!)"
        object.__setattr__(self, "_place_pattern", re.compile(pattern, re.IGNORECASE))

    def places(self, text: str) -> frozenset[str]:
        """Street and place words in a message ("Merelstraat", "speeltuin"), lower-cased."""
        return frozenset(m.lower() for m in self._place_pattern.findall(text or ""))


def load_incident_rules() -> IncidentRules:
    """The shipped incident rules."""
    text = resources.files("analysis").joinpath("data/incident_rules.toml").read_text(encoding="utf-8")
    values = tomllib.loads(text)
    return IncidentRules(**{k: tuple(v) if isinstance(v, list) else v for k, v in values.items()})


@dataclass
class _Open:
    """An incident while the cut walks through the chat."""

    start: int  # sorted position of the opening signal
    segment: int
    kind: str  # incident type of the opening report
    places: set[str]
    closure: int = -1  # sorted position of the first closure, -1 while open


@dataclass
class _Cut:
    """Result of the walk, in sorted positions."""

    starts: list[int] = field(default_factory=list)  # opening signals
    first: list[int] = field(default_factory=list)  # first message (an earlier alarm or the signal)
    last: list[int] = field(default_factory=list)
    to_update: list[int] = field(default_factory=list)
    new_situation: dict[int, str] = field(default_factory=dict)
    early_alarms: list[int] = field(default_factory=list)


def cut_incidents(
    tagged: pd.DataFrame,
    quiet_gap_minutes: Mapping[str, float],
    classify: IncidentClassifier,
    rules: IncidentRules,
) -> pd.DataFrame:
    """The tagged chat with ``incident`` ids and labels corrected for context.

    ``tagged`` is the parsed chat plus the tagger's columns; ``quiet_gap_minutes`` maps each group
    to its profile's quiet gap. Returns a copy with the same index, labels adjusted (a repeated
    report becomes an update; update/reaction/closure outside incidents are cleared), the
    ``incident`` column added and the reasons extended.
    """
    out = tagged.copy()
    n = len(out)
    member_rows = np.flatnonzero(
        (out["kind"].astype("string") != "system").fillna(False).to_numpy(bool)
        & out["timestamp"].notna().to_numpy()
    )
    group_codes, group_names = pd.factorize(out["group"].astype("string").iloc[member_rows])
    times = out["timestamp"].iloc[member_rows].to_numpy("datetime64[ns]").astype(np.int64)
    order = np.lexsort((times, group_codes))
    rows = member_rows[order]  # frame position of each sorted position
    codes = group_codes[order]
    minutes = times[order] / NS_PER_MINUTE

    labels = {name: out[name].to_numpy(bool).copy() for name in ("signal", "alarm", "update", "reaction", "closure")}
    sorted_labels = {name: values[rows] for name, values in labels.items()}
    texts = out["text"].astype("string").fillna("").to_numpy(object)[rows]

    segment = _segments(codes, minutes, group_names, quiet_gap_minutes)
    segment_last = _segment_last(segment)
    cut = _walk(sorted_labels, texts, minutes, segment, classify, rules)
    _bound(cut, sorted_labels, texts, minutes, segment, segment_last, rules)

    incident_of = _incident_of_position(len(rows), cut)
    ids = _incident_ids(cut, codes, group_names, out["timestamp"].iloc[rows[cut.starts]] if cut.starts else None)

    incident = np.full(n, None, dtype=object)
    inside = incident_of >= 0
    incident[rows[inside]] = ids[incident_of[inside]]
    out["incident"] = pd.array(incident, dtype="string")

    reasons = out["reasons"].to_numpy(object).copy()
    additions: dict[int, list[str]] = {}
    for pos in cut.to_update:
        row = rows[pos]
        labels["signal"][row] = False
        labels["update"][row] = True
        additions.setdefault(row, []).append(REASON_SIGNAL_TO_UPDATE)
    for pos, reason in cut.new_situation.items():
        additions.setdefault(rows[pos], []).append(reason)
    for pos in cut.early_alarms:
        additions.setdefault(rows[pos], []).append(REASON_EARLY_ALARM)
    outside_rows = np.ones(n, dtype=bool)
    outside_rows[rows[inside]] = False
    for name in ("update", "reaction", "closure"):
        cleared = np.flatnonzero(labels[name] & outside_rows)
        labels[name][cleared] = False
        for row in cleared:
            additions.setdefault(int(row), []).append(REASON_OUTSIDE.format(label=name))
    for row, extra in additions.items():
        reasons[row] = tuple(reasons[row] or ()) + tuple(extra)
    for name, values in labels.items():
        out[name] = values
    out["reasons"] = reasons
    out["saar_step"] = saar_steps(out)
    return out


def saar_steps(messages: pd.DataFrame) -> pd.Series:
    """The one SAAR step a table shows: the first of signal, alarm, reaction, update (closure = appen)."""
    signaleren, alarmeren, appen, reageren = SAAR_STEPS
    conditions = [
        messages["signal"].to_numpy(bool),
        messages["alarm"].to_numpy(bool),
        messages["reaction"].to_numpy(bool),
        messages["update"].to_numpy(bool) | messages["closure"].to_numpy(bool),
    ]
    steps = np.select(conditions, [signaleren, alarmeren, reageren, appen], default=None)
    return pd.Series(pd.array(steps, dtype="string"), index=messages.index, name="saar_step")


def _segments(
    codes: np.ndarray, minutes: np.ndarray, group_names: pd.Index, quiet_gap_minutes: Mapping[str, float]
) -> np.ndarray:
    """Number the stretches of conversation: a new one per group and after every quiet gap."""
    if len(codes) == 0:
        return np.zeros(0, dtype=np.int64)
    gaps = np.array([float(quiet_gap_minutes[name]) for name in group_names])[codes]
    new = np.ones(len(codes), dtype=bool)
    new[1:] = (codes[1:] != codes[:-1]) | (np.diff(minutes) > gaps[1:])
    return np.cumsum(new) - 1


def _segment_last(segment: np.ndarray) -> np.ndarray:
    """For each sorted position, the last position of its stretch of conversation."""
    if len(segment) == 0:
        return np.zeros(0, dtype=np.int64)
    ends = np.flatnonzero(np.r_[segment[1:] != segment[:-1], True])
    return ends[segment]


def _walk(
    labels: dict[str, np.ndarray],
    texts: np.ndarray,
    minutes: np.ndarray,
    segment: np.ndarray,
    classify: IncidentClassifier,
    rules: IncidentRules,
) -> _Cut:
    """Walk over signals and closures in time order and decide which signal opens an incident."""
    cut = _Cut()
    current: _Open | None = None
    anchors = np.flatnonzero(labels["signal"] | labels["closure"])
    for pos in anchors.tolist():
        if current is not None and current.segment != segment[pos]:
            current = None
        if labels["signal"][pos]:
            if current is not None and current.closure < 0:
                places = rules.places(texts[pos])
                reason = _new_situation(current, pos, places, texts, minutes, classify, rules)
                if reason is None:
                    cut.to_update.append(pos)
                    current.places |= places
                    continue
                cut.new_situation[pos] = reason
            current = _Open(pos, int(segment[pos]), classify([texts[pos]]), set(rules.places(texts[pos])))
            cut.starts.append(pos)
            if labels["closure"][pos]:
                current.closure = pos
        elif current is not None and current.closure < 0:
            current.closure = pos
    return cut


def _new_situation(
    current: _Open,
    pos: int,
    places: frozenset[str],
    texts: np.ndarray,
    minutes: np.ndarray,
    classify: IncidentClassifier,
    rules: IncidentRules,
) -> str | None:
    """Why a signal during an open incident is a different situation, or None when it is the same one."""
    if minutes[pos] - minutes[current.start] > rules.new_situation_after_minutes:
        return REASON_NEW_SITUATION_LATE
    if not places or places & current.places:
        return None
    kind = classify([texts[pos]])
    if kind != current.kind and "overig" not in (kind, current.kind):
        return REASON_NEW_SITUATION_OTHER
    return None


def _bound(
    cut: _Cut,
    labels: dict[str, np.ndarray],
    texts: np.ndarray,
    minutes: np.ndarray,
    segment: np.ndarray,
    segment_last: np.ndarray,
    rules: IncidentRules,
) -> None:
    """Fill in the first and last message of every incident (sorted positions)."""
    closures = _first_closures(cut, labels, segment)
    previous_last = -1
    for k, start in enumerate(cut.starts):
        first = start
        pos = start - 1
        while (
            pos > previous_last
            and segment[pos] == segment[start]
            and minutes[start] - minutes[pos] <= rules.alarm_lookback_minutes
        ):
            if labels["alarm"][pos]:
                first = pos
            pos -= 1
        if first < start:
            cut.early_alarms.extend(p for p in range(first, start) if labels["alarm"][p])
        limit = int(segment_last[start])
        if k + 1 < len(cut.starts):
            limit = min(limit, cut.starts[k + 1] - 1)
        closure = closures[k]
        last = limit
        if 0 <= closure <= limit:
            last = closure
            deadline = minutes[closure] + rules.closure_grace_minutes
            while (
                last + 1 <= limit
                and minutes[last + 1] <= deadline
                and len(texts[last + 1]) <= rules.short_reply_max_chars
            ):
                last += 1
        cut.first.append(first)
        cut.last.append(last)
        previous_last = last


def _first_closures(cut: _Cut, labels: dict[str, np.ndarray], segment: np.ndarray) -> list[int]:
    """The first closure after each opening signal within its stretch and before the next signal (-1: none)."""
    closure_positions = np.flatnonzero(labels["closure"])
    starts = np.asarray(cut.starts, dtype=np.int64)
    if len(starts) == 0:
        return []
    index = np.searchsorted(closure_positions, starts, side="left")
    found = []
    for k, i in enumerate(index.tolist()):
        if i >= len(closure_positions):
            found.append(-1)
            continue
        closure = int(closure_positions[i])
        next_start = cut.starts[k + 1] if k + 1 < len(cut.starts) else None
        ok = segment[closure] == segment[starts[k]] and (next_start is None or closure < next_start)
        found.append(closure if ok else -1)
    return found


def _incident_of_position(n: int, cut: _Cut) -> np.ndarray:
    """Incident number (0-based, in start order) of each sorted position; -1 outside incidents."""
    result = np.full(n, -1, dtype=np.int64)
    if not cut.starts:
        return result
    first = np.asarray(cut.first)
    last = np.asarray(cut.last)
    positions = np.arange(n)
    k = np.searchsorted(first, positions, side="right") - 1
    inside = (k >= 0) & (positions <= last[np.maximum(k, 0)])
    result[inside] = k[inside]
    return result


def _incident_ids(
    cut: _Cut, codes: np.ndarray, group_names: pd.Index, start_times: pd.Series | None
) -> np.ndarray:
    """Ids "<group>#<YYYY-MM-DD>#<n>", n counting the incidents of that group and day from 1."""
    if start_times is None:
        return np.zeros(0, dtype=object)
    groups = group_names.to_numpy(object)[codes[cut.starts]]
    days = pd.Series(start_times.dt.strftime("%Y-%m-%d").to_numpy(object))
    frame = pd.DataFrame({"group": groups, "day": days})
    number = frame.groupby(["group", "day"], sort=False).cumcount() + 1
    return (frame["group"] + "#" + frame["day"] + "#" + number.astype(str)).to_numpy(object)


def incident_table(
    messages: pd.DataFrame, classify: IncidentClassifier, rules: IncidentRules
) -> pd.DataFrame:
    """One row per incident with the INCIDENT_COLUMNS of analysis.model, from cut messages."""
    inside = messages[messages["incident"].notna()]
    if inside.empty:
        return _empty_incidents()
    inside = inside.sort_values(["incident", "timestamp"], kind="stable")
    by = inside.groupby("incident", sort=False)
    openers = inside[inside["signal"].to_numpy(bool)].drop_duplicates("incident").set_index("incident")
    table = pd.DataFrame(index=openers.index)
    table["group"] = openers["group"].astype("string")
    table["start"] = openers["timestamp"]
    table["opened_by"] = openers["author"].astype("string")
    table["opening_text"] = openers["text"].astype("string")
    texts = by["text"].agg(lambda values: [str(v) for v in values if isinstance(v, str) and v])
    table["type"] = pd.array([classify(texts.get(i, [])) for i in table.index], dtype="string")

    alarms = inside[inside["alarm"].to_numpy(bool)].groupby("incident", sort=False)
    table["first_alarm_at"] = alarms["timestamp"].min().reindex(table.index)
    table["minutes_to_112"] = _minutes_between(table["start"], table["first_alarm_at"])
    alarm_rows = inside[inside["alarm"].to_numpy(bool)]
    by_reporter = (alarm_rows["author"] == table["opened_by"].reindex(alarm_rows["incident"]).to_numpy()).fillna(False)
    reporter_alarm = (
        alarm_rows[by_reporter.to_numpy(bool)].groupby("incident", sort=False)["timestamp"].min().reindex(table.index)
    )
    together = pd.Timedelta(minutes=rules.together_minutes)
    table["saar_order"] = (
        (table["first_alarm_at"] <= table["start"]).fillna(False)
        | (reporter_alarm <= table["start"] + together).fillna(False)
    ).astype(bool)
    table["alarm_messages"] = alarms.size().reindex(table.index, fill_value=0).astype("int64")
    table["callers"] = alarms["author"].nunique().reindex(table.index, fill_value=0).astype("int64")

    reactions = inside[inside["reaction"].to_numpy(bool)].groupby("incident", sort=False)
    table["first_reaction_at"] = reactions["timestamp"].min().reindex(table.index)
    table["minutes_to_reaction"] = _minutes_between(table["start"], table["first_reaction_at"])
    table["reactors"] = reactions["author"].nunique().reindex(table.index, fill_value=0).astype("int64")

    closures = inside[inside["closure"].to_numpy(bool)].drop_duplicates("incident").set_index("incident")
    table["closed_at"] = closures["timestamp"].reindex(table.index)
    table["minutes_to_closure"] = _minutes_between(table["start"], table["closed_at"])
    table["outcome"] = closures["text"].astype("string").reindex(table.index)
    table["end"] = by["timestamp"].max().reindex(table.index)
    table["messages"] = by.size().reindex(table.index).astype("int64")

    codes = inside["violations"]
    counts = codes.map(len)
    table["violations"] = counts.groupby(inside["incident"]).sum().reindex(table.index, fill_value=0).astype("int64")
    exploded = codes[counts.to_numpy() > 0].explode()
    distinct = exploded.groupby(inside["incident"].loc[exploded.index]).agg(lambda v: tuple(sorted(set(v))))
    table["violation_codes"] = pd.Series(
        [distinct.get(i, ()) for i in table.index], index=table.index, dtype=object
    )
    table = table.reset_index(names="incident").sort_values(["group", "start"], kind="stable")
    table["incident"] = table["incident"].astype("string")
    return table[list(INCIDENT_COLUMNS)].reset_index(drop=True)


def _minutes_between(start: pd.Series, later: pd.Series) -> pd.Series:
    """Minutes from start to a later moment, never below 0 (an earlier 112 call counts as 0)."""
    minutes = (later - start).dt.total_seconds() / 60
    return minutes.clip(lower=0).astype("float64")


def _empty_incidents() -> pd.DataFrame:
    """The incident table without rows but with every column and a usable dtype."""
    dtypes = {
        "incident": "string", "group": "string", "start": "datetime64[ns]", "opened_by": "string",
        "opening_text": "string", "type": "string", "first_alarm_at": "datetime64[ns]",
        "minutes_to_112": "float64", "saar_order": "bool", "alarm_messages": "int64", "callers": "int64",
        "first_reaction_at": "datetime64[ns]", "minutes_to_reaction": "float64", "reactors": "int64",
        "closed_at": "datetime64[ns]", "minutes_to_closure": "float64", "outcome": "string",
        "end": "datetime64[ns]", "messages": "int64", "violations": "int64", "violation_codes": "object",
    }
    return pd.DataFrame({name: pd.Series(dtype=dtypes[name]) for name in INCIDENT_COLUMNS})
