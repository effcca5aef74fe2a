"""Charts several pages share; data is counted or picked per month before it reaches Plotly."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from dashboard import display
from dashboard.texts import t

#: Edges (minutes) of the response-time distribution; the group's target is added as an extra edge.
DURATION_EDGES = (0.0, 1.0, 2.0, 5.0, 10.0, 15.0, 30.0, 60.0, 120.0, 240.0)


def _edge_label(low: float, high: float) -> str:
    def short(value: float) -> str:
        return f"{value:g}".replace(".", ",")

    if math.isinf(high):
        return t("charts.more_than", value=short(low))
    return f"{short(low)}–{short(high)}"


def duration_bins(durations: pd.Series, groups: pd.Series, target: float | None) -> pd.DataFrame:
    """Incidents per duration bin and group, each bin marked as within or over the target."""
    edges = sorted({*DURATION_EDGES, *((target,) if target and target > 0 else ())}) + [math.inf]
    known = durations.notna()
    binned = pd.cut(durations[known], edges, right=True, include_lowest=True)
    counts = (
        pd.DataFrame({"bin": binned, "group": groups[known]})
        .groupby(["bin", "group"], observed=False)
        .size()
        .rename("incidents")
        .reset_index()
    )
    counts["label"] = counts["bin"].map(lambda b: _edge_label(b.left if b.left > 0 else 0.0, b.right))
    counts["within"] = counts["bin"].map(lambda b: target is None or b.right <= target)
    counts["status"] = counts["within"].map({True: t("charts.within"), False: t("charts.over")})
    return counts


def monthly_totals(
    rows: pd.DataFrame, columns: Sequence[str], names: Mapping[str, str], *, var_name: str, value_name: str
) -> pd.DataFrame:
    """Counts of ``columns`` in month rows summed over the groups, per month, in long form for one bar per
    column and month: ``var_name`` holds the column's name from ``names``, ``value_name`` its total, and
    ``partial`` is true when the month is partial for any group, so ``mark_partial`` can pale its bars."""
    totals = rows.groupby("month")[[*columns, "partial"]].agg(
        {**dict.fromkeys(columns, "sum"), "partial": "any"}
    )
    long = totals.reset_index().melt(id_vars=["month", "partial"], var_name=var_name, value_name=value_name)
    long[var_name] = long[var_name].map(names)
    return long


def weekday_hour_grid(hours: pd.DataFrame) -> pd.DataFrame:
    """Incident starts per weekday (rows, 0 = Monday) and hour (columns 0-23) summed over the groups of
    ``hours`` (``View.signal_hours``): the heat map's cells, all 7 x 24 of them, zeros included."""
    grid = hours.pivot_table(index="weekday", columns="hour", values="signals", aggfunc="sum", fill_value=0)
    return grid.reindex(index=range(7), columns=range(24), fill_value=0)


def _facets(groups: Sequence[str], columns: int, *, gap: int = 70) -> dict[str, object]:
    """Plotly Express arguments for one small chart per group (``columns`` a row), and the figure's height:
    several groups are small multiples, never a line or hatch pattern per group in one chart. ``gap``: pixels
    between rows, for the x labels and the next chart's title."""
    if len(groups) < 2:
        return {"height": 340}
    columns = min(columns, len(groups))
    rows = math.ceil(len(groups) / columns)
    height = 110 + 200 * rows + gap * (rows - 1)
    return {
        "facet_col": "group",
        "facet_col_wrap": columns,
        "facet_row_spacing": gap / height,
        "facet_col_spacing": 0.06,
        "category_orders": {"group": list(groups)},
        "height": height,
    }


def _facet_titles(fig: go.Figure) -> None:
    """A small chart's title is its group's name, not "group=..."; every chart has its own x labels."""
    fig.for_each_annotation(lambda note: note.update(text=note.text.split("=", 1)[-1]))
    fig.update_xaxes(showticklabels=True)


def _legend_above(fig: go.Figure, height: int) -> None:
    """With small multiples the legend goes above the first row's titles, not over them."""
    fig.update_layout(margin={"t": 70}, legend={"y": 1 + 40 / (height - 80), "yanchor": "bottom"})


