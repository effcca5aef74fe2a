"""The written reports from ``analysis.reports``: the Maandrapport and the Effectiviteitsrapport.

Reports are made on request (a PDF takes seconds), kept in session state so a rerun does not
rebuild them, and handed to the browser as downloads; nothing is written to disk.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable
from types import ModuleType

import streamlit as st

from app_pages.display import month_label, period_label
from app_pages.texts import t
from app_pages.view import View

#: Output formats: (text key, file suffix, MIME type, name of the analysis.reports function).
FORMATS = (
    ("html", "html", "text/html", "to_html"),
    ("pdf", "pdf", "application/pdf", "to_pdf"),
    ("xlsx", "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "to_xlsx"),
)
_STORE = "_reports"


def reports_module() -> ModuleType | None:
    """``analysis.reports`` when it is installed in this version, else None (the page offers CSV only)."""
    if importlib.util.find_spec("analysis.reports") is None:
        return None
    return importlib.import_module("analysis.reports")


def _report_builders(view: View, reports: ModuleType) -> dict[str, Callable[[], object]]:
    groups = list(view.groups)
    profile = view.profiles.get(groups[0]) if len(groups) == 1 else None
    return {
        "maand": lambda: reports.month_report(
            view.analysis, view.month, groups=groups, names=view.privacy, profile=profile
        ),
        "effectiviteit": lambda: reports.effectiveness_report(
            view.analysis, view.months[0], view.months[-1], groups=groups, profile=profile
        ),
    }


def report_downloads(view: View) -> None:
    """One block per report: a button that makes it, then download buttons for HTML, PDF and Excel."""
    reports = reports_module()
    if reports is None:
        st.info(t("rapport.reports_missing"))
        return
    store: dict[str, dict[str, bytes]] = st.session_state.setdefault(_STORE, {})
    # A pseudonymised analysis is already scrubbed, so it may keep its (pseudonym) names in the report.
    selection = (
        f"{view.dataset.key}|{view.groups}|{view.months}|{view.privacy}|{sorted(view.profiles.items())}"
    )
    for kind, build in _report_builders(view, reports).items():
        st.subheader(t(f"rapport.report_{kind}"))
        st.caption(t(f"rapport.report_{kind}_explain", period=_period_text(view, kind)))
        key = f"{kind}|{selection}"
        if key not in store:
            if not st.button(t("rapport.make"), key=f"make_{kind}", icon=":material/description:"):
                continue
            with st.spinner(t("rapport.making")):
                report = build()
                if len(store) > 6:  # keep memory bounded: old selections are dropped
                    store.clear()
                store[key] = {fmt: getattr(reports, function)(report) for fmt, _, _, function in FORMATS}
        columns = st.columns(len(FORMATS))
        for column, (fmt, suffix, mime, _) in zip(columns, FORMATS, strict=True):
            data = store[key][fmt]
            column.download_button(
                t(f"rapport.download_{fmt}"),
                data=data.encode("utf-8") if isinstance(data, str) else data,
                file_name=f"saar-monitor_{kind}rapport_{view.months[0]}.{suffix}",
                mime=mime,
                key=f"download_{kind}_{fmt}",
                icon=":material/download:",
                on_click="ignore",
            )


def _period_text(view: View, kind: str) -> str:
    return month_label(view.month) if kind == "maand" else period_label(view.months)
