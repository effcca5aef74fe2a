"""Every figure the dashboard shows, for months that differ in every figure, against numbers counted by hand.

The other app tests compare the pages with ``analysis.analyse`` on the samples, whose last two months share
some values: a page that shows last month's "112 bevestigd" passes them. Here the export
(``tests/data/hand_counted/``) was written so that September, October and November differ in every figure
the pages show, and the expected figures were counted by hand from the definitions in docs/metrics.md
(``expected.toml``, with the count beside each). The pages' formatting helpers (``dashboard.display``,
``texts``) are used for the format only; every value comes from the hand count.
"""

from __future__ import annotations

import base64
import json
import math
import tomllib
from collections.abc import Iterator
from fractions import Fraction
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

import analysis
import parsers
from analysis.model import MONTH_COLUMNS, VIOLATIONS
from dashboard import scorecard
from dashboard.display import (
    MEASURES,
    measure_delta,
    measure_label,
    measure_value,
    minutes,
    month_label,
    shown_change,
)
from dashboard.scorecard import Status
from dashboard.texts import t, table
from tests.scorecard_cells import scorecard_rows

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
HAND = ROOT / "tests" / "data" / "hand_counted"
EXPECTED = tomllib.loads((HAND / "expected.toml").read_text(encoding="utf-8"))
GROUP: str = EXPECTED["group"]
EXPORT = HAND / EXPECTED["export"]
ALL_MONTHS = sorted(EXPECTED["months"])  # 2026-09, 2026-10, 2026-11
SHOWN_MONTHS = ALL_MONTHS[1:]  # each with a previous month in the export
#: Months the export holds only partly: (days covered, days in the month); shown with days, not compared.
PARTIAL: dict[str, tuple[int, int]] = {m: (d[0], d[1]) for m, d in EXPECTED["partial_months"].items()}

#: What each page shows per group for the chosen month, in screen order (app_pages/overzicht.py, alarm112.py).
OVERZICHT = (
    "messages",
    "incidents",
    "alarm_rate",
    "saar_order_rate",
    "median_minutes_to_112",
    "median_minutes_to_reaction",
    "violations_per_100",
    "active_members",
)
ALARM112 = ("alarm_rate", "saar_order_rate", "multi_caller_incidents", "no_alarm_incidents")
GROEPEN_TABLE = (
    "messages",
    "incidents",
    "alarm_rate",
    "saar_order_rate",
    "median_minutes_to_112",
    "median_minutes_to_reaction",
    "violations_per_100",
    "offtopic_share",
    "members_end",
    "active_members",
    "joins",
    "leaves",
)
OVERZICHT_TREND = (
    "incidents",
    "alarm_rate",
    "median_minutes_to_112",
    "median_minutes_to_reaction",
    "violations",
    "active_members",
)
GROEPEN_COMPARE = (
    "incidents",
    "alarm_rate",
    "median_minutes_to_112",
    "median_minutes_to_reaction",
    "violations_per_100",
)
DURATIONS = {
    "minutes_to_112": ("median_minutes_to_112", "p90_minutes_to_112"),
    "minutes_to_reaction": ("median_minutes_to_reaction", "p90_minutes_to_reaction"),
    "minutes_to_closure": ("median_minutes_to_closure", "p90_minutes_to_closure"),
}


def hand(month: str, measure: str) -> float:
    """The hand-counted figure (fractions such as "2/3" are written as text)."""
    raw = EXPECTED["months"][month][measure]
    return float(Fraction(raw)) if isinstance(raw, str) else float(raw)


def previous(month: str) -> str:
    return ALL_MONTHS[ALL_MONTHS.index(month) - 1]


def up_to(month: str) -> list[str]:
    """The hand-counted months a 12-month trend ending at ``month`` shows."""
    return [m for m in ALL_MONTHS if m <= month]


# ---------------------------------------------------------------- the hand counts themselves


def test_the_hand_counts_cover_every_monthly_figure() -> None:
    for month in ALL_MONTHS:
        counted = set(EXPECTED["months"][month]) - {"within_target"}
        assert counted == set(MONTH_COLUMNS[2:]), month


#: Rules nobody broke in any month of the export: their count is 0 everywhere, so it cannot differ.
NEVER_BROKEN = ("violations_general_notice", "violations_vigilante", "violations_driving")


