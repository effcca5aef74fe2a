"""How much of each month an export covers, and which months may be compared.

An export rarely starts on the 1st or ends on the last day of a month: a chat exported on 6 January
holds six days of January. Its January counts are not a month's counts, so the dashboard and both
reports mark such a **partial** month with the days it covers ("6 van 31 dagen"), never compare it with
the month before (no arrow, no "steeg van ... naar ..."), and the default month is the last complete
one. Coverage is counted in calendar days of the local clock, from the group's first record to its
last (system lines included: they show the export was running), so a month is complete when the
export runs from its first day to its last.

``coverage_table`` is computed once per analysis (``Analysis.coverage``, one row per row of
``Analysis.months``); the functions below read it and never look at messages again.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.metrics_common import month_text
from analysis.metrics_months import MonthGrid
from analysis.model import COVERAGE_COLUMNS, Analysis


def coverage_table(groups: np.ndarray, timestamps: np.ndarray) -> pd.DataFrame:
    """COVERAGE_COLUMNS for every (group, month) of the month table (the same rows in the same order).

    ``groups`` (object) and ``timestamps`` (datetime64[ns], NaT for records without a time) are aligned
    with the analysed records.
    """
    times = np.asarray(timestamps, dtype="datetime64[ns]")
    grid = MonthGrid(groups, times.astype("datetime64[M]"))
    timed = ~np.isnat(times)
    days = pd.Series(times[timed].astype("datetime64[D]")).groupby(np.asarray(groups, dtype=object)[timed])
    first, last = days.min(), days.max()
    month_first = grid.month.astype("datetime64[D]")
    month_last = (grid.month + 1).astype("datetime64[D]") - np.timedelta64(1, "D")
    group_first = first.reindex(grid.group).to_numpy("datetime64[D]")
    group_last = last.reindex(grid.group).to_numpy("datetime64[D]")
    covered_from = np.maximum(month_first, group_first)
    covered_to = np.minimum(month_last, group_last)
    covered = (covered_to - covered_from).astype(np.int64) + 1
    in_month = (month_last - month_first).astype(np.int64) + 1
    table = pd.DataFrame(
        {
            "group": pd.array(grid.group, dtype="string"),
            "month": pd.array(month_text(grid.month), dtype="string"),
            "covered_from": covered_from.astype("datetime64[ns]"),
            "covered_to": covered_to.astype("datetime64[ns]"),
            "covered_days": covered.astype(np.int64),
            "days_in_month": in_month.astype(np.int64),
            "partial": covered < in_month,
        }
    )
    return table[list(COVERAGE_COLUMNS)]


def month_coverage(analysis: Analysis) -> pd.DataFrame:
    """The analysis' coverage table. For an analysis built by hand without one it is worked out from its
    messages for the rows of its month table; a month row without any message counts as complete."""
    if analysis.coverage is not None:
        return analysis.coverage
    messages = analysis.messages
    covered = coverage_table(
        messages["group"].astype("string").fillna("").to_numpy(object),
        messages["timestamp"].to_numpy("datetime64[ns]"),
    )
    rows = analysis.months[["group", "month"]].astype("string").reset_index(drop=True)
    table = rows.merge(covered, on=["group", "month"], how="left")
    first = pd.to_datetime(rows["month"].astype(object) + "-01").astype("datetime64[ns]")
    days = first.dt.days_in_month.astype("int64")
    unknown = table["covered_days"].isna().to_numpy(bool)
    table["covered_from"] = table["covered_from"].where(~unknown, first)
    table["covered_to"] = table["covered_to"].where(~unknown, first + pd.to_timedelta(days - 1, unit="D"))
    table["covered_days"] = table["covered_days"].where(~unknown, days).astype("int64")
    table["days_in_month"] = days
    table["partial"] = table["partial"].where(~unknown, False).astype(bool)
    return table[list(COVERAGE_COLUMNS)]


def _rows(coverage: pd.DataFrame, groups: Collection[str] | None) -> pd.DataFrame:
    return coverage if groups is None else coverage[coverage["group"].isin(list(groups))]


@dataclass(frozen=True)
class MonthCover:
    """How one month is covered by the export(s) of some groups."""

    month: str  # "YYYY-MM"
    days_in_month: int
    groups: tuple[str, ...]  # the groups with records around this month (a row in the month table)
    partial_groups: tuple[str, ...]  # those whose export covers only part of it
    fewest_days: int  # the fewest days any of those groups covers (days_in_month when complete)
    #: the days covered when every partial group covers the same ones (the usual case), else None
    covered_from: pd.Timestamp | None
    covered_to: pd.Timestamp | None

    @property
    def partial(self) -> bool:
        return bool(self.partial_groups)

    @property
    def known(self) -> bool:
        """Whether any of the groups has records in or around this month."""
        return bool(self.groups)

    @property
    def all_partial(self) -> bool:
        """Every group is partial, and each covers the same days: one "6 van 31 dagen" says it all."""
        return self.partial and len(self.partial_groups) == len(self.groups) and self.covered_from is not None


def month_cover(coverage: pd.DataFrame, month: str, groups: Collection[str] | None = None) -> MonthCover:
    """The coverage of ``month`` for ``groups`` (default: every group in the table)."""
    rows = _rows(coverage, groups)
    rows = rows[rows["month"] == month]
    days_in_month = int(pd.Period(month, freq="M").days_in_month)
    partial = rows[rows["partial"].to_numpy(bool)]
    spans = set(zip(partial["covered_from"], partial["covered_to"], strict=True))
    covered_from, covered_to = next(iter(spans)) if len(spans) == 1 else (None, None)
    return MonthCover(
        month=month,
        days_in_month=days_in_month,
        groups=tuple(str(g) for g in rows["group"]),
        partial_groups=tuple(str(g) for g in partial["group"]),
        fewest_days=int(rows["covered_days"].min()) if len(rows) else 0,
        covered_from=covered_from,
        covered_to=covered_to,
    )


def complete_months(coverage: pd.DataFrame, groups: Collection[str] | None = None) -> list[str]:
    """Months, oldest first, that every group with records around them covers from first to last day."""
    rows = _rows(coverage, groups)
    partial = rows.groupby("month", sort=True)["partial"].any()
    return [str(month) for month, some in partial.items() if not some]


def last_complete_month(coverage: pd.DataFrame, groups: Collection[str] | None = None) -> str | None:
    """The newest complete month (the default month to review); None when every month is partial."""
    complete = complete_months(coverage, groups)
    return complete[-1] if complete else None


def comparable(
    coverage: pd.DataFrame, month: str, previous: str, groups: Collection[str] | None = None
) -> bool:
    """Whether ``month``'s figures may be compared with ``previous``'s: both months are complete for every
    group, and the same groups have records around both (a group's first month has nothing before it to
    compare with; a total without a group whose export ended is not comparable with one that has it)."""
    now, before = month_cover(coverage, month, groups), month_cover(coverage, previous, groups)
    if not now.known or now.partial or before.partial:
        return False
    return set(now.groups) == set(before.groups)


def span(coverage: pd.DataFrame, groups: Collection[str] | None = None) -> tuple[str, str] | None:
    """The first and last month with records of ``groups``; None without any."""
    months = _rows(coverage, groups)["month"]
    if months.empty:
        return None
    return str(months.min()), str(months.max())


def within_span(
    coverage: pd.DataFrame, months: Sequence[str], groups: Collection[str] | None = None
) -> list[str]:
    """``months`` without those before the groups' first record or after their last: a chart or table
    starts when the group does."""
    bounds = span(coverage, groups)
    if bounds is None:
        return list(months)
    return [month for month in months if bounds[0] <= month <= bounds[1]]


def history_coverage(coverage: pd.DataFrame, history: pd.DataFrame | None) -> pd.DataFrame:
    """``coverage`` with a complete row for every month of ``history`` (``store.merged_months``) whose
    figures come from the store (``source`` "history"): such a month was kept because the export that held
    it covered it whole. The dashboard's month rows and both reports' comparisons read months this way."""
    if history is None or history.empty:
        return coverage
    kept = history.loc[history["source"] == "history", ["group", "month"]].astype(object)
    if kept.empty:
        return coverage
    first = pd.to_datetime(kept["month"] + "-01")
    days = first.dt.days_in_month
    whole = pd.DataFrame(
        {
            "group": kept["group"].to_numpy(),
            "month": kept["month"].to_numpy(),
            "covered_from": first.to_numpy(),
            "covered_to": (first + pd.to_timedelta(days - 1, unit="D")).to_numpy(),
            "covered_days": days.to_numpy(),
            "days_in_month": days.to_numpy(),
            "partial": False,
        }
    )
    keys = pd.MultiIndex.from_frame(coverage[["group", "month"]].astype(object))
    replaced = keys.isin(pd.MultiIndex.from_frame(whole[["group", "month"]]))
    merged = pd.concat([coverage[~replaced], whole.astype(coverage.dtypes.to_dict())], ignore_index=True)
    return merged.sort_values(["group", "month"], kind="stable").reset_index(drop=True)
