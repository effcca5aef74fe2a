"""A coordinator's corrections: every figure follows, and a correction survives the next export."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from analysis import analyse
from analysis.corrected import apply_corrections, correction_counts
from analysis.model import CORRECTION_COUNT_COLUMNS
from parsers import read_chats
from store import apply_store, open_store
from tests.store_support import GROUP, export_text

JAN_MAR = (date(2024, 1, 1), date(2024, 3, 31))
FEB_MAY = (date(2024, 2, 10), date(2024, 5, 31))  # the next export: overlaps February and March


def _analysis(*windows: tuple[date, date]):
    return analyse(read_chats([(export_text(*w).encode(), GROUP) for w in windows]))


@pytest.fixture(scope="module")
def jan_mar():
    return _analysis(JAN_MAR)


@pytest.fixture
def store(tmp_path):
    return open_store(tmp_path / "opslag.sqlite")


def _row(analysis, text: str, month: str) -> int:
    messages = analysis.messages
    hit = (messages["text"] == text).fillna(False).to_numpy(bool) & (
        messages["timestamp"].dt.strftime("%Y-%m") == month
    ).to_numpy(bool)
    [row] = np.flatnonzero(hit)
    return int(row)


def _incident_of(analysis, row: int) -> pd.Series:
    incident = analysis.messages["incident"].iloc[row]
    return analysis.incidents.set_index("incident").loc[incident]


def _month(analysis, month: str) -> pd.Series:
    return analysis.months.set_index("month").loc[month]


def test_a_missed_112_confirmation_marked_gives_the_incident_its_112_and_changes_the_month(jan_mar, store):
    row = _row(jan_mar, "Ze komen eraan", "2024-02")
    assert np.isnan(_incident_of(jan_mar, row)["minutes_to_112"])
    assert _month(jan_mar, "2024-02")["alarm_rate"] == 0.5

    store.mark_112(
        GROUP, store.message_keys(jan_mar.messages)[row], note="zegt dat de politie komt", reviewer="R"
    )
    reviewed = apply_store(jan_mar, store)

    incident = _incident_of(reviewed, row)
    assert incident["minutes_to_112"] == 6.0 and incident["alarm_messages"] == 1
    assert _month(reviewed, "2024-02")["alarm_rate"] == 1.0
    assert _month(reviewed, "2024-02")["no_alarm_incidents"] == 0
    assert _month(reviewed, "2024-01")["alarm_rate"] == 0.5  # other months keep their figures
    assert reviewed.messages["alarm"].iloc[row] and reviewed.messages["saar_step"].iloc[row] == "alarmeren"
    assert reviewed.messages["corrected"].sum() == 1 and reviewed.messages["corrected"].iloc[row]
    assert any(
        "Correctie: 112-melding (waarom: zegt dat" in r for r in reviewed.messages["reasons"].iloc[row]
    )
    counts = correction_counts(reviewed.messages)
    assert list(counts.columns) == list(CORRECTION_COUNT_COLUMNS)
    assert counts.to_dict("records") == [
        {"group": GROUP, "month": "2024-02", "corrected_messages": 1, "corrected_labels": 1}
    ]


def test_a_wrong_offtopic_flag_removed_lowers_the_violation_count(jan_mar, store):
    row = _row(jan_mar, "Goedemorgen allemaal, fijne week (mrt 2024)", "2024-03")
    before = _month(jan_mar, "2024-03")
    store.set_labels(GROUP, store.message_keys(jan_mar.messages)[row], {"offtopic": False}, reviewer="R")
    after = _month(apply_store(jan_mar, store), "2024-03")
    assert after["violations_offtopic"] == before["violations_offtopic"] - 1
    assert after["violations"] == before["violations"] - 1
    assert after["offtopic_share"] < before["offtopic_share"]


def test_a_wrong_offtopic_flag_in_a_sample_export_removed(sample_paths, tmp_path):
    vogelwijk = [p for p in sample_paths if "Vogelwijk" in p.name]
    analysis = analyse(read_chats(vogelwijk))
    store = open_store(tmp_path)
    messages = analysis.messages
    row = int(np.flatnonzero(messages["violations"].map(lambda v: "offtopic" in v).to_numpy(bool))[0])
    month = messages["timestamp"].iloc[row].strftime("%Y-%m")
    store.set_labels(str(messages["group"].iloc[row]), store.message_keys(messages)[row], {"offtopic": False})
    reviewed = apply_store(analysis, store)
    assert (
        _month(reviewed, month)["violations_offtopic"] == _month(analysis, month)["violations_offtopic"] - 1
    )
    assert reviewed.members["violations"].sum() == analysis.members["violations"].sum() - 1


def test_without_corrections_every_table_stays_as_analyse_made_it(jan_mar, store):
    reviewed = apply_store(jan_mar, store)
    for name in ("incidents", "members", "months", "signal_hours", "offtopic_leavers", "group_sizes"):
        pd.testing.assert_frame_equal(getattr(reviewed, name), getattr(jan_mar, name))
    assert not reviewed.messages["corrected"].any()
    assert correction_counts(reviewed.messages).empty and not reviewed.messages["corrected_labels"].any()
    assert "corrected" not in jan_mar.messages  # plain analyse is unchanged


def test_a_correction_survives_the_next_overlapping_export(jan_mar, store):
    keys = store.message_keys(jan_mar.messages)
    store.mark_112(GROUP, keys[_row(jan_mar, "Ze komen eraan", "2024-03")], reviewer="R")
    gone = _row(jan_mar, "Ze komen eraan", "2024-01")  # not in the next export
    store.mark_112(GROUP, keys[gone], reviewer="R")

    later = apply_store(_analysis(FEB_MAY), store)
    march = later.months.set_index("month")
    assert march.loc["2024-03", "alarm_rate"] == 1.0
    assert march.loc["2024-04", "alarm_rate"] == 0.5 and march.loc["2024-05", "alarm_rate"] == 0.5
    assert later.messages["corrected"].sum() == 1
    assert len(store.corrections([GROUP])) == 2  # the one whose message is gone is kept

    both = apply_store(_analysis(JAN_MAR, FEB_MAY), store)  # both exports read together
    months = both.months.set_index("month")
    assert months.loc["2024-01", "alarm_rate"] == 1.0 and months.loc["2024-03", "alarm_rate"] == 1.0
    assert months.loc["2024-02", "alarm_rate"] == 0.5


def test_undo_takes_back_the_latest_or_a_chosen_correction_and_the_list_shows_both(jan_mar, store):
    keys = store.message_keys(jan_mar.messages)
    first = store.mark_112(GROUP, keys[_row(jan_mar, "Ze komen eraan", "2024-01")], reviewer="Anna")
    store.mark_112(GROUP, keys[_row(jan_mar, "Ze komen eraan", "2024-02")], reviewer="Anna", note="politie")
    assert store.undo(group=GROUP, reviewer="Bert").reviewer == "Anna"  # the latest: February
    months = apply_store(jan_mar, store).months.set_index("month")
    assert months.loc["2024-01", "alarm_rate"] == 1.0 and months.loc["2024-02", "alarm_rate"] == 0.5
    store.undo(correction_id=first.id, reviewer="Bert")
    assert apply_store(jan_mar, store).months["alarm_rate"].tolist() == [0.5, 0.5, 0.5]
    assert store.undo(group=GROUP) is None  # nothing left to undo

    listed = store.list_corrections(GROUP)
    assert listed["action"].tolist() == ["mark_112", "mark_112"]
    assert listed["reviewer"].tolist() == ["Anna", "Anna"] and listed["undone_by"].tolist() == [
        "Bert",
        "Bert",
    ]
    assert listed["note"].tolist() == ["", "politie"] and listed["made_at"].notna().all()


def test_start_join_leave_and_no_incident(jan_mar, store):
    keys = store.message_keys(jan_mar.messages)
    report = _row(
        jan_mar, "Verdachte man loopt aan alle autodeuren te trekken in de Merelstraat (feb 2024)", "2024-02"
    )
    burglary = _row(
        jan_mar, "Er wordt ingebroken bij nummer 14 in de Lijsterlaan, 112 gebeld (feb 2024)", "2024-02"
    )
    gone = _row(jan_mar, "Hij is weg, fietste richting het park", "2024-02")
    greeting = _row(jan_mar, "Goedemorgen allemaal, fijne week (mrt 2024)", "2024-03")

    store.start_incident(GROUP, keys[gone], reviewer="R")  # split: "hij is weg" opens its own incident
    split = apply_store(jan_mar, store)
    assert _month(split, "2024-02")["incidents"] == 3
    assert split.messages["signal"].iloc[gone] and split.messages["incident"].iloc[gone].endswith("#2")

    store.join_previous(GROUP, keys[gone], reviewer="R")  # and back: it joins the incident before it
    joined = apply_store(jan_mar, store)
    assert _month(joined, "2024-02")["incidents"] == 2
    assert joined.messages["incident"].iloc[gone] == joined.messages["incident"].iloc[report]
    assert joined.messages["update"].iloc[gone] and not joined.messages["signal"].iloc[gone]

    store.leave_incident(GROUP, keys[report], reviewer="R")  # the report taken out: the next message opens it
    left = apply_store(jan_mar, store)
    assert pd.isna(left.messages["incident"].iloc[report])
    assert _incident_of(left, report + 1)["opened_by"] == "Anouk de Wit"

    store.no_incident(GROUP, keys[burglary], reviewer="R")
    none = apply_store(jan_mar, store)
    assert _month(none, "2024-02")["incidents"] == 1
    assert none.messages["alarm"].iloc[burglary]  # 112 was still called: the alarm label stays
    assert not none.messages["signal"].iloc[burglary] and pd.isna(none.messages["incident"].iloc[burglary])

    store.start_incident(GROUP, keys[greeting], reviewer="R")  # outside incidents: until the quiet gap
    started = apply_store(jan_mar, store)
    assert _month(started, "2024-03")["incidents"] == 3
    assert started.incidents["incident"].is_unique


def test_a_report_that_loses_its_signal_hands_the_start_to_the_next_message(jan_mar):
    from analysis.corrections import SET_LABELS, Correction

    messages = jan_mar.messages
    report = _row(
        jan_mar, "Verdachte man loopt aan alle autodeuren te trekken in de Merelstraat (jan 2024)", "2024-01"
    )
    corrections = [Correction(GROUP, "k1", SET_LABELS, {"signal": False}, id=1)]
    reviewed = apply_corrections(jan_mar, corrections, [report])
    assert len(reviewed.incidents) == len(jan_mar.incidents)
    moved = reviewed.incidents.set_index("incident").loc[messages["incident"].iloc[report]]
    assert moved["opened_by"] == "Anouk de Wit" and moved["start"] == messages["timestamp"].iloc[report + 1]
    assert moved["messages"] == 4  # the former report stays part of the conversation
    assert reviewed.messages["corrected_labels"].sum() == 2  # the report's signal, the new opener's
