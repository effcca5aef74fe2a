"""What the surviving mutants of the review tables showed untested (docs/DEVELOPING.md, "Mutation testing").

Each test states a promise the dashboard, the reports or the analyst tables rely on: the documented column
types, the incident type read from the right messages, the first call of a chat with one call.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.incidents import load_incident_rules
from analysis.metrics_common import message_facts
from analysis.metrics_incidents import incident_table
from analysis.model import INCIDENT_DTYPES, INCIDENT_TYPES, MONTH_DTYPES
from tests.analysis.test_incidents import GROUP, msg, run, system

CHATS = {
    "a full incident": [
        msg("2024-01-05 21:00", "Fatima", "Verdachte man bij de deur", "signal"),
        msg("2024-01-05 21:03", "Karin", "112 gebeld", "alarm"),
        msg("2024-01-05 21:04", "Piet", "Ik ga kijken", "reaction"),
        msg("2024-01-05 21:10", "Fatima", "Politie heeft hem meegenomen", "closure"),
    ],
    "one call in the whole chat": [
        msg("2024-01-05 21:00", "Fatima", "Verdachte man bij de deur, 112 gebeld", "signal", "alarm"),
        msg("2024-01-05 21:40", "Karin", "Wie heeft er een ladder?", violations=("offtopic",)),
    ],
    "no call, no reaction, no closure": [
        msg("2024-01-05 21:00", "Fatima", "Verdachte man bij de deur", "signal"),
        msg("2024-01-05 21:05", "Karin", "Loopt richting de kerk", "update"),
    ],
    "no incident at all": [
        msg("2024-01-05 21:00", "Fatima", "Goedemorgen allemaal", violations=("offtopic",)),
    ],
    "only system lines": [
        system("2024-01-05 21:00", "created", author="Fatima"),
        system("2024-03-05 21:00", "added", "Karin", author="Fatima"),
    ],
    "nothing at all": [],
}


@pytest.mark.parametrize("records", CHATS.values(), ids=CHATS.keys())
def test_review_tables_keep_their_documented_types(records) -> None:
    """Counts stay whole numbers, missing times NaT and texts text: the analyst tables (parquet) and the
    report formatting depend on it, also for a chat without calls or without incidents."""
    result = run(records)
    assert {name: str(dtype) for name, dtype in result.incidents.dtypes.items()} == INCIDENT_DTYPES
    assert {name: str(dtype) for name, dtype in result.months.dtypes.items()} == MONTH_DTYPES


def test_a_chat_with_one_call_has_one_caller() -> None:
    [row] = run(CHATS["one call in the whole chat"]).incidents.itertuples()
    assert (row.callers, row.alarm_messages, row.minutes_to_112) == (1, 1, 0.0)


def test_an_incident_without_times_of_its_own_shows_missing_times() -> None:
    [row] = run(CHATS["no call, no reaction, no closure"]).incidents.itertuples()
    assert pd.isna(row.first_alarm_at) and pd.isna(row.first_reaction_at) and pd.isna(row.closed_at)
    assert np.isnan(row.minutes_to_112) and np.isnan(row.minutes_to_closure)
    assert (row.callers, row.reactors) == (0, 0)


def _cut(records):
    """The cut messages of a hand-labelled chat and their per-message facts."""
    messages = run(records).messages
    return messages, message_facts(messages)


def test_an_incident_without_an_opening_signal_is_refused() -> None:
    messages, facts = _cut(CHATS["a full incident"])
    messages = messages.assign(signal=False)
    with pytest.raises(ValueError, match="^incident without an opening signal$"):
        incident_table(messages, facts, {}, load_incident_rules())


def _overlapping_incidents() -> list[dict]:
    """Two incidents at once, each with 20 updates in turn, chit-chat and a photo without caption inside."""
    records = [
        msg("2024-03-01 20:00", "Fatima", "Verdachte man bij de garages", "signal"),
        msg("2024-03-01 20:01", "Henk", "Busje met draaiende motor bij de school", "signal"),
    ]
    for i in range(20):
        minute = f"2024-03-01 20:{2 + 2 * i:02d}"
        later = f"2024-03-01 20:{3 + 2 * i:02d}"
        records.append(msg(minute, "Karin", f"man update {i}", "update"))
        records.append(msg(later, "Piet", f"busje update {i}", "update"))
    records.insert(5, msg("2024-03-01 20:04", "Joke", "wat eng zeg"))
    records.insert(8, {**msg("2024-03-01 20:05", "Karin", "", "update"), "text": None})
    return records


def _two_at_once(messages: pd.DataFrame) -> pd.DataFrame:
    """The incident ids two overlapping situations get when each message is about one of them (the cut
    itself is tested in tests/analysis/test_incidents.py)."""
    text = messages["text"].fillna("").str.lower()
    incident = np.where(text.str.contains("busje"), "busje", "man")
    return messages.assign(incident=pd.array(incident, dtype="string"))


def test_the_type_is_read_from_the_report_and_its_own_updates_in_order() -> None:
    """The classifier gets the opening report first, then that incident's updates in time order: not
    its chit-chat, not an empty photo, not the other incident's updates (also when they alternate)."""
    messages, facts = _cut(_overlapping_incidents())
    messages = _two_at_once(messages)
    heard: list[list[str]] = []

    def classifier(texts: list[str]) -> str:
        heard.append(texts)
        return "inbraak"

    table = incident_table(messages, facts, {GROUP: classifier}, load_incident_rules())
    by_opening = {texts[0]: texts[1:] for texts in heard}
    assert by_opening["Verdachte man bij de garages"] == [f"man update {i}" for i in range(20)]
    assert by_opening["Busje met draaiende motor bij de school"] == [f"busje update {i}" for i in range(20)]
    assert list(table["type"]) == ["inbraak", "inbraak"]


