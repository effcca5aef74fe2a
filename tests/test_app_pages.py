"""The dashboard in AppTest: every page renders, and the figures it shows are the analysis' figures."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import analysis
import parsers
from analysis.coverage import complete_months, last_complete_month
from analysis.profile import profile_from_mapping
from analysis.reports import month_summary
from app_pages import scorecard
from app_pages.display import measure_label, measure_value, month_label
from app_pages.navigation import MAX_INCIDENT_LINKS, PAGES
from app_pages.sidebar import month_labels
from app_pages.texts import t
from tests.scorecard_cells import cells_by_group, scorecard_rows

pytestmark = pytest.mark.slow


# ---------------------------------------------------------------- helpers


@pytest.fixture(scope="module")
def expected(sample_paths: list[Path]) -> analysis.Analysis:
    """The analysis of the samples computed without the dashboard: what every figure must equal.

    Two sample files hold the same group (an iPhone .zip and its unpacked _chat.txt); read_chats merges them.
    """
    return analysis.analyse(parsers.read_chats([(p.read_bytes(), None, p.name) for p in sample_paths]))


def _default_month(result: analysis.Analysis) -> str:
    """The month the dashboard opens on: the newest month every loaded export holds completely."""
    month = last_complete_month(result.coverage)
    assert month is not None
    return month


_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def shown(markdown: str) -> str:
    """What a reader sees of escaped markdown: backslash escapes resolved, word joiners invisible."""
    return _ESCAPE.sub(r"\1", markdown).replace("\u2060", "")


def _texts(at: AppTest) -> Iterator[str]:
    """Everything a user can read on the page: markdown, captions, metrics, alerts, tables, labels."""
    for element in (*at.markdown, *at.caption, *at.title, *at.subheader, *at.info, *at.error, *at.warning):
        yield shown(str(element.value))
    for metric in at.metric:
        yield f"{metric.label} {metric.value}"
    for frame in at.dataframe:
        yield frame.value.to_csv()
    for box in at.selectbox:
        yield str(box.value) + " " + " ".join(map(str, box.options))


def _upload(at: AppTest, files: list[tuple[str, bytes]]) -> AppTest:
    mime = {"txt": "text/plain", "zip": "application/zip"}
    at.sidebar.file_uploader[0].set_value(
        [(name, data, mime.get(name.rsplit(".", 1)[-1], "text/plain")) for name, data in files]
    )
    return at.run()


def _ok(at: AppTest) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    return at


def _vogelwijk(sample_paths: list[Path]) -> Path:
    return next(p for p in sample_paths if "Vogelwijk" in p.name)


# ---------------------------------------------------------------- opening and pages


def test_opens_with_the_samples_and_says_so(
    dashboard: Callable[..., AppTest], sample_paths: list[Path]
) -> None:
    at = _ok(dashboard().run())
    assert any("Voorbeeldgegevens" in box.value for box in at.info)
    assert at.title[0].value == "Overzicht"
    assert at.multiselect(key="group").value == at.multiselect(key="group").options


def test_overview_scorecard_equals_the_analysis_in_two_months(
    dashboard: Callable[..., AppTest], expected: analysis.Analysis
) -> None:
    """One row per group; every figure of the selected month equals analyse's, in two months whose
    figures differ (a page showing the wrong month cannot pass); the summary is the Maandrapport's."""
    at = _ok(dashboard().run())
    groups = at.multiselect(key="group").value
    latest, before = complete_months(expected.coverage)[-2:][::-1]
    assert at.selectbox(key="month").value == latest == _default_month(expected)
    by_month: dict[str, dict[str, dict[str, str]]] = {}
    for month in (latest, before):
        at.selectbox(key="month").set_value(month).run()
        _ok(at)
        rows = scorecard_rows(at)
        assert [row.group for row in rows] == groups, "one row per group, in the sidebar's order"
        figures = expected.months[expected.months["month"] == month].set_index("group")
        for row in rows:
            assert row.note is None, "a complete month"
            for measure in scorecard.SHOWN:
                cell = row.figures[measure_label(measure)]
                assert cell.value == measure_value(measure, figures.loc[row.group, measure]), (month, measure)
        by_month[month] = {row.group: {k: cell.value for k, cell in row.figures.items()} for row in rows}
        incidents = expected.incidents[expected.incidents["start"].dt.strftime("%Y-%m") == month]
        counted = sum(int(row.figures[measure_label("incidents")].value) for row in rows)
        assert counted == len(incidents[incidents["group"].isin(groups)])
        summary = " ".join(month_summary(expected, month, groups=groups))
        assert summary in [shown(m.value) for m in at.markdown], "the Maandrapport's summary"
    messages = measure_label("messages")
    assert all(by_month[latest][group][messages] != by_month[before][group][messages] for group in groups)


