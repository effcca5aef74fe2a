"""The Meldingen page in a real browser: headless Debian chromium, Playwright, `streamlit run`.

On the sample exports: the filter "Zonder 112-bevestiging" narrows the table and goes into the link, a
click on a table row (on a cell, not on its checkbox) opens that incident's thread below the
table, and the copied link opens the same list and thread. With a generated export of hundreds of
incidents: paging, search and a click on a row of a later page. Screenshots go to
test-output/screenshots/meldingen-*.png for review.

The server and browser fixtures follow tests/dashboard/test_e2e_browser.py.
"""

from __future__ import annotations

import re
import urllib.parse
from pathlib import Path

import pandas as pd
import pytest
from playwright.sync_api import expect

import analysis
import parsers
from analysis import coverage
from dashboard.display import date_time, month_label
from dashboard.incident_filters import PAGE_SIZE
from dashboard.sidebar import default_month
from dashboard.texts import t
from exportgen.synthetic import generate_export
from tests.browser_support import BROWSER_MARKS, SCREENSHOTS, WAIT_MS, wait_for_rerun

ROW_PX = 35  # the grid's header and row height (app_pages/meldingen.py)

pytestmark = BROWSER_MARKS


@pytest.fixture(scope="module")
def samples(sample_paths: list[Path]) -> analysis.Analysis:
    return analysis.analyse(parsers.read_chats([(p.read_bytes(), None, p.name) for p in sample_paths]))


# ---------------------------------------------------------------- helpers


def settle(page) -> None:
    """The rerun has finished (tests/browser_support.py), then a moment for the grid to draw."""
    wait_for_rerun(page)
    page.wait_for_timeout(300)


def on_meldingen(page) -> None:
    """Wait for the Meldingen page (after the samples are read and the one-time switch of a link)."""
    expect(page.locator("h1").first).to_have_text(t("pages.meldingen"), timeout=WAIT_MS)
    settle(page)


def shoot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"meldingen-{name}.png"), full_page=True)


def table(page):
    return page.locator('[data-testid="stDataFrame"]').first


def table_rows(page) -> list[list[str]]:
    """The cells of the table's data rows as text, from the grid's accessible table (the columns in view;
    dates there are ISO: "2026-09-20 23:54:12")."""
    rows = table(page).locator('table tbody [role="row"]')
    return [rows.nth(i).locator('[role="gridcell"]').all_inner_texts() for i in range(rows.count())]


def expect_rows(page, count: int) -> None:
    expect(table(page).locator('table [role="row"]')).to_have_count(count + 1, timeout=WAIT_MS)


def click_row(page, row: int) -> None:
    """Click in the middle of the "Soort" cell of data row ``row`` (0-based): the row, not its checkbox."""
    box = table(page).bounding_box()
    page.mouse.click(box["x"] + 200, box["y"] + ROW_PX * (row + 1) + ROW_PX / 2)


def query(page) -> dict[str, list[str]]:
    return urllib.parse.parse_qs(urllib.parse.urlparse(page.url).query)


def wait_for_query(page, key: str, value: str) -> None:
    page.wait_for_function(
        "([key, value]) => new URLSearchParams(window.location.search).getAll(key).includes(value)",
        arg=[key, value],
        timeout=WAIT_MS,
    )


def wait_for_bubbles(page, count: int) -> None:
    expect(page.locator('[data-testid="stChatMessage"]')).to_have_count(count, timeout=WAIT_MS)
    settle(page)


def in_month(incidents: pd.DataFrame, month: str) -> pd.DataFrame:
    """A month's incidents in the table's default order: newest first, ties by id."""
    chosen = incidents[incidents["start"].dt.strftime("%Y-%m") == month]
    return chosen.sort_values(["start", "incident"], ascending=[False, True]).reset_index(drop=True)


def thread_of(result: analysis.Analysis, incident: str) -> pd.DataFrame:
    return result.messages[result.messages["incident"] == incident]


# ---------------------------------------------------------------- the samples


