"""Month history: a 24-month trend from three exports of eight months each; a partial month never
replaces a whole one."""

from __future__ import annotations

from datetime import date

import pytest

from analysis import analyse
from parsers import read_chats
from store import apply_store, open_store
from tests.store_support import GROUP, export_text

# each export holds eight whole months; the third starts mid-April, which the second holds whole
WINDOWS = (
    (date(2024, 1, 1), date(2024, 8, 31)),
    (date(2024, 9, 1), date(2025, 4, 30)),
    (date(2025, 4, 16), date(2025, 12, 31)),
)


def _analysis(first: date, last: date):
    return analyse(read_chats([(export_text(first, last).encode(), GROUP)]))


@pytest.fixture(scope="module")
def exports():
    return [_analysis(*window) for window in WINDOWS]


@pytest.fixture(scope="module")
def whole():
    """The same 24 months in one export, as a phone that kept everything would give them."""
    return _analysis(WINDOWS[0][0], WINDOWS[-1][1])


def test_a_24_month_trend_from_three_exports_of_eight_months(exports, whole, tmp_path) -> None:
    store = open_store(tmp_path)
    first = exports[0]
    row = int((first.messages["text"] == "Ze komen eraan").to_numpy(bool).argmax())  # a January 112
    store.mark_112(GROUP, store.message_keys(first.messages)[row], reviewer="R")
    for analysis in exports:
        latest = apply_store(analysis, store)

    trend = store.merged_months(latest)
    assert len(trend) == 24 and trend["month"].tolist() == sorted(whole.months["month"])
    assert (trend["source"] == "history").sum() == 16 and not trend["partial"].any()
    assert trend.set_index("month").loc["2025-04", "source"] == "history"  # whole in the second export
    assert (latest.months["month"] == "2025-04").any()  # while the third holds it in part

    expected = whole.months.set_index("month")
    got = trend.set_index("month")
    for column in ("messages", "incidents", "violations", "violations_offtopic", "no_alarm_incidents"):
        corrected = column == "no_alarm_incidents"
        wanted = (
            expected[column] - (expected.index == "2024-01").astype(int) if corrected else expected[column]
        )
        assert got[column].tolist() == wanted.tolist(), column
    assert got.loc["2024-01", "alarm_rate"] == 1.0 and got.loc["2024-02", "alarm_rate"] == 0.5
    assert got.loc["2024-01", "corrected_labels"] == 1 and got["corrected_labels"].sum() == 1


def test_a_partial_month_never_replaces_a_whole_one(exports, tmp_path) -> None:
    store = open_store(tmp_path)
    apply_store(exports[1], store)
    whole_april = store.stored_months().set_index("month").loc["2025-04"]
    apply_store(exports[2], store)  # holds 16 to 30 April
    assert store.stored_months().set_index("month").loc["2025-04"].equals(whole_april)
    partial = exports[2].months.set_index("month").loc["2025-04", "messages"]
    assert partial < whole_april["messages"]


def test_a_month_recomputed_from_a_newer_whole_export_replaces_the_stored_one(exports, tmp_path) -> None:
    store = open_store(tmp_path)
    apply_store(exports[0], store)
    keys = store.message_keys(exports[0].messages)
    row = int((exports[0].messages["text"] == "Ze komen eraan").to_numpy(bool).argmax())
    store.mark_112(GROUP, keys[row], reviewer="R")
    apply_store(exports[0], store)
    january = store.stored_months().set_index("month").loc["2024-01"]
    assert january["alarm_rate"] == 1.0 and january["corrected_labels"] == 1


def test_without_history_the_trend_is_the_analysis(exports, tmp_path) -> None:
    trend = open_store(tmp_path).merged_months(exports[0])
    assert trend["month"].tolist() == exports[0].months["month"].tolist()
    assert (trend["source"] == "export").all()
    assert trend["messages"].tolist() == exports[0].months["messages"].tolist()
