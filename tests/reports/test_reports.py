"""The two reports: content the regiegroep and the municipality rely on, and their privacy rules."""

from __future__ import annotations

import io
import re
from datetime import datetime

import openpyxl
import pandas as pd
import pytest

from analysis.profile import Profile
from reports import (
    ReportError,
    analyst_tables,
    effectiveness_report,
    month_report,
    month_summary,
    tables_to_csv,
    tables_to_parquet,
    to_html,
    to_pdf,
    to_xlsx,
)
from reports.formatting import format_change, format_value, small, small_if_few
from tests.reports_support import (
    ALL_NAMES,
    GROUP_A,
    GROUP_B,
    analyse_sample,
    make_analysis,
    member_identifiers,
    sample_export_paths,
)


def _report_text(report) -> str:
    """Everything a report shows as text: titles, sentences, table cells, timelines."""
    parts = [report.title, report.subtitle, *report.summary]
    for section in report.sections:
        parts += [section.title, section.intro, *section.bullets]
        for table in section.tables:
            parts += list(map(str, table.frame.columns))
            parts += [str(v) for v in table.frame.to_numpy().ravel()]
        for timeline in section.timelines:
            parts += [timeline.heading, timeline.opening_text, timeline.outcome]
    return "\n".join(parts)


@pytest.fixture(scope="module")
def analysis():
    return make_analysis()


def test_month_report_key_figures_and_change(analysis) -> None:
    report = month_report(analysis, "2024-02")
    key = report.sections[0]
    vogelwijk = next(t for t in key.tables if t.title == GROUP_A).frame.set_index("Kengetal")
    assert vogelwijk.loc["Meldingen", "Deze maand"] == 4
    assert vogelwijk.loc["Meldingen", "Vorige maand"] == 2
    assert vogelwijk.loc["Meldingen", "Verandering"] == "+2"
    assert vogelwijk.loc["112 bevestigd", "Deze maand"] == pytest.approx(0.75)  # 1 of 4 without 112
    total = next(t for t in key.tables if t.title == "Totaal").frame.set_index("Kengetal")
    assert total.loc["Meldingen", "Deze maand"] == 4 and total.loc["Meldingen", "Vorige maand"] == 3
    assert "Het aantal meldingen steeg van 3 naar 4." in report.summary


@pytest.mark.parametrize(
    ("month", "groups", "profile"),
    [
        ("2024-02", None, None),
        ("2024-03", [GROUP_B], Profile(method="SAFAR")),
        ("2024-01", [GROUP_A], Profile(rules=("offtopic",))),
    ],
)
def test_month_summary_is_the_reports_summary(analysis, month, groups, profile) -> None:
    """The dashboard's Overzicht shows these sentences: the same as the Maandrapport's, without the report."""
    report = month_report(analysis, month, groups=groups, profile=profile)
    assert month_summary(analysis, month, groups=groups, profile=profile) == list(report.summary)
    assert report.summary


def test_month_report_lists_every_incident_with_timeline(analysis) -> None:
    report = month_report(analysis, "2024-03", groups=[GROUP_B])
    incidents = report.sections[1]
    assert len(incidents.timelines) == 2
    assert len(incidents.tables[0].frame) == 2
    steps = [step for step, _, _ in incidents.timelines[0].steps]
    assert steps == ["Melding", "112 bevestigd", "Eerste reactie", "Afgesloten"]
    assert incidents.timelines[0].outcome == "Loos alarm, was de glazenwasser"
    assert report.groups == (GROUP_B,)


def test_month_report_pseudonymises_unless_names_asked(analysis) -> None:
    hidden = _report_text(month_report(analysis, "2024-01")).casefold()
    for name in ALL_NAMES:
        assert name.casefold() not in hidden
    assert "12345678" not in hidden and "karin@example.nl" not in hidden and "12-abc-3" not in hidden
    assert "lid 01" in hidden
    shown = _report_text(month_report(analysis, "2024-01", names=True))
    assert "Henk de Vries" in shown


