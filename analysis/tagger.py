"""The SAAR tagger: which step of the method each message is, and which house rule it breaks.

Every message is judged on its own (context-free); ``analysis.incidents`` then uses the context
(an open incident turns a signal-like message into an update, and drops updates that belong to
nothing). Labels and violations follow ``docs/labelling-guide.md``; the words live in
``analysis/data/lexicon/*.toml`` and the rules below only combine named concepts, sentence by
sentence, so that "heeft iemand 112 gebeld?" (a question), "geen 112 gebeld" (a negation) and
"als hij terugkomt bel ik" (a plan) do not count as a call while "112 gebeld" does.

Speed: texts are deduplicated and every concept is one RE2 pattern run over all distinct texts
(or sentences) at once by pyarrow; Python only loops over the messages that got a label, to
write the reasons shown to coordinators.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from analysis.lexicon import Concept, Lexicon, load_lexicon
from analysis.model import INCIDENT_TYPES, LABELS, VIOLATIONS
from analysis.profile import Profile, default_profile
from analysis.text_normalise import normalise, normalise_one, split_sentences

TAGGED_KINDS = ("message", "media", "poll", "location")
EVIDENCE_MEDIA = ("image", "video", "audio", "other")  # "other": Android writes only "<Media weggelaten>"
EMOJI_LIKE_MEDIA = ("sticker", "gif")
NOTICE_WEAK_MIN_CHARS = 160  # a forwarded warning is long; a short "let op!" is usually a report
SHORT_MESSAGE_CHARS = 80  # a thank-you or apology with a few words around it
TRIGGER_MAX_CHARS = 60

TAG_COLUMNS = (*LABELS, "violations", "reasons")


@dataclass
class _Fired:
    """Per distinct text: which labels/violations hold, and which concept (and where) made them hold."""

    flags: dict[str, np.ndarray]  # label or violation code -> bool per text
    causes: dict[str, list[tuple[np.ndarray, str, str]]]  # code -> [(mask, concept, "sentence"/"message")]


def _match(values: pa.Array, concept: Concept) -> np.ndarray:
    if len(values) == 0:
        return np.zeros(0, dtype=bool)
    return pc.match_substring_regex(values, pattern=concept.pattern).to_numpy(zero_copy_only=False)


def _any_per_text(sentence_mask: np.ndarray, parent: np.ndarray, n: int) -> np.ndarray:
    return np.bincount(parent[sentence_mask], minlength=n) > 0 if n else np.zeros(0, dtype=bool)


def _decide(
    texts: pa.Array, lexicon: Lexicon, profile: Profile
) -> tuple[pa.Array, pa.Array, np.ndarray, _Fired]:
    """Evaluate every concept on the distinct normalised texts and combine them into labels."""
    n = len(texts)
    norm = normalise(texts, lexicon)
    sentences, parent = split_sentences(norm)
    S = {c.name: _match(sentences, c) for c in lexicon.concepts.values() if c.scope == "sentence"}
    M = {c.name: _match(norm, c) for c in lexicon.concepts.values() if c.scope == "message"}

    def anyS(mask: np.ndarray) -> np.ndarray:
        return _any_per_text(mask, parent, n)

    lengths = pc.utf8_length(norm).to_numpy(zero_copy_only=False)
    q = S["question"] | S["question_mark"]

    # Sentence-level steps: the cue holds and nothing in the same sentence takes it back.
    alarm_s = (
        S["alarm_report"]
        & ~q
        & ~S["alarm_negation"]
        & ~S["alarm_plan"]
        & ~S["alarm_advice"]
        & ~S["alarm_cancel"]
    )
    # a report may end in a rhetorical "om deze tijd??"; only a question form ("heeft iemand ...") blocks it
    signal_raw_s = S["signal_cue"] & ~S["question"] & ~S["hypothetical"] & ~S["signal_negation"]
    follow_up_s = (
        signal_raw_s & S["anaphoric_start"]
    )  # "hij klimt nu over de schutting": more about a known situation
    signal_s = signal_raw_s & ~S["anaphoric_start"]
    reaction_s = (
        (S["reaction_cue"] | S["reaction_first_person"]) & ~q & ~S["reaction_negation"] & ~S["hypothetical"]
    )
    closure_s = S["closure_cue"] & ~q & ~S["closure_negation"]
    update_s = (
        (S["update_cue"] | follow_up_s) & ~q & ~S["update_negation"] & ~S["hypothetical"] & ~S["self_only"]
    )
    vigilante_s = S["vigilante"] & ~S["vigilante_negation"]
    driving_s = S["driving"] & ~q & ~S["driving_negation"]
    crime_s = (S["crime_report"] | S["signal_cue"]) & ~q

    # Message-level context.
    # weak warning words ("let op", "in de regio") make a notice only in a long text
    # that reports nothing here and now
    notice = (
        M["notice_strong"] | (M["notice_weak"] & (lengths >= NOTICE_WEAK_MIN_CHARS) & ~anyS(signal_s))
    ) & ~M["business"]
    past = M["past_marker"] & ~M["now_marker"]
    business = M["business"]
    lost = M["lost_pet"] & ~anyS(signal_s) & ~anyS(alarm_s)
    # side issues that outweigh a stray "ik loop" or "nog steeds" (a collector, a sale, a party, a lost cat)
    side_issue = (lost | M["collection"] | M["for_sale"] | M["event"] | M["utilities"]) & ~anyS(
        signal_raw_s | alarm_s
    )

    not_acute = past & anyS(crime_s) & ~notice & ~business
    # a message that also tells how it ended ("brand is uit", "daders zijn weg") is no opening report
    signal = (anyS(signal_s) | M["signal_header"]) & ~anyS(closure_s) & ~past & ~notice & ~business & ~lost
    alarm = anyS(alarm_s) & ~notice & ~not_acute & ~business
    closure = (
        anyS(closure_s) & ~signal & ~notice & ~business & ~lost & ~not_acute
    )  # a report cannot end itself
    reaction = anyS(reaction_s) & ~notice & ~business & ~past & ~side_issue
    # coordinators relaying a report ("zo stond het in onze groep: jongen van 16, grijze jas") still inform
    update = anyS(update_s) & ~signal & ~closure & ~notice & ~past & ~side_issue
    labelled = signal | alarm | closure | reaction | update

    language = M["language"] & ~M["language_exception"]
    vigilante = anyS(vigilante_s) & ~business
    driving = anyS(driving_s)

    short = lengths <= SHORT_MESSAGE_CHARS
    thanks = (M["thanks_only"] | (M["thanks_short"] & short)) & ~business
    greeting = M["greeting"] & ~anyS(
        S["crime_report"] | S["signal_cue"] | S["update_cue"]
    )  # "Goedemorgen! Weet iemand hoe het met die inbraak afliep?"
    other_offtopic = (
        greeting
        | M["collection"]
        | M["paving"]
        | M["event"]
        | M["for_sale"]
        | M["utilities"]
        | (M["chitchat"] & ~M["sympathy"])
    ) & ~thanks
    offtopic = (
        ~labelled
        & ~business
        & ~notice
        & ~not_acute
        & (
            (thanks & (not profile.allow_thanks))
            | (M["emoji_only"] & (not profile.allow_emoji_only))
            | (lost & (not profile.allow_lost_pets))
            | other_offtopic
        )
    )

    flags = {
        "signal": signal,
        "alarm": alarm,
        "update": update,
        "reaction": reaction,
        "closure": closure,
        "offtopic": offtopic,
        "not_acute": not_acute,
        "general_notice": notice,
        "language": language,
        "vigilante": vigilante,
        "driving": driving,
    }
    causes: dict[str, list[tuple[np.ndarray, str, str]]] = {
        "signal": [(signal_s, "signal_cue", "sentence"), (M["signal_header"], "signal_header", "message")],
        "alarm": [(alarm_s, "alarm_report", "sentence")],
        "update": [
            (S["update_cue"] & update_s, "update_cue", "sentence"),
            (follow_up_s & update_s, "signal_cue", "sentence"),
        ],
        "reaction": [
            (S["reaction_cue"] & reaction_s, "reaction_cue", "sentence"),
            (reaction_s, "reaction_first_person", "sentence"),
        ],
        "closure": [(closure_s, "closure_cue", "sentence")],
        "offtopic": [
            (thanks & M["thanks_only"], "thanks_only", "message"),
            (thanks, "thanks_short", "message"),
            (M["emoji_only"], "emoji_only", "message"),
            (lost, "lost_pet", "message"),
            *(
                (M[name], name, "message")
                for name in ("greeting", "collection", "paving", "event", "for_sale", "utilities", "chitchat")
            ),
        ],
        "not_acute": [(M["past_marker"], "past_marker", "message")],
        "general_notice": [
            (M["notice_strong"], "notice_strong", "message"),
            (M["notice_weak"], "notice_weak", "message"),
        ],
        "language": [(language, "language", "message")],
        "vigilante": [(vigilante_s, "vigilante", "sentence")],
        "driving": [(driving_s, "driving", "sentence")],
    }
    return norm, sentences, parent, _Fired(flags, causes)


def _excerpts(values: pa.Array, rows: np.ndarray) -> list[str]:
    """Where the cue was found: the sentence (or the start of the message), shortened.

    Showing the sentence instead of re-running every pattern to extract the exact words keeps
    the reasons nearly free (one regex compile per concept would cost more than all matching).
    """
    if len(rows) == 0:
        return []
    subset = pc.utf8_trim_whitespace(pc.take(values, pa.array(rows)))
    short = pc.utf8_slice_codeunits(subset, 0, TRIGGER_MAX_CHARS).to_pylist()
    lengths = pc.utf8_length(subset).to_numpy(zero_copy_only=False)
    return [
        text + ("..." if length > TRIGGER_MAX_CHARS else "")
        for text, length in zip(short, lengths, strict=True)
    ]


def _reasons(
    fired: _Fired,
    norm: pa.Array,
    sentences: pa.Array,
    parent: np.ndarray,
    lexicon: Lexicon,
    codes: tuple[str, ...],
) -> list[list[str]]:
    """One short Dutch explanation per label/violation that fired, per distinct text."""
    n = len(norm)
    reasons: list[list[str]] = [[] for _ in range(n)]
    for code in codes:
        todo = fired.flags[code].copy()
        for mask, concept_name, scope in fired.causes[code]:
            if not todo.any():
                break
            concept = lexicon.concept(concept_name)
            if scope == "sentence":
                # the first sentence of each still-unexplained text where the cause holds
                sentence_rows = np.flatnonzero(mask & todo[parent])
                text_rows, first = np.unique(parent[sentence_rows], return_index=True)
                words = _excerpts(sentences, sentence_rows[first])
            else:
                text_rows = np.flatnonzero(mask & todo)
                words = _excerpts(norm, text_rows)
            for row, word in zip(text_rows, words, strict=True):
                reasons[row].append(f"{code}: {concept.reason} -> '{word}'")
            todo[text_rows] = False
        for row in np.flatnonzero(todo):  # a combination without a single cause (should be rare)
            reasons[row].append(f"{code}: combinatie van kenmerken")
    return reasons


def _checked(profile: Profile) -> tuple[str, ...]:
    return tuple(code for code in VIOLATIONS if profile.checks(code))


def empty_tags(index: pd.Index) -> pd.DataFrame:
    """The tagger's columns with nothing tagged, for ``index``."""
    n = len(index)
    frame = pd.DataFrame({label: np.zeros(n, dtype=bool) for label in LABELS}, index=index)
    frame["violations"] = pd.Series([()] * n, index=index, dtype=object)
    frame["reasons"] = pd.Series([()] * n, index=index, dtype=object)
    return frame


