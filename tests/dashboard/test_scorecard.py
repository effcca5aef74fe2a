"""The Overzicht's scorecard without Streamlit: colours against each group's goals, which way is better per
figure, arrows only between complete months, the last months per cell, and what the table shows."""

from __future__ import annotations

import base64
import math
import re

import pandas as pd
import pytest

from dashboard import scorecard
from dashboard.formats import measure_value, shown_number
from dashboard.scorecard import Status, build, goal_of, goal_status, sparkline, trend_points
from dashboard.texts import t

MINUTES = {"minutes_to_112": 5.0, "minutes_to_reaction": 10.0, "minutes_to_closure": 60.0}


# ---------------------------------------------------------------- a figure against its goal


@pytest.mark.parametrize(
    ("value", "status"),
    [(3.0, Status.MET), (5.0, Status.MET), (5.5, Status.NEAR), (6.25, Status.NEAR), (6.3, Status.MISSED)],
)
def test_fewer_minutes_are_better(value: float, status: Status) -> None:
    """Goal 5 min: 5 or less is met, up to a quarter over (6¼) amber, beyond red."""
    assert goal_status("median_minutes_to_112", value, 5.0) is status


@pytest.mark.parametrize(
    ("value", "status"),
    [(0.9, Status.MET), (0.8, Status.MET), (0.7, Status.NEAR), (0.6, Status.NEAR), (0.59, Status.MISSED)],
)
def test_a_higher_share_is_better(value: float, status: Status) -> None:
    """Goal 80%: 80% or more is met, down to 60% (a quarter of the goal below) amber, lower red."""
    assert goal_status("alarm_rate", value, 0.8) is status


def test_a_figure_is_judged_as_it_is_shown() -> None:
    """A median of 5,04 minutes reads "5,0 min" and meets a goal of 5; 79,6% reads "80%" and meets 80%."""
    assert measure_value("median_minutes_to_112", 5.04) == "5,0 min"
    assert goal_status("median_minutes_to_112", 5.04, 5.0) is Status.MET
    assert goal_status("median_minutes_to_112", 5.06, 5.0) is Status.NEAR
    assert goal_status("alarm_rate", 0.796, 0.8) is Status.MET
    assert measure_value("alarm_rate", 0.796) == "80%"
    assert shown_number("median_minutes_to_112", 12.4) == 12.0
    assert shown_number("violations_per_100", 3.14) == 3.1


def test_fewer_violations_are_better() -> None:
    assert goal_status("violations_per_100", 8.0, 10.0) is Status.MET
    assert goal_status("violations_per_100", 12.0, 10.0) is Status.NEAR
    assert goal_status("violations_per_100", 20.0, 10.0) is Status.MISSED


def test_no_goal_or_no_value_is_no_colour() -> None:
    assert goal_status("median_minutes_to_112", 3.0, None) is None
    assert goal_status("median_minutes_to_112", math.nan, 5.0) is None
    assert goal_status("alarm_rate", None, 0.8) is None
    assert goal_status("messages", 40.0, 30.0) is None, "more messages is neither better nor worse"


def test_goals_come_from_the_groups_targets() -> None:
    targets = {**MINUTES, "alarm_rate": 0.75}
    assert goal_of("median_minutes_to_112", targets) == 5.0
    assert goal_of("median_minutes_to_reaction", targets) == 10.0
    assert goal_of("alarm_rate", targets) == 0.75
    assert goal_of("saar_order_rate", targets) is None, "a goal the group did not set"
    assert goal_of("messages", targets) is None, "a figure without goals"
    assert goal_of("median_minutes_to_112", None) is None


def test_a_zero_goal_allows_nothing_over_it() -> None:
    assert goal_status("violations_per_100", 0.0, 0.0) is Status.MET
    assert goal_status("violations_per_100", 0.1, 0.0) is Status.MISSED


# ---------------------------------------------------------------- the scorecard's rows

MONTHS = ("2026-04", "2026-05", "2026-06", "2026-07")


