"""Every review figure's format and names live once, in presentation/measures.toml (issue 11)."""

from __future__ import annotations

import tomllib
from pathlib import Path

from analysis.keyfigures import KEY_FIGURES
from analysis.model import MONTH_COLUMNS
from presentation.measures import figure_format, measures, names

ROOT = Path(__file__).resolve().parents[2]


def test_every_key_figure_and_month_figure_has_a_format_and_its_names() -> None:
    for name in KEY_FIGURES:
        assert measures()[name].label, name
    monthly = [m for m in measures().values() if m.monthly]
    assert monthly and all(m.short and m.help for m in monthly)
    assert {m.name for m in monthly} <= set(MONTH_COLUMNS)
    assert figure_format("alarm_rate") == "pct" and figure_format("median_minutes_to_112") == "min"
    assert figure_format("not a figure") == "int"


def test_no_text_file_names_a_figure_a_second_time() -> None:
    """The dashboard's and the reports' texts get every figure's names from measures.toml only."""
    app = tomllib.loads((ROOT / "dashboard" / "texts.toml").read_text(encoding="utf-8"))
    report = tomllib.loads((ROOT / "reports" / "data" / "texts.toml").read_text(encoding="utf-8"))
    assert "measures" not in app and "flow" not in app
    assert not set(app["columns"]) & set(names("short"))
    assert not set(report["figures"]) & set(names("label"))


def test_a_figure_has_a_long_and_a_short_name_and_no_third() -> None:
    """ "Mediaan minuten tot 112" in the reports, "Tijd tot 112" on every part of the dashboard (scorecard,
    tables, charts): no "Mediaan min. tot 112" header beside them. A short name heads a table column, so
    the month table's Dutch headers stay distinct."""
    from dashboard.formats import measure_label
    from dashboard.texts import table

    raw = tomllib.loads((ROOT / "presentation" / "measures.toml").read_text(encoding="utf-8"))
    fields = {"format", "good", "monthly", "label", "short", "help"}
    assert all(set(entry) <= fields for entry in raw.values()), "no third name (the old 'column')"
    columns = table("columns")
    for name, measure in measures().items():
        if measure.short is not None:
            assert columns[name] == measure_label(name) == measure.short, name
    headers = [columns[column] for column in MONTH_COLUMNS]
    assert len(set(headers)) == len(headers), headers


def test_the_dashboard_and_the_reports_read_the_names_from_there() -> None:
    from dashboard.formats import MEASURES, measure_label
    from dashboard.texts import t, table
    from reports.texts import texts

    assert texts("figures")["median_minutes_to_112"] == measures()["median_minutes_to_112"].label
    assert measure_label("median_minutes_to_112") == measures()["median_minutes_to_112"].short
    assert t("measures.alarm_rate.help") == measures()["alarm_rate"].help
    assert table("columns")["median_minutes_to_112"] == measures()["median_minutes_to_112"].short
    assert MEASURES["offtopic_share"] == ("percent", "inverse") and MEASURES["messages"] == ("count", "off")


def test_the_calendar_words_and_the_number_format_have_one_home() -> None:
    """Month and weekday names come from presentation/dutch.toml for the dashboard and the reports alike."""
    from dashboard.formats import month_label, number, short_month_label
    from presentation.formatting import dutch_number, format_value
    from reports.texts import month_name, short_month_name

    app = tomllib.loads((ROOT / "dashboard" / "texts.toml").read_text(encoding="utf-8"))
    report = tomllib.loads((ROOT / "reports" / "data" / "texts.toml").read_text(encoding="utf-8"))
    assert not {"months", "months_short", "weekdays"} & (set(app) | set(report))
    assert month_label("2024-03") == month_name("2024-03") == "maart 2024"
    assert (short_month_label("2024-03"), short_month_name("2024-03")) == ("mrt 24", "mrt 2024")
    assert number(1234) == format_value(1234, "int") == dutch_number(1234, 0) == "1.234"
    assert number(1234.5, 1) == "1\u2009234,5" and format_value(1234.5, "num") == "1.234,5"
