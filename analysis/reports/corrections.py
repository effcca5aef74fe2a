"""What both reports say about the store (issue 14): how much was corrected by hand in their period, and
the effectiviteitsrapport's months that come from the month history (their messages left the export).

Only an analysis with the store's corrections applied (``store.apply_store``) has the ``corrected`` columns;
without them the reports say nothing about corrections, as before.
"""

from __future__ import annotations

import math

import pandas as pd

from analysis.corrected import correction_counts
from analysis.model import CORRECTED_COLUMN
from analysis.reports.formatting import MIN_CELL, small
from analysis.reports.texts import short_month_name, text


def corrections_sentence(messages: pd.DataFrame, *, private: bool = False) -> str | None:
    """The sentence on hand corrections of ``messages`` (the report's groups and period); None when the
    analysis was not corrected at all. ``private`` shows counts of 1 or 2 as "<3"."""
    if CORRECTED_COLUMN not in messages:
        return None
    counts = correction_counts(messages)
    labels, changed = int(counts["corrected_labels"].sum()), int(counts["corrected_messages"].sum())
    if not changed:
        return text("corrections", "none")
    show = small if private else (lambda value: value)
    return text("corrections", "done", labels=show(labels), messages=show(changed))


def with_sentence(notice: str, sentence: str | None) -> str:
    return notice if sentence is None else f"{notice} {sentence}"


def _kept(history: pd.DataFrame, groups: list[str], asked: list[str], shown: list[str]) -> pd.DataFrame:
    return history[
        history["group"].isin(groups)
        & history["month"].isin(asked)
        & ~history["month"].isin(shown)
        & (history["source"] == "history")
    ]


def first_month(history: pd.DataFrame, groups: list[str], asked: list[str], shown: list[str]) -> str:
    """The first month the report covers: the first kept month when it comes before the export's."""
    return min([*shown[:1], *_kept(history, groups, asked, shown)["month"].astype(str)])


def history_rows(
    history: pd.DataFrame | None, groups: list[str], asked: list[str], shown: list[str]
) -> list[dict[str, object]]:
    """Rows for the effectiviteitsrapport's month table, one per month of ``asked`` that only the store's
    history has (not in ``shown``, the months the export holds), all ``groups`` together.

    Only those months: a month the export holds is counted from the export, with its small counts hidden
    by the report's own rule; these months are published nowhere else in the report, so a count of 1 or 2
    shown as "<3" and a share hidden when its part or rest is 1 or 2 can be worked back from nothing.
    """
    if history is None or history.empty:
        return []
    rows = _kept(history, groups, asked, shown)
    out = []
    for month, part in rows.groupby("month", sort=True):
        incidents = int(part["incidents"].sum())
        no_alarm = int(part["no_alarm_incidents"].sum())
        messages = int(part["messages"].sum())
        violations = int(part["violations"].sum())
        offtopic = int(part["violations_offtopic"].sum())
        label = text("corrections", "history_month", month=short_month_name(str(month)))
        out.append(
            {
                "month": label,
                "groups": int(part["group"].nunique()),
                "members_end": small(int(part["members_end"].sum())),
                "incidents": small(incidents),
                "alarm_rate": _share(incidents - no_alarm, incidents),
                "median_minutes_to_reaction": math.nan,
                "violations_per_100": _share(violations, messages, 100.0),
                "offtopic_share": _share(offtopic, messages),
            }
        )
    return out


def _share(part: int, whole: int, scale: float = 1.0) -> object:
    """``part`` of ``whole``; "<3" when the part or the rest is 1 or 2 (it could be worked back)."""
    if whole <= 0:
        return math.nan
    if 0 < part < MIN_CELL or 0 < whole - part < MIN_CELL:
        return text("charts", "small")
    return scale * part / whole
