"""Small-cell suppression of the reports ("<3", hidden cells). How values are written in Dutch is
``presentation.formatting``; its names are imported here too for the report modules that still ask here."""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from numbers import Number
from typing import TypeVar

import pandas as pd

from presentation.formatting import (  # noqa: F401 (the report builders import them from here too)
    DATE,
    DATE_TIME,
    format_change,
    format_value,
    is_missing,
)
from reports.texts import text

#: Counts below this describe too few incidents or members to publish (Effectiviteitsrapport).
MIN_CELL = 3

K = TypeVar("K")


def small(count: object) -> object:
    """A count of incidents or members, or "<3" when it is 1 or 2 (0 and missing stay as they are)."""
    if is_missing(count) or isinstance(count, str):
        return count
    return text("charts", "small") if 0 < float(count) < MIN_CELL else count  # type: ignore[arg-type]


def small_if_few(value: object, basis: object) -> object:
    """A rate or time computed from ``basis`` incidents or members: "<3" when that basis is 1 or 2."""
    if is_missing(basis):
        return value
    return text("charts", "small") if 0 < float(basis) < MIN_CELL else value  # type: ignore[arg-type]


@dataclass(frozen=True)
class Bounds:
    """A count the report never shows itself, whose share is hidden: the numerator (or the rest) of a
    hidden share is, for the reader, somewhere between ``low`` and ``high`` (its denominator)."""

    low: float
    high: float


def _hidden_range(value: object, line_floor: float) -> tuple[float, float] | None:
    """What a reader who knows the rules can tell of a hidden cell: "<3" is 1 or 2; a complementary
    "x" is at least 3 and, being the smallest shown cell when it was hidden, at most ``line_floor``;
    the numerator of a hidden share lies within its ``Bounds``."""
    if isinstance(value, Bounds):
        return (value.low, value.high)
    if not isinstance(value, str):
        return None
    if value == text("charts", "small"):
        return (1.0, MIN_CELL - 1.0)
    if value == text("charts", "hidden"):
        return (float(MIN_CELL), line_floor)
    return None


def _is_count(value: object) -> bool:
    return isinstance(value, Number) and not isinstance(value, bool) and not is_missing(value)


def _pinned(cells: list[object], total: tuple[float, float]) -> bool:
    """Whether a total between ``total`` (low, high) minus the shown cells leaves only one possible
    value for some hidden cell ("<3" or "x")."""
    shown = [float(c) for c in cells if _hidden_range(c, math.inf) is None]  # type: ignore[arg-type]
    floor = min((v for v in shown if v > 0), default=math.inf)
    hidden = [(r, isinstance(c, str)) for c in cells if (r := _hidden_range(c, floor)) is not None]
    low_rest, high_rest = total[0] - sum(shown), total[1] - sum(shown)
    for i, ((low, high), marked) in enumerate(hidden):
        if not marked:  # a share's hidden numerator: whether it is small only ``_audit`` knows
            continue
        others = [r for r, _ in hidden[:i] + hidden[i + 1 :]]
        least = max(low, low_rest - sum(h for _, h in others))
        most = min(high, high_rest - sum(lo for lo, _ in others))
        if most - least < 1:
            return True
    return False


def protect_line(
    cells: list[object],
    total: object,
    *,
    expendable: Sequence[bool] = (),
    total_expendable: bool = False,
) -> tuple[list[object], object]:
    """Complementary suppression of one line of counts that add up to ``total``.

    While ``total`` minus the shown cells would pin down a hidden cell ("<3"), the smallest shown
    non-zero cell is hidden as "x" too; when no such cell is left, the total itself is hidden (as is a
    total "<3" over two cells "<3"). A line whose total is hidden or missing, or with a missing cell,
    cannot be subtracted and stays as it is; a total known only within ``Bounds`` is used as such.
    Numbers that only a summary sentence gives (``expendable``, ``total_expendable``) go first: the
    sentence loses its number, the tables keep theirs.
    """
    cells = list(cells)
    spare = list(expendable) or [False] * len(cells)
    if not all(_is_count(c) or _hidden_range(c, 0) for c in cells):
        return cells, total
    if isinstance(total, str) and total == text("charts", "small"):  # "<3" over two "<3": both 1
        several = sum(isinstance(c, str) and c == total for c in cells) > 1
        return cells, text("charts", "hidden") if several else total
    if isinstance(total, Bounds):
        bounds = (total.low, total.high)
    elif _is_count(total):
        bounds = (float(total), float(total))  # type: ignore[arg-type]
    else:
        return cells, total
    while _pinned(cells, bounds):
        if total_expendable and _is_count(total) and float(total) > 0:  # type: ignore[arg-type]
            return cells, text("charts", "hidden")
        shown = [
            (not spare[i], float(c), i)  # type: ignore[arg-type]
            for i, c in enumerate(cells)
            if _is_count(c) and float(c) > 0  # type: ignore[arg-type]
        ]
        if not shown:
            positive = _is_count(total) and float(total) > 0  # type: ignore[arg-type]
            return cells, text("charts", "hidden") if positive else total
        cells[min(shown)[2]] = text("charts", "hidden")
    return cells, total


