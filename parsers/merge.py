"""Several exports at once, one group each: the one way the command line, the dashboard and the tools read
more than one file. Overlapping exports of one group are merged without duplicates (``parsers.overlap``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
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


def read_exports(sources: Iterable[SourceItem] | Mapping[Source, str | None]) -> ReadResult:
    """Read every source; a file that fails is reported in ``failures`` while the others load.

    ``sources`` holds paths/bytes/file objects, (source, group) pairs, or a mapping source -> group.
    """
    exports: list[ParsedExport] = []
    failures: list[ReadFailure] = []
    for position, (source, group, name) in enumerate(_items(sources)):
        try:
            exports.append(read_export(source, group=group, name=name))
        except ParseError as error:
            failures.append(ReadFailure(name or _display_name(source, position), error))
    return ReadResult(tuple(exports), tuple(failures), merge_exports(exports))


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


def _display_name(source: Source, position: int) -> str:
    name = getattr(source, "name", None) if not isinstance(source, (str, bytes)) else source
    if isinstance(source, bytes):
        name = None
    return str(name) if name else f"bestand {position + 1}"
