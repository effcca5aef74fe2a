"""The Overzicht as a scorecard: one row per group, one column per key figure of the month.

Each cell holds the group's figure from the analysis' month table (nothing is computed here), judged against
the group's own goal for it (its targets in "Spelregels en doelen per groep"):

- **green** when the goal is met, **amber** when it is missed by at most a quarter of the goal
  (``AMBER_MARGIN``: 5 to 6¼ minutes against a goal of 5, 60% to 80% against a goal of 80%), **red** beyond;
- no colour for a figure without a goal (messages, members) or a group that set none, or without a value.

Which way is better comes from ``formats.MEASURES`` (fewer minutes, a higher share). An arrow shows the
direction of the change against the previous month, only when the group's two months are both complete
(``analysis.coverage.comparable``) and the change shows as more than zero. Under the value a small picture
shows the last ``TREND_MONTHS`` months (an SVG ``data:`` URL: a line through the complete months, a partial
month an open circle that is not joined to the line, the goal a grey dashed line). The cell's tooltip
gives the goal and whether it is met, why there is no arrow when the month is not compared, and the
months' values.

Streamlit-free: the page passes the month rows (with their coverage) and the targets, and shows
``styler()`` with ``st.table`` (cells are markdown; group names are escaped).
"""

from __future__ import annotations

import base64
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

import pandas as pd
from pandas.io.formats.style import Styler

from analysis.coverage import comparable
from dashboard.formats import (
    MEASURES,
    escape_markdown,
    finite,
    measure_label,
    measure_value,
    month_label,
    short_month_label,
    shown_change,
    shown_number,
)
from dashboard.texts import t
from dashboard.view import months_back, previous_month

#: The key figures of the monthly review, in screen order (the Groepen table starts with them too).
REVIEW_FIGURES = (
    "messages",
    "incidents",
    "alarm_rate",
    "saar_order_rate",
    "median_minutes_to_112",
    "median_minutes_to_reaction",
    "violations_per_100",
)
#: The scorecard's columns, in screen order.
SHOWN = (*REVIEW_FIGURES, "active_members")
#: Months in a cell's trend line, the shown month included.
TREND_MONTHS = 6
#: A goal missed by at most this share of the goal is amber, beyond it red.
AMBER_MARGIN = 0.25
#: The target (key of ``View.targets[group]``) each measure is judged against. Shares are fractions (0..1).
GOALS: dict[str, str] = {
    "alarm_rate": "alarm_rate",
    "saar_order_rate": "saar_order_rate",
    "median_minutes_to_112": "minutes_to_112",
    "median_minutes_to_reaction": "minutes_to_reaction",
    "median_minutes_to_closure": "minutes_to_closure",
    "violations_per_100": "violations_per_100",
}
#: The trend picture under each value, in pixels.
SPARK_WIDTH, SPARK_HEIGHT, SPARK_PAD = 76, 22, 3
LINE_COLOUR = "#2f6f8f"  # the dashboard's first chart colour
GOAL_COLOUR = "#6b6b6b"
UP, DOWN = "↑", "↓"


class Status(StrEnum):
    MET = "met"
    NEAR = "near"
    MISSED = "missed"


#: Cell backgrounds: light enough for dark text, and different in lightness as well as hue.
COLOURS: dict[Status, str] = {Status.MET: "#d3ebd0", Status.NEAR: "#fbe2ad", Status.MISSED: "#f3bcb3"}
TEXT_COLOUR = "#1f2a33"
#: The tooltip's look (pandas writes it as CSS; Streamlit's table shows it on hover). The table's scroll box
#: clips anything outside it, so the tooltip sits beside the hovered cell, its bottom on the row's bottom:
#: it fits above even the first row of a one-row table, and never covers the figure it explains.
TOOLTIP_CSS = (
    "visibility: hidden; position: absolute; z-index: 20; bottom: 0; left: 100%; width: max-content;"
    " max-width: 24rem; white-space: pre-line; background-color: #1f2a33; color: #ffffff;"
    " padding: 0.35rem 0.6rem; border-radius: 0.4rem; font-size: 0.8rem; line-height: 1.35;"
    " font-weight: normal; text-align: left; box-shadow: 0 2px 6px rgba(0, 0, 0, 0.25)"
)


# ---------------------------------------------------------------- judging one figure


