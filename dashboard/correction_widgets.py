"""The correction panel: under a message, what a coordinator can change (SAAR step and violations, a 112
confirmation, the incident it belongs to), why, and who they are. Used in the Meldingen thread and on the
Correcties page; what each choice stores is decided in ``dashboard.reviewing``.

The panel is drawn for one message at a time (the one whose "Corrigeren" was clicked), so a thread of
many messages stays light. After a correction the whole dashboard runs again with it applied.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from analysis.corrections import SET_LABELS
from analysis.model import LABELS, VIOLATIONS
from dashboard import review_session, reviewing
from dashboard.display import escape_markdown
from dashboard.texts import t
from store import StoreError

#: (where, message index) of the message whose panel is open.
OPEN_KEY = "_correcting"
#: The reviewer's initials, kept for the session so they are typed once.
REVIEWER_KEY = "_reviewer"
MAX_NOTE = 200
MAX_REVIEWER = 12


def _toggle(where: str, row: object) -> None:
    st.session_state[OPEN_KEY] = None if st.session_state.get(OPEN_KEY) == (where, row) else (where, row)


def thread_hook(where: str) -> Callable[[pd.Series], None]:
    """For ``thread.chat_thread``: a "Corrigeren" button in each member message's bubble, and the panel
    in the bubble of the message it opened."""

    def below(message: pd.Series) -> None:
        if str(message["kind"]) == "system":
            return
        is_open = st.session_state.get(OPEN_KEY) == (where, message.name)
        st.button(
            t("correcties.close") if is_open else t("correcties.open"),
            key=f"{where}_toggle_{message.name}",
            icon=":material/edit:",
            type="tertiary",
            on_click=_toggle,
            args=(where, message.name),
        )
        if is_open:
            panel(message, where)

    return below


def reviewer_input(prefix: str) -> str:
    """The reviewer's initials: asked once per session, shown in every panel."""
    widget = f"{prefix}_reviewer"
    if widget not in st.session_state:
        st.session_state[widget] = st.session_state.get(REVIEWER_KEY, "")
    value = st.text_input(
        t("correcties.reviewer"),
        key=widget,
        max_chars=MAX_REVIEWER,
        placeholder=t("correcties.reviewer_placeholder"),
        help=t("correcties.reviewer_help"),
    )
    st.session_state[REVIEWER_KEY] = value
    return value


def panel(message: pd.Series, where: str) -> None:
    """What can be corrected about ``message`` (a row of the view's messages, index = its row)."""
    opened = review_session.opened()
    reviewed = review_session.current()
    if opened.store is None or reviewed is None or message.name not in reviewed.keys.index:
        st.info(t("correcties.no_store"), icon=":material/info:")
        return
    actions = reviewing.actions_for(message)
    if not actions:
        return
    prefix = f"{where}_{message.name}"
    with st.container(border=True, key=f"{prefix}_panel"):
        action = st.radio(
            t("correcties.action"),
            actions,
            format_func=lambda a: t(f"correcties.actions.{a}"),
            key=f"{prefix}_action",
        )
        changes: dict[str, bool] | None = None
        if action == SET_LABELS:
            labels, violations = reviewing.current_labels(message)
            chosen_labels = st.multiselect(
                t("correcties.labels_label"),
                LABELS,
                default=labels,
                format_func=reviewing.code_name,
                key=f"{prefix}_labels",
                placeholder=t("correcties.none_chosen"),
            )
            chosen_rules = st.multiselect(
                t("correcties.rules_label"),
                VIOLATIONS,
                default=violations,
                format_func=reviewing.code_name,
                key=f"{prefix}_rules",
                placeholder=t("correcties.none_chosen"),
            )
            changes = reviewing.label_changes(message, chosen_labels, chosen_rules)
        else:
            st.caption(t(f"correcties.explain.{action}"))
        note = st.text_input(
            t("correcties.note"),
            key=f"{prefix}_note",
            max_chars=MAX_NOTE,
            placeholder=t("correcties.note_placeholder"),
            help=t("correcties.note_help"),
        )
        reviewer = reviewer_input(prefix)
        st.caption(t("correcties.privacy_hint"))
        if st.button(t("correcties.save"), key=f"{prefix}_save", type="primary", icon=":material/save:"):
            _save(
                opened,
                str(message["group"]),
                reviewed.keys.loc[message.name],
                action,
                changes,
                note,
                reviewer,
            )


def _save(
    opened: reviewing.Opened,
    group: str,
    key: str,
    action: str,
    changes: dict[str, bool] | None,
    note: str,
    reviewer: str,
) -> None:
    if not reviewer.strip():
        st.warning(t("correcties.reviewer_missing"), icon=":material/badge:")
        return
    try:
        reviewing.correct(
            opened.store,  # type: ignore[arg-type]
            group,
            key,
            action,
            changes=changes,
            note=note,
            reviewer=reviewer,
        )
    except reviewing.NothingToDo:
        st.info(t("correcties.nothing_changed"))
        return
    except StoreError as exc:
        st.error(escape_markdown(reviewing.error_text(exc)), icon=":material/error:")
        return
    st.session_state[OPEN_KEY] = None
    review_session.changed(t("correcties.saved"))
    st.rerun()
