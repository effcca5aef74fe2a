"""What `analysis.analyse` returns: the contract between the analysis, the dashboard and the reports.

Column names are fixed here so the dashboard and the reports can rely on them; the README
explains every one of them in plain words. Durations are minutes (float) so they aggregate,
plot and export without conversions.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import pandas as pd

LABELS: Final[tuple[str, ...]] = ("signal", "alarm", "update", "reaction", "closure")
VIOLATIONS: Final[tuple[str, ...]] = (
    "offtopic",
    "not_acute",
    "general_notice",
    "language",
    "vigilante",
    "driving",
)
SAAR_STEPS: Final[tuple[str, ...]] = ("signaleren", "alarmeren", "appen", "reageren")
INCIDENT_TYPES: Final[tuple[str, ...]] = (
    "inbraak",
    "babbeltruc",
    "verdacht persoon",
    "verdacht voertuig",
    "alarm of geluid",
    "brand of medisch",
    "overig",
)

#: Columns added to the parsed chat (parsers.schema.COLUMNS) in `Analysis.messages`.
MESSAGE_COLUMNS: Final[tuple[str, ...]] = (
    "signal",  # bool
    "alarm",  # bool
    "update",  # bool
    "reaction",  # bool
    "closure",  # bool
    # string: first of signal/alarm/reaction/update that holds, as a SAAR_STEPS value; else missing
    "saar_step",
    "violations",  # object: tuple of VIOLATIONS codes, () when none
    "incident",  # string: incident id, missing outside incidents
    # object: tuple of "label: rule -> 'trigger words'" strings explaining every label and violation
    "reasons",
)

INCIDENT_COLUMNS: Final[tuple[str, ...]] = (
    "incident",  # id, e.g. "Buurtpreventie Vogelwijk#2024-01-05#1"
    "group",
    "start",  # timestamp of the opening signal
    "opened_by",  # author of the opening signal
    "opening_text",  # text of the opening signal
    "type",  # one of INCIDENT_TYPES
    "first_alarm_at",  # timestamp or NaT
    "minutes_to_112",  # float: 0 when the report itself says 112 was called, NaN when never
    "saar_order",  # bool: 112 confirmed before or together with the report
    "alarm_messages",  # int
    "callers",  # int: distinct members who said they called while it ran (not in the closing message)
    "first_reaction_at",  # timestamp or NaT
    "minutes_to_reaction",  # float or NaN
    "reactors",  # int: distinct members who reacted
    "closed_at",  # timestamp or NaT (closure message; NaT when the incident ran out by a quiet gap)
    "minutes_to_closure",  # float or NaN
    "outcome",  # string: text of the closure message, or missing
    "end",  # timestamp of the incident's last message
    "messages",  # int
    "violations",  # int: violations inside the incident
    "violation_codes",  # object: tuple of the distinct codes inside
)

#: The dtype of every INCIDENT_COLUMNS column, also in a table without incidents: the dashboard, the
#: reports and the analyst tables (parquet keeps dtypes) rely on them.
INCIDENT_DTYPES: Final[dict[str, str]] = {
    "incident": "string",
    "group": "string",
    "start": "datetime64[ns]",
    "opened_by": "string",
    "opening_text": "string",
    "type": "string",
    "first_alarm_at": "datetime64[ns]",
    "minutes_to_112": "float64",
    "saar_order": "bool",
    "alarm_messages": "int64",
    "callers": "int64",
    "first_reaction_at": "datetime64[ns]",
    "minutes_to_reaction": "float64",
    "reactors": "int64",
    "closed_at": "datetime64[ns]",
    "minutes_to_closure": "float64",
    "outcome": "string",
    "end": "datetime64[ns]",
    "messages": "int64",
    "violations": "int64",
    "violation_codes": "object",
}

MEMBER_COLUMNS: Final[tuple[str, ...]] = (
    "group",
    "member",
    "first_seen",
    "last_seen",
    "joined_at",  # last add/join, NaT when unknown (was there before the export starts)
    "left_at",  # last leave, NaT when still in
    "removed_at",  # last removal, NaT when not removed
    "messages",
    "signals",
    "alarms",
    "reactions",
    "violations",
    "active",  # bool: wrote at least one message in the analysed period
)

#: The month table's time figures: median and 90th percentile minutes to 112, reaction and closure.
DURATION_COLUMNS: Final[tuple[str, ...]] = (
    "median_minutes_to_112",
    "p90_minutes_to_112",
    "median_minutes_to_reaction",
    "p90_minutes_to_reaction",
    "median_minutes_to_closure",
    "p90_minutes_to_closure",
)

MONTH_COLUMNS: Final[tuple[str, ...]] = (
    "group",
    "month",  # "YYYY-MM"
    "messages",
    "incidents",
    "alarm_rate",  # share of incidents with a 112 confirmation (0..1), NaN without incidents
    *DURATION_COLUMNS,
    "saar_order_rate",  # share of incidents with 112 before or with the report
    "multi_caller_incidents",
    "no_alarm_incidents",
    "violations",  # total violations
    "violations_per_100",  # violations per 100 member messages
    # one column per code: "violations_offtopic", "violations_not_acute", ...
    *(f"violations_{code}" for code in VIOLATIONS),
    "offtopic_share",  # share of member messages that are off-topic (0..1)
    "members_end",  # members at month end (from joins/leaves; members seen count as present)
    "joins",
    "leaves",
    "removals",
    "active_members",
    "silent_members",
    "top_writers_share",  # share of the month's member messages written by its busiest 10% of writers (0..1)
)


def _month_dtype(name: str) -> str:
    if name in ("group", "month"):
        return "string"
    rate = name.startswith(("median_", "p90_")) or name.endswith(("_rate", "_share", "_per_100"))
    return "float64" if rate else "int64"


#: The dtype of every MONTH_COLUMNS column: names and months are text, rates, shares and durations are
#: floats (NaN when there is nothing to divide), counts are whole numbers.
MONTH_DTYPES: Final[dict[str, str]] = {name: _month_dtype(name) for name in MONTH_COLUMNS}

#: How much of each month (the rows of MONTH_COLUMNS) the export covers: a month is partial when the group's
#: export starts after its first day or ends before its last day (analysis.coverage).
COVERAGE_COLUMNS: Final[tuple[str, ...]] = (
    "group",
    "month",  # "YYYY-MM"
    "covered_from",  # first day of the month in the export (midnight): the 1st, or the first record's day
    "covered_to",  # last day of the month in the export (midnight): its last day, or the last record's day
    "covered_days",  # int: days from covered_from to covered_to, both included
    "days_in_month",  # int
    "partial",  # bool: covered_days < days_in_month
)

#: Columns added to `Analysis.messages` only by `analysis.corrected.apply_corrections` (the store's
#: corrections); an analysis without corrections (plain ``analyse``) has neither.
CORRECTED_COLUMN: Final[str] = "corrected"  # bool: a correction changed labels, violations or incident
CORRECTED_LABELS_COLUMN: Final[str] = "corrected_labels"  # int: label and violation codes changed by hand

#: `analysis.corrected.correction_counts(messages)`: per group and month what was corrected by hand.
CORRECTION_COUNT_COLUMNS: Final[tuple[str, ...]] = (
    "group",
    "month",  # "YYYY-MM"
    "corrected_messages",  # int: messages whose labels, violations or incident a correction changed
    "corrected_labels",  # int: label and violation codes changed by hand (a message can count several)
)

#: Hour x weekday of incident starts (weekday 0 = Monday).
SIGNAL_HOUR_COLUMNS: Final[tuple[str, ...]] = ("group", "weekday", "hour", "signals")
#: Members who left within the leave window after an off-topic burst.
OFFTOPIC_LEAVER_COLUMNS: Final[tuple[str, ...]] = (
    "group",
    "member",
    "left_at",
    "burst_start",
    "burst_messages",
)
#: Members now against the profile's cap.
GROUP_SIZE_COLUMNS: Final[tuple[str, ...]] = ("group", "members", "cap", "over_cap")


@dataclass(frozen=True)
class Analysis:
    """Everything the regiegroep reviews, as plain DataFrames."""

    messages: pd.DataFrame  # parsers.schema.COLUMNS + MESSAGE_COLUMNS, one row per record
    incidents: pd.DataFrame  # INCIDENT_COLUMNS
    members: pd.DataFrame  # MEMBER_COLUMNS
    months: pd.DataFrame  # MONTH_COLUMNS
    signal_hours: pd.DataFrame  # SIGNAL_HOUR_COLUMNS
    offtopic_leavers: pd.DataFrame  # OFFTOPIC_LEAVER_COLUMNS
    group_sizes: pd.DataFrame  # GROUP_SIZE_COLUMNS
    #: COVERAGE_COLUMNS, one row per row of ``months``; None in an Analysis built by hand, for which
    #: ``analysis.coverage.month_coverage`` works it out from the messages.
    coverage: pd.DataFrame | None = None
