"""Partial months: an export that starts after the 1st or ends before the last day of a month.

Two exports made from the Vogelwijk sample by moving its dates: one that ends on 6 January 2026 (its
January holds 6 of 31 days) and one that starts on 20 March 2026 (no February, a partial March). The
analysis gives each month's coverage (``analysis.coverage``); both reports mark a partial month with its
days, never compare it with the month before, and start their month tables and charts when the group does.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pandas as pd
import pytest

import analysis
import parsers
from analysis.coverage import (
    comparable,
    complete_months,
    last_complete_month,
    month_cover,
    month_coverage,
    within_span,
)
from analysis.model import COVERAGE_COLUMNS
from reports import effectiveness_report, month_report

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "sample_exports" / "WhatsApp-chat met Buurtpreventie Vogelwijk.txt"
GROUP = "Buurtpreventie Vogelwijk"
NAME = SOURCE.name
_HEAD = re.compile(r"^(\d{2})-(\d{2})-(\d{4}) ")
#: What a report may never say about a month that is not compared: a change against the month before.
CHANGE = re.compile(r"\b(steeg|daalde) van\b|\bbleef\b")


def moved_export(first: dt.date, last: dt.date, new_first: dt.date) -> bytes:
    """The Vogelwijk sample's records written from ``first`` to ``last``, every date moved by the same number
    of days so that ``first`` falls on ``new_first`` (multi-line messages move with their first line)."""
    if not SOURCE.exists():
        pytest.skip("no sample exports in sample_exports/ yet")
    shift = new_first - first
    records: list[str] = []
    for line in SOURCE.read_text(encoding="utf-8").splitlines(keepends=True):
        if _HEAD.match(line) or not records:
            records.append(line)
        else:
            records[-1] += line
    out = []
    for record in records:
        day, month, year = (int(part) for part in _HEAD.match(record).groups())  # type: ignore[union-attr]
        written = dt.date(year, month, day)
        if first <= written <= last:
            out.append(_HEAD.sub((written + shift).strftime("%d-%m-%Y "), record, count=1))
    assert out and out[0].startswith(new_first.strftime("%d-%m-%Y ")), "a record on the first day"
    return "".join(out).encode("utf-8")


def ends_on_6_january() -> bytes:
    """1 October 2025 to 6 January 2026: October to December complete, January 6 of 31 days."""
    return moved_export(dt.date(2026, 7, 1), dt.date(2026, 10, 6), dt.date(2025, 10, 1))


def starts_on_20_march() -> bytes:
    """20 March to 30 June 2026: March 12 of 31 days, April to June complete."""
    return moved_export(dt.date(2026, 7, 21), dt.date(2026, 10, 31), dt.date(2026, 3, 20))


@pytest.fixture(scope="module")
def january() -> analysis.Analysis:
    return analysis.analyse(parsers.read_chat(ends_on_6_january(), name=NAME))


@pytest.fixture(scope="module")
def march() -> analysis.Analysis:
    return analysis.analyse(parsers.read_chat(starts_on_20_march(), name=NAME))


def _report_text(report) -> str:
    parts = [report.title, report.subtitle, *report.summary]
    for section in report.sections:
        parts += [section.title, section.intro, *section.bullets]
        for table in section.tables:
            parts += [table.title, table.note, *map(str, table.frame.columns)]
            parts += [str(v) for v in table.frame.to_numpy().ravel()]
    return "\n".join(parts)


def _chart_months(report) -> list[str]:
    """The months on the x axis of the report's month charts (Maandrapport: its first; else the trend's)."""
    charts = report.sections[0].figures if report.kind == "maand" else report.sections[1].figures
    return list(dict.fromkeys(str(x) for fig in charts for trace in fig.data for x in trace.x))


# ---------------------------------------------------------------- the analysis


def test_an_export_that_ends_on_6_january_covers_6_of_31_days(january: analysis.Analysis) -> None:
    covered = january.coverage
    assert covered is not None and list(covered.columns) == list(COVERAGE_COLUMNS)
    assert covered[["group", "month"]].equals(january.months[["group", "month"]].astype("string"))
    rows = covered.set_index("month")
    assert rows.loc["2026-01", "covered_days"] == 6 and rows.loc["2026-01", "days_in_month"] == 31
    assert rows.loc["2026-01", "covered_to"] == pd.Timestamp("2026-01-06")
    assert bool(rows.loc["2026-01", "partial"])
    assert not rows.loc[["2025-10", "2025-11", "2025-12"], "partial"].any()
    assert rows.loc["2025-11", "covered_days"] == 30
    assert complete_months(covered) == ["2025-10", "2025-11", "2025-12"]
    assert last_complete_month(covered) == "2025-12"
    assert not comparable(covered, "2026-01", "2025-12")
    assert comparable(covered, "2025-12", "2025-11")
    assert not comparable(covered, "2025-10", "2025-09"), "no month before the first record to compare with"


def test_an_export_that_starts_on_20_march_has_no_february(march: analysis.Analysis) -> None:
    covered = march.coverage
    assert covered is not None
    assert sorted(march.months["month"]) == ["2026-03", "2026-04", "2026-05", "2026-06"]
    cover = month_cover(covered, "2026-03", [GROUP])
    assert cover.partial and cover.all_partial and cover.fewest_days == 12 and cover.days_in_month == 31
    assert cover.covered_from == pd.Timestamp("2026-03-20")
    assert not month_cover(covered, "2026-02").known
    window = [f"2025-{m:02d}" for m in range(7, 13)] + [f"2026-{m:02d}" for m in range(1, 7)]
    assert within_span(covered, window, [GROUP]) == ["2026-03", "2026-04", "2026-05", "2026-06"]
    assert not comparable(covered, "2026-04", "2026-03"), "a month after a partial month is not compared"
    assert comparable(covered, "2026-05", "2026-04")


def test_several_groups_are_complete_only_when_every_group_is() -> None:
    covered = pd.DataFrame(
        {
            "group": ["A", "A", "B", "B"],
            "month": ["2026-01", "2026-02", "2026-01", "2026-02"],
            "covered_from": pd.to_datetime(["2026-01-01", "2026-02-01", "2026-01-01", "2026-02-01"]),
            "covered_to": pd.to_datetime(["2026-01-31", "2026-02-28", "2026-01-31", "2026-02-10"]),
            "covered_days": [31, 28, 31, 10],
            "days_in_month": [31, 28, 31, 28],
            "partial": [False, False, False, True],
        }
    )
    assert last_complete_month(covered) == "2026-01"
    assert last_complete_month(covered, ["A"]) == "2026-02"
    both = month_cover(covered, "2026-02")
    assert both.partial and not both.all_partial and both.partial_groups == ("B",) and both.fewest_days == 10


def test_a_hand_built_analysis_gets_its_coverage_from_its_messages(january: analysis.Analysis) -> None:
    from dataclasses import replace

    rebuilt = month_coverage(replace(january, coverage=None))
    pd.testing.assert_frame_equal(rebuilt.reset_index(drop=True), january.coverage.reset_index(drop=True))


# ---------------------------------------------------------------- the Maandrapport


def test_the_month_report_of_a_partial_january_says_so_and_compares_nothing(
    january: analysis.Analysis,
) -> None:
    report = month_report(january, "2026-01", names=True)
    assert report.title == "Maandrapport januari 2026 (6 van 31 dagen)"
    assert "6 van 31 dagen" in report.summary[0] and "niet helemaal in de export" in report.summary[0]
    assert "1 januari t/m 6 januari" in report.summary[0]
    said = " ".join(report.summary)
    assert not CHANGE.search(said), said
    assert "steeg van 0 naar" not in _report_text(report)
    key = report.sections[0]
    assert all("Vorige maand" not in table.frame.columns for table in key.tables)
    assert all("Verandering" not in table.frame.columns for table in key.tables)
    assert "6 van 31 dagen" in key.tables[0].note
    rules = next(s for s in report.sections if s.title == "Groepsregels").tables[0]
    assert "Vorige maand" not in rules.frame.columns
    assert _chart_months(report)[-1] == "jan 2026*" and "januari 2026 (6 van 31 dagen)" in key.bullets[0]


def test_the_month_report_of_a_complete_december_compares_with_november(january: analysis.Analysis) -> None:
    report = month_report(january, "2025-12", names=True)
    assert report.title == "Maandrapport december 2025"
    assert "Vorige maand" in report.sections[0].tables[0].frame.columns
    assert any(CHANGE.search(sentence) for sentence in report.summary)


def test_the_first_month_of_a_group_is_not_compared_with_nothing(january: analysis.Analysis) -> None:
    """October 2025 is the export's first month: no "steeg van 0 naar 4" against a month without records."""
    report = month_report(january, "2025-10", names=True)
    said = " ".join(report.summary)
    assert not CHANGE.search(said), said
    assert "Van september 2025 staan geen berichten in de export" in report.summary[0]
    assert _chart_months(report) == ["okt 2025"], "no month before the group's first record"