def test_a_partial_month_in_the_scorecard_has_its_days_and_no_arrow(
    dashboard: Callable[..., AppTest], expected: analysis.Analysis
) -> None:
    at = _ok(dashboard().run())
    partial = expected.coverage[expected.coverage["partial"]]
    month = str(partial["month"].max())
    at.selectbox(key="month").set_value(month).run()
    _ok(at)
    rows = {row.group: row for row in scorecard_rows(at)}
    for record in partial[partial["month"] == month].itertuples():
        row = rows[record.group]
        assert row.note == f"{record.covered_days} van {record.days_in_month} dagen"
        assert all(cell.arrow is None for cell in row.figures.values()), record.group
    assert any(cell.arrow for row in rows.values() if row.note is None for cell in row.figures.values()), (
        "complete groups of the same month are compared"
    )


def test_a_goal_set_in_the_sidebar_colours_the_scorecard(
    dashboard: Callable[..., AppTest], sample_paths: list[Path]
) -> None:
    path = _vogelwijk(sample_paths)
    at = _ok(_upload(dashboard().run(), [(path.name, path.read_bytes())]))
    group = "Buurtpreventie Vogelwijk"
    at.number_input(key=f"profile_goal_112::{group}").set_value(1.0)
    at.number_input(key=f"profile_goal_alarm::{group}").set_value(90.0)
    at.button(key=f"profile_apply::{group}").click().run()
    _ok(at)
    result = analysis.analyse(parsers.read_chat(path.read_bytes(), name=path.name))
    month = _default_month(result)
    row = result.months[result.months["month"] == month].iloc[0]
    cells = cells_by_group(at)[group]
    assert list(cells_by_group(at)) == [group], "one group: one row"
    minutes, alarm = cells[measure_label("median_minutes_to_112")], cells[measure_label("alarm_rate")]
    assert minutes.colour == scorecard.goal_status("median_minutes_to_112", row["median_minutes_to_112"], 1.0)
    assert minutes.colour is not None and "Doel: hoogstens 1 min" in minutes.tooltip
    assert alarm.colour == scorecard.goal_status("alarm_rate", row["alarm_rate"], 0.9)
    assert "Doel: minstens 90%" in alarm.tooltip
    reaction = cells[measure_label("median_minutes_to_reaction")]
    assert "Doel: hoogstens 10 min" in reaction.tooltip, "the default goal"
    order = cells[measure_label("saar_order_rate")]
    assert order.colour is None and t("overzicht.tip_no_goal") in order.tooltip, "no goal, no colour"
    assert cells[measure_label("messages")].colour is None


@pytest.mark.parametrize("spec", PAGES, ids=[spec.url_path for spec in PAGES])
def test_every_page_renders(dashboard: Callable[..., AppTest], spec) -> None:
    at = _ok(dashboard().run())
    at.switch_page(f"app_pages/{spec.file}").run()
    _ok(at)
    assert at.title, "every page has a title"
    assert at.caption, "every page explains what it shows"
    for element in (*at.markdown, *at.caption):
        assert not element.allow_html, "no page renders HTML"


def test_meldingen_lists_the_period_incidents_and_opens_a_thread(
    dashboard: Callable[..., AppTest], expected: analysis.Analysis
) -> None:
    at = _ok(dashboard().run())
    at.switch_page("app_pages/meldingen.py").run()
    month = _default_month(expected)
    incidents = expected.incidents[expected.incidents["start"].dt.strftime("%Y-%m") == month]
    assert len(at.dataframe[0].value) == len(incidents)
    chosen = incidents.sort_values("start").iloc[-1]["incident"]
    at.selectbox(key="incident").set_value(chosen).run()
    _ok(at)
    thread = expected.messages[expected.messages["incident"] == chosen]
    assert len(at.chat_message) == len(thread)


def test_112_page_counts_incidents_without_confirmation(
    dashboard: Callable[..., AppTest], expected: analysis.Analysis
) -> None:
    at = _ok(dashboard().run())
    at.switch_page("app_pages/alarm112.py").run()
    _ok(at)
    month = _default_month(expected)
    incidents = expected.incidents[expected.incidents["start"].dt.strftime("%Y-%m") == month]
    missing = incidents[incidents["first_alarm_at"].isna()]
    links = at.get("page_link")
    assert len(links) == min(len(missing), MAX_INCIDENT_LINKS)
    rows = expected.months[expected.months["month"] == month]
    shown = [m.value for m in at.metric if m.label == "Zonder 112"]
    assert shown == [
        measure_value("no_alarm_incidents", v) for v in rows.sort_values("group")["no_alarm_incidents"]
    ]