def better(measure: str) -> str | None:
    """ "higher" or "lower": which way the measure is better; None when neither is (messages, incidents)."""
    return {"normal": "higher", "inverse": "lower"}.get(MEASURES[measure][1])


def goal_of(measure: str, targets: Mapping[str, float] | None) -> float | None:
    """The group's goal for ``measure``; None when the measure has no goal or the group set none."""
    key = GOALS.get(measure)
    if key is None or targets is None or better(measure) is None:
        return None
    goal = targets.get(key)
    return float(goal) if finite(goal) else None


def goal_status(measure: str, value: object, goal: float | None) -> Status | None:
    """Met, near (missed by at most ``AMBER_MARGIN`` of the goal) or missed; None without goal or value.
    The value is judged as it is shown (``shown_number``): "5 min" meets a goal of 5 minutes."""
    direction = better(measure)
    if goal is None or direction is None or not finite(value):
        return None
    shown = shown_number(measure, float(value))  # type: ignore[arg-type]
    shortfall = (goal - shown) if direction == "higher" else (shown - goal)
    if shortfall <= 0:
        return Status.MET
    return Status.NEAR if shortfall <= AMBER_MARGIN * abs(goal) + 1e-9 else Status.MISSED


def trend_points(
    values: Sequence[float | None], goal: float | None = None, *, top: float | None = None
) -> tuple[list[tuple[float, float] | None], float | None]:
    """Where the months' values (None: no value) and the goal sit in the trend picture: (x, y) in pixels,
    y downwards, on a scale from zero (or a lower value) to the highest of the values, the goal and
    ``top`` (1 for shares), so a small change looks small. Returns the points and the goal's y."""
    known = [float(v) for v in values if finite(v)]  # type: ignore[arg-type]
    extra = [v for v in (goal, top) if v is not None]
    low, high = min(0.0, *known, *extra), max([*known, *extra], default=0.0)
    span = high - low or 1.0
    inner_w, inner_h = SPARK_WIDTH - 2 * SPARK_PAD, SPARK_HEIGHT - 2 * SPARK_PAD
    step = inner_w / max(len(values) - 1, 1)

    def y(value: float) -> float:
        return round(SPARK_PAD + inner_h * (1 - (value - low) / span), 1)

    points = [
        (round(SPARK_PAD + i * step, 1), y(float(v))) if finite(v) else None  # type: ignore[arg-type]
        for i, v in enumerate(values)
    ]
    return points, None if goal is None else y(goal)


def sparkline(
    values: Sequence[float | None],
    partial: Sequence[bool],
    goal: float | None = None,
    *,
    top: float | None = None,
) -> str | None:
    """A small line of the months' values as an SVG ``data:`` URL (nothing is fetched): complete months
    joined by a line, a partial month an open circle on its own (shown, not compared), the last month a
    dot, the goal a grey dashed line. None when fewer than two months have a value: one value is no trend."""
    if sum(finite(v) for v in values) < 2:
        return None
    points, goal_y = trend_points(values, goal, top=top)
    parts = []
    if goal_y is not None:
        parts.append(
            f'<line x1="0" y1="{goal_y}" x2="{SPARK_WIDTH}" y2="{goal_y}" stroke="{GOAL_COLOUR}"'
            ' stroke-width="1" stroke-dasharray="3 2"/>'
        )
    run: list[tuple[float, float]] = []
    for point, is_partial in [*zip(points, partial, strict=True), (None, False)]:
        if point is not None and not is_partial:
            run.append(point)
            continue
        if len(run) > 1:
            line = " ".join(f"{x},{y}" for x, y in run)
            parts.append(f'<polyline fill="none" stroke="{LINE_COLOUR}" stroke-width="1.5" points="{line}"/>')
        elif run:
            x, y = run[0]
            parts.append(f'<circle cx="{x}" cy="{y}" r="1.5" fill="{LINE_COLOUR}"/>')
        run = []
        if point is not None:  # a partial month
            x, y = point
            parts.append(
                f'<circle cx="{x}" cy="{y}" r="2.2" fill="none" stroke="{LINE_COLOUR}" stroke-width="1.2"/>'
            )
    last = points[-1]
    if last is not None and not partial[-1]:
        parts.append(f'<circle cx="{last[0]}" cy="{last[1]}" r="2.2" fill="{LINE_COLOUR}"/>')
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{SPARK_WIDTH}" height="{SPARK_HEIGHT}"'
        f' viewBox="0 0 {SPARK_WIDTH} {SPARK_HEIGHT}">{"".join(parts)}</svg>'
    )
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("ascii")).decode("ascii")


