"""Dutch display of report values (decimal comma, %, minutes) and small-cell suppression."""

from __future__ import annotations

import math
from numbers import Number

import pandas as pd

from analysis.reports.texts import text

#: Counts below this describe too few incidents or members to publish (Effectiviteitsrapport).
MIN_CELL = 3


def is_missing(value: object) -> bool:
    if value is None or value is pd.NaT:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _number(value: float, decimals: int) -> str:
    formatted = f"{value:,.{decimals}f}"  # 1,234.5 -> 1.234,5
    return formatted.replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")


def format_value(value: object, kind: str = "text") -> str:
    """One cell as the reports show it; strings (like "<3") pass through unchanged."""
    if isinstance(value, str):
        return value
    if is_missing(value):
        return "–"
    if kind == "pct" and isinstance(value, Number):
        return f"{_number(100 * float(value), 0)}%"
    if kind == "min" and isinstance(value, Number):
        return _number(float(value), 0 if float(value) >= 10 or float(value).is_integer() else 1)
    if kind == "num" and isinstance(value, Number):
        return _number(float(value), 1)
    if kind == "int" and isinstance(value, Number):
        return _number(float(value), 0)
    if kind == "date" and isinstance(value, pd.Timestamp):
        return value.strftime("%d-%m-%Y")
    if kind == "datetime" and isinstance(value, pd.Timestamp):
        return value.strftime("%d-%m-%Y %H:%M")
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, tuple | list):
        return ", ".join(map(str, value))
    if isinstance(value, float) and value.is_integer():
        return _number(value, 0)
    if isinstance(value, float):
        return _number(value, 1)
    return str(value)


def format_change(now: object, before: object, kind: str) -> str:
    """ "+3", "−12%-punt", "–" for the change of a key figure against the previous month."""
    if is_missing(now) or is_missing(before) or isinstance(now, str) or isinstance(before, str):
        return "–"
    delta = float(now) - float(before)  # type: ignore[arg-type]
    if math.isclose(delta, 0.0, abs_tol=1e-9):
        return "0"
    sign = "+" if delta > 0 else "−"
    if kind == "pct":
        return f"{sign}{_number(abs(delta) * 100, 0)} %-punt"
    if kind in ("min", "num"):
        return f"{sign}{_number(abs(delta), 1)}"
    return f"{sign}{_number(abs(delta), 0)}"


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


def _hidden_range(value: object, line_floor: float) -> tuple[float, float] | None:
    """What a reader who knows the rules can tell of a hidden cell: "<3" is 1 or 2; a complementary
    "x" is at least 3 and, being the smallest shown cell when it was hidden, at most ``line_floor``."""
    if not isinstance(value, str):
        return None
    if value == text("charts", "small"):
        return (1.0, MIN_CELL - 1.0)
    if value == text("charts", "hidden"):
        return (float(MIN_CELL), line_floor)
    return None


def _is_count(value: object) -> bool:
    return isinstance(value, Number) and not isinstance(value, bool) and not is_missing(value)


def _pinned(cells: list[object], total: object) -> bool:
    """Whether ``total`` minus the shown cells leaves only one possible value for some hidden cell."""
    shown = [float(c) for c in cells if _hidden_range(c, math.inf) is None]
    floor = min((v for v in shown if v > 0), default=math.inf)
    hidden = [r for r in (_hidden_range(c, floor) for c in cells) if r is not None]
    rest = float(total) - sum(shown)  # type: ignore[arg-type]
    for i, (low, high) in enumerate(hidden):
        others = hidden[:i] + hidden[i + 1 :]
        least = max(low, rest - sum(h for _, h in others))
        most = min(high, rest - sum(lo for lo, _ in others))
        if most - least < 1:
            return True
    return False


def protect_line(cells: list[object], total: object) -> tuple[list[object], object]:
    """Complementary suppression of one line of counts that add up to ``total``.

    While ``total`` minus the shown cells would pin down a hidden cell ("<3"), the smallest shown
    non-zero cell is hidden as "x" too; when no such cell is left, the total itself is hidden (as is a
    total "<3" over two cells "<3"). A line whose total is hidden or missing, or with a missing cell,
    cannot be subtracted and stays as it is.
    """
    cells = list(cells)
    if not all(_is_count(c) or _hidden_range(c, 0) for c in cells):
        return cells, total
    if isinstance(total, str) and total == text("charts", "small"):  # "<3" over two "<3": both 1
        several = sum(isinstance(c, str) and c == total for c in cells) > 1
        return cells, text("charts", "hidden") if several else total
    if not _is_count(total):
        return cells, total
    while _pinned(cells, total):
        shown = [(float(c), i) for i, c in enumerate(cells) if _is_count(c) and float(c) > 0]  # type: ignore[arg-type]
        if not shown:
            return cells, text("charts", "hidden")
        cells[min(shown)[1]] = text("charts", "hidden")
    return cells, total


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
    changed = True
    while changed:  # hiding a cell for one line can expose a crossing line; suppression only grows
        changed = False
        for cells, total in lines:
            before = [shown.iat[k] for k in cells]
            after, after_total = protect_line(before, shown.iat[total])
            for k, old, new in zip(cells, before, after, strict=True):
                if new is not old:
                    shown.iat[k] = new
                    changed = True
            if after_total is not shown.iat[total]:
                shown.iat[total] = after_total
                changed = True
    return shown
