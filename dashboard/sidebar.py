"""The sidebar: files, period, groups, privacy switch and each group's rule profile.

Period and groups are bound to the URL (``bind="query-params"``), so a copied link opens the same view.
"""

from __future__ import annotations

import json
import logging
import tomllib
from functools import cache
from importlib import resources

import pandas as pd
import streamlit as st

from analysis import coverage
from analysis.model import VIOLATIONS
from analysis.profile import (
    METHODS,
    Profile,
    ProfileError,
    default_profile,
    load_profile,
    profile_from_mapping,
)
from dashboard import review_session, session
from dashboard.display import covered_month_label, escape_markdown
from dashboard.loading import MAX_UPLOAD_MB, TRANSFER_LIMIT_MB, Dataset, sample_files
from dashboard.texts import t, table
from dashboard.view import View

_LOG = logging.getLogger("saar_monitor")


@cache
def default_targets() -> dict[str, float]:
    """Targets the Reactietijd page and the Overzicht compare with until a group sets its own
    (``defaults.toml``); goals for shares and violations have no default: a group sets them or has none."""
    raw = resources.files("dashboard").joinpath("defaults.toml").read_text(encoding="utf-8")
    return {name: float(value) for name, value in tomllib.loads(raw)["targets"].items()}


def dutch_uploader_css() -> str:
    """CSS that shows Dutch words and the app's own limit where Streamlit's uploader writes English.

    Streamlit has no setting for the dropzone's "Upload" and "200MB per file • TXT, ZIP"; the texts come
    from texts.toml (fixed app text, never user input) and replace the originals through ``::after``. A
    loaded file's size ("27.4KB", English notation) is hidden.
    """
    button = '[data-testid="stFileUploaderDropzone"] [data-testid="stBaseButton-secondary"] p'
    limit = '[data-testid="stFileUploaderDropzoneInstructions"] span'
    exports, profiles = ".st-key-uploads", '[class*="st-key-profile_upload"]'

    def words(key: str, **values: object) -> str:
        return json.dumps(t(key, **values), ensure_ascii=False)  # a CSS string: quotes, backslashes escaped

    return (
        f"<style>{button}, {limit} {{ font-size: 0; }}"
        f"{button}::after {{ content: {words('sidebar.upload_button')}; font-size: 0.875rem; }}"
        f"{exports} {limit}::after {{ content: {words('sidebar.upload_limit', limit=MAX_UPLOAD_MB)};"
        " font-size: 0.875rem; }"
        f"{profiles} {limit}::after {{ content: {words('profile.upload_limit')}; font-size: 0.875rem; }}"
        f".st-key-correcties_import {limit}::after {{ content: {words('correcties.import_limit')};"
        " font-size: 0.875rem; }"
        # a loaded file's size is written "27.4KB", with a decimal point: left out (the file list has it all)
        '[data-testid="stFileChipName"] + div { display: none; }'
        "</style>"
    )


#: Streamlit's and Plotly's own English words the app covers with Dutch ones (``dutch_widgets_css``): the
#: English text as Streamlit 1.67 writes it -> the key in texts.toml ``[streamlit]``.
PLOTLY_TITLES = {
    "Download plot as a PNG": "download_png",
    "Zoom": "zoom",
    "Pan": "pan",
    "Zoom in": "zoom_in",
    "Zoom out": "zoom_out",
    "Autoscale": "autoscale",
    "Reset axes": "reset_axes",
    "Fullscreen": "fullscreen",
    "Close fullscreen": "close_fullscreen",
}


