"""The correction widgets in AppTest: a correction made in the Meldingen thread or on the Correcties page
changes every figure at once and is marked; the list, undo, export and delete; a damaged store is a Dutch
message and the dashboard works on without it; months kept in the store show on the overview.

Every test has its own store folder (tests/conftest.py, SAAR_MONITOR_DATA_DIR).
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Callable
from contextlib import closing
from datetime import date
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from analysis import analyse
from dashboard.display import measure_label
from dashboard.texts import t
from parsers import read_chats
from store import ENV_FOLDER, apply_store, open_store
from tests.scorecard_cells import scorecard_rows
from tests.store_support import GROUP, export_text

pytestmark = pytest.mark.slow

JAN_MAR = (date(2024, 1, 1), date(2024, 3, 31))
NAME = f"WhatsApp-chat met {GROUP}.txt"


def _bytes(first: date, last: date) -> bytes:
    return export_text(first, last).encode("utf-8")


@pytest.fixture(scope="module")
def jan_mar():
    return analyse(read_chats([(_bytes(*JAN_MAR), GROUP)]))


def _row(analysis, text: str, month: str) -> int:
    messages = analysis.messages
    hit = (messages["text"] == text) & (messages["timestamp"].dt.strftime("%Y-%m") == month)
    [row] = np.flatnonzero(hit.to_numpy(bool))
    return int(messages.index[row])


def _unescaped(markdown: str) -> str:
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown)


def _ok(at: AppTest) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    return at


def _loaded(dashboard: Callable[..., AppTest], window: tuple[date, date]) -> AppTest:
    at = _ok(dashboard().run())
    at.sidebar.file_uploader[0].set_value([(NAME, _bytes(*window), "text/plain")])
    return _ok(at.run())


def _alarm_rate(at: AppTest) -> str:
    at.switch_page("app_pages/overzicht.py").run()
    _ok(at)
    [row] = scorecard_rows(at)
    return row.figures[measure_label("alarm_rate")].value


def _store():
    return open_store(Path(os.environ[ENV_FOLDER]))


def test_a_missed_112_marked_in_the_thread_changes_the_scorecard_and_is_marked(dashboard, jan_mar) -> None:
    at = _loaded(dashboard, JAN_MAR)
    assert at.selectbox(key="month").value == "2024-03"
    assert _alarm_rate(at) == "50%"
    row = _row(jan_mar, "Ze komen eraan", "2024-03")
    incident = str(jan_mar.messages.at[row, "incident"])

    at.switch_page("app_pages/meldingen.py").run()
    at.selectbox(key="incident").set_value(incident).run()
    assert not any(t("correcties.corrected_badge") in m.value for m in at.markdown)
    at.button(key=f"melding_toggle_{row}").click().run()
    at.radio(key=f"melding_{row}_action").set_value("mark_112").run()
    at.button(key=f"melding_{row}_save").click().run()
    assert at.warning[0].value == t("correcties.reviewer_missing"), "initials are asked first"
    assert _store().list_corrections().empty

    at.text_input(key=f"melding_{row}_reviewer").set_value("AdV").run()
    at.button(key=f"melding_{row}_save").click().run()
    _ok(at)
    [correction] = _store().list_corrections().itertuples()
    assert (correction.action, correction.reviewer, correction.group) == ("mark_112", "AdV", GROUP)
    badges = [m.value for m in at.markdown if t("correcties.corrected_badge") in m.value]
    assert len(badges) == 1 and "Alarmeren" in badges[0], "the corrected message is marked, with its step"
    assert _alarm_rate(at) == "100%"


def test_a_wrong_offtopic_flag_removed_on_the_correcties_page_then_undone(dashboard, jan_mar) -> None:
    at = _loaded(dashboard, JAN_MAR)
    row = _row(jan_mar, "Goedemorgen allemaal, fijne week (mrt 2024)", "2024-03")
    at.switch_page("app_pages/overzicht.py").run()
    offtopic = measure_label("violations_per_100")
    before = scorecard_rows(at)[0].figures[offtopic].value

    at.switch_page("app_pages/correcties.py").run()
    _ok(at)
    assert at.selectbox(key="correcties_show").value == "violations"
    assert (
        "nr 3 · 03-03-2024 09:00 · Buurtpreventie Proefwijk" in at.selectbox(key="correcties_message").options
    )
    at.selectbox(key="correcties_message").set_value(row).run()
    assert at.multiselect(key=f"lijst_{row}_rules").value == ["offtopic"]
    at.multiselect(key=f"lijst_{row}_rules").set_value([]).run()
    at.text_input(key=f"lijst_{row}_note").set_value("gewone groet, geen off-topic")
    at.text_input(key=f"lijst_{row}_reviewer").set_value("JK").run()
    at.button(key=f"lijst_{row}_save").click().run()
    _ok(at)
    [correction] = _store().list_corrections().itertuples()
    assert correction.labels == {"offtopic": False} and correction.note == "gewone groet, geen off-topic"
    listing = at.dataframe[-1].value
    assert listing.iloc[0][t("correcties.columns.reviewer")] == "JK"
    assert listing.iloc[0][t("correcties.columns.what")] == "Labels: −Off-topic"
    assert listing.iloc[0][t("correcties.columns.message")] == "03-03-2024 09:00"
    one = "gecorrigeerd in deze periode en deze groepen: 1 label in 1 bericht."
    assert any(one in c.value for c in at.caption)
    at.switch_page("app_pages/overzicht.py").run()
    after = scorecard_rows(at)[0].figures[offtopic].value
    assert after != before

    at.switch_page("app_pages/correcties.py").run()
    at.selectbox(key="correcties_undo_id").set_value(correction.id)
    at.text_input(key="undo_reviewer").set_value("JK")  # the initials typed once are kept
    at.button(key="correcties_undo").click().run()
    _ok(at)
    assert not _store().list_corrections()["undone_at"].isna().any()
    assert at.dataframe[-1].value.iloc[0][t("correcties.columns.undone")].endswith("JK")
    at.switch_page("app_pages/overzicht.py").run()
    assert scorecard_rows(at)[0].figures[offtopic].value == before


def test_the_store_section_shows_the_file_exports_and_deletes_with_a_confirmation(dashboard, jan_mar) -> None:
    store = _store()
    store.mark_112(GROUP, store.message_keys(jan_mar.messages)[_row(jan_mar, "Ze komen eraan", "2024-02")])
    at = _loaded(dashboard, JAN_MAR)
    at.switch_page("app_pages/correcties.py").run()
    _ok(at)
    assert at.code[0].value == str(store.path), "the store's file is shown"
    assert "correcties_export" in [button.key for button in at.get("download_button")]
    at.selectbox(key="correcties_delete_which").set_value(GROUP).run()
    assert at.button(key="correcties_delete").disabled, "no deletion without the confirmation"
    at.checkbox(key="correcties_delete_sure").check().run()
    at.button(key="correcties_delete").click().run()
    _ok(at)
    assert store.list_corrections().empty and store.stored_months().empty


def test_a_damaged_store_is_a_dutch_message_and_the_dashboard_works_without_it(dashboard) -> None:
    path = _store().path
    path.unlink()
    path.write_bytes(b"dit is geen database" * 100)
    at = _loaded(dashboard, JAN_MAR)
    expected = t("correcties.errors.damaged", path=path)
    assert [_unescaped(w.value) for w in at.sidebar.warning] == [expected], "a Dutch line, no traceback"
    for page in ("overzicht", "meldingen", "rapport", "correcties"):
        at.switch_page(f"app_pages/{page}.py").run()
        _ok(at)
        assert at.title, page
    assert expected in [_unescaped(e.value) for e in at.error], "the Correcties page says what is wrong"
    assert path.read_bytes() == b"dit is geen database" * 100, "the file is left as it was"


def test_months_kept_in_the_store_show_on_the_overview(dashboard) -> None:
    apply_store(analyse(read_chats([(_bytes(date(2023, 9, 1), date(2024, 1, 31)), GROUP)])), _store())
    at = _loaded(dashboard, (date(2024, 2, 1), date(2024, 5, 31)))
    assert at.selectbox(key="month").value == "2024-05"
    captions = [c.value for c in at.caption if "bewaarde historie" in c.value]
    assert captions and "december 2023" in captions[-1] and "september 2023" in captions[-1]
    [row] = scorecard_rows(at)
    assert row.figures[measure_label("incidents")].value == "2"


def test_a_month_the_history_holds_whole_is_not_called_partial(dashboard) -> None:
    """February is only half in the new export but whole in the store: its figures come from the store, so no
    caption under them and no summary sentence may call it incomplete (the export alone would: 14 of 29
    days), and the summary compares it with January, which only the store still has."""
    apply_store(analyse(read_chats([(_bytes(date(2023, 12, 1), date(2024, 2, 29)), GROUP)])), _store())
    at = _loaded(dashboard, (date(2024, 2, 16), date(2024, 5, 31)))
    at.selectbox(key="month").set_value("2024-02").run()
    _ok(at)
    assert not [c.value for c in at.caption if "van 29 dagen" in c.value]
    summary = _unescaped(next(m.value for m in at.markdown if "Het aantal meldingen" in m.value))
    assert "Het aantal meldingen bleef 2." in summary and "niet helemaal" not in summary

    at.selectbox(key="month").set_value("2024-03").run()
    summary = _unescaped(next(m.value for m in at.markdown if "Het aantal meldingen" in m.value))
    assert "Het aantal meldingen bleef 2." in summary, "March is compared with the stored February"


def test_the_effectiveness_report_can_start_at_the_first_stored_month(dashboard) -> None:
    apply_store(analyse(read_chats([(_bytes(date(2023, 9, 1), date(2024, 1, 31)), GROUP)])), _store())
    at = _loaded(dashboard, (date(2024, 2, 1), date(2024, 5, 31)))
    at.switch_page("app_pages/rapport.py").run()
    _ok(at)
    choice = at.checkbox(key="report_with_history")
    assert choice.label == t("rapport.with_history", first="september 2023") and not choice.value
    choice.check().run()
    _ok(at)
    assert any("september 2023 t/m mei 2024" in c.value for c in at.caption)
    at.button(key="make_effectiviteit").click().run()
    _ok(at)
    report = next(iter(at.session_state["_reports"].values()))["report"]
    assert report.period == ("2023-09", "2024-05")
    per_month = next(s for s in report.sections if s.charts and len(s.tables) == 2).tables[0].frame
    assert per_month.iloc[0, 0] == "sep 2023 (historie)" and per_month.iloc[-1, 0] == "mei 2024"


def _import(at: AppTest, name: str, data: bytes) -> AppTest:
    at.switch_page("app_pages/correcties.py").run()
    at.file_uploader(key="correcties_import").set_value((name, data, "application/octet-stream")).run()
    at.button(key="correcties_import_go").click().run()
    return _ok(at)


def test_a_store_exported_on_another_computer_is_imported_and_its_corrections_apply(
    dashboard, jan_mar, tmp_path
) -> None:
    """Another coordinator's store (other message keys) replaces this one on purpose: its missed 112 of
    March is marked here too, with the name of the one who made it."""
    other = open_store(tmp_path / "andere-computer")
    keys = other.message_keys(jan_mar.messages)
    other.mark_112(
        GROUP, keys[_row(jan_mar, "Ze komen eraan", "2024-03")], note="politie kwam", reviewer="AdV"
    )
    exported = other.export_bytes()

    at = _loaded(dashboard, JAN_MAR)
    assert _alarm_rate(at) == "50%"
    _import(at, "saar-monitor-opslag.sqlite", exported)
    # this store keeps the loaded export's months already: another store is not merged into it unasked
    assert [_unescaped(e.value) for e in at.error] == [t("correcties.errors.import_conflict")]
    assert _store().list_corrections().empty

    at.checkbox(key="correcties_import_replace").check().run()
    at.button(key="correcties_import_go").click().run()
    _ok(at)
    assert not at.error
    assert [toast.value for toast in at.toast] == [
        "Opslag ingelezen: 1 nieuwe correctie en geen bewaarde maanden."
    ]
    [correction] = _store().list_corrections().itertuples()
    assert (correction.action, correction.reviewer, correction.note) == ("mark_112", "AdV", "politie kwam")
    listed = at.dataframe[-1].value.iloc[0]
    assert listed[t("correcties.columns.reviewer")] == "AdV", "the list shows who made it"
    assert _alarm_rate(at) == "100%", "every figure follows the imported correction"


def test_a_damaged_or_foreign_store_file_is_refused_in_dutch_and_nothing_is_lost(
    dashboard, jan_mar, tmp_path
) -> None:
    store = _store()
    store.mark_112(GROUP, store.message_keys(jan_mar.messages)[_row(jan_mar, "Ze komen eraan", "2024-03")])
    at = _loaded(dashboard, JAN_MAR)
    assert _alarm_rate(at) == "100%"
    kept = store.stored_months()
    damaged = store.export_bytes()[:3000] + b"\x00kapot" * 500  # an export cut short
    foreign = tmp_path / "adresboek.sqlite"
    with closing(sqlite3.connect(foreign)) as con:
        con.execute("CREATE TABLE adressen (naam TEXT)")
        con.commit()
    for name, data, code in (
        ("opslag-kapot.sqlite", damaged, "damaged"),
        ("notities.txt", b"geen database", "damaged"),
        ("adresboek.sqlite", foreign.read_bytes(), "foreign"),
    ):
        _import(at, name, data)
        if code == "damaged" and name.endswith(".sqlite"):  # also when replacing everything was asked
            at.checkbox(key="correcties_import_replace").check().run()
            at.button(key="correcties_import_go").click().run()
        assert [_unescaped(e.value) for e in at.error] == [t(f"correcties.import_errors.{code}", name=name)]
        assert not any("Traceback" in m.value for m in at.markdown)
    [correction] = store.list_corrections().itertuples()
    assert correction.action == "mark_112" and store.stored_months().equals(kept), "nothing is lost"
    assert _alarm_rate(at) == "100%"


def test_a_correction_made_in_another_session_shows_on_the_next_render(dashboard, jan_mar) -> None:
    """Two browser sessions on one store: what one corrects or undoes, the other shows the next time a page
    of it is drawn (a page switch, any click), without a reload or a change of its own."""
    first, second = _loaded(dashboard, JAN_MAR), _loaded(dashboard, JAN_MAR)
    assert _alarm_rate(first) == "50%" and _alarm_rate(second) == "50%"

    row = _row(jan_mar, "Ze komen eraan", "2024-03")
    second.switch_page("app_pages/meldingen.py").run()
    second.selectbox(key="incident").set_value(str(jan_mar.messages.at[row, "incident"])).run()
    second.button(key=f"melding_toggle_{row}").click().run()
    second.radio(key=f"melding_{row}_action").set_value("mark_112").run()
    second.text_input(key=f"melding_{row}_reviewer").set_value("JK").run()
    second.button(key=f"melding_{row}_save").click().run()
    _ok(second)
    assert _alarm_rate(second) == "100%"

    first.run()  # the same page drawn again, as after any click
    _ok(first)
    [row_now] = scorecard_rows(first)
    assert row_now.figures[measure_label("alarm_rate")].value == "100%"
    first.switch_page("app_pages/correcties.py").run()
    _ok(first)
    assert first.dataframe[-1].value.iloc[0][t("correcties.columns.reviewer")] == "JK"

    store = _store()
    [correction] = store.list_corrections().itertuples()
    store.undo(correction_id=int(correction.id), reviewer="AdV")  # e.g. from the command line's session
    assert _alarm_rate(first) == "50%" and _alarm_rate(second) == "50%"
