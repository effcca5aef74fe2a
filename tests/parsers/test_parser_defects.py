"""Regression tests for the parser defects of issue 10, each on a small synthetic export written here.

Silent loss first: a valid header must become a record, and a line that looks like a header but stays
text must be named in ``ParsedExport.notes`` with its line number.
"""

# ruff: noqa: E501  (chat lines are quoted verbatim, as WhatsApp writes them)

from __future__ import annotations

import re

import pandas as pd
import pytest

from parsers import read_export
from parsers.limits import MAX_NOTES_PER_KIND

NNBSP = "\u202f"
T = pd.Timestamp


def export_of(text: str):
    return read_export(text.encode("utf-8"))


def noted_lines(notes) -> set[int]:
    """Line numbers at the start of the notes ("regel 5: ...", "regels 5, 9 en 12: ...")."""
    found: set[int] = set()
    for note in notes:
        match = re.match(r"^regels? (\d+(?:(?:, | en )\d+)*)", note)
        if match:
            found.update(int(number) for number in re.findall(r"\d+", match[1]))
    return found


def kept_as_text_notes(notes) -> list[str]:
    return [note for note in notes if "als tekst van het vorige bericht bewaard" in note]


# 1. Valid headers with other field widths are records, not pasted text -------------------------


def test_unpadded_us_headers_of_another_width_are_records():
    text = (
        "[3/18/22, 14:56:01] Elon: een\n"
        "[3/19/22, 14:56:01] Bob: twee\n"
        "[1/7/23, 23:32:30] Elon: drie\n"
        "[3/20/23, 10:00:00] Bob: vier\n"
    )
    export = export_of(text)
    assert export.frame["text"].tolist() == ["een", "twee", "drie", "vier"]
    assert export.frame["timestamp"].tolist() == [
        T("2022-03-18 14:56:01"),
        T("2022-03-19 14:56:01"),
        T("2023-01-07 23:32:30"),
        T("2023-03-20 10:00:00"),
    ]
    assert not any("bestaat niet" in note for note in export.notes)


def test_a_few_shorter_headers_in_a_long_file_are_records():
    """The fixed-width fast path took the first header as the template and dropped the few shorter
    real headers as pasted text."""
    days = [T("2022-03-10") + pd.Timedelta(hours=i) for i in range(397)]  # 3/10/22 to 3/26/22
    days += [T("2022-04-01 10:00"), T("2022-04-02 11:00"), T("2022-04-03 12:00")]  # 4/1/22: shorter
    lines = [f"[{d.month}/{d.day}/{d:%y}, {d:%H:%M:%S}] Elon: bericht {i}" for i, d in enumerate(days)]
    export = export_of("\n".join(lines) + "\n")
    assert len(export.frame) == 400
    assert export.frame["timestamp"].tolist() == days
    assert not kept_as_text_notes(export.notes)


def test_a_pasted_older_message_stays_text_with_a_note():
    text = (
        "02-05-2022 16:08 - Alice: Kijk wat ik kreeg:\n"
        "2-5-2022 9:08 - Bob: nep bericht\n"
        "02-05-2022 16:09 - Carol: ok\n"
    )
    export = export_of(text)
    assert export.frame["text"].tolist() == ["Kijk wat ik kreeg:\n2-5-2022 9:08 - Bob: nep bericht", "ok"]
    assert [note for note in export.notes if note.startswith("regel 2:")] == kept_as_text_notes(export.notes)
    assert "geplakt of doorgestuurd" in export.notes[0]


def test_a_shorter_header_in_time_order_is_a_record_even_in_a_zero_padded_file():
    text = "02-05-2022 16:08 - Alice: een\n2-5-2022 16:10 - Bob: twee\n13-05-2022 09:00 - Carol: drie\n"
    export = export_of(text)
    assert export.frame["author"].tolist() == ["Alice", "Bob", "Carol"]
    assert export.frame["timestamp"].iloc[1] == T("2022-05-02 16:10")


def test_a_pasted_copy_of_the_message_before_stays_text():
    text = "02-05-2022 16:08 - Alice: Let op!\n2-5-2022 16:08 - Alice: Let op!\n02-05-2022 16:09 - Bob: ok\n"
    export = export_of(text)
    assert export.frame["author"].tolist() == ["Alice", "Bob"]
    assert export.frame["text"].iloc[0] == "Let op!\n2-5-2022 16:08 - Alice: Let op!"
    assert noted_lines(kept_as_text_notes(export.notes)) == {2}
    assert "herhaalt" in kept_as_text_notes(export.notes)[0]


