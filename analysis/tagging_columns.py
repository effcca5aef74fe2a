"""The first pass's hidden columns: what the tagger hands to the context model (``analysis.context``).

The tagger adds ``_rules`` (bit k: the rules alone gave CODES[k]), ``_concepts`` (bit k: lexicon
concept CONCEPT_FEATURES[k] was seen), ``_z_<code>`` (the general n-gram model's log odds) and
``_zi_<code>`` (the inside-incident model's, for INSIDE_CODES);
``analysis.analyse`` drops them from what it returns.
"""

from __future__ import annotations

from typing import Final

from analysis.model import LABELS, VIOLATIONS

#: Record kinds the tagger labels (members' messages, captions, polls, locations).
TAGGED_KINDS: Final[tuple[str, ...]] = ("message", "media", "poll", "location")
CODES: Final[tuple[str, ...]] = (*LABELS, *VIOLATIONS)
CONCEPT_FEATURES: Final[tuple[str, ...]] = (
    "alarm_cue", "signal_cue", "update_cue", "reaction_cue", "first_person_act", "closure_cue", "crime",
    "question", "hypothetical", "past", "business", "lost", "greeting", "thanks", "sympathy", "notice",
    "swearing", "lookout", "anaphoric", "header", "police_coming", "closure_formal",
)  # fmt: skip
#: Codes the inside-incident model scores (the steps and off-topic: what changes inside an incident).
INSIDE_CODES: Final[tuple[str, ...]] = (*LABELS, "offtopic")
RULES_COLUMN: Final[str] = "_rules"
#: The incident type of a message read as a report on its own (index into INCIDENT_TYPES, -1: "overig").
KIND_COLUMN: Final[str] = "_kind"
CONCEPTS_COLUMN: Final[str] = "_concepts"
#: A closure the rules are sure of ("loos alarm", "mee naar het bureau"): the context keeps it, whatever the
#: models say.
SURE_CLOSURE_COLUMN: Final[str] = "_closure_sure"
#: The rules alone read an off-topic side issue (a loose paving stone, a sale, a lost cat) and no report:
#: the context may not make it an opening report, whatever the models say.
SIDE_ISSUE_COLUMN: Final[str] = "_side_issue"


def general_column(code: str) -> str:
    return f"_z_{code}"


def inside_column(code: str) -> str:
    return f"_zi_{code}"
