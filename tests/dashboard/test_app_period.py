"""The dashboard and partial months, and the chosen period on every page (AppTest).

An upload that ends on 6 January opens on December (the last complete month), names January with its days
("januari 2026 (6 van 31 dagen)") and shows January's figures without a change against December; an upload
that starts on 20 March shows no February anywhere; "Wie schrijft het meest" and the hour heat map follow
the chosen month; an unchanged figure has no arrow; with a range of months the one-month pages follow it.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

import analysis
import parsers
from analysis.keyfigures import key_figures
from dashboard.display import measure_value
from dashboard.navigation import PAGES
from dashboard.scorecard import DOWN
from dashboard.texts import t, table
from tests.analysis.test_month_coverage import GROUP, NAME, ends_on_6_january, starts_on_20_march
from tests.scorecard_cells import cells_by_group, scorecard_rows

pytestmark = pytest.mark.slow


def _ok(at: AppTest) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    return at


def _uploaded(dashboard: Callable[..., AppTest], data: bytes) -> AppTest:
    at = _ok(dashboard().run())
    at.sidebar.file_uploader[0].set_value([(NAME, data, "text/plain")])
    return _ok(at.run())


def _open(at: AppTest, page_file: str) -> AppTest:
    return _ok(at.switch_page(f"app_pages/{page_file}").run())


def _specs(at: AppTest) -> dict[str, str]:
    """Each Plotly chart's JSON by its widget key."""
    return {chart.proto.id.rsplit("-", 1)[-1]: chart.proto.spec for chart in at.get("plotly_chart")}


def _array(value: object) -> list:
    """A Plotly data array from a chart's JSON (numbers may come base64-encoded as ``{dtype, bdata}``)."""
    if isinstance(value, dict) and "bdata" in value:
        data = np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"]))
        if "shape" in value:
            data = data.reshape([int(n) for n in str(value["shape"]).split(",")])
        return data.tolist()
    return list(value)  # type: ignore[call-overload]


def _shown(at: AppTest) -> str:
    """Everything on the page that carries data: charts, tables, metrics, captions."""
    parts = list(_specs(at).values())
    parts += [frame.value.to_csv() for frame in at.dataframe]
    parts += [f"{m.label} {m.value} {m.delta}" for m in at.metric]
    parts += [str(c.value) for c in (*at.caption, *at.markdown)]
    return "\n".join(parts)


# ---------------------------------------------------------------- an export that ends on 6 January


def test_the_last_complete_month_is_the_default_and_january_is_marked(
    dashboard: Callable[..., AppTest],
) -> None:
    at = _uploaded(dashboard, ends_on_6_january())
    month = at.selectbox(key="month")
    assert month.value == "2025-12", "December is the last complete month"
    assert month.options[0] == "januari 2026 (6 van 31 dagen)"
    assert month.options[1:] == ["december 2025", "november 2025", "oktober 2025"]
    assert t("overzicht.intro", month="december 2025") in [c.value for c in at.caption]


def test_a_partial_january_shows_its_days_and_no_change(dashboard: Callable[..., AppTest]) -> None:
    at = _uploaded(dashboard, ends_on_6_january())
    at.selectbox(key="month").set_value("2026-01").run()
    _open(at, "overzicht.py")
    (row,) = scorecard_rows(at)
    assert row.note == "6 van 31 dagen"
    for label, cell in row.figures.items():
        assert cell.arrow is None, label
        assert t("overzicht.tip_partial", days=6, total=31) in cell.tooltip, label
        assert "jan 26*:" in cell.tooltip, label
    captions = "\n".join(c.value for c in at.caption)
    assert "Niet compleet in de export: januari 2026 (6 van 31 dagen)" in captions
    _open(at, "alarm112.py")
    assert at.metric
    for metric in at.metric:
        assert metric.delta == "6 van 31 dagen", (metric.label, metric.delta)
        assert "Van januari 2026 staan maar 6 van de 31 dagen in de export" in metric.help
        assert "niet met de maand ervoor vergeleken" in metric.help
    chart = next(iter(v for k, v in _specs(at).items() if k == "alarm_trend"))
    assert "circle-open" in chart, "the partial month is an open circle on the trend line"
    assert "jan 26*" in chart


def test_a_partial_month_has_no_arrow(dashboard: Callable[..., AppTest]) -> None:
    """The days under a partial month's figure are grey and carry no arrow (Streamlit's direction enum);
    in the Overzicht's scorecard no cell of the month has an arrow, and its trend chart marks the month."""
    from streamlit.proto.Metric_pb2 import Metric as MetricProto

    at = _uploaded(dashboard, ends_on_6_january())
    at.selectbox(key="month").set_value("2026-01").run()
    _open(at, "overzicht.py")
    assert not any(cell.arrow for row in scorecard_rows(at) for cell in row.figures.values())
    trend = _specs(at)["overview_trend"]
    assert "circle-open" in trend and "jan 26*" in trend
    _open(at, "alarm112.py")
    assert {m.proto.direction for m in at.metric} == {MetricProto.MetricDirection.NONE}
    assert {m.proto.color for m in at.metric} == {MetricProto.MetricColor.GRAY}


def test_december_after_a_complete_november_shows_its_changes(dashboard: Callable[..., AppTest]) -> None:
    at = _uploaded(dashboard, ends_on_6_january())
    _open(at, "overzicht.py")
    messages = cells_by_group(at)[GROUP][t("measures.messages.label")]
    assert (messages.value, messages.arrow) == ("55", DOWN), "55, one fewer than November"
    assert "nov 25: 56 · dec 25: 55" in messages.tooltip


# ---------------------------------------------------------------- an export that starts on 20 March


