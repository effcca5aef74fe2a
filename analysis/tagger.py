"""The SAAR tagger: which step of the method each message is, and which house rule it breaks.

Every message is judged on its own (context-free); ``analysis.incidents`` then uses the context
(an open incident turns a signal-like message into an update, and drops updates that belong to
nothing). Labels and violations follow ``docs/labelling-guide.md``; the words live in
``analysis/data/lexicon/*.toml`` and the rules below only combine named concepts, sentence by
sentence, so that "heeft iemand 112 gebeld?" (a question), "geen 112 gebeld" (a negation) and
"als hij terugkomt bel ik" (a plan) do not count as a call while "112 gebeld" does.

Speed: texts are deduplicated and every concept is one RE2 pattern (in a few pieces) run by pyarrow
over the distinct texts or sentences, on a big chat only over those that hold the words its patterns
require (``_Matcher``, ``analysis.prefilter``; docs/tagger.md, "How it stays fast"); Python only
loops over the distinct texts that got a label, to write the reasons shown to coordinators.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from analysis.lexicon import CHUNK_CHARS, Concept, Lexicon, load_lexicon
from analysis.model import INCIDENT_TYPES, LABELS, VIOLATIONS
from analysis.models import TaggingModels, shipped_models
from analysis.ngram import NgramModel, decisions
from analysis.parallel import map_items, map_slices
from analysis.prefilter import TokenIndex, requirement
from analysis.profile import Profile, default_profile
from analysis.reasons import explain
from analysis.tagging_columns import (
    CODES,
    CONCEPT_FEATURES,
    INSIDE_CODES,
    KIND_COLUMN,
    SIDE_ISSUE_COLUMN,
    SURE_CLOSURE_COLUMN,
    TAGGED_KINDS,
    general_column,
    inside_column,
)
from analysis.text_normalise import normalise, normalise_one, split_sentences

EVIDENCE_MEDIA = ("image", "video", "audio", "other")  # "other": Android writes only "<Media weggelaten>"
EMOJI_LIKE_MEDIA = ("sticker", "gif")
# A photo or video without words says nothing about safety on its own ("other": Android hides the type);
# a voice note or a document may carry anything, so it is never judged without its content.
PICTURE_MEDIA = ("image", "video", "other")
#: Values of the ``topic`` column: what ``analysis.incidents`` needs to judge a message in its context.
TOPIC_BUSINESS = "business"  # group business: never off-topic because of its thread
TOPIC_SIDE = "side"  # off-topic about a side issue: replies to it are off-topic too
TOPIC_BARE_MEDIA = "bare_media"  # photo or video without caption: off-topic outside an incident
TOPIC_CALL_QUESTION = "call_question"  # "wie belt 112?": a short "ja ik" right after it is a 112 confirmation
TOPIC_CALL_ANSWER = (
    "call_answer"  # "ja ik", "doe ik", "ik ook": an alarm only as the answer to a call question
)
TOPIC_SITUATION = "situation"  # "wat is dat voor herrie?": part of the incident it leads to, never off-topic
TOPICS = (
    TOPIC_BUSINESS,
    TOPIC_SIDE,
    TOPIC_BARE_MEDIA,
    TOPIC_CALL_QUESTION,
    TOPIC_CALL_ANSWER,
    TOPIC_SITUATION,
)
CALL_ANSWER_MAX_CHARS = 40
NOTICE_WEAK_MIN_CHARS = 160  # a forwarded warning is long; a short "let op!" is usually a report
SHORT_MESSAGE_CHARS = 80  # a thank-you or apology with a few words around it
TRIGGER_MAX_CHARS = 60
#: Marks a cause found by the n-gram model rather than by a lexicon concept (see ``_reasons``).
MODEL_CAUSE = "__model__"
#: What a label found by the n-gram model means, for the reason shown beside it.
MODEL_REASONS: dict[str, str] = {
    "signal": "lijkt op een melding van een verdachte situatie (woordpatroon)",
    "alarm": "lijkt op een melding dat 112/politie gebeld is (woordpatroon)",
    "update": "lijkt op nieuwe informatie over de situatie (woordpatroon)",
    "reaction": "lijkt op iemand die actie onderneemt (woordpatroon)",
    "closure": "lijkt op de afloop of het sein veilig (woordpatroon)",
    "offtopic": "lijkt niet over veiligheid te gaan (woordpatroon)",
    "not_acute": "lijkt over iets dat eerder gebeurd is te gaan (woordpatroon)",
    "general_notice": "lijkt op een doorgestuurde waarschuwing (woordpatroon)",
    "language": "lijkt op grof taalgebruik (woordpatroon)",
    "vigilante": "lijkt op eigenrichting (woordpatroon)",
    "driving": "lijkt op appen tijdens het rijden (woordpatroon)",
}


@dataclass
class _Fired:
    """Per distinct text: which labels/violations hold, and which concept (and where) made them hold."""

    flags: dict[str, np.ndarray]  # label or violation code -> bool per text
    # code -> [(mask, concept name or names, "sentence"/"message")]: where and why it fired
    causes: dict[str, list[tuple[np.ndarray, str | tuple[str, ...], str]]]
    business: np.ndarray  # group business cue (rules, intros, admin, feedback): never off-topic by context
    side_topic: np.ndarray  # off-topic about a side issue others reply to (pet, sale, party, chit-chat ...)
    signal_score: (
        np.ndarray
    )  # the n-gram model's probability that the text reports a situation (0 without it)
    call_question: np.ndarray  # asks who calls 112 or whether anyone did
    call_answer: np.ndarray  # a short "ja ik" / "doe ik" / "ik ook" that is an alarm only in answer to one
    rule_bits: np.ndarray  # int32: bit k = what the rules alone said of CODES[k] (for ``analysis.context``)
    general: np.ndarray  # float32 texts x CODES: the general model's log odds (zeros without a model)
    concept_bits: np.ndarray  # int32: bit k = CONCEPT_FEATURES[k] was seen in the text
    situation: np.ndarray  # asks what is going on ("wat is dat voor herrie?"): leads into an incident
    inside: np.ndarray  # float32 texts x INSIDE_CODES: the inside-incident model's log odds (zeros without)
    closure_sure: np.ndarray  # the rules' closure is an obvious end ("loos alarm"): the context keeps it
    side_issue: np.ndarray  # the rules alone read an off-topic side issue: the context opens no report there


def _match(values: pa.Array, concept: Concept) -> np.ndarray:
    """Which values the concept's pattern matches (large arrays in slices on every core)."""
    return np.concatenate(map_slices(_match_slice, values, concept.chunks))


def _match_slice(values: pa.Array, chunks: tuple[str, ...]) -> np.ndarray:
    hit = np.zeros(len(values), dtype=bool)
    if len(values):
        for chunk in chunks:
            hit |= pc.match_substring_regex(values, pattern=chunk).to_numpy(zero_copy_only=False)
    return hit


def _logit(probability: float) -> float:
    """A probability threshold as a threshold on the model's log odds (above 1: never)."""
    if probability >= 1:
        return np.inf
    return float(np.log(probability / (1 - probability)))


