"""Taking the chat(s) out of an export zip without trusting the zip.

A zip can claim small sizes and inflate to gigabytes, list hundreds of thousands of files, or be cut
off or damaged anywhere. So its directory is checked before ``zipfile`` reads it into objects, only
the two methods WhatsApp and common zip tools use (stored, deflate) are inflated (bzip2 and lzma
inflate a whole block per read, unbounded), and a chat is inflated in chunks while its bytes are
counted, so the cap holds even when the zip lies about sizes. Whatever fails inside ``zipfile``
(it raises a dozen exception types on damaged input) becomes a ``ParseError``.
"""

from __future__ import annotations

import io
import struct
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import BinaryIO

from parsers.errors import ParseError
from parsers.limits import (
    MAX_CHATS_PER_ZIP,
    MAX_NESTED_ZIP_BYTES,
    MAX_ZIP_DEPTH,
    MAX_ZIP_DIRECTORY_BYTES,
    MAX_ZIP_MEMBERS,
    UNZIP_CHUNK_BYTES,
)
from parsers.names import group_from_file_name

ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")  # a zip with files, an empty zip
_END = b"PK\x05\x06"
_END64_LOCATOR = b"PK\x06\x07"
_END64 = b"PK\x06\x06"
_END_SIZE, _LOCATOR_SIZE, _END64_SIZE = 22, 20, 56
_READABLE = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)


@dataclass(frozen=True)
class RawChat:
    """One chat file's bytes, before decoding."""

    raw: bytes
    name: str | None  # file name the group is read from: the given name, else the chat file's
    member: str | None = None  # path inside the zip


@dataclass(frozen=True)
class Unzipped:
    chats: tuple[RawChat, ...]
    notes: tuple[str, ...]  # chats in the zip that were not read


def chats_from_zip(handle: BinaryIO, name: str | None, limit: int, depth: int = 0) -> Unzipped:
    """Every chat in the zip ``handle`` (seekable), at most ``limit`` bytes of text together."""
    try:
        _check_directory(handle)
        archive = zipfile.ZipFile(handle)
        members = [info for info in archive.infolist() if not info.is_dir()]
    except ParseError:
        raise
    except Exception as error:  # zipfile's many ways of failing on a damaged file
        raise damaged_zip() from error
    if len(members) > MAX_ZIP_MEMBERS:  # the directory's count lied
        raise _too_many_files()
    chosen = chat_members([info.filename for info in members])
    if not chosen:
        inner = [i for i in members if i.filename.lower().endswith(".zip") and not _is_junk(i.filename)]
        if depth < MAX_ZIP_DEPTH and len(inner) == 1:  # some tools zip the export zip again (.zip.zip)
            data = _inflate(archive, inner[0], MAX_NESTED_ZIP_BYTES, _nested_too_big)
            return chats_from_zip(io.BytesIO(data), name, limit, depth + 1)
        raise ParseError("no_chat_in_zip")
    notes = []
    if len(chosen) > MAX_CHATS_PER_ZIP:
        left = chosen[MAX_CHATS_PER_ZIP:]
        notes.append(
            f"het zip-bestand bevat {len(chosen)} chats; alleen de eerste {MAX_CHATS_PER_ZIP} zijn gelezen, "
            f"niet gelezen: {', '.join(left[:5])}{' ...' if len(left) > 5 else ''}"
        )
        chosen = chosen[:MAX_CHATS_PER_ZIP]
    by_name = {info.filename: info for info in members}
    chats, budget = [], limit
    for member in chosen:
        data = _inflate(archive, by_name[member], budget, lambda: unzipped_too_big(limit))
        budget -= len(data)
        chats.append(RawChat(data, _chat_name(member, name, several=len(chosen) > 1), member))
    return Unzipped(tuple(chats), tuple(notes))


def _chat_name(member: str, zip_name: str | None, several: bool) -> str | None:
    """The name the group is read from: the zip's (WhatsApp names the zip after the group), except when
    the zip holds several chats whose own file names tell their groups apart."""
    own = PurePosixPath(member).name
    if several and group_from_file_name(own):
        return own
    return zip_name or own


