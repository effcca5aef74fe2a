"""Rapport: downloads of every table of the current view (CSV), and the written reports when available."""

import streamlit as st

from app_pages import display
from app_pages.reports import report_downloads
from app_pages.session import current_view
from app_pages.texts import t

view = current_view()
st.title(t("rapport.title"))
st.caption(t("rapport.intro", period=display.period_label(view.months)))
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
period = view.months[0] if not view.is_range else f"{view.months[0]}_{view.months[-1]}"
for name, frame in TABLES.items():
    left, right = st.columns([3, 1], vertical_alignment="center")
    left.markdown(f"**{t(f'rapport.table_{name}')}** · {t('rapport.rows', count=len(frame))}")
    left.caption(t(f"rapport.explain_{name}"))
    right.download_button(
        t("rapport.download_csv"),
        data=lambda frame=frame: display.csv_bytes(frame),  # made on click, not on every rerun
        file_name=f"saar-monitor_{name}_{period}.csv",
        mime="text/csv",
        key=f"csv_{name}",
        icon=":material/download:",
        on_click="ignore",
    )