def tag_messages(chat: pd.DataFrame, profile: Profile | None = None) -> pd.DataFrame:
    """Labels, violations and reasons for every record of ``chat`` (a parsed chat, parsers.schema).

    Returns a frame with the same index and the columns signal, alarm, update, reaction, closure
    (bool), violations (tuple of codes the profile checks) and reasons (tuple of short strings).
    System records and deleted messages get nothing.
    """
    profile = profile or default_profile()
    lexicon = load_lexicon(tuple(profile.emergency_numbers))
    result = empty_tags(chat.index)
    if len(chat) == 0:
        return result

    kind = chat["kind"].astype("string").fillna("").to_numpy(dtype=object)
    has_author = (
        chat["author"].notna().to_numpy(dtype=bool) if "author" in chat else np.ones(len(chat), dtype=bool)
    )
    rows = np.flatnonzero(np.isin(kind, TAGGED_KINDS) & has_author)
    if len(rows) == 0:
        return result
    texts = chat["text"].iloc[rows].astype("string").fillna("")
    codes, uniques = pd.factorize(texts)
    distinct = pa.array(np.asarray(uniques, dtype=object), type=pa.large_string())

    norm, sentences, parent, fired = _decide(distinct, lexicon, profile)
    checked = _checked(profile)
    flags = {code: fired.flags[code][codes] for code in (*LABELS, *checked)}

    # What the record kind adds to its caption.
    media_type = (
        chat["media_type"].astype("string").fillna("").to_numpy(dtype=object)[rows]
        if "media_type" in chat
        else np.full(len(rows), "", dtype=object)
    )
    row_kind = kind[rows]
    empty_caption = (pc.utf8_length(pc.utf8_trim_whitespace(distinct)).to_numpy(zero_copy_only=False) == 0)[
        codes
    ]
    evidence = ((row_kind == "media") & np.isin(media_type, EVIDENCE_MEDIA)) | (row_kind == "location")
    evidence &= ~flags["signal"] & ~flags["closure"] & ~flags["update"]
    if "offtopic" in flags:
        evidence &= ~flags["offtopic"]
    flags["update"] = flags["update"] | evidence
    emoji_media = (
        (row_kind == "media")
        & np.isin(media_type, EMOJI_LIKE_MEDIA)
        & empty_caption
        & (not profile.allow_emoji_only)
    )

    text_reasons = _reasons(fired, norm, sentences, parent, lexicon, (*LABELS, *checked))
    per_text_violations = np.empty(len(distinct), dtype=object)
    per_text_reasons = np.empty(len(distinct), dtype=object)
    violation_matrix = (
        np.column_stack([fired.flags[code] for code in checked])
        if checked
        else np.zeros((len(distinct), 0), bool)
    )
    for i in range(len(distinct)):
        per_text_violations[i] = (
            tuple(code for code, hit in zip(checked, violation_matrix[i], strict=True) if hit)
            if violation_matrix[i].any()
            else ()
        )
        per_text_reasons[i] = tuple(text_reasons[i])
    violations = per_text_violations[codes]  # one lookup per message, no Python loop over messages
    reasons = per_text_reasons[codes]

    for pos in np.flatnonzero(evidence):
        what = "locatie gedeeld" if row_kind[pos] == "location" else "foto, video of spraakbericht gedeeld"
        reasons[pos] = (*reasons[pos], f"update: {what} -> '{media_type[pos] or row_kind[pos]}'")
    if "offtopic" in checked:
        for pos in np.flatnonzero(emoji_media & ~fired.flags["offtopic"][codes]):
            violations[pos] = tuple(sorted({*violations[pos], "offtopic"}, key=VIOLATIONS.index))
            reasons[pos] = (*reasons[pos], f"offtopic: alleen een sticker of gif -> '{media_type[pos]}'")

    for label in LABELS:
        column = result[label].to_numpy(copy=True)
        column[rows] = flags[label]
        result[label] = column
    all_violations = result["violations"].to_numpy(copy=True)
    all_reasons = result["reasons"].to_numpy(copy=True)
    all_violations[rows] = violations
    all_reasons[rows] = reasons
    result["violations"] = pd.Series(all_violations, index=chat.index, dtype=object)
    result["reasons"] = pd.Series(all_reasons, index=chat.index, dtype=object)
    return result