# ---------------------------------------------------------------- uploads


def test_upload_replaces_the_samples(dashboard: Callable[..., AppTest], sample_paths: list[Path]) -> None:
    path = _vogelwijk(sample_paths)
    at = _ok(_upload(dashboard().run(), [(path.name, path.read_bytes())]))
    assert not any("Voorbeeldgegevens" in box.value for box in at.info)
    assert at.multiselect(key="group").options == ["Buurtpreventie Vogelwijk"]
    assert at.toggle(key="privacy").value is False, "one group: names shown by default"
    files = at.expander[0]
    assert "Buurtpreventie Vogelwijk" in files.dataframe[0].value.to_csv()


def test_bad_file_gets_a_dutch_message_and_the_others_load(
    dashboard: Callable[..., AppTest], sample_paths: list[Path]
) -> None:
    path = _vogelwijk(sample_paths)
    at = _ok(
        _upload(
            dashboard().run(),
            [("notities.txt", b"boodschappen: melk, brood"), (path.name, path.read_bytes())],
        )
    )
    errors = [shown(e.value) for e in at.sidebar.error]
    assert len(errors) == 1 and "notities.txt" in errors[0] and "WhatsApp" in errors[0]
    assert at.multiselect(key="group").options == ["Buurtpreventie Vogelwijk"]


def test_several_files_with_a_zip_load_as_several_groups(
    dashboard: Callable[..., AppTest], sample_paths: list[Path]
) -> None:
    files = [(p.name, p.read_bytes()) for p in sample_paths if p.name != "_chat.txt"]
    assert any(name.endswith(".zip") for name, _ in files)
    at = _ok(_upload(dashboard().run(), files))
    groups = at.multiselect(key="group").options
    assert len(groups) == len(files)
    assert at.toggle(key="privacy").value is True, "several groups: pseudonyms by default"


# ---------------------------------------------------------------- privacy, links, profiles


def test_privacy_switch_hides_every_member_name(
    dashboard: Callable[..., AppTest], expected: analysis.Analysis
) -> None:
    at = _ok(dashboard().run())
    at.toggle(key="privacy").set_value(True).run()
    at.switch_page("app_pages/meldingen.py").run()
    month = _default_month(expected)
    incidents = expected.incidents[expected.incidents["start"].dt.strftime("%Y-%m") == month]
    at.selectbox(key="incident").set_value(incidents.iloc[0]["incident"]).run()
    _ok(at)
    names = set(expected.members["member"].dropna()) - {parsers.schema.EXPORTER}
    page = "\n".join(_texts(at))
    assert len(at.chat_message) > 0
    leaked = sorted(name for name in names if name in page)
    assert not leaked
    at.toggle(key="privacy").set_value(False).run()
    page = "\n".join(_texts(at))
    assert any(name in page for name in names), "with the switch off the real names are back"


def test_query_params_open_a_shared_view(
    dashboard: Callable[..., AppTest], expected: analysis.Analysis
) -> None:
    months = sorted(expected.months["month"].unique())
    incident = expected.incidents.sort_values("start").iloc[0]
    at = dashboard()
    at.query_params["month"] = month_labels(expected.coverage, months)[months[0]]  # bound widgets: the label
    at.query_params["page"] = "meldingen"
    at.query_params["incident"] = incident["incident"]
    at.run()
    if at.title and at.title[0].value != "Meldingen":  # switch_page after the first run of a session
        at.run()
    _ok(at)
    assert at.selectbox(key="month").value == months[0]
    assert at.title[0].value == "Meldingen"
    assert at.selectbox(key="incident").value == incident["incident"]
    assert at.query_params["page"] == "meldingen"


def test_rule_profile_change_reanalyses(dashboard: Callable[..., AppTest], sample_paths: list[Path]) -> None:
    path = _vogelwijk(sample_paths)
    at = _ok(_upload(dashboard().run(), [(path.name, path.read_bytes())]))
    rules = at.multiselect(key="profile_rules::Buurtpreventie Vogelwijk")
    assert "offtopic" in rules.value
    rules.set_value([code for code in rules.value if code != "offtopic"])
    at.button(key="profile_apply::Buurtpreventie Vogelwijk").click().run()
    _ok(at)
    chat = parsers.read_chat(path.read_bytes(), name=path.name)
    profile = profile_from_mapping({"rules": [c for c in analysis.model.VIOLATIONS if c != "offtopic"]})
    strict = analysis.analyse(chat, profile)
    month = _default_month(strict)
    row = strict.months[strict.months["month"] == month].iloc[0]
    shown = cells_by_group(at)["Buurtpreventie Vogelwijk"]["Overtredingen per 100"].value
    assert shown == measure_value("violations_per_100", row["violations_per_100"])


