"""The written reports from ``reports``: the Maandrapport and the Effectiviteitsrapport.

Reports are made on request and kept in session state so a rerun does not rebuild them; the PDF
has its own button because drawing its charts takes seconds. Nothing is written to disk.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

import reports
from dashboard import review_session
from dashboard.display import covered_month_label, escape_markdown, month_label, period_label
from dashboard.texts import counted, t
from dashboard.view import View

MIME = {
    "html": "text/html",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
WRITERS: dict[str, Callable[[reports.Report], str | bytes]] = {
    "html": reports.to_html,
    "xlsx": reports.to_xlsx,
    "pdf": reports.to_pdf,
}
_STORE = "_reports"
_KEEP = 6  # reports kept per session; older selections are dropped


def earlier_kept(view: View) -> str | None:
    """The first month before the period that the store's history kept for the selected groups (their
    messages left the export), or None: the Effectiviteitsrapport can start there."""
    history = view.history
    if history is None or history.empty:
        return None
    kept = history[
        (history["source"] == "history")
        & history["group"].isin(list(view.groups))
        & (history["month"] < view.months[0])
    ]
    return None if kept.empty else str(kept["month"].min())


def _builders(view: View, first: str) -> dict[str, Callable[[], reports.Report]]:
    groups = list(view.groups)
    profile = view.profiles.get(groups[0]) if len(groups) == 1 else None
    # A pseudonymised analysis is already scrubbed; names=True then keeps its "Lid 01" pseudonyms as they
    # are on screen. With the switch off the Maandrapport pseudonymises by itself (names=False).
    return {
        "maand": lambda: reports.month_report(
            view.analysis,
            view.month,
            groups=groups,
            names=view.privacy,
            profile=profile,
            history=view.history,
        ),
        "effectiviteit": lambda: reports.effectiveness_report(
            view.analysis,
            first,
            view.months[-1],
            groups=groups,
            profile=profile,
            history=view.history,
        ),
    }


def groups_text(groups: tuple[str, ...]) -> str:
    """ "de groep Vogelwijk" or "3 groepen: A, B, C", escaped (captions are markdown)."""
    names = ", ".join(escape_markdown(group) for group in groups)
    return counted("rapport.groups", len(groups), names=names)


def report_downloads(view: View) -> None:
    """Per report: a button that makes it (HTML and Excel), then downloads, and a separate PDF button."""
    store: dict[str, dict[str, object]] = st.session_state.setdefault(_STORE, {})
    selection = (
        f"{view.dataset.key}|{view.groups}|{view.months}|{view.privacy}|{sorted(view.profiles.items())}"
        f"|{review_session.revision()}"  # a correction makes the reports again
    )
    earlier = earlier_kept(view)
    first = view.months[0]
    if earlier is not None and st.session_state.get("report_with_history"):
        first = earlier
    for kind, build in _builders(view, first).items():
        st.subheader(t(f"rapport.report_{kind}"))
        month = covered_month_label(view.month, view.cover())  # a partial month says so
        period = month if kind == "maand" else period_label(sorted({first, view.months[-1]}))
        st.caption(t(f"rapport.report_{kind}_explain", period=period))
        if kind == "effectiviteit" and earlier is not None:
            st.checkbox(
                t("rapport.with_history", first=month_label(earlier)),
                key="report_with_history",
                help=t("rapport.with_history_help"),
            )
        key = f"{kind}|{first}|{selection}"
        made = store.get(key)
        if made is None:
            if not st.button(t("rapport.make"), key=f"make_{kind}", icon=":material/description:"):
                continue
            try:
                with st.spinner(t("rapport.making")):
                    report = build()
                    made = {
                        "report": report,
                        "html": reports.to_html(report),
                        "xlsx": reports.to_xlsx(report),
                    }
            except reports.ReportError as exc:
                st.error(t("rapport.failed", reason=escape_markdown(exc)))
                continue
            if len(store) >= _KEEP:
                store.clear()
            store[key] = made
        columns = st.columns(3)
        for column, fmt in zip(columns, ("html", "xlsx", "pdf"), strict=True):
            with column:
                _download(kind, fmt, made, view, first)


def _file_period(kind: str, view: View, first: str) -> str:
    """The period in a report's file name: the Maandrapport's month (with a range, its last), the
    Effectiviteitsrapport's first and last month."""
    if kind == "maand" or first == view.month:
        return view.month
    return f"{first}_{view.months[-1]}"


def _download(kind: str, fmt: str, made: dict[str, object], view: View, first: str) -> None:
    if fmt == "pdf" and "pdf" not in made:
        if st.button(t("rapport.make_pdf"), key=f"make_pdf_{kind}", icon=":material/picture_as_pdf:"):
            with st.spinner(t("rapport.making_pdf")):
                made["pdf"] = WRITERS["pdf"](made["report"])  # type: ignore[arg-type]
        else:
            return
    data = made[fmt]
    st.download_button(
        t(f"rapport.download_{fmt}"),
        data=data.encode("utf-8") if isinstance(data, str) else data,  # type: ignore[arg-type]
        file_name=f"saar-monitor_{kind}rapport_{_file_period(kind, view, first)}.{fmt}",
        mime=MIME[fmt],
        key=f"download_{kind}_{fmt}",
        icon=":material/download:",
        on_click="ignore",
    )