# ---------------------------------------------------------------- the scorecard's data


@dataclass(frozen=True)
class Cell:
    measure: str
    value: float | None
    goal: float | None
    status: Status | None
    #: the change against the previous month as shown ("+3"); None when not compared or unchanged
    change: str | None
    arrow: str | None  # UP, DOWN or None
    previous: float | None  # the previous month's value, when compared
    #: (month, value, partial) of the months up to the shown one, oldest first, within the group's export
    trend: tuple[tuple[str, float | None, bool], ...]

    @property
    def trend_picture(self) -> str | None:
        """The trend as an SVG ``data:`` URL (``sparkline``); None with fewer than two values."""
        top = 1.0 if MEASURES[self.measure][0] == "percent" else None
        values = [value for _, value, _ in self.trend]
        return sparkline(values, [partial for _, _, partial in self.trend], self.goal, top=top)


@dataclass(frozen=True)
class GroupRow:
    group: str
    month: str
    previous_month: str
    has_month: bool  # the month table has a row for this group and month
    partial: bool
    covered_days: int
    days_in_month: int
    compared: bool  # the month and the one before are both complete for this group
    cells: tuple[Cell, ...]


def _value(row: pd.Series | None, measure: str) -> float | None:
    if row is None:
        return None
    value = row.get(measure)
    return float(value) if finite(value) else None


def build(
    rows: pd.DataFrame,
    coverage: pd.DataFrame,
    groups: Iterable[str],
    month: str,
    targets: Mapping[str, Mapping[str, float]],
    measures: Sequence[str] = SHOWN,
    trend_months: int = TREND_MONTHS,
) -> list[GroupRow]:
    """One ``GroupRow`` per group for ``month``.

    ``rows`` are month rows with their coverage columns (``View.month_rows``) of at least the trend months
    up to ``month``; ``coverage`` is the analysis' coverage table; ``targets`` the goals per group."""
    window = months_back(month, trend_months)
    previous = previous_month(month)
    out = []
    for group in groups:
        own = rows[rows["group"] == group].drop_duplicates("month").set_index("month")
        row = own.loc[month] if month in own.index else None
        before = own.loc[previous] if previous in own.index else None
        compared = row is not None and before is not None and comparable(coverage, month, previous, [group])
        partial = row is not None and bool(row.get("partial", False))
        shown = [m for m in window if m in own.index]
        cells = []
        for measure in measures:
            value, earlier = _value(row, measure), _value(before, measure)
            goal = goal_of(measure, targets.get(group))
            change = shown_change(measure, value, earlier) if compared else None
            arrow = None if change is None else (UP if value > earlier else DOWN)  # type: ignore[operator]
            trend = tuple(
                (m, _value(own.loc[m], measure), bool(own.loc[m].get("partial", False))) for m in shown
            )
            cells.append(
                Cell(
                    measure=measure,
                    value=value,
                    goal=goal,
                    status=goal_status(measure, value, goal),
                    change=change,
                    arrow=arrow,
                    previous=earlier if compared else None,
                    trend=trend,
                )
            )
        out.append(
            GroupRow(
                group=group,
                month=month,
                previous_month=previous,
                has_month=row is not None,
                partial=partial,
                covered_days=int(row.get("covered_days", 0)) if partial else 0,  # type: ignore[union-attr]
                days_in_month=int(row.get("days_in_month", 0)) if partial else 0,  # type: ignore[union-attr]
                compared=compared,
                cells=tuple(cells),
            )
        )
    return out


# ---------------------------------------------------------------- how it is shown


def cell_text(cell: Cell) -> str:
    """The cell as markdown: the value with its arrow, and under it the picture of the last months."""
    text = measure_value(cell.measure, cell.value)
    if cell.arrow:
        text += f" {cell.arrow}"
    picture = cell.trend_picture
    return f"{text}  \n![{t('overzicht.trend_picture')}]({picture})" if picture else text