def test_without_112_then_a_row_click_opens_the_thread(page, dashboard_url: str, samples) -> None:
    months = sorted(samples.incidents["start"].dt.strftime("%Y-%m").unique(), reverse=True)
    # The newest month with at least two incidents without 112, so a row below the first is clicked.
    month = next(m for m in months if in_month(samples.incidents, m)["first_alarm_at"].isna().sum() >= 2)
    incidents = in_month(samples.incidents, month)
    without = incidents[incidents["first_alarm_at"].isna()].reset_index(drop=True)

    page.goto(
        f"{dashboard_url}/?" + urllib.parse.urlencode({"page": "meldingen", "month": month_label(month)})
    )
    on_meldingen(page)
    expect_rows(page, min(len(incidents), PAGE_SIZE))
    intro = page.locator('[data-testid="stMain"] [data-testid="stCaptionContainer"]').first.inner_text()
    assert f"{len(incidents)} meldingen" in intro and "Klik op een rij" in intro
    assert page.locator('[data-testid="stChatMessage"]').count() == 0
    shoot(page, "00-tabel")

    # The filter narrows the rows and goes into the link.
    page.locator('[data-testid="stCheckbox"] label').filter(has_text=t("meldingen.without_112")).click()
    wait_for_query(page, "zonder112", "true")
    settle(page)
    expect_rows(page, len(without))
    rows = table_rows(page)
    assert [row[2] for row in rows] == ["geen"] * len(without), rows  # Begin, Soort, 112, ...
    assert [row[1] for row in rows] == without["type"].tolist()
    assert f"{len(without)} van de {len(incidents)} meldingen" in page.locator("body").inner_text()

    # A click on the second row (a cell, not its checkbox) opens that incident's thread.
    chosen = without.iloc[1]
    click_row(page, 1)
    wait_for_query(page, "incident", chosen["incident"])
    wait_for_bubbles(page, len(thread_of(samples, chosen["incident"])))
    heading = page.locator("h3").filter(has_text=date_time(chosen["start"]))
    expect(heading).to_have_count(1, timeout=WAIT_MS)
    expect(page.locator('[data-testid="stMetric"]').first).to_contain_text(t("thread.no_112"))
    expect(table(page).locator('table tbody [role="row"][aria-selected="true"]')).to_have_count(1)
    expect(table(page).locator('table tbody [role="row"]').nth(1)).to_have_attribute("aria-selected", "true")
    shoot(page, "01-zonder-112-gesprek")

    # The link holds the view, no message text and no names: only these parameters.
    shared = page.url
    assert set(query(page)) <= {"page", "month", "zonder112", "incident", "group", "period"}, query(page)
    names = set(samples.members["member"].dropna()) - {parsers.schema.EXPORTER}
    assert not [name for name in names if urllib.parse.quote_plus(name) in shared or name in shared]

    # The copied link opens the same filtered list with the same thread.
    other = page.context.new_page()
    other.goto(shared)
    on_meldingen(other)
    expect_rows(other, len(without))
    wait_for_bubbles(other, len(thread_of(samples, chosen["incident"])))
    other.close()

    # Another click on the first row switches the thread.
    first = without.iloc[0]
    click_row(page, 0)
    wait_for_query(page, "incident", first["incident"])
    wait_for_bubbles(page, len(thread_of(samples, first["incident"])))

    # Taking the tick away (the checkbox before the row) closes the thread.
    box = table(page).bounding_box()
    page.mouse.click(box["x"] + 15, box["y"] + ROW_PX + ROW_PX / 2)
    page.wait_for_function("() => !new URLSearchParams(window.location.search).has('incident')")
    wait_for_bubbles(page, 0)
    assert page.locator('[data-testid="stException"]').count() == 0


# ---------------------------------------------------------------- hundreds of incidents


def test_hundreds_of_incidents_page_search_and_click(page, dashboard_url: str, tmp_path: Path) -> None:
    name = "WhatsApp-chat met Buurtpreventie Synthetisch.txt"
    data = generate_export(23_000, "android-nl").encode("utf-8")
    result = analysis.analyse(parsers.read_chat(data, name=name))
    export = tmp_path / name
    export.write_bytes(data)

    page.goto(dashboard_url)
    settle(page)
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').first.set_input_files(str(export))
    page.wait_for_function(
        "() => !document.body.innerText.includes('Voorbeeldgegevens')", timeout=WAIT_MS, polling=200
    )
    settle(page)
    page.locator('[data-testid="stSidebar"] button').filter(has_text=t("sidebar.period_reeks")).click()
    wait_for_query(page, "period", t("sidebar.period_reeks"))
    settle(page)
    page.locator('[data-testid="stSidebarNav"] a').filter(has_text=t("pages.meldingen")).first.click()
    on_meldingen(page)

    all_months = sorted(result.months["month"].dropna().unique().tolist())
    last = default_month(coverage.month_coverage(result), all_months)  # the newest complete month
    end = all_months.index(last)
    months = all_months[max(0, end - 2) : end + 1]  # the default range: three months up to it
    incidents = pd.concat([in_month(result.incidents, m) for m in reversed(months)], ignore_index=True)
    assert len(incidents) > 5 * PAGE_SIZE
    expect_rows(page, PAGE_SIZE)
    assert f"{len(incidents)} meldingen" in page.locator("body").inner_text()
    expect(page.locator('[data-testid="stPagination"]')).to_have_count(1)

    page.locator('[data-testid="stPagination"] button[aria-label="Page 2"]').click()
    wait_for_query(page, "pagina", "2")
    settle(page)
    expect(page.locator("body")).to_contain_text(f"Rij {PAGE_SIZE + 1}–{2 * PAGE_SIZE} van {len(incidents)}")
    first_cell = table(page).locator('[data-testid="glide-cell-1-0"]')
    expect(first_cell).to_have_text(  # Begin of the 21st incident, as the grid's accessible table writes it
        re.compile("^" + incidents["start"].iloc[PAGE_SIZE].strftime("%Y-%m-%d %H:%M")), timeout=WAIT_MS
    )
    expect_rows(page, PAGE_SIZE)
    chosen = incidents.iloc[PAGE_SIZE + 3]
    click_row(page, 3)
    wait_for_query(page, "incident", chosen["incident"])
    wait_for_bubbles(page, len(thread_of(result, chosen["incident"])))
    shoot(page, "02-300-pagina-2")

    page.get_by_role("textbox", name=t("meldingen.search")).fill("babbeltruc")
    page.get_by_role("textbox", name=t("meldingen.search")).press("Enter")
    page.wait_for_function("() => !new URLSearchParams(window.location.search).has('pagina')")
    settle(page)
    hits = incidents[incidents["type"] == "babbeltruc"]
    expect_rows(page, min(len(hits), PAGE_SIZE))
    assert {row[1] for row in table_rows(page)} == {"babbeltruc"}
    pages = -(-len(hits) // PAGE_SIZE)
    assert pages > 1
    buttons = page.locator('[data-testid="stPagination"] button[aria-label^="Page "]')
    expect(buttons.last).to_have_attribute("aria-label", f"Page {pages}", timeout=WAIT_MS)  # fewer pages now
    expect(buttons).to_have_count(pages)
    assert "babbeltruc" not in page.url, "search words stay out of the link"
    assert re.search(rf"\b{len(hits)} van de {len(incidents)} meldingen", page.locator("body").inner_text())
    shoot(page, "03-300-zoeken")
