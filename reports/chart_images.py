"""Charts as static images (PNG for the PDF, SVG for the light HTML report), drawn by kaleido.

kaleido drives a headless Chromium (found on PATH, or where the ``BROWSER_PATH`` environment variable
points). One kaleido server is started per process on first use and stopped at exit; starting Chromium
for every chart would cost seconds each. Without a browser every function returns None and the caller
decides what to show instead; a chart that takes longer than ``CHART_TIMEOUT`` seconds is None too.
"""

from __future__ import annotations

import atexit
import base64
import logging
import os
import threading

import plotly.graph_objects as go
from markupsafe import Markup, escape

_log = logging.getLogger(__name__)
_lock = threading.Lock()
_state: dict[str, object] = {"started": False, "error": None}
#: Chart size in CSS pixels; scale 2 keeps text sharp when printed.
CHART_WIDTH = 820
CHART_SCALE = 2
#: Seconds to wait for one chart before leaving it out.
CHART_TIMEOUT = 60


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
            _log.warning("no Chromium for kaleido, reports get no chart images")
            return
        try:
            import kaleido

            kaleido.start_sync_server(n=1, mathjax=False, silence_warnings=True)
        except Exception as exc:  # no browser, no kaleido: the PDF goes on without charts
            _state["error"] = f"{type(exc).__name__}: {exc}"
            _log.warning("kaleido could not start, reports get no chart images: %s", exc)
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


def figure_image(figure: go.Figure, fmt: str = "png") -> bytes | None:
    """A chart as PNG or SVG bytes, or None when no browser is available."""
    _start_kaleido()
    if not _state["started"]:
        return None
    import kaleido

    height = figure.layout.height or 360
    scale = CHART_SCALE if fmt == "png" else 1  # a vector image needs no extra pixels
    options = {"format": fmt, "width": CHART_WIDTH, "height": height, "scale": scale}
    for attempt in (1, 2):  # the browser pipe now and then returns a garbled message: try once more
        result: dict[str, object] = {}

        def draw(result: dict[str, object] = result) -> None:
            try:
                result["image"] = kaleido.calc_fig_sync(figure, opts=options)
            except Exception as exc:  # noqa: BLE001 - reported below; one chart must not lose the report
                result["error"] = exc

        worker = threading.Thread(target=draw, daemon=True)  # a dead browser must not hang the report
        worker.start()
        worker.join(CHART_TIMEOUT)
        if isinstance(result.get("image"), bytes):
            return result["image"]  # type: ignore[return-value]
        _log.warning("chart could not be drawn (attempt %d): %s", attempt, result.get("error", "timeout"))
    return None


def figure_png(figure: go.Figure) -> bytes | None:
    """A chart as PNG bytes (sharp when printed), or None when no browser is available."""
    return figure_image(figure, "png")


def figure_svg(figure: go.Figure) -> bytes | None:
    """A chart as SVG bytes (small, sharp at any size), or None when no browser is available."""
    return figure_image(figure, "svg")


def image_markup(image: bytes, mime: str, figure: go.Figure, css_class: str = "") -> Markup:
    """An ``<img>`` holding a drawn chart as a data: URI, its (escaped) title as alt text."""
    data = base64.b64encode(image).decode("ascii")
    classes = f' class="{css_class}"' if css_class else ""
    tag = Markup(f'<img{classes} src="data:{mime};base64,{data}" alt="')
    return tag + escape(figure.layout.title.text or "") + Markup('">')
