"""Headers that name the month (legacy Android, catalogue 1a): "Mar 5, 8:11 PM - " without a year and
"19:23, 28 Aug 2013 - " with the time first; English, Dutch and German month names."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

import parsers
from parsers.source import header_month_names


def read(text: str, name: str = "WhatsApp Chat - Test.txt") -> parsers.ParsedExport:
    return parsers.read_export(text.encode("utf-8"), name=name)


def stamps(export) -> list[str]:
    return [str(stamp) for stamp in export.frame["timestamp"]]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "19:23, 28 Aug 2013 - A: x\n08:00, 2 Sep 2013 - B: y\n",
            ["2013-08-28 19:23:00", "2013-09-02 08:00:00"],
        ),
        (
            "28 Aug 2013, 19:23 - A: x\n2 Sep 2013, 8:00 - B: y\n",
            ["2013-08-28 19:23:00", "2013-09-02 08:00:00"],
        ),
        (
            "Aug 28, 2013, 7:23 PM - A: x\nSep 2, 2013, 8:00 AM - B: y\n",
            ["2013-08-28 19:23:00", "2013-09-02 08:00:00"],
        ),
        (
            "5 mrt. 2020, 09:00 - A: x\n1 mei 2020, 10:00 - B: y\n3 okt 2020, 11:00 - A: z\n",
            ["2020-03-05 09:00:00", "2020-05-01 10:00:00", "2020-10-03 11:00:00"],
        ),
        (
            "5. Mär 2020, 09:00 - A: x\n1. Mai 2020, 10:00 - B: y\n24. Dez 2020, 11:00 - A: z\n",
            ["2020-03-05 09:00:00", "2020-05-01 10:00:00", "2020-12-24 11:00:00"],
        ),
        (
            "[5 Okt 2020 09:00:01] A: x\n[6 okt 2020 10:00:02] B: y\n",
            ["2020-10-05 09:00:01", "2020-10-06 10:00:02"],
        ),
    ],
)
def test_month_names_with_year(text, expected):
    export = read(text)
    assert stamps(export) == expected
    assert list(export.frame["author"]) == ["A", "B", "A"][: len(expected)]
    assert any("month names" in note for note in export.notes)


def test_no_year_takes_the_year_from_the_file_name_and_counts_back_over_new_year():
    export = read(
        "Dec 30, 8:11 PM - A: x\nJan 2, 8:12 PM - B: y\nline\nMar 15, 9:00 AM - A: z\n",
        name="WhatsApp Chat met Test 2014.txt",
    )
    assert stamps(export) == ["2013-12-30 20:11:00", "2014-01-02 20:12:00", "2014-03-15 09:00:00"]
    assert any("the year in the file name" in note for note in export.notes)


def test_no_year_assumes_the_latest_year_not_in_the_future():
    today = date.today()
    year = today.year if (3, 15) <= (today.month, today.day) else today.year - 1
    export = read("Mar 5, 8:11 PM - A: x\nMar 15, 9:00 AM - B: y\n")
    assert export.frame["timestamp"].iloc[-1] == pd.Timestamp(f"{year}-03-15 09:00")
    assert export.frame["timestamp"].iloc[-1] <= pd.Timestamp.now()
    assert any("the headers have no year" in note and str(year) in note for note in export.notes)


def test_message_text_with_month_names_is_left_alone():
    text = "19:23, 28 Aug 2013 - A: see you Mar 5, 8:11 PM - ok\n28 Aug 2013 - not a header\n"
    export = read(text)
    assert list(export.frame["text"]) == ["see you Mar 5, 8:11 PM - ok\n28 Aug 2013 - not a header"]


def test_numeric_exports_are_not_rewritten():
    data = b"02-05-2022 16:08 - Alice: Mar 5, 8:11 PM - Bob: hi\n03-05-2022 16:09 - Bob: ok\n"
    assert header_month_names(data, None) == (data, [])
    export = parsers.read_export(data)
    assert list(export.frame["author"]) == ["Alice", "Bob"]
    assert export.frame["text"].iloc[0] == "Mar 5, 8:11 PM - Bob: hi"


def test_a_pasted_header_of_another_shape_stays_text():
    text = "Mar 5, 8:11 PM - A: x\n[5 Mar 2020 9:00] B: pasted\nMar 6, 8:11 PM - B: y\n"
    export = read(text)
    assert list(export.frame["author"]) == ["A", "B"]
    assert export.frame["text"].iloc[0] == "x\n[5 Mar 2020 9:00] B: pasted"


def test_name_glued_to_its_text_in_a_year_first_export_is_an_author_but_system_lines_stay() -> None:
    """zh-style "[2026/7/9 02:29:00] Bob:Hi" (catalogue pitfall 5); a colon in a system text or a link
    makes no author."""
    from parsers import read_chat

    chat = (
        "[2026/7/9 02:28:09] Alice: Hey\n"
        "[2026/7/9 02:29:00] Bob:Hi\n"
        "[2026/7/9 02:30:00] Alice changed the subject to Buurt:Noord\n"
        "[2026/7/9 02:31:00] https://example.org/a:b\n"
        '[2026/7/9 02:32:00] Alice changed the subject to "Wijk:Oost"\n'
        "[2026/7/15 10:00:00] Alice: Bye\n"
    )
    frame = read_chat(chat.encode())
    assert frame["author"].tolist()[:2] == ["Alice", "Bob"] and frame["text"].iat[1] == "Hi"
    assert frame["kind"].iloc[2:5].tolist() == ["system", "system", "system"]
    assert pd.isna(frame["author"].iat[3])  # the link names nobody
    assert frame["author"].iat[5] == "Alice"
