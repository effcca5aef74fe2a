"""Issue 14's done-when in a real browser (headless Debian chromium, Playwright, ``streamlit run``): a
coordinator corrects a missed 112 confirmation in the thread and a wrong off-topic flag on the Correcties
page, sees the scorecard and both reports change, reloads the page, uploads the next month's overlapping
export and finds the corrections still applied. The server has a store folder of its own (conftest.py)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from playwright.sync_api import expect

from dashboard.display import measure_label
from dashboard.texts import counted, t
from tests.browser_support import BROWSER_MARKS, WAIT_MS
from tests.dashboard.test_e2e_browser import open_page, scorecard_values, settle, shoot, visible_text
from tests.store_support import GROUP, export_text

pytestmark = BROWSER_MARKS

NAME = f"WhatsApp-chat met {GROUP}.txt"
ALARM, VIOLATIONS = measure_label("alarm_rate"), measure_label("violations_per_100")


def _overview(page) -> None:
    """The default page has no path of its own: open_page cannot wait for its URL."""
    page.locator('[data-testid="stSidebarNav"] a').filter(has_text=t("pages.overzicht")).first.click()
    expect(page.locator("h1").first).to_have_text(t("pages.overzicht"))
    settle(page)


def _upload(page, path: Path) -> None:
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').first.set_input_files(str(path))
    page.wait_for_function(
        "() => !document.body.innerText.includes('Voorbeeldgegevens')", timeout=WAIT_MS, polling=200
    )
    settle(page)


def _choose(page, label: str, option: str) -> None:
    page.locator('[data-testid="stSelectbox"]').filter(has_text=label).first.click()
    page.locator('[role="option"]').filter(has_text=option).first.click()
    settle(page)


def _type(page, scope, label: str, value: str) -> None:
    field = scope.locator('[data-testid="stTextInput"]').filter(has_text=label).locator("input").first
    field.fill(value)
    field.press("Enter")
    settle(page)


def _save(page, scope) -> None:
    scope.get_by_role("button", name=t("correcties.save")).click()
    page.wait_for_function(
        f"() => document.body.innerText.includes({t('correcties.saved')!r})", timeout=WAIT_MS, polling=200
    )
    settle(page)


def _report_notice(page, kind: str) -> str:
    """Make the report on the Rapport page, download its HTML and return its notice line."""
    open_page(page, "rapport")
    page.locator(f".st-key-make_{kind} button").click()
    settle(page)
    with page.expect_download() as info:
        page.locator(f".st-key-download_{kind}_html button").click()
    html = Path(info.value.path()).read_text(encoding="utf-8")
    return re.search(r'<p class="notice">(.*?)</p>', html, re.S).group(1)


def test_corrections_change_the_figures_and_survive_the_next_export(
    page, dashboard_url: str, tmp_path
) -> None:
    first = tmp_path / "januari-maart" / NAME
    first.parent.mkdir()
    first.write_text(export_text(date(2024, 1, 1), date(2024, 3, 31)), encoding="utf-8")
    page.goto(dashboard_url)
    settle(page)
    _upload(page, first)
    before = scorecard_values(page)[GROUP]
    assert before[ALARM] == "50%"
    assert _report_notice(page, "maand").endswith("In deze periode is niets met de hand gecorrigeerd.")

    # The missed 112 confirmation of March's first incident, corrected in its thread.
    open_page(page, "meldingen")
    _choose(page, t("meldingen.choose"), "07-03-2024 21:00")
    bubble = page.locator('[data-testid="stChatMessage"]').filter(has_text="Ze komen eraan")
    bubble.get_by_role("button", name=t("correcties.open")).click()
    settle(page)
    bubble.get_by_text(t("correcties.actions.mark_112")).click()
    settle(page)
    _type(page, bubble, t("correcties.note"), "zegt dat de politie komt")
    _type(page, bubble, t("correcties.reviewer"), "AdV")
    _save(page, bubble)
    marked = page.locator('[data-testid="stChatMessage"]').filter(has_text=t("correcties.corrected_badge"))
    expect(marked).to_have_count(1, timeout=WAIT_MS)  # waits for the rerun, on a busy machine too
    assert "Ze komen eraan" in marked.inner_text()
    shoot(page, "20-correctie-112-in-gesprek")

    # The wrong off-topic flag of a greeting, removed on the Correcties page.
    open_page(page, "correcties")
    _choose(page, t("correcties.choose"), "03-03-2024 09:00")
    rules = page.locator('[data-testid="stMultiSelect"]').filter(has_text=t("correcties.rules_label"))
    assert "Off-topic" in rules.inner_text()
    rules.locator("input").click()
    rules.locator("input").press("Backspace")
    page.keyboard.press("Escape")
    settle(page)
    panel = page.locator('[class*="st-key-lijst_"][class*="_panel"]')
    _save(page, panel)
    labels, messages = counted("correcties.labels", 2), counted("correcties.messages", 2)
    two = t("correcties.in_period", labels=labels, messages=messages)
    # the count is drawn in the rerun after the save's toast: wait for it (the list itself is a canvas)
    page.wait_for_function(f"() => document.body.innerText.includes({two!r})", timeout=WAIT_MS, polling=200)
    shoot(page, "21-correcties")

    _overview(page)
    after = scorecard_values(page)[GROUP]
    assert after[ALARM] == "100%" and after[VIOLATIONS] != before[VIOLATIONS]
    shoot(page, "22-overzicht-gecorrigeerd")
    assert "2 label(s) van de automatische herkenning, in 2 bericht(en)" in _report_notice(page, "maand")
    assert "gecorrigeerd in deze periode: &lt;3 label(s)" in _report_notice(page, "effectiviteit")

    # A new session: reload, then next month's export, overlapping February and March.
    page.reload()
    settle(page)
    assert "Voorbeeldgegevens" in visible_text(page)
    second = tmp_path / "februari-april" / NAME
    second.parent.mkdir()
    second.write_text(export_text(date(2024, 2, 10), date(2024, 4, 30)), encoding="utf-8")
    _upload(page, second)
    _choose(page, t("sidebar.month"), "maart 2024")
    _overview(page)
    again = scorecard_values(page)[GROUP]
    assert again[ALARM] == "100%" and again[VIOLATIONS] == after[VIOLATIONS]
    shoot(page, "23-volgende-export-maart")
    open_page(page, "meldingen")
    _choose(page, t("meldingen.choose"), "07-03-2024 21:00")
    page.wait_for_selector('[data-testid="stChatMessage"]')
    settle(page)
    shoot(page, "24-volgende-export-gesprek")
    marked = page.locator('[data-testid="stChatMessage"]').filter(has_text=t("correcties.corrected_badge"))
    expect(marked).to_have_count(1, timeout=WAIT_MS)  # waits for the rerun, on a busy machine too
    assert "Ze komen eraan" in marked.inner_text()