def _shown(measure: str, value: float) -> str:
    """A figure as the key-figure cards show it; figures without a card (only in charts) unrounded."""
    return measure_value(measure, value) if measure in MEASURES else repr(value)


@pytest.mark.parametrize("month", SHOWN_MONTHS)
def test_the_headline_figures_differ_from_the_previous_month(month: str) -> None:
    """Without this, a page that shows the previous month's value could pass by coincidence: every
    card on Overzicht and on the 112 page, and the Reactietijd counts, differ from one month to the next."""
    for measure in (*OVERZICHT, *ALARM112):
        assert _shown(measure, hand(month, measure)) != _shown(measure, hand(previous(month), measure)), (
            month,
            measure,
        )
    for duration in DURATIONS:
        assert (
            EXPECTED["months"][month]["within_target"][duration]
            != EXPECTED["months"][previous(month)]["within_target"][duration]
        ), (month, duration)


def test_every_monthly_figure_differs_between_october_and_november() -> None:
    """The two months the page tests read differ in every figure any page shows (tables, charts, cards)."""
    october, november = SHOWN_MONTHS
    same = [
        measure
        for measure in MONTH_COLUMNS[2:]
        if measure not in NEVER_BROKEN
        and _shown(measure, hand(october, measure)) == _shown(measure, hand(november, measure))
    ]
    assert not same
    assert all(hand(month, code) == 0 for month in ALL_MONTHS for code in NEVER_BROKEN)


def test_the_targets_counted_against_are_the_dashboards_defaults() -> None:
    defaults = tomllib.loads((ROOT / "dashboard" / "defaults.toml").read_text())
    assert defaults["targets"] == EXPECTED["targets"]


# ---------------------------------------------------------------- (a) analyse against the hand counts


@pytest.fixture(scope="module")
def result() -> analysis.Analysis:
    return analysis.analyse(parsers.read_chat(EXPORT.read_bytes(), name=EXPORT.name))


@pytest.mark.parametrize("month", ALL_MONTHS)
def test_analyse_month_row_equals_the_hand_count(result: analysis.Analysis, month: str) -> None:
    rows = result.months[result.months["group"] == GROUP].set_index("month")
    assert sorted(rows.index) == ALL_MONTHS
    row = rows.loc[month]
    wrong = {
        column: (row[column], hand(month, column))
        for column in MONTH_COLUMNS[2:]
        if not (pd.notna(row[column]) and math.isclose(float(row[column]), hand(month, column), abs_tol=1e-9))
    }
    assert not wrong, f"{month}: analyse vs hand count {wrong}"


def test_analyse_whole_export_figures_equal_the_hand_count(result: analysis.Analysis) -> None:
    members = result.members[result.members["group"] == GROUP]
    assert (
        dict(zip(members["member"], members["messages"], strict=True))
        == (EXPECTED["whole_export"]["messages_per_member"])
    )
    hours = result.signal_hours[result.signal_hours["signals"] > 0]
    counted = pd.Series(
        1, index=pd.MultiIndex.from_tuples(map(tuple, EXPECTED["whole_export"]["incident_starts"]))
    )
    counted = counted.groupby(level=[0, 1]).sum()
    assert {(int(r.weekday), int(r.hour)): int(r.signals) for r in hours.itertuples()} == counted.to_dict()


INCIDENT_FIGURES = (
    "start",
    "minutes_to_112",
    "minutes_to_reaction",
    "minutes_to_closure",
    "callers",
    "reactors",
    "messages",
    "violations",
)


def _plain(value: object) -> object:
    """A table cell as the hand count writes it: "YYYY-MM-DD HH:MM", a number, or None when empty."""
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d %H:%M")
    if value is None or pd.isna(value):  # type: ignore[arg-type]
        return None
    return float(value)  # type: ignore[arg-type]


def _hand_incidents(month: str | None = None) -> list[dict[str, object]]:
    """The hand-counted incidents (of ``month``), oldest first, every figure present (None when empty)."""
    return [
        {
            column: incident.get(column, None if column.startswith("minutes_") else 0)
            for column in INCIDENT_FIGURES
        }
        | {column: float(incident[column]) for column in INCIDENT_FIGURES[1:] if column in incident}
        for incident in EXPECTED["incidents"]
        if month is None or incident["start"].startswith(month)
    ]


