"""Reading uploaded files into one chat: the upload widget only hands (name, bytes) pairs to this module.

Keeping the upload logic free of widgets lets the tests feed it files directly, and keeps every
upload in memory: nothing here touches the disk except reading the shipped sample exports.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

import parsers
from dashboard.texts import t
from presentation.errors import describe, unread_notes

#: The shipped example exports, next to the app.
SAMPLE_DIR = Path(__file__).resolve().parent.parent / "sample_exports"
EXPORT_SUFFIXES = (".txt", ".zip")
MAX_UPLOAD_MB = 50
#: What the browser may send (also `server.maxUploadSize`): above the cap, so that a too-large export
#: reaches our Dutch message ("export without media") instead of Streamlit's English one; still a ceiling
#: on memory for files far beyond any chat export.
TRANSFER_LIMIT_MB = 4 * MAX_UPLOAD_MB


@dataclass(frozen=True)
class FileReport:
    """What one file was read as, for the list of loaded files (or why it could not be read)."""

    name: str
    group: str | None = None
    format: str | None = None
    first: pd.Timestamp | None = None
    last: pd.Timestamp | None = None
    messages: int = 0
    events: int = 0
    notes: tuple[str, ...] = ()
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass(frozen=True)
class ParsedFile:
    report: FileReport
    export: parsers.ParsedExport | None  # None when the file could not be read ...
    error: parsers.ParseError | None = None  # ... and why (the report's error says it to the user)


@dataclass(frozen=True)
class Dataset:
    """All loaded groups as one chat, plus what each file was read as."""

    key: str  # digest of every file's content and name: the cache key of everything derived
    chat: pd.DataFrame
    files: tuple[FileReport, ...]
    is_sample: bool

    @property
    def groups(self) -> tuple[str, ...]:
        return tuple(sorted(self.chat["group"].dropna().unique()))


def digest(name: str, data: bytes) -> str:
    """A short content fingerprint, so the same upload is never parsed twice in a session."""
    return hashlib.blake2b(name.encode("utf-8") + b"\0" + data, digest_size=16).hexdigest()


def sample_files() -> list[tuple[str, bytes]]:
    """The example exports shipped with the app, as (name, bytes) pairs like an upload."""
    if not SAMPLE_DIR.is_dir():
        return []
    paths = sorted(p for p in SAMPLE_DIR.iterdir() if p.is_file() and p.suffix.lower() in EXPORT_SUFFIXES)
    return [(p.name, p.read_bytes()) for p in paths]


def parse_file(name: str, data: bytes) -> ParsedFile:
    """Parse one uploaded file; a file that is not an export gives a Dutch error instead of an exception."""
    if not name.lower().endswith(EXPORT_SUFFIXES):
        return _failed(name, t("load.error_suffix", name=name))
    if len(data) > MAX_UPLOAD_MB * 1024 * 1024:
        return _failed(name, t("load.error_size", name=name, limit=MAX_UPLOAD_MB))
    try:
        parsed = parsers.read_export(data, name=name)
    except parsers.ParseError as exc:
        return _failed(name, t("load.error_parse", name=name, reason=describe(exc)), exc)
    is_event = parsed.frame["kind"] == "system"
    first, last = _period(parsed)
    report = FileReport(
        name=name,
        group=parsed.group,
        format=parsed.format.description,
        first=first,
        last=last,
        messages=int((~is_event).sum()),
        events=int(is_event.sum()),
        notes=(*unread_notes(parsed), *parsed.notes),
    )
    return ParsedFile(report=report, export=parsed)


def build_dataset(
    files: Iterable[tuple[str, bytes]],
    *,
    is_sample: bool,
    parse: Callable[[str, str, bytes], ParsedFile] | None = None,
    on_progress: Callable[[int, int, str], None] | None = None,
) -> Dataset:
    """Parse every file (via ``parse``, which the app wraps in a session cache) and merge the good ones,
    through ``parsers.read_exports`` like the command line."""
    files = list(files)
    parse = parse or (lambda _key, name, data: parse_file(name, data))
    keys = [digest(name, data) for name, data in files]
    parsed: list[ParsedFile] = []

    def read(data: bytes, _group: str | None, name: str | None) -> parsers.ParsedExport:
        result = parse(keys[len(parsed)], name or "", data)  # called once per file, in order
        parsed.append(result)
        if result.error is not None:
            raise result.error
        return result.export

    read_result = parsers.read_exports(
        [(data, None, name) for name, data in files], read=read, progress=on_progress
    )
    dataset_key = hashlib.blake2b("|".join(sorted(keys)).encode(), digest_size=16).hexdigest()
    return Dataset(
        key=dataset_key,
        chat=read_result.frame,  # the same group exported twice: merged without doubles
        files=tuple(p.report for p in parsed),
        is_sample=is_sample,
    )


def _failed(name: str, message: str, error: parsers.ParseError | None = None) -> ParsedFile:
    error = error or parsers.ParseError("refused", reason=message)
    return ParsedFile(report=FileReport(name=name, error=message), export=None, error=error)


def _period(parsed: parsers.ParsedExport) -> tuple[pd.Timestamp | None, pd.Timestamp | None]:
    return (None, None) if parsed.period is None else parsed.period