def _clause_not_negated(sentences: pa.Array, where: np.ndarray, lexicon: Lexicon) -> np.ndarray:
    """Per sentence: does a clause of it report a call without a negation in that same clause?

    "Ik bel 0900-8844, lijkt me geen 112" calls; "nee, nog niet gebeld" does not. Conditions,
    questions and advice still hold for the whole sentence (they govern every clause).
    """
    result = np.zeros(len(sentences), dtype=bool)
    rows = np.flatnonzero(where)
    if len(rows) == 0:
        return result
    parts = pc.split_pattern(pc.take(sentences, pa.array(rows)), pattern=",")
    clauses = pc.list_flatten(parts)
    owner = rows[pc.list_parent_indices(parts).to_numpy()]
    report = _match(clauses, lexicon.concept("alarm_report"))
    negated = np.zeros(len(clauses), dtype=bool)
    if report.any():
        negated[report] = _match(pc.filter(clauses, pa.array(report)), lexicon.concept("alarm_negation"))
    result[owner[report & ~negated]] = True
    return result


def _any_per_text(sentence_mask: np.ndarray, parent: np.ndarray, n: int) -> np.ndarray:
    return np.bincount(parent[sentence_mask], minlength=n) > 0 if n else np.zeros(0, dtype=bool)


class _Matcher:
    """Runs a concept over all sentences (or texts), or only where asked.

    Most checks only matter where a cue fired ("is this alarm sentence negated?"), so they run on
    that subset. Over many rows, each pattern runs only on the rows that hold the words it requires
    (``analysis.prefilter``: the words are read once for all concepts), so a full pass reads a few
    percent of the sentences instead of all of them, with the same result; the pieces of a concept
    run side by side on every core.
    """

    def __init__(
        self, lexicon: Lexicon, sentences: pa.Array, texts: pa.Array, prefilter: bool | None = None
    ) -> None:
        self.lexicon = lexicon
        self.values = {"sentence": sentences, "message": texts}
        self.prefilter = PREFILTER if prefilter is None else prefilter
        self._indexes: dict[str, TokenIndex] | None = None
        self._plans: dict[str, list[tuple[str, np.ndarray | None]]] = {}

    def __call__(self, name: str, where: np.ndarray | None = None) -> np.ndarray:
        concept = self.lexicon.concept(name)
        values = self.values[concept.scope]
        size = len(values) if where is None else int(np.count_nonzero(where))
        if (
            not self.prefilter
            or not concept.patterns
            or size < PREFILTER_MIN_ROWS
            or len(values) < PREFILTER_MIN_VALUES
        ):
            if where is None:
                return _match(values, concept)
            hit = np.zeros(len(values), dtype=bool)
            rows = np.flatnonzero(where)
            if len(rows):
                hit[rows] = _match(pc.take(values, pa.array(rows)), concept)
            return hit
        jobs: list[tuple[str, np.ndarray | None]] = []
        for alternation, candidates in self._plan(concept):
            if candidates is None:
                rows = None if where is None else np.flatnonzero(where)
            else:
                rows = candidates if where is None else candidates[where[candidates]]
            if rows is None or len(rows):
                jobs.append((alternation, rows))
        hit = np.zeros(len(values), dtype=bool)
        if len(jobs) == 1:  # one piece: a large one is read in slices on every core
            alternation, rows = jobs[0]
            subset = values if rows is None else pc.take(values, pa.array(rows))
            found = [np.concatenate(map_slices(_match_slice, subset, (alternation,)))]
        else:
            found = map_items(lambda job: _match_rows(values, *job), jobs)
        for (_, rows), matched in zip(jobs, found, strict=True):
            if rows is None:
                hit |= matched
            else:
                hit[rows] |= matched
        return hit

    def _plan(self, concept: Concept) -> list[tuple[str, np.ndarray | None]]:
        """The concept's patterns in pieces RE2 runs fast, each with the rows it may match (sorted,
        distinct; None: every row, for patterns that require no word)."""
        if concept.name not in self._plans:
            index = self._index(concept.scope)
            open_, filtered = [], []
            for pattern in concept.patterns:
                rows = index.candidates(requirement(pattern))
                (open_ if rows is None else filtered).append((pattern, rows))
            plan: list[tuple[str, np.ndarray | None]] = []
            for piece in _pieces(open_):
                plan.append(("|".join(f"(?:{pattern})" for pattern, _ in piece), None))
            for piece in _pieces(filtered):
                mask = np.zeros(len(index.values), dtype=bool)
                for _, rows in piece:
                    mask[rows] = True
                plan.append(("|".join(f"(?:{pattern})" for pattern, _ in piece), np.flatnonzero(mask)))
            self._plans[concept.name] = plan
        return self._plans[concept.name]

    def _index(self, scope: str) -> TokenIndex:
        """The words of the sentences and texts (built at the first prefiltered call)."""
        if self._indexes is None:
            sentences, texts = TokenIndex.build(self.values["sentence"], self.values["message"])
            sentences.vocabulary.prepare(_lexicon_atoms(self.lexicon))
            self._indexes = {"sentence": sentences, "message": texts}
        return self._indexes[scope]


#: Switch for the literal prefilter of ``_Matcher`` (tests compare both ways: the result is the same).
PREFILTER = True
#: The prefilter starts at this many sentences (or texts): below, its fixed costs (about 0.1 s to derive
#: the required words once per process, and reading the words) outweigh the RE2 work it saves. On the
#: realistic exports (distinct texts) it already saves 10-12% of analyse's CPU at 40,000 messages
#: (about 60,000 sentences; 2026-12-06, five runs each way); on the synthetic ones, which repeat 900 texts,
#: the break-even was 50,000 sentences.
PREFILTER_MIN_VALUES = 20_000
#: ... and a check on fewer rows than this (a where-mask) simply runs on them.
PREFILTER_MIN_ROWS = 2_000


def _match_rows(values: pa.Array, alternation: str, rows: np.ndarray | None) -> np.ndarray:
    return _match_slice(values if rows is None else pc.take(values, pa.array(rows)), (alternation,))


def _pieces(patterns: list[tuple[str, np.ndarray | None]]) -> list[list[tuple[str, np.ndarray | None]]]:
    """Patterns in order, cut into alternations of at most ``analysis.lexicon.CHUNK_CHARS``."""
    pieces: list[list[tuple[str, np.ndarray | None]]] = []
    size = 0
    for item in patterns:
        if not pieces or size + len(item[0]) > CHUNK_CHARS:
            pieces.append([])
            size = 0
        pieces[-1].append(item)
        size += len(item[0])
    return pieces


@lru_cache(maxsize=16)
def _lexicon_atoms(lexicon: Lexicon) -> tuple:
    """Every literal the patterns of any concept require (answered on the words in one go)."""
    return tuple(
        {
            atom: None
            for concept in lexicon.concepts.values()
            for pattern in concept.patterns
            for clause in requirement(pattern)
            for option in clause
            for atom in option
        }
    )