def test_analyse_incidents_equal_the_hand_count(result: analysis.Analysis) -> None:
    incidents = result.incidents[result.incidents["group"] == GROUP].sort_values("start")
    rows = [{column: _plain(row[column]) for column in INCIDENT_FIGURES} for _, row in incidents.iterrows()]
    assert rows == _hand_incidents()


# ---------------------------------------------------------------- (b) the pages against the hand counts


@pytest.fixture(scope="module", params=SHOWN_MONTHS)
def page(request: pytest.FixtureRequest) -> Iterator[tuple[AppTest, str]]:
    """The dashboard with the hand-counted export uploaded and one month chosen in the sidebar."""
    month: str = request.param
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    at.sidebar.file_uploader[0].set_value([(EXPORT.name, EXPORT.read_bytes(), "text/plain")])
    at.run()
    _ok(at)
    assert at.multiselect(key="group").value == [GROUP]
    assert at.selectbox(key="month").options == [option(m) for m in reversed(ALL_MONTHS)]
    at.selectbox(key="month").set_value(month).run()
    assert at.toggle(key="privacy").value is True, "names are hidden by default"
    at.toggle(key="privacy").set_value(False).run()  # the hand counts name the members
    _ok(at)
    yield at, month


def _ok(at: AppTest) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    return at


def _open(at: AppTest, page_file: str) -> AppTest:
    at.switch_page(f"app_pages/{page_file}").run()
    return _ok(at)


def _metrics(at: AppTest) -> list[tuple[str, str, str | None]]:
    return [(m.label, m.value, m.delta or None) for m in at.metric]


def option(month: str) -> str:
    """The month as the period picker names it: a partial month with its days."""
    if month not in PARTIAL:
        return month_label(month)
    days, total = PARTIAL[month]
    return f"{month_label(month)} ({days} van {total} dagen)"


def _key_figures(month: str, measures: tuple[str, ...]) -> list[tuple[str, str, str | None]]:
    """What ``display.key_figure`` must show: label, the hand-counted value, and the change against the
    hand-counted previous month, or for a partial month its days instead of a change."""
    if month in PARTIAL:
        days, total = PARTIAL[month]
        under = f"{days} van {total} dagen"
        return [(measure_label(m), measure_value(m, hand(month, m)), under) for m in measures]
    return [
        (
            measure_label(measure),
            measure_value(measure, hand(month, measure)),
            measure_delta(measure, hand(month, measure), hand(previous(month), measure)),
        )
        for measure in measures
    ]


def _array(value: object) -> list[object]:
    """A Plotly data array from the chart's JSON (numbers come base64-encoded as ``{dtype, bdata}``)."""
    if isinstance(value, dict) and "bdata" in value:
        data = np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"]))
        if "shape" in value:
            data = data.reshape([int(n) for n in str(value["shape"]).split(",")])
        return data.tolist()
    return list(value)  # type: ignore[call-overload]


def _chart(at: AppTest, key: str) -> dict[str, dict[object, object]]:
    """Trace name -> {category: value} of the Plotly chart with widget key ``key``: {x: y}, or {y: x} for
    horizontal bars."""
    charts = [c for c in at.get("plotly_chart") if c.proto.id.endswith(f"-{key}")]
    assert len(charts) == 1, f"one chart {key!r} on the page"
    traces = json.loads(charts[0].proto.spec)["data"]
    axes = {True: ("y", "x"), False: ("x", "y")}
    return {
        trace.get("name", ""): dict(
            zip(*(_array(trace[a]) for a in axes[trace.get("orientation") == "h"]), strict=True)
        )
        for trace in traces
    }


def shown_text(cell: str) -> str:
    """A static table's cell as read: its markdown escapes resolved."""
    return cell.replace("\\", "")


def _short_trend(at: AppTest, key: str, month: str) -> bool:
    """Fewer than three months up to ``month``: no chart ``key`` but the sentence that says why (issue 13: no
    line through one or two dots); the months are checked in a later month's chart."""
    if len(up_to(month)) >= 3:
        return False
    assert not [c for c in at.get("plotly_chart") if c.proto.id.endswith(f"-{key}")], key
    assert any("Een verloop per maand is pas te zien vanaf 3 maanden" in c.value for c in at.caption), key
    return True


