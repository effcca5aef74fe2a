"""The one Dutch way of writing values for people: numbers with a decimal comma, shares as %, minutes,
dates in Dutch order, month and weekday names (``dutch.toml``). The reports write every cell with
``format_value``; the dashboard's own units ("4 min", "2 u 05 min") build on the same pieces.
"""

from __future__ import annotations

import math
import tomllib
from functools import cache
from importlib import resources
from numbers import Number

import pandas as pd

#: How every date and time is written for people, in the reports and the dashboard (Dutch order).
DATE = "%d-%m-%Y"
DATE_TIME = "%d-%m-%Y %H:%M"


@cache
def _calendar() -> dict[str, dict[str, list[str]]]:
    return tomllib.loads(resources.files("presentation").joinpath("dutch.toml").read_text(encoding="utf-8"))


def month_names() -> list[str]:
    """ "januari" ... "december"."""
    return list(_calendar()["months"]["names"])


def short_month_names() -> list[str]:
    """ "jan" ... "dec"."""
    return list(_calendar()["months"]["short"])


def weekday_names() -> list[str]:
    """ "maandag" ... "zondag"."""
    return list(_calendar()["weekdays"]["names"])


def is_missing(value: object) -> bool:
    if value is None or value is pd.NaT:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def dutch_number(value: float, decimals: int, thousands: str = ".") -> str:
    """1234.5 as "1.234,5": a decimal comma and ``thousands`` between groups of three digits."""
    formatted = f"{value:,.{decimals}f}"  # 1,234.5
    return formatted.replace(",", "\u2009").replace(".", ",").replace("\u2009", thousands)


def format_value(value: object, kind: str = "text") -> str:
    """One cell as the reports show it; strings (like "<3") pass through unchanged."""
    if isinstance(value, str):
        return value
    if is_missing(value):
        return "–"
    if kind == "pct" and isinstance(value, Number):
        return f"{dutch_number(100 * float(value), 0)}%"
    if kind == "min" and isinstance(value, Number):
        return dutch_number(float(value), 0 if float(value) >= 10 or float(value).is_integer() else 1)
    if kind == "num" and isinstance(value, Number):
        return dutch_number(float(value), 1)
    if kind == "int" and isinstance(value, Number):
        return dutch_number(float(value), 0)
    if kind == "date" and isinstance(value, pd.Timestamp):
        return value.strftime(DATE)
    if kind == "datetime" and isinstance(value, pd.Timestamp):
        return value.strftime(DATE_TIME)
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, tuple | list):
        return ", ".join(map(str, value))
    if isinstance(value, float) and value.is_integer():
        return dutch_number(value, 0)
    if isinstance(value, float):
        return dutch_number(value, 1)
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
        return f"{sign}{dutch_number(abs(delta) * 100, 0)} %-punt"
    if kind in ("min", "num"):
        return f"{sign}{dutch_number(abs(delta), 1)}"
    return f"{sign}{dutch_number(abs(delta), 0)}"
