"""Incident boundaries and the per-incident figures, on hand-built tagged chats.

The chats are written here with their labels (as the labelling guide would give them), so the
tests check the incident logic, not the tagger.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.incidents import load_incident_rules
from analysis.metrics import analyse_tagged
from analysis.model import LABELS, Analysis
from analysis.profile import Profile
from analysis.tagger import TOPICS
from parsers.schema import COLUMNS, DTYPES

GROUP = "Buurtpreventie Vogelwijk"


def msg(
    at: str,
    author: str,
    text: str = "",
    *labels: str,
    violations: tuple[str, ...] = (),
    group: str = GROUP,
    kind: str = "message",
) -> dict[str, Any]:
    """One member message with its hand-given labels."""
    return {
        "timestamp": at,
        "author": author,
        "text": text,
        "kind": kind,
        "labels": labels,
        "violations": violations,
        "group": group,
    }


def system(
    at: str, event: str, member: str | None = None, author: str | None = None, group: str = GROUP
) -> dict[str, Any]:
    """One system line (join, leave, ...)."""
    return {
        "timestamp": at,
        "author": author,
        "text": "",
        "kind": "system",
        "event": event,
        "member": member,
        "group": group,
    }


def tagged_chat(records: list[dict[str, Any]]) -> pd.DataFrame:
    """A chat in the parser's schema plus the tagger's columns, from records in file order."""
    rows = []
    for line, record in enumerate(records, start=1):
        labels = set(record.get("labels", ()))
        rows.append(
            {
                "timestamp": pd.Timestamp(record["timestamp"]),
                "author": record.get("author"),
                "text": record.get("text", ""),
                "kind": record.get("kind", "message"),
                "event": record.get("event"),
                "member": record.get("member"),
                "media_type": None,
                "edited": False,
                "line": line,
                "group": record.get("group", GROUP),
                **{label: label in labels for label in LABELS},
                "violations": tuple(record.get("violations", ())),
                "reasons": tuple(f"{label}: test" for label in sorted(labels)),
            }
        )
    frame = pd.DataFrame(rows, columns=[*COLUMNS, *LABELS, "violations", "reasons"])
    for name in COLUMNS:
        frame[name] = frame[name].astype(DTYPES[name])
    if any("signal_score" in record for record in records):  # the model's reading, where a test gives one
        frame["signal_score"] = [float(record.get("signal_score", 0.0)) for record in records]
    return frame


def keyword_type(texts: list[str], profile: Profile | None = None) -> str:
    """A tiny stand-in classifier so these tests only depend on the incident logic."""
    joined = " ".join(texts).lower()
    if "auto" in joined or "busje" in joined:
        return "verdacht voertuig"
    if "inbr" in joined or "deur" in joined:
        return "inbraak"
    if "man" in joined:
        return "verdacht persoon"
    return "overig"


def run(records: list[dict[str, Any]], profile: Profile | Mapping[str, Profile] | None = None) -> Analysis:
    chat = tagged_chat(records)
    groups = sorted(set(chat["group"]))
    if profile is None or isinstance(profile, Profile):
        profiles = {g: profile or Profile() for g in groups}
    else:
        profiles = {g: profile.get(g, Profile()) for g in groups}
    return analyse_tagged(chat, profiles, keyword_type, load_incident_rules())


def incident_of(result: Analysis) -> list[str | None]:
    return [None if pd.isna(v) else v for v in result.messages["incident"]]


def test_closure_ends_incident_and_later_chat_is_outside() -> None:
    result = run(
        [
            msg("2024-01-05 21:14", "Fatima", "Verdachte man bij de achterdeur van nr 12", "signal"),
            msg("2024-01-05 21:16", "Karin", "Ik ga kijken", "reaction"),
            msg("2024-01-05 21:20", "Karin", "Loos alarm, was de nieuwe buurman", "closure"),
            msg("2024-01-05 21:50", "Piet", "Wie heeft er een ladder te leen?", violations=("offtopic",)),
        ]
    )
    ids = incident_of(result)
    assert ids == [f"{GROUP}#2024-01-05#1"] * 3 + [None]
    row = result.incidents.iloc[0]
    assert row["closed_at"] == pd.Timestamp("2024-01-05 21:20")
    assert row["minutes_to_closure"] == 6
    assert row["outcome"] == "Loos alarm, was de nieuwe buurman"
    assert row["messages"] == 3
    assert row["end"] == pd.Timestamp("2024-01-05 21:20")


def test_short_replies_right_after_closure_belong_to_the_incident() -> None:
    result = run(
        [
            msg("2024-01-05 21:14", "Fatima", "Verdachte man bij de achterdeur", "signal"),
            msg("2024-01-05 21:20", "Karin", "Loos alarm", "closure"),
            msg("2024-01-05 21:22", "Piet", "Gelukkig!"),
            msg(
                "2024-01-05 21:25",
                "Joke",
                "Voor de volgende keer: bel eerst 112 en zet het dan in de groep, "
                "dan hoeft niet iedereen te bellen. Verder goed gereageerd allemaal, dank jullie wel! " * 2,
            ),
            msg("2024-01-05 21:45", "Piet", "Nog iets anders"),
        ]
    )
    assert incident_of(result) == [f"{GROUP}#2024-01-05#1"] * 3 + [None, None]
    assert (
        incident_of(
            run(
                [
                    msg("2024-01-05 21:14", "Fatima", "Verdachte man bij de achterdeur", "signal"),
                    msg("2024-01-05 21:20", "Karin", "Loos alarm", "closure"),
                    msg("2024-01-05 21:45", "Piet", "Gelukkig!"),
                ]
            )
        )[2]
        is None
    ), "25 minutes later is not right after the closure"


def test_quiet_gap_ends_incident() -> None:
    records = [
        msg("2024-01-05 21:00", "Fatima", "Verdachte man bij nr 12", "signal"),
        msg("2024-01-05 21:30", "Karin", "Hij loopt richting het park", "update"),
        msg("2024-01-05 22:45", "Karin", "Zag hem weer", "update"),
    ]
    result = run(records)
    assert incident_of(result) == [f"{GROUP}#2024-01-05#1"] * 2 + [None]
    assert not result.messages["update"].iloc[2], "an update outside an incident is not a label"
    assert "Aanvulling: buiten een incident, label vervalt" in result.messages["reasons"].iloc[2]
    assert pd.isna(result.incidents["closed_at"].iloc[0])
    assert result.incidents["end"].iloc[0] == pd.Timestamp("2024-01-05 21:30")


def test_profile_quiet_gap_changes_boundaries() -> None:
    records = [
        msg("2024-01-05 21:00", "Fatima", "Verdachte man bij nr 12", "signal"),
        msg("2024-01-05 21:30", "Karin", "Hij loopt richting het park", "update"),
        msg("2024-01-05 22:45", "Karin", "Zag hem weer", "update"),
    ]
    result = run(records, Profile(quiet_gap_minutes=90))
    assert incident_of(result) == [f"{GROUP}#2024-01-05#1"] * 3
    short = run(records, Profile(quiet_gap_minutes=20))
    assert incident_of(short) == [f"{GROUP}#2024-01-05#1", None, None]


def test_second_report_of_same_situation_becomes_update() -> None:
    result = run(
        [
            msg("2024-01-05 21:00", "Fatima", "Verdachte man in de Merelstraat", "signal"),
            msg("2024-01-05 21:05", "Karin", "Ik zie een verdachte man bij de Merelstraat 4", "signal"),
        ]
    )
    assert len(result.incidents) == 1
    second = result.messages.iloc[1]
    assert not second["signal"] and second["update"]
    assert second["saar_step"] == "appen"
    assert "Aanvulling: nieuwe melding tijdens open incident" in second["reasons"]


def test_two_situations_at_once_are_kept_apart() -> None:
    """A regiegroep relays two babbeltrucs at once: follow-ups go to the one they are about."""
    result = run(
        [
            msg(
                "2026-07-09 14:23",
                "Henk",
                "BABBELTRUC nu in de Merelstraat 23, man zegt dat hij de meter komt opnemen",
                "signal",
            ),
            msg(
                "2026-07-09 14:29",
                "Yusuf",
                "Hier ook!! Molenweg, man die de meterstanden komt opnemen",
                "signal",
            ),
            msg("2026-07-09 14:30", "Henk", "Bij ons stapte hij in een witte caddy", "update"),
            msg("2026-07-09 14:31", "Ahmed", "Doorgezet naar de Rivierenbuurt"),
            msg("2026-07-09 14:36", "Yusuf", "Ze rijden weg richting het Wiekenplein", "update"),
            msg("2026-07-09 14:52", "Yusuf", "Molenkwartier afgesloten, niks meer gezien", "closure"),
            msg("2026-07-09 15:01", "Henk", "Vogelwijk ook afgesloten, hij is weg", "closure"),
            msg("2026-07-09 15:03", "Saskia", "Goed gedaan"),
        ]
    )
    first, second = f"{GROUP}#2026-07-09#1", f"{GROUP}#2026-07-09#2"
    assert incident_of(result) == [first, second, first, second, second, second, first, first]
    assert result.messages["signal"].tolist()[:2] == [True, True]
    assert "Signaleren: nieuw incident, 'hier ook' op een andere plek" in result.messages["reasons"].iloc[1]
    closed = result.incidents.set_index("incident")["closed_at"]
    assert closed[first] == pd.Timestamp("2026-07-09 15:01") and closed[second] == pd.Timestamp(
        "2026-07-09 14:52"
    )


def test_incident_gets_the_conversation_back_when_the_other_situation_closes() -> None:
    result = run(
        [
            msg("2024-01-05 20:00", "Fatima", "Verdachte man bij de Merelstraat", "signal"),
            msg("2024-01-05 20:05", "Bert", "Hier ook! Busje op de Dorpsweg", "signal"),
            msg("2024-01-05 20:08", "Bert", "Busje is weg, loos alarm", "closure"),
            msg("2024-01-05 20:30", "Fatima", "Hij loopt nu richting de Merelstraat", "update"),
            msg("2024-01-05 20:35", "Piet", "Wat eng"),
        ]
    )
    first, second = f"{GROUP}#2024-01-05#1", f"{GROUP}#2024-01-05#2"
    assert incident_of(result) == [first, second, second, first, first]


def test_different_situation_starts_new_incident() -> None:
    result = run(
        [
            msg("2024-01-05 21:00", "Fatima", "Verdachte man in de Merelstraat", "signal"),
            msg("2024-01-05 21:05", "Karin", "Busje met draaiende motor op de Dorpsweg", "signal"),
            msg("2024-01-05 21:07", "Karin", "Kenteken 12-ABC-3", "update"),
        ]
    )
    assert incident_of(result) == [f"{GROUP}#2024-01-05#1", f"{GROUP}#2024-01-05#2", f"{GROUP}#2024-01-05#2"]
    assert list(result.incidents["type"]) == ["verdacht persoon", "verdacht voertuig"]


def test_signal_long_after_start_starts_new_incident() -> None:
    records = [msg("2024-01-05 20:00", "Fatima", "Verdachte man bij nr 12", "signal")]
    records += [
        msg(f"2024-01-05 {20 + m // 60}:{m % 60:02d}", "Karin", "nog steeds daar", "update")
        for m in range(30, 200, 30)
    ]
    records.append(msg("2024-01-05 23:30", "Piet", "Verdachte man bij nr 12", "signal"))
    result = run(records)
    assert len(result.incidents) == 2


def test_time_to_112_zero_when_the_report_says_so() -> None:
    result = run(
        [
            msg("2024-01-05 21:14", "Fatima", "Verdachte man bij de deur. 112 is gebeld", "signal", "alarm"),
            msg("2024-01-05 21:20", "Karin", "Politie is er", "update"),
        ]
    )
    row = result.incidents.iloc[0]
    assert row["minutes_to_112"] == 0
    assert bool(row["saar_order"])
    assert row["alarm_messages"] == 1 and row["callers"] == 1
    assert result.messages["saar_step"].iloc[0] == "signaleren"


def test_time_to_112_missing_when_never_called() -> None:
    result = run(
        [
            msg("2024-01-05 21:14", "Fatima", "Verdachte man bij de deur", "signal"),
            msg("2024-01-05 21:20", "Karin", "Ik ga kijken", "reaction"),
        ]
    )
    row = result.incidents.iloc[0]
    assert pd.isna(row["minutes_to_112"]) and pd.isna(row["first_alarm_at"])
    assert not row["saar_order"]
    assert row["alarm_messages"] == 0
    assert row["minutes_to_reaction"] == 6 and row["reactors"] == 1


def test_late_112_is_not_saar_order_and_counts_callers() -> None:
    result = run(
        [
            msg("2024-01-05 21:00", "Fatima", "Verdachte man bij de deur", "signal"),
            msg("2024-01-05 21:10", "Karin", "112 gebeld", "alarm"),
            msg("2024-01-05 21:11", "Piet", "Ik heb ook 112 gebeld", "alarm"),
            msg("2024-01-05 21:12", "Karin", "Politie komt eraan, heb nog eens gebeld", "alarm"),
            msg("2024-01-05 21:13", "Piet", "Sta buiten", "reaction"),
            msg("2024-01-05 21:14", "Joke", "Ik kijk uit het raam", "reaction"),
        ]
    )
    row = result.incidents.iloc[0]
    assert row["minutes_to_112"] == 10
    assert not row["saar_order"]
    assert row["alarm_messages"] == 3 and row["callers"] == 2
    assert row["reactors"] == 2


def test_reporters_own_112_right_after_the_report_is_saar_order() -> None:
    result = run(
        [
            msg("2024-01-05 21:00", "Fatima", "Verdachte man bij de deur", "signal"),
            msg("2024-01-05 21:01", "Fatima", "112 gebeld", "alarm"),
        ]
    )
    assert bool(result.incidents["saar_order"].iloc[0])
    assert result.incidents["minutes_to_112"].iloc[0] == 1


def test_112_just_before_the_report_joins_the_incident() -> None:
    result = run(
        [
            msg("2024-01-05 20:30", "Piet", "Mooie avond", violations=("offtopic",)),
            msg("2024-01-05 20:59", "Fatima", "Ik bel nu 112", "alarm"),
            msg("2024-01-05 21:00", "Fatima", "Man klimt over de schutting bij nr 3", "signal"),
        ]
    )
    assert incident_of(result) == [None, f"{GROUP}#2024-01-05#1", f"{GROUP}#2024-01-05#1"]
    row = result.incidents.iloc[0]
    assert row["start"] == pd.Timestamp("2024-01-05 21:00")
    assert row["minutes_to_112"] == 0 and bool(row["saar_order"])
    assert row["first_alarm_at"] == pd.Timestamp("2024-01-05 20:59")
    assert any(r.startswith("Alarmeren: 112-melding vlak voor") for r in result.messages["reasons"].iloc[1])


def test_a_lone_follow_up_outside_incidents_is_cleared_but_an_alarm_kept() -> None:
    """One reaction with nothing around it is no incident; a lone 112 confirmation keeps its label."""
    result = run(
        [
            msg("2024-01-05 10:00", "Karin", "Ik ga even kijken", "reaction"),
            msg("2024-01-05 12:30", "Karin", "Niks aan de hand", "closure"),
            msg("2024-01-05 15:00", "Piet", "Heb de politie ingelicht", "alarm"),
        ]
    )
    messages = result.messages
    assert not messages["reaction"].iloc[0] and not messages["closure"].iloc[1]
    assert messages["alarm"].iloc[2]


def test_follow_ups_without_a_report_open_an_incident_from_their_evidence() -> None:
    """A missed opening report must not lose the incident: a 112 confirmation or several follow-ups
    within minutes open it, at the earliest message (the first follow-up here), which becomes its signal."""
    result = run(
        [
            msg("2024-01-05 09:10", "Ans", "Goedemorgen allemaal", violations=("offtopic",)),
            msg("2024-01-05 10:00", "Karin", "Ik ga even kijken", "reaction"),
            msg("2024-01-05 10:01", "Karin", "Niks aan de hand", "closure"),
            msg("2024-01-05 10:02", "Piet", "Heb de politie ingelicht", "alarm"),
        ]
    )
    messages = result.messages
    assert incident_of(result) == [None, *[f"{GROUP}#2024-01-05#1"] * 3]
    assert list(messages["signal"]) == [False, True, False, False]
    assert messages["closure"].iloc[2] and messages["alarm"].iloc[3]
    assert any("ook zonder duidelijke melding" in reason for reason in messages["reasons"].iloc[1])
    (incident,) = result.incidents.itertuples()
    assert incident.minutes_to_112 == 2.0 and incident.minutes_to_closure == 1.0


def test_follow_ups_open_an_incident_only_when_something_reads_as_a_report() -> None:
    """Without a 112 confirmation, two follow-ups open an incident only when the model reads one of
    them, or a message shortly before, as a report; the earliest such message is the start."""
    records = [
        {
            **msg("2024-01-05 21:55", "Ans", "Wat is dat voor licht in de tuinen achter de Lindelaan?"),
            "signal_score": 0.7,
        },
        msg("2024-01-05 22:00", "Karin", "Ik sta buiten met de zaklamp", "reaction"),
        msg("2024-01-05 22:05", "Piet", "Hij loopt richting het park", "update"),
    ]
    read = run(records)
    assert incident_of(read) == [f"{GROUP}#2024-01-05#1"] * 3
    assert list(read.messages["signal"]) == [True, False, False]
    unread = run([{**record, "signal_score": 0.0} for record in records])
    assert incident_of(unread) == [None] * 3 and unread.incidents.empty
    one = run(
        [
            {
                **msg("2024-01-05 22:00", "Karin", "Ik sta buiten met de zaklamp", "reaction"),
                "signal_score": 0.9,
            }
        ]
    )
    assert incident_of(one) == [None] and one.incidents.empty


def test_violations_inside_an_incident_are_counted() -> None:
    result = run(
        [
            msg("2024-01-05 21:00", "Fatima", "Verdachte man bij de deur", "signal"),
            msg("2024-01-05 21:02", "Karin", "Pak hem!", violations=("vigilante", "language")),
            msg("2024-01-05 21:03", "Piet", "Bedankt", violations=("offtopic",)),
        ]
    )
    row = result.incidents.iloc[0]
    assert row["violations"] == 3
    assert row["violation_codes"] == ("offtopic", "language", "vigilante")  # in the order of VIOLATIONS


def test_groups_are_kept_apart() -> None:
    other = "Buurtpreventie Bloemenbuurt"
    result = run(
        [
            msg("2024-01-05 21:00", "Fatima", "Verdachte man bij de deur", "signal"),
            msg("2024-01-05 21:01", "Ans", "Ik ga kijken", "reaction", group=other),
            msg("2024-01-05 21:02", "Karin", "Ik ga kijken", "reaction"),
            msg("2024-01-05 21:03", "Bert", "Verdacht busje in de Rozenlaan", "signal", group=other),
        ]
    )
    # Ans went to look just before Bert's report in her own group: part of that incident, never of Fatima's
    assert incident_of(result) == [
        f"{GROUP}#2024-01-05#1",
        f"{other}#2024-01-05#1",
        f"{GROUP}#2024-01-05#1",
        f"{other}#2024-01-05#1",
    ]
    by_group = result.incidents.set_index("group")
    assert by_group.loc[GROUP, "reactors"] == 1 and by_group.loc[other, "reactors"] == 1


def test_profile_per_group_mapping() -> None:
    other = "Buurtpreventie Bloemenbuurt"
    records = []
    for group in (GROUP, other):
        records += [
            msg("2024-01-05 21:00", "Fatima", "Verdachte man bij nr 12", "signal", group=group),
            msg("2024-01-05 21:40", "Karin", "Hij loopt richting het park", "update", group=group),
        ]
    result = run(records, {other: Profile(quiet_gap_minutes=30)})
    by_group = result.incidents.set_index("group")
    assert by_group.loc[GROUP, "messages"] == 2 and by_group.loc[other, "messages"] == 1


def test_unsorted_export_keeps_row_order_and_index() -> None:
    records = [
        msg("2024-01-05 21:05", "Karin", "Ik ga kijken", "reaction"),
        msg("2024-01-05 21:00", "Fatima", "Verdachte man bij de deur", "signal"),
    ]
    result = run(records)
    assert list(result.messages["text"]) == ["Ik ga kijken", "Verdachte man bij de deur"]
    assert incident_of(result) == [f"{GROUP}#2024-01-05#1"] * 2
    assert result.incidents["minutes_to_reaction"].iloc[0] == 5


@pytest.mark.parametrize("gap", [5, 60])
def test_system_lines_are_never_part_of_an_incident(gap: int) -> None:
    result = run(
        [
            msg("2024-01-05 21:00", "Fatima", "Verdachte man bij de deur", "signal"),
            system("2024-01-05 21:01", "joined", "Henk"),
            msg("2024-01-05 21:02", "Karin", "Ik ga kijken", "reaction"),
        ],
        Profile(quiet_gap_minutes=gap),
    )
    assert incident_of(result)[1] is None
    assert result.incidents["messages"].iloc[0] == 2


SAMPLES = Path(__file__).resolve().parents[2] / "sample_exports"
SOURCES = sorted([*(SAMPLES / "source").glob("*.yaml"), *(SAMPLES / "heldout").glob("*.yaml")])


def hand_labelled(path: Path) -> tuple[list[dict[str, Any]], list[str | None]]:
    """The records of a sample source with their hand-written labels, and the hand incident ids."""
    source = yaml.safe_load(path.read_text(encoding="utf-8"))
    records, incidents = [], []
    for record in source["records"]:
        at = str(record["at"])
        if "system" in record:
            records.append(
                system(at, record["system"], record.get("member"), record.get("actor"), group=source["group"])
            )
            incidents.append(None)
            continue
        kind = next((k for k in ("media", "deleted", "poll", "location") if k in record), "message")
        records.append(
            msg(
                at,
                record["author"],
                str(record.get("text") or ""),
                *record.get("labels", ()),
                violations=tuple(record.get("violations", ())),
                group=source["group"],
                kind=kind,
            )
        )
        incidents.append(record.get("incident"))
    return records, incidents


@pytest.mark.parametrize("path", SOURCES, ids=[p.stem for p in SOURCES])
def test_cut_reproduces_the_hand_labelled_incidents(path: Path) -> None:
    """With the hand labels as input, every message lands in the incident the labeller gave it."""
    records, hand = hand_labelled(path)
    mine = incident_of(run(records))
    assert [h is None for h in hand] == [m is None for m in mine]
    pairs = {(h, m) for h, m in zip(hand, mine, strict=True) if h is not None}
    assert len({h for h, _ in pairs}) == len({m for _, m in pairs}) == len(pairs)


label_sets = st.sets(st.sampled_from(LABELS), max_size=2)
random_message = st.tuples(
    st.integers(min_value=0, max_value=90),  # minutes after the previous message
    st.sampled_from([GROUP, "Buurtpreventie Bloemenbuurt"]),
    st.sampled_from(["Fatima", "Karin", "Piet"]),
    label_sets,
    st.sampled_from(["Verdachte man bij de Merelstraat", "Busje op de Dorpsweg", "ok", "Wat eng"]),
)


@settings(max_examples=40, deadline=None)
@given(st.lists(random_message, max_size=40))
def test_cut_invariants_on_random_chats(draws: list[tuple[int, str, str, set[str], str]]) -> None:
    """Whatever the labels: one signal per incident, follow-ups only inside, tables add up."""
    clock = pd.Timestamp("2024-01-31 20:00")
    records = []
    for minutes, group, author, labels, text in draws:
        clock += pd.Timedelta(minutes=minutes)
        records.append(msg(str(clock), author, text, *sorted(labels), group=group))
    result = run(records)
    messages, incidents = result.messages, result.incidents
    inside = messages["incident"].notna().to_numpy(bool)
    for name in ("update", "reaction", "closure"):
        assert not (messages[name].to_numpy(bool) & ~inside).any()
    assert (messages["signal"].to_numpy(bool) <= inside).all()
    openers = messages[messages["signal"].to_numpy(bool)]
    assert sorted(openers["incident"]) == sorted(incidents["incident"])
    assert incidents["messages"].sum() == inside.sum()
    for column in ("minutes_to_112", "minutes_to_reaction", "minutes_to_closure"):
        assert (incidents[column].dropna() >= 0).all()
    starts = incidents.set_index("incident")["start"]
    earliest = starts.reindex(messages.loc[inside, "incident"]).to_numpy() - pd.Timedelta(minutes=10)
    assert (messages.loc[inside, "timestamp"].to_numpy() >= earliest).all(), "nothing long before the report"
    assert result.months["messages"].sum() == len(messages)
    assert result.months["incidents"].sum() == len(incidents)
    steps = messages["saar_step"].fillna("")
    assert ((steps == "signaleren") == messages["signal"]).all()


# --- Off-topic in context: replies in side-issue threads and photos without a caption ---------------


def with_topics(records: list[dict[str, Any]], topics: dict[int, str]) -> pd.DataFrame:
    """``tagged_chat`` plus the tagger's ``topic`` column (record number -> topic)."""
    chat = tagged_chat(records)
    chat["topic"] = pd.Categorical([topics.get(i) for i in range(len(records))], categories=list(TOPICS))
    return chat


