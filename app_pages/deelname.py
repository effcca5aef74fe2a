"""Deelname: members over time, active and silent members, who writes most, leavers, report hours.

Monthly charts show the trend window (the selected range, or twelve months up to the month); who writes
most, the report hours and the leavers follow the selected period.
"""

import plotly.express as px
import streamlit as st

from dashboard import charts, display
from dashboard.session import current_view
from dashboard.texts import counted, t, table

TOP_WRITERS = 20
#: The membership changes per month, one bar each (their dashboard names: ``presentation/measures.toml``).
FLOW = ("joins", "leaves", "removals")

view = current_view()
st.title(t("deelname.title"))
window = view.trend_window(12)
trend = view.trend_rows(12)
period = display.period_label(view.months)
too_short = charts.too_short(window)  # fewer than three months: a sentence instead of lines through dots
st.caption(t("deelname.intro", window=display.period_label(window or view.months), period=period))

left, right = st.columns(2)
with left:
    st.subheader(t("deelname.members_title"))
    if trend.empty or too_short:
        st.caption(too_short or t("common.no_rows"))
    else:
        display.plot(charts.monthly_lines(trend, ["members_end"], window, columns=2), key="members_trend")
        display.explain("deelname.members_explain")
with right:
    st.subheader(t("deelname.flow_title"))
    if not trend.empty:
        names = {measure: display.measure_label(measure) for measure in FLOW}
        flow = charts.monthly_totals(trend, FLOW, names, var_name="measure", value_name="members")
        fig = px.bar(flow, x="month", y="members", color="measure", barmode="group", custom_data=["partial"])
        charts.mark_partial(fig)
        display.month_axis(fig, window, charts.partial_months(trend))
        display.style(fig, y_title=t("charts.members"))
        display.plot(fig, key="members_flow")
        display.explain("deelname.flow_explain")

left, right = st.columns(2)
with left:
    st.subheader(t("deelname.active_title"))
    if too_short:
        st.caption(too_short)
    elif not trend.empty:
        active = charts.monthly_lines(trend, ["active_members", "silent_members"], window, columns=2)
        display.plot(active, key="active")
        display.explain("deelname.active_explain")
with right:
    st.subheader(t("deelname.writers_title"))
    members = view.writers().head(TOP_WRITERS)
    if members.empty:
        st.caption(t("common.no_rows"))
    else:
        fig = px.bar(
            display.escape_chart_text(members),
            x="messages",
            y="member",
            color="group" if len(view.groups) > 1 else None,
            orientation="h",
        )
        display.style(fig, x_title=t("charts.messages"), y_title="", height=420)
        fig.update_yaxes(autorange="reversed")
        display.plot(fig, key="writers")
        st.caption(counted("deelname.writers_explain", min(TOP_WRITERS, len(members)), period=period))

st.subheader(t("deelname.concentration_title"))
if trend.empty or too_short:
    st.caption(too_short or t("common.no_rows"))
else:
    concentration = charts.monthly_lines(trend, ["top_writers_share"], window, percent=True)
    display.plot(concentration, key="concentration")
    display.explain("deelname.concentration_explain")
display.partial_caption(view.partial_months(window))

st.subheader(t("deelname.hours_title"))
hours = view.signal_hours()
if hours.empty or hours["signals"].sum() == 0:
    st.caption(t("deelname.hours_none", period=period))
else:
    weekdays = table("weekdays")
    fig = px.imshow(
        charts.weekday_hour_grid(hours).to_numpy(),
        x=[f"{hour:02d}" for hour in range(24)],
        y=[weekdays[str(day)] for day in range(7)],
        aspect="auto",
        labels={"x": t("charts.hour"), "y": "", "color": t("charts.signals")},
    )
    display.style(fig, height=300)
    display.plot(fig, key="hours")
    display.explain("deelname.hours_explain", period=period)

st.subheader(t("deelname.leavers_title"))
leavers = view.offtopic_leavers()
if leavers.empty:
    st.caption(t("deelname.leavers_none"))
else:
    display.show_table(
        leavers, ("member", "group", "left_at", "burst_start", "burst_messages"), key="leavers"
    )
    display.explain("deelname.leavers_explain")
