"""The report as one self-contained HTML file: opens offline, no CDN, prints well.

Every text from a chat (message text, names, group names) goes through Jinja2's autoescape; the
only markup inserted as-is is the charts: SVG images as data: URIs (drawn by kaleido), or, without a
browser to draw them, Plotly's own chart HTML (its JSON escapes "<" as \\u003c) with plotly.js
embedded once. A Content-Security-Policy forbids loading anything from the network.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import cache
from importlib import resources

import jinja2
import plotly.graph_objects as go
from markupsafe import Markup
from plotly.offline import get_plotlyjs

from presentation.formatting import format_value
from reports.chart_images import figure_svg, image_markup
from reports.document import Report, Table
from reports.texts import text

#: No network at all; inline scripts (plotly) and styles, images only as data: URIs.
CSP = (
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
    "img-src data:; font-src data:; connect-src 'none'; base-uri 'none'; form-action 'none'"
)
NUMERIC = {"int", "pct", "min", "num"}


@cache
def _environment() -> jinja2.Environment:
    folder = resources.files("reports").joinpath("data/templates")
    loader = jinja2.FunctionLoader(lambda name: folder.joinpath(name).read_text(encoding="utf-8"))
    return jinja2.Environment(loader=loader, autoescape=True, undefined=jinja2.StrictUndefined)


@cache
def report_css() -> str:
    return (
        resources.files("reports").joinpath("data/templates/report.css").read_text(encoding="utf-8")
    )


def table_cells(table: Table) -> list[list[tuple[str, str]]]:
    """Every cell as (shown text in Dutch notation, its format) for the template."""
    rows = []
    columns = list(table.frame.columns)
    for index, values in enumerate(table.frame.itertuples(index=False, name=None)):
        row = []
        for column, value in zip(columns, values, strict=True):
            kind = table.format_of(column, index)
            row.append((format_value(value, kind), kind))
        rows.append(row)
    return rows


def table_headers(table: Table) -> list[tuple[str, bool]]:
    """Column headers with whether the column holds numbers (right-aligned)."""
    first = table.frame.columns[0] if len(table.frame.columns) else None
    return [
        (str(c), (bool(table.row_formats) and c != first) or table.formats.get(c, "text") in NUMERIC)
        for c in table.frame.columns
    ]


def chart_html(figure: go.Figure) -> Markup:
    """A chart's div and script, without plotly.js (the page embeds that once)."""
    html = figure.to_html(
        full_html=False,
        include_plotlyjs=False,
        config={"displaylogo": False, "responsive": True, "locale": "nl"},
    )
    return Markup(html)  # noqa: S704 - Plotly's own markup; its JSON escapes "<" in all data


def _shortened(table: Table, max_rows: int | None) -> Table:
    """The first ``max_rows`` rows with a note saying how many more the Excel version has."""
    if max_rows is None or len(table.frame) <= max_rows:
        return table
    more = text("tables", "more_rows", count=len(table.frame) - max_rows)
    note = f"{table.note} {more}".strip()
    return replace(table, frame=table.frame.head(max_rows), note=note)


def render(
    report: Report,
    chart: Callable[[go.Figure], Markup],
    *,
    pdf: bool = False,
    plotlyjs: str = "",
    csp: str = "",
    max_rows: int | None = None,
    max_timelines: int | None = None,
) -> str:
    """Fill the template; ``chart`` turns a figure into markup (interactive div or static image).

    ``max_rows`` and ``max_timelines`` shorten long tables and lists of incident cards (the PDF:
    WeasyPrint lays out large tables slowly, and pages of member lists help nobody on paper; the
    Excel and HTML versions keep everything).
    """
    charts = {}
    cells = {}
    headers = {}
    sections = []
    for s, section in enumerate(report.sections, start=1):
        for c, item in enumerate(section.charts):
            charts[(s, c)] = chart(item.figure)
        tables = tuple(_shortened(table, max_rows) for table in section.tables)
        timelines = section.timelines
        bullets = section.bullets
        if max_timelines is not None and len(timelines) > max_timelines:
            bullets = (*bullets, text("tables", "more_timelines", count=len(timelines) - max_timelines))
            timelines = timelines[:max_timelines]
        sections.append(replace(section, tables=tables, timelines=timelines, bullets=bullets))
        for t, table in enumerate(tables):
            cells[(s, t)] = table_cells(table)
            headers[(s, t)] = table_headers(table)
    report = replace(report, sections=tuple(sections))
    template = _environment().get_template("report.html.j2")
    return template.render(
        report=report,
        charts=charts,
        cells=cells,
        headers=headers,
        css=Markup(report_css()),
        plotlyjs=Markup(plotlyjs) if plotlyjs else "",
        csp=csp,
        pdf=pdf,
        summary_title=text("titles", "summary"),
        outcome_label=text("columns", "outcome"),
    )


def _svg_charts(report: Report) -> dict[int, bytes] | None:
    """Every chart of the report as SVG, keyed by figure id, or None when any cannot be drawn."""
    images: dict[int, bytes] = {}
    for section in report.sections:
        for item in section.charts:
            svg = figure_svg(item.figure)
            if svg is None:
                return None
            images[id(item.figure)] = svg
    return images


def chart_not_drawn(figure: go.Figure) -> Markup:
    """In place of a chart that could not be drawn as an image: a sentence saying so and where its figures
    are. Embedding plotly.js instead would make the file about 5 MB, too heavy to e-mail."""
    title = figure.layout.title.text or ""
    return Markup('<p class="note">{}</p>').format(text("charts", "not_drawn", title=title))


def to_html(report: Report, *, interactive: bool = False) -> str:
    """The report as one self-contained HTML document that opens offline and is light enough to e-mail.

    Charts are static SVG images (tens of kilobytes each). When no browser is available to draw them
    (kaleido needs Chromium) each chart is a sentence instead, so the file stays well under 1 MB. With
    ``interactive`` the charts are Plotly's interactive ones and plotly.js is embedded once (about 4.5 MB).
    """
    has_charts = any(section.charts for section in report.sections)
    if interactive and has_charts:
        return render(report, chart_html, plotlyjs=get_plotlyjs(), csp=CSP)
    images = _svg_charts(report) if has_charts else {}
    if images is None:
        return render(report, chart_not_drawn, csp=CSP)

    def chart_svg(figure: go.Figure) -> Markup:
        return image_markup(images[id(figure)], "image/svg+xml", figure, "chart")

    return render(report, chart_svg, csp=CSP)