def run_with_topics(records: list[dict[str, Any]], topics: dict[int, str]) -> Analysis:
    chat = with_topics(records, topics)
    return analyse_tagged(chat, {GROUP: Profile()}, keyword_type, load_incident_rules())


def offtopic_flags(result: Analysis) -> list[bool]:
    return ["offtopic" in (v or ()) for v in result.messages["violations"]]


LOST_CAT = [
    msg(
        "2026-08-14 14:02",
        "Gerda",
        "Onze poes Minoes is weg, wie heeft haar gezien?",
        violations=("offtopic",),
    ),
    msg("2026-08-14 14:10", "Ton", "Ach wat sneu, ik kijk even in mijn schuur"),
    msg("2026-08-14 14:31", "Willemijn", "Waar precies???"),  # 21 minutes after the previous one
    msg("2026-08-14 14:50", "Henk", "Sterkte Gerda, maar vermiste huisdieren graag niet in deze groep"),
    msg("2026-08-14 15:10", "Ria", "Ik heb haar niet gezien"),  # 20 minutes after the coordinator
    msg("2026-08-14 18:44", "Gerda", "Minoes is terug!!! Zat opgesloten in de garage"),  # opener comes back
    msg("2026-08-14 18:45", "Ria", "Gelukkig!!"),
    msg("2026-08-14 21:00", "Kees", "Hoe laat is de vergadering morgen?"),  # long after: a new conversation
]


