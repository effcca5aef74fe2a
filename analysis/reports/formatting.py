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
