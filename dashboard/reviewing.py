"""Corrections in the dashboard, without Streamlit: open the store safely, lay its corrections over the
automatic analysis, make one correction from what the coordinator chose, and describe the corrections.

The widgets (``dashboard.correction_widgets``, the Correcties page) only call these functions, so the
tests can check every decision without a browser. A store that cannot be used (damaged, of another program,
a folder that cannot be written) gives a Dutch message and the dashboard goes on without it: ``Opened`` and
``Reviewed`` carry the message instead of raising.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd

from analysis import corrections as actions
from analysis.anonymise import pseudonymise_analysis, without_text
from analysis.corrections import ACTIONS as CORRECTION_ACTIONS
from analysis.corrections import Correction
from analysis.metrics import ProfileChoice
from analysis.model import LABELS, VIOLATIONS, Analysis
from dashboard.texts import t, table
from presentation.formatting import DATE_TIME
from store import Store, StoreError, apply_store, open_store, store_path

#: What the panel offers, in the order shown (the store's actions; "labels" is SET_LABELS).
ACTIONS: tuple[str, ...] = CORRECTION_ACTIONS
#: Actions that only make sense for a message inside an incident.
IN_INCIDENT = (actions.JOIN_PREVIOUS, actions.LEAVE_INCIDENT, actions.NO_INCIDENT)
#: How corrections are dated on screen: the coordinator's clock, not UTC.
LOCAL_ZONE = "Europe/Amsterdam"
STORE_FILE_NAME = "saar-monitor-opslag.sqlite"


def error_text(error: StoreError, path: Path | None = None) -> str:
    """The Dutch message for a store error (``texts.toml``, section ``correcties.errors``)."""
    where = error.path or path or ""
    return t(f"correcties.errors.{error.code}", path=str(where))


#: Errors of an imported file that are about that file, not about the store it was to be read into.
IMPORT_ERRORS = ("damaged", "foreign", "too_new")


def import_error_text(error: StoreError, name: str, path: Path | None = None) -> str:
    """The Dutch message for a failed import of the file ``name``: a damaged, foreign or newer file is
    named as such (the store on this computer is fine and unchanged), the other errors as ``error_text``."""
    if error.code in IMPORT_ERRORS:
        return t(f"correcties.import_errors.{error.code}", name=name)
    return error_text(error, path)


@dataclass(frozen=True)
class Opened:
    """The store, or why there is none (a Dutch message); ``path`` is where it is (or was looked for)."""

    store: Store | None
    path: Path | None
    error: str | None = None


def open_safely(path: str | Path | None = None) -> Opened:
    """The store at ``path`` (default: the per-user data folder or SAAR_MONITOR_DATA_DIR); never raises."""
    try:
        store = open_store(path)
    except StoreError as exc:
        try:
            where = store_path(path)
        except (StoreError, OSError, ValueError):
            where = None
        return Opened(None, exc.path or where, error_text(exc, where))
    return Opened(store, store.path)


@dataclass(frozen=True)
class Reviewed:
    """The analysis the pages show: corrections applied (names hidden by ``hide_names``), the message key of
    every row of its messages (same index), and the months of the export with the stored ones beside them."""

    analysis: Analysis
    keys: pd.Series  # message key per row of analysis.messages, empty without a store
    history: pd.DataFrame | None  # store.MERGED_COLUMNS; None without a store
    error: str | None = None


def review(
    raw: Analysis,
    store: Store | None,
    profiles: ProfileChoice,
    *,
    keep_months: bool = True,
) -> Reviewed:
    """``raw`` (``analyse``'s result, names as written) with the store's corrections applied, names still as
    written: message keys are made from the real author and text, so corrections are applied before names
    are hidden (``hide_names``). A store that fails on the way gives the plain analysis and a message."""
    empty = pd.Series([], dtype=object)
    if store is None:
        return Reviewed(raw, empty, None)
    try:
        corrected = apply_store(raw, store, profiles, keep_months=keep_months)
        keys = pd.Series(store.message_keys(corrected.messages), index=corrected.messages.index, dtype=object)
        history = store.merged_months(corrected)
    except StoreError as exc:
        return Reviewed(raw, empty, None, error_text(exc, store.path))
    return Reviewed(corrected, keys, history)


#: What a page is shown of the reviewed analysis: names as written, names hidden, or (names hidden, for a
#: page that shows figures only) names hidden and no member-written text at all.
NAMES, PRIVATE, FIGURES = "names", "private", "figures"


def shown_as(privacy: bool, text: bool) -> str:
    """Which of NAMES, PRIVATE and FIGURES a page gets: names hidden and no text on the page: FIGURES."""
    if not privacy:
        return NAMES
    return PRIVATE if text else FIGURES


def hide_names(reviewed: Reviewed, shown: str) -> Reviewed:
    """``reviewed`` (names as written) as ``shown``: pseudonymised, or pseudonymised without member-written
    text (``analysis.anonymise.without_text``: a small part of the time that scrubbing every text takes,
    and nothing unscrubbed can be shown because it is not there)."""
    if shown == NAMES:
        return reviewed
    hidden = pseudonymise_analysis(reviewed.analysis) if shown == PRIVATE else without_text(reviewed.analysis)
    return replace(reviewed, analysis=hidden)


# ---------------------------------------------------------------- one correction


def current_labels(message: Mapping[str, object]) -> tuple[list[str], list[str]]:
    """The SAAR labels and the violations a message has now."""
    labels = [code for code in LABELS if bool(message.get(code, False))]
    violations = list(message.get("violations") or ())  # type: ignore[call-overload]
    return labels, [code for code in VIOLATIONS if code in violations]


def label_changes(
    message: Mapping[str, object], labels: Iterable[str], violations: Iterable[str]
) -> dict[str, bool]:
    """The codes whose presence differs between the message and what the coordinator chose: True set,
    False removed; the others are not mentioned (they stay as the analysis has them)."""
    has_labels, has_violations = current_labels(message)
    now = set(has_labels) | set(has_violations)
    chosen = set(labels) | set(violations)
    return {code: code in chosen for code in (*LABELS, *VIOLATIONS) if (code in now) != (code in chosen)}


def actions_for(message: Mapping[str, object]) -> tuple[str, ...]:
    """The actions that apply to a message: system lines get none; the incident actions need an incident
    (joining needs none: the message joins the incident before it)."""
    if str(message.get("kind")) == "system":
        return ()
    incident = message.get("incident")
    in_incident = incident is not None and not pd.isna(incident)
    incident_only = (actions.LEAVE_INCIDENT, actions.NO_INCIDENT)
    return tuple(action for action in ACTIONS if in_incident or action not in incident_only)


class NothingToDo(ValueError):
    """The coordinator chose what the message already has; nothing is stored."""


def correct(
    store: Store,
    group: str,
    key: str,
    action: str,
    *,
    changes: Mapping[str, bool] | None = None,
    note: str = "",
    reviewer: str = "",
) -> Correction:
    """Store one correction; raises StoreError (its message: ``error_text``) or NothingToDo."""
    note, reviewer = note.strip(), reviewer.strip()
    if action == actions.SET_LABELS:
        if not changes:
            raise NothingToDo("no label or violation changed")
        return store.set_labels(group, key, dict(changes), note=note, reviewer=reviewer)
    methods = {
        actions.MARK_112: store.mark_112,
        actions.START_INCIDENT: store.start_incident,
        actions.JOIN_PREVIOUS: store.join_previous,
        actions.LEAVE_INCIDENT: store.leave_incident,
        actions.NO_INCIDENT: store.no_incident,
    }
    if action not in methods:
        raise StoreError("invalid", f"unknown action {action!r}", store.path)
    return methods[action](group, key, note=note, reviewer=reviewer)


# ---------------------------------------------------------------- the list of corrections


def code_name(code: str) -> str:
    names = {**table("correcties.labels"), **table("rules")}
    return names.get(code, code)


def what_text(action: str, labels: Mapping[str, bool]) -> str:
    """What a correction did, in Dutch: "112-melding", "Labels: +Appen, −Off-topic", ..."""
    if action == actions.SET_LABELS:
        parts = [("+" if value else "−") + code_name(code) for code, value in labels.items()]
        return t("correcties.actions_short.set_labels", codes=", ".join(parts))
    return t(f"correcties.actions_short.{action}")


def local_time(moment: object) -> str:
    if moment is None or pd.isna(moment):  # type: ignore[arg-type]
        return ""
    stamp = pd.Timestamp(moment)  # type: ignore[arg-type]
    if stamp.tzinfo is not None:
        stamp = stamp.tz_convert(LOCAL_ZONE)
    return stamp.strftime(DATE_TIME)


def message_times(keys: pd.Series, messages: pd.DataFrame) -> dict[str, str]:
    """Message key -> when the message was written, for the messages of the loaded exports."""
    if keys.empty:
        return {}
    stamps = messages.loc[keys.index, "timestamp"]
    return {key: local_time(stamp) for key, stamp in zip(keys.tolist(), stamps.tolist(), strict=True)}


def correction_rows(listing: pd.DataFrame, times: Mapping[str, str]) -> pd.DataFrame:
    """The store's list of corrections (``Store.list_corrections``) as the page shows it, newest first:
    number, group, the message's time (or that it is not in the loaded exports), what, why, who, when,
    and whether it was undone. No message text or member name: the store has neither."""
    names = table("correcties.columns")
    rows = listing.sort_values("id", ascending=False)
    return pd.DataFrame(
        {
            names["id"]: rows["id"].astype(int).to_numpy(),
            names["group"]: rows["group"].astype(str).to_numpy(),
            names["message"]: [times.get(key, t("correcties.not_loaded")) for key in rows["message"]],
            names["what"]: [
                what_text(action, labels)
                for action, labels in zip(rows["action"], rows["labels"], strict=True)
            ],
            names["note"]: rows["note"].fillna("").astype(str).to_numpy(),
            names["reviewer"]: rows["reviewer"].fillna("").astype(str).to_numpy(),
            names["made_at"]: [local_time(m) for m in rows["made_at"]],
            names["undone"]: [
                t("correcties.undone_by", when=local_time(at), who=who or "–") if not pd.isna(at) else ""
                for at, who in zip(rows["undone_at"], rows["undone_by"], strict=True)
            ],
        }
    )


def undoable(listing: pd.DataFrame) -> list[int]:
    """Numbers of the corrections that still hold, newest first."""
    holding = listing[listing["undone_at"].isna()]
    return sorted((int(i) for i in holding["id"]), reverse=True)


# ---------------------------------------------------------------- months from the history


def history_months(history: pd.DataFrame | None, groups: Iterable[str]) -> list[str]:
    """The months of ``groups`` whose figures come from the store's history, not from the export."""
    if history is None or history.empty:
        return []
    rows = history[history["group"].isin(list(groups)) & (history["source"] == "history")]
    return sorted(set(rows["month"].astype(str)))
