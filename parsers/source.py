"""Getting the chat text out of whatever the user hands us: a path, bytes, a file object, a .zip.

Everything stays in memory. A zip is opened in place (a path or a seekable file is not read whole:
an export with media can be large) and its chats are taken out by ``parsers.unzip``. The result is
UTF-8 bytes with invisible direction marks removed and line endings normalised, which is what the
fast record splitter works on.
"""

from __future__ import annotations

import codecs
import io
import os
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import BinaryIO

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from parsers.errors import ParseError
from parsers.layout import CLOCK_SUFFIX
from parsers.limits import MAX_CHAT_BYTES, MAX_UNZIPPED_CHAT_BYTES
from parsers.records import byte_positions, string_slices
from parsers.unzip import ZIP_MAGIC, RawChat, Unzipped, chats_from_zip, megabytes

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
    member: str | None = None  # path inside the zip it came from


def unpack(source: Source, name: str | None = None) -> Unzipped:
    """The chat file(s) in ``source``: one for a .txt, every chat for a zip (usually one)."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        return _unpack_bytes(bytes(source), name)
    if isinstance(source, (str, Path)):
        return _unpack_path(Path(source), name)
    if hasattr(source, "read"):
        file_name = getattr(source, "name", None)
        name = name or (Path(file_name).name if isinstance(file_name, str) else None)
        if _seekable(source):
            start = source.tell()
            head = source.read(4)
            source.seek(start)
            if isinstance(head, bytes) and head in ZIP_MAGIC:
                return chats_from_zip(source, name, _zip_limit())
        data = source.read(MAX_CHAT_BYTES + 1)  # a stream that cannot be opened in place
        if isinstance(data, str):
            data = data.encode("utf-8")
        if len(data) > MAX_CHAT_BYTES:
            raise _too_big()
        return _unpack_bytes(bytes(data), name)
    raise TypeError(f"cannot read a chat from {type(source).__name__}")


def clean(chat: RawChat) -> ChatText:
    """The chat file's bytes as clean UTF-8: decoded, NUL bytes and invisible marks removed, LF only."""
    raw = chat.raw
    notes: list[str] = []
    if not raw or raw.isspace():
        raise ParseError("empty")
    data, encoding_note = _utf8(raw)
    if encoding_note:
        notes.append(encoding_note)
    if b"\x00" in data:
        if data.count(b"\x00") > max(16, len(data) // 100):
            raise _binary()
        notes.append("NUL-tekens verwijderd / NUL characters removed")
        data = data.replace(b"\x00", b"")
    if not data.endswith((b"\n", b"\r")):
        data += b"\n"
    carriage_returns = b"\r" in data
    data = _without_marks(data)
    if carriage_returns:
        data = _replace_all(data, [(b"\r\n", b"\n"), (b"\r", b"\n")])
    if len(data) < 4096 and bytes(data).isspace():
        raise ParseError("empty")
    data, calendar_notes = header_calendars(data)
    notes += calendar_notes
    data, month_notes = header_month_names(data, chat.name)
    notes += month_notes
    return ChatText(data, chat.name, tuple(notes), chat.member)


# Headers in other digits and calendars ----------------------------------------------------------------
#
# Arabic exports write their headers in Arabic-Indic digits with "ص"/"م" for a.m./p.m.
# ("[١٨/٣/٢٠٢٢، ٢:٥٦:٠٠ م] ", after the direction marks are removed); phones set to the Buddhist
# or the Japanese calendar write "[3/18/2565 BE, 14:56:01] " or "[3/18/R4, 14:56:01] " (catalogue
# 1b, C). Only the header at the start of a line is rewritten, to Latin digits and Gregorian years,
# before the layout is detected; message text keeps its digits. A file is rewritten only when such
# headers outnumber ordinary ones in its first bytes, so the common path pays a few byte searches over
# 64 KB and a Latin export with a pasted Arabic line is left alone.

_PROBE_BYTES = 1 << 16
_ARABIC_DIGITS = "\u0660-\u0669\u06f0-\u06f9"  # Arabic-Indic and Extended (Persian) digits
_D = f"[0-9{_ARABIC_DIGITS}]"  # a digit, Latin or Arabic-Indic
_HEADER_END = r"(?=\] | - |: )"
_SPACE = "[ \u00a0\u202f]"
_AR_DATE = f"{_D}{{1,4}}[-/.]{_D}{{1,2}}[-/.]{_D}{{1,4}}"
_AR_TIME = f"{_D}{{1,2}}[:.]{_D}{{2}}(?:[:.]{_D}{{2}})?(?:{_SPACE}?[\u0635\u0645])?"
#: A header (date first or time first) whose digits include Arabic-Indic ones, up to its end.
_ARABIC_HEADER = re.compile(
    r"^\[?(?=[^\n]{0,8}["
    + _ARABIC_DIGITS
    + "])"
    + f"(?:{_AR_DATE}[,\u060c]?{_SPACE}{_AR_TIME}|{_AR_TIME}[,\u060c]?{_SPACE}{_AR_DATE})"
    + _HEADER_END,
    re.MULTILINE,
)
#: The year of a Buddhist ("2565 BE") or Japanese-era ("R4", Reiwa; "H30", Heisei) date.
_ERA_HEADER = re.compile(
    r"^(?P<head>\[?[0-9]{1,2}[-/.][0-9]{1,2}[-/.])(?:(?P<be>[0-9]{4}) BE|(?P<era>[RH])(?P<n>[0-9]{1,2}))"
    r"(?=[,\u060c]?" + _SPACE + r"[0-9]{1,2}[:.][0-9]{2})",
    re.MULTILINE,
)
_ARABIC_PROBE = re.compile(rb"(?m)^\[?(?:\xd9[\xa0-\xa9]|\xdb[\xb0-\xb9])")
_ERA_PROBE = re.compile(rb"(?m)^\[?[0-9]{1,2}[-/.][0-9]{1,2}[-/.](?:[0-9]{4} BE|[RH][0-9]{1,2})[,\xd8 ]")
_ERA_HINT = re.compile(rb"/(?:[0-9]{4} BE|[RH][0-9]{1,2}[,\xd8 ])")
_LATIN_PROBE = re.compile(
    rb"(?m)^\[?[0-9]{1,4}[-/.][0-9]{1,2}[-/.][0-9]{1,4}(?:,|\xd8\x8c)? ?[0-9]{1,2}[:.][0-9]{2}"
)
_TO_LATIN = str.maketrans(
    {
        **{chr(0x0660 + digit): str(digit) for digit in range(10)},
        **{chr(0x06F0 + digit): str(digit) for digit in range(10)},
        "\u0635": "AM",  # ص, صباحًا
        "\u0645": "PM",  # م, مساءً
    }
)
#: First Gregorian year of a Japanese era, minus one: Reiwa 1 is 2019, Heisei 1 is 1989.
_ERA_START = {"R": 2018, "H": 1988}
#: Buddhist era: the Gregorian year plus 543.
_BUDDHIST_OFFSET = 543


def header_calendars(data: bytes | pa.Buffer) -> tuple[bytes | pa.Buffer, list[str]]:
    """``data`` with headers in Arabic-Indic digits or Buddhist/Japanese years rewritten to Latin
    digits and Gregorian years (header only, never message text), and a note per kind rewritten."""
    probe = memoryview(data)[:_PROBE_BYTES].tobytes()
    if b"\xd9" not in probe and b"\xdb" not in probe and _ERA_HINT.search(probe) is None:
        return data, []  # the common path: two byte searches and one literal-led regex
    arabic = len(_ARABIC_PROBE.findall(probe))
    era = len(_ERA_PROBE.findall(probe))
    if not arabic and not era:
        return data, []
    latin = len(_LATIN_PROBE.findall(probe))
    notes = []
    text = None
    if arabic > latin:
        text = _ARABIC_HEADER.sub(lambda match: match[0].translate(_TO_LATIN), bytes(data).decode("utf-8"))
        notes.append(
            "datums en tijden in Arabisch-Indische cijfers gelezen (ص/م als a.m./p.m.) / "
            "dates and times in Arabic-Indic digits read (ص/م as a.m./p.m.)"
        )
    if era > latin:
        text = text if text is not None else bytes(data).decode("utf-8")
        kinds: set[str] = set()

        def gregorian(match: re.Match[str]) -> str:
            if match["be"] is not None:
                kinds.add("boeddhistische jaartelling / Buddhist era")
                return match["head"] + str(int(match["be"]) - _BUDDHIST_OFFSET)
            kinds.add("Japanse jaartelling / Japanese era")
            return match["head"] + str(_ERA_START[match["era"]] + int(match["n"]))

        text = _ERA_HEADER.sub(gregorian, text)
        notes += [f"jaartallen omgerekend naar de gregoriaanse kalender: {kind}" for kind in sorted(kinds)]
    if text is None:
        return data, []
    return text.encode("utf-8"), notes


# Headers with month names ----------------------------------------------------------------------------
#
# Legacy Android exports write the month as a word: "Mar 5, 8:11 PM - " (no year at all) and
# "19:23, 28 Aug 2013 - " (time first); catalogue 1a, C (origin unverified). Such a header is rewritten
# to "2013/08/28, 19:23 - " (year first, so the date order is never in doubt) before the layout is
# detected; message text is left alone and line numbers stay. Without a year in the header the year
# comes from a year in the file name, else from today's date: the last message is taken to be the
# latest day on or before that date that fits, and going backwards every step back in the calendar
# (Mar 15 after Dec 30) starts the year before, so that the timestamps increase. A note says which.
# As for the calendars, a file is rewritten only when such headers outnumber ordinary ones in its
# first 64 KB.

_MONTH_WORDS = {
    1: "jan january januari januar jän jänner",
    2: "feb february februari februar",
    3: "mar march mrt maart mär märz mrz",
    4: "apr april",
    5: "may mei mai",
    6: "jun june juni",
    7: "jul july juli",
    8: "aug august augustus",
    9: "sep sept september",
    10: "oct october okt oktober",
    11: "nov november",
    12: "dec december dez dezember",
}
_MONTHS = {word: number for number, words in _MONTH_WORDS.items() for word in words.split()}
_MONTH = "(?i:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_MN_TIME = r"\d{1,2}[:.]\d{2}(?:[:.]\d{2})?(?:" + CLOCK_SUFFIX + ")?"
#: "Mar 5", "Mar 5, 2013", "28 Aug 2013", "5. März 2020", "5 mrt".
_MN_DATE = (
    rf"(?:(?P<m1>{_MONTH}){_SPACE}(?P<d1>\d{{1,2}})(?:,?{_SPACE}(?P<y1>\d{{4}}))?"
    rf"|(?P<d2>\d{{1,2}})\.?{_SPACE}(?P<m2>{_MONTH})(?:{_SPACE}(?P<y2>\d{{4}}))?)"
)
_MONTH_HEADER = re.compile(
    r"^(?P<open>\[?)(?:"
    + _MN_DATE
    + rf",?{_SPACE}(?P<t1>{_MN_TIME})|(?P<t2>{_MN_TIME}),?{_SPACE}"
    + _MN_DATE.replace("P<m1>", "P<m3>")
    .replace("P<d1>", "P<d3>")
    .replace("P<y1>", "P<y3>")
    .replace("P<d2>", "P<d4>")
    .replace("P<m2>", "P<m4>")
    .replace("P<y2>", "P<y4>")
    + r")(?=\] | - )",
    re.MULTILINE,
)
_YEAR_IN_NAME = re.compile(r"(?<![0-9])(?:19[89][0-9]|20[0-9]{2})(?![0-9])")


def _month_fields(match: re.Match[str]) -> tuple[int, int, int | None, str] | None:
    """(month, day, year or None, time) of a month-name header; None if the day cannot be one."""
    for m, d, y in (("m1", "d1", "y1"), ("m2", "d2", "y2"), ("m3", "d3", "y3"), ("m4", "d4", "y4")):
        if match[m] is not None:
            month = _MONTHS[match[m].rstrip(".").lower()]
            day = int(match[d])
            if not 1 <= day <= 31:
                return None
            year = None if match[y] is None else int(match[y])
            return month, day, year, match["t1"] if match["t1"] is not None else match["t2"]
    return None


def _month_shape(match: re.Match[str]) -> tuple:
    """What a month-name header looks like apart from its values: bracket, field order, a year."""
    groups = ("m1", "m2", "m3", "m4")
    which = next(group for group in groups if match[group] is not None)
    year = "y" + which[1]
    return match["open"], which, match[year] is not None


def header_month_names(data: bytes | pa.Buffer, name: str | None) -> tuple[bytes | pa.Buffer, list[str]]:
    """``data`` with headers that name the month ("Mar 5, 8:11 PM - ", "19:23, 28 Aug 2013 - ")
    rewritten to "JJJJ/MM/DD, time" (header only), and notes on what was read and assumed."""
    probe = memoryview(data)[:_PROBE_BYTES].tobytes().decode("utf-8", "ignore")
    month_headers = len(_MONTH_HEADER.findall(probe))
    if not month_headers or month_headers <= len(_LATIN_PROBE.findall(probe.encode("utf-8"))):
        return data, []
    text = bytes(data).decode("utf-8")
    found = [(match, _month_fields(match)) for match in _MONTH_HEADER.finditer(text)]
    found = [(match, fields) for match, fields in found if fields is not None]
    # One layout per file: a pasted header of another shape stays text, unchanged.
    shapes = Counter(_month_shape(match) for match, _ in found)
    if shapes:
        shape = shapes.most_common(1)[0][0]
        found = [(match, fields) for match, fields in found if _month_shape(match) == shape]
    notes = ["maandnamen in de kopregels gelezen / month names in the headers read"]
    years: list[int] = [0] * len(found)
    year: int | None = None
    later: tuple[int, int] | None = None
    assumed = None
    for index in range(len(found) - 1, -1, -1):
        month, day, given, _ = found[index][1]
        if given is not None:
            year = given
        elif year is None:
            name_year = _YEAR_IN_NAME.findall(name or "")
            if name_year:
                year = int(name_year[-1])
                assumed = ("het jaar in de bestandsnaam", "the year in the file name")
            else:
                today = date.today()
                year = today.year if (month, day) <= (today.month, today.day) else today.year - 1
                assumed = ("het laatste jaar dat niet in de toekomst ligt", "the latest not in the future")
        elif later is not None and (month, day) > later:
            year -= 1
        years[index] = year
        later = (month, day)
    if assumed is not None:
        last = years[-1] if found else 0
        notes.append(
            f"de kopregels hebben geen jaartal: aangenomen dat het laatste bericht uit {last} is "
            f"({assumed[0]}) en dat de berichten op tijd staan / the headers have no year: assumed the "
            f"last message is from {last} ({assumed[1]}) and the messages are in time order"
        )
    pieces = []
    start = 0
    for (match, (month, day, _, time)), header_year in zip(found, years, strict=True):
        pieces.append(text[start : match.start()])
        pieces.append(f"{match['open']}{header_year:04d}/{month:02d}/{day:02d}, {time}")
        start = match.end()
    pieces.append(text[start:])
    return "".join(pieces).encode("utf-8"), notes


def _unpack_bytes(raw: bytes, name: str | None) -> Unzipped:
    if raw[:4] in ZIP_MAGIC:
        return chats_from_zip(io.BytesIO(raw), name, _zip_limit())
    if len(raw) > MAX_CHAT_BYTES:
        raise _too_big()
    return Unzipped((RawChat(raw, name),), ())


def _unpack_path(path: Path, name: str | None) -> Unzipped:
    name = name or path.name
    try:
        with path.open("rb") as handle:
            if handle.read(4) in ZIP_MAGIC:
                return chats_from_zip(handle, name, _zip_limit())
            if os.fstat(handle.fileno()).st_size > MAX_CHAT_BYTES:
                raise _too_big()
            handle.seek(0)
            raw = handle.read(MAX_CHAT_BYTES + 1)
    except OSError as error:
        raise ParseError("unreadable", name=path.name, reason=error.strerror) from error
    if len(raw) > MAX_CHAT_BYTES:  # the file grew while we read it
        raise _too_big()
    return Unzipped((RawChat(raw, name),), ())


def _seekable(source: BinaryIO) -> bool:
    try:
        return bool(source.seekable())
    except (AttributeError, OSError, ValueError):
        return False


def _zip_limit() -> int:
    """Chat text taken out of a zip: no more than a plain file may hold, and the zip cap."""
    return min(MAX_CHAT_BYTES, MAX_UNZIPPED_CHAT_BYTES)


def _too_big() -> ParseError:
    return ParseError("too_big", size=megabytes(MAX_CHAT_BYTES))


def _binary() -> ParseError:
    return ParseError("binary")


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
            raise ParseError("not_utf16") from error
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        pass
    sample = raw[:65536]
    if sample.count(b"\x00") * 100 > len(sample):
        raise _binary()
    text, _ = codecs.charmap_decode(raw, "strict", _CP1252_TABLE)
    return text, "Geen UTF-8: gelezen als Windows-1252 / not UTF-8: read as Windows-1252"


#: Windows-1252 as a decoding table; its five undefined bytes are kept as their Latin-1 characters
#: instead of failing. One C pass, whatever the bytes (a per-byte fallback took seconds on 50 MB).
_CP1252_TABLE = "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in range(256))
