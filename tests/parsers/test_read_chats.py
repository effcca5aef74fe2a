"""Several exports at once: one group per export, overlapping exports of one group merged."""

from __future__ import annotations

import pandas as pd
import pytest

from parsers import ParseError, read_chats, read_exports, schema

JUNE = (
    "01-06-2024 10:00 - Alice: ochtend\n"
    "01-06-2024 10:01 - Bob: ok\n"
    "01-06-2024 10:01 - Bob: ok\n"  # really sent twice: stays twice
    "02-06-2024 21:00 - Alice: Verdachte man\nbij nr 12\n"
)
JULY = (
    "01-06-2024 10:01 - Bob: ok\n"
    "01-06-2024 10:01 - Bob: ok\n"
    "02-06-2024 21:00 - Alice: Verdachte man\nbij nr 12\n"
    "03-07-2024 08:00 - Carol: nieuw in juli\n"
)


def texts(frame: pd.DataFrame) -> list[str]:
    return frame["text"].tolist()


def test_overlapping_exports_of_one_group_merge_without_duplicates():
    frame = read_chats([(JUNE.encode(), "Vogelwijk"), (JULY.encode(), "Vogelwijk")])
    assert texts(frame) == ["ochtend", "ok", "ok", "Verdachte man\nbij nr 12", "nieuw in juli"]
    assert list(frame.columns) == list(schema.COLUMNS)
    assert set(frame["group"]) == {"Vogelwijk"}


def test_order_of_files_does_not_matter_for_the_merge():
    later_first = read_chats([(JULY.encode(), "G"), (JUNE.encode(), "G")])
    assert texts(later_first) == ["ochtend", "ok", "ok", "Verdachte man\nbij nr 12", "nieuw in juli"]


def test_a_record_twice_in_a_later_export_but_once_earlier_adds_one():
    once = "01-06-2024 10:01 - Bob: ok\n"
    twice = once * 2
    assert texts(read_chats([(once.encode(), "G"), (twice.encode(), "G")])) == ["ok", "ok"]


def test_different_groups_stay_apart_and_keep_file_order():
    frame = read_chats({JUNE.encode(): "A", JULY.encode(): "B"})
    assert frame["group"].tolist() == ["A"] * 4 + ["B"] * 4
    assert frame["line"].tolist() == [1, 2, 3, 4, 1, 2, 3, 5]


def test_group_from_file_names(tmp_path):
    first = tmp_path / "WhatsApp-chat met Vogelwijk.txt"
    second = tmp_path / "WhatsApp Chat with Rivierenbuurt.txt"
    first.write_text(JUNE, encoding="utf-8")
    second.write_text(JULY, encoding="utf-8")
    frame = read_chats([first, second])
    assert frame.groupby("group", sort=False).size().to_dict() == {"Vogelwijk": 4, "Rivierenbuurt": 4}


def test_read_exports_reports_a_bad_file_while_others_load():
    result = read_exports(
        [(JUNE.encode(), "A"), (b"geen chat", None, "brief.txt"), (JULY.encode(), "B", "x.txt")]
    )
    assert [export.group for export in result.exports] == ["A", "B"]
    assert [failure.name for failure in result.failures] == ["brief.txt"]
    assert isinstance(result.failures[0].error, ParseError)
    assert len(result.frame) == 8


def test_read_exports_tells_each_file_in_order_its_progress_and_the_doubles_left_out():
    """What the command line prints and the dashboard lists: every file in the order given, and how many
    records the overlap removed."""
    seen: list[tuple[int, int, str]] = []
    result = read_exports(
        [
            (JUNE.encode(), "G", "juni.txt"),
            (b"geen chat", None, "brief.txt"),
            (JULY.encode(), "G", "juli.txt"),
        ],
        progress=lambda *step: seen.append(step),
    )
    assert seen == [(0, 3, "juni.txt"), (1, 3, "brief.txt"), (2, 3, "juli.txt"), (3, 3, "")]
    assert [getattr(file, "group", None) for file in result.files] == ["G", None, "G"]
    assert result.files[1] == result.failures[0]
    assert result.duplicates == 3 and len(result.frame) == 5


def test_read_exports_reads_through_the_reader_it_is_given():
    """The dashboard reads each file through its session cache: whatever ``read`` returns or raises counts."""
    calls = []

    def read(source, group, name):
        calls.append((source, group, name))
        if name == "kapot.txt":
            raise ParseError("refused", reason="broken")
        return read_exports([(source, "G")]).exports[0]

    result = read_exports([(JUNE.encode(), None, "juni.txt"), (b"", None, "kapot.txt")], read=read)
    assert calls == [(JUNE.encode(), None, "juni.txt"), (b"", None, "kapot.txt")]
    assert [failure.error.params["reason"] for failure in result.failures] == ["broken"]
    assert texts(result.frame) == ["ochtend", "ok", "ok", "Verdachte man\nbij nr 12"]


def test_read_chats_raises_on_a_bad_file():
    with pytest.raises(ParseError):
        read_chats([JUNE.encode(), b"\x00\x01\x02" * 100])


def test_no_sources_give_the_empty_schema_frame():
    frame = read_chats([])
    assert list(frame.columns) == list(schema.COLUMNS) and frame.empty
