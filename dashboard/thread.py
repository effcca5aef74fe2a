"""An incident's thread shown like the chat itself, with each message's SAAR step, violations and reasons.

Message text is never interpreted: it is escaped before it reaches markdown, so a message with
``<script>`` or markdown characters shows exactly as it was written.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from dashboard.display import date_time, escape_markdown, minutes, rule_names
from dashboard.texts import t, table


def step_label(message: pd.Series) -> str:
    steps = table("steps")
    if bool(message.get("closure", False)):
        return steps["closure"]
    step = message.get("saar_step")
    return steps.get(str(step), "") if step is not None and not pd.isna(step) else ""


def body_text(message: pd.Series) -> str:
    """What the message says; media, deleted messages, polls and locations get a Dutch placeholder."""
    kind = str(message["kind"])
    text = "" if pd.isna(message["text"]) else str(message["text"])
    if kind == "message":
        return text
    placeholder = t(f"thread.kind_{kind}")
    if kind == "media" and not pd.isna(message.get("media_type")):
        placeholder = t("thread.kind_media_typed", media=table("media").get(str(message["media_type"]), ""))
    return f"[{placeholder}] {text}".strip()


def incident_summary(incident: pd.Series) -> None:
    st.markdown(t("thread.type", type=escape_markdown(str(incident["type"]))), help=t("thread.type_help"))
    columns = st.columns(5)
    to_112 = incident["minutes_to_112"]
    columns[0].metric(
        t("thread.to_112"),
        t("thread.no_112") if pd.isna(to_112) else minutes(to_112),
        help=t("thread.to_112_help"),
    )
    columns[1].metric(
        t("thread.to_reaction"), minutes(incident["minutes_to_reaction"]), help=t("thread.to_reaction_help")
    )
    columns[2].metric(
        t("thread.to_closure"), minutes(incident["minutes_to_closure"]), help=t("thread.to_closure_help")
    )
    columns[3].metric(t("thread.callers"), int(incident["callers"]), help=t("thread.callers_help"))
    columns[4].metric(t("thread.violations"), int(incident["violations"]), help=t("thread.violations_help"))
    outcome = incident.get("outcome")
    ending = (
        t("thread.closed", when=date_time(incident["closed_at"]), outcome=escape_markdown(str(outcome)))
        if outcome is not None and not pd.isna(outcome)
        else t("thread.ran_out", when=date_time(incident["end"]))
    )
    st.caption(ending)


def chat_thread(messages: pd.DataFrame, below: Callable[[pd.Series], None] | None = None) -> None:
    """Every message of the thread as a chat bubble: author, time, SAAR step, text, violations, reasons;
    a message a coordinator corrected is marked; ``below`` draws more in each bubble (the correction
    widgets)."""
    for _, message in messages.iterrows():
        author = message["author"]
        name = t("thread.system") if author is None or pd.isna(author) else str(author)
        with st.chat_message(
            name, avatar=":material/person:" if message["kind"] != "system" else ":material/info:"
        ):
            step = step_label(message)
            header = f"**{escape_markdown(name)}** · {date_time(message['timestamp'])}"
            if step:
                header += f" · :blue-badge[{step}]"
            if bool(message.get("corrected", False)):
                header += f" · :orange-badge[{t('correcties.corrected_badge')}]"
            st.markdown(header)
            st.markdown(escape_markdown(body_text(message)) or "\u00a0")
            codes = tuple(message.get("violations") or ())
            if codes:
                st.markdown(f":red-badge[{t('thread.broken')}: {rule_names(codes)}]")
            reasons = tuple(message.get("reasons") or ())
            if reasons:
                st.caption(t("thread.why") + " " + escape_markdown("; ".join(reasons)))
            if below is not None:
                below(message)
