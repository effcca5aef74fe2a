"""Benchmark of the dashboard as a user feels it, in headless chromium driven by Playwright.

    python -m bench.bench_dashboard            # 40,000-message export, busy density
    python -m bench.bench_dashboard --messages 10000 --density quiet

Measures, against ``streamlit run app.py`` started here:
- opening the app (sample exports parsed and analysed, overview drawn);
- uploading a generated 40,000-message export (``exportgen.realistic``, android-nl, 15% of the member
  messages in incident threads; its distinct-text share and incident share are printed) until the
  overview's figures for it are on screen (target: at most 5 s);
- switching the month, and switching to every page, until the new view is drawn (target: 1 s each).

The export is written to a temporary file only because a browser upload needs a file; it is
deleted at the end. Figures are printed; docs/dashboard.md records them.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from exportgen.realistic import RealisticExport

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
UPLOAD_TARGET_S = 5.0
SWITCH_TARGET_S = 1.0
WAIT_MS = 180_000
EXPORT_NAME = "WhatsApp-chat met Buurtpreventie Synthetisch.txt"
#: The Overzicht's scorecard (an ``st.table``): the overview's figures are on screen.
SCORECARD = '[data-testid="stTable"]'
DENSITY = "busy"  # share of member messages in incident threads (exportgen.realistic.DENSITIES)
#: True once the app has finished a rerun and drawn it: no "running" indicator, no loading placeholders.
IDLE_JS = (
    "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
    ' && !document.querySelector(\'[data-testid="stSkeleton"], [data-testid="stSkeletonElement"]\')'
)


def dashboard_export(messages: int, density: str | float = DENSITY) -> RealisticExport:
    """The export this benchmark uploads (android-nl, seed 0)."""
    from exportgen.realistic import generate

    return generate(messages, "android-nl", seed=0, density=density)


#: The store folders made by ``start_dashboard``, per process id, removed by ``stop_dashboard``.
_OWN_STORES: dict[int, str] = {}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_dashboard(port: int) -> subprocess.Popen[bytes]:
    """`streamlit run app.py` on ``port`` (headless, local only); returns once /_stcore/health answers.

    Unless SAAR_MONITOR_DATA_DIR says otherwise, the dashboard's store (corrections, month history) is a new
    empty folder, so a benchmark or the guide's screenshots never read or write the user's own store."""
    env = dict(os.environ)
    own_store = None
    if "SAAR_MONITOR_DATA_DIR" not in env:
        own_store = tempfile.mkdtemp(prefix="saar-monitor-store-")
        env["SAAR_MONITOR_DATA_DIR"] = own_store
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py"]
        + ["--server.headless", "true", "--server.port", str(port), "--server.address", "127.0.0.1"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    if own_store is not None:
        _OWN_STORES[process.pid] = own_store
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            stop_dashboard(process)  # removes the store folder made for it
            raise RuntimeError(f"streamlit exited with code {process.returncode}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as answer:
                if answer.status == 200:
                    return process
        except OSError:
            time.sleep(0.2)
    stop_dashboard(process)
    raise RuntimeError("streamlit did not become healthy within 60 s")


def stop_dashboard(process: subprocess.Popen[bytes]) -> None:
    """Stop the dashboard and remove the store folder `start_dashboard` made for it (none is left)."""
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    own_store = _OWN_STORES.pop(process.pid, None)
    if own_store is not None:
        shutil.rmtree(own_store, ignore_errors=True)


def launch_chromium(playwright):
    return playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)


def _wait_idle(page) -> None:
    page.wait_for_function(IDLE_JS, timeout=WAIT_MS, polling=50)


def _timed(action, ready) -> float:
    started = time.perf_counter()
    action()
    ready()
    return time.perf_counter() - started


def measure(url: str, export: Path) -> dict[str, object]:
    """Run the user's path once in a fresh browser and return the timings in seconds."""
    from playwright.sync_api import sync_playwright

    from dashboard.navigation import PAGES
    from dashboard.texts import t

    figures: dict[str, object] = {}
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.set_default_timeout(WAIT_MS)

        def samples_drawn() -> None:
            page.wait_for_selector(SCORECARD)
            _wait_idle(page)

        figures["open_with_samples_s"] = _timed(lambda: page.goto(url), samples_drawn)
        # A second visit: the server is warm (imports done, browser cache filled), the session is new.
        figures["open_again_s"] = _timed(lambda: page.goto(url), samples_drawn)

        def upload() -> None:
            page.locator('[data-testid="stFileUploaderDropzoneInput"]').first.set_input_files(str(export))

        def overview_drawn() -> None:
            page.wait_for_function(
                "() => !document.body.innerText.includes('Voorbeeldgegevens')"
                " && document.querySelectorAll('[data-testid=\"stTable\"]').length > 0",
                timeout=WAIT_MS,
                polling=50,
            )
            _wait_idle(page)

        figures["upload_to_overview_s"] = _timed(upload, overview_drawn)

        month_box = page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').filter(
            has_text=t("sidebar.month")
        )
        switches: list[float] = []
        # The dashboard opens on the last complete month: option 0 (the newest) or 1 when the newest is
        # partial; this order switches the month every time in both cases.
        for index in (2, 3, 1):
            month_box.first.click()
            option = page.locator('[role="option"]').nth(index)
            # The page captions name the month ("september 2026"); a partial month's option also gives its
            # days ("januari 2026 (6 van 31 dagen)"), which the caption does not repeat.
            label = option.inner_text().strip().split(" (")[0]

            def month_drawn(label: str = label) -> None:
                page.wait_for_function(
                    "(label) => [...document.querySelectorAll('[data-testid=\"stCaptionContainer\"]')]"
                    ".some(c => c.innerText.includes(label))",
                    arg=label,
                    timeout=WAIT_MS,
                    polling=50,
                )
                _wait_idle(page)

            switches.append(_timed(option.click, month_drawn))
        figures["month_switch_s"] = switches

        page_switches: dict[str, float] = {}
        for spec in (*PAGES[1:], PAGES[0]):
            title = t(f"pages.{spec.url_path}")
            link = page.locator('[data-testid="stSidebarNav"] a').filter(has_text=title).first

            def page_drawn(title: str = title) -> None:
                page.wait_for_function(
                    "(title) => { const h = document.querySelector('h1');"
                    " return h && h.innerText.trim() === title; }",
                    arg=title,
                    timeout=WAIT_MS,
                    polling=50,
                )
                _wait_idle(page)

            page_switches[spec.url_path] = _timed(link.click, page_drawn)
        figures["page_switch_s"] = page_switches
        browser.close()
    return figures


