"""Charts several pages share; data is counted or picked per month before it reaches Plotly."""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from app_pages import display
from app_pages.texts import t

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


def duration_histogram(counts: pd.DataFrame, x_title: str) -> go.Figure:
    order = list(dict.fromkeys(counts["label"]))
    fig = px.bar(
        display.escape_chart_text(counts),
        x="label",
        y="incidents",
        color="status",
        pattern_shape="group" if counts["group"].nunique() > 1 else None,
        category_orders={"label": order, "status": [t("charts.within"), t("charts.over")]},
        color_discrete_map={t("charts.within"): display.PALETTE[2], t("charts.over"): display.PALETTE[1]},
        hover_data={"group": True},
    )
    display.style(fig, y_title=t("charts.incidents"), x_title=x_title)
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
    rows: pd.DataFrame, measures: Sequence[str], window: Sequence[str], *, percent: bool = False
) -> go.Figure:
    """One line per group and measure over the months of ``window``; partial months as open circles."""
    long = display.escape_chart_text(with_partial(rows)).melt(
        id_vars=["group", "month", "partial"],
        value_vars=list(measures),
        var_name="measure",
        value_name="value",
    )
    long["measure"] = long["measure"].map(display.measure_label)
    several_groups = long["group"].nunique() > 1
    fig = px.line(
        long,
        x="month",
        y="value",
        color="group" if several_groups else "measure",
        line_dash="measure" if several_groups and len(measures) > 1 else None,
        markers=True,
        custom_data=["partial"],
    )
    mark_partial(fig)
    display.month_axis(fig, window, partial_months(rows))
    display.style(fig, y_title="")
    if percent:
        fig.update_yaxes(tickformat=".0%", range=[0, 1.05])
    return fig


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