def test_month_report_respects_profile_rules(analysis) -> None:
    profile = Profile(method="SAFAR", rules=("offtopic",))
    report = month_report(analysis, "2024-01", profile=profile)
    rules = next(s for s in report.sections if s.title == "Groepsregels").tables[0].frame
    assert len(rules) == 1 and rules.iloc[0, 0].startswith("Off-topic")
    assert any("SAFAR" in s.title for s in report.sections)


def test_unknown_group_and_bad_month_are_clear_errors(analysis) -> None:
    with pytest.raises(ReportError, match="onbekende groep"):
        month_report(analysis, "2024-01", groups=["Nergenshuizen"])
    with pytest.raises(ReportError, match="geen maand"):
        month_report(analysis, "maart")
    with pytest.raises(ReportError, match="achteruit"):
        effectiveness_report(analysis, "2024-03", "2024-01")


def test_month_without_incidents_says_so(analysis) -> None:
    report = month_report(analysis, "2024-02", groups=[GROUP_B])
    assert report.sections[1].intro == "Er waren deze maand geen meldingen."
    assert "Er waren geen meldingen." in report.summary


def test_effectiveness_report_suppresses_small_cells(analysis) -> None:
    report = effectiveness_report(analysis, "2024-01", "2024-03")
    overview = report.sections[0].tables[0].frame.set_index("Groep")
    assert overview.loc[GROUP_A, "Meldingen"] == 9
    assert overview.loc[GROUP_B, "Leden aan het eind"] == "<3"  # 2 members left at the end
    per_month = report.sections[1].tables[1].frame.set_index("Groep")
    assert per_month.loc[GROUP_B, "jan 2024"] == "<3"  # one incident
    assert per_month.loc[GROUP_B, "feb 2024"] == 0
    assert per_month.loc[GROUP_A, "feb 2024"] == 4
    one_month = effectiveness_report(analysis, "2024-01", "2024-01", groups=[GROUP_B])
    rates = one_month.sections[0].tables[0].frame.set_index("Groep")
    assert rates.loc[GROUP_B, "112 bevestigd"] == "<3"  # a rate over one incident


def test_effectiveness_report_has_no_personal_data(analysis) -> None:
    for examples in (False, True):
        text = _report_text(
            effectiveness_report(analysis, "2024-01", "2024-03", examples=examples)
        ).casefold()
        for name in ALL_NAMES:
            assert name.casefold() not in text
            assert name.split()[0].casefold() + " " not in text or name.startswith("+")
        assert "12345678" not in text and "karin@example.nl" not in text and "lid 0" not in text
        assert ("verdachte man" in text) is examples  # message text only with examples


def test_effectiveness_summary_compares_equal_halves(analysis) -> None:
    report = effectiveness_report(analysis, "2024-01", "2024-03")
    assert report.summary[0] == "Vergeleken: maart 2024 met januari 2024."
    assert "Het aantal meldingen steeg van 3 naar 5." in report.summary


def test_xlsx_has_real_dates_dutch_headers_and_no_formulas() -> None:
    hostile = make_analysis({5: '=HYPERLINK("http://example.com","klik")'})
    workbook = openpyxl.load_workbook(io.BytesIO(to_xlsx(month_report(hostile, "2024-01"))))
    assert workbook.sheetnames[0] == "Rapport"
    sheet = workbook["Meldingen"]
    headers = [c.value for c in sheet[1]]
    assert headers[:3] == ["Begin", "Groep", "Soort"]
    assert isinstance(sheet["A2"].value, datetime)
    cells = [c for ws in workbook.worksheets for row in ws.iter_rows() for c in row]
    assert all(c.data_type != "f" for c in cells)
    assert any(str(c.value).startswith("=HYPERLINK") for c in cells)  # kept, as text
    timeline = workbook["Verloop meldingen"]
    assert [c.value for c in timeline[1]][2:4] == ["Stap", "Tijd"]


