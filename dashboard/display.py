"""How figures look on screen: Dutch column names, DD-MM-YYYY HH:MM dates, minutes, percentages, charts.

Only presentation lives here (renaming, formatting, counting rows for a chart); the figures
themselves come from ``analysis``.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Iterable, Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from analysis.coverage import MonthCover
from analysis.tables_export import to_csv_bytes
from dashboard.formats import (  # noqa: F401 (re-exported: pages and tests import them from display)
    MEASURES,
    escape_markdown,
    finite,
    measure_delta,
    measure_label,
    measure_value,
    minutes,
    month_label,
    number,
    percent,
    short_month_label,
    shown_change,
)
from dashboard.texts import t, table
from presentation.formatting import DATE_TIME

DATE_TIME_GRID = "DD-MM-YYYY HH:mm"  # DATE_TIME in the grid's moment.js notation
PALETTE = ["#2f6f8f", "#d08c3c", "#6a9a5b", "#9b5f8f", "#b0513f", "#5b7f9b", "#8c8c5a", "#4f4f6f"]
PLOTLY_CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["lasso2d", "select2d"], "locale": "nl"}
_TUPLE_COLUMNS = {"violations", "violation_codes", "reasons"}
_MONTH = re.compile(r"\d{4}-\d{2}")


# ---------------------------------------------------------------- single values


def coverage_note(cover: MonthCover) -> str | None:
    """How much of a partial month the export(s) hold: "6 van 31 dagen", "2 groepen: 30 van 31 dagen",
    "3 groepen onvolledig"; None for a complete month."""
    if not cover.partial:
        return None
    days = t("coverage.days", days=cover.fewest_days, total=cover.days_in_month)
    if cover.all_partial:
        return days
    count = len(cover.partial_groups)
    if cover.covered_from is None:  # the partial groups cover different days
        return t("coverage.uneven", count=count)
    groups = t("coverage.groups", count=count) if count > 1 else t("coverage.one_group")
    return t("coverage.some_groups", groups=groups, days=days)


def covered_month_label(month: str, cover: MonthCover | None) -> str:
    """ "januari 2026 (6 van 31 dagen)" for a partial month, "december 2025" for a complete one."""
    note = None if cover is None else coverage_note(cover)
    return month_label(month) if note is None else t("coverage.label", month=month_label(month), note=note)


def date_time(moment: object) -> str:
    if moment is None or pd.isna(moment):
        return "–"
    return pd.Timestamp(moment).strftime(DATE_TIME)


def rule_names(codes: Iterable[str]) -> str:
    names = table("rules")
    return ", ".join(names.get(code, code) for code in codes)


def escape_chart_text(frame: pd.DataFrame, columns: Sequence[str] = ("group", "member")) -> pd.DataFrame:
    """A copy of ``frame`` whose name columns Plotly shows as text, not as its HTML subset
    (``<a href>``, ``<b>``, ``<span style>``): Plotly decodes ``&lt;`` back to "<" on screen."""
    out = frame.copy()
    for column in columns:
        if column in out.columns:
            out[column] = out[column].map(lambda v: html.escape(v, quote=False) if isinstance(v, str) else v)
    return out


# ---------------------------------------------------------------- tables


def dutch_table(frame: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    """The chosen columns with Dutch names; tuples of codes as readable text."""
    names = table("columns")
    shown = frame.loc[:, list(columns)].copy()
    shown.attrs = {}  # the parser's metadata (export format) is not for display and cannot be serialised
    for column in columns:
        if column in _TUPLE_COLUMNS and shown[column].dtype == object:
            join = rule_names if column != "reasons" else "; ".join
            shown[column] = shown[column].map(
                lambda codes, join=join: join(codes) if isinstance(codes, tuple | list) else codes
            )
    return shown.rename(columns={c: names.get(c, c) for c in columns})


def _missing(value: object) -> bool:
    """A missing cell (None, NaN, NA); a tuple of codes is a value, even when empty."""
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def _is_minutes(column: str) -> bool:
    return column.startswith(("minutes_", "median_minutes", "p90_minutes"))


def screen_values(frame: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    """The chosen columns as the screen shows them, Dutch throughout: minutes as "3,5 min" and shares as "67%"
    (the scorecard's formats, so a figure reads the same on every page), other decimals with a comma, and a
    missing value as "–" (Streamlit's grid would write "None"). Whole numbers and dates stay typed, so a
    click on their header sorts them; a date column with a gap becomes text ("–")."""
    shown = frame.loc[:, list(columns)].copy()
    for column in columns:
        series = shown[column]
        if pd.api.types.is_bool_dtype(series):
            continue
        if pd.api.types.is_datetime64_any_dtype(series):
            if series.isna().any():
                shown[column] = series.map(date_time)
        elif _is_minutes(column):
            shown[column] = series.map(minutes)
        elif column.endswith(("_rate", "_share")):
            shown[column] = series.map(percent)
        elif pd.api.types.is_float_dtype(series) or (
            pd.api.types.is_integer_dtype(series) and series.isna().any()
        ):
            if column in MEASURES:  # a count over a range of months is a float: still "110", not "110,0"
                shown[column] = series.map(lambda v, m=column: measure_value(m, v))
                continue
            decimals = 0 if pd.api.types.is_integer_dtype(series) else 1
            shown[column] = series.map(lambda v, d=decimals: number(v, d))
        elif series.dtype == object or pd.api.types.is_string_dtype(series):
            shown[column] = series.map(lambda v: "–" if _missing(v) else v).astype(object)
    return shown


def _column_config(frame: pd.DataFrame, columns: Sequence[str]) -> dict[str, object]:
    names = table("columns")
    config: dict[str, object] = {}
    for column in columns:
        label = names.get(column, column)
        if pd.api.types.is_datetime64_any_dtype(frame[column]):
            config[label] = st.column_config.DatetimeColumn(label, format=DATE_TIME_GRID)
        elif _is_shown_number(column):
            config[label] = st.column_config.TextColumn(label, alignment="right")
    return config


def _is_shown_number(column: str) -> bool:
    return _is_minutes(column) or column.endswith(("_rate", "_share", "_per_100"))


def show_table(
    frame: pd.DataFrame,
    columns: Sequence[str],
    *,
    key: str | None = None,
    static: bool = False,
    **options: object,
) -> object:
    """A table with Dutch headers, Dutch numbers and dates (``screen_values``).

    ``static``: an ``st.table`` without sorting, for tables whose figures are text ("67%", "3,5 min"), which
    a grid would sort as text; its cells are markdown, so text is escaped."""
    values = screen_values(frame, columns)
    shown = dutch_table(values, columns)
    if static:
        for column in shown.columns:
            if shown[column].dtype == object:
                shown[column] = shown[column].map(lambda v: escape_markdown(v) if isinstance(v, str) else v)
        return st.table(shown, hide_index=True, border="horizontal")
    return st.dataframe(
        shown,
        column_config=_column_config(values, columns),
        hide_index=True,
        key=key,
        width="stretch",
        **options,
    )


def csv_bytes(frame: pd.DataFrame, columns: Sequence[str] | None = None) -> bytes:
    """A table as CSV for Excel users: Dutch headers, ';' separated, dates as DD-MM-YYYY HH:MM,
    no formulas."""
    shown = dutch_table(frame, list(columns if columns is not None else frame.columns))
    for column in shown.columns:
        if pd.api.types.is_datetime64_any_dtype(shown[column]):
            shown[column] = shown[column].dt.strftime(DATE_TIME)
    # Text that starts like a formula ("=HYPERLINK(...)") gets an apostrophe: the CLI's writer, one function.
    return to_csv_bytes(shown, sep=";", decimal=",", excel_bom=True)


# ---------------------------------------------------------------- charts


def measure_choice(label: str, measures: Sequence[str], key: str) -> str:
    """One figure at a time (not tabs: tabs would draw every chart on each rerun), the first by default."""
    return st.segmented_control(
        label, measures, default=measures[0], required=True, format_func=measure_label, key=key
    )


def explain(key: str, **values: object) -> None:
    """The one-line explanation under a chart or a row of figures."""
    st.caption(t(key, **values))


def style(
    fig: go.Figure, *, height: int = 340, y_title: str | None = None, x_title: str | None = None
) -> go.Figure:
    fig.update_layout(
        height=height,
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        colorway=PALETTE,
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0, "title": None},
        separators=",.",
    )
    if y_title is not None:
        fig.update_yaxes(title=y_title)
    if x_title is not None:
        fig.update_xaxes(title=x_title)
    return fig


_HOVER_KEY = re.compile(r"(^|<br>)([^=<>%{}]+)=")


def dutch_hover(fig: go.Figure) -> go.Figure:
    """Hover labels in Dutch: Plotly Express writes the data's column names ("group=...<br>value=...");
    each becomes its Dutch name (texts.toml ``[columns]``, ``[hover]``) followed by a colon. Numbers already
    get a decimal comma from the layout's separators; shares are written as percentages."""
    names = {**table("columns"), **table("hover")}
    percent_axis = fig.layout.yaxis.tickformat == ".0%"
    for trace in fig.data:
        template = getattr(trace, "hovertemplate", None)
        if not template:
            continue
        template = _HOVER_KEY.sub(lambda m: f"{m.group(1)}{names.get(m.group(2), m.group(2))}: ", template)
        if percent_axis:
            template = template.replace("%{y}", "%{y:.0%}")
        trace.hovertemplate = template
    return fig


def plot(fig: go.Figure, key: str) -> None:
    st.plotly_chart(dutch_hover(fig), config=PLOTLY_CONFIG, key=key)


def _first_month_shown(fig: go.Figure) -> str | None:
    """The earliest "YYYY-MM" on the figure's x axis data (None when it has none)."""
    months = [
        str(x)
        for trace in fig.data
        for x in (getattr(trace, "x", None) if getattr(trace, "x", None) is not None else ())
        if isinstance(x, str) and _MONTH.fullmatch(x)
    ]
    return min(months) if months else None


def month_axis(fig: go.Figure, months: Sequence[str], partial: Iterable[str] = ()) -> go.Figure:
    """Months as category ticks with Dutch short names, so gaps and order stay readable.

    Months before the first month in the figure's data are left out (a chart starts when the group does,
    not a month before its first record); months in ``partial`` get an asterisk (see ``partial_caption``).
    """
    first = _first_month_shown(fig)
    months = [m for m in months if first is None or m >= first]
    marked = set(partial)
    short = table("months_short")
    fig.update_xaxes(
        type="category",
        categoryorder="array",
        categoryarray=list(months),
        tickvals=list(months),
        ticktext=[f"{short[m[5:]]} {m[2:4]}" + ("*" if m in marked else "") for m in months],
        title=None,
    )
    return fig


def partial_caption(covers: Sequence[MonthCover], *, in_chart: bool = True) -> None:
    """Under a chart or figures that hold partial months: which, with how many days, and what that means."""
    if not covers:
        return
    months = ", ".join(covered_month_label(cover.month, cover) for cover in covers)
    st.caption(t("coverage.chart_note" if in_chart else "coverage.figures_note", months=months))


# ---------------------------------------------------------------- key figures


def _is_partial(row: Mapping[str, object] | pd.Series | None) -> bool:
    return row is not None and bool(row.get("partial", False))


def _days(row: Mapping[str, object] | pd.Series) -> dict[str, object]:
    month = str(row.get("month", ""))
    return {
        "month": month_label(month) if _MONTH.fullmatch(month) else month,
        "days": int(row.get("covered_days", 0)),  # type: ignore[call-overload]
        "total": int(row.get("days_in_month", 0)),  # type: ignore[call-overload]
    }


def figure_delta(
    measure: str,
    row: Mapping[str, object] | pd.Series | None,
    previous: Mapping[str, object] | pd.Series | None,
) -> tuple[str | None, str]:
    """What a key figure shows under its value, and a sentence for its help text.

    The change against the previous month, when both months are complete and the shown change is not
    zero ("+0" is no change: no arrow); for a partial month its days ("6 van 31 dagen", shown without an
    arrow); nothing when the previous month is partial or missing."""
    if _is_partial(row):
        days = _days(row)  # type: ignore[arg-type]
        return t("coverage.days", days=days["days"], total=days["total"]), t("coverage.card_partial", **days)
    if _is_partial(previous):
        return None, t("coverage.card_previous_partial", **_days(previous))  # type: ignore[arg-type]
    value = None if row is None else row.get(measure)
    before = None if previous is None else previous.get(measure)
    return shown_change(measure, value, before), ""


def key_figure(
    measure: str,
    row: Mapping[str, object] | pd.Series | None,
    previous: Mapping[str, object] | pd.Series | None,
) -> None:
    """One ``st.metric`` for a monthly measure, with the change against the previous month (``figure_delta``).

    ``row`` and ``previous`` are month rows with their coverage (``View.month_row``), or figures of a
    period (no previous)."""
    value = None if row is None else row.get(measure)
    delta, note = figure_delta(measure, row, previous)
    partial = _is_partial(row)
    st.metric(
        t(f"measures.{measure}.label"),
        measure_value(measure, value),
        delta=delta,
        delta_color="off" if partial else MEASURES[measure][1],  # type: ignore[arg-type]
        delta_arrow="off" if partial else "auto",
        help=t(f"measures.{measure}.help") + (f"\n\n{note}" if note else ""),
        border=True,
    )


def period_label(months: Sequence[str]) -> str:
    if len(months) == 1:
        return month_label(months[0])
    return t("common.period_range", first=month_label(months[0]), last=month_label(months[-1]))


def incident_labels(incidents: pd.DataFrame, ids: Sequence[str]) -> dict[str, str]:
    """Readable names for incident ids: date, group and type.

    No message text: labels end up in links and in the browser's widget state, which must hold no
    names whether or not the privacy switch is on (the table next to it shows the text).
    """
    wanted = incidents[incidents["incident"].isin(set(ids))]
    return {row.incident: f"{date_time(row.start)} · {row.group} · {row.type}" for row in wanted.itertuples()}


def incident_link_labels(incidents: pd.DataFrame, ids: Sequence[str]) -> dict[str, str]:
    """`incident_labels` for ``st.page_link``, whose label is markdown (the group name is the users')."""
    return {incident: escape_markdown(label) for incident, label in incident_labels(incidents, ids).items()}