@dataclass
class _SentenceSteps:
    """Per sentence: each step's cue, kept only where nothing in the same sentence takes it back."""

    cue: dict[str, np.ndarray]  # concept name -> where its cue words stand
    question: np.ndarray  # a question form ("heeft iemand ...")
    asked: np.ndarray  # a question form or a question mark
    hypothetical: np.ndarray
    alarm: np.ndarray
    instruction: np.ndarray  # "Gerda, bel 112!": asks someone else to call
    own_call: np.ndarray  # a call cue with the writer as caller ("ik bel 112", "bel ik nu")
    signal_raw: np.ndarray  # a report cue before telling new reports from follow-ups
    follow_up: np.ndarray  # "hij klimt nu over de schutting": more about a known situation
    signal: np.ndarray
    reaction: np.ndarray
    vigilante: np.ndarray
    by_writer: np.ndarray  # a vigilante sentence about the writer's own act or threat
    self_vigilante: np.ndarray  # the writer's own act against a suspect: also a reaction
    call_other: np.ndarray  # the writer calls a neighbour, a relative or a caretaker to check
    closure: np.ndarray
    closure_definite: np.ndarray  # taken to the station, search called off, services stood down
    closure_sure: np.ndarray  # a closure no model may take back: "loos alarm", the definite outcomes
    lookout: np.ndarray  # "sta in de brandgang, niemand meer te zien": a lookout's result
    update: np.ndarray
    driving: np.ndarray


def _after_a_report(reported: np.ndarray, parent: np.ndarray) -> np.ndarray:
    """Per sentence: does an earlier sentence of the same message already report something?"""
    if len(parent) == 0:
        return np.zeros(0, dtype=bool)
    seen = np.cumsum(reported)
    first = np.r_[True, parent[1:] != parent[:-1]]
    before_message = (seen - reported)[np.flatnonzero(first)][np.cumsum(first) - 1]
    return (seen - reported - before_message) > 0


def _sentence_steps(
    match: _Matcher, sentences: pa.Array, parent: np.ndarray, lexicon: Lexicon
) -> _SentenceSteps:
    """The sentence-level readings: "heeft iemand 112 gebeld?" is no call, "112 gebeld" is."""
    cue = {
        name: match(name)
        for name in (
            "alarm_report", "alarm_across_clauses", "signal_cue", "update_cue", "reaction_cue",
            "reaction_first_person", "closure_cue", "closure_formal", "vigilante", "driving", "crime_report",
        )
    }  # fmt: skip
    cue["closure_cue"] = cue["closure_cue"] | cue["closure_formal"]
    reaction_cue = cue["reaction_cue"] | cue["reaction_first_person"]
    any_cue = cue["alarm_report"] | cue["signal_cue"] | cue["update_cue"] | reaction_cue | cue["closure_cue"]
    any_cue |= cue["driving"] | cue["crime_report"]
    question = match("question", any_cue)
    asked = question | match("question_mark", any_cue)
    hypothetical = match("hypothetical", cue["signal_cue"] | reaction_cue | cue["update_cue"])

    # a call with a question tagged on ("ik bel nu 0900, is geen spoed toch?") is still a call
    tagged_on = match("tag_question", cue["alarm_report"] & asked & ~question)
    alarm_candidate = cue["alarm_report"] & ~(asked & ~tagged_on)
    alarm = alarm_candidate & _clause_not_negated(sentences, alarm_candidate, lexicon)
    # "politie is er, ze praten met de eigenaar": read across its clauses, judged on the whole sentence
    across = cue["alarm_across_clauses"] & ~asked
    alarm |= across & ~match("alarm_negation", across)
    for blocker in ("alarm_plan", "alarm_advice", "alarm_cancel", "alarm_elsewhere"):
        alarm &= ~match(blocker, alarm)
    # "Gerda, bel 112!" asks someone else to call: no alarm, but a call request a short "doe ik" answers
    own_call = match("call_by_writer", cue["alarm_report"])
    instruction = match("call_instruction", cue["alarm_report"]) & ~own_call
    alarm &= ~instruction
    # a report may end in a rhetorical "om deze tijd??"; only a question form ("heeft iemand ...") blocks it
    signal_raw = cue["signal_cue"] & ~question & ~hypothetical
    signal_raw &= ~match("signal_negation", signal_raw)
    # "ze zeggen van de waterleiding" refers back to an earlier message, unless an earlier sentence of this
    # one reported the people ("Er staan 2 mannen aan mijn deur. Ze zeggen van de waterleiding")
    anaphoric = match("anaphoric_start", signal_raw)
    anaphoric &= ~_after_a_report(cue["signal_cue"] | cue["update_cue"], parent)
    reaction = reaction_cue & ~asked & ~hypothetical
    reaction &= ~match("reaction_negation", reaction)
    # checking with someone who knows ("ik bel Bram even") is a reaction; a call to 112 is an alarm instead
    call_other = match("call_other") & ~cue["alarm_report"] & ~asked & ~hypothetical
    call_other &= ~match("call_other_not", call_other)
    vigilante = cue["vigilante"] & ~match("vigilante_negation", cue["vigilante"])
    # a member who detains, blocks in or chases a suspect acts (guide: a rule 7 breach may still be a
    # reaction); a threat or a wish ("als ik hem zie ...", "die zou ik ...") is no act
    by_writer = match("vigilante_by_writer", vigilante)
    self_vigilante = vigilante & ~asked & ~match("hypothetical", vigilante) & by_writer
    self_vigilante &= ~match("vigilante_wish", self_vigilante)
    closure = cue["closure_cue"] & ~asked
    closure &= ~match("closure_negation", closure)
    # taken to the station, the search called off: an end that a "niet gevonden" beside it does not undo
    closure_definite = match("closure_definite") & ~asked
    closure |= closure_definite
    follow_up = signal_raw & anaphoric
    update = (cue["update_cue"] | follow_up) & ~asked & ~hypothetical
    update &= ~match("update_negation", update) & ~match("self_only", update)
    # typing at the wheel is driving, also when the message asks something ("rij erachter, wie belt?");
    # only a question about driving ("zal ik erachteraan rijden") is none
    driving = cue["driving"] & ~question
    driving &= ~match("driving_negation", driving)
    return _SentenceSteps(
        cue=cue,
        question=question,
        asked=asked,
        hypothetical=hypothetical,
        alarm=alarm,
        instruction=instruction,
        own_call=own_call,
        signal_raw=signal_raw,
        follow_up=follow_up,
        signal=signal_raw & ~anaphoric,
        reaction=reaction | self_vigilante | call_other,
        call_other=call_other,
        vigilante=vigilante,
        by_writer=by_writer,
        self_vigilante=self_vigilante,
        closure=closure,
        closure_definite=closure_definite,
        closure_sure=closure_definite | match("closure_sure", closure),
        lookout=closure & match("closure_lookout", closure),
        update=update,
        driving=driving,
    )