def _rows(
    values: dict[str, dict[str, list[float]]], partial: dict[tuple[str, str], int] | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Month rows with coverage and the coverage table for groups -> measure -> one value per month of
    MONTHS; ``partial`` gives the covered days of a partial (group, month)."""
    partial = partial or {}
    records, cover = [], []
    for group, measures in values.items():
        for i, month in enumerate(MONTHS):
            days = pd.Period(month, freq="M").days_in_month
            covered = partial.get((group, month), days)
            first = pd.Timestamp(f"{month}-01")
            row = {"group": group, "month": month, **{m: v[i] for m, v in measures.items()}}
            coverage = {
                "group": group,
                "month": month,
                "covered_from": first,
                "covered_to": first + pd.Timedelta(days=covered - 1),
                "covered_days": covered,
                "days_in_month": days,
                "partial": covered < days,
            }
            records.append({**row, **{k: v for k, v in coverage.items() if k not in row}})
            cover.append(coverage)
    return pd.DataFrame(records), pd.DataFrame(cover)


def _card(values: dict, targets: dict | None = None, month: str = "2026-07", partial=None, measures=None):
    rows, cover = _rows(values, partial)
    return build(
        rows,
        cover,
        list(values),
        month,
        targets if targets is not None else {group: MINUTES for group in values},
        measures=measures or tuple(next(iter(values.values()))),
    )


def test_one_row_per_group_with_its_own_figures_and_goals() -> None:
    card = _card(
        {
            "Noord": {"median_minutes_to_112": [4, 4, 4, 3], "messages": [10, 20, 30, 40]},
            "Zuid": {"median_minutes_to_112": [4, 4, 4, 9], "messages": [10, 20, 30, 25]},
        },
        targets={"Noord": MINUTES, "Zuid": {**MINUTES, "minutes_to_112": 10.0}},
    )
    assert [row.group for row in card] == ["Noord", "Zuid"]
    noord, zuid = ({cell.measure: cell for cell in row.cells} for row in card)
    assert noord["median_minutes_to_112"].value == 3 and noord["median_minutes_to_112"].status is Status.MET
    assert zuid["median_minutes_to_112"].goal == 10.0, "each group against its own goal"
    assert zuid["median_minutes_to_112"].status is Status.MET
    assert noord["messages"].status is None and noord["messages"].goal is None


def test_the_arrow_follows_the_change_and_an_unchanged_figure_has_none() -> None:
    values = {"incidents": [1, 2, 3, 5], "median_minutes_to_112": [4, 4, 6, 2], "leaves": [1, 1, 1, 1]}
    card = _card({"Noord": values})
    cells = {cell.measure: cell for cell in card[0].cells}
    assert (cells["incidents"].arrow, cells["incidents"].change) == (scorecard.UP, "+2")
    assert cells["median_minutes_to_112"].arrow == scorecard.DOWN
    assert cells["leaves"].arrow is None and cells["leaves"].change is None, "unchanged: no arrow"
    assert card[0].compared


def test_a_change_that_shows_as_zero_has_no_arrow() -> None:
    card = _card({"Noord": {"median_minutes_to_112": [4, 4, 4.2, 4.4]}})
    assert card[0].cells[0].arrow is None, "4,2 -> 4,4 min shows as '+0 min': no arrow"


def test_a_partial_month_and_the_month_after_one_are_not_compared() -> None:
    values = {"Noord": {"incidents": [1, 2, 3, 5]}}
    partial_now = _card(values, partial={("Noord", "2026-07"): 6})
    assert partial_now[0].partial and not partial_now[0].compared
    assert (partial_now[0].covered_days, partial_now[0].days_in_month) == (6, 31)
    assert partial_now[0].cells[0].arrow is None and partial_now[0].cells[0].change is None
    after_partial = _card(values, partial={("Noord", "2026-06"): 20})
    assert not after_partial[0].partial and not after_partial[0].compared
    assert after_partial[0].cells[0].arrow is None


def test_the_first_month_of_a_group_is_not_compared() -> None:
    card = _card({"Noord": {"incidents": [1, 2, 3, 5]}}, month="2026-04")
    assert card[0].has_month and not card[0].compared and card[0].cells[0].arrow is None


def test_a_group_without_the_month_gets_a_row_of_dashes() -> None:
    rows, cover = _rows({"Noord": {"incidents": [1, 2, 3, 5]}})
    card = build(rows, cover, ["Noord", "Oost"], "2026-07", {}, measures=("incidents",))
    oost = card[1]
    assert not oost.has_month and oost.cells[0].value is None
    shown = scorecard.frame(card)
    assert shown.iloc[1, 1] == "–"
    assert t("overzicht.card_no_month") in shown.iloc[1, 0]


def test_the_trend_holds_the_last_months_oldest_first_with_partial_marked() -> None:
    card = _card({"Noord": {"incidents": [1, 2, 3, 5]}}, partial={("Noord", "2026-04"): 12})
    assert card[0].cells[0].trend == (
        ("2026-04", 1.0, True),
        ("2026-05", 2.0, False),
        ("2026-06", 3.0, False),
        ("2026-07", 5.0, False),
    )
    card = _card({"Noord": {"incidents": [1, 2, 3, 5]}}, month="2026-05")
    shown = [month for month, _, _ in card[0].cells[0].trend]
    assert shown == ["2026-04", "2026-05"], "nothing after the month"


def test_the_trend_is_at_most_trend_months_long() -> None:
    months = [f"2025-{m:02d}" for m in range(1, 13)]
    rows, cover = _rows({"Noord": {"incidents": [1, 2, 3, 5]}})
    long = pd.concat([rows.assign(month=m) for m in months]).drop_duplicates("month")
    card = build(long, cover, ["Noord"], "2025-12", {}, measures=("incidents",))
    assert [m for m, _, _ in card[0].cells[0].trend] == months[-scorecard.TREND_MONTHS :]


# ---------------------------------------------------------------- the small trend picture


def _svg(url: str) -> str:
    assert url.startswith("data:image/svg+xml;base64,")
    return base64.b64decode(url.split(",", 1)[1]).decode("ascii")


def test_a_higher_value_is_drawn_higher_from_a_zero_baseline() -> None:
    points, goal_y = trend_points([10.0, 20.0, 15.0], goal=25.0)
    ys = [p[1] for p in points]  # type: ignore[index]
    assert ys[1] < ys[2] < ys[0], "y grows downwards"
    assert goal_y is not None and goal_y < ys[1], "the goal is the highest here"
    low, _ = trend_points([0.0, 10.0])
    assert low[0][1] == scorecard.SPARK_HEIGHT - scorecard.SPARK_PAD  # type: ignore[index]


def test_shares_are_drawn_on_a_scale_to_100_percent() -> None:
    points, _ = trend_points([0.5, 0.5], top=1.0)
    middle = scorecard.SPARK_PAD + (scorecard.SPARK_HEIGHT - 2 * scorecard.SPARK_PAD) / 2
    assert points[0][1] == pytest.approx(middle, abs=0.1)  # type: ignore[index]


def test_one_value_is_no_trend() -> None:
    assert sparkline([3.0], [False]) is None
    assert sparkline([None, 3.0, math.nan], [False, False, False]) is None


def test_a_partial_month_is_an_open_circle_off_the_line_and_the_goal_dashed() -> None:
    svg = _svg(sparkline([1.0, 2.0, 3.0, 4.0], [True, False, False, False], goal=5.0))  # type: ignore[arg-type]
    polyline = re.search(r'points="([^"]+)"', svg)
    assert polyline is not None and len(polyline.group(1).split()) == 3, "only the complete months joined"
    assert 'fill="none" stroke=' in svg.split("<polyline")[0], "the partial month: an open circle"
    assert "stroke-dasharray" in svg, "the goal"
    assert "<text" not in svg


def test_no_goal_no_goal_line() -> None:
    assert "stroke-dasharray" not in _svg(sparkline([1.0, 2.0], [False, False]))  # type: ignore[arg-type]


# ---------------------------------------------------------------- what the table shows


def test_cells_show_the_value_the_arrow_and_the_trend_picture() -> None:
    card = _card({"Noord": {"median_minutes_to_112": [4, 4, 6, 2.5]}})
    text = scorecard.cell_text(card[0].cells[0])
    first, second = text.split("  \n")
    assert first == f"{measure_value('median_minutes_to_112', 2.5)} {scorecard.DOWN}" == "2,5 min ↓"
    assert second.startswith(f"![{t('overzicht.trend_picture')}](data:image/svg+xml;base64,")


def test_group_names_are_text_not_markdown() -> None:
    card = _card({"**Noord** [x](http://e.org)": {"incidents": [1, 2, 3, 5]}})
    name = scorecard.frame(card).iloc[0, 0]
    assert "\\*\\*Noord\\*\\*" in name and "\\[x\\]" in name


def test_a_partial_month_says_its_days_under_the_group() -> None:
    card = _card({"Noord": {"incidents": [1, 2, 3, 5]}}, partial={("Noord", "2026-07"): 6})
    assert scorecard.frame(card).iloc[0, 0].endswith(":gray[6 van 31 dagen]")
    assert scorecard.UP not in scorecard.frame(card).iloc[0, 1]


def test_the_tooltip_says_the_goal_whether_it_is_met_and_the_months() -> None:
    card = _card({"Noord": {"median_minutes_to_112": [4, 4, 6, 5.5], "alarm_rate": [1, 1, 0.5, 0.5]}})
    row = card[0]
    minutes, share = row.cells
    tip = scorecard.tooltip(row, minutes)
    assert t("overzicht.tip_goal_lower", goal="5 min") in tip
    assert t("overzicht.status_near") in tip
    assert "jun 26: 6 min · jul 26: 5,5 min" in tip
    assert t("overzicht.tip_no_goal") in scorecard.tooltip(row, share)


def test_the_tooltip_says_why_a_partial_month_has_no_arrow() -> None:
    card = _card({"Noord": {"incidents": [1, 2, 3, 5]}}, partial={("Noord", "2026-07"): 6})
    tip = scorecard.tooltip(card[0], card[0].cells[0])
    assert t("overzicht.tip_partial", days=6, total=31) in tip
    assert "jul 26*: 5" in tip


def test_tooltips_are_safe_css_strings() -> None:
    assert scorecard._css_string('a "b" \\ <c>\nd') == "a 'b' / ‹c›\\A d"


def test_the_styler_colours_cells_against_goals_only() -> None:
    card = _card(
        {
            "Noord": {"median_minutes_to_112": [4, 4, 4, 3], "messages": [1, 2, 3, 4]},
            "Zuid": {"median_minutes_to_112": [4, 4, 4, 30], "messages": [1, 2, 3, 4]},
        }
    )
    css = scorecard.styler(card).to_html()
    assert scorecard.COLOURS[Status.MET] in css and scorecard.COLOURS[Status.MISSED] in css
    assert scorecard.COLOURS[Status.NEAR] not in css
    html = re.sub(r"\s+", " ", css)
    assert "Doel: hoogstens 5 min, gehaald." in html


def test_every_text_built_at_run_time_exists() -> None:
    for status in Status:
        assert t(f"overzicht.status_{status}") and t(f"overzicht.legend_{status}")
    for direction in ("higher", "lower"):
        assert t(f"overzicht.tip_goal_{direction}", goal="x")
    assert t("overzicht.summary_explain_one") and t("overzicht.trend_explain_one", measure="x", window="y")
    assert set(scorecard.GOALS) <= set(scorecard.MEASURES)
    assert all(scorecard.better(measure) for measure in scorecard.GOALS), "a goal needs a better direction"
