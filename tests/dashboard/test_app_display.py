"""How figures are written on screen and in downloads: Dutch formats, escaped chat text, chart bins."""

from __future__ import annotations

import math
import re

import pandas as pd

from dashboard.charts import (
    duration_bins,
    duration_histogram,
    goal_line,
    group_facets,
    monthly_lines,
    too_short,
)
from dashboard.display import (
    csv_bytes,
    dutch_hover,
    escape_markdown,
    figure_delta,
    measure_delta,
    measure_label,
    measure_value,
    minutes,
    month_label,
    percent,
    screen_values,
)


def test_minutes_are_written_the_dutch_way() -> None:
    assert minutes(4.1) == "4,1 min"
    assert minutes(0) == "0 min"
    assert minutes(12.4) == "12 min"
    assert minutes(75) == "1 u 15 min"
    assert minutes(float("nan")) == "–"


def test_shares_and_deltas() -> None:
    assert percent(0.5) == "50%"
    assert measure_value("violations_per_100", 18.18) == "18,2"
    assert measure_delta("alarm_rate", 0.75, 0.5) == "+25 %-punt"
    assert measure_delta("incidents", 3, 5) == "-2"
    assert measure_delta("incidents", 3, None) is None


def test_a_zero_change_is_no_change() -> None:
    assert figure_delta("incidents", {"incidents": 4}, {"incidents": 4}) == (None, "")
    median = "median_minutes_to_112"
    rounded = figure_delta(median, {median: 3.4}, {median: 3.6})
    assert rounded == (None, ""), "a change that rounds to +0 min is no change"
    assert figure_delta("incidents", {"incidents": 5}, {"incidents": 4})[0] == "+1"
    partial = {"incidents": 1, "month": "2026-01", "partial": True, "covered_days": 6, "days_in_month": 31}
    assert figure_delta("incidents", partial, {"incidents": 4})[0] == "6 van 31 dagen"
    after = {"incidents": 4, "month": "2026-02", "partial": False}
    assert figure_delta("incidents", after, partial)[0] is None


def test_month_names_are_dutch() -> None:
    assert month_label("2024-03") == "maart 2024"


def test_chat_text_cannot_become_markup() -> None:
    escaped = escape_markdown("<script>alert(1)</script> **vet** [x](http://e.org)\nregel 2")
    assert "<" not in escaped.replace("\\<", "")
    assert "\\*\\*vet\\*\\*" in escaped
    assert "\\[x\\]\\(http\\:" in escaped
    assert "  \nregel 2" in escaped  # line breaks survive


def test_csv_has_dutch_headers_and_dates() -> None:
    frame = pd.DataFrame(
        {
            "start": pd.to_datetime(["2024-03-05 21:14"]),
            "group": ["Vogelwijk"],
            "violation_codes": [("offtopic", "language")],
            "minutes_to_112": [2.5],
        }
    )
    text = csv_bytes(frame).decode("utf-8-sig")
    header, row = text.splitlines()
    assert header == "Begin;Groep;Regels overtreden;Min. tot 112"
    assert row == "05-03-2024 21:14;Vogelwijk;Off-topic, Taalgebruik;2,5"


def test_duration_bins_count_every_known_incident_once_and_mark_the_target() -> None:
    durations = pd.Series([0.0, 0.5, 3.0, 7.0, 7.0, 300.0, math.nan])
    groups = pd.Series(["A", "A", "B", "A", "B", "A", "A"])
    counts = duration_bins(durations, groups, target=7.0)
    assert counts["incidents"].sum() == 6
    within = counts[counts["within"]]["incidents"].sum()
    assert within == 5  # everything up to and including 7 minutes
    assert counts.loc[counts["incidents"] > 0, "label"].iloc[-1].startswith("meer dan")


def test_group_facets_draw_one_chart_per_group_and_the_goal_as_no_group() -> None:
    months = ["2026-01", "2026-02", "2026-03", "2026-04"]
    rows = pd.DataFrame(
        [
            {"group": group, "month": month, "median_minutes_to_112": minutes, "partial": month == "2026-04"}
            for group, values in (("Noord", [3, 4, 6, 2]), ("Zuid <b>", [5, 5, 4, 3]), ("Oost", [1, 2, 3, 4]))
            for month, minutes in zip(months, values, strict=True)
        ]
    )
    fig = group_facets(rows, "median_minutes_to_112", months, {"Noord": 5.0, "Zuid <b>": None, "Oost": 2.0})
    names = [trace.name for trace in fig.data]
    assert names == ["Noord", "Zuid &lt;b&gt;", "Oost"], "one line per chart, the name as text"
    assert len({trace.xaxis for trace in fig.data}) == 3, "each group in its own chart"
    assert len({trace.line.color for trace in fig.data}) == 1, "no colour stands for a group"
    goals = [shape for shape in fig.layout.shapes if shape.line.dash == "dash"]
    assert sorted(shape.y0 for shape in goals) == [2.0, 5.0], "a goal line per group that has a goal"
    labels = [note for note in fig.layout.annotations if note.text == "doel"]
    assert len(labels) == 2 and not fig.layout.showlegend
    assert fig.data[0].marker.symbol[-1] == "circle-open", "April is partial: an open circle"
    assert fig.layout.xaxis.ticktext[-1] == "apr 26*"


