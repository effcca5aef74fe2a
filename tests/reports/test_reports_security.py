"""Hostile chat text must show up in reports as text and never run: <script>, onerror, javascript: links."""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser

import pytest

from analysis import analyse
from parsers import read_chat
from reports import effectiveness_report, month_report, to_html, to_pdf

HOSTILE_GROUP = "Buurt<script>window.__pwned=1</script>"
PAYLOADS = (
    "<script>window.__pwned=1</script>",
    '<img src=x onerror="window.__pwned=1">',
    '<a href="javascript:window.__pwned=1">klik</a>',
    "</script><script>window.__pwned=1</script>",
    '<svg onload="window.__pwned=1">',
)
EXPORT = f"""01-03-2024 20:00 - Henk de Vries: Welkom in {HOSTILE_GROUP}
05-03-2024 21:00 - Henk de Vries: Verdachte man bij de achterdeur, 112 is gebeld {PAYLOADS[0]} {PAYLOADS[1]}
05-03-2024 21:03 - Karin Bos: Ik ga kijken
05-03-2024 21:05 - Karin Bos: Hij loopt richting de Merelstraat
05-03-2024 21:20 - Henk de Vries: Loos alarm, was de buurman {PAYLOADS[2]} {PAYLOADS[3]}
06-03-2024 10:00 - Piet Jansen: Wie heeft mijn kat gezien? {PAYLOADS[4]}
"""


@pytest.fixture(scope="module")
def hostile_analysis():
    chat = read_chat(EXPORT.encode("utf-8"), group=HOSTILE_GROUP, name="WhatsApp-chat met test.txt")
    return analyse(chat)


class _LiveMarkup(HTMLParser):
    """Collects what a browser would act on: tags, event-handler attributes, link targets, scripts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.handlers: list[str] = []
        self.links: list[str] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        for name, value in attrs:
            if name.lower().startswith("on"):
                self.handlers.append(f"{tag} {name}")
            if name.lower() in ("href", "src", "action", "xlink:href") and value:
                self.links.append(value)
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts.append(data)


def _live(html: str) -> _LiveMarkup:
    parser = _LiveMarkup()
    parser.feed(html)
    return parser


def _only_report_scripts(live: _LiveMarkup, html: str) -> bool:
    """Scripts are plotly.js and one bootstrap per chart; payload text may only sit inside their JSON data."""
    charts = html.count('class="plotly-graph-div"')
    bodies = [script.strip() for script in live.scripts]
    return (
        live.tags.count("script") == 1 + charts
        and all(body.startswith("window.PLOTLYENV") for body in bodies[1:])
        and not any(body.startswith("window.__pwned") for body in bodies)
        and "<script>window.__pwned" not in html
    )


@pytest.mark.parametrize("names", [True, False])
def test_month_report_html_shows_payloads_as_text(hostile_analysis, names) -> None:
    html = to_html(month_report(hostile_analysis, "2024-03", names=names), interactive=True)
    live = _live(html)
    assert live.handlers == []
    assert all(link.startswith("#s") for link in live.links)  # only the table of contents links
    assert "img" not in live.tags and "svg" not in live.tags
    assert _only_report_scripts(live, html)
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in html  # shown, escaped
    assert "&lt;img src=x onerror=" in html
    assert "javascript:window.__pwned=1" in html  # as text; no href holds it (checked above)


def test_effectiveness_report_html_with_examples_runs_nothing(hostile_analysis) -> None:
    html = to_html(
        effectiveness_report(hostile_analysis, "2024-03", "2024-03", examples=True), interactive=True
    )
    live = _live(html)
    assert live.handlers == []
    assert _only_report_scripts(live, html)


def test_light_html_report_has_chart_images_and_no_script(hostile_analysis) -> None:
    """The default HTML report draws charts as SVG images: nothing in it runs, whatever the chat says."""
    html = to_html(month_report(hostile_analysis, "2024-03", names=True))
    live = _live(html)
    assert live.handlers == []
    assert "script" not in live.tags
    images = re.findall(r'<img[^>]*src="([^"]*)"', html)
    assert images and all(src.startswith("data:image/svg+xml;base64,") for src in images)
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in html


def test_pdf_is_made_from_hostile_text(hostile_analysis) -> None:
    pdf = to_pdf(month_report(hostile_analysis, "2024-03", names=True))
    assert pdf.startswith(b"%PDF")


@pytest.mark.browser
def test_hostile_report_runs_no_script_in_chromium(hostile_analysis, tmp_path) -> None:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip("no chromium on this machine")
    sync_api = pytest.importorskip("playwright.sync_api")
    page_file = tmp_path / "rapport.html"
    page_file.write_text(
        to_html(month_report(hostile_analysis, "2024-03", names=True), interactive=True), encoding="utf-8"
    )
    dialogs: list[str] = []
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        try:
            page = browser.new_page()
            page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
            page.goto(page_file.as_uri())
            page.wait_for_timeout(500)
            for link in page.locator("a").all():  # clicking every link must not run script either
                link.click()
            assert page.evaluate("typeof window.__pwned") == "undefined"
            assert page.evaluate("typeof Plotly") == "object"  # the report's own script did run
            assert page.locator(".js-plotly-plot").count() >= 1
            assert "<script>window.__pwned=1</script>" in page.inner_text("body")
        finally:
            browser.close()
    assert dialogs == []


def test_pdf_without_a_browser_still_comes_with_notes(tmp_path) -> None:
    """No Chromium for kaleido: the PDF is made anyway, with a note where each chart would be."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    script = (
        "from tests.reports_support import make_analysis\n"
        "from reports import month_report\n"
        "from reports import pdf\n"
        "from reports.html import render\n"
        "report = month_report(make_analysis(), '2024-01')\n"
        "assert pdf.figure_png(report.sections[0].charts[0].figure) is None\n"
        "assert pdf.to_pdf(report).startswith(b'%PDF')\n"
        "html = render(report, pdf._chart_image, pdf=True)\n"
        "assert 'grafiek niet beschikbaar' in html and '<img' not in html\n"
    )
    env = {**os.environ, "BROWSER_PATH": str(tmp_path / "no-such-browser")}
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=root, env=env, capture_output=True, text=True, timeout=180
    )
    assert result.returncode == 0, result.stderr[-2000:]
