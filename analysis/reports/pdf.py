"""The report as PDF: the HTML layout rendered by WeasyPrint, with charts as PNG images.

WeasyPrint runs no JavaScript, so every Plotly chart is drawn by kaleido, which drives a headless
Chromium (found on PATH, or where the ``BROWSER_PATH`` environment variable points). One kaleido
server is started per process on first use and stopped at exit; starting Chromium for every chart
would cost seconds each. Without a browser the PDF is still made, with a note instead of charts,
and a chart that takes longer than ``CHART_TIMEOUT`` seconds is left out the same way.
"""

from __future__ import annotations

import atexit
import base64
import logging
import os
import threading

import plotly.graph_objects as go
from markupsafe import Markup, escape

from analysis.reports.document import Report
from analysis.reports.html import render

_log = logging.getLogger(__name__)
_lock = threading.Lock()
_state: dict[str, object] = {"started": False, "error": None}
#: Chart size in CSS pixels; scale 2 keeps text sharp when printed.
CHART_WIDTH = 820
CHART_SCALE = 2
#: Seconds to wait for one chart before leaving it out.
CHART_TIMEOUT = 60
#: Longer tables are cut in the PDF (with a note); the Excel and HTML versions have every row.
PDF_MAX_ROWS = 40
#: Incident cards in the PDF; a real month has far fewer, synthetic stress tests far more.
PDF_MAX_TIMELINES = 40


def browser_path() -> str | None:
    """The Chromium kaleido will use (``BROWSER_PATH``, ``PATH``, usual places), or None if there is none.

    Checked before starting kaleido: its server thread dies on a missing browser while the caller
    would wait for an answer forever.
    """
    try:
        from choreographer.browsers.chromium import Chromium

        path = Chromium.find_browser(skip_local=False)
    except Exception:  # noqa: BLE001 - any failure here means: no usable browser
        return None
    return path if path and os.path.isfile(path) and os.access(path, os.X_OK) else None


def _start_kaleido() -> None:
    """Start the one kaleido server of this process (thread-safe; stopped again at exit)."""
    with _lock:
        if _state["started"] or _state["error"]:
            return
        if browser_path() is None:
            _state["error"] = "no Chromium found (set BROWSER_PATH)"
            _log.warning("no Chromium for kaleido, charts are left out of the PDF")
            return
        try:
            import kaleido

            kaleido.start_sync_server(n=1, mathjax=False, silence_warnings=True)
        except Exception as exc:  # no browser, no kaleido: the PDF goes on without charts
            _state["error"] = f"{type(exc).__name__}: {exc}"
            _log.warning("kaleido could not start, charts are left out of the PDF: %s", exc)
            return
        _state["started"] = True
        atexit.register(stop_chart_server)


def stop_chart_server() -> None:
    """Stop the kaleido server (also done automatically at exit)."""
    with _lock:
        if _state["started"]:
            import kaleido

            kaleido.stop_sync_server(silence_warnings=True)
            _state["started"] = False


def figure_png(figure: go.Figure) -> bytes | None:
    """A chart as PNG bytes, or None when no browser is available."""
    _start_kaleido()
    if not _state["started"]:
        return None
    import kaleido

    height = figure.layout.height or 360
    options = {"format": "png", "width": CHART_WIDTH, "height": height, "scale": CHART_SCALE}
    for attempt in (1, 2):  # the browser pipe now and then returns a garbled message: try once more
        result: dict[str, object] = {}

        def draw(result: dict[str, object] = result) -> None:
            try:
                result["png"] = kaleido.calc_fig_sync(figure, opts=options)
            except Exception as exc:  # noqa: BLE001 - reported below; one chart must not lose the report
                result["error"] = exc

        worker = threading.Thread(target=draw, daemon=True)  # a dead browser must not hang the report
        worker.start()
        worker.join(CHART_TIMEOUT)
        if isinstance(result.get("png"), bytes):
            return result["png"]  # type: ignore[return-value]
        _log.warning("chart could not be drawn (attempt %d): %s", attempt, result.get("error", "timeout"))
    return None


def _chart_image(figure: go.Figure) -> Markup:
    png = figure_png(figure)
    title = escape(figure.layout.title.text or "")
    if png is None:
        return (
            Markup('<p class="note">[grafiek niet beschikbaar: geen browser voor kaleido gevonden] ')
            + title
            + Markup("</p>")
        )
    data = base64.b64encode(png).decode("ascii")
    return Markup(f'<img src="data:image/png;base64,{data}" alt="') + title + Markup('">')


def to_pdf(report: Report) -> bytes:
    """The report as PDF bytes (A4, page numbers, wide tables on landscape pages)."""
    from weasyprint import HTML

    html = render(report, _chart_image, pdf=True, max_rows=PDF_MAX_ROWS, max_timelines=PDF_MAX_TIMELINES)
    return HTML(string=html, base_url=None).write_pdf()
