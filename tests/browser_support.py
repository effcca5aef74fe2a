"""What the browser tests share: where their screenshots go, how long they wait, and the marks that skip them
on a machine without chromium. The ``browser`` and ``page`` fixtures are in tests/conftest.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.bench_dashboard import CHROMIUM

SCREENSHOTS = Path(__file__).resolve().parent.parent / "test-output" / "screenshots"
WAIT_MS = 90_000

BROWSER_MARKS = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"chromium not installed at {CHROMIUM}"),
]


def wait_for_rerun(page) -> None:
    """Wait until the app has finished its rerun: no 'running' indicator or skeleton, a page title present."""
    page.wait_for_selector("h1")
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
        ' && !document.querySelector(\'[data-testid="stSkeleton"], [data-testid="stSkeletonElement"]\')',
        timeout=WAIT_MS,
        polling=100,
    )
