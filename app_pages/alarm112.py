"""112: was 112 confirmed, in SAAR order, by how many callers; incidents without any confirmation.

With one month the figures are that month's, against the month before; with a range of months they are
the whole range's (pooled over its incidents, ``analysis.keyfigures``), without a comparison.
"""

import streamlit as st

from analysis.keyfigures import incident_figures
from dashboard import charts, display
from dashboard.navigation import MAX_INCIDENT_LINKS, PAGES_DIR
from dashboard.session import current_view
from dashboard.texts import counted, t
from dashboard.view import previous_month

FIGURES = ("alarm_rate", "saar_order_rate", "multi_caller_incidents", "no_alarm_incidents")
TABLE = ("start", "group", "type", "opened_by", "opening_text", "minutes_to_112", "callers", "alarm_messages")

view = current_view()
st.title(t("alarm112.title"))
if view.is_range:
    st.caption(t("alarm112.intro_range", period=display.period_label(view.months)))
elif view.cover().partial:  # a partial month is not compared with the month before
    st.caption(t("alarm112.intro_partial", month=display.covered_month_label(view.month, view.cover())))
else:
    st.caption(t("alarm112.intro", month=display.month_label(view.month)))

in_period = view.incidents()
for group in view.groups:
    if view.is_range:
        row, before = incident_figures(in_period[in_period["group"] == group]), None
    else:
        row, before = view.month_row(group, view.month), view.month_row(group, previous_month(view.month))
    st.markdown(f"**{display.escape_markdown(group)}**")
    for column, measure in zip(st.columns(len(FIGURES)), FIGURES, strict=True):
        with column:
            display.key_figure(measure, row, before)
display.explain("alarm112.figures_explain")
display.partial_caption(view.partial_months(), in_chart=False)

window = view.trend_window(12)
trend = view.trend_rows(12)
if not trend.empty:
    st.subheader(t("alarm112.trend_title"))
    too_short = charts.too_short(window)
    if too_short:
        st.caption(too_short)
    else:
        fig = charts.monthly_lines(trend, ["alarm_rate", "saar_order_rate"], window, percent=True)
        display.plot(fig, key="alarm_trend")
        display.explain("alarm112.trend_explain", window=display.period_label(window))
        display.partial_caption(view.partial_months(window))

incidents = in_period.sort_values("start", ascending=False)

st.subheader(t("alarm112.multi_title"))
several = incidents[incidents["callers"] > 1]
if several.empty:
    st.caption(t("alarm112.multi_none"))
else:
    display.show_table(several, TABLE, key="multi_callers")
    display.explain("alarm112.multi_explain")

st.subheader(t("alarm112.missing_title"))
missing = incidents[incidents["first_alarm_at"].isna()]
st.caption(counted("alarm112.missing_explain", len(missing), period=display.period_label(view.months)))
newest_missing = missing.head(MAX_INCIDENT_LINKS)
labels = display.incident_link_labels(newest_missing, newest_missing["incident"].tolist())
for incident_id in newest_missing["incident"]:
    st.page_link(
        str(PAGES_DIR / "meldingen.py"),
        label=labels[incident_id],
        icon=":material/forum:",
        query_params={"incident": incident_id, "page": "meldingen"},
    )
if len(missing) > MAX_INCIDENT_LINKS:
    st.caption(t("alarm112.missing_more", shown=MAX_INCIDENT_LINKS, total=len(missing)))
