"""The coordinator's monthly review in a real browser: headless Debian chromium driven by Playwright against
`streamlit run` (issue 13's "done when").

One walk, first on the sample exports and then on an uploaded export: the scorecard's figures against
`analysis.analyse`, a filter and a click on a table row that opens the incident's thread, a switch of the
period, names hidden and shown, both reports and a table downloaded; while the upload is read a box with its
steps stands where the old overview was. A screenshot of every page (its whole height) goes to
test-output/screenshots/ for review.
"""

from __future__ import annotations

import re
import urllib.parse
from pathlib import Path

from playwright.sync_api import expect

import analysis
import parsers
from analysis.coverage import complete_months, last_complete_month
from dashboard import scorecard
from dashboard.display import measure_value, month_label
from dashboard.incident_filters import PAGE_SIZE
from dashboard.navigation import MAX_INCIDENT_LINKS, PAGES
from dashboard.texts import t
from exportgen.realistic import generate
from tests.browser_support import BROWSER_MARKS, SCREENSHOTS, WAIT_MS, wait_for_rerun
from tests.dashboard.test_browser_meldingen import click_row, expect_rows, in_month
from tools.handleiding_screenshots import whole_page

pytestmark = BROWSER_MARKS

#: Messages in the uploaded export: enough that reading it takes a moment, so its progress box can be seen.
UPLOAD_MESSAGES = 12_000


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


def assert_scorecard(page, expected: dict[str, dict[str, str]]) -> None:
    """The scorecard shows ``expected``: waited for (a rerun may still be drawing it), then compared."""
    deadline = WAIT_MS / 1000
    waited = 0.0
    while scorecard_values(page) != expected and waited < deadline:
        page.wait_for_timeout(250)
        waited += 0.25
    assert scorecard_values(page) == expected


def expected_scorecard(result: analysis.Analysis, month: str) -> dict[str, dict[str, str]]:
    """What the scorecard must show for ``month``: the month table of ``analyse``, written as on screen."""
    rows = result.months[result.months["month"] == month]
    return {
        row["group"]: {t(f"measures.{m}.label"): measure_value(m, row[m]) for m in scorecard.SHOWN}
        for _, row in rows.iterrows()
    }


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
    path = (
        re.escape(url_path) if url_path != PAGES[0].url_path else f"({re.escape(url_path)})?"
    )  # default: "/"
    page.wait_for_url(re.compile(rf"/{path}(\?|$)"))
    expect(page.locator("h1").first).to_have_text(t(f"pages.{url_path}"), timeout=WAIT_MS)  # the new page
    settle(page)


def shoot(page, name: str) -> None:
    """A screenshot of the whole page (tools/handleiding_screenshots.py makes the window as tall as it)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    whole_page(page, SCREENSHOTS / f"{name}.png", max_height=8000)


def visible_text(page) -> str:
    return page.locator('[data-testid="stApp"]').inner_text()


def names_on(text: str, names: list[str]) -> list[str]:
    return [name for name in names if re.search(rf"\b{re.escape(name)}\b", text)]


def member_names(result: analysis.Analysis) -> list[str]:
    """Every member's name, longest first, without the exporter's placeholder and without pseudonyms."""
    names = set(result.members["member"].dropna()) - {parsers.schema.EXPORTER}
    return sorted((n for n in names if not n.startswith("Lid ")), key=len, reverse=True)


def choose_month(page, month: str) -> None:
    box = page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').filter(
        has_text=t("sidebar.month")
    )
    box.first.click()
    page.locator('[role="option"]').filter(has_text=month_label(month)).first.click()
    settle(page)


def every_page(page, prefix: str) -> None:
    """Open every page in menu order: no error box, its own title, a screenshot."""
    for number, spec in enumerate(PAGES, start=1):
        open_page(page, spec.url_path)
        assert page.locator('[data-testid="stException"]').count() == 0, spec.url_path
        assert page.locator('[data-testid="stAlert"]').filter(has_text="Er ging iets mis").count() == 0
        shoot(page, f"{prefix}-{number:02d}-{spec.url_path}")


def download(page, key: str) -> bytes:
    """Click the download button with widget key ``key`` and return the file's bytes."""
    with page.expect_download() as info:
        page.locator(f".st-key-{key} button").first.click()
    return Path(info.value.path()).read_bytes()