def test_xlsx_effectiveness_sheets_are_unique_and_valid(analysis) -> None:
    workbook = openpyxl.load_workbook(
        io.BytesIO(to_xlsx(effectiveness_report(analysis, "2024-01", "2024-03")))
    )
    names = workbook.sheetnames
    assert len(names) == len(set(names)) and all(len(n) <= 31 for n in names)
    assert "Meldingen en 112 per groep" in names


def test_analyst_tables_csv_and_parquet(analysis) -> None:
    tables = analyst_tables(analysis)
    assert set(tables) == {"berichten", "incidenten"}
    csv = tables_to_csv(analysis)
    incidents = pd.read_csv(io.BytesIO(csv["incidenten.csv"]))
    assert len(incidents) == len(analysis.incidents)
    assert not any(name in csv["berichten.csv"].decode() for name in ALL_NAMES)
    parquet = tables_to_parquet(analysis, names=True, groups=[GROUP_B], period=("2024-03", "2024-03"))
    messages = pd.read_parquet(io.BytesIO(parquet["berichten.parquet"]))
    assert set(messages["group"]) == {GROUP_B}
    assert "Bryan Tahiri" in set(messages["author"])


def test_csv_guards_against_formula_injection() -> None:
    hostile = make_analysis({5: "=cmd|' /C calc'!A0"})
    text = tables_to_csv(hostile)["berichten.csv"].decode()
    assert "'=cmd" in text and ",=cmd" not in text


@pytest.mark.parametrize(
    ("value", "kind", "shown"),
    [
        (0.756, "pct", "76%"),
        (1234.5, "num", "1.234,5"),
        (3.25, "min", "3,2"),
        (12.0, "min", "12"),
        (float("nan"), "min", "–"),
        ("<3", "int", "<3"),
        (pd.Timestamp("2024-03-05 21:07"), "datetime", "05-03-2024 21:07"),
    ],
)
def test_dutch_formatting(value, kind, shown) -> None:
    assert format_value(value, kind) == shown


def test_change_and_small_cells() -> None:
    assert format_change(0.5, 0.75, "pct") == "−25 %-punt"
    assert format_change(7, 4, "int") == "+3"
    assert [small(n) for n in (0, 1, 2, 3)] == [0, "<3", "<3", 3]
    assert small_if_few(0.5, 2) == "<3" and small_if_few(0.5, 3) == 0.5


def test_interactive_html_is_self_contained(analysis) -> None:
    html = to_html(month_report(analysis, "2024-02"), interactive=True)
    assert html.count("<script") == 1 + html.count('<div id="')  # plotly.js once, one script per chart
    assert not re.search(r"""<(script|link|img)[^>]+(src|href)=["']https?:""", html)
    assert "Content-Security-Policy" in html
    assert html.count("plotly.js v") <= 2  # the library banner appears once


def test_html_report_is_light_enough_to_email(analysis) -> None:
    """Issue 13: the maandrapport weighed 4.9 MB (plotly.js); with SVG charts it stays well under 1 MB."""
    report = month_report(analysis, "2024-02")
    charts = sum(len(section.charts) for section in report.sections)
    html = to_html(report)
    assert charts >= 1
    assert len(html.encode("utf-8")) < 1_000_000
    assert html.count('src="data:image/svg+xml;base64,') == charts
    assert "<script" not in html and "plotly.js v" not in html
    assert "Content-Security-Policy" in html


def test_html_report_without_a_browser_to_draw_charts_stays_light(analysis, monkeypatch) -> None:
    """On a computer without Chromium the charts cannot be drawn as images: each becomes a sentence that
    says so, instead of 5 MB of embedded plotly.js (issue 13)."""
    import reports.html as html_module

    monkeypatch.setattr(html_module, "figure_svg", lambda figure: None)
    report = month_report(analysis, "2024-02")
    titles = [chart.figure.layout.title.text for section in report.sections for chart in section.charts]
    html = to_html(report)
    assert titles and len(html.encode("utf-8")) < 200_000
    assert "<script" not in html and "plotly.js v" not in html
    for title in titles:
        assert f"Grafiek ‘{title}’ niet opgenomen" in html


