"""Meldingen: the incidents of the period as a table to filter, search and page through; a click on a
row shows that incident's whole thread below the table, like the chat.

Which rows the table shows is decided in ``dashboard.incident_filters`` (no Streamlit); this script
draws the widgets, formats the rows and keeps the table's row selection, the "Melding" box and
``?incident=`` in step. Filters and order are bound to the URL (``?zonder112=``, ``?soort=`` ...)
so a copied link shows the same list; the search words are not, as they may be names or message text.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import display
from dashboard.correction_widgets import thread_hook
from dashboard.incident_filters import (
    SORTS,
    IncidentPage,
    IncidentQuery,
    cut,
    ordered,
    page_count,
    page_of,
    type_options,
)
from dashboard.session import current_view
from dashboard.texts import t, table
from dashboard.thread import chat_thread, incident_summary

TABLE_KEY = "incident_table"  # numbered: see _next_table
CHOICE_KEY = "incident"  # the "Melding" box; also the name of the query parameter
PAGE_KEY = "pagina"
ROW_PX = 35  # the grid's row (and header) height
#: Row positions of the table as drawn in the previous run, and the selection this script set there:
#: a selection in the table that differs from it is the user's click.
_PAGE_IDS = "_meldingen_page_ids"
_SET_SELECTION = "_meldingen_set_selection"
_GENERATION = "_meldingen_table_generation"


def table_key() -> str:
    return f"{TABLE_KEY}_{st.session_state.get(_GENERATION, 0)}"


def _next_table() -> None:
    """Draw the table as a new widget from now on. The grid remembers the last clicked cell even after
    this script clears the selection, and does not report another click on that same cell (the same
    row after a click elsewhere, on another page or after a filter); a new widget has no memory."""
    st.session_state[_GENERATION] = st.session_state.get(_GENERATION, 0) + 1


def _first_page() -> None:
    """A changed filter or order starts at page 1."""
    st.session_state[PAGE_KEY] = 1


def _keep_valid(key: str, options: list[str]) -> None:
    """Forget chosen values the current data does not have (a shared link to other data, a new upload)."""
    chosen = st.session_state.get(key)
    if isinstance(chosen, list) and any(value not in options for value in chosen):
        st.session_state[key] = [value for value in chosen if value in options]


def _filter_box(slot, text_key: str, options: list[str], key: str) -> list[str]:
    """A multiselect filter mirrored in the URL; values the data no longer has are dropped first."""
    _keep_valid(key, options)
    return slot.multiselect(
        t(f"meldingen.{text_key}"),
        options,
        key=key,
        placeholder=t(f"meldingen.{text_key}_placeholder"),
        on_change=_first_page,
        bind="query-params",
    )


def sort_labels() -> dict[str, str]:
    return {
        "newest": t("meldingen.sort_newest"),
        "oldest": t("meldingen.sort_oldest"),
        "slowest_112": t("meldingen.sort_slowest_112"),
        "slowest_reaction": t("meldingen.sort_slowest_reaction"),
    }


def filters(types: list[str], groups: list[str]) -> IncidentQuery:
    """The widgets above the table, read into a query."""
    top = st.columns([3, 2, 2, 2] if len(groups) > 1 else [3, 2, 2])
    search = top[0].text_input(
        t("meldingen.search"),
        key="zoek",
        placeholder=t("meldingen.search_placeholder"),
        help=t("meldingen.search_help"),
        on_change=_first_page,
    )
    chosen_types = _filter_box(top[1], "types", types, "soort")
    chosen_groups = _filter_box(top[2], "groups", groups, "groep") if len(groups) > 1 else []
    sort = top[-1].selectbox(
        t("meldingen.sort"),
        SORTS,
        format_func=sort_labels().get,
        key="volgorde",
        on_change=_first_page,
        bind="query-params",
        placeholder=t("common.choose_one"),
    )
    checks = st.columns([2, 2, 5])
    without_112 = checks[0].checkbox(
        t("meldingen.without_112"),
        key="zonder112",
        help=t("meldingen.without_112_help"),
        on_change=_first_page,
        bind="query-params",
    )
    not_closed = checks[1].checkbox(
        t("meldingen.not_closed"),
        key="niet_afgesloten",
        help=t("meldingen.not_closed_help"),
        on_change=_first_page,
        bind="query-params",
    )
    return IncidentQuery(
        without_112=bool(without_112),
        not_closed=bool(not_closed),
        types=tuple(chosen_types),
        groups=tuple(chosen_groups),
        search=search or "",
        sort=sort or SORTS[0],
    )


def shown_rows(rows: pd.DataFrame) -> pd.DataFrame:
    """The page's incidents as the table shows them: Dutch headers, durations as text, first what a
    coordinator scans (begin, soort, 112, eerste reactie, afloop), then the rest."""
    names = table("columns")
    no_112 = t("thread.no_112")
    open_ = t("meldingen.open")
    return pd.DataFrame(
        {
            names["start"]: rows["start"],
            names["type"]: rows["type"].astype(object),
            t("meldingen.col_112"): [
                no_112 if pd.isna(m) else display.minutes(m) for m in rows["minutes_to_112"]
            ],
            t("meldingen.col_reaction"): [display.minutes(m) for m in rows["minutes_to_reaction"]],
            names["outcome"]: [open_ if pd.isna(o) else str(o) for o in rows["outcome"]],
            names["group"]: rows["group"].astype(object),
            names["opened_by"]: rows["opened_by"].astype(object),
            names["opening_text"]: rows["opening_text"].astype(object),
            t("meldingen.col_closure"): [display.minutes(m) for m in rows["minutes_to_closure"]],
            names["callers"]: rows["callers"].astype(int),
            names["reactors"]: rows["reactors"].astype(int),
            names["messages"]: rows["messages"].astype(int),
            names["violations"]: rows["violations"].astype(int),
        }
    )


def column_config(frame: pd.DataFrame) -> dict[str, object]:
    names = table("columns")
    config: dict[str, object] = {
        names["start"]: st.column_config.DatetimeColumn(names["start"], format=display.DATE_TIME_GRID),
        t("meldingen.col_112"): st.column_config.TextColumn(help=t("thread.to_112_help")),
        t("meldingen.col_reaction"): st.column_config.TextColumn(help=t("thread.to_reaction_help")),
        t("meldingen.col_closure"): st.column_config.TextColumn(help=t("thread.to_closure_help")),
        names["outcome"]: st.column_config.TextColumn(help=t("meldingen.outcome_help"), width="large"),
        names["opening_text"]: st.column_config.TextColumn(width="medium"),
    }
    return {label: column for label, column in config.items() if label in frame.columns}


def _selection(state: object) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """(rows, rows of selected cells) of a dataframe selection state, comparable between runs."""
    if state is None:
        return (), ()
    try:
        selection = state["selection"]  # type: ignore[index]
        rows = tuple(int(r) for r in (selection.get("rows") or ()))
        cells = tuple(int(cell[0]) for cell in (selection.get("cells") or ()))
    except (KeyError, TypeError, ValueError, IndexError):
        return (), ()
    return rows, cells


def clicked() -> tuple[bool, str | None]:
    """Whether the user clicked in the table since the last run, and the incident of that row.

    The table allows one row (its checkbox) and one cell, and this script sets the selection to the
    chosen incident's row and no cell before every run. A changed row selection is a click on a
    checkbox: the newly ticked row opens, no ticked row closes the thread (the grid may then also
    report a cell, which is no click). Otherwise a cell in the selection is a click on that row
    (the grid keeps the ticked row when a cell is clicked).
    """
    state = st.session_state.get(table_key())
    if state is None:  # the table was not on screen in the previous run
        return False, None
    rows, cells = _selection(state)
    set_rows, _ = st.session_state.get(_SET_SELECTION, ((), ()))
    if rows != set_rows:
        position = rows[0] if rows else None
    elif cells:
        position = cells[0]
    else:
        return False, None
    _next_table()
    ids = st.session_state.get(_PAGE_IDS, [])
    if position is None or not 0 <= position < len(ids):
        return True, None
    return True, ids[position]


def choose_from_link(every_id: set[str], matched_ids: list[str]) -> None:
    """First visit of the page: a shared link (or a link from the 112 page) may name the incident;
    the table then opens at the page where it stands."""
    if CHOICE_KEY in st.session_state:
        return
    requested = st.query_params.get(CHOICE_KEY)
    if requested in every_id:
        st.session_state[CHOICE_KEY] = requested
        page = page_of(matched_ids, requested)
        if page is not None:
            st.session_state[PAGE_KEY] = page


def incident_table(slot: st.delta_generator.DeltaGenerator, page: IncidentPage, chosen: str | None) -> None:
    """The page's rows, with the chosen incident's row ticked."""
    ids = page.ids
    if ids != st.session_state.get(_PAGE_IDS):
        _next_table()
    rows = [ids.index(chosen)] if chosen in ids else []
    key = table_key()
    st.session_state[key] = {"selection": {"rows": rows, "columns": [], "cells": []}}
    st.session_state[_SET_SELECTION] = (tuple(rows), ())
    st.session_state[_PAGE_IDS] = ids
    frame = shown_rows(page.rows)
    slot.dataframe(
        frame,
        column_config=column_config(frame),
        hide_index=True,
        key=key,
        width="stretch",
        height=ROW_PX * (len(frame) + 1) + 3,  # every row of the page visible, no scrolling inside
        on_select="rerun",
        selection_mode=["single-row", "single-cell"],
        placeholder="–",
    )


def count_caption(page: IncidentPage, total: int) -> str | None:
    """How many incidents the filters keep and which rows this page shows; None when that says nothing."""
    parts = []
    if page.matched < total:
        of = display.number(total)
        parts.append(
            t("meldingen.matched_one", total=of)
            if page.matched == 1
            else t("meldingen.matched_many", matched=display.number(page.matched), total=of)
        )
    if page.pages > 1:
        parts.append(
            t(
                "meldingen.rows",
                first=display.number(page.first),
                last=display.number(page.last),
                matched=display.number(page.matched),
            )
        )
    return " ".join(parts) or None


view = current_view()
st.title(t("meldingen.title"))
incidents = view.incidents()
st.caption(
    t(
        "meldingen.intro",
        count=t("meldingen.count_one")
        if len(incidents) == 1
        else t("meldingen.count_many", count=display.number(len(incidents))),
        period=display.period_label(view.months),
    )
)

every_incident = view.analysis.incidents
every_id = set(every_incident["incident"])
if incidents.empty:
    st.info(t("meldingen.none"))
    st.query_params.pop(CHOICE_KEY, None)
    st.stop()

query = filters(
    type_options(every_incident[every_incident["group"].isin(view.groups)]),
    list(view.groups),
)
matched = ordered(incidents, query)
choose_from_link(every_id, matched["incident"].tolist())

is_click, clicked_id = clicked()
if is_click:
    if clicked_id is None:
        st.session_state.pop(CHOICE_KEY, None)
    else:
        st.session_state[CHOICE_KEY] = clicked_id
if st.session_state.get(CHOICE_KEY) is not None and st.session_state[CHOICE_KEY] not in every_id:
    del st.session_state[CHOICE_KEY]  # an incident of data that is no longer loaded
chosen_before = st.session_state.get(CHOICE_KEY)

pages = page_count(len(matched))
if not 1 <= int(st.session_state.get(PAGE_KEY) or 1) <= pages:
    st.session_state[PAGE_KEY] = 1
table_slot = st.container()
page_number = 1
if pages > 1:
    page_number = st.pagination(pages, key=PAGE_KEY, bind="query-params", width="stretch")
page = cut(matched, page_number)

if page.matched == 0:
    table_slot.info(t("meldingen.no_match"))
else:
    caption = count_caption(page, len(incidents))
    if caption:
        table_slot.caption(caption)
    incident_table(table_slot, page, chosen_before)
    display.explain("meldingen.table_explain")

options = page.ids
if chosen_before is not None and chosen_before not in options:
    options = [*options, chosen_before]  # chosen elsewhere (a link, another page or filter): still shown
labels = display.incident_labels(every_incident, options)
chosen = st.selectbox(
    t("meldingen.choose"),
    options,
    index=None,
    format_func=labels.get,
    key=CHOICE_KEY,
    placeholder=t("meldingen.choose_placeholder"),
    help=t("meldingen.choose_help"),
)
# Mirrored by hand, not bound: a bound selectbox writes its label into the URL; the id is stable.
if chosen is None:
    st.query_params.pop(CHOICE_KEY, None)
    st.caption(t("meldingen.choose_hint"))
    st.stop()
st.query_params[CHOICE_KEY] = chosen

incident = every_incident[every_incident["incident"] == chosen].iloc[0]
st.subheader(
    t(
        "meldingen.thread_title",
        when=display.date_time(incident["start"]),
        group=display.escape_markdown(incident["group"]),
    )
)
if chosen not in page.ids:
    st.caption(t("meldingen.not_in_table"))
incident_summary(incident)
chat_thread(view.thread(chosen), thread_hook("melding"))