#: How often the reader's bounds are narrowed over all lines before the audit stops (a cap for cycles).
AUDIT_SWEEPS = 100


def protect_lines(
    values: Mapping[K, object],
    lines: Iterable[tuple[Sequence[K], K]],
    *,
    expendable: Collection[K] = (),
    shares: Mapping[K, tuple[K, K, K]] | None = None,
    unseen: Collection[K] = (),
) -> dict[K, object]:
    """Every value of ``values`` as published: counts of 1 or 2 as "<3", then complementary suppression
    ("x") until no hidden count can be worked out, first line by line (``protect_line`` on every line
    of cells that add up to a total, all keys of ``values``), then over all lines at once (``_audit``:
    what the line by line check misses because a reader combines lines). A cell shared by several
    lines (one count in several tables or sentences) is hidden in all of them at once. Suppression
    only grows, so this ends.

    ``shares`` maps a count the report never shows itself to the (numerator, rest, denominator) of the
    share that gives it away: while all three are shown the share gives the count exactly; once one of
    them is hidden the share is hidden and the reader knows the count only between 0 and the
    denominator (``Bounds``). ``unseen`` counts are never shown at all, but a reader can work them out
    from lines (the members at the start of a period, from those at its end, joins and leaves)."""
    shown = {key: small(value) for key, value in values.items()}
    share_of = dict(shares or {})

    def view(key: K) -> object:
        if key in unseen:
            return Bounds(0.0, math.inf)
        state = shown[key]
        triple = share_of.get(key)
        if triple is None or all(_is_count(shown[k]) for k in triple):
            return state
        whole = shown[triple[2]]
        if _is_count(whole):
            return Bounds(0.0, float(whole))  # type: ignore[arg-type]
        return Bounds(0.0, MIN_CELL - 1.0 if whole == text("charts", "small") else math.inf)

    work: list[tuple[list[K], K]] = []
    seen: set[tuple[tuple[K, ...], K]] = set()
    for cells, total in lines:
        if total not in cells and (tuple(cells), total) not in seen:
            seen.add((tuple(cells), total))
            work.append((list(cells), total))
    while True:
        changed = True
        while changed:
            changed = False
            for cells, total in work:
                before = [view(k) for k in cells]
                before_total = view(total)
                after, after_total = protect_line(
                    before,
                    before_total,
                    expendable=[k in expendable for k in cells],
                    total_expendable=total in expendable,
                )
                for key, old, new in zip(cells, before, after, strict=True):
                    if new is not old:
                        shown[key] = new
                        changed = True
                if after_total is not before_total:
                    shown[total] = after_total
                    changed = True
        more = _audit(values, work, view, expendable)
        if more is None:
            return shown
        shown[more] = text("charts", "hidden")


def _first_bounds(value: object, state: object) -> tuple[float, float] | None:
    """What a reader knows of one count before combining lines; None when it is missing."""
    if _is_count(state):
        return (float(state), float(state))  # type: ignore[arg-type]
    if state == text("charts", "small"):
        return (1.0, MIN_CELL - 1.0)
    if state == text("charts", "hidden"):  # a hidden cell is at least 3; a hidden total "<3" is not
        few = value == text("charts", "small") or (_is_count(value) and float(value) < MIN_CELL)  # type: ignore[arg-type]
        return (1.0 if few else float(MIN_CELL), math.inf)
    if isinstance(state, Bounds):
        return (0.0, math.inf)  # the line of the share (numerator + rest = denominator) bounds it
    return None


def _few(value: object) -> bool:
    """Whether a count is 1 or 2 (or was given as "<3")."""
    if isinstance(value, str):
        return value == text("charts", "small")
    return _is_count(value) and 0 < float(value) < MIN_CELL  # type: ignore[arg-type]