def test_the_month_after_a_partial_first_month_is_not_compared(march: analysis.Analysis) -> None:
    report = month_report(march, "2026-04", names=True)
    assert "Maart 2026 staat niet helemaal in de export (12 van 31 dagen)" in report.summary[0]
    assert not CHANGE.search(" ".join(report.summary))
    text = _report_text(report).lower()
    assert "februari" not in text and "feb 2026" not in text
    assert _chart_months(report) == ["mrt 2026*", "apr 2026"]


# ---------------------------------------------------------------- the Effectiviteitsrapport


def test_the_effectiveness_report_starts_when_the_group_does(march: analysis.Analysis) -> None:
    report = effectiveness_report(march, "2025-11", "2026-06")
    assert report.period == ("2026-03", "2026-06")
    text = _report_text(report).lower()
    assert not re.search(r"\b(nov|dec) 2025\b|\b(jan|feb) 2026\b|februari", text)
    assert "mrt 2026*" in text and "maart 2026 (12 van 31 dagen)" in text
    assert "feb 2026" not in " ".join(_chart_months(report))
    # March is partial: the halves (March-April against May-June) are not compared
    assert "niet vergeleken" in report.summary[0]
    assert not CHANGE.search(" ".join(report.summary))


def test_the_effectiveness_report_of_a_partial_month_compares_nothing(january: analysis.Analysis) -> None:
    report = effectiveness_report(january, "2026-01", "2026-01")
    assert report.title.startswith("Effectiviteitsrapport januari 2026")
    assert "6 van 31 dagen" in report.summary[0]
    assert not CHANGE.search(" ".join(report.summary))
    complete = effectiveness_report(january, "2025-12", "2025-12")
    assert complete.summary[0] == "Vergeleken: december 2025 met de maand ervoor."