def dutch_widgets_css() -> str:
    """CSS that puts Dutch words where Streamlit and Plotly write their own English ones and offer no
    setting (Streamlit 1.67; docs/dashboard.md "Streamlit's own words"): "No results" in a selectbox,
    "Press Enter to apply" under a text field, the tooltips of a table's and a chart's buttons, the "Stop"
    button while the page works. A table's search, column chooser and column menu (English throughout, also
    in their results and submenus) are hidden: the pages have their own Dutch search and order where it
    matters. Each text is fixed app text from texts.toml, never user input."""

    def words(key: str) -> str:
        return json.dumps(t(f"streamlit.{key}"), ensure_ascii=False)

    small = "font-size: 0.875rem;"
    rules = [
        # a selectbox or multiselect whose typed text matches no option
        '[role="listbox"][data-empty="true"] [role="option"] span { font-size: 0; }',
        f'[role="listbox"][data-empty="true"] [role="option"] span::after {{ content: {words("no_results")};'
        f" {small} }}",
        # under a text or number field while typing; the counter ("3/40") after it stays
        '[data-testid="InputInstructions"] > span:first-child { font-size: 0; }',
        f'[data-testid="InputInstructions"] > span:first-child::after {{ content: {words("enter_to_apply")};'
        " font-size: 0.75rem; }",
        # a table's search and column chooser: English tooltips, results ("12 results") and menus
        '[data-testid="stElementToolbarButton"]:has([aria-label^="Search"]),'
        ' [data-testid="stElementToolbarButton"]:has([aria-label^="Show/hide columns"]) { display: none; }',
        # the "Stop" button while a page works
        '[data-testid="stStatusWidget"] button { font-size: 0; }',
        f'[data-testid="stStatusWidget"] button::after {{ content: {words("stop")}; {small} }}',
        f'[data-testid="stStatusWidget"] button:disabled::after {{ content: {words("stopping")}; }}',
    ]
    # the tooltip of a table's fullscreen button (shown in a layer of its own, while the button is hovered)
    tooltip = '[data-testid="stTooltipContent"] p'
    for english, key in (("Fullscreen", "fullscreen"), ("Close fullscreen", "close_fullscreen")):
        hovered = f'body:has([data-testid="stBaseButton-elementToolbar"][aria-label^="{english}"]:hover)'
        rules.append(f"{hovered} {tooltip} {{ font-size: 0; }}")
        rules.append(f"{hovered} {tooltip}::after {{ content: {words(key)}; {small} }}")
    # a chart's buttons: Plotly draws their tooltip from data-title
    for english, key in PLOTLY_TITLES.items():
        rules.append(
            f'.js-plotly-plot .plotly .modebar-btn[data-title="{english}"]::after'
            f" {{ content: {words(key)} !important; }}"
        )
    # a table's column menu (the ⋮ in a header): sort, statistics, pin, hide, all in English and with no
    # fixed order to put Dutch words on; the Meldingen page sorts with its own Dutch "Volgorde"
    rules.append('[data-testid="stDataFrameColumnMenu"] { display: none; }')
    return "<style>" + "\n".join(rules) + "</style>"


def upload_section(loading: session.Loading) -> Dataset:
    """The upload widget; without uploads the sample exports are loaded."""
    # not on the page: the page's first element is the loading box
    st.sidebar.html(dutch_uploader_css() + dutch_widgets_css())
    uploads = st.sidebar.file_uploader(
        t("sidebar.upload_label"),
        # no type=: Streamlit would refuse another file with an English tooltip ("text/csv files are not
        # allowed"); the app says in Dutch what it expects (loading.parse_file, load.error_suffix)
        accept_multiple_files=True,
        key="uploads",
        help=t("sidebar.upload_help", limit=MAX_UPLOAD_MB),
        max_upload_size=TRANSFER_LIMIT_MB,
    )
    st.sidebar.caption(t("sidebar.upload_caption"))
    if uploads:
        files = [(upload.name, upload.getvalue()) for upload in uploads]
        return session.load_dataset(files, is_sample=False, loading=loading)
    return session.load_dataset(sample_files(), is_sample=True, loading=loading)


def file_errors(dataset: Dataset) -> None:
    for report in dataset.files:
        if not report.ok:
            st.sidebar.error(escape_markdown(report.error), icon=":material/error:")  # holds the file name


