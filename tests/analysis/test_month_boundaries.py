"""Month boundaries: a record counts in the local month it was written in, in summer and in winter time.

Export timestamps are the phone's local clock, parsed as naive times. Counting months in UTC would move
everything written in the first hour or two of a month (Dutch summer time is UTC+2, winter time UTC+1) into
the month before; a property test caught that in about half its runs. Here the same small chat is written
twice: around midnight of 31 March / 1 April 2026 (summer time) and of 30 November / 1 December 2026 (winter
time). It has records at 23:10-23:55 on the last day and at 00:01-00:58 on the first day, chosen so that
every monthly figure depends on them, and the expected figures are counted by hand (below, from
docs/metrics.md). ``test_a_month_counted_in_utc_fails_here`` shifts the chat the way a UTC bug would and
checks that every figure then comes out wrong, so the fixture keeps its power when someone edits it.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path

import pandas as pd
import pytest

import analysis
import parsers
from analysis.model import MONTH_COLUMNS

ROOT = Path(__file__).resolve().parents[2]
GROUP = "Buurtpreventie Grensweg"
NAME = f"WhatsApp-chat met {GROUP}.txt"

#: {A} is the last day of the month before, {B} the first day of the month.
EXPORT = """\
{A} 20:00 - \u200eU hebt deze groep aangemaakt
{A} 20:01 - U hebt Anna de Wit toegevoegd
{A} 20:01 - U hebt Bram Kok toegevoegd
{A} 20:01 - U hebt Carla Smit toegevoegd
{A} 20:01 - U hebt Dirk Vos toegevoegd
{A} 20:01 - U hebt Frank Bos toegevoegd
{A} 20:30 - Dirk Vos: Verdacht busje in de Berkenlaan, man loopt met een koevoet rond
{A} 20:35 - Bram Kok: 112 gebeld
{A} 20:45 - Dirk Vos: Loos alarm, was de nieuwe buurman
{A} 23:10 - Anna de Wit: Verdachte man bij de school in de Lindelaan, voelt aan de fietsen
{A} 23:11 - Anna de Wit: 112 gebeld
{A} 23:14 - Bram Kok: Ik ga kijken
{A} 23:22 - Anna de Wit: Politie is er geweest, afgehandeld
{A} 23:24 - Bram Kok: Bedankt allemaal!
{A} 23:55 - \u200eEva Mol is deelnemer geworden via de uitnodigingslink van deze groep
{A} 23:55 - Dirk Vos: Vanavond is er bij nr 4 in de Populierstraat ingebroken, de schuur is opengebroken
{B} 00:01 - \u200eDirk Vos heeft de groep verlaten
{B} 00:02 - Frank Bos: Vannacht is er bij nr 9 in de Populierstraat ingebroken, de fietsen zijn weg
{B} 00:05 - Carla Smit: Inbraak bezig! Twee mannen bij de achterdeur van nr 14 in de Eikenlaan
{B} 00:07 - Eva Mol: 112 gebeld
{B} 00:08 - Eva Mol: Ik ga kijken
{B} 00:09 - Frank Bos: Ik heb ook 112 gebeld
{B} 00:11 - Frank Bos: Pak ze, die kutjongens
{B} 00:12 - Frank Bos: typ dit vanuit de auto
{B} 00:14 - Carla Smit: Politie heeft ze aangehouden
{B} 00:15 - Eva Mol: 👍
{B} 00:20 - \u200eGijs Lam is deelnemer geworden via de uitnodigingslink van deze groep
{B} 00:30 - U hebt Bram Kok verwijderd
{B} 00:47 - Carla Smit: LET OP: nepagenten actief in de regio, DELEN!!
{B} 00:50 - Anna de Wit: Man in de speeltuin aan de Kastanjelaan schijnt met een zaklamp in de tuinen
{B} 00:52 - Anna de Wit: Ik ga naar buiten om te kijken
{B} 00:58 - Anna de Wit: Hij is weg, niks meer gezien
{B} 10:00 - Carla Smit: Verdachte auto met draaiende motor in de Beukenlaan, twee mannen kijken naar huizen
{B} 10:01 - Carla Smit: 112 gebeld
{B} 10:12 - Frank Bos: Ik ga even kijken bij de Beukenlaan
{B} 10:40 - Carla Smit: Politie heeft ze staande gehouden. Afgesloten
"""

# Intended labels (docs/labelling-guide.md): A0 = 20:30 report, 20:35 112 by Bram (not the reporter),
# 20:45 closure. A1 = 23:10 report, 23:11 112 by the reporter, 23:14 reaction, 23:22 closure, 23:24 thanks
# (offtopic). 23:55 a past burglary (not_acute). 00:02 a past burglary (not_acute). B1 = 00:05 report,
# 00:07 112 (Eva), 00:08 reaction (Eva), 00:09 112 (Frank: a second caller), 00:11 "pak ze" + "kutjongens"
# (vigilante, language), 00:12 typing in the car (driving), 00:14 closure, 00:15 thumbs-up (offtopic).
# 00:47 a forwarded warning (general_notice). B1' = 00:50 report, 00:52 reaction, 00:58 closure (no 112).
# B2 = 10:00 report, 10:01 112 by the reporter, 10:12 reaction, 10:40 closure.
# Membership: U made the group and added Anna, Bram, Carla, Dirk, Frank (A 20:01); Eva joined A 23:55;
# Dirk left B 00:01; Gijs joined B 00:20; U removed Bram B 00:30. "You" (U) is a member and never writes.
# p90 = linear interpolation between ranks: x at rank 1 + 0.9 * (n - 1) of the sorted values.
BEFORE: dict[str, object] = {
    # 20:30 D, 20:35 B, 20:45 D, 23:10 A, 23:11 A, 23:14 B, 23:22 A, 23:24 B, 23:55 D
    "messages": 9,
    "incidents": 2,  # A0 20:30, A1 23:10
    "alarm_rate": "2/2",  # A0 (20:35), A1 (23:11)
    "median_minutes_to_112": 3,  # A0 5, A1 1
    "p90_minutes_to_112": 4.6,  # 1 + 0.9 * 4
    "median_minutes_to_reaction": 4,  # A1 23:10 -> 23:14 (A0 none)
    "p90_minutes_to_reaction": 4,
    "median_minutes_to_closure": 13.5,  # A0 15, A1 12
    "p90_minutes_to_closure": 14.7,  # 12 + 0.9 * 3
    "saar_order_rate": "1/2",  # A1 (the reporter, 1 minute after); A0 by Bram
    "multi_caller_incidents": 0,
    "no_alarm_incidents": 0,
    "violations": 2,  # 23:24 thanks, 23:55 past burglary
    "violations_per_100": "200/9",
    "violations_offtopic": 1,
    "violations_not_acute": 1,
    "violations_general_notice": 0,
    "violations_language": 0,
    "violations_vigilante": 0,
    "violations_driving": 0,
    "offtopic_share": "1/9",
    "members_end": 7,  # U, Anna, Bram, Carla, Dirk, Frank, Eva (joined 23:55)
    "joins": 6,  # five adds at 20:01, Eva at 23:55
    "leaves": 0,
    "removals": 0,
    "active_members": 3,  # Dirk, Bram, Anna
    "silent_members": 4,  # U, Carla, Frank, Eva
    "top_writers_share": "3/9",  # 3 writers -> the busiest 1; Dirk, Bram and Anna wrote 3 each
}
AFTER: dict[str, object] = {
    # 00:02 F; B1 00:05 C, 00:07 E, 00:08 E, 00:09 F, 00:11 F, 00:12 F, 00:14 C, 00:15 E; 00:47 C;
    # B1' 00:50, 00:52, 00:58 A; B2 10:00 C, 10:01 C, 10:12 F, 10:40 C
    "messages": 17,
    "incidents": 3,  # B1 00:05, B1' 00:50, B2 10:00
    "alarm_rate": "2/3",  # B1 (00:07), B2 (10:01); B1' never
    "median_minutes_to_112": 1.5,  # B1 2, B2 1
    "p90_minutes_to_112": 1.9,  # 1 + 0.9 * 1
    "median_minutes_to_reaction": 3,  # B1 3 (00:08), B1' 2 (00:52), B2 12 (10:12)
    "p90_minutes_to_reaction": 10.2,  # sorted 2, 3, 12: 3 + 0.8 * 9
    "median_minutes_to_closure": 9,  # B1 9 (00:14), B1' 8 (00:58), B2 40 (10:40)
    "p90_minutes_to_closure": 33.8,  # sorted 8, 9, 40: 9 + 0.8 * 31
    "saar_order_rate": "1/3",  # B2 (the reporter, 1 minute after); B1 by Eva; B1' none
    "multi_caller_incidents": 1,  # B1: Eva and Frank
    "no_alarm_incidents": 1,  # B1'
    # 00:02 not_acute, 00:11 language + vigilante, 00:12 driving, 00:15 offtopic, 00:47 general_notice
    "violations": 6,
    "violations_per_100": "600/17",
    "violations_offtopic": 1,
    "violations_not_acute": 1,
    "violations_general_notice": 1,
    "violations_language": 1,
    "violations_vigilante": 1,
    "violations_driving": 1,
    "offtopic_share": "1/17",
    "members_end": 6,  # 7 - Dirk (left 00:01) - Bram (removed 00:30) + Gijs (joined 00:20)
    "joins": 1,  # Gijs
    "leaves": 1,  # Dirk
    "removals": 1,  # Bram
    "active_members": 4,  # Frank, Carla, Eva, Anna
    "silent_members": 2,  # U, Gijs
    "top_writers_share": "6/17",  # 4 writers -> the busiest 1: Carla 6 (Frank 5, Eva 3, Anna 3)
}
#: Incident starts (local clock) and the ids made from them: the day is the local day.
STARTS = {"A": ("20:30", "23:10"), "B": ("00:05", "00:50", "10:00")}

#: (last day of the month before, first day of the month, hours local time is ahead of UTC on both days)
CASES = [
    pytest.param(dt.date(2026, 3, 31), dt.date(2026, 4, 1), 2, id="summer-time-april"),
    pytest.param(dt.date(2026, 11, 30), dt.date(2026, 12, 1), 1, id="winter-time-december"),
]


def export(last: dt.date, first: dt.date) -> bytes:
    return (
        EXPORT.replace("{A}", last.strftime("%d-%m-%Y")).replace("{B}", first.strftime("%d-%m-%Y")).encode()
    )


def _value(raw: object) -> float:
    return float(Fraction(raw)) if isinstance(raw, str) else float(raw)  # type: ignore[arg-type]


def _row(result: analysis.Analysis, month: dt.date) -> pd.Series:
    rows = result.months[
        (result.months["group"] == GROUP) & (result.months["month"] == month.strftime("%Y-%m"))
    ]
    assert len(rows) == 1, f"one row for {month:%Y-%m}: {result.months['month'].tolist()}"
    return rows.iloc[0]


def _differences(row: pd.Series, expected: dict[str, object]) -> dict[str, tuple[object, float]]:
    return {
        column: (row[column], _value(expected[column]))
        for column in MONTH_COLUMNS[2:]
        if not (
            pd.notna(row[column]) and math.isclose(float(row[column]), _value(expected[column]), abs_tol=1e-9)
        )
    }


def _analyse(
    last: dt.date, first: dt.date, shift: Callable[[pd.Series], pd.Series] | None = None
) -> analysis.Analysis:
    chat = parsers.read_chat(export(last, first), name=NAME)
    if shift is not None:
        chat = chat.copy()
        chat["timestamp"] = shift(chat["timestamp"])
    return analysis.analyse(chat)


def test_the_hand_counts_cover_every_monthly_figure() -> None:
    assert set(BEFORE) == set(AFTER) == set(MONTH_COLUMNS[2:])


@pytest.mark.parametrize(("last", "first", "offset"), CASES)
def test_parsed_times_are_the_local_clock(last: dt.date, first: dt.date, offset: int) -> None:
    """The frame holds naive times exactly as written: nothing converts them on the way in."""
    chat = parsers.read_chat(export(last, first), name=NAME)
    assert chat["timestamp"].dt.tz is None
    first_report = chat[chat["text"].astype("string").str.startswith("Inbraak bezig", na=False)]
    assert first_report["timestamp"].tolist() == [pd.Timestamp(f"{first:%Y-%m-%d} 00:05")]
    assert (chat["timestamp"].dt.date.isin([last, first])).all()


@pytest.mark.parametrize(("last", "first", "offset"), CASES)
def test_every_monthly_figure_counts_in_the_local_month(last: dt.date, first: dt.date, offset: int) -> None:
    result = _analyse(last, first)
    assert sorted(result.months["month"]) == [f"{last:%Y-%m}", f"{first:%Y-%m}"]
    for month, expected in ((last, BEFORE), (first, AFTER)):
        wrong = _differences(_row(result, month), expected)
        assert not wrong, f"{month:%Y-%m}: analyse vs hand count {wrong}"


@pytest.mark.parametrize(("last", "first", "offset"), CASES)
def test_incidents_start_on_the_local_day_and_hour(last: dt.date, first: dt.date, offset: int) -> None:
    result = _analyse(last, first)
    incidents = result.incidents.sort_values("start")
    expected = [pd.Timestamp(f"{last:%Y-%m-%d} {hm}") for hm in STARTS["A"]] + [
        pd.Timestamp(f"{first:%Y-%m-%d} {hm}") for hm in STARTS["B"]
    ]
    assert incidents["start"].tolist() == expected
    assert incidents["incident"].tolist() == [
        f"{GROUP}#{last:%Y-%m-%d}#1",
        f"{GROUP}#{last:%Y-%m-%d}#2",
        f"{GROUP}#{first:%Y-%m-%d}#1",
        f"{GROUP}#{first:%Y-%m-%d}#2",
        f"{GROUP}#{first:%Y-%m-%d}#3",
    ]
    hours = result.signal_hours[result.signal_hours["signals"] > 0]
    cells = {(int(r.weekday), int(r.hour)): int(r.signals) for r in hours.itertuples()}
    assert cells == {
        (last.weekday(), 20): 1,
        (last.weekday(), 23): 1,
        (first.weekday(), 0): 2,
        (first.weekday(), 10): 1,
    }
    members = result.members.set_index("member")
    assert members.loc["Dirk Vos", "left_at"] == pd.Timestamp(f"{first:%Y-%m-%d} 00:01")
    assert members.loc["Eva Mol", "joined_at"] == pd.Timestamp(f"{last:%Y-%m-%d} 23:55")


def _local_to_utc(times: pd.Series) -> pd.Series:
    """The bug of issue 15: the local clock read as Amsterdam time and counted in UTC."""
    return times.dt.tz_localize("Europe/Amsterdam").dt.tz_convert("UTC").dt.tz_localize(None)


def _utc_to_local(times: pd.Series) -> pd.Series:
    """The opposite mistake: the local clock taken for UTC and converted to Amsterdam time."""
    return times.dt.tz_localize("UTC").dt.tz_convert("Europe/Amsterdam").dt.tz_localize(None)


@pytest.mark.parametrize(("last", "first", "offset"), CASES)
def test_a_month_counted_in_utc_fails_here(last: dt.date, first: dt.date, offset: int) -> None:
    """Shifted like a UTC bug, every figure of both months differs from the hand count, so the test above
    would catch such a bug in any one figure. The one exception is a head count at the end of the later
    month: joins and leaves moved to the month before still happened before that month ended."""
    shifted = _analyse(last, first, _local_to_utc)
    moved = shifted.messages["timestamp"].min()
    assert moved == pd.Timestamp(f"{last:%Y-%m-%d} 20:00") - pd.Timedelta(hours=offset)  # sanity: shifted
    for month, expected, invariant in ((last, BEFORE, set()), (first, AFTER, {"members_end"})):
        wrong = _differences(_row(shifted, month), expected)
        unchanged = set(MONTH_COLUMNS[2:]) - set(wrong) - invariant
        assert not unchanged, f"{month:%Y-%m}: a UTC bug would go unnoticed in {sorted(unchanged)}"
    later = _analyse(last, first, _utc_to_local)
    for month, expected in ((last, BEFORE), (first, AFTER)):
        assert _differences(_row(later, month), expected), f"{month:%Y-%m}: the opposite shift goes unnoticed"


# ---------------------------------------------------------------- the dashboard's period filter


@pytest.mark.slow
@pytest.mark.parametrize(("last", "first", "offset"), CASES)
def test_the_dashboard_puts_each_record_in_its_local_month(
    last: dt.date, first: dt.date, offset: int
) -> None:
    """The pages select rows by period themselves (View): the same boundary holds there."""
    from streamlit.testing.v1 import AppTest

    from dashboard.display import measure_value
    from dashboard.texts import t
    from tests.scorecard_cells import cells_by_group

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    at.sidebar.file_uploader[0].set_value([(NAME, export(last, first), "text/plain")])
    at.run()
    for month, expected in ((last, BEFORE), (first, AFTER)):
        at.selectbox(key="month").set_value(month.strftime("%Y-%m")).run()
        at.switch_page("app_pages/overzicht.py").run()
        assert not at.exception, [e.value for e in at.exception]
        (shown,) = [{label: cell.value for label, cell in row.items()} for row in cells_by_group(at).values()]
        for measure in ("messages", "incidents", "active_members"):
            assert shown[t(f"measures.{measure}.label")] == measure_value(measure, expected[measure]), measure
        at.switch_page("app_pages/meldingen.py").run()
        starts = at.dataframe[0].value.iloc[:, 0].sort_values().tolist()
        part = "A" if month == last else "B"
        assert starts == [pd.Timestamp(f"{month:%Y-%m-%d} {hm}") for hm in STARTS[part]]
        at.switch_page("app_pages/spelregels.py").run()
        examples = at.dataframe[0].value  # the newest examples of off-topic: the month's own
        assert len(examples) == expected["violations_offtopic"]