def _audit(
    values: Mapping[K, object],
    lines: list[tuple[list[K], K]],
    view: Callable[[K], object],
    expendable: Collection[K],
) -> K | None:
    """The reader of every line at once: bounds per count from what is shown, narrowed over all lines
    (each cell is at least the total minus the others' most and at most the total minus their least)
    until nothing changes. A count of 1 or 2 that is not shown but left with one possible value is
    pinned down; the count to hide next is a shown one in a line that narrowed it (a sentence's first,
    then the smallest), following the narrowing back through hidden counts. None when nothing is
    pinned."""
    states = {key: view(key) for key in values}
    bounds: dict[K, tuple[float, float]] = {}
    for key, state in states.items():
        first = _first_bounds(values[key], state)
        if first is not None:
            bounds[key] = first
    usable = [(cells, total) for cells, total in lines if all(k in bounds for k in (*cells, total))]
    narrowed_by: dict[K, set[int]] = {}
    for _ in range(AUDIT_SWEEPS):
        changed = False
        for index, (cells, total) in enumerate(usable):
            current = [bounds[k] for k in cells]
            low_sum, high_sum = sum(b[0] for b in current), sum(b[1] for b in current)
            updates = [(total, low_sum, high_sum)]
            low_total, high_total = bounds[total]
            for key, (low, high) in zip(cells, current, strict=True):
                others_high = (
                    high_sum - high
                    if high < math.inf
                    else sum(b[1] for k, b in zip(cells, current, strict=True) if k != key)
                )
                updates.append((key, low_total - others_high, high_total - (low_sum - low)))
            for key, low, high in updates:
                old_low, old_high = bounds[key]
                new = (
                    max(old_low, math.ceil(low - 1e-9)) if low > -math.inf else old_low,
                    min(old_high, math.floor(high + 1e-9)) if high < math.inf else old_high,
                )
                if new != (old_low, old_high):
                    bounds[key] = new
                    narrowed_by.setdefault(key, set()).add(index)
                    changed = True
        if not changed:
            break
    pinned = [
        k for k in bounds if not _is_count(states[k]) and bounds[k][0] == bounds[k][1] and _few(values[k])
    ]
    for key in pinned:
        visited, queue = {key}, [key]
        while queue:
            for index in sorted(narrowed_by.get(queue.pop(0), ())):
                cells, total = usable[index]
                members = [*cells, total]
                candidates = [
                    (k not in expendable, float(states[k]), i)  # type: ignore[arg-type]
                    for i, k in enumerate(members)
                    if _is_count(states[k]) and float(states[k]) > 0  # type: ignore[arg-type]
                ]
                if candidates:
                    return members[min(candidates)[2]]
                marked = [k for k in (total, *cells) if states[k] == text("charts", "small")]
                if marked:  # a "<3" hidden as "x" says less: it may be any count
                    return min(marked, key=lambda k: k not in expendable)
                for k in members:
                    if k not in visited and k in narrowed_by:
                        visited.add(k)
                        queue.append(k)
    return None


def protect_margins(frame: pd.DataFrame, *, total_row: bool, total_column: bool) -> pd.DataFrame:
    """A copy of a table of counts (with "<3") whose last row and/or last column is the total of the
    others, with complementary suppression on every row and column until no "<3" can be recomputed."""
    shown = frame.astype(object).copy()
    n_rows, n_columns = shown.shape
    lines: list[tuple[list[tuple[int, int]], tuple[int, int]]] = []
    if total_row:
        lines += [([(r, c) for r in range(n_rows - 1)], (n_rows - 1, c)) for c in range(n_columns)]
    if total_column:
        lines += [([(r, c) for c in range(n_columns - 1)], (r, n_columns - 1)) for r in range(n_rows)]
    cells = {(r, c): shown.iat[r, c] for r in range(n_rows) for c in range(n_columns)}
    for (r, c), value in protect_lines(cells, lines).items():
        shown.iat[r, c] = value
    return shown


def hidden_if(value: object, basis: Iterable[object]) -> object:
    """A figure computed from counts (a rate, a share, incidents per month) as published: the mark of
    its first hidden count ("<3" before "x"), so a rate never gives back a count the tables hide;
    otherwise the value itself."""
    marks = [b for b in basis if isinstance(b, str)]
    if not marks:
        return value
    return text("charts", "small") if text("charts", "small") in marks else marks[0]
