"""Per-session state: which files are loaded, their parse and analysis (cached per session), the view.

The caches are keyed by content digests that are computed once, so a rerun (a click, a page
switch) never hashes a whole chat again; ``scope="session"`` drops everything when the tab closes.
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

import analysis
from analysis.model import Analysis
from analysis.profile import Profile
from dashboard.display import escape_markdown
from dashboard.loading import Dataset, ParsedFile, build_dataset, digest, parse_file
from dashboard.texts import counted, t
from dashboard.view import View

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


class Loading:
    """The one box that shows what a run reads and analyses, step by step (lezen, samenvoegen, analyseren,
    namen verbergen), with a progress bar.

    ``box`` is the page's first element (app.py). The box appears only when there is work to do, and then
    the previous page's content is blanked at once (``page``: an ``st.empty`` right after the box, in the
    place the page's container takes), so the old overview is never shown as if it were the new one.
    """

    def __init__(self, box: st.delta_generator.DeltaGenerator) -> None:
        self._box = box
        self._status: st.delta_generator.DeltaGenerator | None = None
        self._bar: st.delta_generator.DeltaGenerator | None = None
        self._page: st.delta_generator.DeltaGenerator | None = None
        self._lines: dict[str, st.delta_generator.DeltaGenerator] = {}

    def page(self) -> st.delta_generator.DeltaGenerator:
        """The container for the page: in the place of the blank when a box was shown, else a new one."""
        return st.container() if self._page is None else self._page.container()

    def step(self, name: str, text: str, fraction: float) -> None:
        """Step ``name`` (one of ``STEPS``) is under way: the bar shows ``text`` at ``fraction``. The first
        step opens the box with a line for this and every later step, so the steps are visible from the
        start, and every line takes its place in the box of an earlier run."""
        if self._status is None:
            self._page = st.empty()  # right after the box, at the top level: replaces the old page first
            self._status = self._box.status(t("load.status"), expanded=True)
            self._bar = self._status.progress(0.0)
            self._lines = {step: self._status.empty() for step in STEPS[STEPS.index(name) :]}
            for step, line in self._lines.items():
                line.markdown(f"○ {t(f'load.todo_{step}')}")
        assert self._bar is not None
        self._bar.progress(min(max(fraction, 0.0), 1.0), text=text)

    def finished(self, name: str, text: str) -> None:
        """Step ``name`` is done: its line gets a check mark and says what was done."""
        if name in self._lines:
            self._lines.pop(name).markdown(f"✓ {text}")

    def done(self, files: int) -> None:
        """Everything is ready: steps that were not needed (names shown) leave the box, which closes."""
        if self._status is None:
            return
        for line in self._lines.values():
            line.empty()
        self._status.update(label=counted("load.done", files), state="complete", expanded=False)


#: The steps of reading an export, in order (texts ``load.todo_<step>``).
STEPS = ("read", "analyse", "private")
#: Share of the progress bar for reading the files; the analysis and hiding the names share the rest.
_READ_SHARE, ANALYSE_END = 0.4, 0.85


def load_dataset(files: Sequence[tuple[str, bytes]], *, is_sample: bool, loading: Loading) -> Dataset:
    """The dataset for these files, reusing this session's dataset when the files did not change."""
    key = "|".join(sorted(digest(name, data) for name, data in files)) + f"|{is_sample}"
    current = st.session_state.get(DATASET_KEY)
    if current is not None and st.session_state.get("_dataset_files") == key:
        return current

    def progress(done: int, total: int, name: str) -> None:
        if not name:  # every file read: merging
            loading.step("read", t("load.step_merge"), _READ_SHARE)
            return
        shown = escape_markdown(name)  # the progress text is markdown; the file name is the user's
        text = t("load.step_read", name=shown, done=done + 1, total=total)
        loading.step("read", text, _READ_SHARE * done / total)

    dataset = build_dataset(files, is_sample=is_sample, parse=_parse_cached, on_progress=progress)
    loading.finished("read", counted("load.read", len(files)))
    st.session_state[DATASET_KEY] = dataset
    st.session_state["_dataset_files"] = key
    return dataset


def analysis_for(dataset: Dataset, profiles: dict[str, Profile], loading: Loading) -> Analysis:
    """The analysis of every loaded group with its own rule profile, names as written (names are hidden
    later, for the page that is shown: ``review_session.reviewed_for``).

    Work not done before in this session (a new export, changed rules) shows its step in ``loading``; a
    result from the cache shows nothing."""
    profiles_key = "|".join(f"{group}={profiles[group].to_toml()}" for group in dataset.groups)
    done: set[tuple[str, str]] = st.session_state.setdefault("_analysed", set())
    key = (dataset.key, profiles_key)
    if key not in done:
        loading.step("analyse", t("load.step_analyse"), _READ_SHARE)
        _analyse_cached(dataset.key, profiles_key, dataset, profiles)
        done.add(key)
        loading.finished("analyse", t("load.analysed"))
    return _analyse_cached(dataset.key, profiles_key, dataset, profiles)


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