def report(figures: dict[str, object], messages: int, export_mb: float, density: str, shares: str) -> bool:
    upload = float(figures["upload_to_overview_s"])  # type: ignore[arg-type]
    months: list[float] = figures["month_switch_s"]  # type: ignore[assignment]
    pages: dict[str, float] = figures["page_switch_s"]  # type: ignore[assignment]
    print(f"export: {messages:,} messages, {export_mb:.1f} MB (exportgen.realistic, android-nl, {density})")
    print(f"        {shares}")
    print(f"open with sample exports:      {float(figures['open_with_samples_s']):6.2f} s   (cold server)")
    print(f"open again (new session):      {float(figures['open_again_s']):6.2f} s")
    print(f"upload -> overview figures:    {upload:6.2f} s   (target <= {UPLOAD_TARGET_S:.0f} s)")
    print(
        f"month switch (x{len(months)}):          median {statistics.median(months):.2f} s, "
        f"max {max(months):.2f} s   (target <= {SWITCH_TARGET_S:.0f} s)"
    )
    for name, seconds in pages.items():
        print(f"  page {name:<12}              {seconds:6.2f} s")
    print(
        f"page switch:                   median {statistics.median(pages.values()):.2f} s, "
        f"max {max(pages.values()):.2f} s   (target <= {SWITCH_TARGET_S:.0f} s)"
    )
    return (
        upload <= UPLOAD_TARGET_S
        and max(months) <= SWITCH_TARGET_S
        and max(pages.values()) <= SWITCH_TARGET_S
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=40_000)
    parser.add_argument("--density", default=DENSITY, help="quiet, moderate, busy or a share (default busy)")
    args = parser.parse_args(argv if argv is not None else [])
    if not CHROMIUM.exists():
        print(f"skipped: chromium not installed at {CHROMIUM}")
        return 0
    generated = dashboard_export(args.messages, args.density)
    text = generated.text
    shares = generated.shares().summary()
    with tempfile.TemporaryDirectory(prefix="saar-bench-") as folder:
        export = Path(folder) / EXPORT_NAME
        export.write_text(text, encoding="utf-8")
        port = free_port()
        process = start_dashboard(port)
        try:
            figures = measure(f"http://127.0.0.1:{port}", export)
        finally:
            stop_dashboard(process)
    within = report(figures, args.messages, len(text.encode("utf-8")) / 1e6, args.density, shares)
    print("all targets met" if within else "TARGET MISSED")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