def make_and_download_reports(page, names: list[str], month: str) -> None:
    """Both reports made and downloaded as HTML: offline, under 1 MB, about the chosen month, no names."""
    open_page(page, "rapport")
    for kind in ("maand", "effectiviteit"):
        page.locator(f".st-key-make_{kind} button").first.click()
        expect(page.locator(f".st-key-download_{kind}_html button")).to_be_visible(timeout=WAIT_MS)
        settle(page)
        html = download(page, f"download_{kind}_html")
        assert len(html) < 1_000_000, f"{kind}: {len(html)} bytes, too heavy to e-mail"
        text = html.decode("utf-8")
        assert text.lstrip().lower().startswith("<!doctype html")
        assert not re.search(r"""(src|href)=["']https?://""", text), "opens offline: nothing fetched"
        assert month_label(month) in text
        assert not names_on(text, names), f"{kind} holds no member name"
    xlsx = download(page, "download_maand_xlsx")
    assert xlsx[:2] == b"PK", "the Excel file is a real .xlsx"


# ---------------------------------------------------------------- the review


def test_the_coordinators_review_in_a_real_browser(page, dashboard_url: str, sample_paths, tmp_path) -> None:
    # ---- on the sample exports
    samples = analysis.analyse(parsers.read_chats([(p.read_bytes(), None, p.name) for p in sample_paths]))
    sample_names = member_names(samples)
    page.goto(dashboard_url)
    settle(page)
    assert "Voorbeeldgegevens" in visible_text(page)
    month = last_complete_month(samples.coverage)
    assert_scorecard(page, expected_scorecard(samples, month))  # every group, every figure
    tip = hover_tooltip(page, t("measures.median_minutes_to_112.label"))
    assert tip.startswith("Doel: hoogstens 5 min"), tip
    page.mouse.move(0, 0)
    assert not names_on(visible_text(page), sample_names), "names hidden by default"
    every_page(page, "voorbeeld")

    # Meldingen: the filter "Zonder 112-bevestiging", then a click on a table row opens that thread.
    open_page(page, "meldingen")
    incidents = in_month(samples.incidents, month)
    without = incidents[incidents["first_alarm_at"].isna()].reset_index(drop=True)
    assert len(without) >= 1, "the samples have an incident without 112 in the default month"
    page.locator('[data-testid="stCheckbox"]').filter(has_text=t("meldingen.without_112")).first.click()
    expect_rows(page, len(without))
    settle(page)
    click_row(page, 0)
    thread = samples.messages[samples.messages["incident"] == without.loc[0, "incident"]]
    expect(page.locator('[data-testid="stChatMessage"]')).to_have_count(len(thread), timeout=WAIT_MS)
    settle(page)
    query = urllib.parse.parse_qs(urllib.parse.urlparse(page.url).query)
    assert query["incident"] == [without.loc[0, "incident"]], "the opened incident is in the link"
    assert not names_on(visible_text(page), sample_names)
    shoot(page, "voorbeeld-10-melding-uit-rij")
    page.locator('[data-testid="stCheckbox"]').filter(has_text=t("meldingen.without_112")).first.click()
    expect_rows(page, min(len(incidents), PAGE_SIZE))

    # Another month: the scorecard follows it; a range of months names the month its figures are about.
    earlier = complete_months(samples.coverage)[-2]
    open_page(page, "overzicht")
    choose_month(page, earlier)
    assert_scorecard(page, expected_scorecard(samples, earlier))
    page.locator('[data-testid="stSidebar"] button').filter(has_text=t("sidebar.period_reeks")).first.click()
    # the rerun may not have begun when the click returns: wait for what it shows, not for a quiet page
    expect(page.get_by_text("de laatste van de gekozen reeks", exact=False)).to_be_visible(timeout=WAIT_MS)
    settle(page)
    shoot(page, "voorbeeld-11-reeks")
    page.locator('[data-testid="stSidebar"] button').filter(has_text=t("sidebar.period_maand")).first.click()
    settle(page)
    choose_month(page, month)
    make_and_download_reports(page, sample_names, month)
    shoot(page, "voorbeeld-12-rapporten")

    # ---- an uploaded export: a box with the steps takes the old overview's place while it is read
    export = generate(UPLOAD_MESSAGES, "android-nl", seed=13)
    upload = tmp_path / "WhatsApp-chat met Buurtpreventie Proefwijk.txt"
    upload.write_text(export.text, encoding="utf-8")
    result = analysis.analyse(parsers.read_chat(upload.read_bytes(), name=upload.name))
    names = member_names(result)
    open_page(page, "overzicht")
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').first.set_input_files(str(upload))
    steps = [t(f"load.todo_{step}") for step in ("read", "analyse", "private")]
    seen = page.wait_for_function(  # the box with its three steps is on screen: what else is?
        "(words) => { const text = document.body.innerText;"
        " if (!words.every(word => text.includes(word))) return false;"
        " return {banner: text.includes('Voorbeeldgegevens'), scorecard: !!document.querySelector("
        "'[data-testid=\"stTable\"]')}; }",
        arg=[t("load.status"), *steps],
        timeout=WAIT_MS,
        polling=20,
    ).json_value()
    assert seen == {"banner": False, "scorecard": False}, "the box with its steps, not the old overview"
    shoot(page, "upload-00-inlezen")
    page.wait_for_function(
        "() => !document.body.innerText.includes('Voorbeeldgegevens')"
        f" && document.body.innerText.includes({t('overzicht.scorecard_title')!r})",
        timeout=WAIT_MS,
        polling=200,
    )
    settle(page)
    month = last_complete_month(result.coverage)
    assert_scorecard(page, expected_scorecard(result, month))
    assert counted_done(page) == "1 bestand ingelezen en geanalyseerd"
    assert not names_on(visible_text(page), names), "names hidden by default for an upload of one group too"
    every_page(page, "upload")

    # A row opens its thread; the one visible switch shows the names, switched on again none is left.
    open_page(page, "meldingen")
    first = in_month(result.incidents, month).loc[0]
    click_row(page, 0)
    thread = result.messages[result.messages["incident"] == first["incident"]]
    expect(page.locator('[data-testid="stChatMessage"]')).to_have_count(len(thread), timeout=WAIT_MS)
    settle(page)
    assert "Lid " in visible_text(page) and not names_on(visible_text(page), names)
    shoot(page, "upload-10-melding-uit-rij")
    privacy = page.locator('[data-testid="stSidebar"] label').filter(has_text=t("sidebar.privacy")).first
    privacy.click()
    page.wait_for_function(
        f"() => document.body.innerText.includes({str(first['opened_by'])!r})", timeout=WAIT_MS, polling=200
    )
    settle(page)
    shoot(page, "upload-11-namen-zichtbaar")
    privacy.click()
    page.wait_for_function("() => document.body.innerText.includes('Lid 0')", timeout=WAIT_MS, polling=200)
    settle(page)
    assert not names_on(visible_text(page), names)

    # Downloads: both reports, and a table as CSV with Dutch headers and dates, without names.
    make_and_download_reports(page, names, month)
    content = download(page, "csv_incidents").decode("utf-8-sig")
    header, first_row = content.splitlines()[:2]
    assert "Begin" in header.split(";")
    assert re.search(r"\d{2}-\d{2}-\d{4} \d{2}:\d{2}", first_row)
    assert not names_on(content, names), "privacy holds in downloads"
    shoot(page, "upload-12-rapporten")


def counted_done(page) -> str:
    """The label of the closed loading box."""
    return (
        page.locator('[data-testid="stMain"] [data-testid="stExpander"] summary')
        .first.inner_text()
        .strip()
        .splitlines()[-1]
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
    expect(page.locator("h1").first).to_have_text(t("pages.meldingen"), timeout=WAIT_MS)  # after the switch
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
