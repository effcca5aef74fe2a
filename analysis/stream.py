"""Many exports analysed group by group, so that a hundred groups fit in memory and use every core.

``analyse(read_exports(...).frame)`` holds the parsed chat of every group, its tagged copy and every
intermediate at once: about 100 groups of 40,000 messages (a police region) would need tens of gigabytes.
Here each export is read and analysed alone, as its own group; a group exported more than once (monthly
exports that overlap) is then analysed again from all its exports, merged by ``parsers.merge_exports`` as
``read_exports`` does. Only each group's `Analysis` is kept (without the message columns in ``drop``), and
``analysis.combine.combine_analyses`` puts the groups together at the end: the result equals ``analyse`` of
all exports at once (``tests/analysis/test_combine.py``).

With ``workers`` above 1 the groups are analysed side by side in that many processes (started fresh, not
forked: the parent may hold threads). Peak memory is then one group's analysis at work per process plus
the kept results of all groups: mostly the messages table, about 250 bytes a message with the tagger's
reasons and 200 without.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, replace

from analysis import analyse
from analysis.combine import combine_analyses
from analysis.metrics import ProfileChoice
from analysis.model import Analysis
from parsers import ParsedExport, ParseError, ReadFailure, merge_exports, read_export
from parsers.merge import display_name
from parsers.source import Source

#: Told (steps done, all steps, the group of the step just done, groups so far) after each step: one step
#: per export, and one more per group that turns out to have several exports.
Progress = Callable[[int, int, str, int], None]
#: Reads one source: its export, or a ``ParseError``. Must be picklable (a module's function) with workers.
Reader = Callable[[Source], ParsedExport]


@dataclass(frozen=True)
class StreamedAnalysis:
    """What ``analyse_exports`` found: the analysis of every readable export, and what could not be read."""

    analysis: Analysis | None  # None when no export could be read
    failures: tuple[tuple[int, ReadFailure], ...]  # (position among the sources, why), in source order
    duplicates: int  # records left out because overlapping exports of a group held them twice
    groups: tuple[str, ...]  # in order of first appearance


@dataclass(frozen=True)
class _Done:
    """One step's result: the group of ``positions`` and its analysis, or why its one export failed."""

    positions: tuple[int, ...]
    group: str = ""
    analysis: Analysis | None = None
    duplicates: int = 0
    failure: ReadFailure | None = None


def _analyse_group(
    positions: tuple[int, ...],
    sources: Sequence[Source],
    profile: ProfileChoice,
    drop: Collection[str],
    read: Reader,
) -> _Done:
    """Read ``sources`` (one group's exports, in source order), merge and analyse them; runs in a worker."""
    try:
        exports = [read(source) for source in sources]
    except ParseError as error:
        return _Done(positions, failure=ReadFailure(display_name(sources[0], positions[0]), error))
    chat = merge_exports(exports)
    duplicates = sum(len(export.frame) for export in exports) - len(chat)
    group = exports[0].group
    del exports
    if not len(chat):
        return _Done(positions, group)
    analysis = analyse(chat, profile)
    if drop:
        analysis = replace(analysis, messages=analysis.messages.drop(columns=list(drop), errors="ignore"))
    return _Done(positions, group, analysis, duplicates)


def analyse_exports(
    sources: Sequence[Source],
    profile: ProfileChoice = None,
    *,
    drop: Collection[str] = (),
    progress: Progress | None = None,
    read: Reader = read_export,
    workers: int = 1,
) -> StreamedAnalysis:
    """Read and analyse the exports one group at a time (``workers`` at a time) and combine the groups.

    First every export is analysed alone; a group found in several exports is then analysed once more from
    all of them (its exports are read again rather than kept). ``drop`` names message columns no caller
    needs (e.g. the tagger's reasons a report never shows), left out as soon as a group is done.
    """
    drop = tuple(drop)
    done: dict[int, _Done] = {}  # by first position
    total = len(sources)

    def told(count: int, result: _Done) -> None:
        if progress is not None:
            progress(count, total, result.group, len({r.group for r in done.values() if r.analysis}))

    alone = [((p,), [source], profile, drop, read) for p, source in enumerate(sources)]
    for count, result in enumerate(_run(workers, alone), start=1):
        done[result.positions[0]] = result
        told(count, result)
    several = _groups_in_several(done)
    total += len(several)
    merged = [(positions, [sources[p] for p in positions], profile, drop, read) for positions in several]
    for count, result in enumerate(_run(workers, merged), start=len(sources) + 1):
        for position in result.positions[1:]:
            del done[position]
        done[result.positions[0]] = result
        told(count, result)
    ordered = [done[position] for position in sorted(done)]
    parts = [result for result in ordered if result.analysis is not None]
    failures = tuple((result.positions[0], result.failure) for result in ordered if result.failure)
    return StreamedAnalysis(
        combine_analyses([part.analysis for part in parts]) if parts else None,  # type: ignore[misc]
        failures,  # type: ignore[arg-type]
        sum(result.duplicates for result in ordered),
        tuple(part.group for part in parts),
    )


def _groups_in_several(done: Mapping[int, _Done]) -> list[tuple[int, ...]]:
    """The positions of every group read from more than one export, in source order."""
    positions: dict[str, list[int]] = {}
    for position in sorted(done):
        if done[position].failure is None:
            positions.setdefault(done[position].group, []).append(position)
    return [tuple(found) for found in positions.values() if len(found) > 1]


def _run(workers: int, steps: list[tuple]) -> Iterator[_Done]:
    """``_analyse_group(*step)`` for every step, results as they finish: here one after the other, or in
    ``workers`` fresh processes (spawned, not forked: a fork would copy the parent's threads)."""
    if workers <= 1 or len(steps) <= 1:
        yield from (_analyse_group(*step) for step in steps)
        return
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=min(workers, len(steps)), mp_context=context) as pool:
        futures = [pool.submit(_analyse_group, *step) for step in steps]
        try:
            for future in as_completed(futures):
                yield future.result()
        finally:
            for future in futures:
                future.cancel()
