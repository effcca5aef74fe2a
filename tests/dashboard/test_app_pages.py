"""The dashboard in AppTest: every page renders, and the figures it shows are the analysis' figures."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

import analysis
import parsers
from analysis.coverage import complete_months, last_complete_month
from analysis.profile import profile_from_mapping
from dashboard import scorecard
from dashboard.display import measure_label, measure_value, minutes, month_label
from dashboard.incident_filters import PAGE_SIZE
from dashboard.navigation import MAX_INCIDENT_LINKS, PAGES
from dashboard.sidebar import month_labels
from dashboard.texts import t
from exportgen.synthetic import generate_export
from reports import month_summary
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


# ---------------------------------------------------------------- Meldingen: columns, filters, clicks, pages


def _month_incidents(expected: analysis.Analysis) -> pd.DataFrame:
    """The default month's incidents in the table's default order: newest first, ties by id."""
    month = _default_month(expected)
    incidents = expected.incidents[expected.incidents["start"].dt.strftime("%Y-%m") == month]
    return incidents.sort_values(["start", "incident"], ascending=[False, True]).reset_index(drop=True)


def _meldingen(at: AppTest) -> AppTest:
    at.switch_page("app_pages/meldingen.py").run()
    return _ok(at)


def _click_row(at: AppTest, row: int, column: str = "Soort") -> AppTest:
    """A click on a cell of the table, as the browser reports it: the table allows a row (its checkbox)
    and a cell, and a click on a cell keeps the row that is ticked."""
    selection = {"rows": _ticked(at), "columns": [], "cells": [[row, column]]}
    at.session_state[_table_key(at)] = {"selection": selection}
    return _ok(at.run())


def _untick(at: AppTest) -> AppTest:
    """A click on the checkbox of the ticked row (the grid may also report a cell then)."""
    at.session_state[_table_key(at)] = {"selection": {"rows": [], "columns": [], "cells": [[0, "Begin"]]}}
    return _ok(at.run())


def _table_key(at: AppTest) -> str:
    """The incident table's widget key (numbered: after a click or a new page the table is a new widget)."""
    key = at.dataframe[0].key
    assert key is not None and key.startswith("incident_table_")
    return key


def _ticked(at: AppTest) -> list[int]:
    return list(at.session_state[_table_key(at)]["selection"]["rows"])


def test_meldingen_columns_a_coordinator_scans_first(
    dashboard: Callable[..., AppTest], expected: analysis.Analysis
) -> None:
    at = _meldingen(_ok(dashboard().run()))
    table = at.dataframe[0].value
    assert list(table.columns[:5]) == ["Begin", "Soort", "112", "Eerste reactie", "Afloop"]
    assert {"Groep", "Gemeld door", "Melding", "Bellers", "Overtredingen"} <= set(table.columns[5:])
    incidents = _month_incidents(expected)
    assert table["Begin"].tolist() == incidents["start"].tolist()
    assert table["112"].tolist() == [
        "geen" if pd.isna(m) else minutes(m) for m in incidents["minutes_to_112"]
    ]
    assert table["Eerste reactie"].tolist() == [minutes(m) for m in incidents["minutes_to_reaction"]]
    # Outcomes are message text (pseudonymised with the privacy switch on); open incidents say so.
    assert (table["Afloop"] == "niet afgesloten").tolist() == incidents["outcome"].isna().tolist()
    cells = table[["112", "Eerste reactie", "Tot afsluiting"]].to_numpy().ravel()
    assert "geen" in cells and "–" in cells, "the newest sample month has both"
    assert not any(re.search(r"\d\.\d|None|nan", cell) for cell in cells), "decimal commas, dashes"


