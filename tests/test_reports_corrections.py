"""Both reports say how many labels were corrected by hand in their period, and the effectiviteitsrapport's
table per month shows the months only the store's history still has (``report --store``)."""

from __future__ import annotations

from datetime import date

import pytest

from analysis import analyse
from analysis.cli import main
from analysis.reports import effectiveness_report, month_report, to_html
from parsers import read_chats
from store import apply_store, open_store
from tests.store_support import GROUP, export_text

JAN_MAR = (date(2024, 1, 1), date(2024, 3, 31))
# three exports of eight whole months each (as in tests/test_history.py)
WINDOWS = (
    (date(2024, 1, 1), date(2024, 8, 31)),
    (date(2024, 9, 1), date(2025, 4, 30)),
    (date(2025, 5, 1), date(2025, 12, 31)),
)


def _analysis(first: date, last: date):
    return analyse(read_chats([(export_text(first, last).encode(), GROUP)]))


@pytest.fixture(scope="module")
def jan_mar():
    return _analysis(*JAN_MAR)


def _row(analysis, text: str, month: str) -> int:
    messages = analysis.messages
    hit = (messages["text"] == text) & (messages["timestamp"].dt.strftime("%Y-%m") == month)
    return int(hit.to_numpy(bool).argmax())


def _corrected(jan_mar, tmp_path):
    """A missed 112 in February and a wrong off-topic flag in March."""
    store = open_store(tmp_path)
    keys = store.message_keys(jan_mar.messages)
    store.mark_112(GROUP, keys[_row(jan_mar, "Ze komen eraan", "2024-02")], reviewer="R")
    offtopic = _row(jan_mar, "Goedemorgen allemaal, fijne week (mrt 2024)", "2024-03")
    assert "offtopic" in jan_mar.messages["violations"].iloc[offtopic]
    store.set_labels(GROUP, keys[offtopic], {"offtopic": False}, reviewer="R")
    return apply_store(jan_mar, store), store


def test_the_month_report_counts_its_own_months_corrections(jan_mar, tmp_path) -> None:
    reviewed, _ = _corrected(jan_mar, tmp_path)
    february = month_report(reviewed, "2024-02")
    assert february.notice.endswith("1 label(s) van de automatische herkenning, in 1 bericht(en).")
    assert "1 label(s)" in to_html(february)
    assert month_report(reviewed, "2024-01").notice.endswith(
        "In deze periode is niets met de hand gecorrigeerd."
    )
    assert "gecorrigeerd" not in month_report(jan_mar, "2024-02").notice  # no store: nothing said


def test_the_effectiveness_report_counts_the_corrections_of_its_period(jan_mar, tmp_path) -> None:
    reviewed, _ = _corrected(jan_mar, tmp_path)
    both = effectiveness_report(reviewed, "2024-01", "2024-03")
    assert "gecorrigeerd in deze periode: <3 label(s)" in both.notice  # small counts as everywhere in it
    assert "niets met de hand" in effectiveness_report(reviewed, "2024-01", "2024-01").notice
    assert "gecorrigeerd" not in effectiveness_report(jan_mar, "2024-01", "2024-03").notice


def test_report_store_puts_the_kept_months_in_the_effectiveness_trend(tmp_path) -> None:
    store = open_store(tmp_path / "opslag.sqlite")
    for window in WINDOWS[:2]:
        apply_store(_analysis(*window), store)  # what the dashboard does with each month's export
    export = tmp_path / f"WhatsApp-chat met {GROUP}.txt"
    export.write_text(export_text(*WINDOWS[2]), encoding="utf-8")
    out = tmp_path / "uit"
    args = [
        "report",
        str(export),
        "--kind",
        "effectiviteit",
        "--out",
        str(out),
        "--quiet",
        "--format",
        "html",
    ]

    assert main([*args, "--store", str(store.path)]) == 0
    [html] = out.glob("*.html")
    page = html.read_text(encoding="utf-8")
    assert page.count("(historie)") == 16 + 1  # 16 kept months and the note under the table
    assert "Effectiviteitsrapport januari 2024 t/m december 2025" in page

    html.unlink()
    assert main(args) == 0  # without the store: only the export's eight months
    [html] = out.glob("*.html")
    page = html.read_text(encoding="utf-8")
    assert "(historie)" not in page and "Effectiviteitsrapport mei 2025 t/m december 2025" in page
