"""The slice of the analysis the user is looking at: selected groups and period.

Pages read figures from here instead of from session state, so each page is a plain function of
one ``View``. Selecting rows is all that happens here; every figure comes from ``analysis``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import pandas as pd

from analysis.model import Analysis
from analysis.profile import Profile
from app_pages.loading import Dataset


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

    def month_rows(self, months: Sequence[str] | None = None) -> pd.DataFrame:
        """Monthly review rows of the selected groups (default: the selected period)."""
        wanted = set(months if months is not None else self.months)
        rows = self._in_groups(self.analysis.months)
        return rows[rows["month"].isin(wanted)].sort_values(["group", "month"])

    def month_row(self, group: str, month: str) -> pd.Series | None:
        rows = self.analysis.months
        hit = rows[(rows["group"] == group) & (rows["month"] == month)]
        return None if hit.empty else hit.iloc[0]

    def trend_rows(self, count: int = 12) -> pd.DataFrame:
        """The last ``count`` months up to the selected month, for trend charts."""
        return self.month_rows(months_back(self.month, count))

    def members(self) -> pd.DataFrame:
        return self._in_groups(self.analysis.members)

    def signal_hours(self) -> pd.DataFrame:
        return self._in_groups(self.analysis.signal_hours)

    def offtopic_leavers(self) -> pd.DataFrame:
        return self._in_period(self._in_groups(self.analysis.offtopic_leavers), "left_at")

    def group_sizes(self) -> pd.DataFrame:
        return self._in_groups(self.analysis.group_sizes)

    def with_groups(self, groups: Sequence[str]) -> View:
        return replace(self, groups=tuple(groups))
