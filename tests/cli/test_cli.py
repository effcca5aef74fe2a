"""The command line: reports and tables from exports, bad files skipped and reported, all documented."""

from __future__ import annotations

import re
import subprocess
import sys
from html import escape as html_escape
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from cli import build_parser, main
from tests.reports_support import SAMPLE_DIR

DOCS = Path(__file__).resolve().parents[2] / "docs" / "reports.md"
ANDROID_SAMPLE = SAMPLE_DIR / "WhatsApp-chat met Buurtpreventie Vogelwijk.txt"

needs_sample = pytest.mark.skipif(not ANDROID_SAMPLE.exists(), reason="sample export not rendered yet")


def _samples() -> list[str]:
    return [str(p) for p in sorted(SAMPLE_DIR.glob("*")) if p.suffix in {".txt", ".zip"}]


@needs_sample
def test_report_skips_a_bad_file_and_exits_1(tmp_path, capsys) -> None:
    bad = tmp_path / "kapot.txt"
    bad.write_text("dit is geen WhatsApp-export\n", encoding="utf-8")
    code = main(
        [
            "report",
            str(ANDROID_SAMPLE),
            str(bad),
            "--format",
            "html,xlsx",
            "--out",
            str(tmp_path / "uit"),
            "--quiet",
        ]
    )
    captured = capsys.readouterr()
    assert code == 1
    assert "overgeslagen" in captured.err and "kapot.txt" in captured.err
    written = sorted(p.name for p in (tmp_path / "uit").iterdir())
    assert len(written) == 2 and written[0].startswith("maandrapport-") and written[0].endswith(".html")
    assert written[1].endswith(".xlsx")
    html = (tmp_path / "uit" / written[0]).read_text(encoding="utf-8")
    assert "Maandrapport" in html and "Karin Bos" not in html
    workbook = openpyxl.load_workbook(tmp_path / "uit" / written[1])
    assert "Meldingen" in workbook.sheetnames


@needs_sample
def test_effectiveness_report_over_all_samples(tmp_path) -> None:
    code = main(
        [
            "report",
            *_samples(),
            "--kind",
            "effectiviteit",
            "--format",
            "html",
            "--out",
            str(tmp_path),
            "--examples",
            "--quiet",
        ]
    )
    assert code == 0
    [report] = list(tmp_path.iterdir())
    match = re.fullmatch(r"effectiviteitsrapport-(\d{4}-\d{2})-(\d{4}-\d{2})\.html", report.name)
    assert match
    html = report.read_text(encoding="utf-8")
    assert "Effectiviteitsrapport" in html
    # the content, not only the title: every cell of the per-group table the library makes for this period
    from analysis import analyse
    from parsers import read_chats
    from reports import effectiveness_report

    expected = effectiveness_report(analyse(read_chats(_samples())), *match.groups(), examples=True)
    table = expected.sections[0].tables[0].formatted()
    assert len(table) >= 3  # the sample groups and the total
    for cell in table.to_numpy().ravel():
        assert html_escape(str(cell)) in html, cell


@needs_sample
def test_month_reports_for_a_period_one_per_month(tmp_path) -> None:
    chat_months = sorted(set(pd.read_parquet(_parse(tmp_path))["timestamp"].dt.strftime("%Y-%m")))
    first, last = chat_months[0], chat_months[1]
    code = main(
        [
            "report",
            str(ANDROID_SAMPLE),
            "--period",
            f"{first}..{last}",
            "--out",
            str(tmp_path / "r"),
            "--names",
            "--quiet",
        ]
    )
    assert code == 0
    assert sorted(p.name for p in (tmp_path / "r").iterdir()) == [
        f"maandrapport-{first}.html",
        f"maandrapport-{last}.html",
    ]
    assert "Karin Bos" in (tmp_path / "r" / f"maandrapport-{first}.html").read_text(encoding="utf-8")


def _parse(tmp_path: Path) -> Path:
    out = tmp_path / "chat.parquet"
    assert main(["parse", str(ANDROID_SAMPLE), "--out", str(out), "--quiet"]) == 0
    return out


@needs_sample
def test_parse_writes_parquet_and_csv(tmp_path) -> None:
    chat = pd.read_parquet(_parse(tmp_path))
    assert {"timestamp", "author", "text", "kind", "group"} <= set(chat.columns)
    csv = tmp_path / "chat.csv"
    assert main(["parse", str(ANDROID_SAMPLE), "--out", str(csv), "--quiet"]) == 0
    assert len(pd.read_csv(csv)) == len(chat)


@needs_sample
def test_tables_writes_pseudonymised_csv(tmp_path) -> None:
    assert (
        main(["tables", str(ANDROID_SAMPLE), "--format", "csv,parquet", "--out", str(tmp_path), "--quiet"])
        == 0
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "berichten.csv",
        "berichten.parquet",
        "incidenten.csv",
        "incidenten.parquet",
    ]
    assert "Karin Bos" not in (tmp_path / "berichten.csv").read_text(encoding="utf-8")


def test_usage_errors_exit_2(tmp_path, capsys) -> None:
    assert main([]) == 2
    assert main(["parse", str(tmp_path / "x.txt"), "--out", str(tmp_path / "x.json")]) == 2
    assert "--out moet eindigen op .parquet of .csv" in capsys.readouterr().err
    bad = tmp_path / "kapot.txt"
    bad.write_text("geen export", encoding="utf-8")
    assert main(["report", str(bad), "--out", str(tmp_path), "--quiet"]) == 2
    assert "geen enkele export" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_info:
        main(["report", str(bad), "--out", str(tmp_path), "--format", "docx"])
    assert exit_info.value.code == 2
    with pytest.raises(SystemExit):
        main(["report", str(bad), "--out", str(tmp_path), "--period", "2024-13"])


def test_module_help_runs() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "analysis", "report", "--help"],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert "--period" in result.stdout and "Effectiviteitsrapport" in result.stdout


def test_every_command_and_option_is_documented() -> None:
    """Like sqlite-utils: docs/reports.md names every command and every option of the command line."""
    docs = DOCS.read_text(encoding="utf-8")
    parser = build_parser()
    commands = next(a for a in parser._actions if a.dest == "command")  # argparse keeps subparsers here
    missing = []
    for name, sub in commands.choices.items():
        if f"python -m analysis {name}" not in docs:
            missing.append(name)
        for action in sub._actions:
            missing += [
                f"{name} {o}" for o in action.option_strings if o not in ("-h", "--help") and o not in docs
            ]
    assert missing == []


def test_a_month_report_without_a_period_covers_the_newest_complete_month(tmp_path) -> None:
    """An export made on 6 March reports on February by default (as the dashboard),
    not on six days of March."""
    from datetime import datetime

    from exportgen.chat import Chat, Message
    from exportgen.render import render

    records = [
        Message(datetime(2026, 1, 10, 9, 0), "Els", "Goedemorgen allemaal"),
        Message(datetime(2026, 2, 14, 21, 0), "Els", "Verdachte man bij de garages, 112 gebeld"),
        Message(datetime(2026, 3, 6, 8, 0), "Anouk", "Fijne dag allemaal"),
    ]
    export = tmp_path / "WhatsApp-chat met Buurtpreventie Proefdorp.txt"
    export.write_text(render(Chat("Buurtpreventie Proefdorp", records), "android-nl"), encoding="utf-8")
    assert main(["report", str(export), "--out", str(tmp_path / "uit"), "--quiet"]) == 0
    assert [p.name for p in (tmp_path / "uit").iterdir()] == ["maandrapport-2026-02.html"]
