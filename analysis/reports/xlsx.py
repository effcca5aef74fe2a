"""The report as an Excel workbook: a cover sheet, then one sheet per table.

Values stay typed (real dates, numbers with a display format), headers are Dutch. Text that starts
like a formula ("=", "+", "-", "@") is stored as plain text, so a chat message can never become a
formula in the recipient's spreadsheet.
"""

from __future__ import annotations

import io
import math
import re
from datetime import date, datetime

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from analysis.reports.document import Report, Table
from analysis.reports.formatting import is_missing
from analysis.reports.texts import text, texts

NUMBER_FORMATS = {
    "int": "#,##0",
    "pct": "0%",
    "min": "0.0",
    "num": "0.0",
    "date": "dd-mm-yyyy",
    "datetime": "dd-mm-yyyy hh:mm",
}
HEADER_FILL = PatternFill("solid", fgColor="DCE6F0")
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
_ILLEGAL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _sheet_name(wanted: str, taken: set[str]) -> str:
    """A valid, unique sheet name (max 31 characters, none of []:*?/\\)."""
    base = _BAD_SHEET_CHARS.sub(" ", wanted).strip()[:31] or "Blad"
    name, number = base, 2
    while name.lower() in taken:
        suffix = f" ({number})"
        name, number = base[: 31 - len(suffix)] + suffix, number + 1
    taken.add(name.lower())
    return name


def _cell_value(value: object) -> object:
    """A value openpyxl stores as the right type; missing values become empty cells."""
    if isinstance(value, str):
        return _ILLEGAL_CHARS.sub(" ", value)
    if is_missing(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime().replace(tzinfo=None)
    if isinstance(value, datetime | date):
        return value
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, int | float):
        return None if isinstance(value, float) and math.isinf(value) else value
    if hasattr(value, "item"):  # numpy scalars
        return _cell_value(value.item())
    if isinstance(value, tuple | list):
        return ", ".join(map(str, value))
    return str(value)


def _write_value(sheet, row: int, column: int, value: object, kind: str) -> None:
    cell = sheet.cell(row=row, column=column, value=_cell_value(value))
    if isinstance(cell.value, str):
        cell.data_type = "s"  # never a formula, whatever the text starts with
    elif kind in NUMBER_FORMATS and cell.value is not None:
        cell.number_format = NUMBER_FORMATS[kind]


def _write_table(sheet, table: Table) -> None:
    columns = list(table.frame.columns)
    for c, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=c, value=str(column))
        cell.data_type = "s"
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    widths = [len(str(c)) for c in columns]
    for r, values in enumerate(table.frame.itertuples(index=False, name=None)):
        for c, (column, value) in enumerate(zip(columns, values, strict=True)):
            _write_value(sheet, r + 2, c + 1, value, table.format_of(column, r))
            widths[c] = max(widths[c], min(60, len(str(value)) if not isinstance(value, float) else 8))
    for c, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(c)].width = max(9, min(60, width + 2))
    sheet.freeze_panes = "A2"
    if table.note:
        sheet.cell(row=len(table.frame) + 3, column=1, value=table.note).data_type = "s"


def _write_cover(sheet, report: Report) -> None:
    lines = [report.title, report.subtitle, report.notice, report.generated, "", text("titles", "summary"),
             *report.summary]
    for r, line in enumerate(lines, start=1):
        cell = sheet.cell(row=r, column=1, value=_cell_value(line))
        cell.data_type = "s"
        if r in (1, 6):
            cell.font = Font(bold=True, size=14 if r == 1 else 12)
    sheet.column_dimensions["A"].width = 120


def _write_timelines(sheet, report: Report) -> bool:
    columns = texts("columns")
    rows = [
        (timeline.heading, timeline.opening_text, step, at, after, timeline.outcome)
        for section in report.sections for timeline in section.timelines
        for step, at, after in timeline.steps
    ]
    if not rows:
        return False
    headers = ("Melding", columns["opening_text"], columns["step"], columns["time"], columns["after"],
               columns["outcome"])
    frame = pd.DataFrame(rows, columns=list(headers))
    _write_table(sheet, Table("", frame))
    return True


def to_xlsx(report: Report) -> bytes:
    """The report as .xlsx bytes: "Rapport" (title and summary), then every table on its own sheet."""
    workbook = Workbook()
    taken: set[str] = set()
    cover = workbook.active
    cover.title = _sheet_name("Rapport", taken)
    _write_cover(cover, report)
    for table in report.tables():
        if table.sheet is None:
            continue
        _write_table(workbook.create_sheet(_sheet_name(table.sheet, taken)), table)
    timeline_sheet = workbook.create_sheet(_sheet_name("Verloop meldingen", taken))
    if not _write_timelines(timeline_sheet, report):
        workbook.remove(timeline_sheet)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