def group_text(row: GroupRow) -> str:
    """The group's name (escaped: members can rename a group) and, under it, why its row is special."""
    name = escape_markdown(row.group)
    if not row.has_month:
        return f"{name}  \n:gray[{t('overzicht.card_no_month')}]"
    if row.partial:
        days = t("coverage.days", days=row.covered_days, total=row.days_in_month)
        return f"{name}  \n:gray[{days}]"
    return name


def _goal_line(cell: Cell) -> str | None:
    if cell.measure not in GOALS or better(cell.measure) is None:
        return None
    if cell.goal is None:
        return t("overzicht.tip_no_goal")
    goal = measure_value(cell.measure, cell.goal)
    wording = t(f"overzicht.tip_goal_{better(cell.measure)}", goal=goal)
    if cell.status is None:
        return f"{wording}."
    return t("overzicht.tip_goal_status", goal=wording, status=t(f"overzicht.status_{cell.status}"))


def _comparison_line(row: GroupRow) -> str | None:
    """Why the cell has no arrow, when it is not about an unchanged figure."""
    if not row.has_month:
        return None
    if row.partial:
        return t("overzicht.tip_partial", days=row.covered_days, total=row.days_in_month)
    if not row.compared:
        return t("overzicht.tip_not_compared", month=month_label(row.previous_month))
    return None


def _trend_line(cell: Cell) -> str | None:
    if len(cell.trend) < 2:
        return None
    months = " · ".join(
        f"{short_month_label(m)}{'*' if partial else ''}: {measure_value(cell.measure, value)}"
        for m, value, partial in cell.trend
    )
    note = t("overzicht.tip_trend_partial") if any(partial for _, _, partial in cell.trend) else ""
    return t("overzicht.tip_trend", months=months) + note


def tooltip(row: GroupRow, cell: Cell) -> str:
    """What hovering a cell tells: the goal and whether it is met, why there is no comparison (when there
    is none), and the last months' values."""
    lines = [_goal_line(cell), _comparison_line(row), _trend_line(cell)]
    return "\n".join(line for line in lines if line)


def _css_string(text: str) -> str:
    """Text for a CSS ``content: "..."`` string (pandas writes it between double quotes unescaped)."""
    cleaned = text.replace("\\", "/").replace('"', "'").replace("<", "‹").replace(">", "›")
    return cleaned.replace("\n", "\\A ")


def frame(card: Sequence[GroupRow]) -> pd.DataFrame:
    """The scorecard as text: a column with the groups, then one column per measure."""
    if not card:
        return pd.DataFrame(columns=[t("overzicht.group")])
    measures = [cell.measure for cell in card[0].cells]
    data = {t("overzicht.group"): [group_text(row) for row in card]}
    for index, measure in enumerate(measures):
        data[measure_label(measure)] = [cell_text(row.cells[index]) for row in card]
    return pd.DataFrame(data)


def styler(card: Sequence[GroupRow]) -> Styler:
    """The scorecard for ``st.table``: cell colours against the goals, a tooltip per figure."""
    data = frame(card)
    colours = pd.DataFrame("", index=data.index, columns=data.columns)
    tips = pd.DataFrame("", index=data.index, columns=data.columns)
    for i, row in enumerate(card):
        for j, cell in enumerate(row.cells, start=1):
            if cell.status is not None:
                colours.iat[i, j] = f"background-color: {COLOURS[cell.status]}; color: {TEXT_COLOUR}"
            tips.iat[i, j] = _css_string(tooltip(row, cell))
    layout = [
        {"selector": "td", "props": "position: relative"},
        {"selector": "td:not(.col0) p", "props": "white-space: nowrap"},  # "2,2 min ↑" on one line
    ] + [
        {"selector": f"td.col{j} .pd-t", "props": "left: auto; right: 100%"}
        for j in range(len(data.columns) // 2 + 1, len(data.columns))
    ]
    return (
        data.style.apply(lambda _: colours, axis=None)
        .set_tooltips(tips, props=TOOLTIP_CSS)
        .set_table_styles(layout, overwrite=False)
    )


def legend() -> Styler:
    """One row that shows what the colours mean, in the scorecard's own colours."""
    labels = [t(f"overzicht.legend_{status}") for status in Status] + [t("overzicht.legend_none")]
    data = pd.DataFrame([labels])
    colours = pd.DataFrame([[f"background-color: {COLOURS[s]}; color: {TEXT_COLOUR}" for s in Status] + [""]])
    return data.style.apply(lambda _: colours, axis=None)