def profiles_section(container: st.delta_generator.DeltaGenerator, dataset: Dataset) -> dict[str, Profile]:
    """Each group's rules (kept for the session) and its response-time targets."""
    profiles: dict[str, Profile] = st.session_state.setdefault("profiles", {})
    targets: dict[str, dict[str, float]] = st.session_state.setdefault("targets", {})
    for group in dataset.groups:
        profiles.setdefault(group, default_profile())
        targets.setdefault(group, dict(default_targets()))
    if not dataset.groups:
        return profiles
    with container.expander(t("profile.title"), icon=":material/rule:"):
        st.caption(t("profile.explain"))
        group = st.selectbox(
            t("profile.group"), dataset.groups, key="profile_group", placeholder=t("common.choose_one")
        )
        _profile_form(group, profiles, targets)
        _profile_files(group, profiles)
    return profiles


def _profile_form(group: str, profiles: dict[str, Profile], targets: dict[str, dict[str, float]]) -> None:
    profile = profiles[group]
    rule_names = table("rules")
    key = _profile_widget_key
    with st.form(key=f"profile_form::{group}", border=False):
        method = st.selectbox(
            t("profile.method"),
            METHODS,
            index=METHODS.index(profile.method),
            key=key("method", group),
            placeholder=t("common.choose_one"),
        )
        rules = st.multiselect(
            t("profile.rules"),
            VIOLATIONS,
            default=list(profile.rules),
            format_func=lambda c: rule_names[c],
            key=key("rules", group),
            placeholder=t("common.choose_many"),
        )
        cap = st.number_input(
            t("profile.cap"), 1, 1024, value=profile.member_cap, step=1, key=key("member_cap", group)
        )
        gap = st.number_input(
            t("profile.quiet_gap"),
            1,
            24 * 60,
            value=profile.quiet_gap_minutes,
            step=5,
            key=key("quiet_gap", group),
        )
        numbers = st.text_input(
            t("profile.numbers"), value=", ".join(profile.emergency_numbers), key=key("numbers", group)
        )
        allow_thanks = st.checkbox(
            t("profile.allow_thanks"), value=profile.allow_thanks, key=key("thanks", group)
        )
        allow_emoji = st.checkbox(
            t("profile.allow_emoji_only"), value=profile.allow_emoji_only, key=key("emoji", group)
        )
        allow_pets = st.checkbox(
            t("profile.allow_lost_pets"), value=profile.allow_lost_pets, key=key("pets", group)
        )
        st.markdown(t("profile.targets"))
        goal = targets[group]
        goal_112 = st.number_input(
            t("profile.target_112"), 0.0, 600.0, goal["minutes_to_112"], step=1.0, key=key("goal_112", group)
        )
        goal_reaction = st.number_input(
            t("profile.target_reaction"),
            0.0,
            600.0,
            goal["minutes_to_reaction"],
            key=key("goal_reaction", group),
        )
        goal_closure = st.number_input(
            t("profile.target_closure"),
            0.0,
            1440.0,
            goal["minutes_to_closure"],
            5.0,
            key=key("goal_closure", group),
        )
        st.markdown(t("profile.goals"))
        goal_alarm = _percent_goal(
            t("profile.goal_alarm_rate"), goal.get("alarm_rate"), key("goal_alarm", group)
        )
        goal_order = _percent_goal(
            t("profile.goal_saar_order_rate"), goal.get("saar_order_rate"), key("goal_order", group)
        )
        goal_violations = st.number_input(
            t("profile.goal_violations_per_100"),
            0.0,
            100.0,
            goal.get("violations_per_100"),
            step=1.0,
            format="%.0f",
            placeholder=t("profile.no_goal"),
            key=key("goal_violations", group),
        )
        if not st.form_submit_button(t("profile.apply"), type="primary", key=key("apply", group)):
            return
    values = {
        "method": method,
        "rules": list(rules),
        "member_cap": int(cap),
        "quiet_gap_minutes": int(gap),
        "emergency_numbers": [n.strip() for n in numbers.split(",") if n.strip()],
        "allow_thanks": allow_thanks,
        "allow_emoji_only": allow_emoji,
        "allow_lost_pets": allow_pets,
    }
    if not values["emergency_numbers"]:
        st.error(t("profile.no_numbers"))
        return
    try:
        profiles[group] = profile_from_mapping(values, base=profile)
    except ProfileError:  # its reason is for developers (English, field names): logged, not shown
        _LOG.exception("Spelregels uit het formulier geweigerd")
        st.error(t("profile.invalid_form"))
        return
    optional = {
        "alarm_rate": goal_alarm,
        "saar_order_rate": goal_order,
        "violations_per_100": goal_violations,
    }
    targets[group] = {
        "minutes_to_112": goal_112,
        "minutes_to_reaction": goal_reaction,
        "minutes_to_closure": goal_closure,
        **{name: value for name, value in optional.items() if value is not None},
    }
    st.success(t("profile.applied", group=escape_markdown(group)))


