"""A fuzz test of the whole path (issue 9): mutated exports go through parse, analyse, pseudonymise, both
reports (HTML and Excel) and the dashboard's and the command line's CSV downloads.

Each case is one seed, so a failure names the seed that reproduces it. A mutated export either gives a
Dutch ``ParseError`` or goes through every step; no other exception, no formula in a CSV, no member
name in the pseudonymised tables, and every record the parser kept is analysed. The export is the
first 120 lines of a sample chat and 40 seeds run, which keeps the test to about a minute on CI.
"""

from __future__ import annotations

import csv
import io
import random
import zipfile
from pathlib import Path

import pandas as pd
import pytest

import analysis
from analysis.anonymise import pseudonymise_analysis
from analysis.tables_export import FORMULA_START
from dashboard.display import csv_bytes
from parsers import ParseError, read_export
from presentation.errors import describe
from reports import effectiveness_report, month_report, tables_to_csv, to_html, to_xlsx

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "sample_exports" / "WhatsApp-chat met Buurtpreventie Vogelwijk.txt"
PAYLOADS = (
    '=HYPERLINK("https://tracker.example";"klik")',
    "+1+1",
    "@SUM(1)",
    "![x](https://tracker.example/i.png) :material/home: :red[rood] $x^2$ <script>alert(1)</script>",
    "x" * 50_000,
    "112 gebeld " * 2_000,
    "\u200e\u202e\ufeff\x00",
    "Kerkstraat 14 - 112 gebeld, 06-12345678, GX-123-B",
)
NAMES = ("Bob", "=cmd|' /C calc'!A0", "# Kop", "A" * 600, ", ".join(f"Lid{n} Naam{n}" for n in range(40)))


def _lines() -> list[str]:
    return SAMPLE.read_text(encoding="utf-8").splitlines(keepends=True)[:120]


def _header(rng: random.Random) -> str:
    day, month, hour, minute = rng.randint(1, 31), rng.randint(1, 12), rng.randint(0, 23), rng.randint(0, 59)
    return f"{day:02d}-{month:02d}-2026 {hour:02d}:{minute:02d} - "


def mutate(seed: int) -> tuple[str, bytes]:
    """A mutated copy of the sample export and its file name; several mutations per seed."""
    rng = random.Random(seed)
    lines = _lines()
    for _ in range(rng.randint(1, 6)):
        kind = rng.choice(
            ("flip", "delete", "duplicate", "swap", "payload", "name", "bad_date", "cut", "blank")
        )
        at = rng.randrange(len(lines)) if lines else 0
        if kind == "flip" and lines:
            raw = bytearray(lines[at].encode("utf-8"))
            raw[rng.randrange(len(raw))] = rng.randrange(256)
            lines[at] = raw.decode("utf-8", errors="replace")
        elif kind == "delete" and len(lines) > 1:
            del lines[at]
        elif kind == "duplicate" and lines:
            lines.insert(at, lines[at])
        elif kind == "swap" and len(lines) > 1:
            other = rng.randrange(len(lines))
            lines[at], lines[other] = lines[other], lines[at]
        elif kind == "payload":
            lines.insert(at, f"{_header(rng)}{rng.choice(NAMES)}: {rng.choice(PAYLOADS)}\n")
        elif kind == "name":
            lines.insert(at, f"{_header(rng)}{rng.choice(NAMES)} heeft {rng.choice(NAMES)} toegevoegd\n")
        elif kind == "bad_date":
            lines.insert(at, "31-02-2026 25:61 - Karin Bos: kan niet\n")
        elif kind == "cut" and lines:
            lines = lines[: at + 1]
            lines[-1] = lines[-1][: rng.randrange(len(lines[-1]) + 1)]
        elif kind == "blank":
            lines.insert(at, "\n" * rng.randint(1, 5))
    text = "".join(lines)
    encoding = rng.choice(("utf-8", "utf-8", "utf-8-sig", "utf-16", "cp1252"))
    data = text.encode(encoding, errors="replace")
    if rng.random() < 0.3:  # as an iPhone-style zip, sometimes damaged
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("_chat.txt", data)
        zipped = bytearray(buffer.getvalue())
        if rng.random() < 0.5:
            zipped[rng.randrange(len(zipped))] ^= 0xFF
        return "WhatsApp Chat - Vogelwijk.zip", bytes(zipped)
    return SAMPLE.name, data


def _assert_no_formula(data: bytes, delimiter: str, where: str) -> None:
    for row in csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=delimiter):
        for cell in row:
            is_number = cell.lstrip("-").replace(",", "").replace(".", "").isdigit()
            assert is_number or not cell.startswith(FORMULA_START), f"{where}: {cell[:60]!r}"


@pytest.mark.parametrize("seed", range(40))
def test_a_mutated_export_is_refused_in_dutch_or_goes_through_every_step(seed: int) -> None:
    name, data = mutate(seed)
    try:
        export = read_export(data, name=name)
    except ParseError as error:
        assert describe(error) and "Traceback" not in describe(error)
        return
    result = analysis.analyse(export.frame)
    assert len(result.messages) == len(export.frame)  # every record the parser kept is analysed

    private = pseudonymise_analysis(result)
    authors = private.messages["author"].dropna()
    assert authors.str.match(r"^(Lid \d+|Onbekend lid)$").all(), authors[~authors.str.match(r"^Lid")].head()

    if not result.months.empty:
        months = sorted(str(month) for month in result.months["month"])
        for report in (month_report(result, months[-1]), effectiveness_report(result, months[0], months[-1])):
            assert to_html(report) and to_xlsx(report)
    for file_name, content in tables_to_csv(result).items():
        _assert_no_formula(content, ",", file_name)
    for table in ("messages", "incidents", "members"):
        frame: pd.DataFrame = getattr(private, table)
        _assert_no_formula(csv_bytes(frame), ";", f"dashboard {table}")