def duration_histogram(counts: pd.DataFrame, x_title: str, *, columns: int = 3) -> go.Figure:
    """Incidents per duration bin, green within the target and orange over it; one small chart per group."""
    order = list(dict.fromkeys(counts["label"]))
    data = display.escape_chart_text(counts)
    facets = _facets(list(dict.fromkeys(data["group"])), columns, gap=120)  # room for slanted labels
    height = facets.pop("height")
    orders = {"label": order, "status": [t("charts.within"), t("charts.over")]}
    orders.update(facets.pop("category_orders", {}))  # type: ignore[arg-type]
    fig = px.bar(
        data,
        x="label",
        y="incidents",
        color="status",
        category_orders=orders,
        color_discrete_map={t("charts.within"): display.PALETTE[2], t("charts.over"): display.PALETTE[1]},
        **facets,  # type: ignore[arg-type]
    )
    _facet_titles(fig)
    display.style(fig, height=height, y_title=t("charts.incidents"), x_title=x_title)
    if "facet_col" in facets:
        fig.update_xaxes(title=None, tickangle=-45)
        fig.update_yaxes(title=None)
        _legend_above(fig, height)
    return fig


PARTIAL_SYMBOL = "circle-open"
PARTIAL_OPACITY = 0.45


def with_partial(rows: pd.DataFrame) -> pd.DataFrame:
    """``rows`` with a ``partial`` column (month rows of ``View`` have it; other frames: no partial month)."""
    return rows if "partial" in rows.columns else rows.assign(partial=False)


def partial_months(rows: pd.DataFrame) -> list[str]:
    """The months of ``rows`` that are partial for any of their groups."""
    rows = with_partial(rows)
    return sorted(set(rows.loc[rows["partial"].to_numpy(bool), "month"]))


def mark_partial(fig: go.Figure) -> go.Figure:
    """Points of a partial month (``custom_data`` starts with ``partial``) as open circles, bars paler.

    The values stay on their line or bar: a short month is shown, marked, and never compared."""
    for trace in fig.data:
        flags = [bool(point[0]) for point in (trace.customdata if trace.customdata is not None else ())]
        if not any(flags):
            continue
        if trace.type == "bar":
            trace.marker.opacity = [PARTIAL_OPACITY if flag else 1.0 for flag in flags]
        else:
            trace.marker.symbol = [PARTIAL_SYMBOL if flag else "circle" for flag in flags]
            trace.marker.size = [11 if flag else 6 for flag in flags]
    return fig


def monthly_lines(
    rows: pd.DataFrame,
    measures: Sequence[str],
    window: Sequence[str],
    *,
    percent: bool = False,
    y_title: str = "",
    columns: int = 3,
) -> go.Figure:
    """A line per measure over the months of ``window``; with several groups one small chart per group
    (``columns`` a row, one y axis from zero), never a line per group and measure in one chart. Partial months
    are open circles."""
    long = display.escape_chart_text(with_partial(rows)).melt(
        id_vars=["group", "month", "partial"],
        value_vars=list(measures),
        var_name="measure",
        value_name="value",
    )
    long["measure"] = long["measure"].map(display.measure_label)
    facets = _facets(list(dict.fromkeys(long["group"])), columns)
    height = facets.pop("height")
    fig = px.line(
        long, x="month", y="value", color="measure", markers=True, custom_data=["partial"], **facets
    )  # type: ignore[arg-type]
    _facet_titles(fig)
    mark_partial(fig)
    display.month_axis(fig, window, partial_months(rows))
    display.style(fig, height=height, y_title=y_title)
    if "facet_col" in facets:
        fig.update_yaxes(title=None)
        _legend_above(fig, height)
    fig.update_layout(showlegend=len(measures) > 1)  # one measure: the heading names it
    if percent:
        fig.update_yaxes(tickformat=".0%", range=[0, 1.05])
    else:
        fig.update_yaxes(rangemode="tozero")
    return fig