def _percent_goal(label: str, value: float | None, widget_key: str) -> float | None:
    """A goal for a share, typed as a percentage and kept as a fraction (as the figures are); empty: none."""
    shown = st.number_input(
        label,
        0.0,
        100.0,
        None if value is None else float(round(value * 100)),
        step=5.0,
        format="%.0f",
        placeholder=t("profile.no_goal"),
        key=widget_key,
    )
    return None if shown is None else shown / 100


def _profile_widget_key(name: str, group: str) -> str:
    return f"profile_{name}::{group}"


def _profile_files(group: str, profiles: dict[str, Profile]) -> None:
    st.download_button(
        t("profile.download"),
        profiles[group].to_toml(),
        file_name="spelregels.toml",
        mime="application/toml",
        key="profile_download",
        icon=":material/download:",
        on_click="ignore",
    )
    upload = st.file_uploader(t("profile.upload"), key=f"profile_upload::{group}")  # any file: Dutch errors
    if upload is None:
        return
    try:
        loaded = load_profile(upload.getvalue())
    except (ProfileError, UnicodeDecodeError):  # the reason is English and technical: logged, not shown
        _LOG.exception("Spelregelbestand geweigerd")
        st.error(t("profile.invalid_file"))
        return
    if loaded != profiles[group]:
        profiles[group] = loaded
        for name in [k for k in st.session_state if isinstance(k, str) and k.endswith(f"::{group}")]:
            if name.startswith("profile_") and not name.startswith(("profile_upload", "profile_form")):
                del st.session_state[name]  # the form shows the loaded profile on the next run
        st.rerun()


def _sync_defaults(dataset: Dataset) -> None:
    """New data resets the selections: all groups, the default month, names hidden (privacy on).

    Values are set, not deleted, so the browser's widgets show the new data's options at once.
    """
    if st.session_state.get("_selection_for") == dataset.key:
        return
    first_load = "_selection_for" not in st.session_state
    st.session_state["_selection_for"] = dataset.key
    st.session_state["privacy"] = True  # private by default; one visible switch shows the names
    if not first_load:  # on the first load a shared link's month and groups must survive
        st.session_state["group"] = list(dataset.groups)
        st.session_state["_reset_period"] = True


def month_labels(covered: pd.DataFrame, all_months: list[str]) -> dict[str, str]:
    """Each month's label in the period picker: a partial month says how many days the exports hold
    ("januari 2026 (6 van 31 dagen)"). Over all loaded groups, so a label (which the URL holds) does not
    change with the group selection."""
    return {month: covered_month_label(month, coverage.month_cover(covered, month)) for month in all_months}


def default_month(covered: pd.DataFrame, all_months: list[str]) -> str:
    """The month a new upload opens on: the newest month every loaded export covers completely (a
    partial month is no month to review), or the newest month when no month is complete."""
    complete = coverage.last_complete_month(covered)
    return complete if complete in all_months else all_months[-1]