@dataclass
class _MessageContext:
    """Per text: what the whole message is about, which rules labels out (or, for a notice, in)."""

    business: np.ndarray  # group business (rules, introductions, admin, feedback)
    notice_strong: np.ndarray
    notice_weak: np.ndarray
    notice: np.ndarray  # a forwarded or general warning
    past_marker: np.ndarray
    past: np.ndarray  # about earlier, not now
    lost_pet: np.ndarray
    lost: np.ndarray  # a lost pet, and nothing reported or called in
    side: dict[str, np.ndarray]  # collection, for_sale, event, utilities
    side_issue: np.ndarray  # a side issue that outweighs a stray "ik loop" or "nog steeds"
    genuine: np.ndarray  # the callers at the door are said to be genuine ("die zijn echt hoor"): no report
    crew_turnout: np.ndarray  # a fire or lifeboat crew member turning out: alarm, not a reaction
    header: np.ndarray  # a report's header ("MELDING:")
    not_acute: np.ndarray  # a crime reported after the fact


def _message_context(
    match: _Matcher, steps: _SentenceSteps, any_sentence, lengths: np.ndarray
) -> _MessageContext:
    """Message-level context: group business, forwarded warnings, the past, side issues."""
    business = match("business")
    business &= ~match("relay", business)  # a relayed live report is a report
    signal_any = any_sentence(steps.signal)
    # weak warning words ("let op", "in de regio") make a notice only in a long text that reports
    # nothing here and now
    notice_strong = match("notice_strong")
    notice_weak = match("notice_weak", (lengths >= NOTICE_WEAK_MIN_CHARS) & ~signal_any)
    notice = (notice_strong | notice_weak) & ~business
    past_marker = match("past_marker")
    past = past_marker & ~match("now_marker", past_marker)
    lost_pet = match("lost_pet")
    lost = lost_pet & ~signal_any & ~any_sentence(steps.alarm)
    side = {name: match(name) for name in ("collection", "for_sale", "event", "utilities")}
    # a collector, a sale, a party or a lost cat outweighs a stray "ik loop" or "nog steeds"
    header = match("signal_header")
    reported = any_sentence(steps.signal_raw | steps.alarm)
    # only where a report could stand: the reassurance takes it back, elsewhere it changes nothing
    genuine = match("genuine_visitors", reported | header)
    side_issue = (lost | side["collection"] | side["for_sale"] | side["event"] | side["utilities"]) & (
        ~reported | genuine
    )
    crime = (steps.cue["crime_report"] | steps.cue["signal_cue"]) & ~steps.asked
    return _MessageContext(
        business=business,
        notice_strong=notice_strong,
        notice_weak=notice_weak,
        notice=notice,
        past_marker=past_marker,
        past=past,
        lost_pet=lost_pet,
        lost=lost,
        side=side,
        side_issue=side_issue,
        genuine=genuine,
        crew_turnout=match("crew_turnout", any_sentence(steps.reaction)),
        header=header,
        not_acute=past & any_sentence(crime) & ~notice & ~business,
    )


def _rule_steps(
    match: _Matcher, steps: _SentenceSteps, context: _MessageContext, any_sentence, spread
) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """The five step labels the rules give each text, and where a lookout's result also informs."""
    c = context
    ruled_out = c.notice | c.business
    # a message that also tells how it ended ("brand is uit", "daders zijn weg") is no opening report
    signal = (any_sentence(steps.signal) | c.header) & ~any_sentence(steps.closure)
    signal &= ~c.past & ~ruled_out & ~c.lost & ~c.genuine
    # the writer's own call ("ik bel nu 112") is news of this moment, also beside words read as a warning
    own_call = any_sentence(steps.alarm & steps.own_call)
    alarm = any_sentence(steps.alarm) & (~c.notice | own_call) & ~c.not_acute & ~c.business
    acting = any_sentence(steps.reaction)
    lookout_only = any_sentence(steps.lookout) & ~any_sentence(steps.closure & ~steps.lookout) & acting
    # a lookout's result ("sta bij het raam, zie niemand"): the guide makes not finding anyone a reaction only
    looked = any_sentence(match("closure_lookout", spread(acting)))
    # a report cannot end itself
    closure = any_sentence(steps.closure) & ~lookout_only & ~signal & ~ruled_out & ~c.lost & ~c.not_acute
    reaction = acting & ~ruled_out & ~c.past & ~c.side_issue & ~c.crew_turnout
    # coordinators relaying a report ("zo stond het in onze groep: jongen van 16, grijze jas") still inform
    # (group business may still inform: it is not ruled out here)
    update = any_sentence(steps.update) & ~signal & ~closure & ~c.notice & ~c.past
    update &= ~c.side_issue
    flags = {"signal": signal, "alarm": alarm, "update": update, "reaction": reaction, "closure": closure}
    return flags, looked


def _model_steps(
    rule_flags: dict[str, np.ndarray], context: _MessageContext, sure: dict[str, np.ndarray]
) -> dict[str, np.ndarray]:
    """The step labels with those the general model is sure of and nothing rules out (group business,
    a forwarded warning, a past event); ``analysis.context`` decides again with the conversation."""
    c = context
    ruled_out = c.business | c.notice | c.past
    signal = rule_flags["signal"] | (sure["signal"] & ~ruled_out & ~c.lost & ~rule_flags["closure"])
    alarm = rule_flags["alarm"] | (sure["alarm"] & ~ruled_out & ~c.not_acute)
    closure = rule_flags["closure"] | (sure["closure"] & ~ruled_out & ~signal & ~c.lost)
    reaction = rule_flags["reaction"] | (sure["reaction"] & ~ruled_out)
    update = rule_flags["update"] | (sure["update"] & ~ruled_out & ~signal & ~closure)
    update &= ~closure & ~signal
    return {"signal": signal, "alarm": alarm, "update": update, "reaction": reaction, "closure": closure}


@dataclass
class _OfftopicReading:
    """Per text: what makes a message off-topic when nothing else holds."""

    offtopic: np.ndarray
    open_texts: np.ndarray  # no rule label, no business, notice, past crime or question about a situation
    situation: np.ndarray  # "wat is dat voor herrie?": leads into an incident
    hits: dict[str, np.ndarray]  # the message concepts that decided it
    thanks: np.ndarray
    thanks_off: np.ndarray
    emoji_off: np.ndarray
    lost_off: np.ndarray
    side_issues: np.ndarray


