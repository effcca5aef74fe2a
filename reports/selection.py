"""Cut an `Analysis` down to some groups and a range of months, so a report only sees its own data."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from analysis.model import Analysis
from presentation.errors import WordedError


class ReportError(WordedError, ValueError):
    """A report that cannot be made as asked (unknown group, bad month). ``code`` and ``params`` say why;
    ``str()`` is its Dutch sentence (``presentation/errors.toml``), which the dashboard and the command
    line show as it is."""

    family = "report"
    CODES = ("not_a_month", "backwards", "unknown_groups")


def parse_month(month: str) -> pd.Period:
    """ "2024-03" -> Period; a clear Dutch error for anything else."""
    try:
        period = pd.Period(str(month).strip(), freq="M")
    except (ValueError, TypeError) as exc:
        raise ReportError("not_a_month", month=month) from exc
    if not str(month).strip()[:4].isdigit():
        raise ReportError("not_a_month", month=month)
    return period


def month_range(start: str, end: str) -> list[str]:
    """All months from ``start`` to ``end`` inclusive, as "YYYY-MM"."""
    first, last = parse_month(start), parse_month(end)
    if last < first:
        raise ReportError("backwards", start=start, end=end)
    return [str(p) for p in pd.period_range(first, last, freq="M")]


def all_groups(analysis: Analysis) -> list[str]:
    """Every group in the analysis, in a stable order."""
    names = set(analysis.messages["group"].dropna().unique()) | set(
        analysis.months["group"].dropna().unique()
    )
    return sorted(str(name) for name in names)


def choose_groups(analysis: Analysis, groups: list[str] | tuple[str, ...] | None) -> list[str]:
    known = all_groups(analysis)
    if not groups:
        return known
    unknown = [g for g in groups if g not in known]
    if unknown:
        raise ReportError("unknown_groups", unknown=unknown, known=known)
    return list(dict.fromkeys(groups))


def _month_codes(times: pd.Series) -> pd.Series:
    """year * 12 + month as integers: much faster to compare than formatted "YYYY-MM" strings."""
    return times.dt.year * 12 + times.dt.month


def _codes(months: list[str]) -> set[int]:
    return {int(m[:4]) * 12 + int(m[5:7]) for m in months}


def restrict(analysis: Analysis, groups: list[str], months: list[str]) -> Analysis:
    """The part of ``analysis`` about ``groups`` in ``months`` (members and sizes: all of those groups)."""
    wanted = set(months)
    codes = _codes(months)

    def in_groups(frame: pd.DataFrame) -> pd.Series:
        return frame["group"].isin(groups) if "group" in frame else pd.Series(True, index=frame.index)

    messages = analysis.messages
    messages = messages[in_groups(messages) & _month_codes(messages["timestamp"]).isin(codes)]
    incidents = analysis.incidents
    incidents = incidents[in_groups(incidents) & _month_codes(incidents["start"]).isin(codes)]
    month_rows = analysis.months[in_groups(analysis.months) & analysis.months["month"].isin(wanted)]
    leavers = analysis.offtopic_leavers
    if len(leavers):
        leavers = leavers[in_groups(leavers) & _month_codes(pd.to_datetime(leavers["left_at"])).isin(codes)]
    return replace(
        analysis,
        messages=messages,
        incidents=incidents,
        months=month_rows,
        members=analysis.members[in_groups(analysis.members)],
        signal_hours=analysis.signal_hours[in_groups(analysis.signal_hours)],
        offtopic_leavers=leavers,
        group_sizes=analysis.group_sizes[in_groups(analysis.group_sizes)],
    )
