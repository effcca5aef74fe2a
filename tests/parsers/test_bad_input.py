"""Bad input: every case gives a clear ParseError or a correct parse; never a crash, hang or silent loss."""

# ruff: noqa: E501  (chat lines are quoted verbatim, as WhatsApp writes them)

from __future__ import annotations

import io
import zipfile

import pytest

import parsers.source
from parsers import ParseError, read_chat, read_export
from presentation.errors import describe

CHAT = "02-05-2022 16:08 - Alice: Hoi Café\n02-05-2022 16:09 - Bob: tot straks\n"


def zipped(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def assert_parse_error(data: bytes, *words: str) -> ParseError:
    with pytest.raises(ParseError) as caught:
        read_chat(data)
    for word in words:
        assert word in describe(caught.value).lower() or word in caught.value.message_en.lower()
    return caught.value


@pytest.mark.parametrize("data", [b"", b"   \n\r\n\t", b"\xef\xbb\xbf"])
def test_empty_files(data):
    assert_parse_error(data, "leeg")


def test_binary_file():
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40 + b"\x00" * 4000
    assert_parse_error(png)


def test_text_that_is_not_an_export():
    error = assert_parse_error(b"Beste buren,\nvolgende week is de buurtavond.\n", "whatsapp")
    assert error.line == 1


def test_viewer_format_is_not_taken_for_an_export():
    assert_parse_error(b"01.04.2015 - 16:00:27; ME: hallo\n01.04.2015 - 16:01:00; YOU: hoi\n")


def test_zip_without_chat():
    assert_parse_error(zipped({"IMG-20220502-WA0001.jpg": b"\xff\xd8\xff", "notes.md": b"x"}), "zip")


def test_damaged_zip():
    data = zipped({"_chat.txt": CHAT.encode()})
    assert_parse_error(data[:40] + b"\x00" * 40, "zip")


def test_zip_picks_the_chat_and_ignores_media_and_macosx():
    data = zipped(
        {
            "__MACOSX/._chat.txt": b"\x00\x05\x16\x07binary resource fork",
            "00000014-PHOTO-2022-05-02-16-17-01.jpg": b"\xff\xd8\xff",
            "_chat.txt": CHAT.encode(),
            "other chat notes.txt": b"not it",
        }
    )
    frame = read_chat(data)
    assert frame["text"].tolist() == ["Hoi Café", "tot straks"]


def test_zip_inside_a_zip():
    inner = zipped({"WhatsApp Chat met Buurt.txt": CHAT.encode()})
    assert len(read_chat(zipped({"WhatsApp Chat - Buurt.zip": inner}))) == 2


def test_zip_bomb_is_refused_with_the_limit_in_the_message(monkeypatch):
    monkeypatch.setattr(parsers.source, "MAX_CHAT_BYTES", 10_000)
    bomb = zipped({"_chat.txt": (CHAT * 1000).encode()})
    assert len(bomb) < 10_000
    error = assert_parse_error(bomb, "mb")
    assert "groter dan" in describe(error)


def test_oversized_plain_file_is_refused(monkeypatch, tmp_path):
    monkeypatch.setattr(parsers.source, "MAX_CHAT_BYTES", 1_000)
    path = tmp_path / "chat.txt"
    path.write_text(CHAT * 100, encoding="utf-8")
    with pytest.raises(ParseError):
        read_chat(path)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_bom_is_decoded(encoding):
    data = CHAT.encode(encoding)
    if encoding != "utf-16":
        data = ("\ufeff" + CHAT).encode(encoding)
    assert read_chat(data)["text"].tolist() == ["Hoi Café", "tot straks"]


def test_cp1252_is_decoded_and_noted():
    export = read_export(CHAT.encode("cp1252"))
    assert export.frame["text"].tolist() == ["Hoi Café", "tot straks"]
    assert any("1252" in note for note in export.notes)


def test_utf8_bom_and_stray_bom_inside_lines():
    data = ("\ufeff" + CHAT.replace("Bob:", "\ufeffBob:")).encode("utf-8")
    assert read_chat(data)["author"].tolist() == ["Alice", "Bob"]


def test_a_nul_byte_is_removed_and_noted():
    export = read_export(CHAT.replace("Hoi", "Ho\x00i").encode())
    assert export.frame["text"].tolist() == ["Hoi Café", "tot straks"]
    assert any("NUL" in note for note in export.notes)


def test_a_5_mb_single_line():
    long_line = "x" * 5_000_000
    frame = read_chat(f"02-05-2022 16:08 - Alice: {long_line}\n02-05-2022 16:09 - Bob: ok\n".encode())
    assert frame["text"].str.len().tolist() == [5_000_000, 2]


def test_a_5_mb_file_without_any_newline():
    assert_parse_error(b"y" * 5_000_000)


def test_leading_lines_without_header_are_kept_as_notes():
    web = (
        "Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them.\n"
        "Some earlier messages may not be available.\n"
        "[5/2/22, 4:08:13 PM] Alice: hello\n"
        "[5/2/22, 4:09:00 PM] - You joined using this group's invite link\n"
    )
    export = read_export(web.encode())
    assert export.frame["author"].tolist() == ["Alice", "You"]
    assert export.frame["event"].tolist()[1] == "joined"
    assert (
        len(export.notes) == 2 and export.notes[0].startswith("regel 1:") and "end-to-end" in export.notes[0]
    )
    assert export.notes[1].startswith("regel 2:")


def test_garbage_shaped_like_headers_does_not_crash():
    data = b"99-99-9999 99:99 - x: y\n00-00-0000 00:00 - : \n"
    assert_parse_error(data)


def test_unterminated_last_line_and_trailing_blank_lines():
    frame = read_chat(b"02-05-2022 16:08 - Alice: een\n02-05-2022 16:09 - Bob: twee")
    assert frame["text"].tolist() == ["een", "twee"]


def test_unreadable_path():
    with pytest.raises(ParseError):
        read_chat("/nonexistent/dir/WhatsApp-chat met X.txt")
