"""Both reports say how many labels were corrected by hand in their period, and the effectiviteitsrapport's
table per month shows the months only the store's history still has (``report --store``)."""

from __future__ import annotations

from datetime import date

import pytest

from analysis import analyse
from cli import main
from parsers import read_chats
from reports import effectiveness_report, month_report, month_summary, to_html
from store import apply_store, open_store
from tests.store_support import GROUP, export_text

JAN_MAR = (date(2024, 1, 1), date(2024, 3, 31))
# three exports of eight whole months each (as in tests/store/test_history.py)
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
    # the 16 kept months in the table per month and the table per group, and the notes saying where
    # their figures come from
    assert page.count("jan 2024 (historie)") == 2 and page.count("apr 2025 (historie)") == 2
    assert "Maanden met &#39;(historie)&#39; komen uit de bewaarde maandcijfers" in page
    assert "Effectiviteitsrapport januari 2024 t/m december 2025" in page

    html.unlink()
    assert main(args) == 0  # without the store: only the export's eight months
    [html] = out.glob("*.html")
    page = html.read_text(encoding="utf-8")
    assert "(historie)" not in page and "Effectiviteitsrapport mei 2025 t/m december 2025" in page


# The same group exported three times; the last export starts mid-April (the second holds April whole) and
# ends on 10 December (a partial month no export holds whole).
OVERLAPPING = (
    (date(2024, 1, 1), date(2024, 8, 31)),
    (date(2024, 9, 1), date(2025, 4, 30)),
    (date(2025, 4, 16), date(2025, 12, 10)),
)


@pytest.fixture(scope="module")
def overlapping(tmp_path_factory):
    """The last export with the store's corrections applied, and its merged months: March 2025 (only in the
    history) has one incident after a coordinator removed the other; April 2025 comes whole from the
    history (the last export holds 16 to 30 April)."""
    store = open_store(tmp_path_factory.mktemp("store"))
    exports = [_analysis(*window) for window in OVERLAPPING]
    second = exports[1]
    quiet = _row(
        second, "Verdachte man loopt aan alle autodeuren te trekken in de Merelstraat (mrt 2025)", "2025-03"
    )
    store.no_incident(GROUP, store.message_keys(second.messages)[quiet], reviewer="R")
    for analysis in exports:
        latest = apply_store(analysis, store)
    return latest, store.merged_months(latest)


def test_the_summary_compares_with_months_only_the_history_has(overlapping) -> None:
    latest, history = overlapping
    assert not (latest.months["month"] == "2025-03").any()  # March is gone from the export
    april = month_summary(latest, "2025-04", history=history)
    # April whole from the history, compared with March, which only the history still has
    assert "Het aantal meldingen steeg van 1 naar 2." in april
    assert not any("niet helemaal in de export" in sentence for sentence in april)
    # without the history the export's April is partial and not compared
    plain = month_summary(latest, "2025-04")
    assert "niet helemaal in de export" in plain[0] and not any("steeg" in s for s in plain)

    may = month_summary(latest, "2025-05", history=history)
    assert "Het aantal meldingen bleef 2." in may  # against the whole April of the history
    assert not any("niet helemaal" in sentence for sentence in may)
    assert "niet helemaal in de export" in month_summary(latest, "2025-05")[0]

    # the Maandrapport of May compares with the stored April too, in its summary and its key table
    report = month_report(latest, "2025-05", history=history)
    assert "Het aantal meldingen bleef 2." in report.summary
    key_table = report.sections[0].tables[0].frame.set_index("Kengetal")
    assert key_table.loc["Meldingen", "Vorige maand"] == 2 and "april 2025" in report.sections[0].intro

    # December stays partial: the history has no whole December, so it is said and not compared
    december = month_summary(latest, "2025-12", history=history)
    assert "december 2025 staat niet helemaal in de export" in december[0].lower()


def test_the_effectiveness_report_counts_the_history_months_in_its_tables_and_charts(overlapping) -> None:
    latest, history = overlapping
    report = effectiveness_report(latest, "2024-01", "2025-12", history=history)
    assert report.title.endswith("januari 2024 t/m december 2025")
    trend = next(s for s in report.sections if s.tables and "maand" in s.tables[0].title.lower())
    per_month, per_group = trend.tables[0].frame, trend.tables[1].frame
    labels = per_month.iloc[:, 0].tolist()
    assert len(labels) == 24
    assert labels[0] == "jan 2024 (historie)" and labels[14] == "mrt 2025 (historie)"
    assert labels[15] == "apr 2025 (historie)"  # whole in the history, partial in the export: not starred
    assert labels[-1] == "dec 2025*" and labels[-2] == "nov 2025"  # the export's partial month stays marked
    incidents = dict(zip(labels, per_month["Meldingen"], strict=True))
    assert incidents["mrt 2025 (historie)"] == "<3" and incidents["feb 2025 (historie)"] == "<3"
    # the per-group table has a column for every month, history months included, and its total counts them
    assert "jan 2024 (historie)" in per_group.columns and "mrt 2025 (historie)" in per_group.columns
    # 2 incidents a month over 24 months, one removed in March 2025, one of December after the 10th
    december = int(latest.months.set_index("month").loc["2025-12", "incidents"])
    assert per_group["Totaal"].iloc[0] == 2 * 23 - 1 + december
    chart = trend.charts[0].figure
    assert list(chart.data[0].x) == labels  # the chart of incidents per month draws the history months
    alarm = trend.charts[1].figure
    assert list(alarm.data[0].x) == labels
    assert "(historie)" in trend.tables[0].note


def test_report_store_compares_the_month_report_with_a_kept_month(tmp_path) -> None:
    store = open_store(tmp_path / "opslag.sqlite")
    apply_store(_analysis(*WINDOWS[1]), store)  # holds April 2025 whole; the next export starts in May
    export = tmp_path / f"WhatsApp-chat met {GROUP}.txt"
    export.write_text(export_text(*WINDOWS[2]), encoding="utf-8")
    out = tmp_path / "uit"
    args = ["report", str(export), "--kind", "maand", "--period", "2025-05", "--out", str(out), "--quiet"]
    args += ["--format", "html"]

    assert main([*args, "--store", str(store.path)]) == 0
    [html] = out.glob("*.html")
    assert "Het aantal meldingen bleef 2." in html.read_text(encoding="utf-8")  # May against the kept April
    html.unlink()
    assert main(args) == 0  # without the store May is the export's first month: nothing to compare
    [html] = out.glob("*.html")
    assert "Het aantal meldingen bleef" not in html.read_text(encoding="utf-8")
