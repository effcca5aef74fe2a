"""Rapport: downloads of every table of the current view (CSV), and the written reports when available.

Each download says what it holds: which period, which groups, names or pseudonyms (issue 13: the page tells
the truth about what leaves the dashboard)."""

import streamlit as st

from analysis.metrics_common import is_writer
from dashboard import display
from dashboard.downloads import groups_text, report_downloads
from dashboard.session import current_view
from dashboard.texts import counted, t

#: What each table covers: the period chosen, the whole export, or the state at its end.
SCOPE = {
    "incidents": "period",
    "months": "period",
    "members": "export",
    "messages": "period",
    "offtopic_leavers": "period",
    "signal_hours": "period",
    "group_sizes": "now",
}
#: Tables with a column of member names (pseudonyms with the switch on).
WITH_NAMES = {"incidents", "members", "messages", "offtopic_leavers"}

view = current_view()
period = display.period_label(view.months)
st.title(t("rapport.title"))
st.caption(t("rapport.intro", period=period, groups=groups_text(view.groups)))
if view.privacy:
    st.success(t("rapport.private"), icon=":material/visibility_off:")
else:
    st.warning(t("rapport.not_private"), icon=":material/visibility:")

report_downloads(view)

st.subheader(t("rapport.tables_title"))
display.explain("rapport.tables_explain")
TABLES = {
    "incidents": view.incidents(),
    "months": view.month_rows(),
    "members": view.members(),
    "messages": view.messages(),
    "offtopic_leavers": view.offtopic_leavers(),
    "signal_hours": view.signal_hours(),
    "group_sizes": view.group_sizes(),
}


def rows_text(name: str, frame) -> str:
    """How many rows, and for the messages how many are members' messages (the Overzicht's figure) and how
    many system lines, so the two counts never seem to disagree."""
    rows = counted("rapport.rows", len(frame))
    if name != "messages":
        return rows
    members = int(is_writer(frame).sum())
    return t(
        "rapport.messages_rows",
        rows=rows,
        members=counted("rapport.member_messages", members),
        system=counted("rapport.system_rows", len(frame) - members),
    )


def content_text(name: str) -> str:
    scope = t(f"rapport.scope_{SCOPE[name]}", period=period)
    names = "none" if name not in WITH_NAMES else ("hidden" if view.privacy else "shown")
    return f"{t(f'rapport.explain_{name}')} {scope} {t(f'rapport.names_{names}')}"


file_period = view.months[0] if not view.is_range else f"{view.months[0]}_{view.months[-1]}"
for name, frame in TABLES.items():
    left, right = st.columns([3, 1], vertical_alignment="center")
    left.markdown(f"**{t(f'rapport.table_{name}')}** · {rows_text(name, frame)}")
    left.caption(content_text(name))
    right.download_button(
        t("rapport.download_csv"),
        data=lambda frame=frame: display.csv_bytes(frame),  # made on click, not on every rerun
        file_name=f"saar-monitor_{name}_{file_period}.csv",
        mime="text/csv",
        key=f"csv_{name}",
        icon=":material/download:",
        on_click="ignore",
    )
