"""The screenshots of the coordinators' guide (docs/handleiding.md), made from the running dashboard.

Starts ``streamlit run app.py`` on a free port, opens it in headless Debian chromium (Playwright) with the
sample exports, and saves the screens the guide shows under ``docs/img/handleiding/``: the Overzicht, an
incident opened from the Meldingen table, every other page, and the box with the steps while an upload is
read (a generated export of 12,000 messages, in a temporary file that is deleted afterwards). Run it after
any change to what a page shows:

    .venv/bin/python -m tools.handleiding_screenshots        (or: make handleiding)

The pictures are made with names hidden (the default), as the guide tells coordinators to share them.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from bench.bench_dashboard import CHROMIUM, free_port, launch_chromium, start_dashboard, stop_dashboard
from dashboard.navigation import PAGES
from dashboard.texts import t

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "img" / "handleiding"
WIDTH, HEIGHT = 1280, 860
#: At most this tall (CSS pixels): a guide shows the top of a long page, the rest is described in words.
MAX_HEIGHT = 1900
WAIT_MS = 180_000
IDLE_JS = (
    "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
    ' && !document.querySelector(\'[data-testid="stSkeleton"], [data-testid="stSkeletonElement"]\')'
    " && [...document.querySelectorAll('[data-testid=\"stPlotlyChart\"]')]"
    ".every(chart => chart.querySelector('svg.main-svg'))"
)


def settle(page) -> None:
    page.wait_for_selector("h1", timeout=WAIT_MS)
    page.wait_for_function(IDLE_JS, timeout=WAIT_MS, polling=100)
    page.wait_for_timeout(500)


#: How tall the page's content is: Streamlit scrolls inside its own container, not the window. (The block
#: container's height does not follow the window's, so growing the window cannot feed on itself.)
PAGE_HEIGHT_JS = "() => document.querySelector('[data-testid=\"stMainBlockContainer\"]')?.scrollHeight || 0"


def whole_page(page, path: Path, *, max_height: int) -> None:
    """A screenshot of the page as far as it goes (up to ``max_height``): the window is made as tall as the
    page for the picture, since a full-page screenshot would stop at Streamlit's scroll container."""
    size = page.viewport_size
    height = size["height"]
    for _ in range(6):  # charts further down get their size only once they are drawn: grow until it holds
        wanted = min(max(size["height"], int(page.evaluate(PAGE_HEIGHT_JS)) + 40), max_height)
        if wanted <= height:
            break
        height = wanted
        page.set_viewport_size({"width": size["width"], "height": height})
        page.wait_for_timeout(700)
    page.screenshot(path=str(path))
    page.set_viewport_size(size)
    page.wait_for_timeout(200)


def shoot(page, name: str, *, whole: bool = True) -> Path:
    path = OUT / f"{name}.png"
    if whole:
        whole_page(page, path, max_height=MAX_HEIGHT)
    else:
        page.screenshot(path=str(path))
    return path


def open_page(page, url_path: str) -> None:
    page.locator('[data-testid="stSidebarNav"] a').filter(has_text=t(f"pages.{url_path}")).first.click()
    page.wait_for_function(
        "(title) => document.querySelector('h1')?.innerText.trim() === title",
        arg=t(f"pages.{url_path}"),
        timeout=WAIT_MS,
    )
    settle(page)


def upload_and_shoot_the_steps(page, folder: Path) -> None:
    """Upload a generated export and take the picture while its box shows the steps."""
    from exportgen.realistic import generate

    export = folder / "WhatsApp-chat met Buurtpreventie Proefwijk.txt"
    export.write_text(generate(12_000, "android-nl", seed=13).text, encoding="utf-8")
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').first.set_input_files(str(export))
    page.wait_for_function(
        "(label) => document.body.innerText.includes(label)"
        " && document.body.innerText.includes('Analyseren:')",
        arg=t("load.status"),
        timeout=WAIT_MS,
        polling=20,
    )
    shoot(page, "laden", whole=False)
    page.wait_for_function(
        "(title) => document.body.innerText.includes(title)"
        " && !document.body.innerText.includes('Bezig met')",
        arg=t("overzicht.scorecard_title"),
        timeout=WAIT_MS,
        polling=100,
    )
    settle(page)


def main() -> int:
    if not CHROMIUM.exists():
        print(f"chromium not installed at {CHROMIUM}: apt-get install chromium", file=sys.stderr)
        return 1
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    server = start_dashboard(free_port())
    url = f"http://127.0.0.1:{server.args[server.args.index('--server.port') + 1]}"
    made: list[Path] = []
    try:
        with sync_playwright() as playwright, tempfile.TemporaryDirectory() as folder:
            browser = launch_chromium(playwright)
            page = browser.new_page(viewport={"width": WIDTH, "height": HEIGHT})
            page.goto(url)
            settle(page)
            # the trend charts come after the scorecard: a first settle can see the page before they exist
            page.wait_for_selector('[data-testid="stPlotlyChart"] svg.main-svg', timeout=WAIT_MS)
            settle(page)
            made.append(shoot(page, "overzicht"))
            open_page(page, "meldingen")
            table = page.locator('[data-testid="stDataFrame"]').first.bounding_box()
            page.mouse.click(table["x"] + 200, table["y"] + 35 * 1.5)  # the first row's "Soort" cell
            page.wait_for_selector('[data-testid="stChatMessage"]', timeout=WAIT_MS)
            settle(page)
            made.append(shoot(page, "meldingen"))
            for spec in PAGES[2:]:
                open_page(page, spec.url_path)
                made.append(shoot(page, spec.url_path))
            open_page(page, PAGES[0].url_path)
            upload_and_shoot_the_steps(page, Path(folder))
            made.append(OUT / "laden.png")
            browser.close()
    finally:
        stop_dashboard(server)
    for path in made:
        print(f"{path.relative_to(ROOT)}  {path.stat().st_size / 1024:.0f} kB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