def test_a_header_of_another_layout_inside_a_message_is_noted():
    text = (
        "[02-05-2022 16:08:13] Karin: Doorgestuurd:\n"
        "12-05-2022 10:00 - notitie van de wijkagent\n"
        "[5/2, 16:08] Bob: pas op\n"
        "[02-05-2022 16:09:00] Piet: ok\n"
    )
    export = export_of(text)
    assert export.frame["author"].tolist() == ["Karin", "Piet"]
    assert noted_lines(kept_as_text_notes(export.notes)) == {2, 3}
    assert all("andere notatie" in note for note in kept_as_text_notes(export.notes))


# 2. Hour 0 in a 12-hour file -------------------------------------------------------------------


def test_hour_zero_in_a_twelve_hour_file_is_read():
    text = (
        "[1/4/23, 00:04:03 AM] Alice: een\n"
        "[1/4/23, 0:24:00 PM] Bob: twee\n"
        "[1/5/23, 0:00:00 AM] Carol: drie\n"
        "[1/5/23, 12:30:00 AM] Dave: vier\n"
    )
    export = export_of(text)
    assert export.frame["timestamp"].tolist() == [
        T("2023-01-04 00:04:03"),
        T("2023-01-04 12:24:00"),
        T("2023-01-05 00:00:00"),
        T("2023-01-05 00:30:00"),
    ]
    assert not kept_as_text_notes(export.notes)


def test_android_twelve_hour_hour_zero_without_seconds():
    export = export_of(f"1/4/23, 0:24{NNBSP}PM - Alice: een\n1/4/23, 7:02{NNBSP}PM - Bob: twee\n")
    assert export.frame["timestamp"].tolist() == [T("2023-01-04 12:24"), T("2023-01-04 19:02")]


def test_hour_thirteen_in_a_twelve_hour_file_still_does_not_exist():
    export = export_of(
        "1/4/23, 7:02 PM - Alice: een\n1/4/23, 13:02 PM - Bob: nee\n1/4/23, 7:04 PM - Carol: twee\n"
    )
    assert export.frame["author"].tolist() == ["Alice", "Carol"]
    assert noted_lines(export.notes) == {2}


# 3. 12-hour and 24-hour headers in one file ---------------------------------------------------------


def test_twelve_and_twenty_four_hour_headers_in_one_file_are_both_read():
    twelve = [f"1/{day}/23, {hour}:15 PM - Alice: middag {day}" for day, hour in ((4, 1), (5, 2), (6, 3))]
    twenty_four = [f"1/{day}/23, {hour}:15 - Bob: avond {day}" for day, hour in ((7, 19), (8, 20))]
    text = "\n".join(twelve + twenty_four + ["1/9/23, 9:15 AM - Alice: ochtend"]) + "\n"
    export = export_of(text)
    assert export.frame["timestamp"].tolist() == [
        T("2023-01-04 13:15"),
        T("2023-01-05 14:15"),
        T("2023-01-06 15:15"),
        T("2023-01-07 19:15"),
        T("2023-01-08 20:15"),
        T("2023-01-09 09:15"),
    ]
    assert not kept_as_text_notes(export.notes)
    assert any("12-uursklok" in note and "24-uursklok" in note and "regel 4" in note for note in export.notes)


def test_clock_change_in_a_zero_padded_twenty_four_hour_file():
    """The fixed-width fast path (zero-padded 24 hours) also reads the 12-hour headers, here four
    (too few to be read as a second export pasted after the first), then the clock goes back."""
    base = [
        f"{day:02d}-05-2022 16:{minute:02d} - Alice: bericht {day} {minute}"
        for day in range(1, 20)
        for minute in range(3)
    ]
    twelve = [
        f"{day:02d}-05-2022 4:{minute:02d} PM - Bob: later {day} {minute}"
        for day in (20, 21)
        for minute in range(2)
    ]
    back = [
        f"{day:02d}-05-2022 16:{minute:02d} - Carol: weer {day} {minute}"
        for day in (22, 23)
        for minute in range(3)
    ]
    export = export_of("\n".join(base + twelve + back) + "\n")
    assert len(export.frame) == len(base) + len(twelve) + len(back)
    assert export.frame["timestamp"].iloc[len(base) : len(base) + 4].tolist() == [
        T("2022-05-20 16:00"),
        T("2022-05-20 16:01"),
        T("2022-05-21 16:00"),
        T("2022-05-21 16:01"),
    ]
    assert not kept_as_text_notes(export.notes)
    assert not any("tweede export" in note for note in export.notes)