def tag_texts(texts: list[str], profile: Profile | None = None) -> pd.DataFrame:
    """Tag plain message texts (for trying out words and for tests): one row per text."""
    chat = pd.DataFrame(
        {"text": pd.Series(texts, dtype="string"), "kind": "message", "author": "lid", "media_type": pd.NA}
    )
    return tag_messages(chat, profile)


@lru_cache(maxsize=65536)
def _classify(texts: tuple[str, ...], emergency_numbers: tuple[str, ...]) -> str:
    lexicon = load_lexicon(emergency_numbers)
    compiled = _compiled_types(lexicon)
    normalised = [normalise_one(t, lexicon) for t in texts if t]
    for text in normalised[:1] + [
        "\n".join(normalised[1:])
    ]:  # the opening report decides; updates break a tie
        for kind in lexicon.incident_order:
            if kind in compiled and compiled[kind].search(text):
                return kind
    return lexicon.incident_fallback


@lru_cache(maxsize=8)
def _compiled_types(lexicon: Lexicon) -> dict[str, re.Pattern[str]]:
    return {kind: re.compile(pattern) for kind, pattern in lexicon.incident_patterns.items()}


def classify_incident_type(texts: list[str], profile: Profile | None = None) -> str:
    """One of analysis.model.INCIDENT_TYPES for an incident, from its opening report (then its updates)."""
    numbers = tuple((profile or default_profile()).emergency_numbers)
    kind = _classify(tuple(str(t) for t in texts if isinstance(t, str)), numbers)
    return kind if kind in INCIDENT_TYPES else "overig"
