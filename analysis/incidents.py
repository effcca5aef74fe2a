"""Cutting a tagged chat into incidents.

The tagger labels every message on its own; whether a message is part of a running incident
only shows in context. This module adds that context: it decides where incidents start and
stop, turns a second report about the same situation into an update, keeps two situations that
run at the same time apart, attaches a "112 gebeld" sent just before the report, and clears
follow-up labels that have no incident to follow up. The rules are documented in
docs/metrics.md; their numbers live in data/incident_rules.toml.

Speed: per-message work is vectorised (numpy over the chat sorted by group and time); the Python
loop runs only over labelled messages (a handful per incident) and the short replies after closures.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import numpy as np
import pandas as pd

from analysis.model import INCIDENT_TYPES, LABELS, SAAR_STEPS
from analysis.on_the_move import REASON_STOPPED, MoveRules, Moves, carried_violations
from analysis.reasons import explain
from analysis.tagging_columns import KIND_COLUMN

NS_PER_MINUTE = 60_000_000_000

#: Reasons this module adds to a message's ``reasons`` (Dutch: a coordinator reads them).
REASON_SIGNAL_TO_UPDATE = explain("update", "nieuwe melding tijdens open incident")
REASON_NEW_SITUATION_LATE = explain("signal", "nieuw incident, lang na de start van het open incident")
REASON_NEW_SITUATION_OTHER = explain("signal", "nieuw incident, ander soort situatie op een andere plek")
REASON_NEW_SITUATION_CUE = explain("signal", "nieuw incident, '{cue}' op een andere plek")
REASON_EARLY_ALARM = explain("alarm", "112-melding vlak voor de melding, hoort bij dat incident")
REASON_CALL_ANSWER = explain("alarm", "kort antwoord op '{question}' -> '{answer}'")
REASON_EVIDENCE_START = explain(
    "signal", "eerste bericht over een situatie waarop {evidence} volgde(n), ook zonder duidelijke melding"
)
REASON_OUTSIDE = "buiten een incident, label vervalt"  # behind the label's own name
REASON_THREAD = explain(
    "offtopic", "reactie op een zijzaak van {opened} (binnen {minutes:g} min na het vorige bericht)"
)
REASON_RETURN = explain("offtopic", "schrijver komt terug op de eigen zijzaak van {opened}")
REASON_BARE_MEDIA = explain("offtopic", "foto of video zonder tekst buiten een incident -> '{media}'")
#: Violations that are a topic of their own: a reply to them is not part of an off-topic thread.
OWN_TOPIC_VIOLATIONS = ("not_acute", "general_notice")

IncidentClassifier = Callable[[list[str]], str]
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class IncidentRules:
    """The tunable numbers and word lists of the incident cut (see data/incident_rules.toml)."""

    closure_grace_minutes: float = 20
    short_reply_max_chars: int = 200
    new_situation_after_minutes: float = 180
    new_place_and_type_is_new_situation: bool = True
    place_suffixes: tuple[str, ...] = ()
    place_words: tuple[str, ...] = ()
    another_situation_cues: tuple[str, ...] = ()
    same_situation_cues: tuple[str, ...] = ()
    alarm_lookback_minutes: float = 10
    together_minutes: float = 2
    offtopic_thread_minutes: float = 30
    offtopic_return_hours: float = 12
    call_answer_minutes: float = 5
    evidence_window_minutes: float = 20
    evidence_min_messages: int = 2
    evidence_lookback_minutes: float = 15
    evidence_rejoin_minutes: float = 30
    evidence_start_score: float = 0.3
    burst_min_messages: int = 5
    burst_window_minutes: float = 30
    leave_window_hours: float = 48
    moving_minutes: float = 10
    stopped_cues: tuple[str, ...] = ()
    moving_ended_cues: tuple[str, ...] = ()
    chase_lost_cues: tuple[str, ...] = ()
    chase_news_cues: tuple[str, ...] = ()
    _cue_pattern: re.Pattern[str] = field(init=False, repr=False, compare=False)
    #: the rule-7 carry-over rules (``analysis.on_the_move``), compiled once like the cue pattern
    moves: MoveRules = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        cues = "|".join(re.escape(c) for c in sorted(self.another_situation_cues, key=len, reverse=True))
        object.__setattr__(
            self, "_cue_pattern", re.compile(rf"\b(?:{cues})\b" if cues else r"(?!)", re.IGNORECASE)
        )
        moves = MoveRules.from_words(
            self.moving_minutes, self.stopped_cues, self.moving_ended_cues, self.chase_lost_cues,
            self.chase_news_cues,
        )
        object.__setattr__(self, "moves", moves)

    def places(self, text: str) -> frozenset[str]:
        """Street and place words in a message ("Merelstraat", "speeltuin"), lower-cased.

        A place is a listed place word, or a word that ends in a street suffix and is longer than
        the suffix ("Merelstraat" yes, "straat" alone no).
        """
        return _places(text or "", self.place_suffixes, self.place_words)

    def same_situation_cue(self, text: str) -> bool:
        """Whether a report points back at the running situation ("misschien dezelfde twee?")."""
        return bool(self.same_situation_cues) and any(
            word in self.same_situation_cues for word in _WORD.findall((text or "").lower())
        )

    def another_situation_cue(self, text: str) -> str | None:
        """A phrase saying this is a second, separate situation ("hier ook", "nog een"), if any."""
        found = self._cue_pattern.search(text or "")
        return found.group(0).lower() if found else None


@lru_cache(maxsize=1 << 18)  # both cuts of a million-message chat ask for the same texts
def _places(text: str, suffixes: tuple[str, ...], words: tuple[str, ...]) -> frozenset[str]:
    known, ends = _place_sets(suffixes, words)
    tokens = set(_WORD.findall(text.lower()))
    found = tokens & known
    for word in tokens - found:
        if len(word) > 4 and word.endswith(suffixes) and word not in ends:
            found.add(word)
    return frozenset(found)


@lru_cache(maxsize=16)
def _place_sets(suffixes: tuple[str, ...], words: tuple[str, ...]) -> tuple[frozenset[str], frozenset[str]]:
    return frozenset(words), frozenset(suffixes)


def load_incident_rules() -> IncidentRules:
    """The shipped incident rules."""
    text = resources.files("analysis").joinpath("data/incident_rules.toml").read_text(encoding="utf-8")
    values = tomllib.loads(text)
    return IncidentRules(**{k: tuple(v) if isinstance(v, list) else v for k, v in values.items()})


@dataclass
class _Incident:
    """One incident while the walk goes through the chat (positions are in the sorted order)."""

    start: int  # the opening signal
    segment: int
    kind: str  # incident type of the opening report
    known_places: set[str]
    first: int  # first message: the signal or an "ik bel 112" just before it
    authors: set[str] = field(default_factory=set)
    last_labelled: int = -1
    closure: int = -1
    overlapped_at: int = -1  # start of the first incident that opened while this one was open
    ended_at: int = -1  # last position when a later report ended it (long after its start)
    unread: list[int] = field(default_factory=list)  # follow-ups whose places are not read yet

    def places(self, walk: _Walk) -> set[str]:
        """Every place its messages named (read only when needed: most incidents never need it)."""
        for pos in self.unread:
            self.known_places |= walk.rules.places(walk.texts[pos])
        self.unread.clear()
        return self.known_places


@dataclass
class _Walk:
    """The chat as sorted arrays, and what the walk decided about its labelled messages."""

    labels: dict[str, np.ndarray]
    texts: np.ndarray  # filled for labelled messages only ("" elsewhere)
    authors: np.ndarray  # filled for labelled messages only
    lengths: np.ndarray  # text length of every message
    minutes: np.ndarray
    segment: np.ndarray
    gap: np.ndarray  # quiet gap (minutes) of each position's group
    codes: np.ndarray  # group number of each position
    classifiers: list[IncidentClassifier]  # per group number: the tagger's classifier with its profile
    rules: IncidentRules
    signal_score: np.ndarray  # the model's probability that a message reports a situation (0 without it)
    business: np.ndarray  # group business (rules, reviews, admin): never evidence of a situation
    situation: np.ndarray  # "wat is dat voor herrie?": the start of the incident it leads to
    kinds: np.ndarray | None  # the tagger's incident type of each message as a report (None: ask classifiers)
    incidents: list[_Incident] = field(default_factory=list)
    owner: dict[int, int] = field(default_factory=dict)  # labelled position -> incident number
    to_update: list[int] = field(default_factory=list)
    reasons: dict[int, str] = field(default_factory=dict)
    early_alarms: list[int] = field(default_factory=list)
    evidence_starts: dict[int, str] = field(default_factory=dict)  # position -> what opened it
    last_given: int = -1  # the latest position given to any incident: lead-ins never reach back past it
    labelled: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))

    def run(self) -> None:
        """Visit every labelled message in time order and give it to an incident (or to none).

        A signal opens an incident. Follow-ups (alarm, update, reaction, closure) with no incident
        open wait as evidence: when a signal comes soon after, they join its incident; when none
        comes, a 112 confirmation or several follow-ups within minutes open an incident of their
        own, starting at the earliest message that describes the situation (``_from_evidence``).
        """
        self.labelled = np.logical_or.reduce([self.labels[name] for name in LABELS])
        positions = np.flatnonzero(self.labelled)
        segments = self.segment[positions].tolist()
        signals = self.labels["signal"][positions].tolist()
        open_: list[int] = []
        pending: list[int] = []
        segment = -1
        for pos, its_segment, signal in zip(positions.tolist(), segments, signals, strict=True):
            if its_segment != segment:
                self._from_evidence(pending)
                segment, open_, pending = its_segment, [], []
            if open_:
                open_ = self._still_open(open_, pos)
            if pending and self.minutes[pos] - self.minutes[pending[0]] > self.rules.evidence_window_minutes:
                opened = None if signal else self._from_evidence(pending)
                pending = []
                if opened is not None:
                    open_ = [opened]
                    open_ = self._still_open(open_, pos)
            if signal:
                self._signal(pos, open_, pending)
                pending = []
            elif open_:
                self._follow_up(pos, open_)
            elif not pending and (recent := self._recent_incident(pos)) is not None:
                # more about an incident that closed minutes ago ("hij is weg" after "hij rent weg"):
                # the conversation is still about it, so it opens again
                self.incidents[recent].closure = -1
                open_ = [recent]
                self._follow_up(pos, open_)
            else:
                pending.append(pos)
        self._from_evidence(pending)

    def _from_evidence(self, pending: list[int]) -> int | None:
        """Open an incident from follow-ups that no report opened, when they are evidence enough.

        Evidence: a 112 confirmation; or ``evidence_min_messages`` follow-ups in words (a bare photo
        says nothing) within the evidence window, one of which or a message shortly before reads
        as a report to the model. The incident starts at the earliest message of the preceding
        minutes that reads as a report, else at the first follow-up; that message becomes its signal.
        """
        if not pending:
            return None
        window = self.rules.evidence_window_minutes
        burst = [p for p in pending if self.minutes[p] - self.minutes[pending[0]] <= window]
        alarms = [p for p in burst if self.labels["alarm"][p]]
        worded = [p for p in burst if self.lengths[p] > 0 and not self.business[p]]
        start = self._evidence_start(burst[0])
        reads_as_report = (
            max(self.signal_score[p] for p in {start, *worded}) >= self.rules.evidence_start_score
        )
        if not alarms and not (len(worded) >= self.rules.evidence_min_messages and reads_as_report):
            return None
        recent = self._recent_incident(burst[0])
        if recent is not None:  # "kenteken doorgegeven" after the closure: still about that incident
            for pos in burst:
                self._give(pos, recent)
            return None
        what = "een 112-melding" if alarms else f"{len(worded)} reacties of aanvullingen"
        self.evidence_starts[start] = what
        number = len(self.incidents)
        incident = _Incident(
            start=start,
            segment=int(self.segment[start]),
            kind=self._kind(start),
            known_places=set(),
            first=self._lead_in(start),
        )
        self.incidents.append(incident)
        for pos in sorted({start, *burst}):
            self._give(pos, number)
            if self.labels["closure"][pos] and pos != start:
                incident.closure = pos
        return number

    def _recent_incident(self, pos: int) -> int | None:
        """The incident of the same stretch of conversation whose last message is at most
        ``evidence_rejoin_minutes`` before ``pos``: follow-ups without a report of their own belong to it."""
        for k in range(len(self.incidents) - 1, -1, -1):
            incident = self.incidents[k]
            if incident.segment != self.segment[pos]:
                return None
            last = max(incident.last_labelled, incident.start)
            if self.minutes[pos] - self.minutes[last] <= self.rules.evidence_rejoin_minutes:
                return k
            return None
        return None

    def _lead_in(self, first: int) -> int:
        """The incident's first message: ``first``, or an earlier "wat is dat voor herrie?" that led to
        it (same stretch of conversation, within the lookback, after any earlier incident)."""
        floor = self.last_given
        earliest = first
        for pos in range(first - 1, floor, -1):
            if self.segment[pos] != self.segment[first]:
                break
            if self.minutes[first] - self.minutes[pos] > self.rules.evidence_lookback_minutes:
                break
            if self.situation[pos]:
                earliest = pos
        return earliest

    def _evidence_start(self, first: int) -> int:
        """The earliest message before ``first`` (same stretch, within the lookback, after any earlier
        incident) that the model reads as a report; ``first`` itself when there is none."""
        floor = self.last_given
        earliest = first
        while (
            earliest - 1 > floor
            and self.segment[earliest - 1] == self.segment[first]
            and self.minutes[first] - self.minutes[earliest - 1] <= self.rules.evidence_lookback_minutes
        ):
            earliest -= 1
        for pos in range(earliest, first):
            if self.signal_score[pos] >= self.rules.evidence_start_score and not self.business[pos]:
                return pos
        return first

    def _still_open(self, open_: list[int], pos: int) -> list[int]:
        """Drop closed incidents; with several open, also those quiet for a whole quiet gap."""
        if len(open_) == 1:
            return open_ if self.incidents[open_[0]].closure < 0 else []
        running = [k for k in open_ if self.incidents[k].closure < 0]
        if len(running) > 1:
            quiet = self.gap[pos]
            for k in running:
                incident = self.incidents[k]
                if self.minutes[pos] - self.minutes[max(incident.last_labelled, incident.start)] > quiet:
                    incident.ended_at = max(incident.last_labelled, incident.start)  # left behind
            running = [k for k in running if self.incidents[k].ended_at < 0]
        if len(running) == 1:  # alone again: the conversation is about it once more
            self.incidents[running[0]].overlapped_at = -1
        return running

    def _signal(self, pos: int, open_: list[int], pending: list[int]) -> None:
        places = self.rules.places(self.texts[pos])
        verdicts = {k: self._different(self.incidents[k], pos, places) for k in open_}
        same = [k for k, reason in verdicts.items() if reason is None]
        if same:
            k = self._best(same, pos, places)
            self.to_update.append(pos)
            self._give(pos, k)
            return
        for k, reason in verdicts.items():
            incident = self.incidents[k]
            if reason == REASON_NEW_SITUATION_LATE:
                incident.ended_at = pos - 1
                open_.remove(k)
            elif incident.overlapped_at < 0:
                incident.overlapped_at = pos
        if verdicts:
            self.reasons[pos] = next(iter(sorted(set(verdicts.values()), key=str)))
        lookback = self.rules.alarm_lookback_minutes
        # "ik bel 112" or "ik ga kijken" just before the report belong to it
        early = [a for a in pending if self.minutes[pos] - self.minutes[a] <= lookback]
        number = len(self.incidents)
        incident = _Incident(
            start=pos,
            segment=int(self.segment[pos]),
            kind=self._kind(pos),
            known_places=set(places),
            first=self._lead_in(early[0] if early else pos),
        )
        self.incidents.append(incident)
        for follow_up in early:
            if self.labels["alarm"][follow_up]:
                self.early_alarms.append(follow_up)
            self._give(follow_up, number)
        self._give(pos, number)
        if self.labels["closure"][pos]:
            incident.closure = pos
        open_.append(number)

    def _follow_up(self, pos: int, open_: list[int]) -> None:
        places = self.rules.places(self.texts[pos]) if len(open_) > 1 else frozenset()
        k = self._best(open_, pos, places)
        self._give(pos, k)
        if self.labels["closure"][pos]:
            self.incidents[k].closure = pos

    def _give(self, pos: int, k: int) -> None:
        incident = self.incidents[k]
        self.owner[pos] = k
        if pos != incident.start:
            incident.unread.append(pos)
        incident.authors.add(self.authors[pos])
        incident.last_labelled = max(incident.last_labelled, pos)
        self.last_given = max(self.last_given, pos)

    def _best(self, candidates: list[int], pos: int, places: frozenset[str]) -> int:
        """The open incident a message is about: the one naming its place, else the only one its
        writer took part in, else the most recently active one."""
        if len(candidates) == 1:
            return candidates[0]
        by_place = [k for k in candidates if places and places & self.incidents[k].places(self)]
        if len(by_place) == 1:
            return by_place[0]
        by_author = [k for k in (by_place or candidates) if self.authors[pos] in self.incidents[k].authors]
        if len(by_author) == 1:
            return by_author[0]
        pool = by_author or by_place or candidates
        return max(pool, key=lambda k: max(self.incidents[k].last_labelled, self.incidents[k].start))

    def _different(self, incident: _Incident, pos: int, places: frozenset[str]) -> str | None:
        """Why a signal during an open incident is a different situation, or None when it is the same one."""
        if self.minutes[pos] - self.minutes[incident.start] > self.rules.new_situation_after_minutes:
            return REASON_NEW_SITUATION_LATE
        if not places or self.rules.same_situation_cue(self.texts[pos]) or places & incident.places(self):
            return None
        cue = self.rules.another_situation_cue(self.texts[pos])
        if cue:
            return REASON_NEW_SITUATION_CUE.format(cue=cue)
        if not self.rules.new_place_and_type_is_new_situation:
            return None
        kind = self._kind(pos)
        if kind != incident.kind and "overig" not in (kind, incident.kind):
            return REASON_NEW_SITUATION_OTHER
        return None

    def _kind(self, pos: int) -> str:
        """Incident type of one report: the tagger's reading when it gave one, else the classifier's."""
        if self.kinds is not None:
            return INCIDENT_TYPES[self.kinds[pos]] if self.kinds[pos] >= 0 else "overig"
        return self.classifiers[self.codes[pos]]([self.texts[pos]])

    def spans(self, segment_last: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """First and last position of every incident; unlabelled messages inside belong to it.

        Closed: up to the short replies after the closure. Ended by a late report: up to that report.
        Overlapped by another situation: up to its own last labelled message (at least up to the
        other's start). Otherwise: up to the end of the stretch of conversation.
        """
        first = np.array([i.first for i in self.incidents], dtype=np.int64)
        last = np.empty(len(self.incidents), dtype=np.int64)
        for k, incident in enumerate(self.incidents):
            if incident.closure >= 0:
                last[k] = self._tail(k, incident.closure, int(segment_last[incident.start]))
            elif incident.ended_at >= 0:
                last[k] = incident.ended_at
            elif incident.overlapped_at >= 0:
                last[k] = max(incident.overlapped_at - 1, incident.last_labelled)
            else:
                last[k] = segment_last[incident.start]
        return first, last

    def _tail(self, k: int, closure: int, limit: int) -> int:
        """The closure plus the short replies within the grace minutes after it."""
        last = closure
        deadline = self.minutes[closure] + self.rules.closure_grace_minutes
        while last + 1 <= limit:
            nxt = last + 1
            if self.minutes[nxt] > deadline or self.lengths[nxt] > self.rules.short_reply_max_chars:
                break
            if self.owner.get(nxt, k) != k or (nxt not in self.owner and self.labelled[nxt]):
                break
            last = nxt
        return last


def cut_incidents(
    tagged: pd.DataFrame,
    quiet_gap_minutes: Mapping[str, float],
    classifiers: Mapping[str, IncidentClassifier],
    rules: IncidentRules,
) -> pd.DataFrame:
    """The tagged chat with ``incident`` ids and labels corrected for context.

    ``tagged`` is the parsed chat plus the tagger's columns; ``quiet_gap_minutes`` maps each group
    to its profile's quiet gap and ``classifiers`` to its incident-type classifier. Returns a copy
    with the same index, labels adjusted (a repeated report becomes an update; update/reaction/
    closure outside incidents are cleared), the ``incident`` column added and the reasons extended.
    """
    out = tagged.copy()
    n = len(out)
    member_rows = np.flatnonzero(
        ~is_system(out["kind"]) & out["timestamp"].notna().to_numpy() & out["group"].notna().to_numpy()
    )
    group_codes, group_names = pd.factorize(out["group"].astype("string").iloc[member_rows])
    times = out["timestamp"].iloc[member_rows].to_numpy("datetime64[ns]").astype(np.int64)
    order = np.lexsort((times, group_codes))
    rows = member_rows[order]  # frame position of each sorted position
    codes = group_codes[order]
    minutes = times[order] / NS_PER_MINUTE
    gaps = (
        np.array([float(quiet_gap_minutes[name]) for name in group_names])[codes] if len(codes) else minutes
    )

    labels = {name: out[name].to_numpy(bool).copy() for name in LABELS}
    sorted_labels = {name: values[rows] for name, values in labels.items()}
    labelled = np.flatnonzero(np.logical_or.reduce(list(sorted_labels.values()))) if len(rows) else rows
    texts = np.full(len(rows), "", dtype=object)
    texts[labelled] = out["text"].iloc[rows[labelled]].astype(object).fillna("").to_numpy(object)
    authors = np.full(len(rows), "", dtype=object)
    authors[labelled] = out["author"].iloc[rows[labelled]].astype(object).fillna("").to_numpy(object)
    lengths = out["text"].str.len().fillna(0).to_numpy(np.int64)[rows]
    segment = _segments(codes, minutes, gaps)
    topic = _values(out["topic"], rows) if "topic" in out else np.full(len(rows), "", dtype=object)

    def text_at(pos: int) -> str:
        value = out["text"].iloc[rows[pos]]
        return "" if pd.isna(value) else str(value)

    answers = _call_answers(topic, sorted_labels["alarm"], codes, minutes, text_at, rules)
    for pos in answers:
        sorted_labels["alarm"][pos] = True
        labels["alarm"][rows[pos]] = True
        texts[pos] = text_at(pos)
        author = out["author"].iloc[rows[pos]]
        authors[pos] = "" if pd.isna(author) else str(author)
    walk = _Walk(
        labels=sorted_labels,
        texts=texts,
        authors=authors,
        lengths=lengths,
        minutes=minutes,
        segment=segment,
        gap=gaps,
        codes=codes,
        classifiers=[classifiers[name] for name in group_names],
        rules=rules,
        signal_score=(
            out["signal_score"].to_numpy(np.float64)[rows] if "signal_score" in out else np.zeros(len(rows))
        ),
        business=topic == "business",
        situation=topic == "situation",
        kinds=out[KIND_COLUMN].to_numpy(np.int8)[rows] if KIND_COLUMN in out else None,
    )
    walk.run()
    first, last = walk.spans(_segment_last(segment))
    incident_of = _incident_of_position(len(rows), first, last, walk.owner)
    starts = [i.start for i in walk.incidents]
    ids = _incident_ids(starts, codes, group_names, out["timestamp"].iloc[rows[starts]])

    inside = incident_of >= 0
    number = np.full(n, -1, dtype=np.int64)
    number[rows[inside]] = incident_of[inside]
    out["incident"] = pd.array(ids, dtype="string").take(number, allow_fill=True)

    additions: dict[int, list[str]] = {}
    for pos in walk.to_update:
        row = rows[pos]
        labels["signal"][row] = False
        labels["update"][row] = True
        additions.setdefault(row, []).append(REASON_SIGNAL_TO_UPDATE)
    for pos, reason in walk.reasons.items():
        additions.setdefault(rows[pos], []).append(reason)
    for pos, reason in answers.items():
        additions.setdefault(rows[pos], []).append(reason)
    for pos in walk.early_alarms:
        additions.setdefault(rows[pos], []).append(REASON_EARLY_ALARM)
    for pos, evidence in walk.evidence_starts.items():
        row = rows[pos]
        labels["signal"][row] = True
        labels["update"][row] = False
        additions.setdefault(row, []).append(REASON_EVIDENCE_START.format(evidence=evidence))
    outside_rows = np.ones(n, dtype=bool)
    outside_rows[rows[inside]] = False
    for name in ("update", "reaction", "closure"):
        cleared = np.flatnonzero(labels[name] & outside_rows)
        labels[name][cleared] = False
        for row in cleared.tolist():
            additions.setdefault(row, []).append(explain(name, REASON_OUTSIDE))
    violations = out["violations"].to_numpy(object).copy()
    if "topic" in out:  # the tagger's facts; hand-labelled chats carry their off-topic labels already
        labelled_now = np.logical_or.reduce([labels[name][rows] for name in LABELS])
        signal_now = labels["signal"][rows]  # after the cut: a repeated report is an update now
        context = _ContextChat(out, rows, codes, minutes, inside, labelled_now, signal_now, violations[rows])
        for pos, reason in offtopic_in_context(context, rules).items():
            row = rows[pos]
            violations[row] = _with_offtopic(violations[row])
            additions.setdefault(row, []).append(reason)
        # what the writer sees or does on the move (not a relayed "politie komt" or the report itself)
        seen_or_done = np.logical_or.reduce(
            [labels[name][rows] for name in ("update", "reaction", "closure")]
        )
        moves = _carried_rule7(out, rows, incident_of, minutes, violations, seen_or_done, rules)
        for pos, carried in moves.added.items():
            row = rows[pos]
            violations[row] = _with_codes(violations[row], [code for code, _ in carried])
            additions.setdefault(row, []).extend(reason for _, reason in carried)
        for pos in moves.stopped:
            row = rows[pos]
            violations[row] = tuple(code for code in violations[row] if code != "driving")
            additions.setdefault(row, []).append(explain("driving", REASON_STOPPED))
    out["violations"] = violations
    reasons = out["reasons"].to_numpy(object).copy()
    for row, extra in additions.items():
        reasons[row] = tuple(reasons[row] or ()) + tuple(extra)
    for name, values in labels.items():
        out[name] = values
    out["reasons"] = reasons
    out["saar_step"] = saar_steps(out)
    return out


_ALSO = re.compile(r"\b(ook|too|also)\b", re.IGNORECASE)
_COMING = re.compile(r"\b(komen|komt|onderweg|sturen|coming|on (their|the) way|sending)\b", re.IGNORECASE)


def _call_answers(
    topic: np.ndarray,
    alarm: np.ndarray,
    codes: np.ndarray,
    minutes: np.ndarray,
    text_at: Callable[[int], str],
    rules: IncidentRules,
) -> dict[int, str]:
    """Sorted positions of short answers that confirm a 112 call, with the reason.

    "ja ik", "doe ik" or "ik bel" within ``call_answer_minutes`` after "wie belt 112?" in the same
    group says the writer calls; "ik ook" after a "112 gebeld" says the writer called too, and "ze
    komen eraan" after it that the police are on the way.
    """
    found: dict[int, str] = {}
    for pos in np.flatnonzero(topic == "call_answer").tolist():
        if alarm[pos]:
            continue
        answer = text_at(pos).strip()
        earlier = pos - 1
        while earlier >= 0 and codes[earlier] == codes[pos]:
            if minutes[pos] - minutes[earlier] > rules.call_answer_minutes:
                break
            asked = topic[earlier] == "call_question"
            if asked or (alarm[earlier] and (_ALSO.search(answer) or _COMING.search(answer))):
                question = " ".join(text_at(earlier).split())[:40]
                found[pos] = REASON_CALL_ANSWER.format(question=question, answer=answer[:40])
                break
            earlier -= 1
    return found


class _ContextChat:
    """Member messages sorted by group and time, after the cut: what judging a thread needs.

    Cheap arrays for every position; texts of authors, media types and times only where asked.
    """

    def __init__(
        self,
        frame: pd.DataFrame,
        rows: np.ndarray,
        codes: np.ndarray,
        minutes: np.ndarray,
        inside: np.ndarray,
        labelled: np.ndarray,
        signal: np.ndarray,
        violations: np.ndarray,
    ) -> None:
        self.frame, self.rows, self.codes, self.minutes = frame, rows, codes, minutes
        self.inside = inside  # in an incident
        self.labelled = labelled  # any SAAR label left after the cut
        self.signal = signal  # opens an incident
        self.topic = _values(frame["topic"], rows)  # "business", "side", "bare_media" or ""
        self.deleted = _values(frame["kind"], rows) == "deleted"
        combos, uniques = pd.factorize(violations)  # a handful of distinct tuples
        self.offtopic = np.array(["offtopic" in (u or ()) for u in uniques], dtype=bool)[combos]
        self.own_topic = np.array(
            [any(code in (u or ()) for code in OWN_TOPIC_VIOLATIONS) for u in uniques], dtype=bool
        )[combos]

    def authors(self, positions: np.ndarray) -> np.ndarray:
        return self.frame["author"].iloc[self.rows[positions]].astype(object).fillna("").to_numpy(object)

    def media(self, positions: np.ndarray) -> np.ndarray:
        if "media_type" not in self.frame:
            return np.full(len(positions), "media", dtype=object)
        return (
            self.frame["media_type"]
            .iloc[self.rows[positions]]
            .astype(object)
            .fillna("media")
            .to_numpy(object)
        )

    def times(self, positions: np.ndarray) -> np.ndarray:
        stamps = self.frame["timestamp"].iloc[self.rows[positions]]
        return stamps.dt.strftime("%d-%m %H:%M").to_numpy(object)


def _values(column: pd.Series, rows: np.ndarray) -> np.ndarray:
    """A (categorical) text column at ``rows`` as plain strings, "" where missing."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        names = np.array(["", *map(str, column.cat.categories)], dtype=object)
        return names[column.cat.codes.to_numpy()[rows] + 1]
    return column.astype("string").fillna("").to_numpy(object)[rows]


def offtopic_in_context(chat: _ContextChat, rules: IncidentRules) -> dict[int, str]:
    """Sorted positions that are off-topic only because of where they stand, with the reason.

    - A caption-less photo or video outside any incident (not sent just before its writer's report).
    - A reply in a thread about a side issue: a thread opens at an off-topic message about a lost
      pet, a sale, a party, chit-chat ... (not at thanks or emoji, which answer something) outside
      incidents, and runs while every message follows the previous one within
      ``offtopic_thread_minutes``, until an incident, a labelled message or a post with a topic of
      its own (a past crime, a forwarded warning). Group business inside it (a coordinator's
      reminder) keeps the thread going but is never off-topic itself.
    - The thread's opener coming back to it as the group's next message after a pause (at most
      ``offtopic_return_hours``): "Hij is terug!" under a lost-cat post.
    """
    n = len(chat.rows)
    if n == 0:
        return {}
    offtopic, own_topic = chat.offtopic.copy(), chat.own_topic
    outside = ~chat.inside & ~chat.labelled
    judged = outside & ~own_topic & ~offtopic & (chat.topic != "business") & ~chat.deleted
    found: dict[int, str] = {}

    bare = np.flatnonzero(judged & (chat.topic == "bare_media"))
    bare = bare[~_report_follows(chat, bare, rules.alarm_lookback_minutes)]
    for pos, media in zip(bare.tolist(), chat.media(bare), strict=True):
        found[pos] = REASON_BARE_MEDIA.format(media=media)
    offtopic[bare] = True

    idx = np.arange(n)
    gap = np.diff(chat.minutes, prepend=-np.inf)
    new_group = np.r_[True, chat.codes[1:] != chat.codes[:-1]]
    chain_start = np.maximum.accumulate(np.where(new_group | (gap > rules.offtopic_thread_minutes), idx, -1))
    last_breaker = np.maximum.accumulate(np.where(~outside | own_topic, idx, -1))
    opener = outside & offtopic & (chat.topic == "side")
    root: dict[int, int] = {}  # a return's thread start -> the thread it continues
    while True:  # each round finds the returns into the threads known so far (rarely more than one)
        in_thread, first = _threads(opener, chain_start, last_breaker)
        prev = idx[1:][(chain_start[1:] == idx[1:]) & ~new_group[1:]] - 1
        prev = prev[in_thread[prev]]
        start = prev + 1
        ok = judged[start] & ~opener[start]
        ok &= chat.minutes[start] - chat.minutes[prev] <= rules.offtopic_return_hours * 60
        thread_of = np.array([root.get(int(f), int(f)) for f in first[prev]], dtype=np.int64)
        if ok.any():
            ok[ok] &= chat.authors(start[ok]) == chat.authors(thread_of[ok])
        if not ok.any():
            break
        for back, thread in zip(start[ok].tolist(), thread_of[ok].tolist(), strict=True):
            root[back] = thread
        opener[start[ok]] = True
    replies = np.flatnonzero(in_thread & judged & ~opener)
    returns = np.fromiter(root.keys(), dtype=np.int64, count=len(root))
    threads = np.array([root.get(int(f), int(f)) for f in first[replies]], dtype=np.int64)
    threads = np.r_[threads, np.fromiter(root.values(), dtype=np.int64, count=len(root))]
    starts, which = np.unique(threads, return_inverse=True)
    opened = chat.times(starts)[which]  # each thread's start time, formatted once
    minutes = rules.offtopic_thread_minutes
    for pos, when in zip(replies.tolist(), opened[: len(replies)], strict=True):
        found[pos] = REASON_THREAD.format(opened=when, minutes=minutes)
    for pos, when in zip(returns.tolist(), opened[len(replies) :], strict=True):
        found[pos] = REASON_RETURN.format(opened=when)
    return found


def _threads(
    opener: np.ndarray, chain_start: np.ndarray, last_breaker: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Which positions are in an off-topic thread, and where each one's thread started.

    A position is in a thread when an opener came before it (or is it) in the same stretch of
    conversation and nothing since ended the thread; a later opener in a running thread joins it.
    """
    idx = np.arange(len(opener))
    last_opener = np.maximum.accumulate(np.where(opener, idx, -1))
    in_thread = (last_opener >= chain_start) & (last_opener > last_breaker)
    continues = np.r_[False, in_thread[:-1] & (chain_start[1:] == chain_start[:-1])] & in_thread
    first = np.maximum.accumulate(np.where(in_thread & ~continues, idx, -1))
    return in_thread, first


def _report_follows(chat: _ContextChat, positions: np.ndarray, minutes: float) -> np.ndarray:
    """For each of ``positions``: does its writer open a report (signal) within ``minutes`` after it?"""
    if len(positions) == 0:
        return np.zeros(0, dtype=bool)
    signals = np.flatnonzero(chat.signal)
    after = np.searchsorted(signals, positions)  # the next signal of the chat (sorted by group, time)
    has = after < len(signals)
    target = signals[np.minimum(after, max(len(signals) - 1, 0))] if len(signals) else positions
    has &= (chat.codes[target] == chat.codes[positions]) & (
        chat.minutes[target] - chat.minutes[positions] <= minutes
    )
    if has.any():
        has[has] &= chat.authors(target[has]) == chat.authors(positions[has])
    return has


@lru_cache(maxsize=1024)
def _with_offtopic(codes: tuple[str, ...] | None) -> tuple[str, ...]:
    """The violation codes plus ``offtopic``, in the order of the rules list."""
    return _with_codes(codes, ["offtopic"])


def _with_codes(codes: tuple[str, ...] | None, extra: list[str]) -> tuple[str, ...]:
    """The violation codes plus ``extra``, in the order of the rules list."""
    from analysis.model import VIOLATIONS

    return tuple(sorted({*(codes or ()), *extra}, key=VIOLATIONS.index))


def _carried_rule7(
    out: pd.DataFrame,
    rows: np.ndarray,
    incident_of: np.ndarray,
    minutes: np.ndarray,
    violations: np.ndarray,
    labelled: np.ndarray,
    rules: IncidentRules,
) -> Moves:
    """``on_the_move.carried_violations`` over the incidents that hold a `driving` or `vigilante` message."""
    sorted_violations = violations[rows]
    rule7 = np.fromiter(
        (bool(v) and ("driving" in v or "vigilante" in v) for v in sorted_violations), bool, len(rows)
    )
    incidents = np.unique(incident_of[rule7 & (incident_of >= 0)])
    if len(incidents) == 0:
        return Moves({}, [])
    positions = np.flatnonzero(np.isin(incident_of, incidents))
    text = out["text"].to_numpy(object)
    author = out["author"].to_numpy(object)
    return carried_violations(
        positions,
        incident_of,
        lambda pos: "" if pd.isna(author[rows[pos]]) else str(author[rows[pos]]),
        minutes,
        lambda pos: tuple(sorted_violations[pos] or ()),
        labelled,
        lambda pos: "" if pd.isna(text[rows[pos]]) else str(text[rows[pos]]),
        rules.moves,
    )


def is_system(kind: pd.Series) -> np.ndarray:
    """Which records are system lines (fast on the parser's categorical ``kind``)."""
    if isinstance(kind.dtype, pd.CategoricalDtype):
        categories = list(kind.cat.categories)
        if "system" not in categories:
            return np.zeros(len(kind), dtype=bool)
        return kind.cat.codes.to_numpy() == categories.index("system")
    return (kind.astype("string") == "system").fillna(False).to_numpy(bool)


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


def _segments(codes: np.ndarray, minutes: np.ndarray, gaps: np.ndarray) -> np.ndarray:
    """Number the stretches of conversation: a new one per group and after every quiet gap."""
    if len(codes) == 0:
        return np.zeros(0, dtype=np.int64)
    new = np.ones(len(codes), dtype=bool)
    new[1:] = (codes[1:] != codes[:-1]) | (np.diff(minutes) > gaps[1:])
    return np.cumsum(new) - 1


def _segment_last(segment: np.ndarray) -> np.ndarray:
    """For each sorted position, the last position of its stretch of conversation."""
    if len(segment) == 0:
        return np.zeros(0, dtype=np.int64)
    ends = np.flatnonzero(np.r_[segment[1:] != segment[:-1], True])
    return ends[segment]


def _incident_of_position(n: int, first: np.ndarray, last: np.ndarray, owner: dict[int, int]) -> np.ndarray:
    """Incident number of each sorted position, -1 outside incidents.

    A labelled message belongs to the incident the walk gave it; any other message to the incident
    whose span covers it, and where two spans overlap (two situations at once) to the one that
    started last, as the conversation usually turns to the newest report.
    """
    result = np.full(n, -1, dtype=np.int64)
    for k in range(len(first)):  # in start order: a later incident paints over an earlier one
        result[first[k] : last[k] + 1] = k
    if owner:
        positions = np.fromiter(owner.keys(), dtype=np.int64, count=len(owner))
        result[positions] = np.fromiter(owner.values(), dtype=np.int64, count=len(owner))
    return result


def _incident_ids(
    starts: list[int], codes: np.ndarray, group_names: pd.Index, start_times: pd.Series
) -> np.ndarray:
    """Ids "<group>#<YYYY-MM-DD>#<n>", n counting the incidents of that group and day from 1."""
    if not starts:
        return np.zeros(0, dtype=object)
    groups = group_names.to_numpy(object)[codes[starts]]
    frame = pd.DataFrame({"group": groups, "day": start_times.dt.strftime("%Y-%m-%d").to_numpy(object)})
    frame["at"] = start_times.to_numpy()
    order = frame.sort_values(["group", "at"], kind="stable").index
    number = frame.loc[order].groupby(["group", "day"], sort=False).cumcount().reindex(frame.index) + 1
    return (frame["group"] + "#" + frame["day"] + "#" + number.astype(str)).to_numpy(object)
