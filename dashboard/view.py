"""The slice of the analysis the user is looking at: selected groups and period.

Pages read figures from here instead of from session state, so each page is a plain function of
one ``View``. Selecting rows is all that happens here; every figure comes from ``analysis``.
Month rows carry the month's coverage (``analysis.coverage``: covered days, partial), and no window
of months reaches before the selected groups' first record or after their last.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import pandas as pd

from analysis import coverage
from analysis.coverage import MonthCover, history_coverage
from analysis.metrics_distributions import signal_hours
from analysis.metrics_members import writer_counts
from analysis.model import Analysis
from analysis.profile import Profile
from dashboard.loading import Dataset


def month_start(month: str) -> pd.Timestamp:
    return pd.Timestamp(f"{month}-01")


def month_after(month: str) -> pd.Timestamp:
    return month_start(month) + pd.offsets.MonthBegin(1)


def previous_month(month: str) -> str:
    return (month_start(month) - pd.offsets.MonthBegin(1)).strftime("%Y-%m")


def months_back(month: str, count: int) -> list[str]:
    """``count`` months ending with ``month``, oldest first (the overview's trend window)."""
    end = month_start(month)
    return [(end - pd.offsets.MonthBegin(i)).strftime("%Y-%m") for i in range(count - 1, -1, -1)]


@dataclass(frozen=True)
class View:
    dataset: Dataset
    analysis: Analysis
    groups: tuple[str, ...]
    months: tuple[str, ...]  # the selected period, oldest first; one month or a range
    all_months: tuple[str, ...]
    privacy: bool
    profiles: dict[str, Profile] = field(default_factory=dict)
    targets: dict[str, dict[str, float]] = field(default_factory=dict)
    #: The export's months with the store's kept months beside them (``store.merged_months``); None
    #: without a store. Month rows, the scorecard and trends read it, so months gone from the export show.
    history: pd.DataFrame | None = None

    @property
    def month(self) -> str:
        """The month the overview's key figures are about: the last month of the period."""
        return self.months[-1]

    @property
    def is_range(self) -> bool:
        return len(self.months) > 1

    @property
    def start(self) -> pd.Timestamp:
        return month_start(self.months[0])

    @property
    def end(self) -> pd.Timestamp:
        return month_after(self.months[-1])

    def _in_groups(self, frame: pd.DataFrame) -> pd.DataFrame:
        return frame[frame["group"].isin(self.groups)]

    def _in_period(self, frame: pd.DataFrame, column: str) -> pd.DataFrame:
        moment = frame[column]
        return frame[(moment >= self.start) & (moment < self.end)]

    def incidents(self) -> pd.DataFrame:
        """Incidents of the selected groups that started in the period."""
        return self._in_period(self._in_groups(self.analysis.incidents), "start")

    def messages(self) -> pd.DataFrame:
        """Every record of the selected groups in the period."""
        return self._in_period(self._in_groups(self.analysis.messages), "timestamp")

    def thread(self, incident: str) -> pd.DataFrame:
        """All messages of one incident, in chat order, whatever the period."""
        messages = self.analysis.messages
        return messages[messages["incident"] == incident].sort_values(["timestamp", "line"])

    @property
    def coverage(self) -> pd.DataFrame:
        """How much of each month the export covers, per group (``analysis.coverage``)."""
        return coverage.month_coverage(self.analysis)

    @property
    def trend_coverage(self) -> pd.DataFrame:
        """``coverage`` with every month that comes whole from the store's history counted as complete:
        the month rows, the scorecard and the trends use it (``source`` says where a month comes from)."""
        return history_coverage(self.coverage, self.history)

    def _month_table(self) -> pd.DataFrame:
        return self.analysis.months if self.history is None else self.history.drop(columns="partial")

    def _with_coverage(self, rows: pd.DataFrame) -> pd.DataFrame:
        """``rows`` (month rows) with the coverage columns of their group and month."""
        joined = rows.merge(self.trend_coverage, on=["group", "month"], how="left")
        joined["partial"] = joined["partial"].fillna(False).astype(bool)
        return joined

    def month_rows(self, months: Sequence[str] | None = None) -> pd.DataFrame:
        """Monthly review rows of the selected groups (default: the selected period), with their coverage."""
        wanted = set(months if months is not None else self.months)
        rows = self._in_groups(self._month_table())
        rows = rows[rows["month"].isin(wanted)].sort_values(["group", "month"])
        return self._with_coverage(rows)

    def month_row(self, group: str, month: str) -> pd.Series | None:
        """One group's row of one month, with its coverage (``partial``, ``covered_days``, ...)."""
        rows = self._month_table()
        hit = rows[(rows["group"] == group) & (rows["month"] == month)]
        return None if hit.empty else self._with_coverage(hit.iloc[:1]).iloc[0]

    def cover(self, month: str | None = None) -> MonthCover:
        """How the selected groups' figures cover ``month`` (default: the month the key figures are about):
        the export's coverage, with a month the store's history holds whole counted whole, as the month rows
        that every figure and chart is drawn from count it (``trend_coverage``)."""
        return coverage.month_cover(self.trend_coverage, month or self.month, self.groups)

    def partial_months(self, months: Sequence[str] | None = None) -> list[MonthCover]:
        """The months of ``months`` (default: the period) the selected groups' figures only partly cover."""
        covers = [self.cover(month) for month in (months if months is not None else self.months)]
        return [cover for cover in covers if cover.partial]

    def trend_window(self, count: int = 12) -> list[str]:
        """The months a trend chart shows: the selected range, or the ``count`` months up to the selected
        month; never a month before the selected groups' first record or after their last."""
        months = list(self.months) if self.is_range else months_back(self.month, count)
        return coverage.within_span(self.trend_coverage, months, self.groups)

    def trend_rows(self, count: int = 12) -> pd.DataFrame:
        """Month rows (with coverage) of the trend window, for trend charts."""
        return self.month_rows(self.trend_window(count))

    def members(self) -> pd.DataFrame:
        """The member table of the selected groups (its counts cover the whole export)."""
        return self._in_groups(self.analysis.members)

    def writers(self) -> pd.DataFrame:
        """Messages per member of the selected groups in the period (group, member, messages), most first."""
        return writer_counts(self.messages())

    def signal_hours(self) -> pd.DataFrame:
        """Incident starts per weekday and hour, of the incidents that started in the period."""
        return signal_hours(self.incidents(), sorted(self.groups))

    def offtopic_leavers(self) -> pd.DataFrame:
        return self._in_period(self._in_groups(self.analysis.offtopic_leavers), "left_at")

    def group_sizes(self) -> pd.DataFrame:
        return self._in_groups(self.analysis.group_sizes)

    def shared_target(self, duration: str) -> float | None:
        """The selected groups' target for ``duration`` ("minutes_to_112", ...) when they all have the same
        one; None when it differs between them or none is set: one goal line, never one per group."""
        targets = {self.targets.get(group, {}).get(duration) for group in self.groups}
        return targets.pop() if len(targets) == 1 else None

    def with_groups(self, groups: Sequence[str]) -> View:
        return replace(self, groups=tuple(groups))
