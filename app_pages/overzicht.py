"""Overzicht: the Maandrapport's summary, a scorecard (groups x key figures, coloured against each group's
goals, with the change and the last months per cell) and the trend of one figure per group."""

import streamlit as st

from dashboard import charts, display, reviewing, scorecard
from dashboard.files import loaded_files
from dashboard.session import current_view
from dashboard.texts import t
from dashboard.view import months_back
from reports import month_summary

#: Figures the trend chart can show.
TREND = (
    "incidents",
    "alarm_rate",
    "median_minutes_to_112",
    "median_minutes_to_reaction",
    "violations",
    "active_members",
)
#: Fewer months than this make no trend line: a sentence says so.
MIN_TREND_MONTHS = 3


def history_caption(months: list[str]) -> None:
    """Which of ``months`` come from the store's history (their messages left the export)."""
    kept = [m for m in reviewing.history_months(view.history, view.groups) if m in months]
    if kept:
        st.caption(t("correcties.history_caption", months=", ".join(display.month_label(m) for m in kept)))


view = current_view()
cover = view.cover()
st.title(t("overzicht.title"))
month_name = display.covered_month_label(view.month, cover)
if view.is_range:
    st.caption(t("overzicht.intro_range", month=month_name))
else:
    st.caption(t("overzicht.intro", month=month_name))
loaded_files(view.dataset)

# ---------------------------------------------------------------- the Maandrapport's summary
groups = list(view.groups)
profile = view.profiles.get(groups[0]) if len(groups) == 1 else None  # as the Rapport page's Maandrapport
st.subheader(t("overzicht.summary_title"))
sentences = month_summary(view.analysis, view.month, groups=groups, profile=profile, history=view.history)
st.markdown(display.escape_markdown(" ".join(sentences)))
if len(groups) > 1:
    display.explain("overzicht.summary_explain")
else:
    display.explain("overzicht.summary_explain_one")

# ---------------------------------------------------------------- the scorecard
st.subheader(t("overzicht.scorecard_title"))
rows = view.month_rows(months_back(view.month, scorecard.TREND_MONTHS))
card = scorecard.build(rows, view.trend_coverage, groups, view.month, view.targets)
st.table(scorecard.styler(card), hide_index=True, border="horizontal")
st.table(scorecard.legend(), hide_index=True, hide_header=True, width="content", border=False)
display.explain("overzicht.scorecard_explain", months=scorecard.TREND_MONTHS)
history_caption(months_back(view.month, scorecard.TREND_MONTHS))
display.partial_caption(view.partial_months([view.month]), in_chart=False)
with st.expander(t("overzicht.measures_title"), icon=":material/help:"):
    st.markdown(
        "\n".join(
            f"- **{display.measure_label(measure)}**: {t(f'measures.{measure}.help')}"
            for measure in scorecard.SHOWN
        )
    )

# ---------------------------------------------------------------- the trend, one small chart per group
st.subheader(t("overzicht.trend_title"))
measure = display.measure_choice(t("overzicht.trend_measure"), TREND, key="trend_measure")
window = view.trend_window(12)
trend = view.month_rows(window)
months = sorted(set(trend["month"]))
if trend.empty:
    st.caption(t("common.no_rows"))
elif len(months) < MIN_TREND_MONTHS:
    st.caption(
        t(
            "overzicht.trend_too_short",
            count=len(months),
            minimum=MIN_TREND_MONTHS,
            months=" en ".join(display.covered_month_label(m, view.cover(m)) for m in months),
        )
    )
else:
    goals = {group: scorecard.goal_of(measure, view.targets.get(group)) for group in groups}
    percent = display.MEASURES[measure][0] == "percent"
    fig = charts.group_facets(trend, measure, window, goals, percent=percent)
    display.plot(fig, key="overview_trend")
    what = {"measure": display.measure_label(measure).lower(), "window": display.period_label(window)}
    if len(groups) > 1:
        display.explain("overzicht.trend_explain", **what)
    else:
        display.explain("overzicht.trend_explain_one", **what)
    if any(goal is not None for goal in goals.values()):
        display.explain("overzicht.trend_goal")
    display.partial_caption(view.partial_months(window))
    history_caption(window)