@pytest.mark.parametrize("period", ["maand", "reeks"])
def test_no_month_before_the_group_appears_on_any_page(
    dashboard: Callable[..., AppTest], period: str
) -> None:
    at = _uploaded(dashboard, starts_on_20_march())
    assert at.selectbox(key="month").value == "2026-06"
    if period == "reeks":
        at.segmented_control(key="period").set_value("reeks").run()
        at.select_slider(key="months").set_value(("2026-03", "2026-06")).run()
    for spec in PAGES:
        _open(at, spec.file)
        shown = _shown(at)
        for february in ("2026-02", "feb 26", "februari"):
            assert february not in shown, (spec.file, february)
    if period == "maand":
        assert at.selectbox(key="month").options[-1] == "maart 2026 (12 van 31 dagen)"


def test_an_unchanged_figure_has_no_arrow(dashboard: Callable[..., AppTest]) -> None:
    """June has as many incidents as May (4) and the same medians: no "+0", no arrow."""
    at = _uploaded(dashboard, starts_on_20_march())
    _open(at, "overzicht.py")
    shown = cells_by_group(at)[GROUP]
    for measure in ("incidents", "alarm_rate", "median_minutes_to_112", "median_minutes_to_reaction"):
        assert shown[t(f"measures.{measure}.label")].arrow is None, measure
    assert shown[t("measures.messages.label")].arrow == DOWN, "22 fewer messages"


# ---------------------------------------------------------------- the chosen period on every page


def _writers_and_hours(at: AppTest) -> tuple[dict[str, int], list[list[int]]]:
    """The "Wie schrijft het meest" bars ({member: messages}) and the heat map's weekday x hour counts."""
    specs = _specs(at)
    bars = json.loads(specs["writers"])["data"][0]
    heat = json.loads(specs["hours"])["data"][0]
    return dict(zip(_array(bars["y"]), _array(bars["x"]), strict=True)), _array(heat["z"])


def test_who_writes_most_and_the_hours_follow_the_chosen_month(dashboard: Callable[..., AppTest]) -> None:
    result = analysis.analyse(parsers.read_chat(starts_on_20_march(), name=NAME))
    at = _uploaded(dashboard, starts_on_20_march())
    at.toggle(key="privacy").set_value(False).run()  # compared with the members' real names
    shown = {}
    for month in ("2026-05", "2026-06"):
        at.selectbox(key="month").set_value(month).run()
        _open(at, "deelname.py")
        writers, hours = _writers_and_hours(at)
        messages = result.messages[result.messages["timestamp"].dt.strftime("%Y-%m") == month]
        written = messages[(messages["kind"] != "system") & messages["author"].notna()]
        counted = written["author"].value_counts().to_dict()
        assert len(writers) == min(20, len(counted)), month
        assert all(counted[member] == n for member, n in writers.items()), month
        left_out = [n for member, n in counted.items() if member not in writers]
        assert not left_out or min(writers.values()) >= max(left_out), "the members who wrote most"
        starts = result.incidents[result.incidents["start"].dt.strftime("%Y-%m") == month]["start"]
        expected = [[0] * 24 for _ in range(7)]
        for start in starts:
            expected[start.day_of_week][start.hour] += 1
        assert hours == expected, month
        shown[month] = (writers, hours)
    assert shown["2026-05"][0] != shown["2026-06"][0], "who writes most changes with the month"
    assert shown["2026-05"][1] != shown["2026-06"][1], "the hour heat map changes with the month"


def test_with_a_range_the_one_month_pages_follow_it(dashboard: Callable[..., AppTest]) -> None:
    result = analysis.analyse(parsers.read_chat(starts_on_20_march(), name=NAME))
    at = _uploaded(dashboard, starts_on_20_march())
    at.segmented_control(key="period").set_value("reeks").run()
    at.select_slider(key="months").set_value(("2026-04", "2026-05")).run()
    months = ["2026-04", "2026-05"]
    incidents = result.incidents[result.incidents["start"].dt.strftime("%Y-%m").isin(months)]
    rows = result.months[result.months["month"].isin(months)]
    figures = key_figures(incidents, rows)

    _open(at, "alarm112.py")
    assert "april 2026 t/m mei 2026" in at.caption[0].value
    shown = {m.label: m for m in at.metric}
    assert shown[t("measures.alarm_rate.label")].value == measure_value("alarm_rate", figures["alarm_rate"])
    assert all(m.delta == "" for m in at.metric), "a range is not compared"

    _open(at, "groepen.py")
    assert "april 2026 t/m mei 2026" in at.caption[0].value
    names = table("columns")
    groups = at.table[0].value  # a static table: its figures are written as on the Overzicht
    groups.index = [str(name).replace("\\", "") for name in groups[names["group"]]]
    row = groups.loc[GROUP]
    assert int(row[names["incidents"]]) == figures["incidents"] == 7
    assert int(row[names["messages"]]) == figures["messages"]
    assert int(row[names["covered_days"]]) == 30 + 31
    assert row[names["alarm_rate"]] == measure_value("alarm_rate", figures["alarm_rate"])
    assert row[names["median_minutes_to_reaction"]] == measure_value(
        "median_minutes_to_reaction", figures["median_minutes_to_reaction"]
    )

    _open(at, "deelname.py")  # two months: no lines through two dots, a sentence naming the range's months
    assert "members_trend" not in _specs(at)
    assert any("deze keuze heeft er 2 (april 2026, mei 2026)" in c.value for c in at.caption)
    at.select_slider(key="months").set_value(("2026-03", "2026-05")).run()
    _open(at, "deelname.py")
    months_shown = json.loads(_specs(at)["members_trend"])["layout"]["xaxis"]["categoryarray"]
    assert months_shown == ["2026-03", *months], "the monthly charts show the range"
