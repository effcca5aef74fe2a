"""The reports' Plotly charts. No message text ever goes into a chart, only figures and group names."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from reports.texts import text

PALETTE = ("#1f5f8b", "#e07b39", "#3a9d5d", "#b8405e", "#7a5cad", "#8c7a3c", "#4aa3c8", "#5e5e5e")
FONT = "DejaVu Sans, Arial, sans-serif"


def safe_label(label: object) -> str:
    """A group name as chart text: Plotly reads some HTML in labels (<a href>, <b>), so angle brackets go."""
    return str(label).replace("<", "\u2039").replace(">", "\u203a")


def _legend_rows(figure: go.Figure) -> int:
    """How many lines the horizontal legend takes (about 100 characters fit on a line)."""
    names = [str(trace.name) for trace in figure.data if trace.name and trace.showlegend is not False]
    if len(names) < 2 and not any(isinstance(trace, go.Scatter) for trace in figure.data):
        return 0
    return max(1, -(-sum(len(name) + 6 for name in names) // 100))


def _style(figure: go.Figure, title: str, *, height: int = 360) -> go.Figure:
    """The house style; the title sits at the top, the legend between title and plot, never overlapping."""
    rows = _legend_rows(figure)
    top = 48 + 22 * rows
    figure.update_layout(
        title={
            "text": title,
            "x": 0,
            "xanchor": "left",
            "y": 1,
            "yanchor": "top",
            "yref": "container",
            "pad": {"t": 12, "l": 4},
            "font": {"size": 15},
        },
        template="plotly_white",
        font={"family": FONT, "size": 12},
        height=height + 22 * rows,
        margin={"l": 60, "r": 20, "t": top, "b": 50},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "xanchor": "left", "x": 0},
        showlegend=rows > 0,
        colorway=list(PALETTE),
        separators=",.",
    )
    return figure


#: How a partial month (``analysis.coverage``) looks: an open marker on a line, a paler bar.
PARTIAL_SYMBOL = "circle-open"
PARTIAL_OPACITY = 0.45


def _partial(part: pd.DataFrame) -> list[bool]:
    return [bool(v) for v in part["partial"]] if "partial" in part else [False] * len(part)


def per_month_lines(frame: pd.DataFrame, value: str, title: str, *, percent: bool = False) -> go.Figure:
    """One line per group over months; ``frame`` has group, month label, value (None = not shown) and
    optionally ``partial`` (a month the export covers only partly: an open, larger marker)."""
    figure = go.Figure()
    for group, part in frame.groupby("group", sort=False):
        flags = _partial(part)
        marker = None
        if any(flags):
            marker = {
                "symbol": [PARTIAL_SYMBOL if f else "circle" for f in flags],
                "size": [11 if f else 7 for f in flags],
            }
        figure.add_trace(
            go.Scatter(
                x=part["label"], y=part[value], name=safe_label(group), mode="lines+markers", marker=marker
            )
        )
    figure.update_yaxes(rangemode="tozero", tickformat=".0%" if percent else None)
    return _style(figure, title)


def per_month_bars(frame: pd.DataFrame, value: str, title: str) -> go.Figure:
    """One bar per group and month (label); a partial month (optional ``partial`` column) paler."""
    figure = go.Figure()
    for group, part in frame.groupby("group", sort=False):
        flags = _partial(part)
        marker = {"opacity": [PARTIAL_OPACITY if f else 1.0 for f in flags]} if any(flags) else None
        figure.add_trace(go.Bar(x=part["label"], y=part[value], name=safe_label(group), marker=marker))
    figure.update_layout(barmode="group")
    figure.update_yaxes(rangemode="tozero", title=text("charts", "count"))
    return _style(figure, title)


def response_times(frame: pd.DataFrame, title: str) -> go.Figure:
    """Median minutes to 112 and to the first reaction per month (all groups pooled)."""
    figure = go.Figure()
    figure.add_trace(
        go.Scatter(x=frame["label"], y=frame["to_112"], name=text("charts", "to_112"), mode="lines+markers")
    )
    figure.add_trace(
        go.Scatter(
            x=frame["label"], y=frame["to_reaction"], name=text("charts", "to_reaction"), mode="lines+markers"
        )
    )
    figure.update_yaxes(rangemode="tozero", title=text("charts", "minutes"))
    return _style(figure, title)


def horizontal_bars(labels: list[str], series: dict[str, list[float]], title: str) -> go.Figure:
    """Bars per category (rules), one trace per series (this month / previous month, or per group)."""
    figure = go.Figure()
    for name, values in series.items():
        figure.add_trace(
            go.Bar(y=[safe_label(v) for v in labels], x=values, name=safe_label(name), orientation="h")
        )
    figure.update_layout(barmode="group")
    figure.update_yaxes(autorange="reversed", automargin=True)
    figure.update_xaxes(rangemode="tozero", title=text("charts", "count"))
    return _style(figure, title, height=max(260, 70 + 45 * len(labels) * max(1, len(series)) // 2))


def incident_timeline(rows: pd.DataFrame, title: str) -> go.Figure:
    """Markers per incident at 0 (melding), 112, first reaction and closure, in minutes after the opening."""
    figure = go.Figure()
    steps = (
        ("opening", None, "circle"),
        ("alarm", "minutes_to_112", "diamond"),
        ("reaction", "minutes_to_reaction", "triangle-up"),
        ("closure", "minutes_to_closure", "square"),
    )
    for step, column, symbol in steps:
        x = [0.0] * len(rows) if column is None else rows[column].tolist()
        figure.add_trace(
            go.Scatter(
                x=x,
                y=[safe_label(v) for v in rows["label"]],
                mode="markers",
                name=text("timeline", step),
                marker={"symbol": symbol, "size": 11},
            )
        )
    figure.update_yaxes(autorange="reversed", type="category", automargin=True)
    figure.update_xaxes(rangemode="tozero", title=text("charts", "minutes"))
    return _style(figure, title, height=max(260, 90 + 26 * len(rows)))


def step_distribution(rows: pd.DataFrame, title: str) -> go.Figure:
    """Box plots of the minutes to 112, to the first reaction and to closure (for many incidents)."""
    figure = go.Figure()
    for step, column in (
        ("alarm", "minutes_to_112"),
        ("reaction", "minutes_to_reaction"),
        ("closure", "minutes_to_closure"),
    ):
        figure.add_trace(
            go.Box(
                x=rows[column].dropna(), name=text("timeline", step), boxpoints="outliers", orientation="h"
            )
        )
    figure.update_yaxes(autorange="reversed", automargin=True)
    figure.update_xaxes(rangemode="tozero", title=text("charts", "minutes"))
    figure.update_layout(showlegend=False)
    styled = _style(figure, title, height=300)
    styled.update_layout(showlegend=False)
    return styled


def heatmap(matrix: pd.DataFrame, title: str) -> go.Figure:
    """Counts per weekday (rows) and hour block (columns); None cells (suppressed) stay blank."""
    figure = go.Figure(
        go.Heatmap(
            z=matrix.to_numpy(dtype=float),
            x=list(matrix.columns),
            y=list(matrix.index),
            colorscale="Blues",
            hoverongaps=False,
            colorbar={"title": text("charts", "count")},
        )
    )
    figure.update_yaxes(autorange="reversed", type="category")
    figure.update_xaxes(type="category")  # "00-04" is an hour block, not a date
    return _style(figure, title, height=340)
