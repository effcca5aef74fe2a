"""Streamlit's uploader writes English ("Upload", "200MB per file"): the app covers it with its own Dutch
words and its own 50 MB limit (issue 13). So it does with Streamlit's and Plotly's other English words
("No results", "Press Enter to apply", the tooltips of a table's and a chart's buttons), and a browser walk
checks that none is seen. The CSS carries only fixed texts from texts.toml."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from bench.bench_dashboard import CHROMIUM
from dashboard.loading import MAX_UPLOAD_MB
from dashboard.navigation import PAGES
from dashboard.sidebar import PLOTLY_TITLES, dutch_uploader_css, dutch_widgets_css
from dashboard.texts import t
from tests.dashboard.test_e2e_browser import open_page, settle


def test_the_uploader_shows_dutch_words_and_the_apps_own_limit() -> None:
    css = dutch_uploader_css()
    assert css.startswith("<style>") and css.endswith("</style>")
    assert f'content: "{t("sidebar.upload_button")}"' in css
    assert f'content: "{t("sidebar.upload_limit", limit=MAX_UPLOAD_MB)}"' in css
    assert f"{MAX_UPLOAD_MB} MB" in t("sidebar.upload_limit", limit=MAX_UPLOAD_MB)
    assert "200" not in css


def test_a_loaded_files_english_size_is_hidden() -> None:
    """Streamlit writes a loaded file's size as "27.4KB" (decimal point, English unit) next to its name."""
    assert '[data-testid="stFileChipName"] + div { display: none; }' in dutch_uploader_css()


# ---------------------------------------------------------------- Streamlit's and Plotly's other English

#: English that Streamlit 1.67 and Plotly write on their own (issue 13): none may be seen in the dashboard.
ENGLISH = (
    "No results",
    "Press Enter",
    "to apply",
    "Search",
    "Show/hide columns",
    "Fullscreen",
    "Choose an option",
    "Choose options",
    "Upload",
    "per file",
    "Drag and drop",
    "Download plot",
    "Zoom",
    "Pan",
    "Autoscale",
    "Reset axes",
    "Sort ascending",
    "Hide column",
)
_ENGLISH = re.compile(r"\b(" + "|".join(re.escape(word) for word in ENGLISH) + r")\b")

#: Every word a reader can see or hover: text whose font is not hidden, ::before/::after content (tooltips
#: included, also when not hovered), placeholders of inputs; not Material icon names (drawn as glyphs).
SEEN = """() => {
  const seen = [];
  const laidOut = el => {
    for (let e = el; e && e.nodeType === 1; e = e.parentElement) {
      const s = getComputedStyle(e);
      if (s.display === 'none' || s.visibility === 'hidden') return false;
    }
    return el.getClientRects().length > 0;
  };
  const shown = (el, part) => laidOut(el) && parseFloat(getComputedStyle(el, part).fontSize) > 0;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!el || el.closest('[data-testid="stIconMaterial"], script, style')) continue;
    if (node.textContent.trim() && shown(el)) seen.push(node.textContent.trim());
  }
  for (const el of document.querySelectorAll('body *')) {
    for (const part of ['::before', '::after']) {
      const content = getComputedStyle(el, part).content;
      if (content && content.startsWith('"') && content.length > 2 && shown(el, part)) seen.push(content);
    }
    if (el.placeholder && shown(el)) seen.push(el.placeholder);
  }
  return seen;
}"""


def english_seen(page) -> list[str]:
    return sorted({match.group(0) for text in page.evaluate(SEEN) for match in _ENGLISH.finditer(text)})


def test_the_widgets_css_carries_dutch_words_for_streamlits_and_plotlys_english() -> None:
    css = dutch_widgets_css()
    for key in ("no_results", "enter_to_apply", "stop", "fullscreen", "download_png", "reset_axes"):
        assert f'content: "{t(f"streamlit.{key}")}"' in css, key
    assert all(f'[data-title="{english}"]' in css for english in PLOTLY_TITLES), "every chart button"
    assert '[aria-label^="Search"]' in css and "stDataFrameColumnMenu" in css, "English table tools hidden"
    assert not re.search(r'content: "[^"]*\b(Search|results|Press|Zoom)\b', css), "no English put back"


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.skipif(not CHROMIUM.exists(), reason=f"chromium not installed at {CHROMIUM}")
def test_no_english_word_of_streamlit_is_seen_on_any_page(dashboard_url, page) -> None:
    """Every page on the sample exports, and the moments Streamlit writes English: a selectbox searched for
    something it does not have, a text field being typed in, a table's and a chart's buttons hovered."""
    page.goto(dashboard_url)
    settle(page)
    for url_path in [p.url_path for p in PAGES]:
        open_page(page, url_path)
        for chart in page.locator('[data-testid="stPlotlyChart"]').all()[:1]:
            chart.hover()  # its buttons appear
        assert english_seen(page) == [], url_path

    open_page(page, "meldingen")
    page.locator('[data-testid="stMain"] [data-testid="stSelectbox"] input').first.click()
    page.keyboard.type("qqqzzz")
    expect(page.locator('[role="listbox"][data-empty="true"]')).to_be_visible()
    assert english_seen(page) == []
    assert f'"{t("streamlit.no_results")}"' in page.evaluate(SEEN)
    page.keyboard.press("Escape")

    table = page.locator('[data-testid="stDataFrame"]').first
    table.hover()
    fullscreen = page.locator('[data-testid="stBaseButton-elementToolbar"][aria-label^="Fullscreen"]').first
    fullscreen.hover()
    expect(page.locator('[data-testid="stTooltipContent"]')).to_be_visible()
    assert english_seen(page) == [] and f'"{t("streamlit.fullscreen")}"' in page.evaluate(SEEN)
    assert not page.locator('[data-testid="stBaseButton-elementToolbar"][aria-label^="Search"]').is_visible()

    search = page.locator('[data-testid="stMain"] [data-testid="stTextInput"] input').first
    search.click()
    page.keyboard.type("inbraak")
    expect(page.locator('[data-testid="InputInstructions"]')).to_be_visible()
    assert english_seen(page) == []
    assert f'"{t("streamlit.enter_to_apply")}"' in page.evaluate(SEEN)
