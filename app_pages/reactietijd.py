"""Reactietijd: time to 112, to the first reaction and to closure, against the group's own targets."""

import streamlit as st

from analysis.keyfigures import within_target
from dashboard import charts, display
from dashboard.session import current_view
from dashboard.texts import t

MEASURES = (
    ("minutes_to_112", "median_minutes_to_112", "p90_minutes_to_112"),
    ("minutes_to_reaction", "median_minutes_to_reaction", "p90_minutes_to_reaction"),
    ("minutes_to_closure", "median_minutes_to_closure", "p90_minutes_to_closure"),
)

view = current_view()
st.title(t("reactietijd.title"))
st.caption(t("reactietijd.intro", period=display.period_label(view.months)))
incidents = view.incidents()
window = view.trend_window(12)
trend = view.trend_rows(12)

# One measure at a time (not tabs): tabs would draw all six charts on every rerun.
chosen = st.segmented_control(
    t("reactietijd.measure"),
    [duration for duration, _, _ in MEASURES],
    default=MEASURES[0][0],
    required=True,
    format_func=lambda d: t(f"reactietijd.tab_{d}"),
    key="duration",
)
duration, median, p90 = next(m for m in MEASURES if m[0] == chosen)
target = view.shared_target(duration)
if target is not None:
    st.caption(t("reactietijd.target", target=display.minutes(target)))
else:
    st.caption(t("reactietijd.targets_differ"))
if target is not None:
    within, known = within_target(incidents[duration], target)
    st.metric(
        t("reactietijd.within_label"),
        t("reactietijd.within_value", within=within, total=known),
        help=t(f"reactietijd.within_help_{duration}"),
    )
if incidents[duration].notna().any():
    counts = charts.duration_bins(incidents[duration], incidents["group"], target)
    display.plot(charts.duration_histogram(counts, t("charts.minutes")), key=f"hist_{duration}")
    display.explain(f"reactietijd.hist_explain_{duration}")
else:
    st.info(t(f"reactietijd.none_{duration}"))
st.subheader(t("reactietijd.trend_title"))
if trend.empty:
    st.caption(t("common.no_rows"))
    st.stop()
too_short = charts.too_short(window)
if too_short:
    st.caption(too_short)
    st.stop()
fig = charts.monthly_lines(trend, [median, p90], window, y_title=t("charts.minutes"))
if target is not None:
    charts.goal_line(fig, target)
display.plot(fig, key=f"trend_{duration}")
display.explain("reactietijd.trend_explain", window=display.period_label(window))
display.partial_caption(view.partial_months(window))