def _close(shown: dict[object, object], expected: dict[object, float]) -> bool:
    """The chart's points are exactly the expected months, each with the expected value."""
    return shown.keys() == expected.keys() and all(
        math.isclose(float(shown[k]), expected[k], abs_tol=1e-9) for k in expected
    )


def _scorecard_expected(month: str) -> list[tuple[str, str, str | None, Status | None]]:
    """What the Overzicht's scorecard must show per figure: label, the hand-counted value, the arrow against
    the hand-counted previous month (none for a partial month), and the colour against the default goals."""
    goals = {measure: scorecard.goal_of(measure, EXPECTED["targets"]) for measure in scorecard.SHOWN}
    expected = []
    for measure in scorecard.SHOWN:
        value, before = hand(month, measure), hand(previous(month), measure)
        arrow = None
        if month not in PARTIAL and shown_change(measure, value, before) is not None:
            arrow = scorecard.UP if value > before else scorecard.DOWN
        status = scorecard.goal_status(measure, value, goals[measure])
        expected.append((measure_label(measure), measure_value(measure, value), arrow, status))
    return expected


def test_overzicht_shows_the_hand_counted_month(page: tuple[AppTest, str]) -> None:
    at, month = page
    _open(at, "overzicht.py")
    assert month_label(month) in at.caption[0].value
    (row,) = scorecard_rows(at)
    assert row.group == GROUP
    shown = [(label, cell.value, cell.arrow, cell.colour) for label, cell in row.figures.items()]
    assert shown == _scorecard_expected(month)
    assert [label for label, *_ in shown] == [measure_label(m) for m in OVERZICHT]
    if month in PARTIAL:
        assert row.note == "{} van {} dagen".format(*PARTIAL[month])
    else:
        assert row.note is None and all(cell.arrow for cell in row.figures.values()), "every figure changed"
    assert any(cell.colour is not None for cell in row.figures.values()), "the default goals colour cells"


def test_overzicht_trend_shows_each_month_its_own_figure(page: tuple[AppTest, str]) -> None:
    at, month = page
    _open(at, "overzicht.py")
    months = up_to(month)
    for measure in OVERZICHT_TREND:
        at.segmented_control(key="trend_measure").set_value(measure).run()
        _ok(at)
        if len(months) < 3:  # no line with a dot or two: a sentence
            assert not [c for c in at.get("plotly_chart") if c.proto.id.endswith("-overview_trend")]
            assert any("Een verloop is pas te zien vanaf 3 maanden" in c.value for c in at.caption)
            continue
        expected = {m: hand(m, measure) for m in months}
        shown = _chart(at, "overview_trend")
        assert list(shown) == [GROUP] and _close(shown[GROUP], expected), (measure, shown, expected)


def test_112_page_shows_the_hand_counted_month(page: tuple[AppTest, str]) -> None:
    at, month = page
    _open(at, "alarm112.py")
    assert _metrics(at) == _key_figures(month, ALARM112)
    # one link per incident without any 112 confirmation, one table row per incident with several callers
    assert len(at.get("page_link")) == hand(month, "no_alarm_incidents")
    several = [frame.value for frame in at.dataframe]
    assert len(several) == 1 and len(several[0]) == hand(month, "multi_caller_incidents")
    if _short_trend(at, "alarm_trend", month):
        return
    shown = _chart(at, "alarm_trend")
    for measure in ("alarm_rate", "saar_order_rate"):
        expected = {m: hand(m, measure) for m in up_to(month)}
        assert _close(shown[measure_label(measure)], expected), (measure, shown)


def test_reactietijd_shows_the_hand_counted_month(page: tuple[AppTest, str]) -> None:
    at, month = page
    _open(at, "reactietijd.py")
    for duration, (median, p90) in DURATIONS.items():
        at.segmented_control(key="duration").set_value(duration).run()
        _ok(at)
        within, total = EXPECTED["months"][month]["within_target"][duration]
        assert _metrics(at) == [
            (t("reactietijd.within_label"), t("reactietijd.within_value", within=within, total=total), None)
        ], duration
        histogram = _chart(at, f"hist_{duration}")
        assert sum(sum(bins.values()) for bins in histogram.values()) == total, duration  # type: ignore[misc]
        if _short_trend(at, f"trend_{duration}", month):
            continue
        trend = _chart(at, f"trend_{duration}")
        for measure in (median, p90):
            expected = {m: hand(m, measure) for m in up_to(month)}
            assert _close(trend[measure_label(measure)], expected), (measure, trend)


