"""The review's key figures for any selection of incidents and month rows (one group or several), and the
one definition of each figure that ``analysis.metrics_months`` also counts per group and month.

Rates and times are computed from the incidents themselves, so a total over several groups is a
true pooled figure (not an average of averages); counts come from the analysis' month table. How a
figure is written and named is not here: ``presentation/measures.toml``.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from analysis.model import VIOLATIONS

#: Counts summed over month rows (the last month's value for ``members_end``).
MONTH_SUMS = ("messages", "violations", "joins", "leaves", "removals")
#: Figures of the key-figure tables, in display order.
KEY_FIGURES = (
    "incidents",
    "alarm_rate",
    "median_minutes_to_112",
    "saar_order_rate",
    "multi_caller_incidents",
    "no_alarm_incidents",
    "median_minutes_to_reaction",
    "median_minutes_to_closure",
    "messages",
    "violations",
    "violations_per_100",
    "offtopic_share",
    "members_end",
    "joins",
    "leaves",
    "active_members",
)


def alarmed(incidents: pd.DataFrame) -> np.ndarray:
    """Per incident: someone in the group confirmed 112 (``alarm_rate``; the rest: ``no_alarm_incidents``)."""
    return incidents["minutes_to_112"].notna().to_numpy(bool)


def in_saar_order(incidents: pd.DataFrame) -> np.ndarray:
    """Per incident: 112 confirmed before or with the report (``saar_order_rate``)."""
    return incidents["saar_order"].to_numpy(bool)


def several_callers(incidents: pd.DataFrame) -> np.ndarray:
    """Per incident: more than one member called 112 (``multi_caller_incidents``)."""
    return incidents["callers"].to_numpy() > 1


def per_message(count: np.ndarray | float, messages: np.ndarray | float, scale: float = 1.0):
    """``count`` per member message times ``scale`` (``violations_per_100``: 100, ``offtopic_share``: 1);
    missing (NaN), not 0, where there are no messages: a quiet month has no rate."""
    messages = np.asarray(messages, dtype=float)
    rate = np.asarray(count, dtype=float) / np.where(messages > 0, messages, np.nan) * scale
    return float(rate) if rate.ndim == 0 else rate


def _quantile(values: pd.Series, q: float) -> float:
    values = pd.to_numeric(values, errors="coerce").dropna()
    return float(values.quantile(q)) if len(values) else math.nan


def incident_figures(incidents: pd.DataFrame) -> dict[str, float]:
    """Figures about incidents: how many, 112 confirmed, SAAR order, response times."""
    n = len(incidents)
    confirmed = alarmed(incidents)
    ordered = in_saar_order(incidents)
    return {
        "incidents": n,
        "alarm_rate": float(confirmed.mean()) if n else math.nan,
        "alarmed": int(confirmed.sum()),
        "median_minutes_to_112": _quantile(incidents["minutes_to_112"], 0.5),
        "p90_minutes_to_112": _quantile(incidents["minutes_to_112"], 0.9),
        "median_minutes_to_reaction": _quantile(incidents["minutes_to_reaction"], 0.5),
        "p90_minutes_to_reaction": _quantile(incidents["minutes_to_reaction"], 0.9),
        "median_minutes_to_closure": _quantile(incidents["minutes_to_closure"], 0.5),
        "p90_minutes_to_closure": _quantile(incidents["minutes_to_closure"], 0.9),
        "saar_order_rate": float(ordered.mean()) if n else math.nan,
        "saar_ordered": int(ordered.sum()),
        "multi_caller_incidents": int(several_callers(incidents).sum()),
        "no_alarm_incidents": int((~confirmed).sum()),
        "reacted": int(incidents["minutes_to_reaction"].notna().sum()) if n else 0,
    }


def month_figures(month_rows: pd.DataFrame) -> dict[str, float]:
    """Figures from the month table: messages, violations, membership (summed over groups)."""
    figures: dict[str, float] = {name: float(month_rows[name].sum()) for name in MONTH_SUMS}
    for code in VIOLATIONS:
        column = f"violations_{code}"
        figures[column] = float(month_rows[column].sum()) if column in month_rows else 0.0
    messages = figures["messages"]
    figures["violations_per_100"] = per_message(figures["violations"], messages, 100)
    figures["offtopic_share"] = per_message(figures["violations_offtopic"], messages)
    last = month_rows.sort_values("month").groupby("group").tail(1)
    figures["members_end"] = float(last["members_end"].sum()) if len(last) else math.nan
    figures["active_members"] = float(last["active_members"].sum()) if len(month_rows) else math.nan
    if month_rows["month"].nunique() > 1:  # over a period: members active in some month is unknown here
        figures["active_members"] = math.nan
    return figures


def key_figures(incidents: pd.DataFrame, month_rows: pd.DataFrame) -> dict[str, float]:
    """All key figures of a selection."""
    return {**month_figures(month_rows), **incident_figures(incidents)}
