"""The Dutch report texts from ``data/texts.toml``: wording lives in data, not in code."""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from functools import cache
from importlib import resources
from typing import Any

import pandas as pd

from analysis.coverage import MonthCover, comparable, month_cover
from presentation.formatting import month_names, short_month_names, weekday_names  # noqa: F401
from presentation.measures import names


@cache
def _texts() -> dict[str, Any]:
    """``texts.toml``, with every figure's report name from ``presentation/measures.toml`` in ``figures``."""
    raw = resources.files("reports").joinpath("data/texts.toml").read_text(encoding="utf-8")
    texts = tomllib.loads(raw)
    texts["figures"] = {**names("label"), **texts["figures"]}
    return texts


def text(section: str, key: str, **values: object) -> str:
    """One text, with ``{placeholders}`` filled in; a missing key is a bug, so it raises KeyError."""
    template = _texts()[section][key]
    return template.format(**values) if values else template


def texts(section: str) -> dict[str, Any]:
    """All texts of a section (e.g. every column header)."""
    return dict(_texts()[section])


def month_name(month: str) -> str:
    """ "2024-03" -> "maart 2024"."""
    year, number = month.split("-")
    return f"{month_names()[int(number) - 1]} {year}"


def short_month_name(month: str) -> str:
    """ "2024-03" -> "mrt 2024" style short name for chart axes and tables."""
    year, number = month.split("-")
    return f"{short_month_names()[int(number) - 1]} {year}"


def sentence(words: str) -> str:
    """Words as a sentence, with a capital first letter ("januari 2026 staat" -> "Januari 2026 staat")."""
    return words[:1].upper() + words[1:]


def day_name(day: pd.Timestamp) -> str:
    """A date as "6 januari"."""
    return f"{day.day} {month_names()[day.month - 1]}"


def coverage_note(cover: MonthCover) -> str | None:
    """How much of a partial month the export(s) hold ("6 van 31 dagen", "2 groepen: 30 van 31 dagen",
    "3 groepen onvolledig"); None for a complete month. The dashboard words it the same way."""
    if not cover.partial:
        return None
    days = text("coverage", "days", days=cover.fewest_days, total=cover.days_in_month)
    if cover.all_partial:
        return days
    count = len(cover.partial_groups)
    if cover.covered_from is None:
        return text("coverage", "uneven", count=count)
    groups = text("coverage", "groups", count=count) if count > 1 else text("coverage", "one_group")
    return text("coverage", "some_groups", groups=groups, days=days)


def covered_month_name(cover: MonthCover) -> str:
    """ "januari 2026 (6 van 31 dagen)" for a partial month, "december 2025" for a complete one."""
    note = coverage_note(cover)
    name = month_name(cover.month)
    return name if note is None else text("coverage", "label", month_name=name, note=note)


def covered_short_name(cover: MonthCover) -> str:
    """A chart's month label: "jan 2026", or "jan 2026*" for a partial month (see ``coverage_sentence``)."""
    return short_month_name(cover.month) + ("*" if cover.partial else "")


def coverage_sentence(cover: MonthCover, previous: str) -> str:
    """Why a partial month is not compared with ``previous``: which days it holds."""
    if cover.covered_from is not None and cover.covered_to is not None:
        days = text(
            "coverage",
            "span",
            first=day_name(cover.covered_from),
            last=day_name(cover.covered_to),
            days=cover.fewest_days,
            total=cover.days_in_month,
        )
        if not cover.all_partial:
            count = len(cover.partial_groups)
            who = text("coverage", "groups", count=count) if count > 1 else text("coverage", "one_group")
            days = text("coverage", "span_some", groups=who, span=days)
    else:
        days = text("coverage", "span_uneven", count=len(cover.partial_groups))
    names = {"month_name": month_name(cover.month), "previous_name": month_name(previous)}
    return sentence(text("coverage", "partial", span=days, **names))


def not_compared_sentence(coverage: pd.DataFrame, month: str, previous: str, groups: Sequence[str]) -> str:
    """Why ``month`` is not compared with ``previous`` for these groups: it is partial, ``previous`` is, or
    ``previous`` has no records; "" when the two may be compared (``analysis.coverage.comparable``)."""
    if comparable(coverage, month, previous, groups):
        return ""
    now, before = month_cover(coverage, month, groups), month_cover(coverage, previous, groups)
    if now.partial:
        return coverage_sentence(now, previous)
    names = {"month_name": month_name(month), "previous_name": month_name(previous)}
    if before.partial:
        return sentence(text("coverage", "previous_partial", note=coverage_note(before), **names))
    return text("coverage", "no_previous", **names)