def test_tables_on_screen_write_figures_as_the_scorecard_does() -> None:
    """Groepen showed 66.67% and "4 min" where the Overzicht showed 67% and 3,5 min (issue 13): every table
    writes minutes, shares and decimals the Dutch way, and a missing value as a dash, never "None"."""
    frame = pd.DataFrame(
        {
            "group": ["A", None],
            "median_minutes_to_reaction": [3.5, math.nan],
            "alarm_rate": [2 / 3, math.nan],
            "violations_per_100": [42.25, math.nan],
            "messages": [45, 7],
            "start": pd.to_datetime(["2026-09-01 10:00", None]),
        }
    )
    shown = screen_values(frame, list(frame.columns))
    assert shown["median_minutes_to_reaction"].tolist() == [
        measure_value("median_minutes_to_reaction", 3.5),
        "–",
    ]
    assert shown["median_minutes_to_reaction"].iloc[0] == "3,5 min"
    assert shown["alarm_rate"].tolist() == ["67%", "–"]
    assert shown["violations_per_100"].tolist() == ["42,2", "–"]
    assert shown["group"].tolist() == ["A", "–"]
    assert shown["messages"].tolist() == [45, 7]  # whole numbers stay numbers: their header sorts them
    assert shown["start"].tolist() == ["01-09-2026 10:00", "–"]


def test_monthly_lines_of_several_groups_are_small_multiples_with_the_goal_in_each() -> None:
    """Reactietijd, 112 and Deelname drew ten lines (five groups, two measures) in one chart (issue 13)."""
    months = ["2026-01", "2026-02", "2026-03"]
    rows = pd.DataFrame(
        [
            {"group": group, "month": month, "median_minutes_to_112": 2.0, "p90_minutes_to_112": 6.0}
            for group in ("Noord", "Zuid", "Oost", "West", "Midden")
            for month in months
        ]
    )
    fig = monthly_lines(rows, ["median_minutes_to_112", "p90_minutes_to_112"], months)
    assert len({trace.xaxis for trace in fig.data}) == 5, "a chart per group"
    measures = {measure_label("median_minutes_to_112"), measure_label("p90_minutes_to_112")}
    assert {trace.name for trace in fig.data} == measures
    assert len({trace.line.color for trace in fig.data}) == 2, "colours are the two measures, not the groups"
    goal_line(fig, 5.0)
    goals = [shape for shape in fig.layout.shapes if shape.y0 == 5.0]
    assert len(goals) == 5 and all(shape.line.dash == "dash" for shape in goals), "the goal in every chart"
    one = monthly_lines(rows[rows["group"] == "Noord"], ["median_minutes_to_112"], months)
    assert len(one.data) == 1 and not one.layout.showlegend, "one group, one measure: one line, no legend"


def test_duration_histogram_of_several_groups_is_a_chart_per_group_without_patterns() -> None:
    durations = pd.Series([0.5, 3.0, 12.0, 1.5, 40.0, 4.0])
    groups = pd.Series(["Noord", "Noord", "Noord", "Zuid", "Zuid", "Oost"])
    fig = duration_histogram(duration_bins(durations, groups, 5.0), "Minuten")
    assert len({trace.xaxis for trace in fig.data}) == 3, "a chart per group"
    assert {trace.name for trace in fig.data} == {"binnen doel", "boven doel"}
    assert not any(trace.marker.pattern.shape for trace in fig.data), "no hatch pattern per group"
    assert sum(sum(y for y in trace.y) for trace in fig.data) == 6, "every incident counted once"


def test_fewer_than_three_months_get_a_sentence() -> None:
    assert too_short(["2026-01", "2026-02", "2026-03"]) is None
    assert too_short(["2026-05"]) == (
        "Een verloop per maand is pas te zien vanaf 3 maanden; deze keuze heeft er 1 (mei 2026). "
        "De cijfers van de maand staan hierboven."
    )


def test_hover_labels_are_dutch() -> None:
    """Plotly Express wrote "group=Noord<br>value=0.67" in every hover label (issue 13: Dutch throughout)."""
    months = ["2026-01", "2026-02", "2026-03"]
    rows = pd.DataFrame(
        [{"group": g, "month": m, "alarm_rate": 0.5} for g in ("Noord", "Zuid") for m in months]
    )
    fig = dutch_hover(monthly_lines(rows, ["alarm_rate"], months, percent=True))
    for trace in fig.data:
        assert "Groep: " in trace.hovertemplate and "Maand: " in trace.hovertemplate
        assert "Waarde: %{y:.0%}" in trace.hovertemplate, "a share as a percentage"
        assert not re.search(r"\b(group|month|value|measure)=", trace.hovertemplate)
