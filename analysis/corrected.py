"""An analysis with a coordinator's corrections applied: every table and figure counted again.

The tagger is not run again: the corrections are laid over the messages of the automatic analysis
(``analysis.corrections_apply``) and the incident, member, month and distribution tables are counted from
the corrected messages with the same functions ``analyse`` uses, so a corrected figure means exactly what
the uncorrected one means. That takes a fraction of ``analyse``'s time, which lets the dashboard keep the
automatic analysis and apply corrections after every click.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np
import pandas as pd

from analysis.corrections import Correction
from analysis.corrections_apply import apply_to_messages
from analysis.incidents import IncidentRules, load_incident_rules
from analysis.metrics import ProfileChoice, groups_of, resolve_profiles
from analysis.metrics_common import message_facts, month_text
from analysis.metrics_distributions import offtopic_leavers, signal_hours
from analysis.metrics_incidents import incident_table
from analysis.metrics_members import everyone, group_sizes, member_table, membership
from analysis.metrics_months import month_table
from analysis.model import (
    CORRECTED_COLUMN,
    CORRECTED_LABELS_COLUMN,
    CORRECTION_COUNT_COLUMNS,
    INCIDENT_TYPES,
    MESSAGE_COLUMNS,
    Analysis,
)
from parsers.schema import COLUMNS


def apply_corrections(
    analysis: Analysis,
    corrections: Sequence[Correction],
    rows: Sequence[int],
    profile: ProfileChoice = None,
    rules: IncidentRules | None = None,
) -> Analysis:
    """``analysis`` with ``corrections`` applied; ``rows[i]`` is the position in ``analysis.messages`` of
    correction i's message (``analysis.corrections_apply.NOT_IN_EXPORT`` when it is not in this export).

    The result's messages have the columns ``corrected`` (bool) and ``corrected_labels`` (int), also when
    no correction applies (all false and zero); ``correction_counts`` sums them per group and month.
    """
    base = analysis.messages[list(COLUMNS) + list(MESSAGE_COLUMNS)]
    profiles = resolve_profiles(groups_of(base), profile)
    applied = apply_to_messages(
        base, corrections, rows, {group: p.quiet_gap_minutes for group, p in profiles.items()}
    )
    marks = {CORRECTED_COLUMN: applied.corrected, CORRECTED_LABELS_COLUMN: applied.changed_codes}
    if not applied.corrected.any():
        return replace(analysis, messages=base.assign(**marks))
    rules = rules or load_incident_rules()
    messages = applied.messages
    kinds = _incident_kinds(analysis, messages, applied.new_openers, profiles)
    facts = message_facts(messages)
    incidents = incident_table(messages, facts, {}, rules, kinds)
    people = everyone(messages)
    events, start = membership(messages, facts, people)
    return replace(
        analysis,
        messages=messages.assign(**marks),
        incidents=incidents,
        members=member_table(messages, facts, events, people),
        months=month_table(facts, incidents, events, start),
        signal_hours=signal_hours(incidents, sorted(profiles)),
        offtopic_leavers=offtopic_leavers(messages, facts, events, rules),
        group_sizes=group_sizes(messages, events, start, profiles),
    )


def _incident_kinds(
    analysis: Analysis, messages: pd.DataFrame, new_openers: np.ndarray, profiles: dict
) -> np.ndarray:
    """Per message, the incident type it gives as a report (-1: none): an incident that keeps its report
    keeps the type the automatic analysis gave it; a new one is typed from its report and its updates."""
    from analysis.tagger import classify_incident_type

    kinds = np.full(len(messages), -1, dtype=np.int64)
    before = analysis.messages
    opened = before["signal"].to_numpy(bool) & before["incident"].notna().to_numpy(bool)
    types = dict(zip(analysis.incidents["incident"], analysis.incidents["type"], strict=True))
    ids = before["incident"].to_numpy(object)
    for row in np.flatnonzero(opened).tolist():
        kind = types.get(ids[row])
        if kind in INCIDENT_TYPES:
            kinds[row] = INCIDENT_TYPES.index(kind)
    incident = messages["incident"].astype("string").fillna("").to_numpy(object)
    updates = messages["update"].to_numpy(bool)
    texts = messages["text"].fillna("").to_numpy(object)
    groups = messages["group"].astype("string").fillna("").to_numpy(object)
    for row in new_openers.tolist():
        follow = np.flatnonzero((incident == incident[row]) & updates)
        report = [str(texts[row]), *(str(texts[r]) for r in follow)]
        kind = classify_incident_type(report, profiles[groups[row]])
        kinds[row] = INCIDENT_TYPES.index(kind)
    return kinds


def correction_counts(messages: pd.DataFrame) -> pd.DataFrame:
    """CORRECTION_COUNT_COLUMNS: per group and month (of the message), the messages a correction changed
    and the label and violation codes it changed, only months with a correction; the reports say how much
    was corrected by hand in their period (``messages`` of any selection; without corrections: no rows)."""
    if CORRECTED_COLUMN not in messages:
        messages = messages.assign(**{CORRECTED_COLUMN: False, CORRECTED_LABELS_COLUMN: 0})
    corrected = messages[CORRECTED_COLUMN].to_numpy(bool)
    changed_codes = messages[CORRECTED_LABELS_COLUMN].to_numpy(np.int64)
    timed = messages["timestamp"].notna().to_numpy(bool)
    frame = pd.DataFrame(
        {
            "group": messages["group"].astype("string").fillna("").to_numpy(object)[timed],
            "month": month_text(messages["timestamp"].to_numpy("datetime64[ns]")[timed]),
            "corrected_messages": corrected[timed].astype(np.int64),
            "corrected_labels": np.asarray(changed_codes, dtype=np.int64)[timed],
        }
    )
    table = frame.groupby(["group", "month"], as_index=False, sort=True)[
        ["corrected_messages", "corrected_labels"]
    ].sum()
    table = table[table["corrected_messages"] > 0].reset_index(drop=True)
    return table.astype(
        {"group": "string", "month": "string", "corrected_messages": "int64", "corrected_labels": "int64"}
    )[list(CORRECTION_COUNT_COLUMNS)]
