"""From a tagged chat to the full review (`Analysis`): incidents, members, months and distributions.

Kept apart from the tagger so the context rules and the figures can be tested on hand-built
tagged chats; `analysis.analyse` runs the tagger first and then calls `analyse_tagged`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial

import numpy as np
import pandas as pd

from analysis.coverage import coverage_table
from analysis.incidents import IncidentRules, cut_incidents, load_incident_rules
from analysis.metrics_common import message_facts
from analysis.metrics_distributions import offtopic_leavers, signal_hours
from analysis.metrics_incidents import incident_table
from analysis.metrics_members import everyone, group_sizes, member_table, membership
from analysis.metrics_months import month_table
from analysis.model import LABELS, MESSAGE_COLUMNS, Analysis
from analysis.profile import Profile, default_profile
from analysis.tagging_columns import KIND_COLUMN
from parsers.schema import COLUMNS

ProfileChoice = Profile | Mapping[str, Profile] | None
Tagger = Callable[[pd.DataFrame, Profile], pd.DataFrame]
TypeClassifier = Callable[..., str]  # (texts: list[str], profile: Profile) -> one of INCIDENT_TYPES


def groups_of(chat: pd.DataFrame) -> list[str]:
    """The groups in a chat, sorted."""
    return sorted(str(g) for g in chat["group"].dropna().unique())


def resolve_profiles(groups: list[str], profile: ProfileChoice) -> dict[str, Profile]:
    """One profile per group: the same one for all, or a mapping with the default for missing groups."""
    if profile is None or isinstance(profile, Profile):
        chosen = profile or default_profile()
        return {group: chosen for group in groups}
    fallback = default_profile()
    return {group: profile.get(group, fallback) for group in groups}


def analyse_tagged(
    tagged: pd.DataFrame,
    profiles: Mapping[str, Profile],
    classify: TypeClassifier,
    rules: IncidentRules | None = None,
    refine: Callable[[pd.DataFrame, pd.DataFrame], pd.DataFrame] | None = None,
) -> Analysis:
    """The review of a chat whose messages already carry the tagger's labels, violations and reasons.

    ``classify(texts, profile)`` gives an incident's type (``analysis.tagger.classify_incident_type``).
    ``refine(tagged, cut)``, when given, decides the labels again with the first cut's incidents as
    context (``analysis.context.refine``); the incidents are then cut again from its labels.
    """
    rules = rules or load_incident_rules()
    tagged, messages, cut = first_cut(tagged, profiles, classify, rules)
    if refine is not None:
        messages = cut(refine(tagged, messages))
    classifiers = cut.keywords["classifiers"]
    groups = sorted(classifiers)
    profiles = {group: profiles[group] for group in groups}
    kinds = messages[KIND_COLUMN].to_numpy(np.int8) if KIND_COLUMN in messages else None
    messages = messages[list(COLUMNS) + list(MESSAGE_COLUMNS)]
    facts = message_facts(messages)
    incidents = incident_table(messages, facts, classifiers, rules, kinds)
    people = everyone(messages)
    events, start = membership(messages, facts, people)
    return Analysis(
        messages=messages,
        incidents=incidents,
        members=member_table(messages, facts, events, people),
        months=month_table(facts, incidents, events, start),
        signal_hours=signal_hours(incidents, groups),
        offtopic_leavers=offtopic_leavers(messages, facts, events, rules),
        group_sizes=group_sizes(messages, events, start, profiles),
        coverage=coverage_table(facts.group, messages["timestamp"].to_numpy("datetime64[ns]")),
    )


def first_cut(
    tagged: pd.DataFrame, profiles: Mapping[str, Profile], classify: TypeClassifier, rules: IncidentRules
) -> tuple[pd.DataFrame, pd.DataFrame, partial]:
    """The cleaned tagged chat, its first cut into incidents, and the cut (to run again on new labels)."""
    tagged = _clean_labels(tagged)
    groups = sorted(set(groups_of(tagged)))
    profiles = {group: profiles[group] for group in groups}
    cut = partial(
        cut_incidents,
        quiet_gap_minutes={group: profiles[group].quiet_gap_minutes for group in groups},
        classifiers={group: partial(classify, profile=profiles[group]) for group in groups},
        rules=rules,
    )
    return tagged, cut(tagged), cut


def _clean_labels(tagged: pd.DataFrame) -> pd.DataFrame:
    """System lines carry no labels or violations, whatever the tagger said; missing tuples become ()."""
    out = tagged.copy()
    system = (out["kind"].astype("string") == "system").fillna(False).to_numpy(bool)
    for name in LABELS:
        out[name] = out[name].fillna(False).to_numpy(bool) & ~system
    for name in ("violations", "reasons"):
        values = out[name].to_numpy(object).copy()
        empty = system | pd.isna(values)
        values[empty] = np.array([()] * int(empty.sum()) + [None], dtype=object)[:-1]
        out[name] = values
    return out


def _no_labels(chat: pd.DataFrame) -> pd.DataFrame:
    """The label columns, all empty, for a chat no profile applies to (no group): the tagger is not run
    (analysis.tagger.empty_tags is its own, fuller version for the rows it skips)."""
    n = len(chat)
    tags = pd.DataFrame({name: np.zeros(n, dtype=bool) for name in LABELS}, index=chat.index)
    tags["violations"] = pd.Series([()] * n, index=chat.index, dtype=object)
    tags["reasons"] = pd.Series([()] * n, index=chat.index, dtype=object)
    return tags


def tag_chat(chat: pd.DataFrame, profiles: Mapping[str, Profile], tag_messages: Tagger) -> pd.DataFrame:
    """Run the tagger once per distinct profile and join its columns to the chat."""
    by_profile: dict[Profile, list[str]] = {}
    for group, chosen in profiles.items():
        by_profile.setdefault(chosen, []).append(group)
    if not by_profile:
        tags = _no_labels(chat)
    elif len(by_profile) == 1:
        tags = tag_messages(chat, next(iter(by_profile)))
    else:
        group = chat["group"].astype("string")
        parts = []
        for chosen, names in by_profile.items():
            part = chat[group.isin(names).fillna(False).to_numpy(bool)]
            parts.append(tag_messages(part, chosen))
        tags = pd.concat(parts).reindex(chat.index)
    if not tags.index.equals(chat.index):
        tags = tags.reindex(chat.index)
    tagged = chat[list(COLUMNS)].copy()  # labels already on the chat (a re-analysis) are replaced
    for column in tags.columns:
        if column not in COLUMNS:
            tagged[column] = tags[column].to_numpy()
    return tagged