def test_meldingen_filters_change_the_rows(
    dashboard: Callable[..., AppTest], expected: analysis.Analysis
) -> None:
    at = _meldingen(_ok(dashboard().run()))
    incidents = _month_incidents(expected)

    def starts() -> list[pd.Timestamp]:
        return at.dataframe[0].value["Begin"].tolist() if at.dataframe else []

    at.checkbox(key="zonder112").check().run()
    without = incidents[incidents["first_alarm_at"].isna()]
    assert 0 < len(without) < len(incidents), "the samples' newest month has incidents without 112"
    assert starts() == without["start"].tolist()
    assert set(at.dataframe[0].value["112"]) == {"geen"}
    assert f"{len(without)} van de {len(incidents)} meldingen" in " ".join(c.value for c in at.caption)

    at.checkbox(key="zonder112").uncheck()
    at.checkbox(key="niet_afgesloten").check().run()
    open_ = incidents[incidents["closed_at"].isna()]
    assert starts() == open_["start"].tolist()

    at.checkbox(key="niet_afgesloten").uncheck()
    kind = incidents["type"].value_counts().index[0]
    at.multiselect(key="soort").select(kind).run()
    assert starts() == incidents.loc[incidents["type"] == kind, "start"].tolist()

    at.multiselect(key="soort").unselect(kind)
    groups = at.multiselect(key="groep").options
    assert sorted(groups) == sorted(at.multiselect(key="group").value), "one choice per loaded group"
    group = incidents["group"].iloc[0]
    at.multiselect(key="groep").select(group).run()
    assert starts() == incidents.loc[incidents["group"] == group, "start"].tolist()

    at.multiselect(key="groep").unselect(group)
    at.text_input(key="zoek").input(kind.upper()).run()
    assert starts() == incidents.loc[incidents["type"] == kind, "start"].tolist(), "search ignores case"
    at.text_input(key="zoek").input("woorden die nergens staan").run()
    assert not at.dataframe and any("Geen meldingen die aan deze filters voldoen" in i.value for i in at.info)

    at.text_input(key="zoek").input("").run()
    at.selectbox(key="volgorde").set_value("oldest").run()
    assert starts() == sorted(incidents["start"])
    assert not at.exception


def test_meldingen_group_filter_only_with_several_groups(
    dashboard: Callable[..., AppTest], sample_paths: list[Path]
) -> None:
    path = _vogelwijk(sample_paths)
    at = _meldingen(_upload(dashboard().run(), [(path.name, path.read_bytes())]))
    assert not [w for w in at.multiselect if w.key == "groep"]
    assert at.multiselect(key="soort").options


def test_meldingen_a_click_on_a_row_opens_its_thread(
    dashboard: Callable[..., AppTest], expected: analysis.Analysis
) -> None:
    at = _meldingen(_ok(dashboard().run()))
    assert "Klik op een rij" in at.caption[0].value
    assert not at.chat_message, "no thread before a choice"
    incidents = _month_incidents(expected)
    for row in (2, 0):
        chosen = incidents.iloc[row]
        _click_row(at, row)
        thread = expected.messages[expected.messages["incident"] == chosen["incident"]]
        assert len(at.chat_message) == len(thread)
        assert at.query_params["incident"] == chosen["incident"]
        assert at.selectbox(key="incident").value == chosen["incident"]
        assert _ticked(at) == [row], "the row is ticked"
        assert chosen["start"].strftime("%d-%m-%Y %H:%M") in at.subheader[0].value
    # A filter keeps the chosen thread open; the row is ticked where it now stands, or the page says
    # that the incident is not in the table.
    at.checkbox(key="zonder112").check().run()
    _ok(at)
    without = incidents[incidents["first_alarm_at"].isna()]["incident"].tolist()
    assert len(at.chat_message) == len(thread)
    ticked = _ticked(at)
    if chosen["incident"] in without:
        assert ticked == [without.index(chosen["incident"])]
    else:
        assert ticked == [] and any("staat niet in de tabel" in c.value for c in at.caption)
    # Unticking the row closes the thread; a click on the same row opens it again.
    at.checkbox(key="zonder112").uncheck().run()
    assert _ticked(at) == [0]
    _untick(at)
    assert not at.chat_message and "incident" not in at.query_params
    _click_row(at, 0)
    assert _ticked(at) == [0] and len(at.chat_message) == len(thread)


@pytest.fixture(scope="module")
def many_incidents() -> tuple[str, bytes, analysis.Analysis]:
    """A generated export with over 300 incidents in four months (one group)."""
    name = "WhatsApp-chat met Buurtpreventie Synthetisch.txt"
    data = generate_export(23_000, "android-nl").encode("utf-8")
    result = analysis.analyse(parsers.read_chat(data, name=name))
    assert len(result.incidents) >= 300
    return name, data, result