def test_replies_in_a_side_issue_thread_are_offtopic() -> None:
    result = run_with_topics(LOST_CAT, {0: "side", 3: "business"})
    assert offtopic_flags(result) == [True, True, True, False, True, True, True, False]
    reasons = result.messages["reasons"]
    assert any("reactie op een zijzaak van 14-08 14:02" in r for r in reasons.iloc[1])
    assert any("komt terug op de eigen zijzaak van 14-08 14:02" in r for r in reasons.iloc[5])
    assert result.messages["violations"].iloc[3] == ()  # the coordinator's reminder is group business


def test_a_gap_or_another_writer_after_the_gap_ends_the_thread() -> None:
    records = [*LOST_CAT[:2], msg("2026-08-14 14:50", "Ria", "Ik heb haar niet gezien")]  # 40 min later
    assert offtopic_flags(run_with_topics(records, {0: "side"})) == [True, True, False]
    records = [*LOST_CAT[:2], msg("2026-08-14 18:44", "Ria", "Nog steeds niks gezien")]  # not the opener
    assert offtopic_flags(run_with_topics(records, {0: "side"})) == [True, True, False]


def test_thanks_do_not_open_a_thread_and_reports_end_one() -> None:
    records = [
        msg("2026-08-14 14:02", "Gerda", "Dank je wel!", violations=("offtopic",)),
        msg("2026-08-14 14:05", "Ton", "Hoe werkt dat als mijn telefoon geen internet heeft?"),
    ]
    assert offtopic_flags(run_with_topics(records, {})) == [True, False]  # no "side" topic: no thread
    records = [
        LOST_CAT[0],
        msg("2026-08-14 14:04", "Piet", "Verdachte man bij de garages", "signal"),
        msg("2026-08-14 14:06", "Ton", "waar precies?"),
        msg("2026-08-14 16:06", "Ria", "Vannacht ingebroken bij nr 4", violations=("not_acute",)),
        msg("2026-08-14 16:08", "Kees", "niks gehoord hier"),
    ]
    flags = offtopic_flags(run_with_topics(records, {0: "side"}))
    assert flags == [True, False, False, False, False]