def _kind(name: str) -> int:
    return INCIDENT_TYPES.index(name)


def test_the_type_from_the_taggers_kinds() -> None:
    """With the tagger's per-message types: the report's own type first; else the most specific type
    among the incident's updates (the lexicon's order: fire before fraud before burglary ...), not the
    earliest; else "overig"."""
    records = [
        msg("2024-03-01 20:00", "Fatima", "Kijk even bij de garages", "signal"),
        msg("2024-03-01 20:02", "Karin", "een man", "update"),
        msg("2024-03-01 20:03", "Karin", "hij wrikt aan een deur", "update"),
        msg("2024-03-01 20:04", "Piet", "inbraak dus", violations=()),
        msg("2024-03-01 23:00", "Henk", "Verdacht busje bij de school", "signal"),
        msg("2024-03-01 23:02", "Henk", "staat er nog", "update"),
        msg("2024-03-02 03:00", "Joke", "Er gebeurt iets bij de kerk", "signal"),
        msg("2024-03-02 07:00", "Piet", "Ze zijn bij nr 4 binnen geweest, de deur is open", "signal"),
        msg("2024-03-02 07:02", "Piet", "een man rent weg", "update"),
    ]
    messages, facts = _cut(records)
    assert messages["incident"].nunique() == 4
    kinds = np.full(len(messages), -1, dtype=np.int8)
    text = messages["text"].tolist()
    kinds[text.index("een man")] = _kind("verdacht persoon")
    kinds[text.index("hij wrikt aan een deur")] = _kind("inbraak")
    kinds[text.index("inbraak dus")] = _kind("brand of medisch")  # not an update: not read
    kinds[text.index("Verdacht busje bij de school")] = _kind("verdacht voertuig")
    kinds[text.index("staat er nog")] = _kind("inbraak")  # the report's own type wins
    kinds[text.index("Ze zijn bij nr 4 binnen geweest, de deur is open")] = _kind("inbraak")  # the first type
    kinds[text.index("een man rent weg")] = _kind("verdacht persoon")
    table = incident_table(messages, facts, {}, load_incident_rules(), kinds)
    assert list(table["type"]) == ["inbraak", "verdacht voertuig", "overig", "inbraak"]


def test_the_month_grid_finds_each_group_and_month_and_nothing_else() -> None:
    """Every month from a group's first to last record has a row (quiet months too); a group or month the
    grid does not hold, or a missing time, has none (-1), so nothing is counted in a wrong month."""
    from analysis.metrics_months import MonthGrid

    groups = np.array(["Noord", "Noord", "Zuid", "Zuid"], dtype=object)
    months = np.array(["2024-01", "2024-03", "2024-02", "NaT"], dtype="datetime64[M]")
    grid = MonthGrid(groups, months)
    assert list(grid.group) == ["Noord", "Noord", "Noord", "Zuid"]
    assert [str(m) for m in grid.month] == ["2024-01", "2024-02", "2024-03", "2024-02"]
    asked_groups = np.array(["Zuid", "Noord", "Noord", "West", "Zuid", "Noord", "Zuid"], dtype=object)
    asked = np.array(
        ["2024-02", "2024-02", "2024-03", "2024-02", "2024-03", "2023-12", "NaT"], dtype="datetime64[M]"
    )
    assert list(grid.rows(asked_groups, asked)) == [3, 1, 2, -1, -1, -1, -1]
    assert list(grid.rows(asked_groups[:1], asked[:1])) == [3]
    assert list(grid.rows(np.array([], dtype=object), np.array([], dtype="datetime64[M]"))) == []
    nothing = MonthGrid(np.array([], dtype=object), np.array([], dtype="datetime64[M]"))
    assert len(nothing) == 0 and list(nothing.rows(asked_groups[:2], asked[:2])) == [-1, -1]
    assert list(grid.count(np.array([3, 3, -1, 0]))) == [1, 0, 0, 2]
    weighted = grid.count(np.array([3, 0, -1]), np.array([2, 5, 7]))
    assert list(weighted) == [5, 0, 0, 2] and weighted.dtype == np.int64
    assert [str(m) for m in grid.moments()] == [
        "2024-02-01T00:00:00.000000000",
        "2024-03-01T00:00:00.000000000",
        "2024-04-01T00:00:00.000000000",
        "2024-03-01T00:00:00.000000000",
    ]


