"""The list of loaded files: what each was read as (group, format, period, counts) or why it failed."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.display import date_time
from dashboard.loading import Dataset, FileReport
from dashboard.texts import counted, t
from parsers.audit import kept_as_text_lines


def kept_lines(report: FileReport) -> int:
    """Lines of the file that looked like a new message but were kept as text of the one above."""
    return kept_as_text_lines(report.notes)


def kept_text(count: int) -> str:
    """The count in plain Dutch: "3 regels bij het vorige bericht gevoegd"."""
    if count == 0:
        return t("files.kept_none")
    return t("files.kept_one") if count == 1 else t("files.kept_many", count=count)


def files_table(dataset: Dataset) -> pd.DataFrame:
    rows = [
        {
            t("files.name"): report.name,
            t("files.group"): report.group or "–",
            t("files.format"): report.format or "–",
            t("files.period"): f"{date_time(report.first)} – {date_time(report.last)}" if report.ok else "–",
            t("files.messages"): report.messages,
            t("files.events"): report.events,
            t("files.kept"): kept_text(kept_lines(report)),
            t("files.status"): report.error or ("; ".join(report.notes) or t("files.ok")),
        }
        for report in dataset.files
    ]
    return pd.DataFrame(rows)


def loaded_files(dataset: Dataset) -> None:
    """An expander with one row per file; open right after an upload so the user can check it."""
    failed = sum(not report.ok for report in dataset.files)
    title = t(
        "files.title",
        files=counted("files.files", len(dataset.files)),
        groups=counted("files.groups", len(dataset.groups)),
    )
    with st.expander(title, expanded=not dataset.is_sample or failed > 0, icon=":material/folder_open:"):
        st.dataframe(files_table(dataset), hide_index=True, width="stretch")
        st.caption(t("files.explain"))
        if any(kept_lines(report) for report in dataset.files):
            st.caption(t("files.kept_explain"))
