"""Every UI text the dashboard asks for exists in dashboard/texts.toml, and its tables are complete."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from analysis.model import (
    GROUP_SIZE_COLUMNS,
    INCIDENT_COLUMNS,
    MEMBER_COLUMNS,
    MESSAGE_COLUMNS,
    MONTH_COLUMNS,
    OFFTOPIC_LEAVER_COLUMNS,
    SAAR_STEPS,
    SIGNAL_HOUR_COLUMNS,
    VIOLATIONS,
)
from dashboard.display import MEASURES
from dashboard.navigation import PAGES
from dashboard.texts import counted, t, table
from parsers.schema import COLUMNS

APP_FILES = [
    Path(__file__).resolve().parents[2] / "app.py",
    *sorted((Path(__file__).resolve().parents[2] / "app_pages").glob("*.py")),
    *sorted((Path(__file__).resolve().parents[2] / "dashboard").glob("*.py")),
]
LITERAL_KEY = re.compile(r"""\b(?:t|explain)\(\s*["']([a-z0-9_.]+)["']""")


def _literal_keys() -> set[str]:
    keys: set[str] = set()
    for path in APP_FILES:
        keys.update(LITERAL_KEY.findall(path.read_text(encoding="utf-8")))
    return keys


def test_the_scan_finds_the_keys_in_use() -> None:
    keys = _literal_keys()
    assert "overzicht.title" in keys and "app.sample_banner" in keys


@pytest.mark.parametrize("key", sorted(_literal_keys()))
def test_literal_key_exists(key: str) -> None:
    text = t(key, **{name: "x" for name in _placeholders(key)})
    assert text.strip()


def _placeholders(key: str) -> list[str]:
    from dashboard.texts import _lookup

    return [field for _, field, _, _ in string.Formatter().parse(_lookup(key)) if field]


def test_keys_built_at_run_time_exist() -> None:
    for spec in PAGES:
        assert t(f"pages.{spec.url_path}")
    for measure in MEASURES:
        assert t(f"measures.{measure}.label") and t(f"measures.{measure}.help")
    for duration in ("minutes_to_112", "minutes_to_reaction", "minutes_to_closure"):
        for prefix in ("tab_", "none_", "within_help_", "hist_explain_"):
            assert t(f"reactietijd.{prefix}{duration}")
    for kind in ("media", "deleted", "poll", "location", "system"):
        assert t(f"thread.kind_{kind}")
    for name in (
        "incidents",
        "months",
        "members",
        "messages",
        "offtopic_leavers",
        "signal_hours",
        "group_sizes",
    ):
        assert t(f"rapport.table_{name}") and t(f"rapport.explain_{name}")


def test_tables_cover_every_code() -> None:
    assert set(table("rules")) == set(VIOLATIONS)
    assert set(SAAR_STEPS) <= set(table("steps"))
    assert set(table("months")) == {f"{m:02d}" for m in range(1, 13)}
    assert set(table("weekdays")) == {str(d) for d in range(7)}
    every_column = {*COLUMNS, *MESSAGE_COLUMNS, *INCIDENT_COLUMNS, *MEMBER_COLUMNS, *MONTH_COLUMNS}
    every_column |= {*SIGNAL_HOUR_COLUMNS, *OFFTOPIC_LEAVER_COLUMNS, *GROUP_SIZE_COLUMNS}
    assert every_column <= set(table("columns"))


def test_missing_key_fails_loudly() -> None:
    with pytest.raises(KeyError):
        t("overzicht.does_not_exist")


def test_counts_read_as_dutch_singular_and_plural() -> None:
    """No "1 bestand(en)" or "0 melding(en)" (issue 13): a count picks its own wording."""
    assert counted("files.files", 1) == "1 bestand"
    assert counted("files.files", 6) == "6 bestanden"
    assert counted("rapport.rows", 0) == "geen rijen"
    assert counted("rapport.rows", 1) == "1 rij"
    assert counted("rapport.rows", 67) == "67 rijen"
    assert counted("load.done", 1).startswith("1 bestand ")
    assert counted("alarm112.missing_explain", 0, period="mei").startswith("Geen meldingen")
    assert counted("alarm112.missing_explain", 1, period="mei").startswith("1 melding ")
    assert counted("files.groups", 0) == "geen groep"  # a _none text when there is one; else the plural
    assert counted("files.files", 0) == "0 bestanden"


def test_no_text_hedges_a_count_or_names_a_file_format() -> None:
    """ "bestand(en)", "groep(en)", "melding(en)" and ".toml" are not words a coordinator should read."""
    raw = (Path(__file__).resolve().parents[2] / "dashboard" / "texts.toml").read_text(encoding="utf-8")
    values = [line.split("=", 1)[1] for line in raw.splitlines() if "=" in line and not line.startswith("#")]
    assert not [value for value in values if re.search(r"\w\((en|s)\)", value)]
    assert not [value for value in values if re.search(r"\.toml|\btoml\b", value, re.I)]
