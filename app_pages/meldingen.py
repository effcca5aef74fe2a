"""Meldingen: the incidents of the period; choosing one shows its whole thread like a chat."""

import streamlit as st

from app_pages import display
from app_pages.session import current_view
from app_pages.texts import t
from app_pages.thread import chat_thread, incident_summary

COLUMNS = (
    "start",
    "group",
    "type",
    "opened_by",
    "opening_text",
    "minutes_to_112",
    "minutes_to_reaction",
    "minutes_to_closure",
    "callers",
    "reactors",
    "messages",
    "violations",
    "outcome",
)

view = current_view()
st.title(t("meldingen.title"))
incidents = view.incidents().sort_values("start", ascending=False).reset_index(drop=True)
st.caption(t("meldingen.intro", count=len(incidents), period=display.period_label(view.months)))

if incidents.empty:
    st.info(t("meldingen.none"))
    st.stop()

event = display.show_table(
    incidents,
    COLUMNS,
    key="incident_table",
    on_select="rerun",
    selection_mode="single-row",
    height="auto" if len(incidents) <= 10 else 390,
)
display.explain("meldingen.table_explain")

# A click in the table chooses the incident; the selectbox below (mirrored in ?incident=) follows it.
rows = event.selection.rows if event is not None else []
clicked = incidents.loc[rows[0], "incident"] if rows else None
if clicked is not None and st.session_state.get("_incident_clicked") != clicked:
    st.session_state["_incident_clicked"] = clicked
    st.session_state["incident"] = clicked

options = incidents["incident"].tolist()
if "incident" not in st.session_state:  # first visit of the page: a shared link may name the incident
    requested = st.query_params.get("incident")
    if requested in set(view.analysis.incidents["incident"]):
        st.session_state["incident"] = requested
requested = st.session_state.get("incident")
if requested is not None and requested not in options:
    if requested in set(view.analysis.incidents["incident"]):
        options.append(requested)  # a link to an incident outside the chosen period still opens
    else:
        del st.session_state["incident"]
labels = display.incident_labels(view.analysis.incidents, options)
chosen = st.selectbox(
    t("meldingen.choose"),
    options,
    index=None,
    format_func=labels.get,
    key="incident",
    placeholder=t("meldingen.choose_placeholder"),
)
# Mirrored by hand, not bound: a bound selectbox writes its label into the URL; the id is stable.
if chosen is None:
    st.query_params.pop("incident", None)
    st.caption(t("meldingen.choose_hint"))
    st.stop()
st.query_params["incident"] = chosen

every_incident = view.analysis.incidents
incident = every_incident[every_incident["incident"] == chosen].iloc[0]
st.subheader(
    t(
        "meldingen.thread_title",
        when=display.date_time(incident["start"]),
        group=display.escape_markdown(incident["group"]),
    )
)
incident_summary(incident)
chat_thread(view.thread(chosen))