def test_a_photo_without_caption_is_offtopic_outside_an_incident_only() -> None:
    records = [
        msg("2026-08-29 21:40", "Marloes", "", "update", kind="media"),  # party photo, no incident
        msg("2026-09-03 22:40", "Marco", "", "update", kind="media"),  # the writer reports right after
        msg("2026-09-03 22:41", "Marco", "Man loopt aan deurklinken te voelen", "signal"),
        msg("2026-09-03 22:42", "Irene", "", "update", kind="media"),  # evidence inside the incident
    ]
    result = run_with_topics(records, {0: "bare_media", 1: "bare_media", 3: "bare_media"})
    assert offtopic_flags(result) == [True, False, False, False]
    # the photo the writer sends just before the report is part of it (evidence), like an early "112 gebeld"
    assert list(result.messages["update"]) == [False, True, False, True]
    assert any(
        r.startswith("Off-topic: foto of video zonder tekst") for r in result.messages["reasons"].iloc[0]
    )


def test_hand_labelled_chats_without_the_taggers_topic_are_left_alone() -> None:
    result = run(LOST_CAT)
    assert offtopic_flags(result) == [True] + [False] * 7


def test_thread_rule_end_to_end_with_the_tagger() -> None:
    from analysis import analyse

    chat = tagged_chat(
        [
            msg(
                "2026-08-14 14:02",
                "Gerda",
                "Onze kat Minoes is sinds gisteravond weg, wie heeft haar gezien?",
            ),
            msg("2026-08-14 14:10", "Ton", "Ach wat sneu, ik kijk even in mijn schuur"),
            msg("2026-08-14 14:12", "Lotte", "Hoe ziet ze eruit?"),
        ]
    )[list(COLUMNS)]
    result = analyse(chat)
    assert offtopic_flags(result) == [True, True, True]
    assert not result.messages["reaction"].any()
    relaxed = analyse(
        chat, Profile(rules=("not_acute", "general_notice", "language", "vigilante", "driving"))
    )
    assert not any(offtopic_flags(relaxed))