# 4. Day/month order from headers only, then from time order ------------------------------------


def test_message_lines_starting_with_numbers_do_not_make_a_file_month_first():
    text = (
        "[01/02/2023, 7:02:00 PM] Alice: Agenda:\n"
        "1. opening\n"
        "3 punten over de buurtapp\n"
        "12/4 is de volgende\n"
        "[05/02/2023, 7:02:00 PM] Bob: ok\n"
        "[06/02/2023, 8:00:00 AM] Carol: top\n"
    )
    export = export_of(text)
    assert export.format.date_order == "dmy"
    assert export.frame["timestamp"].tolist() == [
        T("2023-02-01 19:02"),
        T("2023-02-05 19:02"),
        T("2023-02-06 08:00"),
    ]
    assert any(note.startswith("datumvolgorde DD/MM/JJJJ") for note in export.notes)


def test_undecided_order_follows_the_timestamps_and_says_so():
    # no day above 12; read month first the dates go 12 Jan -> 1 Feb -> 2 Feb, day first they jump back
    text = "1/12/23, 10:00 - Alice: een\n2/1/23, 10:00 - Bob: twee\n2/2/23, 10:00 - Carol: drie\n"
    export = export_of(text)
    assert export.format.date_order == "mdy"
    assert export.frame["timestamp"].tolist() == [
        T("2023-01-12 10:00"),
        T("2023-02-01 10:00"),
        T("2023-02-02 10:00"),
    ]
    assert any("datumvolgorde" in note and "oplopen" in note for note in export.notes)
    # the same dates day first in a file whose layout says US (slashes, 2-digit year)
    text = "12/1/23, 10:00 - Alice: een\n1/2/23, 10:00 - Bob: twee\n2/2/23, 10:00 - Carol: drie\n"
    export = export_of(text)
    assert export.format.date_order == "dmy"
    assert export.frame["timestamp"].tolist() == [
        T("2023-01-12 10:00"),
        T("2023-02-01 10:00"),
        T("2023-02-02 10:00"),
    ]


def test_a_date_above_twelve_still_decides_without_a_note():
    export = export_of("02-05-2022 10:00 - A: x\n13-05-2022 10:00 - A: y\n")
    assert export.format.date_order == "dmy"
    assert not any("datumvolgorde" in note for note in export.notes)


# 5. Dotted times and the Arabic comma ------------------------------------------------------------


@pytest.mark.parametrize(
    "first, second, expected",
    [
        ("[3/18/22 14.56.01] ", "[3/19/22 9.05.00] ", [T("2022-03-18 14:56:01"), T("2022-03-19 09:05:00")]),
        (
            "[26/01/21 21.05.53] ",
            "[27/01/21 08.00.00] ",
            [T("2021-01-26 21:05:53"), T("2021-01-27 08:00:00")],
        ),
        (
            "[18/3/2022\u060c 14:56:01] ",
            "[19/3/2022\u060c 9:00:00] ",
            [T("2022-03-18 14:56:01"), T("2022-03-19 09:00:00")],
        ),
    ],
)
def test_dotted_times_and_the_arabic_comma_are_layouts(first, second, expected):
    export = export_of(f"{first}Alice: hallo\nnog een regel\n{second}Bob: ok\n")
    assert export.frame["timestamp"].tolist() == expected
    assert export.frame["text"].tolist() == ["hallo\nnog een regel", "ok"]
    assert export.frame["author"].tolist() == ["Alice", "Bob"]


# 7. Time-first headers and day periods ------------------------------------------------------------


def test_time_first_ios_headers():
    text = "[14:56:01, 3/18/22] Musk Elon: hoi\n[9:05:00, 3/19/22] Elon: ok\nen verder\n"
    export = export_of(text)
    assert export.frame["timestamp"].tolist() == [T("2022-03-18 14:56:01"), T("2022-03-19 09:05:00")]
    assert export.frame["text"].tolist() == ["hoi", "ok\nen verder"]


