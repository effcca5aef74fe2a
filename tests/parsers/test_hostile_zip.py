"""Hostile and unlucky zips (issue 9, items 2, 5 and 7): a damaged, lying, bombed or crowded zip gives a
Dutch ``ParseError`` in bounded time and memory, and a zip with several chats reads them or says which
it did not read."""

from __future__ import annotations

import io
import struct
import time
import tracemalloc
import zipfile

import pytest

import parsers.source
import parsers.unzip
from parsers import ParseError, read_export
from parsers.limits import MAX_UNZIPPED_CHAT_BYTES, MAX_ZIP_MEMBERS
from presentation.errors import describe, unread_notes

CHAT = "02-05-2022 16:08 - Alice: Hoi Café\n02-05-2022 16:09 - Bob: tot straks\n"
LATER = "02-06-2022 10:00 - Alice: juni\n02-06-2022 10:05 - Carla: ook juni\n"


def zipped(files: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


SMALL_ZIP = zipped({"WhatsApp-chat met Buurt.txt": CHAT.encode(), "IMG-1.jpg": b"\xff\xd8\xff" * 20})


@pytest.mark.parametrize("position", range(len(SMALL_ZIP)))
def test_every_single_byte_corruption_reads_or_refuses_in_dutch(position: int) -> None:
    """Each byte of a small zip flipped in turn: a parse or a ParseError, never zlib.error & co."""
    data = bytearray(SMALL_ZIP)
    data[position] ^= 0xFF
    try:
        export = read_export(bytes(data), name="buurt.zip")
    except ParseError as error:
        assert describe(error) and "Traceback" not in describe(error)
    else:
        assert len(export.frame) <= 2  # a flip in the media or a name can leave the chat readable


@pytest.mark.parametrize("cut", [10, 30, 60, len(SMALL_ZIP) // 2, len(SMALL_ZIP) - 5])
def test_a_cut_off_zip_is_called_damaged(cut: int) -> None:
    with pytest.raises(ParseError):
        read_export(SMALL_ZIP[:cut], name="buurt.zip")


def _bomb() -> bytearray:
    bomb = bytearray(zipped({"_chat.txt": (CHAT * 5_000).encode()}))
    assert len(bomb) < 5_000 and len(CHAT * 5_000) >= 350_000
    return bomb


def _refusal_and_peak_memory(data: bytes) -> tuple[ParseError, int]:
    tracemalloc.start()
    try:
        with pytest.raises(ParseError) as caught:
            read_export(data, name="bom.zip")
        return caught.value, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_zip_bomb_is_refused_by_its_unpacked_size(monkeypatch) -> None:
    monkeypatch.setattr(parsers.source, "MAX_UNZIPPED_CHAT_BYTES", 50_000)
    error, peak = _refusal_and_peak_memory(bytes(_bomb()))
    assert "na uitpakken groter dan" in describe(error)
    assert peak < 5_000_000


def test_a_zip_bomb_that_lies_about_its_size_is_refused_without_inflating_it(monkeypatch) -> None:
    monkeypatch.setattr(parsers.source, "MAX_UNZIPPED_CHAT_BYTES", 50_000)
    bomb = _bomb()
    for signature, size_at in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):  # local header, directory
        struct.pack_into("<I", bomb, bomb.index(signature) + size_at, 100)  # claims 100 bytes
    error, peak = _refusal_and_peak_memory(bytes(bomb))
    assert "zip-bestand" in describe(error)
    assert peak < 5_000_000


def test_the_unzipped_cap_is_50_mb_and_named_in_dutch() -> None:
    assert MAX_UNZIPPED_CHAT_BYTES == 50 * 1024 * 1024
    assert describe(parsers.unzip.unzipped_too_big(MAX_UNZIPPED_CHAT_BYTES)).count("50 MB") == 1


def test_a_zip_listing_too_many_files_is_refused_before_reading_them() -> None:
    files = {f"IMG-{n}.jpg": b"" for n in range(MAX_ZIP_MEMBERS + 1)}
    files["_chat.txt"] = CHAT.encode()
    started = time.perf_counter()
    with pytest.raises(ParseError) as caught:
        read_export(zipped(files, zipfile.ZIP_STORED), name="veel.zip")
    assert "bestanden" in describe(caught.value)
    assert time.perf_counter() - started < 10


def test_a_password_zip_says_so() -> None:
    data = bytearray(zipped({"_chat.txt": CHAT.encode()}))
    for signature, flags_at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = data.index(signature)
        struct.pack_into("<H", data, at + flags_at, 0x1)
    with pytest.raises(ParseError) as caught:
        read_export(bytes(data), name="geheim.zip")
    assert "wachtwoord" in describe(caught.value)


def test_a_zip_packed_with_another_method_says_how_to_go_on() -> None:
    with pytest.raises(ParseError) as caught:
        read_export(zipped({"_chat.txt": CHAT.encode()}, zipfile.ZIP_BZIP2), name="bz.zip")
    assert "pak het zelf uit" in describe(caught.value).lower()


def test_two_exports_of_one_group_in_one_zip_are_both_read_and_merged() -> None:
    data = zipped(
        {
            "mei/WhatsApp-chat met Buurt.txt": CHAT.encode(),
            "juni/WhatsApp-chat met Buurt.txt": (CHAT + LATER).encode(),
        }
    )
    export = read_export(data, name="buurt-exports.zip")
    assert export.frame["text"].tolist() == ["Hoi Café", "tot straks", "juni", "ook juni"]
    assert export.group == "Buurt"
    assert any("2 chats" in note and "samengevoegd" in note for note in export.notes)


def test_a_chat_of_another_group_in_the_zip_is_named_as_not_read() -> None:
    data = zipped(
        {
            "WhatsApp-chat met Buurt.txt": CHAT.encode(),
            "WhatsApp-chat met Dorp.txt": LATER.encode(),
        }
    )
    export = read_export(data, name="twee.zip")
    assert export.frame["text"].tolist() == ["Hoi Café", "tot straks"]
    assert any("niet gelezen" in note and "Dorp" in note for note in export.notes)


def test_an_unreadable_chat_beside_a_good_one_is_noted_not_fatal() -> None:
    data = zipped({"WhatsApp-chat met Buurt.txt": CHAT.encode(), "WhatsApp-chat met Leeg.txt": b"   "})
    export = read_export(data, name="twee.zip")
    assert len(export.frame) == 2
    assert any("niet gelezen" in note and "Leeg" in note and "leeg" in note for note in unread_notes(export))


ANDROID = "".join(f"02-05-2022 16:{m:02d} - Alice: bericht {m}\n" for m in range(6))
IPHONE = "".join(f"[03-05-2022 09:{m:02d}:00] Bob: iphone {m}\n" for m in range(8))


@pytest.mark.parametrize("android_copies", [1, 3], ids=["iphone part longer", "android part longer"])
def test_an_iphone_export_pasted_after_an_android_one_is_read_as_a_second_export(android_copies) -> None:
    android = "".join(
        f"02-05-2022 {10 + n}:{m:02d} - Alice: bericht {m}\n" for n in range(android_copies) for m in range(6)
    )
    export = read_export((android + IPHONE).encode(), name="WhatsApp-chat met Buurt.txt")
    frame = export.frame
    first_iphone = 6 * android_copies
    assert len(frame) == first_iphone + 8
    assert frame["text"].tolist()[first_iphone - 1 : first_iphone + 1] == ["bericht 5", "iphone 0"]
    assert frame["line"].tolist() == list(range(1, first_iphone + 9))
    assert frame["author"].iat[-1] == "Bob" and set(frame["group"]) == {"Buurt"}
    start = f"regel {first_iphone + 1}:"
    assert any(note.startswith(start) and "tweede export" in note for note in export.notes)


def test_dated_agenda_lines_inside_a_message_stay_text() -> None:
    agenda = "".join(f"[03-05-2022 09:{m:02d}:00] vergadering zaal {m}\n" for m in range(8))
    chat = "02-05-2022 15:00 - Alice: de planning:\n" + agenda + ANDROID + ANDROID
    frame = read_export(chat.encode()).frame
    assert len(frame) == 13 and frame["text"].iat[0].count("\n") == 8