def goal_line(fig: go.Figure, goal: float) -> go.Figure:
    """The group's goal as a grey dashed line labelled "doel" in every small chart: no group, no legend."""
    fig.add_hline(
        y=goal,
        row="all",
        col="all",
        line={"color": GOAL_COLOUR, "width": 1.5, "dash": "dash"},
        annotation_text=t("charts.target"),
        annotation_position="top left",
        annotation_font={"color": GOAL_COLOUR, "size": 11},
        layer="below",
    )
    return fig


def too_short(window: Sequence[str]) -> str | None:
    """With fewer than ``MIN_TREND_MONTHS`` months a sentence instead of a line through one or two dots."""
    if len(window) >= MIN_TREND_MONTHS:
        return None
    months = ", ".join(display.month_label(month) for month in window)
    return t("charts.too_short", minimum=MIN_TREND_MONTHS, count=len(window), months=months)


#: A trend line needs this many months; fewer get a sentence (``too_short``).
MIN_TREND_MONTHS = 3
#: Small multiples: at most this many group charts side by side.
FACET_COLUMNS = 3
GOAL_COLOUR = "#7a7a7a"


def _axis_names(trace: go.Scatter) -> tuple[str, str]:
    """The axes of a trace as Plotly names them in references ("x2", "y2"; "x", "y" for the first)."""
    return trace.xaxis or "x", trace.yaxis or "y"


def group_facets(
    rows: pd.DataFrame,
    measure: str,
    window: Sequence[str],
    goals: dict[str, float | None],
    *,
    percent: bool = False,
) -> go.Figure:
    """One small line chart per group (facets, ``FACET_COLUMNS`` a row, one shared y axis) over the months of
    ``window``; partial months as open circles with an asterisk on the axis; each group's goal (``goals``,
    None: none) as a grey dashed line labelled "doel", which no one can take for a group's line."""
    data = display.escape_chart_text(with_partial(rows)).reset_index(drop=True)
    shown_goals = {shown: goals.get(group) for group, shown in zip(rows["group"], data["group"], strict=True)}
    groups = list(dict.fromkeys(data["group"]))
    several = len(groups) > 1
    columns = min(FACET_COLUMNS, len(groups))
    rows_of_charts = math.ceil(len(groups) / columns)
    height = 110 + 200 * rows_of_charts
    fig = px.line(
        data,
        x="month",
        y=measure,
        color="group",
        facet_col="group" if several else None,
        facet_col_wrap=columns if several else 0,
        facet_row_spacing=70 / height,  # room for the month ticks and the next chart's title
        facet_col_spacing=0.05,
        category_orders={"group": groups},
        color_discrete_sequence=[display.PALETTE[0]],
        markers=True,
        custom_data=["partial"],
    )
    fig.for_each_annotation(lambda note: note.update(text=note.text.split("=", 1)[-1]))
    mark_partial(fig)
    display.month_axis(fig, window, partial_months(rows))
    display.style(fig, height=height, y_title="")
    fig.update_layout(showlegend=False)
    fig.update_xaxes(showticklabels=True)
    if percent:
        fig.update_yaxes(tickformat=".0%", range=[0, 1.05])
    else:
        fig.update_yaxes(rangemode="tozero")  # small multiples side by side: a change looks as big as it is
    for trace in fig.data:
        goal = shown_goals.get(trace.name)
        if goal is None:
            continue
        x_axis, y_axis = _axis_names(trace)
        fig.add_shape(
            type="line",
            xref=f"{x_axis} domain",
            yref=y_axis,
            x0=0,
            x1=1,
            y0=goal,
            y1=goal,
            line={"color": GOAL_COLOUR, "width": 1.5, "dash": "dash"},
            layer="below",
        )
        fig.add_annotation(
            xref=f"{x_axis} domain",
            yref=y_axis,
            x=0,
            y=goal,
            text=t("charts.target"),
            showarrow=False,
            xanchor="left",
            yanchor="bottom",
            font={"color": GOAL_COLOUR, "size": 11},
            bgcolor="rgba(250, 250, 247, 0.85)",  # readable where the group's line crosses it
        )
    return fig