def selection_section(
    container: st.delta_generator.DeltaGenerator,
    dataset: Dataset,
    all_months: list[str],
    covered: pd.DataFrame,
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Period (one month or a range) and groups; both mirrored in the URL."""
    newest_first = list(reversed(all_months))
    labels = month_labels(covered, all_months)
    default = default_month(covered, all_months) if all_months else None
    if st.session_state.pop("_reset_period", False) and all_months:
        st.session_state["month"] = default
        st.session_state["months"] = _default_range(all_months, default)
    with container:
        mode = st.segmented_control(
            t("sidebar.period"),
            ["maand", "reeks"],
            format_func=lambda m: t(f"sidebar.period_{m}"),
            default="maand",
            required=True,
            key="period",
            bind="query-params",
        )
        if not all_months:
            months: tuple[str, ...] = ()
        elif mode == "reeks" and len(all_months) > 1:
            _drop_invalid("months", all_months, multiple=True)
            first, last = st.select_slider(
                t("sidebar.months"),
                all_months,
                # Always a (first, last) pair: that makes it a range slider; the state wins when set.
                value=tuple(st.session_state.get("months") or _default_range(all_months, default)),
                format_func=labels.__getitem__,
                key="months",
                bind="query-params",
            )
            months = tuple(all_months[all_months.index(first) : all_months.index(last) + 1])
        else:
            _drop_invalid("month", all_months)
            month = st.selectbox(
                t("sidebar.month"),
                newest_first,
                # the state, when set (a new upload's default month, a link), wins; a default next to it
                # would make Streamlit log a warning on every upload
                index=None if "month" in st.session_state else newest_first.index(default),
                format_func=labels.__getitem__,
                key="month",
                bind="query-params",
                help=t("coverage.default_month"),
                placeholder=t("common.choose_one"),
            )
            months = (month,)
        _drop_invalid("group", list(dataset.groups), multiple=True)
        groups = st.multiselect(
            t("sidebar.groups"),
            dataset.groups,
            default=None if "group" in st.session_state else list(dataset.groups),
            key="group",
            bind="query-params",
            placeholder=t("sidebar.groups_placeholder"),
        )
        st.toggle(t("sidebar.privacy"), key="privacy", help=t("sidebar.privacy_help"))
    return tuple(groups), months


def _default_range(all_months: list[str], last: str | None = None) -> tuple[str, str]:
    """Three months up to ``last`` (the default month): enough to see a trend, few enough to read every
    incident."""
    end = all_months.index(last) if last in all_months else len(all_months) - 1
    return all_months[max(0, end - 2)], all_months[end]


def _drop_invalid(key: str, options: list[str], *, multiple: bool = False) -> None:
    """Forget a selection that the newly loaded data does not have (e.g. a month of the old upload)."""
    if key not in st.session_state:
        return
    value = st.session_state[key]
    values = list(value) if multiple and isinstance(value, list | tuple) else [value]
    if any(v not in options for v in values):
        del st.session_state[key]


def build_view(loading: session.Loading, *, text: bool = True) -> View:
    """Everything in the sidebar, in screen order, resolved into the view the pages show; ``text`` False for
    a page that shows figures only (``review_session.reviewed_for``)."""
    dataset = upload_section(loading)
    file_errors(dataset)
    _sync_defaults(dataset)
    selection_box = st.sidebar.container()
    profile_box = st.sidebar.container()
    profiles = profiles_section(profile_box, dataset)
    privacy = bool(st.session_state.get("privacy", True))
    reviewed = review_session.reviewed_for(dataset, profiles, privacy, loading, text=text)
    if reviewed.error:  # a store that cannot be used: the dashboard goes on without it
        st.sidebar.warning(escape_markdown(reviewed.error), icon=":material/warning:")
    review_session.show_notice()
    result = reviewed.analysis
    all_months = sorted(result.months["month"].dropna().unique().tolist())
    groups, months = selection_section(selection_box, dataset, all_months, coverage.month_coverage(result))
    return View(
        dataset=dataset,
        analysis=result,
        groups=groups,
        months=months,
        all_months=tuple(all_months),
        privacy=bool(st.session_state.get("privacy")),
        profiles=dict(profiles),
        targets=dict(st.session_state["targets"]),
        history=reviewed.history,
    )
