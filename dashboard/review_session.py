"""The session's store and its corrected analysis: opened once per session, applied after every change.

The automatic analysis stays in ``dashboard.session``'s cache (the tagger is never run again); here the
store's corrections are laid over it (``store.apply_store``, a fraction of a second) whenever the data, the
profiles, the privacy switch or the store changed (also by another session: its change mark is read on every
run), and the pages show that result. The decisions are in ``dashboard.reviewing`` (no Streamlit).
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import replace

import streamlit as st

from analysis.profile import Profile
from dashboard import reviewing, session
from dashboard.loading import Dataset
from dashboard.texts import t
from store import Store, StoreError

_STORE = "_store"
_REVISION = "_store_revision"
_REVIEWED = "_reviewed"
_SHOWN = "_reviewed_shown"
_NOTICE = "_store_notice"
_NOT_KEPT = "_store_not_kept"
_SEEN = "_store_seen"


def opened() -> reviewing.Opened:
    """This session's store; a store that could not be opened is tried again on the next run (the file
    may have been put right), and meanwhile the dashboard works without it."""
    current = st.session_state.get(_STORE)
    if current is None or current.store is None:
        current = reviewing.open_safely()
        st.session_state[_STORE] = current
    return current


def changed(notice: str | None = None) -> None:
    """The store changed (a correction, an undo, an import, a deletion): the next run applies it again.
    ``notice`` is shown once at the top of the next run."""
    st.session_state[_REVISION] = st.session_state.get(_REVISION, 0) + 1
    st.session_state.pop(_REVIEWED, None)
    if notice:
        st.session_state[_NOTICE] = notice


def stop_keeping(dataset_key: str) -> None:
    """After a deletion: the loaded exports' months are not saved again (they would be at once) until
    other exports are loaded."""
    st.session_state[_NOT_KEPT] = dataset_key


def revision() -> int:
    """How often the store changed as this session saw it (its own changes and, found on a later run,
    another session's): part of the key of anything made from the corrected analysis (the Rapport page's
    reports)."""
    return int(st.session_state.get(_REVISION, 0))


def _mark(store: Store | None) -> tuple[object, ...] | None:
    if store is None:
        return None
    try:
        return store.change_mark()
    except StoreError:
        return None


def look_for_outside_changes(store: Store | None) -> None:
    """Another browser session (or the command line) changed the store since this session last looked:
    the corrected analysis, the history and the reports are made again on this run, as after a change of
    this session's own. One small read per run (``Store.change_mark``)."""
    mark = _mark(store)
    seen = st.session_state.get(_SEEN)
    if mark is not None and seen is not None and mark != seen:
        changed()
    st.session_state[_SEEN] = mark


def show_notice() -> None:
    notice = st.session_state.pop(_NOTICE, None)
    if notice:
        st.toast(notice, icon=":material/check_circle:")


def reviewed_for(
    dataset: Dataset,
    profiles: dict[str, Profile],
    privacy: bool,
    loading: session.Loading,
    *,
    text: bool = True,
) -> reviewing.Reviewed:
    """The analysis the pages show, with the store's corrections; computed again only when something
    it depends on changed. Reading and analysing show their steps in ``loading``.

    With names hidden, a page that shows figures only (``text`` False: the Overzicht) gets the analysis
    without member-written text (``reviewing.hide_names``), ready in a fraction of the time that scrubbing
    every text takes; the texts are scrubbed once per analysis, in the background after the Overzicht was
    drawn (``prepare_text_pages``) or by the first page that shows text."""
    raw = session.analysis_for(dataset, profiles, loading)
    store = opened()
    look_for_outside_changes(store.store)
    profiles_key = "|".join(f"{group}={profiles[group].to_toml()}" for group in dataset.groups)
    # raw comes from the content-keyed cache (a new copy each run): its identity is dataset and profiles
    key = (dataset.key, profiles_key, revision(), store.path, store.store is not None)
    cached = st.session_state.get(_REVIEWED)
    if cached is None or cached[0] != key:
        with st.spinner(t("correcties.applying")):
            plain = reviewing.review(
                raw,
                store.store,
                {group: profiles[group] for group in dataset.groups},
                # the sample chats are not the user's groups; deleted months are not saved again at once
                keep_months=not dataset.is_sample and st.session_state.get(_NOT_KEPT) != dataset.key,
            )
        if store.error and not plain.error:
            plain = replace(plain, error=store.error)
        cached = (key, {reviewing.NAMES: plain})
        st.session_state[_REVIEWED] = cached
        st.session_state[_SEEN] = _mark(store.store)  # this run's own saving of months is no outside change
    shown = reviewing.shown_as(privacy, text)
    variants: dict[str, reviewing.Reviewed | Future[reviewing.Reviewed]] = cached[1]
    found = variants.get(shown)
    if not isinstance(found, reviewing.Reviewed):
        loading.step("private", t("load.step_private"), session.ANALYSE_END)
        if found is None:
            found = reviewing.hide_names(variants[reviewing.NAMES], shown)  # type: ignore[arg-type]
        else:  # started in the background on the Overzicht (prepare_text_pages): wait for the rest
            found = found.result()
        variants[shown] = found
        loading.finished("private", t("load.private"))
    loading.done(len(dataset.files))
    st.session_state[_SHOWN] = shown
    return found


#: Hides names in the texts in the background, one analysis at a time (``prepare_text_pages``).
_PREPARER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="saar-names")


def prepare_text_pages() -> None:
    """After the Overzicht was drawn with names hidden, start hiding them in the texts too, in the background.

    Scrubbing 40,000 texts takes about a second: the overview is on screen first, and the next page that
    shows text finds them ready (or waits only for the rest). Call it after the page has been drawn."""
    cached = st.session_state.get(_REVIEWED)
    if cached is None or st.session_state.get(_SHOWN) != reviewing.FIGURES:
        return
    variants = cached[1]
    if reviewing.PRIVATE not in variants:
        variants[reviewing.PRIVATE] = _PREPARER.submit(
            reviewing.hide_names, variants[reviewing.NAMES], reviewing.PRIVATE
        )


def current() -> reviewing.Reviewed | None:
    """The result of ``reviewed_for`` of this run (for the correction widgets)."""
    cached = st.session_state.get(_REVIEWED)
    if cached is None:
        return None
    found = cached[1].get(st.session_state.get(_SHOWN, reviewing.NAMES))
    return found if isinstance(found, reviewing.Reviewed) else None
