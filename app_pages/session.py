"""Per-session state: which files are loaded, their parse and analysis (cached per session), the view.

The caches are keyed by content digests that are computed once, so a rerun (a click, a page
switch) never hashes a whole chat again; ``scope="session"`` drops everything when the tab closes.
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

import analysis
from analysis.anonymise import pseudonymise_analysis
from analysis.model import Analysis
from analysis.profile import Profile
from app_pages.display import escape_markdown
from app_pages.loading import Dataset, ParsedFile, build_dataset, digest, parse_file
from app_pages.texts import t
from app_pages.view import View

DATASET_KEY = "_dataset"
VIEW_KEY = "_view"


@st.cache_data(scope="session", show_spinner=False, max_entries=64)
def _parse_cached(key: str, name: str, _data: bytes) -> ParsedFile:
    """One file's parse; ``key`` is the digest of name and content, so ``_data`` is not hashed again."""
    return parse_file(name, _data)


@st.cache_data(scope="session", show_spinner=False, max_entries=16)
def _analyse_cached(
    dataset_key: str, profiles_key: str, _dataset: Dataset, _profiles: dict[str, Profile]
) -> Analysis:
    """Every loaded group analysed with its own rule profile; keyed by content and profiles, not hashing."""
    return analysis.analyse(_dataset.chat, dict(_profiles))


@st.cache_data(scope="session", show_spinner=False, max_entries=16)
def _pseudonymised_cached(
    dataset_key: str, profiles_key: str, _dataset: Dataset, _profiles: dict[str, Profile]
) -> Analysis:
    return pseudonymise_analysis(_analyse_cached(dataset_key, profiles_key, _dataset, _profiles))


def load_dataset(files: Sequence[tuple[str, bytes]], *, is_sample: bool) -> Dataset:
    """The dataset for these files, reusing this session's dataset when the files did not change."""
    key = "|".join(sorted(digest(name, data) for name, data in files)) + f"|{is_sample}"
    current = st.session_state.get(DATASET_KEY)
    if current is not None and st.session_state.get("_dataset_files") == key:
        return current
    with st.status(t("load.status", count=len(files)), expanded=True) as status:
        bar = st.progress(0.0)

        def progress(done: int, total: int, name: str) -> None:
            shown = escape_markdown(name)  # the progress text is markdown; the file name is the user's
            text = t("load.progress", name=shown, done=done + 1, total=total) if name else t("load.parsed")
            bar.progress(done / total if total else 1.0, text=text)

        dataset = build_dataset(files, is_sample=is_sample, parse=_parse_cached, on_progress=progress)
        status.update(label=t("load.status_done", count=len(files)), state="complete", expanded=False)
    st.session_state[DATASET_KEY] = dataset
    st.session_state["_dataset_files"] = key
    return dataset


def analysis_for(dataset: Dataset, profiles: dict[str, Profile], privacy: bool) -> Analysis:
    """The analysis of every loaded group with its own rule profile; pseudonymised when asked."""
    profiles_key = "|".join(f"{group}={profiles[group].to_toml()}" for group in dataset.groups)
    with st.spinner(t("load.analysing")):
        cached = _pseudonymised_cached if privacy else _analyse_cached
        return cached(dataset.key, profiles_key, dataset, profiles)


def set_view(view: View) -> None:
    st.session_state[VIEW_KEY] = view


def current_view() -> View:
    """The view app.py prepared for this run; pages stop with a message when there is nothing to show."""
    view = st.session_state.get(VIEW_KEY)
    if view is None or not view.dataset.groups or not view.months:
        st.info(t("common.no_data"))
        st.stop()
    if not view.groups:
        st.warning(t("common.no_groups"))
        st.stop()
    return view
