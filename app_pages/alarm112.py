"""112: was 112 confirmed, in SAAR order, by how many callers; incidents without any confirmation."""

import streamlit as st

from app_pages import charts, display
from app_pages.navigation import APP_DIR, MAX_INCIDENT_LINKS
from app_pages.session import current_view
from app_pages.texts import t
from app_pages.view import months_back, previous_month

FIGURES = ("alarm_rate", "saar_order_rate", "multi_caller_incidents", "no_alarm_incidents")
TABLE = ("start", "group", "type", "opened_by", "opening_text", "minutes_to_112", "callers", "alarm_messages")

view = current_view()
st.title(t("alarm112.title"))
st.caption(t("alarm112.intro", month=display.month_label(view.month)))

for group in view.groups:
    row = view.month_row(group, view.month)
    before = view.month_row(group, previous_month(view.month))
    st.markdown(f"**{display.escape_markdown(group)}**")
    for column, measure in zip(st.columns(len(FIGURES)), FIGURES, strict=True):
        with column:
            display.key_figure(measure, row, before)
display.explain("alarm112.figures_explain")

trend = view.trend_rows(12)
if not trend.empty:
    st.subheader(t("alarm112.trend_title"))
    fig = charts.monthly_lines(
        trend, ["alarm_rate", "saar_order_rate"], months_back(view.month, 12), percent=True
    )
    display.plot(fig, key="alarm_trend")
    display.explain("alarm112.trend_explain")

incidents = view.incidents().sort_values("start", ascending=False)

st.subheader(t("alarm112.multi_title"))
several = incidents[incidents["callers"] > 1]
if several.empty:
    st.caption(t("alarm112.multi_none"))
else:
    display.show_table(several, TABLE, key="multi_callers")
    display.explain("alarm112.multi_explain")

st.subheader(t("alarm112.missing_title"))
missing = incidents[incidents["first_alarm_at"].isna()]
display.explain("alarm112.missing_explain", count=len(missing), period=display.period_label(view.months))
newest_missing = missing.head(MAX_INCIDENT_LINKS)
labels = display.incident_link_labels(newest_missing, newest_missing["incident"].tolist())
for incident_id in newest_missing["incident"]:
    st.page_link(
        str(APP_DIR / "meldingen.py"),
        label=labels[incident_id],
        icon=":material/forum:",
        query_params={"incident": incident_id, "page": "meldingen"},
    )
if len(missing) > MAX_INCIDENT_LINKS:
    st.caption(t("alarm112.missing_more", shown=MAX_INCIDENT_LINKS, total=len(missing)))