@pytest.mark.parametrize("path", sample_export_paths(), ids=lambda p: getattr(p, "name", str(p)))
def test_sample_export_reports_contain_no_member_names(path) -> None:
    analysis = analyse_sample(path)
    identifiers = member_identifiers(analysis.messages)
    months = sorted(set(analysis.months["month"]))
    month_text = _report_text(month_report(analysis, months[-1])).casefold()
    effect_text = _report_text(
        effectiveness_report(analysis, months[0], months[-1], examples=True)
    ).casefold()
    for identifier in identifiers:
        assert identifier not in month_text, identifier
        assert identifier not in effect_text, identifier
    phone = re.compile(r"(?<!\d)(?:06[ -]?\d{8}|\+31[ \d]{9,12})")
    assert not phone.search(month_text) and not phone.search(effect_text)


def test_already_pseudonymised_analysis_keeps_its_pseudonyms(analysis) -> None:
    from analysis.anonymise import Pseudonymiser, is_pseudonymised, pseudonymise_analysis

    done = pseudonymise_analysis(analysis)
    assert is_pseudonymised(done) and not is_pseudonymised(analysis)
    henk = Pseudonymiser.from_analysis(analysis).pseudonym("Henk de Vries")
    for names in (False, True):
        report = month_report(done, "2024-01", names=names)
        assert report.pseudonymised
        assert "Namen van leden zijn vervangen" in report.notice
        assert henk in _report_text(report)


def test_many_groups_show_key_figures_side_by_side(analysis) -> None:
    from dataclasses import fields

    from analysis.model import Analysis

    renamed = {
        f.name: getattr(analysis, f.name).assign(group=lambda f: "Kopie " + f["group"].astype(str))
        for f in fields(Analysis)
    }
    both = Analysis(
        **{name: pd.concat([getattr(analysis, name), renamed[name]], ignore_index=True) for name in renamed}
    )
    key = month_report(both, "2024-02").sections[0]
    assert [t.title for t in key.tables] == ["Kerncijfers: deze maand", "Kerncijfers: vorige maand", "Totaal"]
    this_month = key.tables[0].frame.set_index("Kengetal")
    assert this_month.loc["Meldingen", GROUP_A] == 4 and this_month.loc["Meldingen", "Kopie " + GROUP_A] == 4
    assert key.tables[2].frame.set_index("Kengetal").loc["Meldingen", "Deze maand"] == 8


def test_formatted_table_for_the_dashboard(analysis) -> None:
    overview = effectiveness_report(analysis, "2024-01", "2024-03").sections[0].tables[0]
    shown = overview.formatted().set_index("Groep")
    assert shown.loc[GROUP_B, "Leden aan het eind"] == "<3"
    # 7 of 9: the rate would give back the 2 without confirmation, so it is hidden with them
    assert shown.loc[GROUP_A, "112 bevestigd"] == "<3"
    assert shown.loc["Totaal", "112 bevestigd"] == "<3"  # 10 of 12: the same 2 would come back
    assert shown.loc[GROUP_B, "112 bevestigd"] == "100%"  # 3 of 3: nothing hidden follows from it
    assert all(str(dtype) == "string" for dtype in shown.dtypes)


def _pdf_text(pdf: bytes) -> str:
    from pypdf import PdfReader

    pages = PdfReader(io.BytesIO(pdf)).pages
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in pages))


def test_the_pdf_says_what_the_report_says(analysis) -> None:
    """Not only "%PDF": the month, the groups, the summary and Vogelwijk's key figures of February
    (4 incidents against 2, 3 of 4 with 112, 14 member messages) are readable in the PDF."""
    text = _pdf_text(to_pdf(month_report(analysis, "2024-02")))
    assert "Maandrapport februari 2024" in text and f"Voor de regiegroep: {GROUP_A}" in text
    assert "Het aantal meldingen steeg van 3 naar 4." in text
    assert "Meldingen 4 2 +2 112 bevestigd 75% 100%" in text
    assert "Berichten van leden 14 8 +6" in text
    assert not [name for name in member_identifiers(analysis.messages) if name in text.lower()]