def test_meldingen_300_incidents_search_and_pages(
    dashboard: Callable[..., AppTest], many_incidents: tuple[str, bytes, analysis.Analysis]
) -> None:
    name, data, result = many_incidents
    at = _upload(dashboard().run(), [(name, data)])
    at.segmented_control(key="period").set_value("reeks").run()
    months = at.session_state["_view"].all_months
    at.select_slider(key="months").set_value((months[0], months[-1])).run()
    at = _meldingen(at)
    incidents = result.incidents.sort_values(["start", "incident"], ascending=[False, True])
    total = len(incidents)
    assert f"{total} meldingen" in at.caption[0].value
    pages = at.pagination[0]
    assert pages.proto.num_pages == -(-total // PAGE_SIZE)
    assert len(at.dataframe[0].value) == PAGE_SIZE
    assert len(at.selectbox(key="incident").options) == PAGE_SIZE, "no drop-down of every incident"

    pages.set_value(3).run()
    _ok(at)
    assert at.dataframe[0].value["Begin"].tolist() == incidents["start"].iloc[40:60].tolist()
    assert f"Rij 41–60 van {total}" in " ".join(c.value for c in at.caption)
    chosen = incidents.iloc[45]
    _click_row(at, 5)
    assert at.query_params["incident"] == chosen["incident"]
    assert len(at.chat_message) == int((result.messages["incident"] == chosen["incident"]).sum())

    at.text_input(key="zoek").input("babbeltruc").run()  # a filter starts at page 1 again
    _ok(at)
    hits = incidents[incidents["type"] == "babbeltruc"]
    assert len(hits) > PAGE_SIZE
    assert at.pagination[0].value == 1
    assert at.dataframe[0].value["Begin"].tolist() == hits["start"].iloc[:PAGE_SIZE].tolist()
    at.pagination[0].set_value(at.pagination[0].proto.num_pages).run()
    assert (
        at.dataframe[0].value["Begin"].tolist()
        == hits["start"].iloc[(at.pagination[0].proto.num_pages - 1) * PAGE_SIZE :].tolist()
    )


def test_meldingen_filters_come_from_a_shared_link(
    dashboard: Callable[..., AppTest], expected: analysis.Analysis
) -> None:
    incidents = _month_incidents(expected)
    kind = incidents["type"].value_counts().index[0]
    outside = expected.incidents.sort_values("start").iloc[0]  # an older month: not in the table
    at = dashboard()
    at.query_params["page"] = "meldingen"
    at.query_params["zonder112"] = "true"
    at.query_params["soort"] = kind
    at.query_params["incident"] = outside["incident"]
    at.run()
    if at.title and at.title[0].value != "Meldingen":  # switch_page after the first run of a session
        at.run()
    _ok(at)
    assert at.checkbox(key="zonder112").value is True
    assert at.multiselect(key="soort").value == [kind]
    wanted = incidents[incidents["first_alarm_at"].isna() & (incidents["type"] == kind)]
    shown = at.dataframe[0].value["Begin"].tolist() if at.dataframe else []
    assert shown == wanted["start"].tolist()
    assert at.selectbox(key="incident").value == outside["incident"]
    assert any("staat niet in de tabel" in c.value for c in at.caption)


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
    assert at.toggle(key="privacy").value is True, "names hidden by default, also for one group"
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
    assert at.toggle(key="privacy").value is True, "several groups: pseudonyms by default too"


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


def test_names_hidden_overview_reads_no_member_text_and_the_pages_with_text_scrub_it(
    dashboard: Callable[..., AppTest], expected: analysis.Analysis
) -> None:
    """With names hidden, the Overzicht (figures only) is drawn from the analysis without member-written
    text, which is ready long before every text is scrubbed; a page that shows text gets the scrubbed one,
    and both name members alike, so the figures agree."""
    at = _ok(dashboard().run())
    assert at.toggle(key="privacy").value is True
    overview = at.session_state["_view"].analysis
    assert "text" not in overview.messages and "opening_text" not in overview.incidents
    started = at.session_state["_reviewed"][1]
    assert "private" in started, "once the overview is drawn, the texts are scrubbed in the background"
    at.switch_page("app_pages/meldingen.py").run()
    _ok(at)
    threads = at.session_state["_view"].analysis
    assert "text" in threads.messages and "opening_text" in threads.incidents
    names = set(expected.members["member"].dropna()) - {parsers.schema.EXPORTER}
    written = "\n".join(threads.messages["text"].dropna().astype(str))
    assert not sorted(name for name in names if name in written)
    pd.testing.assert_series_equal(overview.messages["author"], threads.messages["author"])
    pd.testing.assert_frame_equal(overview.months, threads.months)


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


def test_bad_rules_get_a_dutch_message_without_technical_words(
    dashboard: Callable[..., AppTest], sample_paths: list[Path]
) -> None:
    """A file that holds no rules, or no alarm number in the form: Dutch, no English reason, no "TOML" and no
    field name such as "emergency_numbers" (issue 13: Dutch throughout, no file-format jargon)."""
    path = _vogelwijk(sample_paths)
    group = "Buurtpreventie Vogelwijk"
    at = _ok(_upload(dashboard().run(), [(path.name, path.read_bytes())]))
    uploader = next(u for u in at.sidebar.file_uploader if u.key == f"profile_upload::{group}")
    uploader.set_value([("tabel.csv", b"a;b\n1;2\n", "text/csv")])
    at.run()
    _ok(at)
    errors = [e.value for e in at.error]  # main area and sidebar
    assert errors == [t("profile.invalid_file")]
    at.text_input(key=f"profile_numbers::{group}").set_value(" , ")
    at.button(key=f"profile_apply::{group}").click().run()
    errors = [e.value for e in at.error]  # main area and sidebar
    assert t("profile.no_numbers") in errors
    assert not [e for e in errors if re.search(r"toml|emergency|not a valid|must be", e, re.I)]


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


def test_rapport_says_what_each_download_holds(
    dashboard: Callable[..., AppTest], expected: analysis.Analysis
) -> None:
    """Period, groups, names or pseudonyms, per download; and what it says is what the download holds
    (issue 13: the page said every download had names with the switch off; the Maandrapport never has)."""
    at = _ok(dashboard().run())
    at.switch_page("app_pages/rapport.py").run()
    month = _default_month(expected)
    captions = [shown(c.value) for c in at.caption]
    assert month_label(month) in captions[0] and "5 groepen" in captions[0], captions[0]
    assert "pseudoniemen" in at.success[0].value
    members = int(expected.months.loc[expected.months["month"] == month, "messages"].sum())
    rows = next(shown(m.value) for m in at.markdown if m.value.startswith("**Berichten**"))
    assert f"{members} berichten van leden" in rows, "the Overzicht's count, next to the rows"
    assert sum("Met pseudoniemen in plaats van namen." in c for c in captions) == 4

    at.toggle(key="privacy").set_value(False).run()
    _ok(at)
    warning = at.warning[0].value
    assert "bevatten namen" in warning and "Maandrapport gebruikt altijd pseudoniemen" in warning
    captions = [shown(c.value) for c in at.caption]
    assert sum("Met namen van leden." in c for c in captions) == 4
    assert any("Over de hele export" in c for c in captions), "the members table is not the month's"
    at.button(key="make_maand").click().run()
    _ok(at)
    made = next(v for k, v in at.session_state["_reports"].items() if k.startswith("maand|"))
    names = set(expected.members["member"].dropna()) - {parsers.schema.EXPORTER}
    leaked = [name for name in names if re.search(rf"\b{re.escape(name)}\b", made["html"])]
    assert not leaked, "the Maandrapport holds pseudonyms, as the page says"


def test_a_range_of_months_lists_the_incidents_of_every_month_in_it(
    dashboard: Callable[..., AppTest], expected: analysis.Analysis
) -> None:
    at = _ok(dashboard().run())
    at.segmented_control(key="period").set_value("reeks").run()
    months = sorted(expected.months["month"].unique())
    at.select_slider(key="months").set_value((months[0], months[-1])).run()
    at.switch_page("app_pages/meldingen.py").run()
    _ok(at)
    assert len(expected.incidents) > PAGE_SIZE, "the samples' incidents fill more than one page"
    assert f"{len(expected.incidents)} meldingen" in at.caption[0].value
    seen = []
    for number in range(1, at.pagination[0].proto.num_pages + 1):
        at.pagination[0].set_value(number).run()
        seen += at.dataframe[0].value["Begin"].tolist()
    assert sorted(seen) == sorted(expected.incidents["start"])
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