def chat_members(names: list[str]) -> list[str]:
    """The chats in an export zip, in the zip's order: every ``_chat.txt`` and 'WhatsApp Chat ...'.txt
    (WhatsApp's own names; several when someone zipped exports together); failing those, the
    shortest other '*chat*.txt'. Media, other text files and macOS resource forks are no chats."""
    texts = [n for n in names if n.lower().endswith(".txt") and not _is_junk(n)]
    own = [
        n
        for n in texts
        if PurePosixPath(n).name == "_chat.txt"
        or PurePosixPath(n).name.lower().startswith(("whatsapp-chat", "whatsapp chat"))
    ]
    if own:
        return own
    others = [n for n in texts if "chat" in PurePosixPath(n).name.lower()]
    return [min(others, key=len)] if others else []


def _is_junk(name: str) -> bool:
    path = PurePosixPath(name)
    return "__MACOSX" in path.parts or path.name.startswith("._")


def _check_directory(handle: BinaryIO) -> None:
    """Refuse a zip whose directory is too large, before ``zipfile`` turns every entry into an object
    (about 7 µs and 500 bytes each). Reads the end record the way ``zipfile`` finds it; a zip without
    one is left to ``zipfile`` to call damaged."""
    handle.seek(0, io.SEEK_END)
    size = handle.tell()
    start = max(0, size - _END_SIZE - 0xFFFF)
    handle.seek(start)
    tail = handle.read()
    at = len(tail) - _END_SIZE
    if not (at >= 0 and tail[at : at + 4] == _END and tail[-2:] == b"\x00\x00"):
        at = tail.rfind(_END)
    if at < 0 or len(tail) - at < _END_SIZE:
        return
    entries, directory = struct.unpack_from("<HI", tail, at + 10)
    locator = at - _LOCATOR_SIZE
    if locator >= _END64_SIZE and tail[locator : locator + 4] == _END64_LOCATOR:
        record = locator - _END64_SIZE
        if tail[record : record + 4] == _END64:
            entries, directory = struct.unpack_from("<QQ", tail, record + 32)
    if entries > MAX_ZIP_MEMBERS or directory > MAX_ZIP_DIRECTORY_BYTES:
        raise _too_many_files()


def _inflate(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int, too_big) -> bytes:
    """The member's bytes, refusing before inflating past ``limit`` (checked against the declared
    size first, then counted chunk by chunk, since the declared size can lie)."""
    if info.flag_bits & 0x1:
        raise ParseError("zip_password")
    if info.compress_type not in _READABLE:
        raise ParseError("zip_method")
    if info.file_size > limit:
        raise too_big()
    chunks, total = [], 0
    try:
        with archive.open(info) as member:
            while chunk := member.read(UNZIP_CHUNK_BYTES):
                total += len(chunk)
                if total > limit:
                    raise too_big()
                chunks.append(chunk)
    except ParseError:
        raise
    except Exception as error:  # bad CRC, broken deflate stream, cut-off file, odd headers ...
        raise damaged_zip() from error
    return b"".join(chunks)


def damaged_zip() -> ParseError:
    return ParseError("zip_damaged")


def unzipped_too_big(limit: int) -> ParseError:
    return ParseError("unzipped_too_big", size=megabytes(limit))


def _nested_too_big() -> ParseError:
    return ParseError("nested_too_big", size=megabytes(MAX_NESTED_ZIP_BYTES))


def _too_many_files() -> ParseError:
    return ParseError("zip_too_many_files", count=MAX_ZIP_MEMBERS)


def megabytes(size: int) -> str:
    """ "50 MB"; a limit below 1 MB (tests) with two decimals, Dutch style: "0,01 MB"."""
    mb = size / (1024 * 1024)
    return f"{mb:.0f} MB" if mb >= 1 else f"{mb:.2f} MB".replace(".", ",")
