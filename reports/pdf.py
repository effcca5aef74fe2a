"""The report as PDF: the HTML layout rendered by WeasyPrint, with charts as PNG images.

WeasyPrint runs no JavaScript, so every Plotly chart is drawn as PNG by ``chart_images`` (kaleido and
a headless Chromium). Without a browser the PDF is still made, with a note instead of charts, and a
chart that takes too long is left out the same way.
"""

from __future__ import annotations

import plotly.graph_objects as go
from markupsafe import Markup, escape

from reports.chart_images import browser_path, figure_png, image_markup, stop_chart_server
from reports.document import Report
from reports.html import render

__all__ = ["browser_path", "figure_png", "stop_chart_server", "to_pdf"]

#: Longer tables are cut in the PDF (with a note); the Excel and HTML versions have every row.
PDF_MAX_ROWS = 40
#: Incident cards in the PDF; a real month has far fewer, synthetic stress tests far more.
PDF_MAX_TIMELINES = 40


def _chart_image(figure: go.Figure) -> Markup:
    png = figure_png(figure)
    title = escape(figure.layout.title.text or "")
    if png is None:
        return (
            Markup('<p class="note">[grafiek niet beschikbaar: geen browser voor kaleido gevonden] ')
            + title
            + Markup("</p>")
        )
    return image_markup(png, "image/png", figure)


def to_pdf(report: Report) -> bytes:
    """The report as PDF bytes (A4, page numbers, wide tables on landscape pages)."""
    from weasyprint import HTML

    html = render(report, _chart_image, pdf=True, max_rows=PDF_MAX_ROWS, max_timelines=PDF_MAX_TIMELINES)
    return HTML(string=html, base_url=None).write_pdf()