def test_spelregels_shows_the_hand_counted_violations(page: tuple[AppTest, str]) -> None:
    at, month = page
    _open(at, "spelregels.py")
    rules = table("rules")
    per_rule = _chart(at, "per_rule")[""]
    assert per_rule == {rules[code]: hand(month, f"violations_{code}") for code in VIOLATIONS}
    per_month = _chart(at, "per_month")
    for code in VIOLATIONS:
        expected = {m: hand(m, f"violations_{code}") for m in up_to(month)}
        assert _close(per_month[rules[code]], expected), (code, per_month[rules[code]])


def test_deelname_shows_the_hand_counted_members(page: tuple[AppTest, str]) -> None:
    at, month = page
    _open(at, "deelname.py")
    lines = {
        "members_trend": ("members_end",),
        "active": ("active_members", "silent_members"),
        "concentration": ("top_writers_share",),
    }
    for key, measures in lines.items():
        if _short_trend(at, key, month):
            continue
        shown = _chart(at, key)
        for measure in measures:
            expected = {m: hand(m, measure) for m in up_to(month)}
            assert _close(shown[measure_label(measure)], expected), (measure, shown)
    flow = _chart(at, "members_flow")
    for measure in ("joins", "leaves", "removals"):
        expected = {m: hand(m, measure) for m in up_to(month)}
        assert _close(flow[measure_label(measure)], expected), (measure, flow)
    chosen = EXPECTED["chosen_month"]
    assert _chart(at, "writers")[""] == chosen["messages_per_member"][month]
    heat = json.loads(next(c for c in at.get("plotly_chart") if c.proto.id.endswith("-hours")).proto.spec)
    grid = np.array(_array(heat["data"][0]["z"]))
    counted = np.zeros((7, 24), dtype=int)
    for weekday, hour in chosen["incident_starts"][month]:
        counted[weekday, hour] += 1
    assert grid.tolist() == counted.tolist()


def test_groepen_shows_the_hand_counted_month(page: tuple[AppTest, str]) -> None:
    at, month = page
    _open(at, "groepen.py")
    names = table("columns")
    shown = at.table[0].value  # a static table, its figures written as on the Overzicht ("67%", "3,5 min")
    assert [shown_text(str(name)) for name in shown[names["group"]]] == [GROUP]
    row = shown.iloc[0]
    wrong = {
        measure: (row[names[measure]], hand(month, measure))
        for measure in GROEPEN_TABLE
        if shown_text(str(row[names[measure]])) != measure_value(measure, hand(month, measure))
    }
    assert not wrong, f"{month}: shown vs hand count {wrong}"
    for measure in GROEPEN_COMPARE:
        at.segmented_control(key="compare").set_value(measure).run()
        _ok(at)
        bars = _chart(at, "groups_compare")
        assert list(bars) == [GROUP] and _close(bars[GROUP], {month: hand(month, measure)}), (measure, bars)


def test_meldingen_lists_the_hand_counted_incidents(page: tuple[AppTest, str]) -> None:
    at, month = page
    _open(at, "meldingen.py")
    names = table("columns")
    shown = at.dataframe[0].value
    assert len(shown) == hand(month, "incidents")
    # Durations are shown as Dutch text: "2,5 min", "geen" when 112 never came, "–" when nothing came.
    durations = {
        "minutes_to_112": t("meldingen.col_112"),
        "minutes_to_reaction": t("meldingen.col_reaction"),
        "minutes_to_closure": t("meldingen.col_closure"),
    }
    rows = [
        {
            column: row[durations[column]] if column in durations else _plain(row[names[column]])
            for column in INCIDENT_FIGURES
        }
        for _, row in shown.sort_values(names["start"]).iterrows()
    ]

    def as_shown(column: str, value: object) -> object:
        if column not in durations:
            return value
        if value is None:
            return t("thread.no_112") if column == "minutes_to_112" else "–"
        return minutes(value)

    assert rows == [
        {column: as_shown(column, value) for column, value in incident.items()}
        for incident in _hand_incidents(month)
    ]
