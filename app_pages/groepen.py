"""Groepen: every loaded group side by side, for the regiegroep."""

import plotly.express as px
import streamlit as st

from app_pages import display
from app_pages.session import current_view
from app_pages.texts import t

COLUMNS = (
    "group",
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
COMPARE = (
    "incidents",
    "alarm_rate",
    "median_minutes_to_112",
    "median_minutes_to_reaction",
    "violations_per_100",
)

view = current_view()
st.title(t("groepen.title"))
st.caption(t("groepen.intro", month=display.month_label(view.month)))

month = view.month_rows([view.month])
if month.empty:
    st.info(t("groepen.none", month=display.month_label(view.month)))
else:
    display.show_table(month, COLUMNS, key="groups_month")
    display.explain("groepen.table_explain")

st.subheader(t("groepen.compare_title"))
measure = st.segmented_control(
    t("groepen.measure"),
    COMPARE,
    default="incidents",
    required=True,
    format_func=display.measure_label,
    key="compare",
)
rows = view.month_rows()
if rows.empty:
    st.caption(t("common.no_rows"))
else:
    fig = px.bar(display.escape_chart_text(rows), x="month", y=measure, color="group", barmode="group")
    display.month_axis(fig, list(view.months))
    display.style(fig, y_title=display.measure_label(measure))
    fig.update_layout(bargap=0.15 if len(view.months) > 3 else 0.6)
    if display.MEASURES[measure][0] == "percent":
        fig.update_yaxes(tickformat=".0%")
    display.plot(fig, key="groups_compare")
    display.explain("groepen.compare_explain", measure=display.measure_label(measure).lower())

st.subheader(t("groepen.sizes_title"))
sizes = view.group_sizes()
if sizes.empty:
    st.caption(t("common.no_rows"))
else:
    display.show_table(sizes, ("group", "members", "cap", "over_cap"), key="group_sizes")
    display.explain("groepen.sizes_explain")