def test_message_text_is_never_rendered_as_html(
    dashboard: Callable[..., AppTest], hostile_export: tuple[str, bytes]
) -> None:
    at = _ok(_upload(dashboard().run(), [hostile_export]))
    at.switch_page("app_pages/meldingen.py").run()
    at.selectbox(key="incident").set_value(_newest_incident(at)).run()
    _ok(at)
    bodies = [m.value for m in at.markdown]
    assert any(r"\<script\>alert\(\'xss\'\)\<\/script\>" in body for body in bodies)
    assert any(r"\<img src\=x onerror\=alert\(1\)\>" in body for body in bodies)
    assert any(r"\*\*vet\*\*" in body for body in bodies)
    assert any("<script>alert('xss')</script>" in shown(body) for body in bodies)
    assert not any(m.allow_html for m in (*at.markdown, *at.caption))


def _newest_incident(at: AppTest) -> str:
    """The id of the newest incident in the view (the hostile one, appended at the end of the export)."""
    return at.session_state["_view"].incidents().sort_values("start")["incident"].iloc[-1]


def test_rapport_makes_the_month_report_for_the_selection(
    dashboard: Callable[..., AppTest], expected: analysis.Analysis
) -> None:
    at = _ok(dashboard().run())
    at.switch_page("app_pages/rapport.py").run()
    csv_buttons = [b for b in at.get("download_button") if b.proto.label == "CSV downloaden"]
    assert len(csv_buttons) == 7, "every table as CSV"
    at.button(key="make_maand").click().run()
    _ok(at)
    labels = [b.proto.label for b in at.get("download_button")]
    assert "HTML (offline te openen)" in labels and "Excel" in labels
    made = next(v for k, v in at.session_state["_reports"].items() if k.startswith("maand|"))
    report = made["report"]
    assert report.kind == "maand"
    assert report.period == (_default_month(expected), _default_month(expected))
    assert set(report.groups) == set(at.multiselect(key="group").value)
    assert made["html"].lstrip().lower().startswith("<!doctype html")


def test_a_range_of_months_lists_the_incidents_of_every_month_in_it(
    dashboard: Callable[..., AppTest], expected: analysis.Analysis
) -> None:
    at = _ok(dashboard().run())
    at.segmented_control(key="period").set_value("reeks").run()
    months = sorted(expected.months["month"].unique())
    at.select_slider(key="months").set_value((months[0], months[-1])).run()
    at.switch_page("app_pages/meldingen.py").run()
    _ok(at)
    assert len(at.dataframe[0].value) == len(expected.incidents)
    at.switch_page("app_pages/overzicht.py").run()
    assert month_label(months[-1]) in at.caption[0].value, "the overview is about the range's last month"


def test_only_a_bad_file_says_so_and_nothing_breaks(dashboard: Callable[..., AppTest]) -> None:
    at = _ok(_upload(dashboard().run(), [("notities.txt", b"hallo")]))
    assert "notities.txt" in shown(at.sidebar.error[0].value)
    assert any("nog geen chats geladen" in box.value for box in at.info)
    at.sidebar.file_uploader[0].set_value(None).run()
    _ok(at)
    assert any("Voorbeeldgegevens" in box.value for box in at.info), "without uploads the samples return"


def test_reactietijd_counts_incidents_within_the_group_target(
    dashboard: Callable[..., AppTest], sample_paths: list[Path]
) -> None:
    path = _vogelwijk(sample_paths)
    at = _ok(_upload(dashboard().run(), [(path.name, path.read_bytes())]))
    group = "Buurtpreventie Vogelwijk"
    at.number_input(key=f"profile_goal_112::{group}").set_value(1.0)
    at.button(key=f"profile_apply::{group}").click().run()
    at.switch_page("app_pages/reactietijd.py").run()
    _ok(at)
    result = analysis.analyse(parsers.read_chat(path.read_bytes(), name=path.name))
    month = _default_month(result)
    incidents = result.incidents[result.incidents["start"].dt.strftime("%Y-%m") == month]
    known = incidents["minutes_to_112"].dropna()
    shown = [m.value for m in at.metric if m.label == "Binnen het doel"]
    assert shown == [f"{int((known <= 1.0).sum())} van {len(known)}"]
