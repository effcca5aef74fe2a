"""Several exports at once: one group each, overlapping exports of one group merged without duplicates.

People export every month and WhatsApp exports at most the last 40,000 messages, so two exports of
one group overlap. A record is identified by (timestamp, author, text, kind); the n-th occurrence of
such a record in one export is the same record as the n-th occurrence in another, so a message that
really appears twice in one export stays twice.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pandas as pd

from parsers import schema
from parsers.errors import ParseError
from parsers.reader import ParsedExport, read_export
from parsers.source import Source

_KEY = ["timestamp", "author", "text", "kind"]

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


def merge_exports(exports: Iterable[ParsedExport]) -> pd.DataFrame:
    """One frame: groups in order of first appearance; per group, exports by start, overlap removed."""
    by_group: dict[str, list[ParsedExport]] = {}
    for export in exports:
        by_group.setdefault(export.group, []).append(export)
    frames = [_merge_group(group_exports) for group_exports in by_group.values()]
    frames = [frame for frame in frames if len(frame)]
    if not frames:
        return schema.empty_frame()
    merged = pd.concat(frames, ignore_index=True)
    return merged.astype({name: schema.DTYPES[name] for name in schema.COLUMNS})[list(schema.COLUMNS)]


def _merge_group(exports: list[ParsedExport]) -> pd.DataFrame:
    exports = sorted(exports, key=lambda e: e.period[0] if e.period else pd.Timestamp.max)
    kept: list[pd.DataFrame] = []
    seen: pd.DataFrame | None = None  # key + occurrence number of every record kept so far
    for export in exports:
        frame = export.frame
        keys = _occurrence_keys(frame)
        if seen is None:
            new = pd.Series(True, index=frame.index)
            seen = keys
        else:
            merged = keys.merge(seen.assign(_seen=True), on=[*_KEY, "_n"], how="left")
            new = pd.Series(merged["_seen"].isna().to_numpy(), index=frame.index)
            seen = pd.concat([seen, keys[new.to_numpy()]], ignore_index=True)
        kept.append(frame[new.to_numpy()])
    return pd.concat(kept, ignore_index=True)


def _occurrence_keys(frame: pd.DataFrame) -> pd.DataFrame:
    """The identifying columns plus how many times the same record came before in this export."""
    keys = frame[_KEY].astype({"author": object, "text": object, "kind": object}).fillna({"author": ""})
    keys = keys.assign(_n=keys.groupby(_KEY, sort=False, dropna=False).cumcount())
    return keys.reset_index(drop=True)


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