def test_a_chat_with_one_incident_counts_it_in_its_month() -> None:
    months = run(CHATS["one call in the whole chat"]).months
    assert list(months["incidents"]) == [1] and list(months["alarm_rate"]) == [1.0]


def test_a_chat_with_one_writer_has_one_active_member() -> None:
    months = run(CHATS["no incident at all"]).months
    assert list(months["active_members"]) == [1] and list(months["top_writers_share"]) == [1.0]
    assert list(months["silent_members"]) == [0]


def test_a_quiet_month_has_no_rate_and_a_month_of_one_message_has_one() -> None:
    """Rates per message are missing (not 0 and not a warning in the server log) in a month without
    messages, and exact in a month with a single one; one writer is one active member."""
    import warnings

    records = [
        msg("2024-01-05 21:00", "Fatima", "Goedemorgen", violations=("offtopic",)),
        msg("2024-03-05 21:00", "Fatima", "Verdachte man bij de deur", "signal"),
        msg("2024-03-05 21:05", "Fatima", "Loopt richting de kerk", "update"),
    ]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        months = run(records).months.set_index("month")
    assert months.loc["2024-01", "violations_per_100"] == 100 and months.loc["2024-01", "offtopic_share"] == 1
    assert np.isnan(months.loc["2024-02", "violations_per_100"])
    assert np.isnan(months.loc["2024-02", "offtopic_share"])
    assert months.loc["2024-03", "violations_per_100"] == 0
    assert list(months["active_members"]) == [1, 0, 1]


@pytest.mark.parametrize(
    ("who", "minute", "in_order"),
    [
        ("Karin", "21:00", True),  # someone else confirmed 112 in the same minute as the report
        ("Fatima", "21:02", True),  # the reporter confirms within together_minutes (2) of the report
        ("Fatima", "21:03", False),  # ... but not later
        ("Karin", "21:01", False),  # someone else, after the report
    ],
)
def test_the_saar_order_at_its_boundaries(who: str, minute: str, in_order: bool) -> None:
    """112 before or together with the report (docs/metrics.md): an alarm in the report's own minute
    counts, and the reporter's own confirmation up to together_minutes later (incident_rules.toml)."""
    assert load_incident_rules().together_minutes == 2
    [row] = run(
        [
            msg("2024-01-05 21:00", "Fatima", "Verdachte man bij de deur", "signal"),
            msg(f"2024-01-05 {minute}", who, "112 gebeld", "alarm"),
        ]
    ).incidents.itertuples()
    assert bool(row.saar_order) == in_order


def test_an_incident_opened_by_a_message_without_author_has_no_opener() -> None:
    records = [
        {**msg("2024-01-05 21:00", "x", "Verdachte man bij de deur", "signal"), "author": None},
        msg("2024-01-05 21:05", "Karin", "Ik ga kijken", "reaction"),
    ]
    [row] = run(records).incidents.itertuples()
    assert pd.isna(row.opened_by) and row.reactors == 1


def test_a_report_without_text_is_read_as_empty() -> None:
    """A photo without caption that opens an incident gives the classifier an empty report, not "None"."""
    records = [
        {**msg("2024-03-01 20:00", "Fatima", "", "signal"), "text": None, "kind": "media"},
        msg("2024-03-01 20:02", "Fatima", "man bij de schuur", "update"),
    ]
    messages, facts = _cut(records)
    heard: list[list[str]] = []
    incident_table(
        messages, facts, {GROUP: lambda texts: heard.append(texts) or "overig"}, load_incident_rules()
    )
    assert heard == [["", "man bij de schuur"]]


def test_an_incident_row_names_its_reporter_first_reaction_and_violations() -> None:
    """Who reported, when the first member reacted, and how many violations (not messages) it holds."""
    [row] = run(
        [
            msg("2024-01-05 21:00", "Fatima", "Verdachte man bij de deur", "signal"),
            msg("2024-01-05 21:04", "Karin", "Ik ga kijken, kut!", "reaction", violations=("language",)),
            msg("2024-01-05 21:05", "Piet", "rij erachteraan, pak hem", violations=("vigilante", "driving")),
            msg("2024-01-05 21:10", "Fatima", "Hij is weg", "closure"),
        ]
    ).incidents.itertuples()
    assert row.opened_by == "Fatima"
    assert row.first_reaction_at == pd.Timestamp("2024-01-05 21:04")
    assert (row.violations, row.messages) == (3, 4)
