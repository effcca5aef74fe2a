"""Overzicht: the month's key figures per group, the change against the previous month, a 12-month trend."""

import plotly.express as px
import streamlit as st

from app_pages import display
from app_pages.files import loaded_files
from app_pages.session import current_view
from app_pages.texts import t
from app_pages.view import months_back, previous_month

view = current_view()
st.title(t("overzicht.title"))
st.caption(t("overzicht.intro", month=display.month_label(view.month)))
loaded_files(view.dataset)

FIRST_ROW = ("messages", "incidents", "alarm_rate", "saar_order_rate")
SECOND_ROW = ("median_minutes_to_112", "median_minutes_to_reaction", "violations_per_100", "active_members")

for group in view.groups:
    st.subheader(display.escape_markdown(group))  # a member can rename the group: text, not markdown
    row = view.month_row(group, view.month)
    before = view.month_row(group, previous_month(view.month))
    if row is None:
        st.caption(t("overzicht.no_month", month=display.month_label(view.month)))
        continue
    for measures in (FIRST_ROW, SECOND_ROW):
        for column, measure in zip(st.columns(len(measures)), measures, strict=True):
            with column:
                display.key_figure(measure, row, before)
display.explain("overzicht.figures_explain")

st.subheader(t("overzicht.trend_title"))
TREND = (
    "incidents",
    "alarm_rate",
    "median_minutes_to_112",
    "median_minutes_to_reaction",
    "violations",
    "active_members",
)
measure = st.segmented_control(
    t("overzicht.trend_measure"),
    TREND,
    default="incidents",
    required=True,
    format_func=display.measure_label,
    key="trend_measure",
)
window = months_back(view.month, 12)
trend = view.trend_rows(12)
if trend.empty:
    st.caption(t("common.no_rows"))
else:
    fig = px.line(display.escape_chart_text(trend), x="month", y=measure, color="group", markers=True)
    display.month_axis(fig, window)
    display.style(fig, y_title=display.measure_label(measure))
    if display.MEASURES[measure][0] == "percent":
        fig.update_yaxes(tickformat=".0%", range=[0, 1.05])
    display.plot(fig, key="overview_trend")
    display.explain("overzicht.trend_explain", measure=display.measure_label(measure).lower())
