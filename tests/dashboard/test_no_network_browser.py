"""No network traffic at all (issue 9, item 10): a coordinator opens every page and makes a report in
Chromium while every request that does not go to the dashboard on this computer is blocked and
recorded. One such request (a tab icon from a font server, a script from a CDN, a tracking image in a
renamed group) fails the test."""

from __future__ import annotations

import urllib.parse

import pytest

from bench.bench_dashboard import CHROMIUM, launch_chromium
from dashboard.navigation import PAGES
from tests.dashboard.test_e2e_browser import WAIT_MS, open_page, settle

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"chromium not installed at {CHROMIUM}"),
]

LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}
LOCAL_SCHEMES = {"data", "blob", "about"}


def is_local(url: str) -> bool:
    parsed = urllib.parse.urlsplit(url)
    return parsed.scheme in LOCAL_SCHEMES or parsed.hostname in LOCAL_HOSTS


def test_is_local_tells_the_dashboard_from_the_internet() -> None:
    assert is_local("http://127.0.0.1:8501/_stcore/stream") and is_local("data:image/svg+xml,abc")
    assert not is_local("https://fonts.gstatic.com/s/materialsymbolsrounded/v1/x.woff2")
    assert not is_local("https://tracker.example/groep.png")


def test_no_page_makes_a_request_beyond_this_computer(dashboard_url: str) -> None:
    from playwright.sync_api import sync_playwright

    blocked: list[str] = []

    def guard(route) -> None:
        if is_local(route.request.url):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            context = browser.new_context(viewport={"width": 1400, "height": 1400})
            context.route("**/*", guard)
            page = context.new_page()
            page.set_default_timeout(WAIT_MS)
            page.goto(dashboard_url)
            settle(page)
            for spec in PAGES[1:]:
                open_page(page, spec.url_path)
            page.goto(dashboard_url)  # the start page once more, now with everything cached
            settle(page)
            context.close()
        finally:
            browser.close()
    assert blocked == [], f"requests beyond this computer: {sorted(set(blocked))}"
