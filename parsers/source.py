"""Getting the chat text out of whatever the user hands us: a path, bytes, a file object, a .zip.

Everything stays in memory. The result is UTF-8 bytes with invisible direction marks removed and
line endings normalised, which is what the fast record splitter works on.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import BinaryIO

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from parsers.errors import ParseError
from parsers.records import byte_positions, string_slices

#: Largest chat text we accept, uncompressed. WhatsApp exports at most 40,000 messages (a few MB);
#: anything far beyond is not a chat, or a zip bomb.
MAX_CHAT_BYTES = 200 * 1024 * 1024

Source = str | Path | bytes | bytearray | memoryview | BinaryIO

#: Marks WhatsApp sprinkles around names, numbers and placeholders; they carry no meaning for us.
INVISIBLE_MARKS = (
    "\u200e",
    "\u200f",
    "\u202a",
    "\u202b",
    "\u202c",
    "\u202d",
    "\u202e",
    "\u2066",
    "\u2067",
    "\u2068",
    "\u2069",
    "\ufeff",
)
_MARK_BYTES = tuple(mark.encode("utf-8") for mark in INVISIBLE_MARKS)


@dataclass(frozen=True)
class ChatText:
    """The chat as clean UTF-8 bytes plus what we learnt on the way."""

    data: bytes | pa.Buffer  # UTF-8, ends with a newline
    name: str | None  # best file name for deriving the group (zip name or txt name)
    notes: tuple[str, ...]


def load(source: Source, name: str | None = None) -> ChatText:
    """Read ``source`` fully into memory and return the cleaned chat text."""
    raw, source_name = _read_bytes(source)
    name = name or source_name
    notes: list[str] = []
    if raw[:4] in (b"PK\x03\x04", b"PK\x05\x06"):
        raw, inner_name = _chat_from_zip(raw)
        if name is None or not name.lower().endswith(".zip"):
            name = name or inner_name
    if not raw or raw.isspace():
        raise ParseError("Het bestand is leeg.", "The file is empty.")
    data, encoding_note = _utf8(raw)
    if encoding_note:
        notes.append(encoding_note)
    if b"\x00" in data:
        if data.count(b"\x00") > max(16, len(data) // 100):
            raise ParseError(
                "Dit is geen tekstbestand (binaire gegevens). Kies het .txt- of .zip-bestand van de export.",
                "This is not a text file (binary data). Choose the .txt or .zip file of the export.",
            )
        notes.append("NUL-tekens verwijderd / NUL characters removed")
        data = data.replace(b"\x00", b"")
    if not data.endswith((b"\n", b"\r")):
        data += b"\n"
    carriage_returns = b"\r" in data
    data = _without_marks(data)
    if carriage_returns:
        data = _replace_all(data, [(b"\r\n", b"\n"), (b"\r", b"\n")])
    if len(data) < 4096 and bytes(data).isspace():
        raise ParseError("Het bestand is leeg.", "The file is empty.")
    return ChatText(data, name, tuple(notes))


def _replace_all(data: bytes, replacements: list[tuple[bytes, bytes]]) -> bytes | pa.Buffer:
    """``bytes.replace`` for each pair, done by Arrow: several times faster on a large text with
    many hits (an iPhone export has an invisible mark on most lines)."""
    if not replacements:
        return data
    text = pa.LargeStringArray.from_buffers(
        1, pa.py_buffer(np.array([0, len(data)], np.int64)), pa.py_buffer(data)
    )
    for old, new in replacements:
        text = pc.replace_substring(text, old.decode("utf-8"), new.decode("utf-8"))
    return text[0].as_buffer()  # an Arrow buffer: no copy back into a Python bytes object


def _without_marks(data: bytes) -> bytes | pa.Buffer:
    """``data`` without the invisible marks. All of them are three bytes starting with E2 (or EF for
    U+FEFF), so one chunked pass over those lead bytes finds every mark; the text between the marks
    is then copied once (an iPhone export has a mark on most lines, so this is a hot path)."""
    buffer = np.frombuffer(data, np.uint8)
    lead = byte_positions(buffer[:-2], (0xE2, 0xEF))
    if not len(lead):
        return data
    codes = (
        (buffer[lead].astype(np.int32) << 16) | (buffer[lead + 1].astype(np.int32) << 8) | buffer[lead + 2]
    )
    marks = np.array([int.from_bytes(mark, "big") for mark in _MARK_BYTES], np.int32)
    found = lead[np.isin(codes, marks)]
    if not len(found):
        return data
    kept_starts = np.append(0, found + 3)
    kept_ends = np.append(found, len(buffer))
    # Marks never overlap (a UTF-8 lead byte is no continuation byte), so the kept spans ascend.
    kept = string_slices(data, kept_starts, kept_ends)
    return kept.buffers()[2].slice(0, int(kept_ends[-1] - kept_starts[0]) - 3 * len(found))


def _read_bytes(source: Source) -> tuple[bytes, str | None]:
    if isinstance(source, (bytes, bytearray, memoryview)):
        return bytes(source), None
    if isinstance(source, (str, Path)):
        path = Path(source)
        try:
            size = path.stat().st_size
            if size > MAX_CHAT_BYTES and path.suffix.lower() != ".zip":
                raise _too_big()
            return path.read_bytes(), path.name
        except OSError as error:
            raise ParseError(
                f"Bestand kan niet gelezen worden: {path.name} ({error.strerror}).",
                f"Cannot read file: {path.name} ({error.strerror}).",
            ) from error
    if hasattr(source, "read"):
        data = source.read(MAX_CHAT_BYTES * 4 + 1)
        if isinstance(data, str):
            data = data.encode("utf-8")
        file_name = getattr(source, "name", None)
        return bytes(data), Path(file_name).name if isinstance(file_name, str) else None
    raise TypeError(f"cannot read a chat from {type(source).__name__}")


def _too_big() -> ParseError:
    limit = MAX_CHAT_BYTES // (1024 * 1024)
    return ParseError(
        f"De chattekst is groter dan {limit} MB; dat is geen gewone WhatsApp-export.",
        f"The chat text is larger than {limit} MB; that is not a normal WhatsApp export.",
    )


def choose_chat_member(names: list[str]) -> str | None:
    """Which file in an export zip is the chat: ``_chat.txt``, a named chat file, else the shortest."""
    texts = [n for n in names if n.lower().endswith(".txt") and not _is_junk(n)]
    for wanted in (
        lambda base: base == "_chat.txt",
        lambda base: base.lower().startswith(("whatsapp-chat", "whatsapp chat")),
    ):
        hits = [n for n in texts if wanted(PurePosixPath(n).name)]
        if hits:
            return min(hits, key=len)
    chats = [n for n in texts if "chat" in PurePosixPath(n).name.lower()]
    return min(chats, key=len) if chats else None


def _is_junk(name: str) -> bool:
    path = PurePosixPath(name)
    return "__MACOSX" in path.parts or path.name.startswith("._")


def _chat_from_zip(raw: bytes, depth: int = 0) -> tuple[bytes, str]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        names = [info.filename for info in archive.infolist() if not info.is_dir()]
    except (zipfile.BadZipFile, ValueError) as error:
        raise ParseError("Het zip-bestand is beschadigd.", "The zip file is damaged.") from error
    member = choose_chat_member(names)
    if member is None:
        inner_zips = [n for n in names if n.lower().endswith(".zip") and not _is_junk(n)]
        if depth == 0 and len(inner_zips) == 1:  # some tools zip the export zip again (.zip.zip)
            return _chat_from_zip(_read_member(archive, inner_zips[0]), depth + 1)
        raise ParseError(
            "In het zip-bestand staat geen chat (geen _chat.txt of 'WhatsApp-chat met ...'.txt).",
            "The zip file holds no chat (no _chat.txt or 'WhatsApp Chat with ...'.txt).",
        )
    return _read_member(archive, member), PurePosixPath(member).name


def _read_member(archive: zipfile.ZipFile, member: str) -> bytes:
    """Read one member, refusing to inflate past the cap even when the zip lies about sizes."""
    if archive.getinfo(member).file_size > MAX_CHAT_BYTES:
        raise _too_big()
    try:
        with archive.open(member) as handle:
            data = handle.read(MAX_CHAT_BYTES + 1)
    except (zipfile.BadZipFile, RuntimeError, NotImplementedError, EOFError, ValueError) as error:
        raise ParseError(
            "De chat in het zip-bestand kan niet uitgepakt worden (beschadigd of versleuteld).",
            "The chat in the zip file cannot be extracted (damaged or encrypted).",
        ) from error
    if len(data) > MAX_CHAT_BYTES:
        raise _too_big()
    return data


def _utf8(raw: bytes) -> tuple[bytes, str | None]:
    """The text as UTF-8 bytes; valid UTF-8 is passed through without a copy."""
    if not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        if _valid_utf8(raw):
            return raw, None
    text, note = _decode(raw)
    return text.encode("utf-8"), note


def _valid_utf8(raw: bytes) -> bool:
    """Arrow's SIMD validator: several times faster than ``bytes.decode`` on a large export."""
    offsets = pa.py_buffer(np.array([0, len(raw)], np.int64))
    try:
        pa.LargeStringArray.from_buffers(1, offsets, pa.py_buffer(raw)).validate(full=True)
    except pa.ArrowInvalid:
        return False
    return True


def _decode(raw: bytes) -> tuple[str, str | None]:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252 so no text is lost."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16"), "UTF-16 gelezen / read as UTF-16"
        except UnicodeDecodeError as error:
            raise ParseError(
                "Het bestand is geen geldige UTF-16-tekst.", "The file is not valid UTF-16 text."
            ) from error
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        pass
    sample = raw[:65536]
    if sample.count(b"\x00") * 100 > len(sample):
        raise ParseError(
            "Dit is geen tekstbestand (binaire gegevens). Kies het .txt- of .zip-bestand van de export.",
            "This is not a text file (binary data). Choose the .txt or .zip file of the export.",
        )
    # cp1252 leaves five bytes undefined; latin-1 keeps them as characters instead of failing.
    text = _cp1252(raw)
    return text, "Geen UTF-8: gelezen als Windows-1252 / not UTF-8: read as Windows-1252"


def _cp1252(raw: bytes) -> str:
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError:
        return "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in raw)
