"""Members, membership over time, the monthly figures and the distributions, on hand-built chats."""

from __future__ import annotations

import math

import pandas as pd

from analysis.model import MEMBER_COLUMNS, MONTH_COLUMNS, OFFTOPIC_LEAVER_COLUMNS
from analysis.profile import Profile
from parsers.schema import EXPORTER
from tests.analysis.test_incidents import GROUP, msg, run, system


def membership_chat() -> list[dict]:
    """Jan: Fatima added, Piet leaves; Feb: Joke joins, Fatima removed; Mar: silence; Apr: Henk writes."""
    return [
        msg("2024-01-03 10:00", "Henk", "Welkom allemaal"),
        system("2024-01-03 10:01", "added", "Fatima", author="Henk"),
        msg("2024-01-10 12:00", "Fatima", "Dank voor het toevoegen", violations=("offtopic",)),
        msg("2024-01-15 09:00", "Karin", "Goedemorgen", violations=("offtopic",)),
        system("2024-01-20 18:00", "left", "Piet", author="Piet"),
        system("2024-02-05 08:00", "joined", "Joke", author="Joke"),
        msg("2024-02-07 08:00", "Karin", "Verdachte man bij de deur", "signal"),
        system("2024-02-10 20:00", "removed", "Fatima", author="Henk"),
        msg("2024-04-02 11:00", "Henk", "Herinnering: alleen acute meldingen"),
    ]


def test_members_table_reconstructs_who_is_in() -> None:
    members = run(membership_chat()).members.set_index("member")
    assert list(run(membership_chat()).members.columns) == list(MEMBER_COLUMNS)
    assert sorted(members.index) == ["Fatima", "Henk", "Joke", "Karin", "Piet"]
    assert members.loc["Fatima", "joined_at"] == pd.Timestamp("2024-01-03 10:01")
    assert members.loc["Fatima", "removed_at"] == pd.Timestamp("2024-02-10 20:00")
    assert pd.isna(members.loc["Fatima", "left_at"])
    assert members.loc["Piet", "left_at"] == pd.Timestamp("2024-01-20 18:00")
    assert pd.isna(members.loc["Piet", "joined_at"])
    assert members.loc["Karin", "messages"] == 2 and members.loc["Karin", "signals"] == 1
    assert members.loc["Karin", "violations"] == 1
    assert not members.loc["Joke", "active"] and members.loc["Henk", "active"]
    assert members.loc["Henk", "first_seen"] == pd.Timestamp("2024-01-03 10:00")
    assert members.loc["Henk", "last_seen"] == pd.Timestamp("2024-04-02 11:00")


def test_months_membership_joins_leaves_and_silent_members() -> None:
    months = run(membership_chat()).months
    assert list(months.columns) == list(MONTH_COLUMNS)
    assert list(months["month"]) == ["2024-01", "2024-02", "2024-03", "2024-04"]
    m = months.set_index("month")
    # Jan starts with Henk, Karin (wrote before any join) and Piet (first event: leaving).
    assert m.loc["2024-01", "members_end"] == 3  # Henk, Karin, Fatima
    assert (m.loc["2024-01", "joins"], m.loc["2024-01", "leaves"], m.loc["2024-01", "removals"]) == (1, 1, 0)
    assert m.loc["2024-01", "active_members"] == 3 and m.loc["2024-01", "silent_members"] == 0
    assert m.loc["2024-02", "members_end"] == 3  # Henk, Karin, Joke
    assert (m.loc["2024-02", "joins"], m.loc["2024-02", "removals"]) == (1, 1)
    assert m.loc["2024-02", "active_members"] == 1 and m.loc["2024-02", "silent_members"] == 2
    assert m.loc["2024-03", "messages"] == 0 and m.loc["2024-03", "incidents"] == 0
    assert m.loc["2024-03", "silent_members"] == 3 and m.loc["2024-03", "members_end"] == 3
    assert math.isnan(m.loc["2024-03", "offtopic_share"]) and math.isnan(m.loc["2024-03", "alarm_rate"])
    assert m.loc["2024-04", "active_members"] == 1 and m.loc["2024-04", "silent_members"] == 2


def test_member_who_wrote_and_then_left_in_the_month_is_neither_silent_nor_counted() -> None:
    months = run(
        [
            msg("2024-01-03 10:00", "Henk", "Hallo"),
            msg("2024-01-04 10:00", "Piet", "Hallo"),
            system("2024-01-05 10:00", "left", "Piet", author="Piet"),
            system("2024-01-06 10:00", "left", EXPORTER, author=EXPORTER),
        ]
    ).months
    row = months.iloc[0]
    assert row["members_end"] == 1  # Henk; the exporter ("You") was there and left
    assert row["active_members"] == 2 and row["silent_members"] == 0
    assert row["leaves"] == 2


def test_rejoining_member_is_counted_once() -> None:
    result = run(
        [
            msg("2024-01-03 10:00", "Henk", "Hallo"),
            system("2024-01-05 10:00", "left", "Piet", author="Piet"),
            system("2024-01-07 10:00", "added", "Piet", author="Henk"),
        ]
    )
    assert result.months["members_end"].iloc[0] == 2
    piet = result.members.set_index("member").loc["Piet"]
    assert pd.isna(piet["left_at"]), "Piet is back in, so he has no current leave"