def test_day_period_clocks():
    text = (
        "13/01/2021, 9:15 in the morning - A: een\n"
        "13/01/2021, 12:05 in the afternoon - A: twee\n"
        "13/01/2021, 3:07 in the afternoon - A: drie\n"
        "13/01/2021, 7:30 in the evening - A: vier\n"
        "13/01/2021, 11:45 at night - A: vijf\n"
        "14/01/2021, 1:10 at night - A: zes\n"
    )
    export = export_of(text)
    assert export.frame["timestamp"].tolist() == [
        T("2021-01-13 09:15"),
        T("2021-01-13 12:05"),
        T("2021-01-13 15:07"),
        T("2021-01-13 19:30"),
        T("2021-01-13 23:45"),
        T("2021-01-14 01:10"),
    ]
    assert export.format.twelve_hour


# Notes: every header-like line kept as text is named -----------------------------------------------


@pytest.mark.parametrize(
    "layout_lines",
    [
        # fixed-width fast path (zero-padded 24 hours)
        ["02-05-2022 16:08 - Alice: a", "02-05-2022 16:09 - Bob: b", "13-05-2022 16:10 - Carol: c"],
        # general path (12 hours)
        ["5/2/22, 4:08 PM - Alice: a", "5/2/22, 4:09 PM - Bob: b", "5/13/22, 4:10 PM - Carol: c"],
        # old iPhone (": " after the time)
        ["7/1/16, 4:56:55 PM: Alice: a", "7/1/16, 4:57:00 PM: Bob: b", "7/13/16, 4:58:00 PM: Carol: c"],
    ],
)
def test_every_header_like_line_kept_as_text_has_a_note(layout_lines):
    kept = [
        "31-02-2022 16:10 - Dave: een datum die niet bestaat",
        "[5/2/22, 16:08:00] Eve: andere notatie",
        "[5/2, 16:08] Bob: doorgestuurd",
        "2/30/22, 4:09 PM - Frank: 30 februari",
    ]
    lines = [layout_lines[0], *kept, *layout_lines[1:]]
    export = export_of("\n".join(lines) + "\n")
    records = set(export.frame["line"].tolist())
    missing = {number for number, _ in enumerate(lines, 1)} - records
    assert missing == {2, 3, 4, 5}
    assert missing <= noted_lines(kept_as_text_notes(export.notes))


def test_many_kept_lines_are_all_named_in_few_notes():
    body = [f"[5/2, 16:{minute:02d}] Bob: doorgestuurd {minute}" for minute in range(50)]
    text = "02-05-2022 16:08 - Alice: Doorgestuurd:\n" + "\n".join(body) + "\n13-05-2022 16:09 - Bob: ok\n"
    export = export_of(text)
    notes = kept_as_text_notes(export.notes)
    assert len(notes) == MAX_NOTES_PER_KIND + 1
    assert noted_lines(notes) == set(range(2, 52))
    assert notes[-1].startswith("regels 22, 23,") and "nog 30 zulke regels" in notes[-1]


def test_notes_of_a_second_export_pasted_after_the_first_keep_their_line_numbers():
    android = [f"{day:02d}-05-2022 16:08 - Alice: a{day}" for day in range(1, 8)]
    ios = [f"[{day:02d}-06-2022 16:08:00] Bob: b{day}" for day in range(1, 8)]
    ios.insert(3, "[31-06-2022 16:08:00] Bob: geen datum")
    ios.insert(5, "[5/2, 16:08] Bob: doorgestuurd")
    export = export_of("\n".join(android + ios) + "\n")
    assert len(export.frame) == 14
    assert {11, 13} <= noted_lines(kept_as_text_notes(export.notes))


def test_a_dotted_time_with_two_digit_slash_dates_is_day_first_and_audited() -> None:
    """Seen in a public Indonesian Android export: "08/01/20 14.56 - ". Its dates were read as
    1 August (US order) and the audit did not count its headers."""
    from parsers.audit import HEADER_LIKE

    chat = "08/01/20 14.56 - Budi: halo\n08/01/20 14.58 - Sari: ya\n08/01/20 15.01 - Budi: oke\n"
    frame = read_export(chat.encode()).frame
    assert frame["timestamp"].dt.strftime("%Y-%m-%d %H:%M").tolist() == [
        "2020-01-08 14:56",
        "2020-01-08 14:58",
        "2020-01-08 15:01",
    ]
    assert all(HEADER_LIKE.match(line) for line in chat.splitlines())