def _offtopic(
    match: _Matcher,
    steps: _SentenceSteps,
    context: _MessageContext,
    rule_labelled: np.ndarray,
    any_sentence,
    lengths: np.ndarray,
    profile: Profile,
) -> _OfftopicReading:
    """Off-topic only where nothing else holds, judged against the rules' own labels."""
    c = context
    situation = match("situation_query", ~rule_labelled & ~c.business)
    open_texts = ~rule_labelled & ~c.business & ~c.notice & ~c.not_acute & ~situation
    hits = {
        name: match(name, open_texts)
        for name in ("thanks_only", "thanks_short", "emoji_only", "greeting", "paving", "chitchat")
    }
    hits.update(c.side, lost_pet=c.lost_pet, signal_header=c.header, past_marker=c.past_marker)
    hits["notice_strong"], hits["notice_weak"] = c.notice_strong, c.notice_weak
    hits["sympathy"] = match("sympathy", hits["chitchat"])
    thanks = hits["thanks_only"] | (hits["thanks_short"] & (lengths <= SHORT_MESSAGE_CHARS))
    # "Goedemorgen! Weet iemand hoe het met die inbraak afliep?" is no greeting
    reports = steps.cue["crime_report"] | steps.cue["signal_cue"] | steps.cue["update_cue"]
    greeting = hits["greeting"] & ~any_sentence(reports)
    side_issues = (
        c.side["collection"]
        | hits["paving"]
        | c.side["event"]
        | c.side["for_sale"]
        | c.side["utilities"]
        | (hits["chitchat"] & ~hits["sympathy"])
    )
    thanks_off = thanks & (not profile.allow_thanks)
    emoji_off = hits["emoji_only"] & (not profile.allow_emoji_only)
    lost_off = c.lost & (not profile.allow_lost_pets)
    other = (greeting | side_issues) & ~thanks
    return _OfftopicReading(
        offtopic=open_texts & (thanks_off | emoji_off | lost_off | other),
        open_texts=open_texts,
        situation=situation,
        hits=hits,
        thanks=thanks,
        thanks_off=thanks_off,
        emoji_off=emoji_off,
        lost_off=lost_off,
        side_issues=side_issues,
    )


def _causes(
    steps: _SentenceSteps,
    reading: _OfftopicReading,
    language: np.ndarray,
    found_by_model: dict[str, np.ndarray],
) -> dict[str, list[tuple[np.ndarray, str | tuple[str, ...], str]]]:
    """Per code, where it fired and which concept made it fire: the source of the Dutch reasons."""
    hits = reading.hits
    causes: dict[str, list[tuple[np.ndarray, str | tuple[str, ...], str]]] = {
        "signal": [
            (steps.signal, "signal_cue", "sentence"),
            (hits["signal_header"], "signal_header", "message"),
        ],
        "alarm": [
            (steps.alarm & steps.cue["alarm_report"], "alarm_report", "sentence"),
            (steps.alarm & steps.cue["alarm_across_clauses"], "alarm_across_clauses", "sentence"),
        ],
        "update": [
            (steps.cue["update_cue"] & steps.update, "update_cue", "sentence"),
            (steps.follow_up & steps.update, "signal_cue", "sentence"),
        ],
        "reaction": [
            (steps.cue["reaction_cue"] & steps.reaction, "reaction_cue", "sentence"),
            (steps.reaction & steps.cue["reaction_first_person"], "reaction_first_person", "sentence"),
            (steps.self_vigilante, ("vigilante_by_writer", "vigilante"), "sentence"),
            (steps.call_other, "call_other", "sentence"),
        ],
        "closure": [
            (steps.closure & ~steps.closure_definite, "closure_cue", "sentence"),
            (steps.closure_definite, "closure_definite", "sentence"),
        ],
        "offtopic": [
            (reading.thanks_off & hits["thanks_only"], "thanks_only", "message"),
            (reading.thanks_off, "thanks_short", "message"),
            (reading.emoji_off, "emoji_only", "message"),
            (reading.lost_off, "lost_pet", "message"),
            *(
                (hits[name], name, "message")
                for name in ("greeting", "collection", "paving", "event", "for_sale", "utilities", "chitchat")
            ),
        ],
        "not_acute": [(hits["past_marker"], ("past_marker", "crime_report"), "message")],
        "general_notice": [
            (hits["notice_strong"], "notice_strong", "message"),
            (hits["notice_weak"], "notice_weak", "message"),
        ],
        "language": [(language, "language", "message")],
        "vigilante": [(steps.vigilante, "vigilante", "sentence")],
        "driving": [(steps.driving, "driving", "sentence")],
    }
    for code, mask in found_by_model.items():
        causes[code].append((mask, MODEL_CAUSE, "message"))
    return causes


def _bits(masks: list[np.ndarray], n: int) -> np.ndarray:
    """Boolean masks packed into one int32 per text (bit k = masks[k])."""
    bits = np.zeros(n, dtype=np.int32)
    for k, mask in enumerate(masks):
        bits |= mask.astype(np.int32) << k
    return bits


def _decide(
    texts: pa.Array,
    lexicon: Lexicon,
    profile: Profile,
    model: NgramModel | None = None,
    inside_model: NgramModel | None = None,
) -> tuple[pa.Array, pa.Array, np.ndarray, _Fired]:
    """Evaluate the concepts on the distinct normalised texts and combine them into labels.

    With a ``model``, a step label the rules missed is added where the model is sure enough and
    nothing rules it out (group business, a forwarded warning, a past event). The ``inside_model``'s
    reading is only passed on (for ``analysis.context``); both models share one tokenisation.
    """
    n = len(texts)
    norm = normalise(texts, lexicon)
    sentences, parent = split_sentences(norm)
    match = _Matcher(lexicon, sentences, norm)

    def any_sentence(mask: np.ndarray) -> np.ndarray:
        return _any_per_text(mask, parent, n)

    def spread(text_mask: np.ndarray) -> np.ndarray:
        return text_mask[parent]

    lengths = pc.utf8_length(norm).to_numpy(zero_copy_only=False)
    steps = _sentence_steps(match, sentences, parent, lexicon)
    context = _message_context(match, steps, any_sentence, lengths)
    rule_flags, looked = _rule_steps(match, steps, context, any_sentence, spread)
    rule_labelled = np.logical_or.reduce(list(rule_flags.values()))

    decision, inside_decision = None, None
    if model is not None and n:
        found = decisions([model, inside_model] if inside_model is not None else [model], norm)
        decision, inside_decision = found[0], (found[1] if inside_model is not None else None)
    flags = dict(rule_flags)
    found_by_model: dict[str, np.ndarray] = {}
    sure: dict[str, np.ndarray] = {}
    if decision is not None:
        sure = {
            code: decision[:, k] >= _logit(model.thresholds.get(code, 1.1))
            for k, code in enumerate(model.labels)
        }
        flags = _model_steps(rule_flags, context, sure)
        found_by_model = {code: flags[code] & ~rule_flags[code] for code in LABELS}
    labelled = np.logical_or.reduce([flags[code] for code in LABELS])

    language_hit = match("language") | match("language_compound")
    language = language_hit & ~match("language_exception", language_hit)
    # group business ("volgende keer ...") hides a third person's chase, not the writer's own threat
    vigilante = any_sentence(steps.vigilante) & (~context.business | any_sentence(steps.by_writer))
    violations = {
        "not_acute": context.not_acute,
        "general_notice": context.notice,
        "language": language,
        "vigilante": vigilante,
        "driving": any_sentence(steps.driving),
    }
    reading = _offtopic(match, steps, context, rule_labelled, any_sentence, lengths, profile)
    rule_only = {**rule_flags, "offtopic": reading.offtopic, **violations}
    offtopic = reading.offtopic & ~labelled
    if decision is not None:
        found_by_model["offtopic"] = reading.open_texts & ~labelled & sure["offtopic"] & ~offtopic
        offtopic |= found_by_model["offtopic"]
        for code, value in violations.items():
            found_by_model[code] = sure[code] & ~value & ~context.business
            violations[code] = value | found_by_model[code]
    flags.update(offtopic=offtopic, **violations)
    # thanks, emoji and greetings answer or greet; a lost cat, a sale or a party is a topic others reply to
    side_topic = offtopic & (reading.lost_off | reading.side_issues)

    asks = pc.match_substring(norm, "?").to_numpy(zero_copy_only=False) | pc.match_substring_regex(
        norm, r"\b(wie|who)\b"
    ).to_numpy(zero_copy_only=False)
    business = context.business
    call_question = (match("call_question", asks & ~business) | any_sentence(steps.instruction)) & ~business
    call_answer = match("call_answer", (lengths <= CALL_ANSWER_MAX_CHARS) & ~flags["alarm"] & ~call_question)
    general = decision.astype(np.float32) if decision is not None else np.zeros((n, len(CODES)), np.float32)
    inside = np.zeros((n, len(INSIDE_CODES)), np.float32)
    if inside_decision is not None:
        inside = inside_decision[:, [inside_model.labels.index(code) for code in INSIDE_CODES]].astype(
            np.float32
        )
    signal_score = (
        1.0 / (1.0 + np.exp(-general[:, CODES.index("signal")])) if decision is not None else np.zeros(n)
    )
    # a text the rules read as a report describes a situation, also where the context later drops its signal:
    # an incident opened from later evidence (a 112 call) then starts there (issue 8, family 1)
    signal_score = np.maximum(signal_score, rule_only["signal"].astype(np.float64))
    cue, hits = steps.cue, reading.hits
    seen = {
        "alarm_cue": any_sentence(cue["alarm_report"]), "signal_cue": any_sentence(cue["signal_cue"]),
        "update_cue": any_sentence(cue["update_cue"]), "reaction_cue": any_sentence(cue["reaction_cue"]),
        "first_person_act": any_sentence(cue["reaction_first_person"]),
        "closure_cue": any_sentence(cue["closure_cue"]), "crime": any_sentence(cue["crime_report"]),
        "question": any_sentence(steps.question), "hypothetical": any_sentence(steps.hypothetical),
        "past": context.past_marker, "business": business, "lost": context.lost_pet,
        "greeting": hits["greeting"], "thanks": reading.thanks, "sympathy": hits["sympathy"],
        "notice": context.notice_strong, "swearing": language_hit, "lookout": looked,
        "police_coming": any_sentence(match("police_coming", spread(any_sentence(steps.alarm)))),
        "anaphoric": any_sentence(steps.follow_up), "header": context.header,
        "closure_formal": any_sentence(steps.closure & cue["closure_formal"]),
    }  # fmt: skip
    fired = _Fired(
        {code: flags[code] for code in CODES},
        _causes(steps, reading, language, found_by_model),
        business,
        side_topic,
        signal_score,
        call_question,
        call_answer,
        _bits([rule_only[code] for code in CODES], n),
        general,
        _bits([seen[name] for name in CONCEPT_FEATURES], n),
        reading.situation,
        inside,
        flags["closure"] & any_sentence(steps.closure_sure),
        reading.offtopic & (reading.lost_off | reading.side_issues),
    )
    return norm, sentences, parent, fired


