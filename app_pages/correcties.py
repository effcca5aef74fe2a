"""Correcties: check and correct any message of the period (also the ones outside an incident, such as a
wrong off-topic flag), every correction per group with who made it and when, undo, and the store itself:
where it is, export and import as one file, delete a group or everything.

A page of its own because the store is about all groups and all exports at once, not about the period on
screen, and because a coordinator comes here to review, not to read figures. The decisions are in
``dashboard.reviewing``; the panel is ``dashboard.correction_widgets``.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis.corrected import correction_counts
from dashboard import display, review_session, reviewing
from dashboard.correction_widgets import panel, reviewer_input
from dashboard.session import current_view
from dashboard.texts import counted, t, table
from store import StoreError

#: Messages the table shows at most (newest first); the filters narrow it down.
MAX_ROWS = 300
ALL = "__alle__"
SHOW = ("violations", "all", "alarm", "corrected", "outside")


def _filtered(messages: pd.DataFrame, show: str, search: str) -> pd.DataFrame:
    rows = messages[messages["kind"] != "system"]
    if show == "violations":
        rows = rows[rows["violations"].map(len) > 0]
    elif show == "alarm":
        rows = rows[rows["alarm"].astype(bool)]
    elif show == "corrected":
        rows = rows[rows["corrected"].astype(bool)] if "corrected" in rows else rows.iloc[:0]
    elif show == "outside":
        rows = rows[rows["incident"].isna()]
    if search.strip():
        rows = rows[rows["text"].fillna("").str.contains(search.strip(), case=False, regex=False)]
    return rows.sort_values(["timestamp", "line"], ascending=False)


def _message_table(rows: pd.DataFrame) -> None:
    names = table("correcties.columns")
    steps = table("steps")
    frame = rows.assign(
        **{
            names["nr"]: range(1, len(rows) + 1),
            names["step"]: [steps.get(str(s), "") if isinstance(s, str) else "" for s in rows["saar_step"]],
            names["corrected"]: [
                t("correcties.corrected_badge") if c else ""
                for c in rows.get("corrected", [False] * len(rows))
            ],
        }
    )
    display.show_table(
        frame,
        (
            names["nr"],
            "timestamp",
            "group",
            "author",
            names["step"],
            "violations",
            names["corrected"],
            "text",
        ),
        key="correcties_messages",
    )


def review_messages(view) -> None:
    st.subheader(t("correcties.messages_title"))
    st.caption(t("correcties.messages_intro"))
    messages = view.messages()
    left, right = st.columns([2, 3])
    show = left.selectbox(
        t("correcties.show"),
        SHOW,
        format_func=lambda s: t(f"correcties.show_{s}"),
        key="correcties_show",
        placeholder=t("common.choose_one"),
    )
    search = right.text_input(
        t("correcties.search"), key="correcties_search", placeholder=t("correcties.search_placeholder")
    )
    rows = _filtered(messages, show, search or "")
    if rows.empty:
        st.caption(t("correcties.no_messages"))
        return
    shown = rows.head(MAX_ROWS)
    _message_table(shown)
    if len(rows) > MAX_ROWS:
        st.caption(t("correcties.more_rows", shown=MAX_ROWS, total=len(rows)))
    numbers = {row: number for number, row in enumerate(shown.index, start=1)}
    chosen = st.selectbox(
        t("correcties.choose"),
        list(shown.index),
        index=None,
        format_func=lambda row: t(
            "correcties.choose_label",
            nr=numbers[row],
            when=display.date_time(shown.at[row, "timestamp"]),
            group=shown.at[row, "group"],
        ),
        key="correcties_message",
        placeholder=t("correcties.choose_placeholder"),
    )
    if chosen is not None:
        panel(shown.loc[chosen], "lijst")


def correction_list(opened: reviewing.Opened, view) -> None:
    st.subheader(t("correcties.list_title"))
    store = opened.store
    groups = sorted(set(store.groups()) | set(view.dataset.groups))  # type: ignore[union-attr]
    group = st.selectbox(
        t("correcties.list_group"), groups, key="correcties_group", placeholder=t("common.choose_one")
    )
    listing = store.list_corrections(group)  # type: ignore[union-attr]
    if listing.empty:
        st.caption(t("correcties.list_none"))
        return
    reviewed = review_session.current()
    times = {} if reviewed is None else reviewing.message_times(reviewed.keys, reviewed.analysis.messages)
    st.dataframe(
        reviewing.correction_rows(listing, times), hide_index=True, width="stretch", key="correcties_list"
    )
    st.caption(t("correcties.list_explain"))
    holding = reviewing.undoable(listing)
    if not holding:
        return
    left, right = st.columns([2, 2], vertical_alignment="bottom")
    number = left.selectbox(
        t("correcties.undo_which"), holding, key="correcties_undo_id", placeholder=t("common.choose_one")
    )
    with right:
        reviewer = reviewer_input("undo")
    if st.button(t("correcties.undo"), key="correcties_undo", icon=":material/undo:"):
        if not reviewer.strip():
            st.warning(t("correcties.reviewer_missing"), icon=":material/badge:")
            return
        try:
            store.undo(correction_id=int(number), reviewer=reviewer.strip())  # type: ignore[union-attr]
        except StoreError as exc:
            st.error(display.escape_markdown(reviewing.error_text(exc)), icon=":material/error:")
            return
        review_session.changed(t("correcties.undone", nr=number))
        st.rerun()


def store_section(opened: reviewing.Opened, view) -> None:
    st.subheader(t("correcties.store_title"))
    st.caption(t("correcties.store_explain"))
    st.markdown(t("correcties.store_path"))
    st.code(str(opened.path or "–"), language=None)
    if opened.store is None:
        return
    store = opened.store
    st.download_button(
        t("correcties.export"),
        data=store.export_bytes,  # made on click
        file_name=reviewing.STORE_FILE_NAME,
        mime="application/vnd.sqlite3",
        key="correcties_export",
        icon=":material/download:",
        on_click="ignore",
    )
    upload = st.file_uploader(
        t("correcties.import"), key="correcties_import", help=t("correcties.import_help")
    )
    replace = st.checkbox(t("correcties.import_replace"), key="correcties_import_replace")
    if upload is not None and st.button(t("correcties.import_button"), key="correcties_import_go"):
        try:
            result = store.import_bytes(upload.getvalue(), replace=bool(replace))
        except StoreError as exc:
            message = reviewing.import_error_text(exc, upload.name, opened.path)
            st.error(display.escape_markdown(message), icon=":material/error:")
        else:
            corrections = counted("correcties.imported_corrections", int(result["corrections"]))
            months = counted("correcties.imported_months", int(result["months"]))
            review_session.changed(t("correcties.imported", corrections=corrections, months=months))
            st.rerun()

    st.markdown(f"**{t('correcties.delete_title')}**")
    groups = sorted(set(store.groups()) | set(view.dataset.groups))
    which = st.selectbox(
        t("correcties.delete_which"),
        [ALL, *groups],
        format_func=lambda g: t("correcties.delete_all") if g == ALL else g,
        key="correcties_delete_which",
        placeholder=t("common.choose_one"),
    )
    sure = st.checkbox(t("correcties.delete_sure"), key="correcties_delete_sure")
    if st.button(
        t("correcties.delete_button"), key="correcties_delete", disabled=not sure, icon=":material/delete:"
    ):
        try:
            removed = store.delete_all() if which == ALL else store.delete_group(which)
        except StoreError as exc:
            st.error(display.escape_markdown(reviewing.error_text(exc)), icon=":material/error:")
            return
        st.session_state.pop("correcties_delete_sure", None)
        review_session.stop_keeping(view.dataset.key)
        review_session.changed(t("correcties.deleted", count=removed))
        st.rerun()


view = current_view()
st.title(t("correcties.title"))
st.caption(t("correcties.intro", period=display.period_label(view.months)))
counts = correction_counts(view.messages())
if not counts.empty:
    st.caption(
        t(
            "correcties.in_period",
            labels=counted("correcties.labels", int(counts["corrected_labels"].sum())),
            messages=counted("correcties.messages", int(counts["corrected_messages"].sum())),
        )
    )
store_state = review_session.opened()
if store_state.error:
    st.error(display.escape_markdown(store_state.error), icon=":material/error:")
    st.caption(t("correcties.damaged_advice"))
review_messages(view)
if store_state.store is not None:
    correction_list(store_state, view)
store_section(store_state, view)
