"""The Maandrapport and the Effectiviteitsrapport, and their HTML, PDF and Excel forms.

Builders return a `Report` (content only); writers turn it into a format, in memory:

    report = month_report(analysis, "2024-03")
    html = to_html(report); pdf = to_pdf(report); xlsx = to_xlsx(report)

See docs/reports.md for the whole API.
"""

from __future__ import annotations

from reports.analyst import analyst_tables, tables_to_csv, tables_to_parquet
from reports.document import Chart, Report, Section, Table, Timeline
from reports.effectiveness import effectiveness_report
from reports.html import to_html
from reports.month import month_report, month_summary
from reports.pdf import to_pdf
from reports.selection import ReportError
from reports.xlsx import to_xlsx

__all__ = [
    "Chart",
    "Report",
    "ReportError",
    "Section",
    "Table",
    "Timeline",
    "analyst_tables",
    "effectiveness_report",
    "month_report",
    "month_summary",
    "to_html",
    "to_pdf",
    "to_xlsx",
    "tables_to_csv",
    "tables_to_parquet",
]
