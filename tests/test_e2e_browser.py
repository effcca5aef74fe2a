"""The dashboard in a real browser: headless Debian chromium driven by Playwright against `streamlit run`.

Uploads a sample export, checks the overview's figures against the analysis, opens an incident
thread, switches the privacy toggle (no member name may stay on the page), downloads a table,
and saves a screenshot of every page under test-output/screenshots/ for review.
"""

from __future__ import annotations

import re
import urllib.parse
from pathlib import Path

from playwright.sync_api import expect

import analysis
import parsers
from analysis.coverage import complete_months, last_complete_month
from app_pages import scorecard
from app_pages.display import measure_value, month_label
from app_pages.navigation import MAX_INCIDENT_LINKS, PAGES
from app_pages.texts import t
from tests.browser_support import BROWSER_MARKS, SCREENSHOTS, WAIT_MS, wait_for_rerun

pytestmark = BROWSER_MARKS


# ---------------------------------------------------------------- helpers


def settle(page) -> None:
    """The rerun has finished (tests/browser_support.py) and every chart is drawn."""
    wait_for_rerun(page)
    page.wait_for_function(  # every chart drawn
        "() => [...document.querySelectorAll('[data-testid=\"stPlotlyChart\"]')]"
        ".every(chart => chart.querySelector('svg.main-svg'))",
        timeout=WAIT_MS,
        polling=100,
    )
    page.wait_for_timeout(300)


def scorecard_values(page) -> dict[str, dict[str, str]]:
    """The Overzicht's scorecard as read on screen: group -> figure -> value (without its arrow)."""
    table = page.locator('[data-testid="stTable"]').first
    headers = [h.strip() for h in table.locator("thead th").all_inner_texts()]
    values = {}
    for row in table.locator("tbody tr").all():
        cells = [c.strip() for c in row.locator("td").all_inner_texts()]
        figures = [re.sub(r"\s*[↑↓]$", "", cell.splitlines()[0].strip()) for cell in cells[1:]]
        values[cells[0].splitlines()[0]] = dict(zip(headers[1:], figures, strict=True))
    return values


def hover_tooltip(page, label: str) -> str:
    """Hover the first row's cell of a figure and return the tooltip it shows (visible, not clipped)."""
    table = page.locator('[data-testid="stTable"]').first
    headers = [h.strip() for h in table.locator("thead th").all_inner_texts()]
    cell = table.locator("tbody tr").first.locator("td").nth(headers.index(label))
    cell.hover()
    page.wait_for_timeout(200)
    tip = cell.locator(".pd-t")
    assert tip.evaluate("e => getComputedStyle(e).visibility") == "visible"
    box, frame = tip.bounding_box(), table.bounding_box()
    assert box and frame, "the tooltip and the table are on screen"
    assert frame["y"] <= box["y"] and box["y"] + box["height"] <= frame["y"] + frame["height"], "not clipped"
    return tip.evaluate("e => getComputedStyle(e, '::after').content").strip('"').replace("\\a ", "\n")


def open_page(page, url_path: str) -> None:
    page.locator('[data-testid="stSidebarNav"] a').filter(has_text=t(f"pages.{url_path}")).first.click()
    page.wait_for_url(re.compile(rf"/{re.escape(url_path)}(\?|$)"))
    expect(page.locator("h1").first).to_have_text(t(f"pages.{url_path}"))  # the new page, not the old one
    settle(page)


def shoot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def visible_text(page) -> str:
    return page.locator('[data-testid="stApp"]').inner_text()


# ---------------------------------------------------------------- the user's path


