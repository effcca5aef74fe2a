"""The dashboard's pages, in menu order, and the ``page`` query parameter that names them in a shared link."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from dashboard.texts import t

#: The page scripts, which Streamlit runs by path (``st.Page``); this package holds only their helpers.
PAGES_DIR = Path(__file__).resolve().parent.parent / "app_pages"
#: Pages that show figures only: no message text, no incident thread, no member names. With names hidden
#: they are shown an analysis without member-written text, which is ready long before every text is scrubbed.
FIGURES_ONLY = frozenset({"overzicht"})
#: Links to single incidents a page lists at most (the newest); the Meldingen page lists them all.
MAX_INCIDENT_LINKS = 25


@dataclass(frozen=True)
class PageSpec:
    file: str  # script in app_pages/ (PAGES_DIR)
    url_path: str  # also the value of the ``page`` query parameter
    icon: str


PAGES: tuple[PageSpec, ...] = (
    PageSpec("overzicht.py", "overzicht", ":material/dashboard:"),
    PageSpec("meldingen.py", "meldingen", ":material/campaign:"),
    PageSpec("reactietijd.py", "reactietijd", ":material/timer:"),
    PageSpec("alarm112.py", "112", ":material/call:"),
    PageSpec("spelregels.py", "spelregels", ":material/rule:"),
    PageSpec("deelname.py", "deelname", ":material/groups:"),
    PageSpec("groepen.py", "groepen", ":material/compare_arrows:"),
    PageSpec("rapport.py", "rapport", ":material/download:"),
    PageSpec("correcties.py", "correcties", ":material/edit_note:"),
)


def st_pages() -> dict[str, st.Page]:
    """One ``st.Page`` per spec, keyed by url path; the first is the default."""
    return {
        spec.url_path: st.Page(
            PAGES_DIR / spec.file,
            title=t(f"pages.{spec.url_path}"),
            icon=spec.icon,
            url_path=spec.url_path,
            default=index == 0,
        )
        for index, spec in enumerate(PAGES)
    }


def select() -> st.Page:
    """Register the pages and return the current one; a shared link's ``?page=`` is honoured once.

    Called before any widget exists, so the switch can pass on every query parameter, including
    the ones widgets bind (month, group, ...) which may not be set by hand once a widget is bound.
    """
    pages = st_pages()
    current = st.navigation(list(pages.values()), position="sidebar")
    wanted = st.query_params.get("page")
    if not st.session_state.get("_page_routed"):
        st.session_state["_page_routed"] = True
        if (
            wanted in pages
            and wanted != _path_of(current, pages)
            and _path_of(current, pages) == PAGES[0].url_path
        ):
            st.switch_page(
                pages[wanted], query_params={key: st.query_params.get_all(key) for key in st.query_params}
            )
    return current


def show(current: st.Page) -> None:
    """Mirror the current page in ``?page=`` and run it."""
    st.query_params["page"] = _path_of(current, st_pages())
    current.run()


def shows_text(page: st.Page) -> bool:
    """Whether ``page`` shows what members wrote (messages, incident threads, reports) or names; the
    others show figures only and, with names hidden, get an analysis without that text
    (``review_session.reviewed_for``)."""
    return _path_of(page, st_pages()) not in FIGURES_ONLY


def _path_of(page: st.Page, pages: dict[str, st.Page]) -> str:
    """The default page reports an empty url_path; the titles are unique, so they name the page."""
    return next(path for path, candidate in pages.items() if candidate.title == page.title)
