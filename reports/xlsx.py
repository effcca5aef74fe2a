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
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from presentation.formatting import is_missing
from reports.document import Report, Table
from reports.texts import text, texts

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


def _cell(sheet, value: object, kind: str):
    """A write-only cell: text always as text (never a formula), numbers and dates with a format."""
    value = _cell_value(value)
    if isinstance(value, str):
        if not value.startswith("="):
            return value  # plain strings are stored as text as they are
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"  # "=..." would otherwise be written as a formula
        return cell
    if value is None or kind not in NUMBER_FORMATS:
        return value
    cell = WriteOnlyCell(sheet, value=value)
    cell.number_format = NUMBER_FORMATS[kind]
    return cell


def _write_table(sheet, table: Table) -> None:
    """Header row, then the rows; widths and frozen header are set first (write-only sheets need that)."""
    columns = list(table.frame.columns)
    widths = [len(str(c)) for c in columns]
    sample = table.frame.head(200)
    for c, column in enumerate(columns):
        lengths = sample[column].map(lambda v: 8 if isinstance(v, float) else len(str(v)))
        widths[c] = max(widths[c], int(lengths.max()) if len(lengths) else 0)
    for c, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(c)].width = max(9, min(60, width + 2))
    sheet.freeze_panes = "A2"
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=str(column))
        cell.data_type = "s"
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        header.append(cell)
    sheet.append(header)
    kinds = [table.formats.get(column, "text") for column in columns]
    for r, values in enumerate(table.frame.itertuples(index=False, name=None)):
        if table.row_formats:
            row_kinds = ["text", *([table.row_formats[r]] * (len(columns) - 1))]
        else:
            row_kinds = kinds
        sheet.append([_cell(sheet, value, kind) for value, kind in zip(values, row_kinds, strict=True)])
    if table.note:
        sheet.append([])
        sheet.append([_cell(sheet, table.note, "text")])


def _write_cover(sheet, report: Report) -> None:
    sheet.column_dimensions["A"].width = 120
    lines = [
        report.title,
        report.subtitle,
        report.notice,
        report.generated,
        "",
        text("titles", "summary"),
        *report.summary,
    ]
    for number, line in enumerate(lines, start=1):
        value = _cell(sheet, line, "text")
        if number in (1, 6):
            value = WriteOnlyCell(sheet, value=_cell_value(line))
            value.data_type = "s"
            value.font = Font(bold=True, size=14 if number == 1 else 12)
        sheet.append([value])


def _timeline_table(report: Report) -> Table | None:
    """Every incident's steps as one long table (Maandrapport), or None when there are none."""
    columns = texts("columns")
    rows = [
        (timeline.heading, timeline.opening_text, step, at, after, timeline.outcome)
        for section in report.sections
        for timeline in section.timelines
        for step, at, after in timeline.steps
    ]
    if not rows:
        return None
    headers = (
        text("sections", "incidents"),
        columns["opening_text"],
        columns["step"],
        columns["time"],
        columns["after"],
        columns["outcome"],
    )
    return Table("", pd.DataFrame(rows, columns=list(headers)))


def to_xlsx(report: Report) -> bytes:
    """The report as .xlsx bytes: "Rapport" (title and summary), then every table on its own sheet."""
    workbook = Workbook(write_only=True)  # streams rows: several times faster for large tables
    taken: set[str] = set()
    _write_cover(workbook.create_sheet(_sheet_name("Rapport", taken)), report)
    for table in report.tables():
        if table.sheet is None:
            continue
        _write_table(workbook.create_sheet(_sheet_name(table.sheet, taken)), table)
    timelines = _timeline_table(report)
    if timelines is not None:
        _write_table(workbook.create_sheet(_sheet_name("Verloop meldingen", taken)), timelines)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