def _excerpts(values: pa.Array, rows: np.ndarray) -> list[str]:
    """The sentence (or the start of the message), shortened: shown when no words can be pointed at."""
    if len(rows) == 0:
        return []
    subset = pc.utf8_trim_whitespace(pc.take(values, pa.array(rows)))
    return [_shorten(text) for text in subset.to_pylist()]


def _shorten(text: str) -> str:
    text = text.strip(" ,.:;-").replace("_", " ")  # "nr_12" and "mijn_man" are the normaliser's marks
    return text if len(text) <= TRIGGER_MAX_CHARS else text[:TRIGGER_MAX_CHARS].rstrip() + "..."


def _trigger_words(values: pa.Array, rows: np.ndarray, concept: Concept) -> list[str | None]:
    """The words of each ``values[rows]`` that ``concept`` matched (None where it matches nothing).

    Runs RE2 again only on the few distinct sentences or texts that need a reason, piece by piece
    of the concept's pattern (each piece only where its words are, see ``_Matcher``), so the full
    pass over the chat stays a plain yes/no match.
    """
    found: list[str | None] = [None] * len(rows)
    pending = np.ones(len(rows), dtype=bool)
    subset = pc.take(values, pa.array(rows)) if len(rows) else values[:0]
    candidates = _chunk_candidates(subset, concept, values)
    for k, chunk in enumerate(concept.chunks):
        todo = np.flatnonzero(pending if candidates[k] is None else pending & candidates[k])
        if len(todo) == 0:
            if not pending.any():
                break
            continue
        part = subset if len(todo) == len(rows) else pc.take(subset, pa.array(todo))
        extracted = pc.extract_regex(part, pattern=_extraction_pattern(chunk))
        hit = extracted.is_valid().to_numpy(zero_copy_only=False)
        if hit.any():
            words = pc.filter(extracted.field("words"), pa.array(hit)).to_pylist()
            for position, text in zip(todo[hit].tolist(), words, strict=True):
                found[position] = _shorten(text) or None
            pending[todo[hit]] = False
    return found


def _chunk_candidates(values: pa.Array, concept: Concept, whole: pa.Array) -> list[np.ndarray | None]:
    """For each of ``concept.chunks``, which ``values`` (rows of ``whole``, a chat's sentences or texts)
    may match it (a mask; None: all of them)."""
    chunks: list[np.ndarray | None] = [None] * len(concept.chunks)
    if (
        not PREFILTER
        or len(values) < TRIGGER_PREFILTER_ROWS
        or len(whole) < PREFILTER_MIN_VALUES
        or len(concept.chunks) < 2
        or not concept.patterns
    ):
        return chunks
    pieces = _pieces([(pattern, None) for pattern in concept.patterns])
    alternations = ["|".join(f"(?:{pattern})" for pattern, _ in piece) for piece in pieces]
    if alternations != list(concept.chunks):  # cut differently than the lexicon does: run them all
        return chunks
    (index,) = TokenIndex.build(values)
    index.vocabulary.prepare(
        atom for p in concept.patterns for clause in requirement(p) for option in clause for atom in option
    )
    for k, piece in enumerate(pieces):
        found = [index.candidates(requirement(pattern)) for pattern, _ in piece]
        if all(rows is not None for rows in found):
            mask = np.zeros(len(values), dtype=bool)
            for rows in found:
                mask[rows] = True
            chunks[k] = mask
    return chunks


#: Below this many texts needing a reason (or for a concept in one piece), ``_trigger_words`` tries
#: every piece on all of them.
TRIGGER_PREFILTER_ROWS = 500


@lru_cache(maxsize=1024)
def _extraction_pattern(chunk: str) -> str:
    """``chunk`` as one named group: pyarrow's extract_regex accepts no unnamed groups inside."""
    out: list[str] = []
    escaped = in_class = False
    for k, ch in enumerate(chunk):
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif in_class:
            in_class = ch != "]" or chunk[k - 1] == "["
        elif ch == "[":
            in_class = True
        elif ch == "(" and not chunk.startswith("?", k + 1):
            out.append("(?:")
            continue
        out.append(ch)
    return "(?P<words>" + "".join(out) + ")"


