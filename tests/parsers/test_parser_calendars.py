"""Headers in Arabic-Indic digits and in the Buddhist and Japanese calendars (catalogue 1b, C; issue 10,
defect 8). Timestamps come out Gregorian; message text keeps its own digits. Expected values by hand."""

from __future__ import annotations

import pandas as pd
import pytest

import parsers

RLM, NBSP = "\u200f", "\u00a0"


def _read(text: str) -> parsers.ParsedExport:
    return parsers.read_export(text.encode("utf-8"), name="WhatsApp Chat - Test.txt")


def _stamps(export: parsers.ParsedExport) -> list[pd.Timestamp]:
    return list(export.frame["timestamp"])


def test_arabic_indic_digits_rlm_arabic_comma_and_sad_mim():
    # [18/3/2022, 2:56:00 PM], [2/4/2022, 9:05:07 AM], [25/12/2022, 12:00:30 AM]
    text = (
        f"[١٨{RLM}/٣{RLM}/٢٠٢٢، ٢:٥٦:٠٠{NBSP}م] أحمد: مرحبا ١٢٣\n"
        f"[٢{RLM}/٤{RLM}/٢٠٢٢، ٩:٠٥:٠٧{NBSP}ص] سارة: السطر الأول\n"
        "السطر ٢ مع ١٨/٣/٢٠٢٢\n"
        f"[٢٥{RLM}/١٢{RLM}/٢٠٢٢، ١٢:٠٠:٣٠{NBSP}ص] أحمد: 42\n"
    )
    export = _read(text)
    assert _stamps(export) == [
        pd.Timestamp("2022-03-18 14:56:00"),
        pd.Timestamp("2022-04-02 09:05:07"),
        pd.Timestamp("2022-12-25 00:00:30"),
    ]
    assert list(export.frame["author"]) == ["أحمد", "سارة", "أحمد"]
    # Message text keeps its Arabic-Indic digits, also a date-like continuation line.
    assert list(export.frame["text"]) == ["مرحبا ١٢٣", "السطر الأول\nالسطر ٢ مع ١٨/٣/٢٠٢٢", "42"]
    assert list(export.frame["line"]) == [1, 2, 4]
    assert export.format.date_order == "dmy"
    assert any("Arabisch-Indische" in note for note in export.notes)


def test_arabic_indic_digits_android_without_brackets():
    # 18/03/2022 14:56 (م after a 12-hour time) and a system line
    text = (
        "١٨/٠٣/٢٠٢٢، ٢:٥٦ م - أحمد: مرحبا\n"
        "٠٢/٠٤/٢٠٢٢، ١٠:٠١ ص - أحمد أضاف سارة\n"
        "٠٢/٠٤/٢٠٢٢، ١٠:٠٢ ص - سارة: ٣ رسائل\n"
    )
    export = _read(text)
    assert _stamps(export) == [
        pd.Timestamp("2022-03-18 14:56"),
        pd.Timestamp("2022-04-02 10:01"),
        pd.Timestamp("2022-04-02 10:02"),
    ]
    assert export.frame["author"].iloc[2] == "سارة"
    assert export.frame["text"].iloc[2] == "٣ رسائل"
    assert export.format.platform == "android"


def test_buddhist_era_years():
    # WJ test/data/calendars/Buddhist iOS.txt, shortened: 2565 BE is 2022, 2566 BE is 2023.
    text = (
        "[3/18/2565 BE, 14:56:01] Elon Musk: Messages and calls are end-to-end encrypted.\n"
        "[3/27/2565 BE, 21:41:35] Dmitry Starkov: Hello World\n"
        "second line, 2565 BE stays\n"
        "[1/7/2566 BE, 23:32:30] Elon Musk: Your security code with Elon changed. Tap to learn more.\n"
        "[1/12/2566 BE, 15:35:15] Dmitry Starkov: audio omitted\n"
    )
    export = _read(text)
    assert _stamps(export) == [
        pd.Timestamp("2022-03-18 14:56:01"),
        pd.Timestamp("2022-03-27 21:41:35"),
        pd.Timestamp("2023-01-07 23:32:30"),
        pd.Timestamp("2023-01-12 15:35:15"),
    ]
    assert export.frame["text"].iloc[1] == "Hello World\nsecond line, 2565 BE stays"
    assert export.format.date_order == "mdy"
    assert any("Buddhist era" in note for note in export.notes)


def test_japanese_era_years():
    # Reiwa 1 is 2019: R4 is 2022, R5 is 2023.
    text = (
        "[3/18/R4, 14:56:01] Elon Musk: hi\n"
        "[3/27/R4, 21:41:35] Dmitry Starkov: Hello\nR4 stays\n"
        "[1/7/R5, 23:32:30] Elon Musk: yo\n"
    )
    export = _read(text)
    assert _stamps(export) == [
        pd.Timestamp("2022-03-18 14:56:01"),
        pd.Timestamp("2022-03-27 21:41:35"),
        pd.Timestamp("2023-01-07 23:32:30"),
    ]
    assert list(export.frame["author"]) == ["Elon Musk", "Dmitry Starkov", "Elon Musk"]
    assert export.frame["text"].iloc[1] == "Hello\nR4 stays"
    assert any("Japanese era" in note for note in export.notes)


def test_latin_export_with_a_pasted_arabic_line_is_left_alone():
    text = (
        "[18/03/2022, 14:56:01] Alice: hallo\n"
        "[١٨/٣/٢٠٢٢، ٢:٥٦:٠٠ م] أحمد: مرحبا\n"
        "[19/03/2022, 09:00:00] Bob: hoi\n"
    )
    export = _read(text)
    assert _stamps(export) == [pd.Timestamp("2022-03-18 14:56:01"), pd.Timestamp("2022-03-19 09:00:00")]
    assert export.frame["text"].iloc[0] == "hallo\n[١٨/٣/٢٠٢٢، ٢:٥٦:٠٠ م] أحمد: مرحبا"
    assert not any("Arabisch" in note for note in export.notes)


@pytest.mark.parametrize("text", ["[18/03/2022, 14:56:01] Alice: ١٢٣ R4, 2565 BE\n"])
def test_latin_export_keeps_arabic_digits_and_era_words_in_text(text):
    export = _read(text)
    assert export.frame["text"].iloc[0] == "١٢٣ R4, 2565 BE"
    assert export.notes == ()
