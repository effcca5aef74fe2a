"""Reading several exports (parsers/merge.py): behaviour that mutation testing found unchecked.

Each test pins down something the dashboard relies on when several files are uploaded at once; see
"Mutation testing" in docs/DEVELOPING.md.
"""

from __future__ import annotations

import io

import pandas as pd

from parsers import read_chats, read_exports, schema
from parsers.merge import merge_exports
from parsers.reader import read_export

JUNE = "01-06-2024 10:00 - Alice: ochtend\n02-06-2024 21:00 - Bob: Verdachte man bij nr 12\n"
NAMED = "WhatsApp-chat met Vogelwijk.txt"


def test_a_failed_file_is_named_the_way_the_user_gave_it(tmp_path):
    on_disk = tmp_path / "kapot.txt"
    on_disk.write_bytes(b"geen chat")
    upload = io.BytesIO(b"ook geen chat")
    upload.name = "upload.txt"
    nameless = io.BytesIO(b"geen chat")
    result = read_exports([(JUNE.encode(), "A"), b"geen chat", on_disk, str(on_disk), upload, nameless])
    assert [failure.name for failure in result.failures] == [
        "bestand 2",  # bytes without a name: counted from 1 in the order given
        "kapot.txt",  # a path: its file name
        str(on_disk),  # a path as text: as given
        "upload.txt",  # a file object: its name
        "bestand 6",  # a file object without a name
    ]
    assert len(result.frame) == 2


def test_the_file_name_of_an_upload_names_its_group():
    assert set(read_chats([(JUNE.encode(), None, NAMED)])["group"]) == {"Vogelwijk"}
    result = read_exports([(JUNE.encode(), None, NAMED)])
    assert [export.group for export in result.exports] == ["Vogelwijk"]


def test_the_merged_frame_is_numbered_from_zero():
    frame = read_chats([(JUNE.encode(), "A"), (JUNE.encode(), "B")])
    assert frame.index.equals(pd.RangeIndex(4))


def test_exports_are_merged_by_their_first_record_not_their_last():
    long = "01-06-2024 10:00 - Alice: juni\n01-08-2024 10:00 - Alice: augustus\n"
    short = "01-07-2024 10:00 - Bob: juli\n02-07-2024 10:00 - Bob: juli later\n"
    frame = read_chats([(short.encode(), "G"), (long.encode(), "G")])
    assert frame["text"].tolist() == ["juni", "augustus", "juli", "juli later"]


def test_three_overlapping_exports_keep_each_record_once():
    first = "01-06-2024 10:00 - Alice: een\n"
    second = first + "02-06-2024 10:00 - Bob: twee\n"
    third = second + "03-06-2024 10:00 - Carol: drie\n"
    frame = read_chats([(first.encode(), "G"), (second.encode(), "G"), (third.encode(), "G")])
    assert frame["text"].tolist() == ["een", "twee", "drie"]


def test_an_export_without_records_merges_with_the_others_of_its_group():
    records = read_export(JUNE.encode(), group="G")
    empty = type(records)(schema.empty_frame(), records.format, "G", None, ())
    frame = merge_exports([empty, records])
    assert frame["text"].tolist() == ["ochtend", "Verdachte man bij nr 12"]