def _reasons(
    fired: _Fired,
    norm: pa.Array,
    sentences: pa.Array,
    parent: np.ndarray,
    lexicon: Lexicon,
    codes: tuple[str, ...],
    model: NgramModel | None = None,
) -> list[list[str]]:
    """One short Dutch explanation per label/violation that fired, per distinct text.

    Each names the rule and the words that triggered it ("Alarmeren: ... -> '112 is gebeld'"); a
    cause with several concepts ("vannacht" + "ingebroken") shows the words of each.
    """
    n = len(norm)
    reasons: list[list[str]] = [[] for _ in range(n)]
    for code in codes:
        todo = fired.flags[code].copy()
        for mask, concept_names, scope in fired.causes[code]:
            if not todo.any():
                break
            names = (concept_names,) if isinstance(concept_names, str) else concept_names
            if names == (MODEL_CAUSE,):
                text_rows = np.flatnonzero(mask & todo)
                if len(text_rows) and model is not None:
                    picked = pc.take(norm, pa.array(text_rows)).to_pylist()
                    for k, (row, words) in enumerate(
                        zip(text_rows.tolist(), model.strongest_words(picked, code), strict=True)
                    ):
                        shown = "' + '".join(words) if words else _shorten(picked[k])
                        reasons[row].append(explain(code, f"{MODEL_REASONS[code]} -> '{shown}'"))
                    todo[text_rows] = False
                continue
            if scope == "sentence":
                # the first sentence of each still-unexplained text where the cause holds
                sentence_rows = np.flatnonzero(mask & todo[parent])
                text_rows, first = np.unique(parent[sentence_rows], return_index=True)
                values, rows = sentences, sentence_rows[first]
            else:
                text_rows = np.flatnonzero(mask & todo)
                values, rows = norm, text_rows
            if len(rows) == 0:
                continue
            per_concept = [_trigger_words(values, rows, lexicon.concept(name)) for name in names]
            fallback = None
            concept = lexicon.concept(names[0])
            for k, row in enumerate(text_rows.tolist()):
                words = [found[k] for found in per_concept if found[k]]
                if not words:
                    fallback = fallback or _excerpts(values, rows)
                    words = [fallback[k]]
                shown = "' + '".join(words)
                reasons[row].append(explain(code, f"{concept.reason} -> '{shown}'"))
            todo[text_rows] = False
        for row in np.flatnonzero(todo):  # a combination without a single cause (should be rare)
            reasons[row].append(explain(code, "combinatie van kenmerken"))
    return reasons


def _violation_combinations(fired: _Fired, checked: tuple[str, ...]):
    """(texts, codes) for every distinct combination of violations: a few combinations, many texts."""
    if not checked:
        return
    matrix = np.column_stack([fired.flags[code] for code in checked])
    bits = matrix @ (1 << np.arange(len(checked)))
    for value in np.unique(bits[bits > 0]):
        combo = tuple(code for k, code in enumerate(checked) if value >> k & 1)
        yield np.flatnonzero(bits == value), combo


def _repeat(value: tuple, count: int) -> np.ndarray:
    """An object array holding ``value`` ``count`` times (numpy would read a list of tuples as 2-D)."""
    holder = np.empty(1, dtype=object)
    holder[0] = value
    return holder[np.zeros(count, dtype=np.intp)]


def _groups(mask: np.ndarray, *keys: np.ndarray):
    """Positions where ``mask`` holds, grouped by equal key values: yields (positions, key tuple)."""
    positions = np.flatnonzero(mask)
    if len(positions) == 0:
        return
    stacked = np.column_stack([np.asarray(k)[positions].astype(np.int64) for k in keys])
    unique, inverse = np.unique(stacked, axis=0, return_inverse=True)
    order = np.argsort(inverse.reshape(-1), kind="stable")
    bounds = np.cumsum(np.bincount(inverse.reshape(-1), minlength=len(unique)))
    for key, group in zip(unique, np.split(positions[order], bounds[:-1]), strict=True):
        yield group, tuple(int(v) for v in key)


def _checked(profile: Profile) -> tuple[str, ...]:
    return tuple(code for code in VIOLATIONS if profile.checks(code))


def empty_tags(index: pd.Index) -> pd.DataFrame:
    """The tagger's columns with nothing tagged, for ``index``."""
    n = len(index)
    frame = pd.DataFrame({label: np.zeros(n, dtype=bool) for label in LABELS}, index=index)
    frame["violations"] = pd.Series([()] * n, index=index, dtype=object)
    frame["reasons"] = pd.Series([()] * n, index=index, dtype=object)
    frame["topic"] = pd.Categorical.from_codes(np.full(n, -1, dtype=np.int8), categories=list(TOPICS))
    frame["signal_score"] = np.zeros(n, dtype=np.float32)
    frame[KIND_COLUMN] = np.full(n, -1, dtype=np.int8)
    frame[SURE_CLOSURE_COLUMN] = np.zeros(n, dtype=bool)
    frame[SIDE_ISSUE_COLUMN] = np.zeros(n, dtype=bool)
    frame["_rules"] = np.zeros(n, dtype=np.int32)
    frame["_concepts"] = np.zeros(n, dtype=np.int32)
    for code in CODES:
        frame[general_column(code)] = np.zeros(n, dtype=np.float32)
    for code in INSIDE_CODES:
        frame[inside_column(code)] = np.zeros(n, dtype=np.float32)
    return frame


SHIPPED = "shipped"  # the default of ``models``: the models shipped with the package


