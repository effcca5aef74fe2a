"""The second look: every message judged again, with what the first pass found around it.

The tagger reads a message alone; whether "hij loopt nu richting het park" is an update, or "niks
meer te zien" the end of an incident, depends on the conversation around it. After the first cut
into incidents, a small logistic regression per label (``ContextModel``) weighs together what the
rules said, what the n-gram models read in the words, and the context: inside an incident or not,
its opening message or a reply, how long after the start, after a closure, a question about 112
just before. Its labels replace the first pass's; the incidents are then cut again.

Features are plain numbers computed with numpy; the weights are trained by
``evaluation.train_model`` on writers the model is not measured on, so scikit-learn is needed to
train only.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa

from analysis.incidents import NS_PER_MINUTE
from analysis.model import LABELS, VIOLATIONS
from analysis.ngram import NgramModel
from analysis.profile import Profile
from analysis.reasons import explain, label_names
from analysis.tagging_columns import (
    CODES,
    CONCEPT_FEATURES,
    INSIDE_CODES,
    RULES_COLUMN,
    SIDE_ISSUE_COLUMN,
    SURE_CLOSURE_COLUMN,
    TAGGED_KINDS,
    general_column,
    inside_column,
)

#: Codes the inside model is trained for (the steps and off-topic: what changes inside an incident).
#: Features every code's regression sees.
SHARED_FEATURES: tuple[str, ...] = (
    "inside", "start", "minutes", "before_signal", "media", "length", "business", "side", "call_question",
    "call_answer", "situation", "question_mark", "after_closure", "after_incident", "since_incident",
    *(f"cut_{label}" for label in LABELS),
    *(f"rule_{code}" for code in CODES),
    *(f"general_{code}" for code in CODES),
    *(f"inside_{code}" for code in INSIDE_CODES),
    *(f"concept_{name}" for name in CONCEPT_FEATURES),
)  # fmt: skip
#: Features that depend on the code being decided: its own evidence split by context.
CODE_FEATURES: tuple[str, ...] = ("general_in", "general_out", "rule_in", "rule_start")
CHUNK_ROWS = 200_000  # features are built and scored in chunks: a million messages stay within memory

MODEL_REASON = "{what} (woordpatroon, in de context van het gesprek) -> '{words}'"
REASON_DROPPED = "{name}: in de context van het gesprek toch niet"


@dataclass(frozen=True, eq=False)
class ContextModel:
    """One logistic regression per code over SHARED_FEATURES + CODE_FEATURES."""

    codes: tuple[str, ...]
    weights: np.ndarray  # codes x features (float32)
    bias: np.ndarray  # per code
    # per code: probability from which a label holds where the rules gave it (column 0, "keep") and where
    # they did not (column 1, "add"); NaN: the rules decide that code alone
    thresholds: np.ndarray

    def probabilities(self, shared: np.ndarray, own: Mapping[str, np.ndarray]) -> np.ndarray:
        """Rows x codes probabilities from the feature blocks of ``context_features``."""
        split = len(SHARED_FEATURES)
        logits = shared @ self.weights[:, :split].T.astype(np.float32)
        for k, code in enumerate(self.codes):
            logits[:, k] += own[code] @ self.weights[k, split:].astype(np.float32)
        logits += self.bias.astype(np.float32)[None, :]
        # clipped: a pasted text with 2,000 "112"s has features far outside training (exp overflows)
        return 1.0 / (1.0 + np.exp(-np.clip(logits, -60.0, 60.0)))


@dataclass(frozen=True)
class FirstPass:
    """What the first pass knows of the tagged member messages (rows of the tagged frame)."""

    rows: np.ndarray  # positions of the member messages the tagger labels
    rules: np.ndarray  # bool rows x CODES: what the rules alone said
    general: np.ndarray  # float32 rows x CODES: the general n-gram model's log odds
    concepts: np.ndarray  # bool rows x CONCEPT_FEATURES: lexicon concepts seen in the text


def first_pass(tagged: pd.DataFrame) -> FirstPass:
    """Read the tagger's hidden columns (``_rules``, ``_concepts``, ``_z_<code>``) off a tagged chat."""
    kind = tagged["kind"].astype("string")
    member = kind.isin(TAGGED_KINDS).fillna(False).to_numpy(bool) & tagged["author"].notna().to_numpy(bool)
    rows = np.flatnonzero(member)
    bits = tagged["_rules"].to_numpy(np.int32)[rows]
    rules = (bits[:, None] >> np.arange(len(CODES))[None, :]) & 1 == 1
    general = np.column_stack([tagged[general_column(code)].to_numpy(np.float32)[rows] for code in CODES])
    seen = tagged["_concepts"].to_numpy(np.int32)[rows]
    concepts = (seen[:, None] >> np.arange(len(CONCEPT_FEATURES))[None, :]) & 1 == 1
    return FirstPass(rows, rules, general.reshape(len(rows), len(CODES)), concepts)


