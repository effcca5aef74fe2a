"""Overlapping exports of one group merged without duplicates.

People export every month and WhatsApp exports at most the last 40,000 messages, so two exports of
one group overlap. A record is identified by (timestamp, author, text, kind); the n-th occurrence of
such a record in one export is the same record as the n-th occurrence in another, so a message that
really appears twice in one export stays twice. Below the reader, which merges the chats of one zip.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import pandas as pd

from parsers import schema

if TYPE_CHECKING:
    from parsers.reader import ParsedExport

_KEY = ["timestamp", "author", "text", "kind"]


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
