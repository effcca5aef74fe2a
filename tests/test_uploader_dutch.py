"""Streamlit's uploader writes English ("Upload", "200MB per file"): the app covers it with its own Dutch
words and its own 50 MB limit (issue 13). The CSS carries only fixed texts from texts.toml."""

from __future__ import annotations

from app_pages.loading import MAX_UPLOAD_MB
from app_pages.sidebar import dutch_uploader_css
from app_pages.texts import t


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