def context_features(
    tagged: pd.DataFrame, walked: pd.DataFrame, first: FirstPass, inside_model: NgramModel | None
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """The shared feature block (rows x SHARED_FEATURES, float32) and each code's own block."""

    rows = first.rows
    n = len(rows)
    inside = walked["incident"].notna().to_numpy(bool)[rows]
    times = walked["timestamp"].to_numpy("datetime64[ns]").astype(np.int64)[rows] / NS_PER_MINUTE
    start = np.zeros(n, dtype=bool)
    minutes = np.zeros(n, dtype=np.float32)
    before_signal = np.zeros(n, dtype=bool)
    after_closure = np.zeros(n, dtype=bool)
    if inside.any():
        where = np.flatnonzero(inside)
        frame = pd.DataFrame(
            {
                "incident": walked["incident"].astype(object).to_numpy()[rows][where],
                "t": times[where],
                "pos": where,
                "signal": walked["signal"].to_numpy(bool)[rows][where],
                "closure": walked["closure"].to_numpy(bool)[rows][where],
            }
        ).sort_values(["incident", "t", "pos"], kind="stable")
        by_incident = frame.groupby("incident", sort=False)
        signal_time = (
            frame["t"].where(frame["signal"]).groupby(frame["incident"], sort=False).transform("min")
        )
        since = frame["t"] - signal_time.fillna(by_incident["t"].transform("min"))
        minutes[frame["pos"].to_numpy()] = np.log1p(np.maximum(since, 0)).to_numpy(np.float32)
        before_signal[frame["pos"].to_numpy()] = since.to_numpy() < 0
        closures_before = by_incident["closure"].cumsum() - frame["closure"]
        after_closure[frame["pos"].to_numpy()] = closures_before.to_numpy() > 0
        openers = frame[frame["signal"]].groupby("incident", sort=False)["pos"].first()
        start[openers.to_numpy()] = True
    after_incident, since_incident = _after_incidents(walked, rows, inside, times)
    text = tagged["text"].astype("string").fillna("").iloc[rows]
    length = np.log1p(text.str.len().to_numpy(np.float32))
    question_mark = text.str.contains("?", regex=False).to_numpy(bool)
    topic = tagged["topic"].astype("string").fillna("").to_numpy(object)[rows]
    media = tagged["kind"].astype("string").to_numpy(object)[rows] == "media"

    inside_z = np.zeros((n, len(INSIDE_CODES)), dtype=np.float32)
    if inside_model is not None and inside.any():
        for k, code in enumerate(INSIDE_CODES):
            inside_z[inside, k] = tagged[inside_column(code)].to_numpy(np.float32)[rows][inside]

    shared = (
        np.column_stack(
            [
                inside,
                start,
                minutes * inside,
                before_signal,
                media,
                length,
                topic == "business",
                topic == "side",
                topic == "call_question",
                topic == "call_answer",
                topic == "situation",
                question_mark,
                after_closure,
                after_incident,
                since_incident,
                *(walked[label].to_numpy(bool)[rows] for label in LABELS),
                first.rules,
                first.general,
                inside_z,
                first.concepts,
            ]  # fmt: skip
        ).astype(np.float32)
        if n
        else np.zeros((0, len(SHARED_FEATURES)), np.float32)
    )
    own = {}
    for k, code in enumerate(CODES):
        z = first.general[:, k]
        rule = first.rules[:, k]
        own[code] = np.column_stack([z * inside, z * ~inside, rule & inside, rule & start]).astype(np.float32)
    return shared, own


#: An incident that ended this recently still colours what follows it ("wat een avond, hij stond ...").
RECENT_MINUTES = 60.0
SINCE_CAP_MINUTES = 24 * 60.0


def _after_incidents(
    walked: pd.DataFrame, rows: np.ndarray, inside: np.ndarray, times: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """For messages outside incidents: whether an incident of their group ended at most RECENT_MINUTES
    before, and the log minutes since the last one ended (capped at a day)."""
    n = len(rows)
    after = np.zeros(n, dtype=bool)
    since = np.full(n, np.log1p(SINCE_CAP_MINUTES), dtype=np.float32)
    if not inside.any():
        return after, since * ~inside
    groups = walked["group"].astype("string").fillna("").to_numpy(object)[rows]
    incident = walked["incident"].astype(object).to_numpy()[rows]
    ends = pd.DataFrame({"incident": incident[inside], "group": groups[inside], "t": times[inside]})
    ends = ends.groupby("incident", sort=False).agg(group=("group", "first"), t=("t", "max"))
    for group, part in ends.groupby("group", sort=False):
        end_times = np.sort(part["t"].to_numpy())
        mine = np.flatnonzero((groups == group) & ~inside)
        before = np.searchsorted(end_times, times[mine], side="right") - 1
        known = before >= 0
        gap = np.full(len(mine), SINCE_CAP_MINUTES)
        gap[known] = np.minimum(times[mine][known] - end_times[before[known]], SINCE_CAP_MINUTES)
        after[mine] = gap <= RECENT_MINUTES
        since[mine] = np.log1p(np.maximum(gap, 0))
    return after, since * ~inside


def refine(
    tagged: pd.DataFrame,
    walked: pd.DataFrame,
    model: ContextModel,
    general: NgramModel,
    inside_model: NgramModel | None,
    profiles: Mapping[str, Profile],
) -> pd.DataFrame:
    """The tagged chat with every member message's labels and violations decided again in context.

    Reasons: a label the rules gave and the context keeps keeps its reason; a label the context adds
    names the words that weighed most; a rule's label the context takes away says so.
    """
    if RULES_COLUMN not in tagged:  # not tagged by analysis.tagger (hand-labelled chats in tests)
        return tagged
    first = first_pass(tagged)
    out = tagged.copy()
    if len(first.rows) == 0:
        return out
    shared, own = context_features(tagged, walked, first, inside_model)
    probability = model.probabilities(shared, own)
    keep, add = model.thresholds[:, 0], model.thresholds[:, 1]
    decided = np.where(first.rules, probability >= keep[None, :], probability >= add[None, :])
    rules_only = np.isnan(keep)  # codes where the rules alone did better in training
    decided[:, rules_only] = first.rules[:, rules_only]
    # "ja ik" is a 112 confirmation only as the answer to "wie belt 112?": the cut decides that, not the words
    topic = tagged["topic"].astype("string").fillna("").to_numpy(object)[first.rows]
    decided[topic == "call_answer", CODES.index("alarm")] = False
    # the guide: a closure message is not also an update, and the opening report is not an update of itself
    # the guide: a forwarded warning or a past event is never the opening report of an incident
    signal = CODES.index("signal")
    decided[:, signal] &= ~decided[:, CODES.index("general_notice")] & ~decided[:, CODES.index("not_acute")]
    # the guide: a side issue the rules read as off-topic (a loose paving stone, a sale, a party) is no report
    # unless the rules read one in it; the models may not open one there ("losse stoeptegel, mijn vrouw is er
    # bijna over gevallen" became an incident in a sample chat once the models had learnt a care home's falls)
    side_issue = tagged[SIDE_ISSUE_COLUMN].to_numpy(bool)[first.rows]
    decided[:, signal] &= first.rules[:, signal] | ~side_issue
    update = CODES.index("update")
    # the guide: the coordinator's formal end ("melding afgesloten") is a closure, also after an outcome
    closure = CODES.index("closure")
    formal = first.concepts[:, CONCEPT_FEATURES.index("closure_formal")]
    decided[:, closure] |= first.rules[:, closure] & formal
    # an obvious end the rules read ("Loos alarm, was de buurman", "allebei mee naar het bureau") stays one
    sure = tagged[SURE_CLOSURE_COLUMN].to_numpy(bool)[first.rows]
    decided[:, closure] |= first.rules[:, closure] & sure
    decided[:, update] &= ~decided[:, closure] & ~decided[:, CODES.index("signal")]
    decided = _respect_profiles(decided, first.rules, out, first.rows, profiles)
    names = label_names()
    labels = {name: out[name].to_numpy(bool).copy() for name in LABELS}
    violations = out["violations"].to_numpy(object).copy()
    reasons = out["reasons"].to_numpy(object).copy()
    texts = out["text"].astype("string").fillna("").to_numpy(object)  # read once, for the reasons below
    rows = first.rows
    # every text a code is added to, normalised in one pass (not one per code)
    adding = (decided & ~first.rules).any(axis=1)
    normalised = np.empty(len(rows), dtype=object)
    if adding.any():
        normalised[adding] = _normalised_texts(texts, rows[adding])
    for k, code in enumerate(CODES):
        now = decided[:, k]
        before = first.rules[:, k]
        added = now & ~before
        dropped = before & ~now
        if code in LABELS:
            labels[code][rows] = now
        if added.any():
            picked = np.flatnonzero(added)
            words = general.strongest_words(normalised[picked].tolist(), code)
            what = _MODEL_WHAT[code]
            for i, found in zip(picked.tolist(), words, strict=True):
                row = rows[i]
                kept = tuple(r for r in (reasons[row] or ()) if not r.startswith(f"{names[code]}:"))
                shown = "' + '".join(found) if found else "..."
                reasons[row] = (*kept, explain(code, MODEL_REASON.format(what=what, words=shown)))
        for i in np.flatnonzero(dropped).tolist():
            row = rows[i]
            kept = tuple(r for r in (reasons[row] or ()) if not r.startswith(f"{names[code]}:"))
            reasons[row] = kept
    # one tuple per distinct combination of violations (a handful), not one Python loop per message
    bits = decided[:, len(LABELS) :].astype(np.int64) @ (1 << np.arange(len(VIOLATIONS)))
    combos, which = np.unique(bits, return_inverse=True)
    tuples = np.empty(len(combos), dtype=object)
    tuples[:] = [tuple(code for k, code in enumerate(VIOLATIONS) if int(value) >> k & 1) for value in combos]
    violations[first.rows] = tuples[which.reshape(-1)]
    for name, values in labels.items():
        out[name] = values
    out["violations"] = violations
    out["reasons"] = reasons
    return out


_MODEL_WHAT = {
    "signal": "lijkt op een melding van een verdachte situatie",
    "alarm": "lijkt op een melding dat 112/politie gebeld is",
    "update": "lijkt op nieuwe informatie over de situatie",
    "reaction": "lijkt op iemand die actie onderneemt",
    "closure": "lijkt op de afloop of het sein veilig",
    "offtopic": "lijkt niet over veiligheid te gaan",
    "not_acute": "lijkt over iets dat eerder gebeurd is te gaan",
    "general_notice": "lijkt op een doorgestuurde waarschuwing",
    "language": "lijkt op grof taalgebruik",
    "vigilante": "lijkt op eigenrichting",
    "driving": "lijkt op appen tijdens het rijden",
}


def _normalised_texts(texts: np.ndarray, rows: np.ndarray) -> list[str]:
    from analysis.lexicon import load_lexicon
    from analysis.text_normalise import normalise

    return normalise(pa.array(texts[rows].tolist(), type=pa.large_string()), load_lexicon()).to_pylist()


def _respect_profiles(
    decided: np.ndarray,
    rules: np.ndarray,
    frame: pd.DataFrame,
    rows: np.ndarray,
    profiles: Mapping[str, Profile],
) -> np.ndarray:
    """Violations a group's profile does not check are never given; where a profile allows thanks,
    emoji or lost pets, off-topic stays what the rules (which know the profile) said."""
    groups = frame["group"].astype("string").fillna("").to_numpy(object)[rows]
    out = decided.copy()
    offtopic = CODES.index("offtopic")
    for group, profile in profiles.items():
        mine = groups == group
        if not mine.any():
            continue
        for k, code in enumerate(VIOLATIONS, start=len(LABELS)):
            if not profile.checks(code):
                out[mine, k] = False
        if profile.allow_thanks or profile.allow_emoji_only or profile.allow_lost_pets:
            out[mine, offtopic] = rules[mine, offtopic] & profile.checks("offtopic")
    return out
