"""Many exports analysed group by group, so that a hundred groups fit in memory.

``analyse(read_exports(...).frame)`` holds the parsed chat of every group, its tagged copy and every
intermediate at once: about 100 groups of 40,000 messages (a police region) would need tens of gigabytes.
Here each export is read, merged with the earlier exports of its group (``parsers.merge_exports``, as
``read_exports`` does) and analysed alone; only the group's `Analysis` is kept (cut down by ``keep`` to what
the caller needs) and ``analysis.combine.combine_analyses`` puts the groups together at the end. The result
equals ``analyse`` of all exports at once (``tests/analysis/test_combine.py``).

Peak memory is then one group's analysis at work plus the kept results of all groups: mostly the messages
table (about 250 bytes a message with the tagger's reasons, 200 without).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import PurePath

from analysis import analyse
from analysis.combine import combine_analyses
from analysis.model import Analysis
from analysis.profile import Profile
from parsers import ParsedExport, ParseError, ReadFailure, merge_exports, read_export
from parsers.source import Source

#: Told (exports done, all exports, the group of the export just done, groups so far) after each export.
Progress = Callable[[int, int, str, int], None]
#: Reads one source: its export, or a ``ParseError``.
Reader = Callable[[Source], ParsedExport]


@dataclass(frozen=True)
class StreamedAnalysis:
    """What ``analyse_exports`` found: the analysis of every readable export, and what could not be read."""

    analysis: Analysis | None  # None when no export could be read
    failures: tuple[tuple[int, ReadFailure], ...]  # (position among the sources, why), in source order
    duplicates: int  # records left out because overlapping exports of a group held them twice
    groups: tuple[str, ...]  # in order of first appearance


def analyse_exports(
    sources: Sequence[Source],
    profile: Profile | Mapping[str, Profile] | None = None,
    *,
    keep: Callable[[Analysis], Analysis] | None = None,
    progress: Progress | None = None,
    read: Reader = read_export,
) -> StreamedAnalysis:
    """Read and analyse the exports one group at a time and combine the groups' analyses.

    A group exported more than once (monthly exports that overlap) is analysed again from all its exports
    each time another one of it turns up; its earlier exports are read again rather than kept, so memory
    holds one group's records at a time. ``keep`` cuts each group's analysis down before it is kept (e.g.
    drops the tagger's reasons a report never shows).
    """
    positions: dict[str, list[int]] = {}  # group -> positions of its readable exports, in source order
    parts: dict[str, Analysis] = {}  # insertion order: the groups' first appearance
    duplicates: dict[str, int] = {}
    failures: list[tuple[int, ReadFailure]] = []
    for position, source in enumerate(sources):
        try:
            export = read(source)
        except ParseError as error:
            failures.append((position, ReadFailure(_display_name(source, position), error)))
            group = ""
        else:
            group = export.group
            earlier = positions.setdefault(group, [])
            exports = [read(sources[p]) for p in earlier] + [export]  # the group's exports in source order
            earlier.append(position)
            chat = merge_exports(exports)
            duplicates[group] = sum(len(e.frame) for e in exports) - len(chat)
            del exports, export
            if len(chat):
                analysed = analyse(chat, profile)
                parts[group] = keep(analysed) if keep is not None else analysed
            del chat
        if progress is not None:
            progress(position + 1, len(sources), group, len(parts))
    analysis = combine_analyses(list(parts.values())) if parts else None
    return StreamedAnalysis(analysis, tuple(failures), sum(duplicates.values()), tuple(parts))


def _display_name(source: Source, position: int) -> str:
    """The path as given, a file object's name, or "bestand 3" for bytes (as ``parsers.read_exports``)."""
    if isinstance(source, str | PurePath):
        return str(source)
    name = getattr(source, "name", None)
    return name if isinstance(name, str) and name else f"bestand {position + 1}"
