"""``python -m analysis report|tables --store FILE``: the store's corrections reach the command line's
files, its months are kept, and a bad store file is one Dutch line with exit code 2."""

from __future__ import annotations

from datetime import date

import pandas as pd

from analysis import analyse
from cli import main
from parsers import read_chats
from presentation.errors import codes
from store import open_store
from store.errors import CODES
from tests.store_support import GROUP, export_text


def _export(tmp_path):
    path = tmp_path / f"WhatsApp-chat met {GROUP}.txt"
    path.write_text(export_text(date(2024, 1, 1), date(2024, 3, 31)), encoding="utf-8")
    return path


def test_tables_apply_the_corrections_and_write_the_months_with_history(tmp_path) -> None:
    export = _export(tmp_path)
    analysis = analyse(read_chats([export]))
    store = open_store(tmp_path / "opslag.sqlite")
    row = int((analysis.messages["text"] == "Ze komen eraan").to_numpy(bool).argmax())
    store.mark_112(GROUP, store.message_keys(analysis.messages)[row], reviewer="R")

    out = tmp_path / "uit"
    assert main(["tables", str(export), "--out", str(out), "--store", str(store.path), "--quiet"]) == 0
    incidents = pd.read_csv(out / "incidenten.csv")
    assert incidents["minutes_to_112"].notna().sum() == len(analysis.incidents) // 2 + 1
    messages = pd.read_csv(out / "berichten.csv")
    assert messages["corrected"].sum() == 1
    months = pd.read_csv(out / "maanden.csv")
    assert months["month"].tolist() == ["2024-01", "2024-02", "2024-03"]
    assert months["alarm_rate"].tolist() == [1.0, 0.5, 0.5] and months["corrected_labels"].tolist() == [
        1,
        0,
        0,
    ]
    assert len(store.stored_months()) == 3


def test_a_report_with_a_damaged_store_is_one_dutch_line(tmp_path, capsys) -> None:
    bad = tmp_path / "opslag.sqlite"
    bad.write_bytes(b"geen database" * 50)
    code = main(
        ["report", str(_export(tmp_path)), "--out", str(tmp_path / "uit"), "--store", str(bad), "--quiet"]
    )
    assert code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert (
        err[-1] == f"fout: het opslagbestand {bad} is beschadigd of geen database; er is niets aan veranderd"
    )
    assert "Traceback" not in "".join(err)
    assert bad.read_bytes() == b"geen database" * 50


def test_every_store_error_code_has_a_dutch_line() -> None:
    assert codes("store") == set(CODES)