def tag_messages(
    chat: pd.DataFrame, profile: Profile | None = None, models: TaggingModels | None | str = SHIPPED
) -> pd.DataFrame:
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

    kind = chat["kind"]
    has_author = (
        chat["author"].notna().to_numpy(dtype=bool) if "author" in chat else np.ones(len(chat), dtype=bool)
    )
    rows = np.flatnonzero(kind.isin(TAGGED_KINDS).to_numpy(dtype=bool) & has_author)
    if len(rows) == 0:
        return result
    texts = chat["text"].iloc[rows].astype("string").fillna("")
    codes, uniques = pd.factorize(texts)
    distinct = pa.array(np.asarray(uniques, dtype=object), type=pa.large_string())

    bundle = shipped_models() if isinstance(models, str) else models
    chosen = bundle.general if bundle is not None else None
    norm, sentences, parent, fired = _decide(
        distinct, lexicon, profile, chosen, bundle.inside if bundle is not None else None
    )
    checked = _checked(profile)
    flags = {code: fired.flags[code][codes] for code in (*LABELS, *checked)}

    # What the record kind adds to its caption (media, location).
    media_type = (
        chat["media_type"].iloc[rows].astype("category")
        if "media_type" in chat
        else pd.Series(pd.Categorical([None] * len(rows)))
    )
    is_media = (kind.iloc[rows] == "media").to_numpy(dtype=bool)
    is_location = (kind.iloc[rows] == "location").to_numpy(dtype=bool)
    empty_caption = pc.utf8_length(pc.utf8_trim_whitespace(distinct)).to_numpy(zero_copy_only=False) == 0
    evidence = (is_media & media_type.isin(EVIDENCE_MEDIA).to_numpy(dtype=bool)) | is_location
    evidence &= ~flags["signal"] & ~flags["closure"] & ~flags["update"]
    if "offtopic" in flags:
        evidence &= ~flags["offtopic"]
    flags["update"] = flags["update"] | evidence
    emoji_media = is_media & media_type.isin(EMOJI_LIKE_MEDIA).to_numpy(dtype=bool) & empty_caption[codes]
    emoji_media &= not profile.allow_emoji_only

    text_reasons = _reasons(fired, norm, sentences, parent, lexicon, (*LABELS, *checked), chosen)
    per_text_violations = _repeat((), len(distinct))  # the same empty tuple everywhere
    per_text_reasons = per_text_violations.copy()
    for code_pos, combo in _violation_combinations(fired, checked):
        per_text_violations[code_pos] = _repeat(combo, len(code_pos))
    for i in np.flatnonzero([bool(r) for r in text_reasons]):
        per_text_reasons[i] = tuple(text_reasons[i])
    violations = per_text_violations[codes]  # one lookup per message, no Python loop over messages
    reasons = per_text_reasons[codes]

    # Media reasons depend on the text and the media type: build each combination once.
    type_codes = media_type.cat.codes.to_numpy() + 1  # 0 = no type
    type_names = ["", *map(str, media_type.cat.categories)]
    for positions, (text_code, type_code, location) in _groups(evidence, codes, type_codes, is_location):
        what = "locatie gedeeld" if location else "foto, video of spraakbericht gedeeld"
        shown = "location" if location else type_names[type_code] or "media"
        extended = (*per_text_reasons[text_code], explain("update", f"{what} -> '{shown}'"))
        reasons[positions] = _repeat(extended, len(positions))
    if "offtopic" in checked:
        sticker = emoji_media & ~fired.flags["offtopic"][codes]
        for positions, (text_code, type_code, _) in _groups(sticker, codes, type_codes, is_location):
            combo = tuple(sorted({*per_text_violations[text_code], "offtopic"}, key=VIOLATIONS.index))
            violations[positions] = _repeat(combo, len(positions))
            extended = (
                *per_text_reasons[text_code],
                explain("offtopic", f"alleen een sticker of gif -> '{type_names[type_code]}'"),
            )
            reasons[positions] = _repeat(extended, len(positions))

    for label in LABELS:
        column = result[label].to_numpy(copy=True)
        column[rows] = flags[label]
        result[label] = column
    result["topic"] = _topics(
        len(chat), rows, fired, codes, is_media & empty_caption[codes], media_type, checked
    )
    score = np.zeros(len(chat), dtype=np.float32)
    score[rows] = fired.signal_score[codes]
    result["signal_score"] = score
    kinds = np.full(len(chat), -1, dtype=np.int8)
    kinds[rows] = _report_kinds(norm, lexicon)[codes]
    result[KIND_COLUMN] = kinds
    sure = np.zeros(len(chat), dtype=bool)
    sure[rows] = fired.closure_sure[codes]
    result[SURE_CLOSURE_COLUMN] = sure
    side = np.zeros(len(chat), dtype=bool)
    side[rows] = fired.side_issue[codes]
    result[SIDE_ISSUE_COLUMN] = side
    bits = np.zeros(len(chat), dtype=np.int32)
    bits[rows] = fired.rule_bits[codes]
    result["_rules"] = bits
    concepts = np.zeros(len(chat), dtype=np.int32)
    concepts[rows] = fired.concept_bits[codes]
    result["_concepts"] = concepts
    for k, code in enumerate(CODES):
        column = np.zeros(len(chat), dtype=np.float32)
        column[rows] = fired.general[codes, k]
        result[general_column(code)] = column
    for k, code in enumerate(INSIDE_CODES):
        column = np.zeros(len(chat), dtype=np.float32)
        column[rows] = fired.inside[codes, k]
        result[inside_column(code)] = column
    all_violations = result["violations"].to_numpy(copy=True)
    all_reasons = result["reasons"].to_numpy(copy=True)
    all_violations[rows] = violations
    all_reasons[rows] = reasons
    result["violations"] = pd.Series(all_violations, index=chat.index, dtype=object)
    result["reasons"] = pd.Series(all_reasons, index=chat.index, dtype=object)
    return result


def _topics(
    n: int,
    rows: np.ndarray,
    fired: _Fired,
    codes: np.ndarray,
    bare_media: np.ndarray,
    media_type: pd.Series,
    checked: tuple[str, ...],
) -> pd.Categorical:
    """The ``topic`` of every record (see TOPICS); only the business cue when off-topic is not checked."""
    topic = np.full(n, -1, dtype=np.int8)
    business = fired.business[codes]
    picked = np.full(len(rows), -1, dtype=np.int8)
    if "offtopic" in checked:
        pictures = bare_media & media_type.isin(PICTURE_MEDIA).to_numpy(dtype=bool)
        picked[pictures] = TOPICS.index(TOPIC_BARE_MEDIA)
        picked[fired.side_topic[codes]] = TOPICS.index(TOPIC_SIDE)
    picked[fired.situation[codes]] = TOPICS.index(TOPIC_SITUATION)
    picked[fired.call_question[codes]] = TOPICS.index(TOPIC_CALL_QUESTION)
    picked[fired.call_answer[codes]] = TOPICS.index(TOPIC_CALL_ANSWER)
    picked[business] = TOPICS.index(TOPIC_BUSINESS)
    topic[rows] = picked
    return pd.Categorical.from_codes(topic, categories=list(TOPICS))


def tag_texts(
    texts: list[str], profile: Profile | None = None, models: TaggingModels | None | str = None
) -> pd.DataFrame:
    """Tag plain message texts with the rules (for trying out words and for tests): one row per text.

    The rules alone by default: the models judge a message in its conversation (``analysis.analyse``).
    """
    chat = pd.DataFrame(
        {"text": pd.Series(texts, dtype="string"), "kind": "message", "author": "lid", "media_type": pd.NA}
    )
    return tag_messages(chat, profile, models)


def _report_kinds(norm: pa.Array, lexicon: Lexicon) -> np.ndarray:
    """INCIDENT_TYPES index of every normalised text read as one report alone (-1: none fits, "overig").

    The same patterns as ``classify_incident_type``, run once over all texts (the incident cut asks
    for the type of every report it weighs as a new situation).
    """
    kinds = np.full(len(norm), -1, dtype=np.int8)
    open_ = np.ones(len(norm), dtype=bool)
    for kind in lexicon.incident_order:
        if kind not in lexicon.incident_patterns or kind not in INCIDENT_TYPES or not open_.any():
            continue
        rows = np.flatnonzero(open_)
        hit = pc.match_substring_regex(pc.take(norm, pa.array(rows)), pattern=lexicon.incident_patterns[kind])
        found = rows[hit.to_numpy(zero_copy_only=False)]
        kinds[found] = INCIDENT_TYPES.index(kind)
        open_[found] = False
    return kinds


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
