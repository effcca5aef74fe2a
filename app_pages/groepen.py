"""Groepen: every loaded group side by side, for the regiegroep.

The table holds the selected month's row per group, or with a range of months each group's figures over
the whole range (``analysis.keyfigures``: rates and times pooled over the range's incidents).
"""

import plotly.express as px
import streamlit as st

from analysis.keyfigures import group_figures
from dashboard import charts, display, scorecard
from dashboard.session import current_view
from dashboard.texts import t

COLUMNS = (
    "group",
    *scorecard.REVIEW_FIGURES,
    "offtopic_share",
    "members_end",
    "active_members",
    "joins",
    "leaves",
    "covered_days",
)
COMPARE = (
    "incidents",
    "alarm_rate",
    "median_minutes_to_112",
    "median_minutes_to_reaction",
    "violations_per_100",
)


view = current_view()
period = display.period_label(view.months)
if not view.is_range:
    period = display.covered_month_label(view.month, view.cover())
st.title(t("groepen.title"))
st.caption(t("groepen.intro_range" if view.is_range else "groepen.intro", month=period))

rows = view.month_rows()
table = group_figures(view.incidents(), rows).reindex(columns=list(COLUMNS)) if view.is_range else rows
if table.empty:
    st.info(t("groepen.none", month=period))
else:
    display.show_table(table, COLUMNS, key="groups_month", static=True)
    display.explain("groepen.table_explain_range" if view.is_range else "groepen.table_explain")
    display.partial_caption(view.partial_months(), in_chart=False)

st.subheader(t("groepen.compare_title"))
measure = display.measure_choice(t("groepen.measure"), COMPARE, key="compare")
if rows.empty:
    st.caption(t("common.no_rows"))
else:
    fig = px.bar(
        display.escape_chart_text(rows),
        x="month",
        y=measure,
        color="group",
        barmode="group",
        custom_data=["partial"],
    )
    charts.mark_partial(fig)
    display.month_axis(fig, list(view.months), charts.partial_months(rows))
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
