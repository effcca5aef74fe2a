"""Several exports at once, one group each: the one way the command line, the dashboard and the tools read
more than one file. Overlapping exports of one group are merged without duplicates (``parsers.overlap``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

import pandas as pd

from parsers.errors import ParseError
from parsers.overlap import merge_exports
from parsers.reader import ParsedExport, read_export
from parsers.source import Source

#: A source, a (source, group) pair, or a (source, group, file name) triple for uploads given as bytes.
SourceItem = Source | tuple[Source, str | None] | tuple[Source, str | None, str | None]


@dataclass(frozen=True)
class ReadFailure:
    """A file that could not be read, and why (for the dashboard's per-file status)."""

    name: str
    error: ParseError


@dataclass(frozen=True)
class ReadResult:
    exports: tuple[ParsedExport, ...]
    failures: tuple[ReadFailure, ...]
    frame: pd.DataFrame  # all groups, merged; the schema columns
    #: every source in the order given: its export, or why it could not be read
    files: tuple[ParsedExport | ReadFailure, ...] = ()

    @property
    def duplicates(self) -> int:
        """Records left out because overlapping exports of a group (or one chat exported twice) held them."""
        return sum(len(export.frame) for export in self.exports) - len(self.frame)


#: Reads one (source, group, file name): an export, or a ``ParseError``.
Reader = Callable[[Source, str | None, str | None], ParsedExport]
#: Told (files read so far, all files, the name of the file read next); last (all, all, "") before the merge.
Progress = Callable[[int, int, str], None]


def _read_one(source: Source, group: str | None, name: str | None) -> ParsedExport:
    return read_export(source, group=group, name=name)


def read_exports(
    sources: Iterable[SourceItem] | Mapping[Source, str | None],
    *,
    read: Reader = _read_one,
    progress: Progress | None = None,
) -> ReadResult:
    """Read every source; a file that fails is reported in ``failures`` while the others load.

    ``sources`` holds paths/bytes/file objects, (source, group) pairs, or a mapping source -> group.
    The command line and the dashboard both read through here; the dashboard passes a ``read`` that
    keeps each file's result in its session cache.
    """
    items = _items(sources)
    files: list[ParsedExport | ReadFailure] = []
    for position, (source, group, name) in enumerate(items):
        shown = name or display_name(source, position)
        if progress is not None:
            progress(position, len(items), shown)
        try:
            files.append(read(source, group, name))
        except ParseError as error:
            files.append(ReadFailure(shown, error))
    if progress is not None:
        progress(len(items), len(items), "")
    exports = tuple(file for file in files if isinstance(file, ParsedExport))
    failures = tuple(file for file in files if isinstance(file, ReadFailure))
    return ReadResult(exports, failures, merge_exports(exports), tuple(files))


def read_chats(sources: Iterable[SourceItem] | Mapping[Source, str | None]) -> pd.DataFrame:
    """Several exports as one frame; raises the first ``ParseError`` (use ``read_exports`` to go on)."""
    exports = [read_export(source, group=group, name=name) for source, group, name in _items(sources)]
    return merge_exports(exports)


def _items(sources) -> list[tuple[Source, str | None, str | None]]:
    if isinstance(sources, Mapping):
        return [(source, group, None) for source, group in sources.items()]
    items = []
    for item in sources:
        if (
            isinstance(item, tuple)
            and len(item) in (2, 3)
            and all(v is None or isinstance(v, str) for v in item[1:])
        ):
            items.append((item[0], item[1], item[2] if len(item) == 3 else None))
        else:
            items.append((item, None, None))
    return items


def display_name(source: Source, position: int) -> str:
    """How a source is named in messages: a path as given (a ``Path`` by its file name), a file object's
    name, or "bestand 3" for bytes."""
    name = getattr(source, "name", None) if not isinstance(source, (str, bytes)) else source
    if isinstance(source, bytes):
        name = None
    return str(name) if name else f"bestand {position + 1}"
