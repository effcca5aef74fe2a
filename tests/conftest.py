"""Shared fixtures: the repository root, the shipped sample exports, and an AppTest of the dashboard."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_DIR = ROOT / "sample_exports"


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def sample_paths() -> list[Path]:
    """The example exports the dashboard opens with (.txt and .zip)."""
    paths = sorted(p for p in SAMPLE_DIR.glob("*") if p.suffix.lower() in (".txt", ".zip"))
    if not paths:
        pytest.skip("no sample exports in sample_exports/ yet (python -m samples)")
    return paths


@pytest.fixture
def dashboard() -> Callable[..., object]:
    """A fresh AppTest of app.py (a new session each call); generous timeout for the first analysis."""
    from streamlit.testing.v1 import AppTest

    def make(timeout: float = 120) -> AppTest:
        return AppTest.from_file(str(ROOT / "app.py"), default_timeout=timeout)

    return make


@pytest.fixture(autouse=True)
def _own_store(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets an empty store folder of its own (docs/store.md): never the user's store, and no
    correction or kept month of one test shows in another."""
    from store import ENV_FOLDER

    folder = tmp_path_factory.mktemp("opslag")
    monkeypatch.setenv(ENV_FOLDER, str(folder))
    return folder


@pytest.fixture(scope="module")
def dashboard_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``streamlit run app.py`` on a free port for the browser tests of one module, with a store folder
    of its own."""
    from bench.bench_dashboard import free_port, start_dashboard, stop_dashboard
    from store import ENV_FOLDER

    port = free_port()
    with pytest.MonkeyPatch.context() as patch:  # the server inherits the environment it starts in
        patch.setenv(ENV_FOLDER, str(tmp_path_factory.mktemp("opslag_browser")))
        process = start_dashboard(port)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        stop_dashboard(process)


HOSTILE_LINES = (
    "31-10-2026 22:40 - Karin Bos: Verdachte man loopt aan de deuren te voelen bij nr 12 "
    "<script>alert('xss')</script> **vet** [link](http://example.org)\n"
    "31-10-2026 22:41 - Piet Jansen: 112 is gebeld <img src=x onerror=alert(1)>\n"
    "31-10-2026 22:45 - Piet Jansen: Ik ga kijken\n"
)


@pytest.fixture(scope="session")
def hostile_export(sample_paths: list[Path]) -> tuple[str, bytes]:
    """The Vogelwijk export with an incident whose messages carry HTML and markdown: shown only as text."""
    path = next(p for p in sample_paths if "Vogelwijk" in p.name)
    text = path.read_bytes().decode("utf-8").rstrip("\n") + "\n" + HOSTILE_LINES
    return path.name, text.encode("utf-8")


@pytest.fixture(scope="module")
def browser():
    """Debian chromium driven by Playwright, one per test module (marks: tests/browser_support.py)."""
    from playwright.sync_api import sync_playwright

    from bench.bench_dashboard import launch_chromium

    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    """A fresh 1400×1800 tab that may download, per test."""
    from tests.browser_support import WAIT_MS

    context = browser.new_context(viewport={"width": 1400, "height": 1800}, accept_downloads=True)
    tab = context.new_page()
    tab.set_default_timeout(WAIT_MS)
    yield tab
    context.close()