def test_coordinator_path_in_a_real_browser(page, dashboard_url: str, sample_paths: list[Path]) -> None:
    export = next(p for p in sample_paths if "Vogelwijk" in p.name)
    chat = parsers.read_chat(export.read_bytes(), name=export.name)
    expected = analysis.analyse(chat)
    names = sorted(
        set(expected.members["member"].dropna()) - {parsers.schema.EXPORTER}, key=len, reverse=True
    )

    page.goto(dashboard_url)
    settle(page)
    assert "Voorbeeldgegevens" in visible_text(page)
    shoot(page, "00-voorbeeldgegevens")

    # Upload one group's export: the samples make way, the overview shows this group's figures.
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').first.set_input_files(str(export))
    page.wait_for_function(
        "() => !document.body.innerText.includes('Voorbeeldgegevens')", timeout=WAIT_MS, polling=200
    )
    settle(page)
    month = last_complete_month(expected.coverage)
    row = expected.months[expected.months["month"] == month].iloc[0]
    shown = scorecard_values(page)
    assert list(shown) == [row["group"]], "one group: one row"
    assert shown[row["group"]] == {
        t(f"measures.{measure}.label"): measure_value(measure, row[measure]) for measure in scorecard.SHOWN
    }
    shoot(page, "01-overzicht")
    tip = hover_tooltip(page, t("measures.median_minutes_to_112.label"))
    assert tip.startswith("Doel: hoogstens 5 min"), tip
    page.mouse.move(0, 0)

    # Every page renders without an exception; screenshots for review.
    for number, spec in enumerate(PAGES[1:], start=2):
        open_page(page, spec.url_path)
        assert page.locator('[data-testid="stException"]').count() == 0, spec.url_path
        assert page.locator("h1").first.inner_text().strip() == t(f"pages.{spec.url_path}")
        shoot(page, f"{number:02d}-{spec.url_path}")

    # Open an incident's thread: one chat bubble per message; names are hidden by default, also for one group.
    open_page(page, "meldingen")
    incidents = expected.incidents[expected.incidents["start"].dt.strftime("%Y-%m") == month]
    newest = incidents.sort_values("start").iloc[-1]
    page.locator('[data-testid="stSelectbox"]').filter(has_text=t("meldingen.choose")).first.click()
    page.locator('[role="option"]').first.click()
    settle(page)
    thread = expected.messages[expected.messages["incident"] == newest["incident"]]
    page.wait_for_function(
        f"() => document.querySelectorAll('[data-testid=\"stChatMessage\"]').length === {len(thread)}",
        timeout=WAIT_MS,
    )
    assert "incident=" in page.url
    text = visible_text(page)
    assert "Lid 0" in text
    leaked = [name for name in names if re.search(rf"\b{re.escape(name)}\b", text)]
    assert not leaked, "names are hidden by default"
    shoot(page, "10-melding-gesprek")

    # The one visible switch shows the real names; switched on again, none is left anywhere on the page.
    privacy = page.locator('[data-testid="stSidebar"] label').filter(has_text=t("sidebar.privacy")).first
    privacy.click()
    page.wait_for_function(
        f"() => document.body.innerText.includes({str(newest['opened_by'])!r})", timeout=WAIT_MS, polling=200
    )
    settle(page)
    shoot(page, "11-melding-namen")
    privacy.click()
    page.wait_for_function("() => document.body.innerText.includes('Lid 0')", timeout=WAIT_MS, polling=200)
    settle(page)
    text = visible_text(page)
    leaked = [name for name in names if re.search(rf"\b{re.escape(name)}\b", text)]
    assert not leaked

    # Download a table from the Rapport page: CSV with Dutch headers and DD-MM-YYYY HH:MM dates.
    open_page(page, "rapport")
    with page.expect_download() as download_info:
        page.locator('[data-testid="stDownloadButton"] button').filter(
            has_text=t("rapport.download_csv")
        ).first.click()
    download = download_info.value
    content = Path(download.path()).read_bytes().decode("utf-8-sig")
    header, first_row = content.splitlines()[:2]
    assert "Begin" in header.split(";")
    assert re.search(r"\d{2}-\d{2}-\d{4} \d{2}:\d{2}", first_row)
    assert not any(re.search(rf"\b{re.escape(name)}\b", content) for name in names), (
        "privacy holds in downloads"
    )


def test_html_in_messages_shows_as_text_in_the_browser(
    page, dashboard_url: str, hostile_export, tmp_path
) -> None:
    name, data = hostile_export
    upload = tmp_path / name
    upload.write_bytes(data)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(dashboard_url)
    settle(page)
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').first.set_input_files(str(upload))
    page.wait_for_function(
        "() => !document.body.innerText.includes('Voorbeeldgegevens')", timeout=WAIT_MS, polling=200
    )
    settle(page)
    open_page(page, "meldingen")
    page.locator('[data-testid="stSelectbox"]').filter(has_text=t("meldingen.choose")).first.click()
    page.locator('[role="option"]').first.click()  # newest first: the hostile incident
    page.wait_for_selector('[data-testid="stChatMessage"]')
    settle(page)
    text = visible_text(page)
    assert "<script>alert('xss')</script>" in text
    assert "<img src=x onerror=alert(1)>" in text
    assert "**vet**" in text
    assert page.locator('[data-testid="stChatMessage"] img[src="x"]').count() == 0
    assert page.locator('[data-testid="stChatMessage"] script').count() == 0
    assert not dialogs
    shoot(page, "12-html-als-tekst")


def test_a_shared_link_opens_the_same_view(page, dashboard_url: str, sample_paths: list[Path]) -> None:
    expected = analysis.analyse(parsers.read_chats([(p.read_bytes(), None, p.name) for p in sample_paths]))
    # not the default month (the last complete one: its parameter would leave the URL), and a complete
    # month, whose label is its name
    complete = complete_months(expected.coverage)
    month = complete[-2]
    incident = expected.incidents[expected.incidents["start"].dt.strftime("%Y-%m") == month].iloc[0]
    query = urllib.parse.urlencode(
        {"page": "meldingen", "month": month_label(month), "incident": incident["incident"]}
    )
    page.goto(f"{dashboard_url}/?{query}")
    expect(page.locator("h1").first).to_have_text(t("pages.meldingen"))  # after the one-time switch
    settle(page)
    thread = expected.messages[expected.messages["incident"] == incident["incident"]]
    expect(page.locator('[data-testid="stChatMessage"]')).to_have_count(len(thread))
    page.wait_for_function(  # the address bar keeps the whole selection, so it can be shared again
        "(month) => decodeURIComponent(window.location.search.replace(/\\+/g, ' ')).includes(month)",
        arg=month_label(month),
    )
    # From the 112 page, an unconfirmed incident links to its thread.
    open_page(page, "112")
    links = page.locator('[data-testid="stPageLink"] a')
    in_month = expected.incidents[expected.incidents["start"].dt.strftime("%Y-%m") == month]
    expect(links).to_have_count(min(int(in_month["first_alarm_at"].isna().sum()), MAX_INCIDENT_LINKS))
    if links.count():  # the samples have one in that month; other data may have none
        links.first.click()
        page.wait_for_url(re.compile(r"/meldingen\?"))
        settle(page)
        assert page.locator('[data-testid="stChatMessage"]').count() > 0