def test_month_incident_figures() -> None:
    months = run(
        [
            msg("2024-01-05 21:00", "Fatima", "Verdachte man, 112 gebeld", "signal", "alarm"),
            msg("2024-01-05 21:04", "Karin", "Ik ga kijken", "reaction"),
            msg("2024-01-05 21:10", "Fatima", "Politie heeft hem aangehouden", "closure"),
            msg("2024-01-20 03:00", "Piet", "Man voelt aan deuren", "signal"),
            msg("2024-01-20 03:10", "Piet", "112 gebeld", "alarm"),
            msg("2024-01-20 03:11", "Joke", "Ik heb ook 112 gebeld", "alarm"),
            msg("2024-01-20 03:12", "Joke", "Kut!", violations=("language",)),
            msg("2024-02-03 14:00", "Henk", "Verdacht busje", "signal"),
            msg("2024-02-03 14:05", "Henk", "Bedankt", violations=("offtopic",)),
        ]
    ).months.set_index("month")
    jan, feb = months.loc["2024-01"], months.loc["2024-02"]
    assert jan["incidents"] == 2 and jan["messages"] == 7
    assert jan["alarm_rate"] == 1.0 and jan["saar_order_rate"] == 0.5
    assert jan["median_minutes_to_112"] == 5 and math.isclose(jan["p90_minutes_to_112"], 9)
    assert jan["median_minutes_to_reaction"] == 4 and jan["median_minutes_to_closure"] == 10
    assert jan["multi_caller_incidents"] == 1 and jan["no_alarm_incidents"] == 0
    assert jan["violations"] == 1 and jan["violations_language"] == 1
    assert math.isclose(jan["violations_per_100"], 100 / 7)
    assert feb["incidents"] == 1 and feb["alarm_rate"] == 0 and feb["no_alarm_incidents"] == 1
    assert math.isnan(feb["median_minutes_to_112"])
    assert feb["violations_offtopic"] == 1 and feb["offtopic_share"] == 0.5


def test_signal_hours_count_incident_starts_on_a_full_grid() -> None:
    hours = run(
        [
            msg("2024-01-05 21:00", "Fatima", "Verdachte man", "signal"),  # a Friday
            msg("2024-01-05 21:05", "Karin", "Verdachte man ook bij mij", "signal"),  # same incident
            msg("2024-01-08 03:30", "Piet", "Man voelt aan deuren", "signal"),  # a Monday
        ]
    ).signal_hours
    assert len(hours) == 7 * 24
    cells = hours.set_index(["weekday", "hour"])["signals"]
    assert cells[(4, 21)] == 1 and cells[(0, 3)] == 1 and cells.sum() == 2


def offtopic_burst(start: str, count: int) -> list[dict]:
    base = pd.Timestamp(start)
    return [
        msg(
            str(base + pd.Timedelta(minutes=5 * i)),
            f"Lid{i}",
            "Wie heeft mijn kat gezien?",
            violations=("offtopic",),
        )
        for i in range(count)
    ]


def test_offtopic_leavers_within_48_hours_of_a_burst() -> None:
    result = run(
        offtopic_burst("2024-03-01 20:00", 6)
        + [
            system("2024-03-02 09:00", "left", "Karin", author="Karin"),
            system("2024-03-02 10:00", "removed", "Bert", author="Henk"),
            system("2024-03-05 09:00", "left", "Piet", author="Piet"),
        ]
    )
    leavers = result.offtopic_leavers
    assert list(leavers["member"]) == ["Karin"]
    assert leavers["burst_start"].iloc[0] == pd.Timestamp("2024-03-01 20:00")
    assert leavers["burst_messages"].iloc[0] == 6


def test_four_offtopic_messages_are_no_burst() -> None:
    result = run(offtopic_burst("2024-03-01 20:00", 4) + [system("2024-03-01 21:00", "left", "Karin")])
    assert result.offtopic_leavers.empty
    assert list(result.offtopic_leavers.columns) == list(OFFTOPIC_LEAVER_COLUMNS)


def test_group_sizes_against_the_cap() -> None:
    sizes = run(membership_chat(), Profile(member_cap=2)).group_sizes
    assert sizes.to_dict("records") == [{"group": GROUP, "members": 3, "cap": 2, "over_cap": True}]
    assert not run(membership_chat()).group_sizes["over_cap"].iloc[0]


def test_months_are_per_group() -> None:
    other = "Buurtpreventie Bloemenbuurt"
    months = run(
        [
            msg("2024-01-05 21:00", "Fatima", "Hallo"),
            msg("2024-03-05 21:00", "Ans", "Hallo", group=other),
            msg("2024-04-05 21:00", "Ans", "Hallo", group=other),
        ]
    ).months
    assert list(zip(months["group"], months["month"], strict=True)) == [
        (other, "2024-03"),
        (other, "2024-04"),
        (GROUP, "2024-01"),
    ]
    assert list(months["members_end"]) == [1, 1, 1]


def test_top_writers_share_is_the_busiest_tenth_of_the_months_writers() -> None:
    """Thirteen writers in January: the busiest tenth (rounded up: 2 writers) wrote 10 + 5 of 26 messages."""
    records = [msg(f"2024-01-02 10:{i:02d}", "Henk", "Rondje gelopen") for i in range(10)]
    records += [msg(f"2024-01-03 10:{i:02d}", "Karin", "Alles rustig") for i in range(5)]
    records += [msg("2024-01-04 10:00", f"Buur {n}", "Gezien") for n in range(11)]
    records += [msg("2024-02-01 10:00", "Karin", "Nieuwe maand")]
    m = run(records).months.set_index("month")
    assert m.loc["2024-01", "messages"] == 26
    assert math.isclose(m.loc["2024-01", "top_writers_share"], 15 / 26)
    assert m.loc["2024-02", "top_writers_share"] == 1.0  # one writer is its own busiest tenth


def test_top_writers_share_is_missing_in_a_month_without_messages() -> None:
    m = run(membership_chat()).months.set_index("month")
    assert math.isnan(m.loc["2024-03", "top_writers_share"])
