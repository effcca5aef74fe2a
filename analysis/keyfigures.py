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

from analysis.model import DURATION_COLUMNS, VIOLATIONS

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


def violations_per_rule(month_rows: pd.DataFrame) -> dict[str, int]:
    """Violations of each rule (``VIOLATIONS`` order) summed over month rows, any groups and months; 0 for a
    rule the rows have no column for. One count for the key figures and the Spelregels page alike."""
    return {
        code: int(month_rows[f"violations_{code}"].sum()) if f"violations_{code}" in month_rows else 0
        for code in VIOLATIONS
    }


def month_figures(month_rows: pd.DataFrame) -> dict[str, float]:
    """Figures from the month table: messages, violations, membership (summed over groups)."""
    figures: dict[str, float] = {name: float(month_rows[name].sum()) for name in MONTH_SUMS}
    for code, count in violations_per_rule(month_rows).items():
        figures[f"violations_{code}"] = float(count)
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


def group_figures(incidents: pd.DataFrame, month_rows: pd.DataFrame) -> pd.DataFrame:
    """One row per group of ``month_rows`` with its ``key_figures`` over all those rows' months (rates and
    times pooled over the group's ``incidents``, not averaged over months), so groups can be compared over a
    range; with ``covered_days`` (``analysis.coverage``) on the rows, the group's covered days added up."""
    rows = []
    for group, part in month_rows.groupby("group", sort=True):
        row = {"group": group, **key_figures(incidents[incidents["group"] == group], part)}
        if "covered_days" in part:
            row["covered_days"] = int(part["covered_days"].sum())
        rows.append(row)
    return pd.DataFrame(rows)


def within_target(durations: pd.Series, target: float) -> tuple[int, int]:
    """How many of the known ``durations`` (minutes; missing: the step never came) are at most ``target``,
    and how many are known: "12 of 15 within the goal" counts only incidents that reached the step."""
    known = durations.dropna()
    return int((known <= target).sum()), len(known)


def kept_months(history: pd.DataFrame | None, groups: list[str] | tuple[str, ...]) -> pd.DataFrame:
    """The month rows of ``groups`` that come from the store's month history (``store.merged_months`` rows
    whose ``source`` is "history"): months no longer in the export, or that the export holds only in part
    while the history has them whole. Empty without a history."""
    if history is None or history.empty:
        return pd.DataFrame(columns=["group", "month", "incidents"])
    rows = history[(history["source"] == "history") & history["group"].isin(list(groups))]
    return rows.reset_index(drop=True)


def without_kept(incidents: pd.DataFrame, month_rows: pd.DataFrame, kept: pd.DataFrame):
    """The export's incidents and month rows without the (group, month)s that ``kept`` has: those come
    whole from the history, and the export's part of them must not be counted twice."""
    if kept.empty:
        return incidents, month_rows
    pairs = set(zip(kept["group"].astype(str), kept["month"].astype(str), strict=True))
    starts = incidents["start"].dt.strftime("%Y-%m")
    groups = incidents["group"].astype(str)
    keep = np.array([(g, m) not in pairs for g, m in zip(groups, starts, strict=True)], dtype=bool)
    months = zip(month_rows["group"].astype(str), month_rows["month"].astype(str), strict=True)
    rows = np.array([(g, m) not in pairs for g, m in months], dtype=bool)
    return incidents[keep], month_rows[rows]


def figures_with_kept(
    incidents: pd.DataFrame, month_rows: pd.DataFrame, kept: pd.DataFrame, *, medians: bool = True
) -> dict[str, float]:
    """Key figures of a selection whose months come partly or wholly from the store's history (``kept``:
    their month rows; ``incidents`` and ``month_rows``: the export's, without those months).

    Counts of both are added and shares computed from the added counts (saar-ordered incidents are worked
    back from each month's share). Durations come from the incidents whose messages are known; a kept
    month has only its group's medians, so (with ``medians``) they are given for one kept month of one group
    alone (its ``reacted`` is then 1: at least one incident had a reaction)."""
    if kept.empty:
        return key_figures(incidents, month_rows)
    figures = key_figures(
        incidents, pd.concat([month_rows, kept[list(month_rows.columns)]], ignore_index=True)
    )
    counts = kept["incidents"].astype(float)
    added = {
        "incidents": float(counts.sum()),
        "no_alarm_incidents": float(kept["no_alarm_incidents"].sum()),
        "multi_caller_incidents": float(kept["multi_caller_incidents"].sum()),
        "saar_ordered": float((kept["saar_order_rate"].fillna(0) * counts).round().sum()),
    }
    added["alarmed"] = added["incidents"] - added["no_alarm_incidents"]
    for name, value in added.items():
        figures[name] = figures[name] + value
    total = figures["incidents"]
    figures["alarm_rate"] = figures["alarmed"] / total if total else math.nan
    figures["saar_order_rate"] = figures["saar_ordered"] / total if total else math.nan
    if medians and incidents.empty and len(kept) == 1:
        row = kept.iloc[0]
        for name in DURATION_COLUMNS:
            figures[name] = float(row[name]) if pd.notna(row[name]) else math.nan
        figures["reacted"] = 0 if math.isnan(figures["median_minutes_to_reaction"]) else 1
    return figures
