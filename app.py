"""SAAR-monitor dashboard: ``streamlit run app.py``. Routing only; the page scripts live in ``app_pages/``,
their helpers in ``dashboard/``.

Nothing is fetched from the internet: the tab icon is a file shipped with the app (Streamlit would
fetch a ``:material/...:`` page icon from a font server on every page load), and any unexpected
error shows a Dutch message instead of a traceback (``dashboard/guard.py``).
"""

from pathlib import Path

import streamlit as st

from dashboard import guard, navigation, review_session, session, sidebar
from dashboard.texts import t
from dashboard.view import View

#: The browser tab's icon; an SVG file becomes a data: URL, so the browser loads nothing for it.
ICON = Path(__file__).resolve().parent / "dashboard" / "static" / "saar-monitor.svg"


def load(loading: session.Loading, page: st.Page) -> View:
    """Files, selections and analysis from the sidebar, made available to the pages."""
    view = sidebar.build_view(loading, text=navigation.shows_text(page))
    session.set_view(view)
    return view


def main() -> None:
    st.set_page_config(page_title=t("app.title"), page_icon=str(ICON), layout="wide")
    page = navigation.select()
    loading = session.Loading(st.container())  # the page's first element: the steps while a file is read
    view = guard.friendly_errors(lambda: load(loading, page), "errors.load")
    if view is None:  # the message is on screen; a page on a stale view would only confuse
        return
    # One container for everything a page shows; while a new export is read it replaces the old page at once.
    with loading.page():
        if view.dataset.is_sample:
            st.info(t("app.sample_banner", count=len(view.dataset.groups)), icon=":material/science:")
        guard.friendly_errors(lambda: navigation.show(page), "errors.page")
    review_session.prepare_text_pages()  # the overview is drawn: hide names in the texts meanwhile


guard.friendly_errors(main, "errors.page")
